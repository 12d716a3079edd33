"""The reflective question to one teacher, from a visit of this walk: draft it, set when it is
due, mark it shared and discussed — no ids to copy.

The protocol's question for the visit (drawn from that visit's notes) and its feedback
stems are offered; the question typed is kept as a draft on every key. Feedback is
private: the dialog names the room and its teacher, nothing else of the walk.
"""

from __future__ import annotations

import datetime as dt

from attrs import evolve
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from classwalk.tui import keymap
from classwalk.core.clock import now
from classwalk.core.records.model import FEEDBACK_STATUSES, Feedback
from classwalk.features.outputs import localtime
from classwalk.features.debriefs.feedback import default_due
from classwalk.tui.dialogs.once import OnceDialog
from classwalk.tui.literal import terminal_content
from classwalk.core.escape import for_terminal
from classwalk.tui.text import MAX_NOTE_LENGTH, TextProblem, clean_text
from classwalk.tui.widgets.field_input import FieldInput

DUE_FORMAT = "%Y-%m-%d %H:%M"


def draft_key(visit, observer: str):
    """The draft of ``observer``'s question to the teacher of ``visit``, on this device (theirs alone)."""
    from classwalk.core.records.model import Draft
    from classwalk.core.storage.paths import this_device

    return Draft(slot="feedback", walk_id=visit.walk_id, subject=visit.id, observer=observer, device=this_device())


def parse_due(text: str) -> dt.datetime:
    """A due time typed in local time (``2026-11-25 09:00``, or a date for 09:00) as UTC."""
    cleaned = " ".join(text.split())
    for pattern in (DUE_FORMAT, "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        if pattern == "%Y-%m-%d":
            moment = moment.replace(hour=9)
        return localtime.from_local(moment)
    raise TextProblem(f"The due time {cleaned!r} is not like 2026-11-25 09:00 ({localtime.zone_label()})")


class FeedbackDialog(OnceDialog[str | None]):
    """Pick a room of the walk; its question, due time and status; ctrl+s (or Enter) saves."""

    BINDINGS = keymap.bindings("feedback")

    def __init__(self, classwalk, walk, author: str = ""):
        super().__init__()
        self.api = classwalk
        self.walk = walk
        self.author = author
        self.visits: list = []
        self.visit = None
        self.existing: Feedback | None = None
        self._filling = False

    @property
    def door(self):
        """The app's scoped door: every read and write of this dialog goes through it."""
        from classwalk.tui.database import app_data

        return app_data(self.app).now

    def _key(self, visit):
        return draft_key(visit, self.author or visit.observer)

    def compose(self) -> ComposeResult:
        self.visits = self.door.visits(self.walk)
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Reflective question to one teacher (private)", classes="dialog-title")
            yield OptionList(*[Option(terminal_content(self._room(v)), id=v.id) for v in self.visits], id="feedback-visits")
            yield Select([], prompt="suggested questions", id="feedback-suggestion", compact=True)
            yield FieldInput(placeholder="the question to put to the teacher", id="feedback-question",
                             select_on_focus=False)
            yield FieldInput(placeholder=f"due, {localtime.zone_label()}: 2026-11-25 09:00", id="feedback-due")
            yield Select([(f"status: {status}", status) for status in FEEDBACK_STATUSES], value="drafted",
                         allow_blank=False, id="feedback-status", compact=True)
            yield Static("", id="dialog-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Back (Esc)", id="cancel")

    def _room(self, visit) -> str:
        teacher = f" · {visit.teacher}" if visit.teacher else ""
        items = self.door.feedback(visit)
        state = f" · {items[-1].status}" if items else ""
        return f"{visit.classroom}{teacher} · {localtime.clock(visit.started_at)}{state}"

    def on_mount(self) -> None:
        rooms = self.query_one("#feedback-visits", OptionList)
        if not self.visits:
            self._say("This walk has no visits yet.")
            return
        rooms.highlighted = 0
        rooms.focus()
        self._choose(self.visits[0])

    @on(OptionList.OptionHighlighted, "#feedback-visits")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        visit = next((v for v in self.visits if v.id == event.option.id), None)
        if visit is not None and visit is not self.visit:
            self._choose(visit)

    @on(OptionList.OptionSelected, "#feedback-visits")
    def _selected(self) -> None:
        self.query_one("#feedback-question", FieldInput).focus()

    def _choose(self, visit) -> None:
        """Fill the fields for ``visit``: its saved feedback, else a draft, else the protocol's question."""
        self.visit = visit
        items = self.door.feedback(visit)
        self.existing = items[-1] if items else None
        suggested = self._suggestions(visit)
        self._filling = True
        try:
            self.query_one("#feedback-suggestion", Select).set_options([(terminal_content(s[:70]), s) for s in suggested])
            draft = self.door.draft(self._key(visit))
            question = draft or (self.existing.question if self.existing else (suggested[0] if suggested else ""))
            field = self.query_one("#feedback-question", FieldInput)
            field.value = question
            field.cursor_position = len(question)
            due = self.existing.due if self.existing else default_due(visit)
            self.query_one("#feedback-due", FieldInput).value = f"{localtime.local(due):{DUE_FORMAT}}"
            self.query_one("#feedback-status", Select).value = self.existing.status if self.existing else "drafted"
        finally:
            self.call_after_refresh(self._done_filling)
        self._say("Saved feedback for this room: change and save again." if self.existing else "")

    def _done_filling(self) -> None:
        self._filling = False

    def _suggestions(self, visit) -> list[str]:
        protocol = self.api.protocols.find(self.walk.protocol_id)
        found = []
        try:
            question = self.door.suggested_question(visit)
        except Exception:  # a plugin that fails: the stems are still offered
            question = None
        if question:
            found.append(question)
        if protocol is not None:
            found += [prompt.text for prompt in protocol.feedback_prompts if prompt.text not in found]
        return found

    @on(Select.Changed, "#feedback-suggestion")
    def _suggestion(self, event: Select.Changed) -> None:
        if self._filling or not isinstance(event.value, str):
            return
        field = self.query_one("#feedback-question", FieldInput)
        field.value = event.value
        field.cursor_position = len(event.value)
        field.focus()

    @on(FieldInput.Changed, "#feedback-question")
    def _keep_draft(self, event: FieldInput.Changed) -> None:
        if self._filling or self.visit is None:
            return
        try:
            self.door.save_draft(self._key(self.visit), event.value, durable=False)
        except Exception as error:  # the words stay in the field; saving tries again
            self._say(f"Draft not written ({' '.join(str(error).split())}); the question stays here.")

    def _say(self, text: str) -> None:
        self.query_one("#dialog-message", Static).update(terminal_content(text))

    @on(FieldInput.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.answered or self.visit is None:
            return
        try:
            question = clean_text(self.query_one("#feedback-question", FieldInput).value, "The question",
                                  MAX_NOTE_LENGTH)
            due = parse_due(self.query_one("#feedback-due", FieldInput).value)
        except TextProblem as problem:
            self._say(str(problem))
            return
        status = self.query_one("#feedback-status", Select).value
        status = status if isinstance(status, str) else "drafted"
        moment = now()
        if self.existing is not None:
            item = evolve(self.existing, question=question, due=due, status=status, updated_at=moment)
        else:
            item = Feedback(visit_id=self.visit.id, teacher=self.visit.teacher, question=question, status=status,
                            due=due, updated_at=moment, author=self.author or self.visit.observer)
        try:
            self.door.save_feedback(item)
            self.door.clear_draft(self._key(self.visit))
        except Exception as error:  # nothing typed is lost: the dialog stays as it is
            self._say(f"Not saved ({' '.join(str(error).split())}); ctrl+s tries again.")
            return
        self.dismiss(f"Feedback for {for_terminal(self.visit.classroom, lines=True)}: {status}, due "
                     f"{localtime.stamp(due)} {localtime.zone_label(due)}.")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
