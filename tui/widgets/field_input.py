"""Inputs that take a burst of keys or a paste the way slow typing would have put them.

Textual runs an input's own key bindings (Enter, Backspace, the arrows...) only after
the key has travelled up to the app, so in a burst the characters that follow are
typed first: "abc", Enter, "next" submitted "abcnext". :class:`InOrderInput` runs those
bindings the moment the input reads the key, in the order the keys came.

Textual's ``Input`` also keeps only the first line of a paste. Here nothing pasted is
dropped: in a form field a pasted Tab moves on to the next field (as pressing Tab
would) and the rest goes there; line breaks become spaces. In the note line every
Tab and line break becomes a space, so a pasted paragraph is one note, never saved
by surprise.
"""

from __future__ import annotations

import inspect
import re
from typing import Callable

from textual import events
from textual.actions import parse as parse_action
from textual.widgets import Input

from classwalk.tui.widgets.safe_input import SafeInput

LINE_BREAKS = re.compile(r"\r\n|\r|\n")
PASTED_COLOUR_CODES = re.compile("[\x1b\u241b]\\[[0-?]*[ -/]*[@-~]")
"""Colour codes copied from a terminal along with its text (an Esc, read as ␛, then ``[31m``)."""


def one_line(text: str) -> str:
    """``text`` with its line breaks as spaces."""
    return LINE_BREAKS.sub(" ", text)


def pasted_text(text: str) -> str:
    """Pasted ``text`` as one line to insert: colour codes dropped, any other Esc shown as ␛."""
    return one_line(PASTED_COLOUR_CODES.sub("", text)).replace("\x1b", "\u241b")


class InOrderInput(SafeInput):
    """An input whose own keys (Enter, Backspace, arrows...) act in the order they were typed."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority:
                    event.stop()
                    event.prevent_default()
                    await self.run_action(binding.action)
                    return
        await super()._on_key(event)

    def type_key(self, event: events.Key) -> bool:
        """Act on ``event`` now, as this input would when it reads it; False if it is not its key.

        For a screen that reads keys as they arrive: a character is typed, an editing key
        (Backspace, arrows, ctrl+u...) edits. Enter is left to the caller.
        """
        if event.is_printable and event.character:
            insert_typed(self, event.character)
            return True
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if binding.priority:
                continue
            _namespace, name, parameters = parse_action(binding.action)
            if name == "submit":
                return False
            method = getattr(self, f"action_{name}", None)
            if method is None or inspect.iscoroutinefunction(method):
                return False
            method(*parameters)
            return True
        return False


class FieldInput(InOrderInput):
    """A form field: keys act in order; a pasted Tab moves to the next field, line breaks become spaces."""

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input's own handler would keep the first line only
        if not event.text:
            return
        parts = pasted_text(event.text).split("\t")
        target: Input = self
        for index, part in enumerate(parts):
            if index:
                self.screen.focus_next()
                following = self.screen.focused
                if not isinstance(following, Input):  # no field after this one: the rest stays here
                    insert_typed(target, " " + " ".join(parts[index:]))
                    self.screen.set_focus(target)
                    return
                target = following
            insert_typed(target, part)


def insert_typed(field: Input, text: str) -> None:
    """Put ``text`` in ``field`` where typing would: at the cursor, over a selection."""
    if field.selection.is_empty:
        field.insert_text_at_cursor(text)
    else:
        field.replace(text, *field.selection)


class NoteInput(InOrderInput):
    """The note line: keys act in order; a paste goes in whole, its Tabs and line breaks as spaces.

    ``on_change(value)``, when set, is called the moment the value changes, before the
    next key is read (the visit screen writes the draft there).
    """

    on_change: Callable[[str], object] | None = None

    def watch_value(self, value: str) -> None:
        if self.on_change is not None:
            self.on_change(value)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input's own handler would keep the first line only
        if not event.text:
            return
        insert_typed(self, pasted_text(event.text).replace("\t", " "))
