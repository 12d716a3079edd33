"""The tests of tests/tui/test_startup.py that start other processes."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("classwalk.tui.screens.visit", "classwalk.tui.screens.new_walk", "classwalk.tui.screens.debrief",
         "classwalk.tui.screens.protocols", "classwalk.cli", "classwalk.features.outputs.export")


def test_importing_the_app_loads_no_other_screen_nor_the_cli():
    code = ("import sys, classwalk.tui.app, classwalk.tui.screens.home; "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
