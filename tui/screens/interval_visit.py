"""Interval coding of one lesson: the grid of code sets, the interval clock, the code line.

The observer types a code's key (its short code, or the key shown beside it): a key that
is not the start of another acts at once, otherwise Enter or space confirms it. The
interval moves on by itself on the clock, with a bell and a highlighted cue; ctrl+a ends
it early and ctrl+b pauses the clock (a fire drill, a visitor). For a short grace time
after an interval ends, ctrl+r switches to correcting it. Every tick is committed at once
with its interval number; the clock is stored, so a resumed walk is in the same interval.
A short code several code sets share ticks the code of the set focused with ↑ ↓; with no
set focused, a small question asks which set's code is meant.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Header, Input, Static

from classwalk.tui import keymap
from classwalk.core.protocols.capture import interval_keys
from classwalk.core.errors import ClasswalkError
from classwalk.core.protocols.timing import format_clock
from classwalk.features.capture import shapes as capture
from classwalk.tui import clock
from classwalk.tui.dialogs.time_away import offer_time_away
from classwalk.tui.literal import terminal_content
from classwalk.tui.not_observed import NotObservedMixin
from classwalk.tui.room.screen import RoomScreen
from classwalk.tui.text import MAX_NOTE_LENGTH, TextProblem, clean_text
from classwalk.tui.widgets.help_footer import HelpFooter
from classwalk.tui.widgets.interval_grid import IntervalGrid
from classwalk.tui.widgets.observer_badge import ObserverBadge
from classwalk.tui.room.drafts import DURABLE_AFTER
from classwalk.tui.widgets.team_moves import TeamMovesMixin

CUE_SECONDS = 6


class IntervalVisitScreen(NotObservedMixin, TeamMovesMixin, RoomScreen):
    """One lesson coded in intervals."""

    DEFAULT_CSS = """
    IntervalVisitScreen #interval-top { height: 1; background: $boost; }
    IntervalVisitScreen #room { width: 1fr; text-style: bold; padding: 0 1; }
    IntervalVisitScreen #interval-clock { width: auto; padding: 0 1; text-style: bold; }
    IntervalVisitScreen #interval-clock.-paused { background: $warning; color: $text; }
    IntervalVisitScreen #interval-cue { height: 1; padding: 0 1; }
    IntervalVisitScreen #interval-cue.-cue { background: $accent; color: $text; text-style: bold; }
    IntervalVisitScreen #interval-cue.-correcting { background: $warning; color: $text; text-style: bold; }
    IntervalVisitScreen #entry-line { height: 1; }
    IntervalVisitScreen #code-entry { width: 24; border-left: outer $accent; }
    IntervalVisitScreen #interval-note { width: 1fr; }
    IntervalVisitScreen #interval-message { height: 1; padding: 0 1; }
    IntervalVisitScreen #interval-message.-error { color: $error; }
    """

    BINDINGS = keymap.bindings("intervals")

    MESSAGE_ID = "interval-message"

    def __init__(self, walk, visit):
        super().__init__(walk, visit)
        self.correcting = False
        self._shown_interval = None
        self._cue_until = None
        self._correcting_interval = 0

    @property
    def observer(self) -> str:
        return getattr(self.app, "active_observer", "") or self.visit.observer

    @property
    def typist(self) -> str:
        """Whose line the note line is: the observer's (the grid has no ctrl+o)."""
        return self.observer

    def compose(self) -> ComposeResult:
        protocol = self.protocol = self.api.protocols.get(self.walk.protocol_id)
        self.keys = interval_keys(protocol.intervals)
        self.sub_title = protocol.name
        yield Header()
        with Horizontal(id="interval-top"):
            yield Static(terminal_content(self._room_title()), id="room")
            yield ObserverBadge(id="observer")
            yield Static("", id="interval-clock")
        yield Static("", id="interval-cue")
        self.grid = IntervalGrid(protocol.intervals, self.keys, id="interval-grid")
        self.grid.border_title = "Codes: type a key"
        yield self.grid
        with Horizontal(id="entry-line"):
            yield Input(placeholder="code, Enter", compact=True, id="code-entry", select_on_focus=False)
            if protocol.intervals.notes:
                yield Input(placeholder="a note on this interval (Tab), Enter saves", compact=True,
                            id="interval-note", select_on_focus=False)
        yield Static("", id="interval-message")
        yield self.team_moves_feed()
        yield HelpFooter()

    def on_mount(self) -> None:
        take_up = getattr(self.app, "take_up_walk", None)
        if take_up:
            take_up(self.walk)
        self._load_coding()
        self.query_one("#code-entry", Input).focus()
        if self.protocol.intervals.notes:
            self._restore_note(self.query_one("#interval-note", Input))
        self.tick()
        self.set_interval(0.5, self.tick)
        self.call_after_refresh(offer_time_away, self)
        if self.protocol.snapshots:
            from classwalk.tui.dialogs.counts_items import remind_due_snapshots

            reminded: set = set()
            self.set_interval(1.0, lambda: remind_due_snapshots(self, self.protocol, self.visit, reminded))

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "counts":
            return bool(self.protocol.snapshots or self.protocol.visit_items)
        if action == "switch":
            return self.protocol.intervals.notes
        if action == "focus_set":
            return len(self.protocol.intervals.code_sets) > 1
        if action == "undo":
            return self.can_undo()
        if action == "follow":
            return self.can_follow()
        return True

    # the clock ---------------------------------------------------------------

    def state(self):
        return self.door.interval_clock(self.visit, at=clock.now())

    @property
    def target(self) -> int:
        """The interval keys code now: the current one, or the previous while correcting."""
        return self.state_now.number - 1 if self.correcting else self.state_now.number

    def _load_coding(self) -> None:
        """The coding of whoever types now (ctrl+o switches observer on a shared device)."""
        self._coded_for = self.observer
        self.coding = self.door.coding(self.visit, self.observer)

    def tick(self) -> None:
        """Re-read the clock; cue a new interval; end a correction whose grace time is over."""
        now = clock.now()
        if self.observer != self._coded_for:
            self._load_coding()
        self.state_now = state = self.state()
        if self._shown_interval is not None and state.number != self._shown_interval:
            self._cue_until = now.timestamp() + CUE_SECONDS
            self.app.bell()
            if self.correcting and state.number - 1 != self._correcting_interval:
                self.correcting = False
        if self.correcting and self._correcting_interval not in capture.open_intervals(self.protocol, state, now):
            self.correcting = False
            self.message(f"Interval {self._correcting_interval} is closed; coding interval {state.number}.")
        self._shown_interval = state.number
        timer = self.query_one("#interval-clock", Static)
        timer.set_class(state.paused, "-paused")
        if state.paused:
            timer.update(f"interval {state.number} · paused (ctrl+b resumes)")
        else:
            timer.update(f"interval {state.number} · {format_clock(state.remaining)} left")
        self._show_cue(now, state)
        self.grid.show(self.coding, state.number, self.target)

    def _show_cue(self, now, state) -> None:
        cue = self.query_one("#interval-cue", Static)
        cue.set_class(False, "-cue")
        cue.set_class(self.correcting, "-correcting")
        if self.target in self.coding.not_observed:
            cue.set_class(True, "-correcting")
            cue.update(f"Interval {self.target}: not observed, left out of every count · ctrl+x to take back")
        elif self.correcting:
            left = self.protocol.intervals.grace_seconds - (now - state.started_at).total_seconds()
            cue.update(f"Correcting interval {state.number - 1} ({max(0, int(left))} s left) · ctrl+r back to "
                       f"interval {state.number}")
        elif self._cue_until and now.timestamp() < self._cue_until:
            cue.set_class(True, "-cue")
            cue.update(f"▶ Interval {state.number} has begun: code what you see now")
        elif state.paused:
            cue.update("The interval clock is paused: nothing moves on until ctrl+b")
        else:
            previous = state.number - 1
            if previous >= 1 and previous in capture.open_intervals(self.protocol, state, now):
                cue.update(f"Interval {state.number}. ctrl+r corrects interval {previous} for a few seconds more")
            else:
                cue.update(f"Interval {state.number}: {self.protocol.intervals.minutes:g} minutes each")

    # coding ------------------------------------------------------------------

    @on(Input.Changed, "#code-entry")
    def _typed(self, event: Input.Changed) -> None:
        self._consume(confirm=False)

    @on(Input.Submitted, "#code-entry")
    def _submitted(self, event: Input.Submitted) -> None:
        self._consume(confirm=True)

    def _consume(self, confirm: bool) -> None:
        """Act on every complete key in the code line (keys typed in a burst included).

        A key acts once nothing longer could follow it: it is the start of no other key, or
        the next character typed (a space, Enter, another key) rules the longer ones out.
        What may still grow into a key stays in the line.
        """
        entry = self.query_one("#code-entry", Input)
        text = entry.value.lower()
        while text:
            if text[0] == " ":
                text = text[1:]
                continue
            found = self._next_key(text, confirm)
            if found is None:
                break
            if found == "":
                self.message(f"No code {text.split()[0]!r}: type a key shown in the grid.", error=True)
                text = ""
                break
            text = text[len(found):]
            target = self._resolve(found)
            if target is None:  # a shared short code and no set focused: ask, then go on
                self._ask_which_set(found, text)
                text = ""
                break
            self._apply(target)
        if entry.value.lower() != text:
            entry.value = text
            entry.cursor_position = len(text)

    def _next_key(self, text: str, confirm: bool) -> str | None:
        """The key at the start of ``text``; None to wait for more; "" when none can match."""
        matches = [key for key in self.keys if text.startswith(key)]
        for key in sorted(matches, key=len, reverse=True):
            longer = [other for other in self.keys if other.startswith(key) and other != key]
            rest = text[len(key):]
            if not longer or (rest and not any(other.startswith(text[:len(key) + 1]) for other in longer)):
                return key
            if not rest and confirm:
                return key
        if any(key.startswith(text) for key in self.keys) and not confirm:
            return None
        return ""

    def _resolve(self, key: str):
        """The one code or choice ``key`` means here; None when sets share it and none is focused."""
        targets = self.keys[key]
        if len(targets) == 1:
            return targets[0]
        focused = self.grid.focused_set
        return next((t for t in targets if focused and t.code.startswith(focused + ".")), None)

    def _ask_which_set(self, key: str, rest: str) -> None:
        """Ask which set's code a shared key means; the interval is the one it was typed in."""
        from classwalk.tui.dialogs.which_set import WhichSetDialog

        interval = self.target
        codes = [t.code for t in self.keys[key]]
        choices = [(code, self.protocol.intervals.code_label(code)) for code in codes]
        shown = self.grid.code_keys.get(codes[0], key.upper())

        def answered(answer: tuple[str | None, str] | None) -> None:
            code, meanwhile = answer or (None, "")
            entry = self.query_one("#code-entry", Input)
            entry.focus()
            if code:
                self._apply(next(t for t in self.keys[key] if t.code == code), interval=interval)
            else:
                self.message(f"{shown}: nothing ticked.")
            waiting = rest + entry.value + meanwhile  # keys typed after it, in the order typed
            if waiting.strip():
                entry.value = waiting
                entry.cursor_position = len(entry.value)
                self._consume(confirm=False)

        self.app.push_screen(WhichSetDialog(shown, interval, choices), answered)

    def action_focus_set(self, step: int) -> None:
        """Move the focused code set (↓ next, ↑ previous; past either end, no set)."""
        ids = [None] + [code_set.id for code_set in self.protocol.intervals.code_sets]
        at = ids.index(self.grid.focused_set) if self.grid.focused_set in ids else 0
        chosen = ids[(at + step) % len(ids)]
        self.grid.focus_set(chosen)
        if chosen is None:
            self.message("No set focused: a code several sets share asks which one.")
        else:
            label = next(s.label for s in self.protocol.intervals.code_sets if s.id == chosen)
            self.message(f"Focused: {label}. Shared codes tick this set's.")

    def _apply(self, target, interval: int | None = None) -> None:
        interval = self.target if interval is None else interval
        try:
            now = self.door.coding(self.visit, self.observer)  # as stored: another device may have coded too
            if target.code:
                self.coding = self.door.set_code(self.visit, target.code, interval=interval, observer=self.observer,
                                                 ticked=target.code not in now.ticked(interval), at=clock.now())
                ticked = target.code in self.coding.ticked(interval)
                label = self.protocol.intervals.code_label(target.code)
                self.message(f"{'✓' if ticked else '✗'} {label} · interval {interval}")
            else:
                same = now.chosen(interval).get(target.item) == target.choice
                self.coding = self.door.set_code(self.visit, target.item, interval=interval, observer=self.observer,
                                                 ticked=not same, choice="" if same else target.choice,
                                                 at=clock.now())
                item = self.protocol.intervals.item(target.item)
                chosen = self.coding.chosen(interval).get(target.item)
                choice = next((c.label for c in item.choices if c.id == chosen), "cleared")
                self.message(f"{item.label}: {choice} · interval {interval}")
        except Exception as error:  # refused: say why in one line, nothing is pretended
            if isinstance(error, ClasswalkError):
                self.correcting = False
            self.refused(error, "nothing ticked; type the key again.")
        self.tick()

    # notes -------------------------------------------------------------------

    def _restore_note(self, field: Input) -> None:
        """The note line as it was left (a crash, another screen, a room ended elsewhere)."""
        from classwalk.tui.room.drafts import RoomDrafts

        self.note_drafts = RoomDrafts(self.door, self.visit, self.observer)
        words = self.note_drafts.take_up(self.observer, quiet=True)
        if words and not field.value:
            field.value = words
            field.cursor_position = len(words)

    @on(Input.Changed, "#interval-note")
    def _note_typed(self, event: Input.Changed) -> None:
        """Every key of the note line is kept at once, as in the notes room."""
        drafts = getattr(self, "note_drafts", None)
        if drafts is None:
            return
        outcome, news = drafts.keep_line(event.value)
        if news:
            self.message(news, error=outcome == "refused")
        if outcome == "written":
            self._sync_later()

    def _sync_later(self) -> None:
        """After a pause in typing, the line once more, waiting for the disk."""
        timer = getattr(self, "_sync_timer", None)
        if timer is not None:
            timer.stop()
        self._sync_timer = self.set_timer(DURABLE_AFTER, self.note_drafts.sync_line)

    @on(Input.Submitted, "#interval-note")
    def _note(self, event: Input.Submitted) -> None:
        try:
            text = clean_text(event.value, "The note", MAX_NOTE_LENGTH)
        except TextProblem as problem:
            self.message(str(problem), error=True)
            return
        kinds = [k for k in self.protocol.evidence_kinds if k.when == "during"] or list(self.protocol.evidence_kinds)
        interval = self.state().number  # a note belongs to the interval it was written in
        try:
            self.door.record(self.visit, text, kind=kinds[0].id, observer=self.observer, at=clock.now(),
                             interval=interval)
        except Exception as error:  # refused: the note stays in the line, one line says why
            self.refused(error)
            return
        event.input.value = ""  # the line's draft follows (emptied by the change it makes)
        self.message(f"Note saved with interval {interval}.")

    def action_switch(self) -> None:
        if not self.protocol.intervals.notes:
            return
        entry, note = self.query_one("#code-entry", Input), self.query_one("#interval-note", Input)
        (entry if note.has_focus else note).focus()

    # the clock by hand ---------------------------------------------------------

    def _clock(self, kind: str) -> None:
        try:
            self.door.interval_clock(self.visit, kind, observer=self.observer, at=clock.now())
        except ClasswalkError as error:
            self.message(str(error), error=True)
            return
        except Exception as error:  # the database refused: the clock is as it was
            self.refused(error, "the clock is as it was.")
            return
        self.correcting = False
        self.tick()

    def action_advance(self) -> None:
        self._clock("advance")
        self.message(f"Interval {self.state_now.number} begins now.")

    def action_pause(self) -> None:
        paused = self.state_now.paused
        self._clock("resume" if paused else "pause")
        self.message("The interval clock runs again." if paused else "Paused: the interval clock waits.")

    def action_correct(self) -> None:
        state, now = self.state_now, clock.now()
        if self.correcting:
            self.correcting = False
            self.message(f"Coding interval {state.number}.")
        elif state.number > 1 and state.number - 1 in capture.open_intervals(self.protocol, state, now):
            self.correcting = True
            self._correcting_interval = state.number - 1
            self.message(f"Keys now correct interval {state.number - 1}.")
        else:
            self.message(f"Only the previous interval can be corrected, within "
                         f"{self.protocol.intervals.grace_seconds} s of its end.", error=True)
        self.tick()

    # leaving -------------------------------------------------------------------

    def unsaved_words(self) -> str:
        """What the note line holds, not saved yet."""
        note = self.query("#interval-note")
        return note.first().value if note else ""

    def _leave(self) -> bool:
        note = self.query("#interval-note")
        if note and note.first().value.strip():
            self.message("Save or clear the note first (Enter saves it).", error=True)
            return False
        return self.end_visit()

    def action_next_room(self) -> None:
        if self._leave():
            self.leave_for("next")

    def action_end_visits(self) -> None:
        """Ending the lesson asks once, as ending the visits of a notes walk does."""
        from classwalk.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes and self._leave():
                self.leave_for("end")

        self.app.push_screen(ConfirmDialog(
            "End the lesson and the walk's visits?",
            f"This stops coding {self.visit.classroom} and takes the walk to its debrief.",
            yes="End visits", no="Keep coding"), answered)
