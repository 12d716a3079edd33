"""The tests of tests/safety/test_terminal_text.py that start other processes."""

from __future__ import annotations
from tests.safety.hostile_text import PIECES, HostileWorld, assert_no_raw_controls


def test_real_terminal_bytes_hold_no_escape(tmp_path, classwalk_child, child_env):
    """The bytes a child process writes, through the installed entry point's path."""
    text = "Escola " + "".join(PIECES) + " fim"
    world = HostileWorld(tmp_path, text)
    child_env["CLASSWALK_PROTOCOL_PATH"] = str(world.protocols)
    for args in (["walks"], ["report", "walk", world.walk.id[:8]], ["export", text], ["protocols"],
                 ["protocols", "show", "hostile"], ["export", world.walk.id[:8], "--format", "csv"]):
        result = classwalk_child("--db", world.db_path, *args)
        assert result.returncode in (0, 1), result.stderr
        assert_no_raw_controls(result.stdout, f"stdout of {args}")
        assert_no_raw_controls(result.stderr, f"stderr of {args}")
        assert "\\x1b" in result.stdout + result.stderr  # shown, not dropped
