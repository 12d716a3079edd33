"""A real terminal (tmux): hostile text neither sets the clipboard nor the title nor clears it.

A control pane prints the same sequences raw first, to show this tmux obeys them; then the
terminal UI and ``classwalk walks`` show a database full of them. Skipped without tmux.
"""

from __future__ import annotations

import time

import pytest
from tests.safety.hostile_text import PIECES, HostileWorld
from tests.support.terminal import CLASSWALK, Terminal, needs_tmux

pytestmark = needs_tmux


@pytest.fixture
def tmux():
    terminal = Terminal(120, 30)
    terminal.clipboard = lambda: terminal.tmux("set-option", "-s", "set-clipboard", "on")
    yield terminal
    terminal.kill_server()


def test_hostile_text_is_shown_not_obeyed(tmp_path, tmux):
    text = "Escola " + "".join(PIECES[:5]) + " fim"
    world = HostileWorld(tmp_path, text)
    env = f"env CLASSWALK_PROTOCOL_PATH={world.protocols} CLASSWALK_DB={world.db_path}"

    tmux.run(session="control", command=r"sleep 1; printf 'raw\033]52;c;aGk=\007\033]2;owned\007'; sleep 30")
    tmux.clipboard()  # a server option: the server may be new
    tmux.wait_for("raw", session="control")
    time.sleep(0.3)
    assert tmux.title("control") == "owned" and tmux.buffers() == 1, "this tmux does not obey OSC 2/52"
    tmux.tmux("kill-session", "-t", "control")
    tmux.tmux("delete-buffer")

    tmux.run(session="ui", command=f"exec {env} {CLASSWALK}")
    tmux.clipboard()  # a server option: the server may be new
    screen = tmux.wait_for("\\x1b]52", session="ui")
    assert "Recent walks" in screen
    tmux.run(session="cli", command=f"{env} {CLASSWALK} walks; sleep 30")
    tmux.clipboard()  # a server option: the server may be new
    screen = tmux.wait_for("fim  downey", session="cli")
    assert "Escola \\x1b]52" in screen
    for pane in ("ui", "cli"):
        assert tmux.title(pane) != "owned", pane
    assert tmux.buffers() == 0, "the clipboard was written"
    tmux.tmux("send-keys", "-t", "ui", "q")
