"""Reading keys from the terminal so that a burst reads as the same keys typed slowly.

A terminal sends Esc as the byte ESC, and many escape sequences (arrows, F-keys) start
with it too. When Esc and the next key reach the program together (a paste, a text
expander, ``tmux send-keys``), Textual's reader takes ESC plus a letter as the start of
an unknown sequence, keeps reading, and gives the whole run back with Esc turned into a
"^" character: "Esc a Two students" became the note "^aTwo students". The reader here
reads ESC followed at once by a printable character (other than the ``[`` and ``O``
that begin real sequences) as Esc, then that character: what slow typing would give.
"""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

ESC = "\x1b"
SEQUENCE_INTRODUCERS = "[O"


class BurstParser(XTermParser):
    """Textual's terminal reader, with Esc-then-a-character read as two keys."""

    def _sequence_to_key_events(self, sequence: str, alt: bool = False):
        if (len(sequence) == 2 and sequence[0] == ESC and sequence[1].isprintable()
                and sequence[1] not in SEQUENCE_INTRODUCERS):
            yield events.Key("escape", ESC)
            yield from super()._sequence_to_key_events(sequence[1])
            return
        yield from super()._sequence_to_key_events(sequence, alt)


def install_burst_parser() -> None:
    """Have Textual's terminal drivers read keys with :class:`BurstParser` (in this process)."""
    import importlib
    import os
    import sys

    names = ["textual.drivers.linux_driver"]
    names += [name for name in ("textual.drivers.linux_inline_driver", "textual.drivers.web_driver")
              if name in sys.modules or name in os.environ.get("TEXTUAL_DRIVER", "")]
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:  # a driver this platform does not have
            continue
        if getattr(module, "XTermParser", None) is XTermParser:
            module.XTermParser = BurstParser
