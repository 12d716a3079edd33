"""Checking what an observer typed before it is saved: one clear message, never a traceback."""

from __future__ import annotations

from classwalk.core.text import (  # one set of rules for every front end and the API
    KEPT_CONTROLS, MAX_FIELD_LENGTH, MAX_NOTE_LENGTH, TextProblem, clean_text, strip_controls,
)

from classwalk.core.records.names import NameProblem, check_name

__all__ = ["KEPT_CONTROLS", "MAX_FIELD_LENGTH", "MAX_NOTE_LENGTH", "TextProblem", "clean_name", "clean_text",
           "strip_controls"]


def clean_name(text: str, what: str, max_length: int = MAX_FIELD_LENGTH, required: bool = True) -> str:
    """A name or label as :func:`clean_text` cleans it, then held to the rule for names
    (:func:`classwalk.core.records.names.check_name`: one line, nothing invisible, NFC)."""
    cleaned = clean_text(text, what, max_length, required)
    try:
        return check_name(what, cleaned, max_length)
    except NameProblem as problem:
        raise TextProblem(str(problem)) from None
