"""The visit: one classroom, the timer, the look-fors and the note line.

Enter saves a note at once (committed before the next key); what is typed but not
saved is kept as a draft, and the tags, kind and student being interviewed are kept
too, so a walk interrupted at any moment resumes exactly where it was.
"""

from __future__ import annotations

import json
import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from classwalk.core.model import Evidence, Visit
from classwalk.tui import clock
from classwalk.tui.dialogs.classroom import ClassroomChoice, ClassroomDialog
from classwalk.tui.literal import literal, shown, styled
from classwalk.tui.text import MAX_NOTE_LENGTH, TextProblem, clean_text
from classwalk.tui.widgets.evidence_list import EvidenceList
from classwalk.tui.widgets.interview_panel import InterviewPanel, next_label
from classwalk.tui.widgets.look_fors import LookForList
from classwalk.tui.widgets.note_line import NoteLine
from classwalk.tui.widgets.observer_badge import ObserverBadge
from classwalk.tui.narrow import NarrowLayout
from classwalk.tui.widgets.team_feed import TeamNotesMixin
from classwalk.tui.widgets.tap_footer import TapFooter
from classwalk.tui.widgets.timer import VisitTimer

DRAFT_DELAY = 0.3
VIDEO_OFFSET = re.compile(r"^@(?:(\d{1,2}):)?(\d{1,3}):(\d{2})\s+")


def note_key(visit_id: str) -> str:
    return f"note:{visit_id}"


def state_key(visit_id: str) -> str:
    return f"visit-state:{visit_id}"


def video_offset(text: str) -> tuple[int | None, str]:
    """A leading ``@m:ss`` (or ``@h:mm:ss``) in a video-mode note: (seconds, rest of the note)."""
    match = VIDEO_OFFSET.match(text)
    if not match:
        return None, text
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds, text[match.end():]


class VisitScreen(NarrowLayout, TeamNotesMixin, Screen):
    """One classroom of a walk: evidence in, one key per action."""

    BINDINGS = [
        Binding("ctrl+n", "next_room", "Next room", priority=True),
        Binding("ctrl+e", "end_visits", "End visits", priority=True),
        Binding("tab", "next_kind", "Kind", priority=True),
        Binding("shift+tab", "previous_kind", "Kind", show=False, priority=True),
        Binding("ctrl+g", "groups", "Groups", priority=True),
        Binding("ctrl+r", "next_mark", "Mark", priority=True),
        Binding("ctrl+s", "next_student", "Student", priority=True),
        Binding("ctrl+y", "next_question", "Question", priority=True),
        Binding("escape,ctrl+t", "toggle_tags", "Tags/note", key_display="esc/^t"),
        Binding("enter", "to_note", "Note", show=False),
        Binding("ctrl+k", "counts", "Counts/items", priority=True),
    ]

    def __init__(self, walk, visit):
        super().__init__()
        self.walk = walk
        self.visit = visit
        self._draft_timer = None
        self._pending_draft: str | None = None

    # set-up ------------------------------------------------------------------

    @property
    def classwalk(self):
        return self.app.classwalk

    @property
    def store(self):
        return self.app.classwalk.store

    def compose(self) -> ComposeResult:
        protocol = self.protocol = self.classwalk.protocols.get(self.walk.protocol_id)
        self.categories = protocol.categories_for_focus(self.walk.focus_categories)
        self.during_kinds = [k for k in protocol.evidence_kinds if k.when == "during"] or list(protocol.evidence_kinds)
        self._restore_state()
        self.sub_title = shown(protocol.name)
        yield Header()
        with Horizontal(id="visit-top"):
            yield Static(literal(self._room_title()), id="room")
            yield ObserverBadge(id="observer")
            yield VisitTimer(self.classwalk, protocol, self.walk, self.visit, id="timer")
        yield Static("", id="timing-message")
        with Horizontal(id="visit-body"):
            self.look_fors = LookForList(self.categories, protocol.ordered_categories, id="look-fors")
            self.look_fors.border_title = "Look-fors" + (" (in order)" if protocol.ordered_categories else "")
            self.look_fors.border_subtitle = "Esc: letters tag"
            yield self.look_fors
            with Vertical(id="visit-right"):
                self.evidence_list = EvidenceList(protocol, self.visit, self.look_fors.key_of, id="evidence")
                yield self.evidence_list
                if protocol.interview_questions:
                    self.interview = InterviewPanel(protocol.interview_questions, id="interview")
                    yield self.interview
        yield Static("", id="note-state")
        yield NoteLine(self.classwalk.judgement_words(protocol), id="note-line")
        yield self.team_feed()
        yield Static("", id="visit-message", classes="message")
        yield TapFooter()

    def check_action(self, action: str, parameters) -> bool | None:
        """Hide the keys this protocol or this kind of evidence has no use for."""
        if action == "counts":
            return bool(self.protocol.snapshots or self.protocol.visit_items)
        if action in ("next_student", "next_question"):
            return bool(self.protocol.interview_questions)
        if action == "next_mark":
            kind = self.protocol.evidence_kind(self.kind)
            return bool(kind and kind.marks)
        return True

    def _room_title(self) -> str:
        visit = self.visit
        details = ", ".join(v for v in (visit.grade, visit.subject) if v)
        title = visit.classroom + (f" ({details})" if details else "")
        return f"{self.walk.school} · {title}"

    @property
    def observer(self) -> str:
        """Who is typing: the name this screen's notes are saved under."""
        return self.app.active_observer

    def on_screen_resume(self) -> None:
        self.app.take_up_walk(self.walk)

    def on_mount(self) -> None:
        self.app.take_up_walk(self.walk)
        if self.protocol.snapshots:
            self._reminded: set = set()
            self.set_interval(1.0, self._remind_counts)
        self.items = self.store.evidence_for_visit(self.visit.id)
        self.evidence_list.fill([e for e in self.items if not e.student_label])
        note = self.query_one(NoteLine)
        draft = self.store.get_draft(note_key(self.visit.id))
        note.input.value = draft
        note.input.cursor_position = len(draft)
        note.coach(draft)
        note.input.focus()
        self._show_state()

    # state that survives a crash ---------------------------------------------

    def _restore_state(self) -> None:
        try:
            state = json.loads(self.store.get_draft(state_key(self.visit.id)) or "{}")
        except ValueError:
            state = {}
        kinds = [k.id for k in self.during_kinds]
        self.kind = state.get("kind") if state.get("kind") in kinds else kinds[0]
        known = {lf.id for c in self.categories for lf in c.look_fors}
        self.tags = [t for t in state.get("tags", []) if t in known]
        groups = {g.id for g in self.protocol.student_groups}
        self.groups = tuple(g for g in state.get("groups", []) if g in groups)
        kind = self.protocol.evidence_kind(self.kind)
        self.mark = state.get("mark") if kind and state.get("mark") in {m.id for m in kind.marks} else None
        student = state.get("student")
        self.student = student if isinstance(student, str) and re.fullmatch(r"Student [A-Z]", student) else None
        index = state.get("question", 0)
        count = len(self.protocol.interview_questions)
        self.question = index if isinstance(index, int) and 0 <= index < max(count, 1) else 0

    def _save_state(self) -> None:
        self.refresh_bindings()
        state = {"kind": self.kind, "tags": self.tags, "groups": list(self.groups), "mark": self.mark,
                 "student": self.student, "question": self.question}
        self.store.save_draft(state_key(self.visit.id), json.dumps(state))
        self._show_state()

    def _show_state(self) -> None:
        interviewing = bool(self.protocol.interview_questions and self.student)
        kind = self.protocol.evidence_kind(interview_kind(self.protocol, self.kind) if interviewing else self.kind)
        parts = [styled("kind: ", (kind.label, "bold"), "" if interviewing else " (Tab)")]
        if kind.marks:
            mark = next((m.label for m in kind.marks if m.id == self.mark), "—")
            parts.append(styled("mark: ", (mark, "bold"), " (ctrl+r)"))
        group_labels = [self.protocol.student_group(g).label for g in self.groups]
        parts.append(styled("groups: " + (", ".join(group_labels) if group_labels else "—")))
        parts.append(styled("tags: " + (" ".join(self.look_fors.key_of.get(t, t) for t in self.tags) or "—")))
        if interviewing:
            parts.append(styled((self.student, "bold"), " answering"))
        if self.walk.mode == "video":
            parts.append(styled("@m:ss sets the video time"))
        self.query_one("#note-state", Static).update(literal("   ").join(parts))
        noted = {
            category.id for item in self.items for tag in item.look_fors
            for category in [self.protocol.category_of(tag)] if category
        }
        self.look_fors.show(set(self.tags), noted)
        if self.protocol.interview_questions:
            self.interview.show(self.student, self.question, [e for e in self.items if e.student_label])

    # the note ------------------------------------------------------------------

    @on(Input.Changed, "#note")
    def _note_changed(self, event: Input.Changed) -> None:
        self._pending_draft = event.value
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.flush_draft)

    def flush_draft(self) -> None:
        """Write the unsaved note to the database now."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self._pending_draft is not None:
            self.store.save_draft(note_key(self.visit.id), self._pending_draft)
            self._pending_draft = None

    def on_screen_suspend(self) -> None:
        self.flush_draft()

    def on_unmount(self) -> None:
        """Quitting mid-sentence keeps the sentence: the pending draft is written now."""
        try:
            self.flush_draft()
        except Exception:  # the database may already be closed; the last draft written stays
            self._draft_timer = None

    @on(Input.Submitted, "#note")
    def _submitted(self, event: Input.Submitted) -> None:
        self.save_note(event.value)

    def save_note(self, typed: str | None = None) -> bool:
        """Save the note (as it was when Enter was pressed) as evidence, committed at once.

        Keys typed after Enter but handled before this runs stay in the line. Returns False,
        with a message, if the note cannot be saved.
        """
        note = self.query_one("#note", Input)
        typed = note.value if typed is None else typed
        try:
            text = clean_text(typed, "The note", MAX_NOTE_LENGTH)
            offset = None
            if self.walk.mode == "video":
                offset, text = video_offset(text)
                if offset is None:
                    offset = int(self.visit.elapsed_seconds(clock.now()))
                text = clean_text(text, "The note", MAX_NOTE_LENGTH)
        except TextProblem as problem:
            self.message(str(problem), error=True)
            return False
        interviewing = bool(self.protocol.interview_questions and self.student)
        question = self.protocol.interview_questions[self.question] if interviewing else None
        kind_id = interview_kind(self.protocol, self.kind) if interviewing else self.kind
        kind = self.protocol.evidence_kind(kind_id)
        observer = self.observer
        try:
            evidence = Evidence(
                walk_id=self.walk.id, visit_id=self.visit.id, kind=kind_id, text=text,
                look_fors=tuple(self.tags), student_groups=self.groups, observer=observer,
                captured_at=clock.now(), mark=self.mark if kind.marks else None,
                student_label=self.student if interviewing else None,
                question_id=question.id if question else None, video_offset_seconds=offset,
            )
            self.store.add_evidence(evidence)
        except Exception as error:  # the note stays in the line and in the draft
            self.message(f"Not saved: {error}", error=True)
            return False
        self.items.append(evidence)
        if not evidence.student_label:
            self.evidence_list.add(evidence)
        note.value = note.value[len(typed):].lstrip() if note.value.startswith(typed) else note.value
        self._pending_draft = note.value  # the saved words must not come back as a draft
        self.flush_draft()
        self.tags, self.mark = [], None
        if interviewing and self.question + 1 < len(self.protocol.interview_questions):
            self.question += 1
        self._save_state()
        self.message("Saved.")
        return True

    def message(self, text: str, error: bool = False) -> None:
        line = self.query_one("#visit-message", Static)
        line.update(literal(text))
        line.set_class(error, "-error")

    @on(VisitTimer.Changed)
    def _timing(self, event: VisitTimer.Changed) -> None:
        status = event.status
        text = " · ".join(t for t in (status.prompt, status.message) if t)
        line = self.query_one("#timing-message", Static)
        line.update(literal(text))
        line.set_class(status.phase == "past_max", "-past-max")
        line.set_class(status.phase == "at_target", "-at-target")

    # tags, kinds, groups, marks, interviews -------------------------------------

    @on(LookForList.Toggled)
    def _toggle(self, event: LookForList.Toggled) -> None:
        if event.look_for_id in self.tags:
            self.tags.remove(event.look_for_id)
        else:
            self.tags.append(event.look_for_id)
        self._save_state()
        if event.by_click:  # a click tags; the keyboard stays with the note
            self.call_after_refresh(self.query_one("#note", Input).focus)

    def action_toggle_tags(self) -> None:
        if self.look_fors.has_focus:
            self.query_one("#note", Input).focus()
        else:
            self.look_fors.focus()
            self.message("Letters now tag the next note; Esc or Enter goes back to the note.")

    def action_to_note(self) -> None:
        self.query_one("#note", Input).focus()

    def _step_kind(self, step: int) -> None:
        ids = [k.id for k in self.during_kinds]
        self.kind = ids[(ids.index(self.kind) + step) % len(ids)]
        self.mark = None
        self._save_state()

    def action_next_kind(self) -> None:
        self._step_kind(1)

    def action_previous_kind(self) -> None:
        self._step_kind(-1)

    def action_next_mark(self) -> None:
        marks = [m.id for m in self.protocol.evidence_kind(self.kind).marks]
        if not marks:
            self.message("This kind of evidence has no marks.")
            return
        order = [None, *marks]
        self.mark = order[(order.index(self.mark) + 1) % len(order)]
        self._save_state()

    def action_groups(self) -> None:
        from classwalk.tui.dialogs.groups import GroupsDialog

        def chosen(groups):
            if groups is not None:
                self.groups = groups
                self._save_state()

        self.app.push_screen(GroupsDialog(self.protocol.student_groups, self.groups), chosen)

    def action_next_student(self) -> None:
        if not self.protocol.interview_questions:
            self.message("This protocol has no student interview.")
            return
        self.student = next_label(self.student)
        self.question = 0
        self._save_state()

    def action_next_question(self) -> None:
        count = len(self.protocol.interview_questions)
        if count:
            self.question = (self.question + 1) % count
            self._save_state()

    def action_counts(self) -> None:
        """Snapshot counts and typed items of this visit (protocols that declare them)."""
        from classwalk.tui.dialogs.counts_items import CountsDialog

        if self.protocol.snapshots or self.protocol.visit_items:
            self.app.push_screen(CountsDialog(self.protocol, self.walk, self.visit, self.observer))

    def _remind_counts(self) -> None:
        from classwalk.tui.dialogs.counts_items import remind_due_snapshots

        remind_due_snapshots(self, self.protocol, self.visit, self._reminded)

    # leaving the room ----------------------------------------------------------

    def _leave(self) -> bool:
        """Save a typed note, end this visit; False if the note could not be saved."""
        if self.query_one("#note", Input).value.strip() and not self.save_note():
            return False
        self._pending_draft = self.query_one("#note", Input).value
        self.flush_draft()
        self.visit = self.store.end_visit(self.visit.id, at=clock.now())
        self.query_one(VisitTimer).visit = self.visit  # the clock stops at the end of the visit
        self.store.clear_draft(state_key(self.visit.id))
        return True

    def action_next_room(self) -> None:
        if self._leave():
            after_room(self.app, self.walk, self.visit, then="next")

    def action_end_visits(self) -> None:
        if self._leave():
            after_room(self.app, self.walk, self.visit, then="end")

    def system_commands(self):
        from textual.app import SystemCommand

        yield SystemCommand("Next classroom", "End this visit and walk into the next room", self.action_next_room)
        yield SystemCommand("End visits", "End this visit and the walk's visits; go to the debrief",
                            self.action_end_visits)
        yield SystemCommand("Student groups", "Tag the next note with student groups", self.action_groups)


# the walk's flow between rooms ---------------------------------------------------


def after_kind(protocol):
    """The evidence kind captured after each room (IFL's hallway note), if the protocol has one."""
    return next((k for k in protocol.evidence_kinds if k.when == "after"), None)


def interview_kind(protocol, fallback: str) -> str:
    """The evidence kind an interview answer is saved as: the one the protocol declares."""
    return protocol.interview_evidence_kind or fallback


def after_room(app, walk, visit, then: str) -> None:
    """After leaving a room: the hallway note if the protocol asks for one, then next room or the end."""
    from classwalk.tui.dialogs.hallway_note import HallwayNoteDialog, draft_key

    store = app.classwalk.store
    protocol = app.classwalk.protocols.get(walk.protocol_id)
    kind = after_kind(protocol)

    def go_on(_result=None) -> None:
        if then == "next":
            choose_room(app, walk)
        else:
            end_visits(app, walk)

    if kind is None:
        go_on()
        return

    def saved(note) -> None:
        if note:
            observer = app.active_observer
            store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind=kind.id, text=note.text,
                                        mark=note.mark, observer=observer, captured_at=clock.now()))
            store.clear_draft(draft_key(visit.id))
            app.notify(shown(f"{kind.label} saved."), markup=False)
        go_on()

    app.push_screen(HallwayNoteDialog(store, visit, kind), saved)


def choose_room(app, walk) -> None:
    """Ask which classroom is next, then open its visit (Back returns home)."""
    store = app.classwalk.store
    visits = store.visits_for_walk(walk.id)

    def chosen(choice: ClassroomChoice | None) -> None:
        if choice is None:
            app.action_home()
            return
        visit = Visit(walk_id=walk.id, classroom=choice.classroom, grade=choice.grade, subject=choice.subject,
                      teacher=choice.teacher, slice=walk.slice,
                      observer=app.take_up_walk(walk), started_at=clock.now())
        store.save_visit(visit)
        open_visit(app, walk, visit)

    app.action_home()
    app.push_screen(ClassroomDialog(walk.school, store.classrooms(walk.school), len(visits)), chosen)


def open_visit(app, walk, visit) -> None:
    app.action_home()
    protocol = app.classwalk.protocols.get(walk.protocol_id)
    if protocol.interval_coding:  # the protocol codes the lesson in intervals: the coding grid
        from classwalk.tui.screens.interval_visit import IntervalVisitScreen

        app.push_screen(IntervalVisitScreen(walk, visit))
        return
    app.push_screen(VisitScreen(walk, visit))


def end_visits(app, walk) -> None:
    """The visits are over: the walk moves on to its debrief."""
    store = app.classwalk.store
    store.set_walk_status(walk.id, "debriefing")
    app.action_home()
    app.open_debrief(walk.id)


def start_or_resume(app, walk_id: str) -> None:
    """Resume a walk where it was: its open visit, a pending hallway note, or the next room."""
    from classwalk.tui.dialogs.hallway_note import draft_key

    store = app.classwalk.store
    walk = store.get_walk(walk_id)
    if app.classwalk.protocols.find(walk.protocol_id) is None:
        app.notify(f"The protocol {shown(walk.protocol_id)!r} of this walk is not installed.", severity="error",
                   markup=False)
        return
    current = store.open_visit(walk_id)
    if current is not None:
        open_visit(app, walk, current)
        return
    visits = store.visits_for_walk(walk_id)
    if visits and store.get_draft(draft_key(visits[-1].id)):
        after_room(app, walk, visits[-1], then="next")
        return
    choose_room(app, walk)

