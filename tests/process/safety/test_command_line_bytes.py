"""Arguments that are not UTF-8, and a closed standard output, in one line each.

Bytes a UTF-8 terminal cannot have typed (``$'caf\\xe9'`` from a Latin-1 script) used to
end 8 commands with exit 70 "unexpected error, please report it"; now every command
refuses them as a usage error (exit 2) naming the argument. ``classwalk walks >&-`` used
to exit 0 having written nothing; now it says the output cannot be written and exits 1.
"""

from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest

from classwalk.cli import cli, main

LATIN_1 = "caf\udce9"  # how Python hands over the byte 0xE9 that is not UTF-8


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += _command_paths(command, (*prefix, name))
    return paths


COMMANDS = _command_paths(cli)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_refuses_an_argument_that_is_not_utf8(tmp_path, capsys, command):
    db_path = tmp_path / "walks.db"
    code = main(["--db", str(db_path), *command, LATIN_1])
    out, err = capsys.readouterr()
    assert code == 2, (code, err)
    assert out == "" and err.count("\n") == 1, err
    assert f"argument {len(command) + 3} 'caf\\xe9' is not UTF-8 text" in err, err
    assert "unexpected" not in err
    assert not db_path.exists(), "the database was opened for an unreadable command line"


def _child(args: list[bytes], tmp_path, **options) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.run([sys.executable, "-m", "classwalk.tui", *args], env=env, cwd=tmp_path,
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=60, **options)


@pytest.mark.parametrize("args", [
    [b"walks", b"--school", b"caf\xe9"],
    [b"feedback", b"teacher", b"Mr. Mu\xf1oz"],
    [b"--observer", b"Jos\xe9"],  # would open the UI
    [b"--db", b"caf\xe9.db"],  # would open the UI
], ids=["walks", "feedback", "ui observer", "ui db"])
def test_real_bytes_on_the_command_line_are_a_usage_error(tmp_path, args):
    result = _child([b"--db", b"walks.db", *args] if args[0] != b"--db" else args, tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2, (result.returncode, err)
    assert err.count("\n") == 1 and "is not UTF-8 text" in err and "\\x" in err, err
    assert not (tmp_path / "walks.db").exists()


def _closed_stdout():
    os.close(1)


@pytest.mark.parametrize("args", [["walks"], ["protocols"], ["--help"], []], ids=["walks", "protocols", "help", "ui"])
def test_a_closed_stdout_is_one_line_and_exit_1(tmp_path, args):
    result = subprocess.run(
        [sys.executable, "-m", "classwalk.tui", "--db", "walks.db", *args], cwd=tmp_path,
        env=dict(os.environ), stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60,
        preexec_fn=_closed_stdout,
    )
    err = result.stderr.decode()
    assert result.returncode == 1, (result.returncode, err)
    assert err.count("\n") == 1 and "cannot write the output: standard output is closed" in err, err


def test_a_command_that_writes_only_a_file_still_works_with_stdout_closed(tmp_path):
    assert subprocess.run([sys.executable, "-m", "classwalk.tui", "--db", "walks.db", "demo"], cwd=tmp_path,
                          capture_output=True, timeout=120).returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "classwalk.tui", "--db", "walks.db", "report", "district", "-o", "district.md"],
        cwd=tmp_path, env=dict(os.environ), stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60,
        preexec_fn=_closed_stdout,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "district.md").read_text().strip()
