"""``--db`` may come before or after the command, at any depth: what a newcomer types works."""

from __future__ import annotations

import pytest

from classwalk.cli import main
from classwalk.features.demo.school import SCHOOL


@pytest.fixture
def demo_db(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


@pytest.mark.parametrize("args", [
    ["--db", "{db}", "walks"], ["walks", "--db", "{db}"], ["walks", "--db={db}"],
    ["walks", "--status", "closed", "--db", "{db}"], ["walks", "--db", "{db}", "--status", "closed"],
])
def test_walks_reads_the_database_given_anywhere(demo_db, capsys, args):
    status = ["--status", "closed"] if "closed" in args else []
    assert main(["--db", str(demo_db), "walks", *status]) == 0
    expected = capsys.readouterr().out
    assert main([a.replace("{db}", str(demo_db)) for a in args]) == 0
    assert capsys.readouterr().out == expected
    assert SCHOOL in expected


def test_the_database_after_the_command_is_the_one_used(demo_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CLASSWALK_DB", str(tmp_path / "other.db"))
    assert main(["walks"]) == 0
    assert "no walks yet" in capsys.readouterr().out
    assert main(["walks", "--db", str(demo_db)]) == 0
    listed = capsys.readouterr().out
    assert "no walks yet" not in listed and len(listed.splitlines()) >= 3


def test_nested_commands_take_it_too(demo_db, capsys):
    assert main(["walks", "--db", str(demo_db)]) == 0
    walk = capsys.readouterr().out.split()[0]
    for args in (["report", "walk", walk, "--db", str(demo_db)], ["report", "--db", str(demo_db), "walk", walk],
                 ["protocols", "show", "downey", "--db", str(demo_db)], ["cycles", "--db", str(demo_db)]):
        assert main(args) == 0, args
        assert capsys.readouterr().out


def test_after_the_command_wins_over_before(demo_db, tmp_path, capsys):
    empty = tmp_path / "empty.db"
    assert main(["--db", str(empty), "walks", "--db", str(demo_db)]) == 0
    assert "no walks yet" not in capsys.readouterr().out


def test_a_missing_value_is_one_line(capsys):
    assert main(["walks", "--db"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--db" in err


def test_help_of_a_command_shows_it(capsys):
    assert main(["walks", "--help"]) == 0
    assert "--db" in capsys.readouterr().out
