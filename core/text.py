"""Small helpers for words in messages (counts, shortened text, command-line arguments) and for
checking what an observer typed before it is saved. Making text safe for a terminal, a
Markdown file or a CSV cell is :mod:`classwalk.core.escape`.
"""

from __future__ import annotations

from classwalk.core.escape import for_terminal


def shorten(text: str, length: int) -> str:
    """``text`` on one line, cut to ``length`` characters with an ellipsis if longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 room``, ``2 rooms``, ``0 notes``: a count with its noun agreeing (``many`` if irregular)."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def argument_problem(args: list[str]) -> str | None:
    """Why a command line cannot be read (an argument that is not UTF-8 text), or None.

    Python keeps each byte it cannot decode as a lone surrogate (U+DC80-U+DCFF); such text
    can be neither stored nor printed, so it is refused before anything runs.
    """
    for number, arg in enumerate(args, 1):
        if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in arg):
            continue
        shown = "".join(f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF else ch for ch in arg)
        return (f"argument {number} '{for_terminal(shown)}' is not UTF-8 text: type it again (is the "
                "terminal set to UTF-8?)")
    return None


# what an observer typed, checked before it is saved (every front end, the API included)

MAX_NOTE_LENGTH = 4000
MAX_FIELD_LENGTH = 200
KEPT_CONTROLS = {"\n", "\t"}


class TextProblem(ValueError):
    """Typed text that cannot be saved as it is; the message is shown to the observer."""


def strip_controls(text: str) -> str:
    """``text`` without control characters (newline and tab are kept); emoji and all scripts stay."""
    import unicodedata

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
