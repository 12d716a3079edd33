"""The command line speaks words, not ids, and offers each command only the options it uses."""

from __future__ import annotations

import datetime as dt

from classwalk.cli import main
from classwalk.tui.screens.help import help_markdown, key_name
from tests.reports.report_tools import WalkMaker


def test_walks_shows_a_walks_state_in_words(classwalk, capsys):
    maker = WalkMaker("North Park", dt.date(2026, 10, 5))
    maker.visit("N1", ())
    classwalk.store.save_many(maker.records)
    assert main(["--db", str(classwalk.db_path), "walks"]) == 0
    out = capsys.readouterr().out
    assert "in progress" in out and "in_progress" not in out


def test_a_commands_help_leaves_out_options_that_only_open_the_ui(classwalk, capsys):
    assert main(["--db", str(classwalk.db_path), "feedback", "--help"]) == 0
    assert "--only-school" not in capsys.readouterr().out
    assert main(["--db", str(classwalk.db_path), "walks", "--only-school", "North Park"]) == 2
    assert "No such option '--only-school'" in capsys.readouterr().err


def test_the_help_writes_keys_as_they_are_typed():
    assert key_name("slash") == "/" and key_name("ctrl+up") == "ctrl+↑"
    assert "`slash`" not in help_markdown()
