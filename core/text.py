"""Small helpers for showing stored or file text inside other text, and on a terminal.

Text an observer typed, a bundle brought in or a protocol file declared may hold
characters a terminal obeys instead of showing: escape sequences (``ESC]52;…`` writes
the clipboard, ``ESC]2;…`` the window title, ``ESC[2J`` clears the screen), other C0
and C1 controls, and bidirectional overrides that make text read differently than it
is stored. :func:`visible` is the one place that turns each of them into a visible
escape (``\\x1b``, ``\\u202e``); the CLI, error messages and the terminal UI all use it.
"""

from __future__ import annotations

import re

# C0 controls (newline and tab are handled by ``lines``), DEL and C1 controls; the Arabic
# letter mark, zero-width and direction marks, line/paragraph separators, bidi embeddings,
# overrides and isolates, word joiner and invisible operators, the byte-order mark,
# interlinear annotation controls; lone surrogates (which cannot even be encoded).
_HOSTILE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff"
)
_ONE_LINE = re.compile(f"[\n\t{_HOSTILE}]")
_LINES = re.compile(f"[{_HOSTILE}]")


def _escape(found: re.Match) -> str:
    code = ord(found.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(found: re.Match) -> str:
    return f"\\u{ord(found.group(0)):04x}"


def visible(text: object, *, lines: bool = False) -> str:
    """``text`` with every control, format and bidi character shown as an escape.

    With ``lines`` newlines and tabs stay as they are (multi-line output such as a
    report); otherwise they are escaped too, so the result is one line.
    """
    return (_LINES if lines else _ONE_LINE).sub(_escape, str(text))


def visible_json(text: str) -> str:
    """JSON text with those characters written as ``\\uXXXX``: the same data, safe to show.

    In JSON text such characters can only stand inside strings, where ``\\uXXXX`` is an
    escape every JSON reader decodes back to the original character.
    """
    return _LINES.sub(_json_escape, text)


def _picture(found: re.Match) -> str:
    code = ord(found.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL...
    return "\u2421" if code == 0x7F else "\ufffd"


def pictured(text: str) -> str:
    """``text`` with each such character (newline and tab too) as one visible symbol.

    One character for one, so an editable field keeps its cursor where it was; used where
    the text stays editable and an escape of several characters would not fit.
    """
    return _ONE_LINE.sub(_picture, text)


def is_visible(text: str, *, lines: bool = False) -> bool:
    """True when ``text`` holds nothing :func:`visible` would escape."""
    return (_LINES if lines else _ONE_LINE).search(text) is None


def shorten(text: str, length: int) -> str:
    """``text`` on one line, cut to ``length`` characters with an ellipsis if longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 room``, ``2 rooms``, ``0 notes``: a count with its noun agreeing (``many`` if irregular)."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


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
