"""Text made safe for where it goes: one function for each place, named for it.

- :func:`for_terminal` (and :func:`json_for_terminal`, :func:`for_editable_field`): text a
  terminal would obey instead of showing — escape sequences (``ESC]52;…`` writes the
  clipboard, ``ESC]2;…`` the window title, ``ESC[2J`` clears the screen), other C0 and C1
  controls, bidirectional overrides that make text read differently than it is stored,
  and characters drawn as nothing — each shown as a visible escape (``\\x1b``,
  ``\\u202e``). The CLI, error messages and the terminal UI all use it; the terminal UI
  also keeps such text from being read as Textual markup (:mod:`classwalk.tui.literal`).
- :func:`for_markdown_cell`: a value as one cell of a Markdown table in a file.
- :func:`for_csv`: a CSV cell a spreadsheet would run as a formula, written as text.

Files keep the text as stored otherwise: a file is data, and what opens it decides how
to show it.
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


def for_terminal(text: object, *, lines: bool = False) -> str:
    """``text`` safe to print on a terminal: every control, format and bidi character as an escape.

    With ``lines`` newlines and tabs stay as they are (multi-line output such as a
    report); otherwise they are escaped too, so the result is one line.
    """
    return (_LINES if lines else _ONE_LINE).sub(_escape, str(text))


def json_for_terminal(text: str) -> str:
    """JSON text safe to print on a terminal: those characters as ``\\uXXXX``, the same data.

    In JSON text such characters can only stand inside strings, where ``\\uXXXX`` is an
    escape every JSON reader decodes back to the original character.
    """
    return _LINES.sub(_json_escape, text)


def _picture(found: re.Match) -> str:
    code = ord(found.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL...
    return "\u2421" if code == 0x7F else "\ufffd"


def for_editable_field(text: str) -> str:
    """``text`` for an editable field on a terminal: each such character (newline and tab too)
    as one visible symbol.

    One character for one, so an editable field keeps its cursor where it was; used where
    the text stays editable and an escape of several characters would not fit.
    """
    return _ONE_LINE.sub(_picture, text)


def is_terminal_safe(text: str, *, lines: bool = False) -> bool:
    """True when ``text`` holds nothing :func:`for_terminal` would escape."""
    return (_LINES if lines else _ONE_LINE).search(text) is None


def for_markdown_cell(value) -> str:
    """``value`` as one cell of a Markdown table: on one line, its pipes escaped (None: empty)."""
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What a spreadsheet reads as the start of a formula (the full-width forms too)."""


def for_csv(value):
    """``value`` as a CSV cell: text a spreadsheet would run as a formula gets a leading ``'``
    (None: empty; numbers stay numbers)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return "" if value is None else value
