"""Text from observers and protocol files, shown exactly as it was written.

Textual reads a plain ``str`` given to ``Static``, ``Label``, ``Option``, ``Select``,
``SelectionList``, tooltips and notifications as content markup: a note holding ``[/]``
would stop the screen and ``[red]`` would paint the rest of it red. Escaping does not
cover every case (``\\[`` and ``[$name]`` still change), so every widget here that shows
such text is given :class:`~textual.content.Content` built by these functions (``Select``
labels are rich ``Text``), and notifications are sent with ``markup=False``.

Control characters are shown as escapes too (``\\x1b``, ``\\u202e``, by
:func:`classwalk.core.text.visible`): a terminal would otherwise obey an escape sequence
in a school name (set the clipboard, clear the screen). Newlines and tabs stay.
"""

from __future__ import annotations

from typing import Iterable, TypeVar

from rich.text import Text
from textual.content import Content

from classwalk.core.text import visible

T = TypeVar("T")
Part = str | tuple[str, str] | Content


def literal(text: object) -> Content:
    """``text`` as it is: square brackets and backslashes are characters, not markup."""
    return Content(shown(text))


def shown(text: object) -> str:
    """``text`` as a plain string safe to draw: control characters as visible escapes."""
    return visible(text, lines=True)


def styled(*parts: Part) -> Content:
    """One line from literal strings and ``(text, style)`` pairs; no part is read as markup."""
    return Content.assemble(*(_safe_part(part) for part in parts))


def _safe_part(part: Part) -> Part:
    if isinstance(part, str):
        return shown(part)
    if isinstance(part, tuple):
        return (shown(part[0]), part[1])
    return part


def choices(pairs: Iterable[tuple[str, T]]) -> list[tuple[Text, T]]:
    """``(label, value)`` pairs for a ``Select``, labels literal (rich Text keeps type-to-search working)."""
    return [(Text(shown(label)), value) for label, value in pairs]


def plain(text: object = "", **style) -> Text:
    """A rich ``Text`` of ``text`` with control characters shown as escapes (``style`` as Text's)."""
    return Text(shown(text), **style)
