"""Start-up stays light: the app module loads no screen but home, and bare ``classwalk`` skips the CLI."""

from __future__ import annotations

import subprocess
import sys

from classwalk.tui.__main__ import main, ui_only

HEAVY = ("classwalk.tui.screens.visit", "classwalk.tui.screens.new_walk", "classwalk.tui.screens.debrief",
         "classwalk.tui.screens.protocols", "classwalk.cli", "classwalk.features.export")


def test_importing_the_app_loads_no_other_screen_nor_the_cli():
    code = ("import sys, classwalk.tui.app, classwalk.tui.screens.home; "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_only_a_bare_call_or_db_skips_the_cli():
    assert ui_only([]) == (True, None)
    assert ui_only(["--db", "w.db"]) == (True, "w.db")
    assert ui_only(["--db=w.db"]) == (True, "w.db")
    assert ui_only(["--db"]) == (False, None)
    assert ui_only(["--db", "--help"]) == (False, None)
    assert ui_only(["walks"]) == (False, None)
    assert ui_only(["--db", "w.db", "walks"]) == (False, None)


def test_a_folder_as_database_is_one_line_not_a_traceback(tmp_path, capsys):
    assert main(["--db", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("classwalk: error:") and "is a folder" in err and "Traceback" not in err
