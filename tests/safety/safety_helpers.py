"""Helpers shared by the crash-safety and bad-input tests."""

from __future__ import annotations

from pathlib import Path

from classwalk.core.errors import ClasswalkError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def assert_one_line_error(error: BaseException) -> None:
    """A refusal the user can read: a ClasswalkError whose message is one non-empty line."""
    assert isinstance(error, ClasswalkError), f"{type(error).__name__}: {error}"
    message = str(error)
    assert message.strip(), "empty error message"
    assert "\n" not in message and "\r" not in message, f"multi-line error: {message!r}"
