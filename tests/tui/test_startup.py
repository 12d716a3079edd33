"""Start-up stays light: the app module loads no screen but home, and bare ``classwalk`` skips the CLI."""

from __future__ import annotations

from classwalk.tui.__main__ import main, ui_only


def test_only_a_bare_call_db_or_observer_skips_the_cli():
    assert ui_only([]) == (True, {})
    assert ui_only(["--db", "w.db"]) == (True, {"--db": "w.db"})
    assert ui_only(["--db=w.db"]) == (True, {"--db": "w.db"})
    assert ui_only(["--observer", "Ana", "--db=w.db"]) == (True, {"--observer": "Ana", "--db": "w.db"})
    assert ui_only(["--db", "w.db", "--observer=Ben Ortiz"]) == (True, {"--db": "w.db", "--observer": "Ben Ortiz"})
    assert ui_only(["--db"]) == (False, {})
    assert ui_only(["--db", "--help"]) == (False, {})
    assert ui_only(["--db", "a.db", "--db", "b.db"]) == (False, {})
    assert ui_only(["--observer"]) == (False, {})
    assert ui_only(["walks"]) == (False, {})
    assert ui_only(["--db", "w.db", "walks"]) == (False, {})


def test_a_blank_observer_is_one_line_not_a_traceback(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "w.db"), "--observer", " "]) == 2
    err = capsys.readouterr().err
    assert "--observer" in err and "empty" in err and "Traceback" not in err and err.count("\n") == 1


def test_the_observer_option_reaches_the_app(tmp_path, monkeypatch):
    import classwalk.tui.app as app_module

    seen = {}

    class Recorder:
        def __init__(self, classwalk, *, observer=None, school=None):
            seen["observer"] = observer
            if school is not None:
                seen["school"] = school

        def run(self):
            seen["ran"] = True

        @property
        def data(self):  # what the run closes after the app (its database thread)
            return self

        def close(self):
            pass

    monkeypatch.setattr(app_module, "ClasswalkApp", Recorder)
    assert main(["--db", str(tmp_path / "w.db"), "--observer", "  Ana Ruiz "]) == 0
    assert seen == {"observer": "Ana Ruiz", "ran": True}
    seen.clear()
    from classwalk.cli import main as cli_main
    from classwalk.tui.__main__ import open_ui

    assert cli_main(["--observer", "Ben", "--db", str(tmp_path / "w.db")], open_ui=open_ui) == 0
    assert seen == {"observer": "Ben", "ran": True}
    seen.clear()
    assert main(["--db", str(tmp_path / "w.db"), "--observer", "Ana", "--only-school", "Lincoln Middle"]) == 0
    assert seen == {"observer": "Ana", "school": "Lincoln Middle", "ran": True}


def test_a_folder_as_database_is_one_line_not_a_traceback(tmp_path, capsys):
    assert main(["--db", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("classwalk: error:") and "is a folder" in err and "Traceback" not in err
