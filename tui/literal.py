"""Text from observers and protocol files, shown exactly as it was written.

Textual reads a plain ``str`` given to ``Static``, ``Label``, ``Option``, ``Select``,
``SelectionList``, tooltips and notifications as content markup: a note holding ``[/]``
would stop the screen and ``[red]`` would paint the rest of it red. Escaping does not
cover every case (``\\[`` and ``[$name]`` still change), so every widget here that shows
such text is given :class:`~textual.content.Content` built by these functions (``Select``
labels are rich ``Text``), and notifications are sent with ``markup=False``.
"""

from __future__ import annotations

from typing import Iterable, TypeVar

from rich.text import Text
from textual.content import Content

T = TypeVar("T")
Part = str | tuple[str, str] | Content


def literal(text: object) -> Content:
    """``text`` as it is: square brackets and backslashes are characters, not markup."""
    return Content(str(text))


def styled(*parts: Part) -> Content:
    """One line from literal strings and ``(text, style)`` pairs; no part is read as markup."""
    return Content.assemble(*parts)


def choices(pairs: Iterable[tuple[str, T]]) -> list[tuple[Text, T]]:
    """``(label, value)`` pairs for a ``Select``, labels literal (rich Text keeps type-to-search working)."""
    return [(Text(str(label)), value) for label, value in pairs]
