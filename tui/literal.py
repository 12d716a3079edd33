"""Text from observers and protocol files for the terminal UI, shown exactly as it was written.

Textual reads a plain ``str`` given to ``Static``, ``Label``, ``Option``, ``Select``,
``SelectionList``, tooltips and notifications as content markup: a note holding ``[/]``
would stop the screen and ``[red]`` would paint the rest of it red. Escaping does not
cover every case (``\\[`` and ``[$name]`` still change), so every widget here that shows
such text is given :class:`~textual.content.Content` built by these functions (``Select``
labels are rich ``Text``), and notifications are sent with ``markup=False``.

Control characters are shown as escapes too (``\\x1b``, ``\\u202e``, by
:func:`classwalk.core.escape.for_terminal`): a terminal would otherwise obey an escape
sequence in a school name (set the clipboard, clear the screen). Newlines and tabs stay.
"""

from __future__ import annotations

from typing import Iterable, TypeVar

from rich.text import Text
from textual.content import Content

from classwalk.core.escape import for_terminal

T = TypeVar("T")
Part = str | tuple[str, str] | Content


def terminal_content(text: object) -> Content:
    """``text`` for a widget as it is: square brackets and backslashes are characters, not markup."""
    return Content(for_terminal(text, lines=True))


def terminal_line(*parts: Part) -> Content:
    """One line from literal strings and ``(text, style)`` pairs; no part is read as markup."""
    return Content.assemble(*(_safe_part(part) for part in parts))


def _safe_part(part: Part) -> Part:
    if isinstance(part, str):
        return for_terminal(part, lines=True)
    if isinstance(part, tuple):
        return (for_terminal(part[0], lines=True), part[1])
    return part


def terminal_choices(pairs: Iterable[tuple[str, T]]) -> list[tuple[Text, T]]:
    """``(label, value)`` pairs for a ``Select``, labels as written (rich Text keeps type-to-search working)."""
    return [(Text(for_terminal(label, lines=True)), value) for label, value in pairs]


def terminal_text(text: object = "", **style) -> Text:
    """A rich ``Text`` of ``text`` with control characters shown as escapes (``style`` as Text's)."""
    return Text(for_terminal(text, lines=True), **style)


def for_widget_id(identifier: str) -> str:
    """A protocol's id as part of a widget id: letters, digits, ``-`` and ``_`` kept, anything else ``-``."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in identifier)
