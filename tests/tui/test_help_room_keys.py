"""The help's room keys say what ctrl+f and ctrl+n do in a team walk."""

from __future__ import annotations

from classwalk.tui.screens.help import help_markdown


def _section(title: str) -> str:
    text = help_markdown()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def _row(section: str, key: str) -> str:
    return next(line for line in section.splitlines() if line.startswith(f"| `{key}`"))


def test_the_room_keys_explain_following_a_teammate_and_who_next_room_moves():
    room = _section("In a classroom")
    follow = _row(room, "ctrl+f")
    assert "follow the teammate" in follow and "room they are in now" in follow
    next_room = _row(room, "ctrl+n")
    assert "only you move" in next_room and "facilitator" in next_room and "whole team" in next_room


def test_coding_in_intervals_keeps_its_own_next_room_words():
    """The interval grid moves only its observer: no team choice is promised there."""
    assert "facilitator" not in _row(_section("Coding in intervals"), "ctrl+n")
