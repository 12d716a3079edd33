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

# C0 controls (newline and tab are handled by ``lines``), DEL and C1 controls; every format
# character (Unicode category Cf: the soft hyphen, Arabic number signs, the Mongolian vowel
# separator, zero-width and direction marks, bidi embeddings, overrides and isolates, word
# joiner and invisible operators, the byte-order mark, interlinear annotation controls,
# shorthand format controls, musical symbol formatting, tag characters); line and paragraph
# separators; the other code points Unicode asks to be drawn as nothing ("default
# ignorable": the combining grapheme joiner, Hangul fillers, Khmer inherent vowels,
# Mongolian free variation selectors, reserved tags); lone surrogates (which cannot even be
# encoded). Variation selectors (U+FE00-U+FE0F, U+E0100-U+E01EF) are not among them: they
# only choose how the character before them is drawn (the colour form of an emoji).
_HOSTILE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890-\u0891\u08e2\u115f-\u1160\u17b4-\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e00ff\U000e01f0-\U000e0fff"
)
_ONE_LINE = re.compile(f"[\n\t{_HOSTILE}]")
_LINES = re.compile(f"[{_HOSTILE}]")


def _escape(found: re.Match) -> str:
    code = ord(found.group(0))
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(found: re.Match) -> str:
    code = ord(found.group(0))
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes a character beyond U+FFFF as its UTF-16 surrogate pair
    return f"\\u{0xd800 + (code >> 10):04x}\\u{0xdc00 + (code & 0x3ff):04x}"


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


def argument_problem(args: list[str]) -> str | None:
    """Why a command line cannot be read (an argument that is not UTF-8 text), or None.

    Python keeps each byte it cannot decode as a lone surrogate (U+DC80-U+DCFF); such text
    can be neither stored nor printed, so it is refused before anything runs.
    """
    for number, arg in enumerate(args, 1):
        if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in arg):
            continue
        shown = "".join(f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF else ch for ch in arg)
        return (f"argument {number} '{visible(shown)}' is not UTF-8 text: type it again (is the "
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
