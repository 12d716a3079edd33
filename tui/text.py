"""Checking what an observer typed before it is saved: one clear message, never a traceback."""

from __future__ import annotations

from classwalk.core.text import (  # one set of rules for every front end and the API
    KEPT_CONTROLS, MAX_FIELD_LENGTH, MAX_NOTE_LENGTH, TextProblem, clean_text, strip_controls,
)

__all__ = ["KEPT_CONTROLS", "MAX_FIELD_LENGTH", "MAX_NOTE_LENGTH", "TextProblem", "clean_text", "strip_controls"]
