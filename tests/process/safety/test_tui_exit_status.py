"""After any unexpected crash the terminal UI exits with a non-zero status, never 0."""

from __future__ import annotations

import pytest
from textual.app import App

from classwalk.cli import main as cli_main
from classwalk.tui import app as tui_app
from classwalk.tui.__main__ import main, open_ui
from classwalk.tui.screens.home import HomeScreen


@pytest.fixture
def headless(monkeypatch):
    """Run the real app without a terminal."""
    monkeypatch.setattr(tui_app.ClasswalkApp, "run", lambda self, **kw: App.run(self, headless=True, **kw))


@pytest.fixture
def crashing_home(monkeypatch, headless):
    def crash(self):
        raise RuntimeError("a fault in the home screen")

    monkeypatch.setattr(HomeScreen, "on_mount", crash, raising=False)


def test_a_crash_inside_the_app_exits_non_zero(tmp_path, crashing_home, capsys):
    assert main(["--db", str(tmp_path / "walks.db")]) != 0
    assert main(["--db", str(tmp_path / "walks.db"), "--observer", "Ana"]) != 0


def test_a_crash_through_the_cli_path_exits_non_zero(tmp_path, crashing_home, capsys):
    assert cli_main(["--db", str(tmp_path / "walks.db")], open_ui=open_ui) != 0


def test_a_crash_before_the_app_starts_is_one_line_and_non_zero(tmp_path, monkeypatch, capsys):
    def broken(self, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(tui_app.ClasswalkApp, "run", broken)
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "walks.db")]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Input/output error" in err


def test_a_clean_quit_exits_zero(tmp_path, monkeypatch, headless):
    monkeypatch.setattr(HomeScreen, "on_mount", lambda self: self.app.exit(), raising=False)
    assert main(["--db", str(tmp_path / "walks.db")]) == 0
