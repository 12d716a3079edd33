"""Output that cannot be written: a full device is one line, a reader that went away a quiet exit."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from classwalk.cli import main

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("out") / "walks.db"
    assert main(["--db", str(path), "demo"]) == 0
    return path


def _classwalk(*args) -> list[str]:
    return [sys.executable, "-m", "classwalk.tui", *map(str, args)]


@pytest.mark.parametrize("args", [["walks"], ["protocols", "export", "downey"], ["report", "district"],
                                  ["protocols"], ["--help"]])
def test_a_full_device_on_stdout_is_one_line(demo_db, child_env, args):
    with open("/dev/full", "w") as full:
        result = subprocess.run(_classwalk("--db", demo_db, *args), stdout=full, stderr=subprocess.PIPE,
                                text=True, env=child_env, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "cannot write the output" in result.stderr, result.stderr


@pytest.mark.parametrize("args", [["walks"], ["protocols", "export", "downey"], ["report", "district"]])
def test_a_closed_pipe_ends_quietly(demo_db, child_env, args):
    process = subprocess.Popen(_classwalk("--db", demo_db, *args), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=child_env)
    process.stdout.close()  # the reader goes away before anything is written (| head -0)
    _out, err = process.communicate(timeout=60)
    assert process.returncode in (0, 141), err
    assert err == b"", err


def test_a_full_device_on_stderr_never_crashes(demo_db, child_env):
    with open("/dev/full", "w") as full:
        result = subprocess.run(_classwalk("--db", demo_db, "export", "nope"), stdout=subprocess.PIPE,
                                stderr=full, text=True, env=child_env, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
