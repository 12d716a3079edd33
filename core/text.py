"""Small helpers for showing an observer's text inside other text."""

from __future__ import annotations


def shorten(text: str, length: int) -> str:
    """``text`` on one line, cut to ``length`` characters with an ellipsis if longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 room``, ``2 rooms``, ``0 notes``: a count with its noun agreeing (``many`` if irregular)."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"
