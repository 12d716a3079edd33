"""Checking what an observer typed before it is saved: one clear message, never a traceback."""

from __future__ import annotations

import unicodedata

from classwalk.core.names import NameProblem, check_name

MAX_NOTE_LENGTH = 4000
MAX_FIELD_LENGTH = 200
KEPT_CONTROLS = {"\n", "\t"}


class TextProblem(ValueError):
    """Typed text that cannot be saved as it is; the message is shown to the observer."""


def strip_controls(text: str) -> str:
    """``text`` without control characters (newline and tab are kept); emoji and all scripts stay."""
    return "".join(
        ch for ch in text
        if ch in KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs")
    )


def clean_text(text: str, what: str, max_length: int = MAX_FIELD_LENGTH, required: bool = True) -> str:
    """``text`` stripped of control characters and outer spaces, or a TextProblem saying why not."""
    cleaned = strip_controls(text or "").strip()
    if required and not cleaned:
        raise TextProblem(f"{what} is empty: type something first")
    if len(cleaned) > max_length:
        raise TextProblem(f"{what} is {len(cleaned)} characters long; the most is {max_length}")
    return cleaned


def clean_name(text: str, what: str, max_length: int = MAX_FIELD_LENGTH, required: bool = True) -> str:
    """A name or label as :func:`clean_text` cleans it, then held to the rule for names
    (:func:`classwalk.core.names.check_name`: one line, nothing invisible, NFC)."""
    cleaned = clean_text(text, what, max_length, required)
    try:
        return check_name(what, cleaned, max_length)
    except NameProblem as problem:
        raise TextProblem(str(problem)) from None
