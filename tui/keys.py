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
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
ESC_PICTURE = "\u241b"  # ␛, what an Esc inside pasted text becomes


class BurstParser(XTermParser):
    """Textual's terminal reader, with Esc-then-a-character read as two keys, and pastes kept whole.

    Inside a bracketed paste Textual's reader takes an Esc as the start of a key and
    sends what follows it as keys, ahead of the paste itself, with the Esc left in the
    pasted text: pasted colour codes came out in the wrong order with a raw Esc saved.
    Here an Esc inside a paste is read as the picture ␛, so the paste arrives whole and
    in its place.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._in_paste = False
        self._recent = ""  # the last characters outside a paste (to see a paste begin)
        self._held = ""  # inside a paste: what may be the start of its end marker

    def feed(self, data: str):
        return super().feed(self._picture_pasted_escapes(data) if data else data)

    def _picture_pasted_escapes(self, data: str) -> str:
        out: list[str] = []
        for character in data:
            if not self._in_paste:
                out.append(character)
                self._recent = (self._recent + character)[-len(PASTE_START):]
                if self._recent == PASTE_START:
                    self._in_paste, self._recent = True, ""
                continue
            if not self._held and character != ESC:
                out.append(character)
                continue
            self._held += character
            if PASTE_END.startswith(self._held):
                if self._held == PASTE_END:
                    out.append(PASTE_END)
                    self._held, self._in_paste = "", False
                continue
            out.append(self._held[:-1].replace(ESC, ESC_PICTURE))
            self._held = ESC if character == ESC else ""
            if character != ESC:
                out.append(character)
        return "".join(out)

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


# one key at a time --------------------------------------------------------------------

SETTLE_TIMEOUT = 10.0
"""Seconds a key waits for the screen to finish what the keys before it started (a busy machine may
take seconds to build a screen); past that it goes on, so a screen that never settles cannot stop typing."""


def _busy(node) -> bool:
    """True while ``node`` has messages waiting, callbacks to run, or is still being built."""
    if getattr(node, "_closed", False) or getattr(node, "_closing", False):
        return False
    if not getattr(node, "_is_mounted", True):
        return True
    return bool(node._message_queue.qsize() or getattr(node, "_next_callbacks", None))


def quiet(app) -> bool:
    """True when no screen or widget (nor the app) has a message waiting or is being built.

    The screen shown also has nothing left to run after its next repaint
    (``call_after_refresh``): on a busy machine the repaint, and so those, can come late.
    """
    try:
        after_repaint = bool(app.screen._callbacks)
    except Exception:  # no screen yet
        after_repaint = False
    return not after_repaint and not _busy(app) and not any(_busy(node) for node in list(app._registry))


async def _round_trip(pumps, timeout: float) -> None:
    """Wait until each of ``pumps`` has handled everything it was given before now."""
    import asyncio

    waits = []
    for pump in pumps:
        done = asyncio.Event()
        if pump.call_later(done.set):
            waits.append(asyncio.ensure_future(done.wait()))
    if waits:
        _done, pending = await asyncio.wait(waits, timeout=max(timeout, 0.01))
        for task in pending:
            task.cancel()


async def wait_until_settled(app, timeout: float = None) -> bool:
    """Wait until nothing the keys so far started is under way; False if ``timeout`` ran out first.

    Quiet queues are confirmed by a round trip through the app, every open screen and
    the focused widget, so a message being handled right now counts as under way.
    """
    import asyncio
    import time

    deadline = time.monotonic() + (SETTLE_TIMEOUT if timeout is None else timeout)
    rounds = 0
    while time.monotonic() < deadline:
        if quiet(app):
            pumps = {app, *app.screen_stack}
            if app.focused is not None:
                pumps.add(app.focused)
            await _round_trip(pumps, deadline - time.monotonic())
            if quiet(app):
                return True
        rounds += 1
        await asyncio.sleep(0 if rounds < 50 else 0.002)
    return False


MOUSE_PRESSES = (events.MouseDown, events.MouseUp, events.Click)
"""Mouse button events: a click or a tap, and the footer keys and buttons it presses."""


def _from_a_widget(event) -> bool:
    """True for a key a widget of the app made (a footer key tapped), not one read from the terminal."""
    from textual.widget import Widget

    return isinstance(event, events.Key) and isinstance(getattr(event, "_sender", None), Widget)


class KeyPipeline:
    """Keys, pastes and clicks read one at a time: each waits until the one before has done all it started.

    Textual hands each key to the focused widget's queue the moment it arrives, so in a
    burst the keys after Enter were typed into a field before the Enter was acted on, and
    keys typed while a screen was opening went to the screen underneath. Here a key is
    passed on only once the screen has finished with the previous key (a dialog has
    closed, the next screen is built and has focus), so every key lands where it would if
    typed slowly. A mouse press (a click, a tap on the footer or on a button) waits its
    turn in the same line: it acts on the screen the keys before it left, never on a
    field half typed or a footer being redrawn.
    """

    def __init__(self, app, deliver):
        self.app = app
        self.deliver = deliver  # async (event) -> None: the app's handling of one key, paste or click
        self.waiting: list = []
        self._task = None
        self._made_here = 0  # keys the event being handled made (a footer tap's key): they go first

    def takes(self, event) -> bool:
        """True if ``event`` waits in line: a key, paste or mouse press read from the terminal, and
        while anything waits, any other mouse event (so a drag or a scroll keeps its place)."""
        if event.is_forwarded:
            return False
        if isinstance(event, (events.Key, events.Paste, *MOUSE_PRESSES)):
            return True
        return isinstance(event, events.MouseEvent) and bool(self.pending)

    def take(self, event) -> None:
        """A key, paste or click arrived: it is handled once the ones before it are done.

        A key one of the app's widgets made while the event before it was handled (a footer
        key pressed by a tap) is handled next, ahead of keys typed after the tap. A mouse
        move replaces a move still waiting just before it: only where the mouse went matters.
        """
        import asyncio

        if _from_a_widget(event):
            self.waiting.insert(self._made_here, event)
            self._made_here += 1
        elif type(event) is events.MouseMove and self.waiting and type(self.waiting[-1]) is events.MouseMove:
            self.waiting[-1] = event
        else:
            self.waiting.append(event)
        if self._task is None:
            self._task = asyncio.create_task(self._drain(), name="classwalk keys")

    @property
    def pending(self) -> int:
        """Keys read from the terminal but not yet passed on."""
        return len(self.waiting) + (self._task is not None)

    async def _drain(self) -> None:
        try:
            while self.waiting:
                await wait_until_settled(self.app)
                if not self.app.is_running:
                    self.waiting.clear()
                    break
                event = self.waiting.pop(0)
                self._made_here = 0
                try:
                    await self.deliver(event)
                except Exception as error:  # a key's action failing must not stop the keys after it
                    self.app._handle_exception(error)
                    break
        finally:
            self._task = None


def bindings_for(node, key: str):
    """The key bindings ``node`` has for ``key`` (Textual keeps them in a private map)."""
    return node._bindings.key_to_bindings.get(key, ())
