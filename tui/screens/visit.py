"""The visit: one classroom, the timer, the look-fors and the note line.

Enter saves a note at once (committed before the next key). What is typed but not
saved is written as a draft on every change, and the tags, kind, groups and the
interview under way are kept too, so a walk interrupted at any moment resumes exactly
where it was (:mod:`classwalk.tui.room.drafts`; the set-up itself is the plain record
:class:`~classwalk.tui.room.state.RoomState`).

Keys are taken in the order they arrive, however fast: switching between the note and
the look-fors, and tagging, happen before the next key is read (:meth:`VisitScreen.take_key`),
so a burst of keys (a paste, a text expander, a fast typist) lands where slow typing
would put it. A write the database refuses (a full disk) never stops the program: the
note stays in the line, the screen says so in one line, and the write is tried again.
Every read and write goes through the run's scoped door (:func:`classwalk.tui.data.app_door`).
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, Static

from classwalk.tui import keymap
from classwalk.features.capture import team
from classwalk.tui import clock
from classwalk.tui.literal import terminal_content, terminal_line
from classwalk.core.escape import for_terminal
from classwalk.tui.narrow import NarrowLayout
from classwalk.tui.room.drafts import DURABLE_AFTER, RoomDrafts, note_key, state_key
from classwalk.tui.room.flow import (  # noqa: F401 (the walk's flow, imported from here by callers)
    after_kind, after_room, back_to_room, choose_room, end_visits, follow_into, moved_out, open_visit,
    resume_lesson, start_or_resume,
)
from classwalk.tui.room.screen import RoomScreen
from classwalk.tui.room.state import RoomState, interview_kind, video_offset  # noqa: F401
from classwalk.tui.text import MAX_NOTE_LENGTH, TextProblem, clean_text
from classwalk.tui.widgets.evidence_list import EvidenceList
from classwalk.tui.widgets.help_footer import HelpFooter
from classwalk.tui.widgets.interview_panel import InterviewPanel
from classwalk.tui.widgets.look_fors import LookForList
from classwalk.tui.widgets.note_line import NoteLine
from classwalk.tui.widgets.observer_badge import ObserverBadge
from classwalk.tui.widgets.team_feed import TeamNotesMixin
from classwalk.tui.widgets.team_moves import TeamMovesMixin
from classwalk.tui.widgets.timer import VisitTimer
from classwalk.core.errors import error_line

RETRY_SECONDS = 2.0


def _of_state(name: str) -> property:
    """A screen attribute that is the room state's (``screen.kind`` is ``screen.state.kind``)."""
    return property(lambda self: getattr(self.state, name), lambda self, value: setattr(self.state, name, value))


class VisitScreen(NarrowLayout, TeamNotesMixin, TeamMovesMixin, RoomScreen):
    """One classroom of a walk: evidence in, one key per action."""

    BINDINGS = keymap.bindings("visit")

    MESSAGE_ID = "visit-message"

    kind = _of_state("kind")
    tags = _of_state("tags")
    groups = _of_state("groups")
    groups_pinned = _of_state("groups_pinned")
    mark = _of_state("mark")
    student = _of_state("student")
    question = _of_state("question")
    items = _of_state("items")
    editing = _of_state("editing")  # the saved note being edited in the note line, if any

    def __init__(self, walk, visit):
        super().__init__(walk, visit)
        self.state: RoomState | None = None  # made in compose, once the protocol is known
        self.drafts: RoomDrafts | None = None
        self._durable_timer = None
        self.moves: list[team.Move] = []  # teammates who left this room (ctrl+f follows the latest)

    # set-up ------------------------------------------------------------------

    @property
    def observer(self) -> str:
        """Who is typing: the name this screen's notes are saved under."""
        return self.app.active_observer

    @property
    def typist(self) -> str:
        """Whose line the note line is (ctrl+o on a shared device switches)."""
        return self.drafts.typist

    @property
    def interviewing(self) -> bool:
        return self.state.interviewing

    @property
    def during_kinds(self) -> list:
        return self.state.during_kinds

    @property
    def categories(self) -> list:
        return self.state.categories

    def compose(self) -> ComposeResult:
        protocol = self.protocol = self.api.protocols.get(self.walk.protocol_id)
        self.state = RoomState.for_walk(protocol, self.walk)
        self.drafts = RoomDrafts(self.door, self.visit, self.visit.observer)
        self._restore_state()
        self.sub_title = for_terminal(protocol.name, lines=True)
        yield Header()
        with Horizontal(id="visit-top"):
            yield Static(terminal_content(self._room_title()), id="room")
            yield ObserverBadge(id="observer")
            yield VisitTimer(self.api, protocol, self.walk, self.visit, id="timer")
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
        yield NoteLine(self.api.judgement_words(protocol), id="note-line")
        yield self.team_feed()
        yield Static("", id="visit-message", classes="message")
        yield HelpFooter()

    def check_action(self, action: str, parameters) -> bool | None:
        """Hide the keys this protocol, this kind of evidence or this moment has no use for."""
        if action == "undo_delete":
            return self.state.last_deleted is not None
        if action == "follow":
            return self.can_follow()
        if action == "counts":
            return bool(self.protocol.snapshots or self.protocol.visit_items)
        if action == "start_interview":
            return bool(self.protocol.interview_questions) and not self.student
        if action in ("end_interview", "next_question", "previous_question"):
            return self.interviewing
        if action == "next_mark":
            kind = self.protocol.evidence_kind(self.kind)
            return bool(kind and kind.marks) and not self.interviewing
        return True

    def on_screen_resume(self) -> None:
        self.app.take_up_walk(self.walk)

    def on_mount(self) -> None:
        self.app.take_up_walk(self.walk)
        if self.protocol.snapshots:
            self._reminded: set = set()
            self.set_interval(1.0, self._remind_counts)
        self.items = self.door.visit_evidence(self.visit)
        self.evidence_list.fill([e for e in self.items if not e.student_label])
        note = self.note_input
        draft = self.drafts.take_up(self.observer)
        note.value = draft
        note.cursor_position = len(draft)
        self.query_one(NoteLine).coach(draft)
        note.focus()
        self._show_state()
        note.on_change = self._note_value
        self.set_interval(RETRY_SECONDS, self._retry_writes)
        self.watch(self.app, "active_observer", self._typist_changed, init=False)

    @property
    def note_input(self) -> Input:
        return self.query_one("#note", Input)

    # keys in the order they arrive ------------------------------------------------

    def take_key(self, event: events.Key) -> bool:
        """Handle a key before it goes to the focused widget; True when it is used up here.

        The app calls this as each key arrives, before reading the next one, so the
        switch between the note and the look-fors takes effect for the very next key.
        The rule: Esc (or ctrl+t) moves to the look-fors; there each look-for's letter
        tags the next note, and Enter, Esc or ctrl+t go back to the note; any other
        character goes back to the note and is typed into it. Esc and a letter that
        arrive together (read as alt+letter) count as Esc, then the letter.
        """
        tagging = self.focused is self.look_fors
        key, character = event.key, event.character
        if key in ("escape", "ctrl+t"):
            if key == "escape" and self.editing and not tagging:
                self.cancel_edit()
            elif key == "escape" and self.focused is self.evidence_list:
                self._set_tagging(False)
            else:
                self._set_tagging(not tagging)
            return True
        if not tagging and key.startswith("alt+") and character and len(character) == 1 and character.isprintable():
            self._set_tagging(True)
            return self._tag_or_type(character)
        if tagging:
            if key == "enter":
                self._set_tagging(False)
                return True
            if character and len(character) == 1 and character.isprintable():
                return self._tag_or_type(character)
            return False
        if self.focused is self.evidence_list:
            return self._list_key(event)
        note = self.note_input
        if self.focused is not note or self._has_priority_binding(key):
            return False  # the screen's and the app's keys (ctrl+n, Tab, ctrl+o...) run as bound
        if key == "up" and not self.editing:
            if self.evidence_list.entries:
                self.set_focus(self.evidence_list)
                self.evidence_list.highlight(len(self.evidence_list.entries) - 1)
                self.message("↑↓ choose a note · e or Enter edits it · d deletes it · Esc back to the note")
            return True
        if key == "enter":
            if self.editing:
                self.save_edit(note.value)
            else:
                self.save_note(note.value)
            return True
        return note.type_key(event)

    def _list_key(self, event: events.Key) -> bool:
        """Keys while a saved note is highlighted: move, edit, delete, undo, or back to the note."""
        listing = self.evidence_list
        key, character = event.key, event.character
        if key in ("up", "down"):
            listing.move(-1 if key == "up" else 1)
            return True
        if key in ("enter", "e"):
            chosen = listing.chosen
            if chosen is not None:
                self.start_edit(chosen)
            return True
        if key in ("d", "delete"):
            chosen = listing.chosen
            if chosen is not None:
                self.ask_delete(chosen)
            return True
        if key == "u":
            self.undo_delete()
            return True
        if self._has_priority_binding(key):
            return False
        self.set_focus(self.note_input)
        self.message("")
        if character and len(character) == 1 and character.isprintable():
            return self.note_input.type_key(event)
        return True

    def take_paste(self, event: events.Paste) -> bool:
        """A paste goes into the note line now, in its place among the keys around it (from the lists too)."""
        if self.focused in (self.look_fors, self.evidence_list):
            self._set_tagging(False)
        if self.focused is not self.note_input:
            return False
        from classwalk.tui.widgets.field_input import insert_typed, pasted_text

        insert_typed(self.note_input, pasted_text(event.text).replace("\t", " "))
        return True

    def _has_priority_binding(self, key: str) -> bool:
        """True when the screen or the app has an enabled priority binding for ``key``."""
        for node in (self, self.app):
            for binding in node._bindings.key_to_bindings.get(key, ()):
                if binding.priority and node.check_action(binding.action, ()) is not False:
                    return True
        return False

    def _tag_or_type(self, character: str) -> bool:
        """In the look-fors: a look-for's key tags; any other character is typed into the note."""
        look_for_id = self.look_fors.keys.get(character)
        if look_for_id:
            self.toggle_tag(look_for_id)
            return True
        self._set_tagging(False)
        self.note_input.insert_text_at_cursor(character)
        return True

    def _set_tagging(self, on: bool) -> None:
        if on:
            self.set_focus(self.look_fors)
            self.message("Letters tag the next note; Enter, Esc or any other character goes back to the note.")
        else:
            self.set_focus(self.note_input)
            self.message("")

    def action_toggle_tags(self) -> None:
        self._set_tagging(self.focused is not self.look_fors)

    def action_to_note(self) -> None:
        self._set_tagging(False)

    # state that survives a crash ---------------------------------------------

    def _restore_state(self) -> None:
        self.state.restore(self.drafts.set_up(self.observer))

    def _save_state(self) -> None:
        self.refresh_bindings()
        self._show_state()
        problem = self.drafts.keep_set_up(self.state.to_json())
        if problem:  # shown, kept in memory, written again by _retry_writes
            self.message(problem, error=True)

    def _show_state(self) -> None:
        interviewing = self.interviewing
        if self.editing is not None:
            parts = [terminal_line(("editing a saved note", "bold"), " (Enter saves, Esc cancels)")]
            kind = self.protocol.evidence_kind(self.editing.kind)
            if kind and kind.marks:
                mark = next((m.label for m in kind.marks if m.id == self.mark), "—")
                parts.append(terminal_line("mark: ", (mark, "bold"), " (ctrl+r)"))
        elif interviewing:
            kind = self.protocol.interview_kind() or self.protocol.evidence_kind(self.kind)
            question = self.protocol.interview_questions[self.question]
            parts = [terminal_line((self.student, "bold"), f" answers question {self.question + 1}: ",
                            (question.text, "italic"))]
        else:
            kind = self.protocol.evidence_kind(self.kind)
            parts = [terminal_line("kind: ", (kind.label, "bold"), " (Tab)")]
            if kind.marks:
                mark = next((m.label for m in kind.marks if m.id == self.mark), "—")
                parts.append(terminal_line("mark: ", (mark, "bold"), " (ctrl+r)"))
        group_labels = [self.protocol.student_group(g).label for g in self.groups]
        groups = ", ".join(group_labels) if group_labels else "—"
        parts.append(terminal_line("groups: ", (groups, "bold" if self.groups_pinned else ""),
                            " (pinned)" if self.groups_pinned else ""))
        parts.append(terminal_line("tags: " + (" ".join(self.look_fors.key_of.get(t, t) for t in self.tags) or "—")))
        if self.walk.mode == "video" and not interviewing:
            parts.append(terminal_line("@m:ss sets the video time"))
        self.query_one("#note-state", Static).update(terminal_content("   ").join(parts))
        self.note_input.placeholder = (
            f"{self.student}'s answer to question {self.question + 1}; Enter saves it" if interviewing
            else "What do students and the teacher say and do? Enter saves")
        self.look_fors.show(set(self.tags), self.state.noted_categories())
        if self.protocol.interview_questions:
            self.interview.show(self.student, self.question, [e for e in self.items if e.student_label])

    # the note ------------------------------------------------------------------

    def _note_value(self, _value: str) -> None:
        self.write_draft()

    # editing and deleting saved notes ----------------------------------------------

    def start_edit(self, evidence) -> None:
        """Put a saved note in the note line, with its tags, groups and mark; Enter saves the change."""
        note = self.note_input
        note.value = self.state.start_edit(evidence, note.value)
        note.cursor_position = len(note.value)
        self.set_focus(note)
        self._show_state()
        self.message("Editing: Enter saves the change (the old text is kept), Esc cancels.")

    def _end_edit(self) -> None:
        note = self.note_input
        note.value = self.state.end_edit()
        note.cursor_position = len(note.value)
        self._save_state()

    def cancel_edit(self) -> None:
        self._end_edit()
        self.message("Edit cancelled: the note is as it was.")

    def save_edit(self, typed: str) -> bool:
        """Save the note line as the new text (and tags, groups, mark) of the note being edited."""
        evidence = self.editing
        try:
            text = clean_text(typed, "The note", MAX_NOTE_LENGTH)
        except TextProblem as problem:
            self.message(f"{problem} (d in the list deletes a note)", error=True)
            return False
        try:
            edited = self.door.edit_evidence(
                evidence, editor=self.observer, text=text, look_fors=tuple(self.tags),
                student_groups=tuple(self.groups), mark=self.state.edit_mark())
        except Exception as error:  # the edit stays in the line
            self.refused(error, "the edit stays in the line; Enter tries again.")
            return False
        self.state.edited(edited)
        self.evidence_list.replace(edited)
        self._end_edit()
        self.message("Change saved; the earlier text is kept as a revision.")
        return True

    def ask_delete(self, evidence) -> None:
        from classwalk.tui.dialogs.confirm import ConfirmDialog
        from classwalk.core.text import shorten

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_note(evidence)
            else:
                self.set_focus(self.evidence_list)

        self.app.push_screen(ConfirmDialog(
            "Delete this note?", f"“{shorten(evidence.text, 120)}” (ctrl+z brings it back)",
            yes="Delete", no="Keep it"), answered)

    def delete_note(self, evidence) -> None:
        try:
            self.door.delete_evidence(evidence, by=self.observer)
        except Exception as error:
            self.message(f"Not deleted ({error_line(error)}).", error=True)
            return
        self.state.deleted(evidence.id)
        self.evidence_list.drop(evidence.id)
        self.set_focus(self.note_input)
        self._show_state()
        self.refresh_bindings()
        self.message("Note deleted: ctrl+z brings it back.")

    def action_undo_delete(self) -> None:
        self.undo_delete()

    def undo_delete(self) -> None:
        """Bring back the note deleted last in this room."""
        if self.state.last_deleted is None:
            self.message("No note was deleted here.")
            return
        try:
            self.door.restore_evidence(self.state.last_deleted)
            restored = self.door.note(self.state.last_deleted)
            self.items = self.door.visit_evidence(self.visit)
        except Exception as error:
            self.message(f"Not brought back ({error_line(error)}).", error=True)
            return
        self.state.last_deleted = None
        self.refresh_bindings()
        self.evidence_list.fill([e for e in self.items if not e.student_label])
        self.set_focus(self.note_input)
        self._show_state()
        self.message(f"Brought back: {restored.text[:60]}")

    def write_draft(self) -> bool:
        """Write the note line as it is now to the database (a tiny upsert); False if refused.

        Called the moment the line changes (a watcher on its value, run before the note
        line reads its next key), so a crash, a kill or a flat battery loses nothing typed.
        """
        if self.editing is not None:
            return True  # an edit in the line is not a new note's draft
        outcome, news = self.drafts.keep_line(self.note_input.value)
        if news:
            self.message(news, error=outcome == "refused")
        if outcome == "written":
            if self._durable_timer is not None:
                self._durable_timer.stop()
            self._durable_timer = self.set_timer(DURABLE_AFTER, self._durable_draft)
        return outcome != "refused"

    def _durable_draft(self) -> None:
        """After a pause in typing: the draft once more, waiting for the disk (safe from a power cut)."""
        self._durable_timer = None
        self.drafts.sync_line()

    def _retry_writes(self) -> None:
        """Every couple of seconds: write again what the database refused before."""
        if self.drafts.note_failed:
            self.write_draft()
        if self.drafts.state_failed:
            self._save_state()

    def on_unmount(self) -> None:
        """Quitting mid-sentence keeps the sentence (it is written on every change already)."""
        try:
            self.write_draft()
        except Exception:  # the app is closing; the last draft written stays
            pass

    @on(Input.Submitted, "#note")
    def _submitted(self, event: Input.Submitted) -> None:
        self.save_note(event.value)

    def save_note(self, typed: str | None = None) -> bool:
        """Save the note (as it was when Enter was pressed) as evidence, committed at once.

        In an interview the note is the answer to the question shown, saved as the kind the
        protocol declares for answers; the next question is shown after it. Keys typed after
        Enter but handled before this runs stay in the line. Returns False, with a message,
        if the note cannot be saved (it stays in the line and in the draft).
        """
        note = self.note_input
        typed = note.value if typed is None else typed
        try:
            new = self.state.new_note(typed, video=self.walk.mode == "video",
                                      elapsed_seconds=self.visit.elapsed_seconds(clock.now()))
        except TextProblem as problem:
            self.message(str(problem), error=True)
            return False
        try:
            evidence = self.door.record(
                self.visit, new.text, kind=new.kind, look_fors=new.look_fors, student_groups=new.student_groups,
                mark=new.mark, student=new.student, question=new.question, observer=self.observer,
                at=clock.now(), video_offset_seconds=new.video_offset_seconds)
        except Exception as error:  # refused: the note stays in the line and in the draft
            self.write_draft()
            self.refused(error)
            return False
        if not evidence.student_label:
            self.evidence_list.add(evidence)
        note.value = note.value[len(typed):].lstrip() if note.value.startswith(typed) else note.value
        self.write_draft()  # the saved words must not come back as a draft
        saved = self.state.saved(evidence)
        self._save_state()
        self.message(saved)
        return True

    @on(VisitTimer.Changed)
    def _timing(self, event: VisitTimer.Changed) -> None:
        status = event.status
        text = " · ".join(t for t in (status.prompt, status.message) if t)
        line = self.query_one("#timing-message", Static)
        line.update(terminal_content(text))
        line.set_class(status.phase == "past_max", "-past-max")
        line.set_class(status.phase == "at_target", "-at-target")

    # tags, kinds, groups, marks, interviews -------------------------------------

    def toggle_tag(self, look_for_id: str) -> None:
        self.state.toggle_tag(look_for_id)
        self._save_state()

    @on(LookForList.Toggled)
    def _toggle(self, event: LookForList.Toggled) -> None:
        self.toggle_tag(event.look_for_id)
        if event.by_click:  # a click tags; the keyboard stays with the note
            self.call_after_refresh(self.note_input.focus)

    def _step_kind(self, step: int) -> None:
        refused = self.state.step_kind(step)
        if refused:
            self.message(refused)
            return
        self._save_state()

    def action_next_kind(self) -> None:
        self._step_kind(1)

    def action_previous_kind(self) -> None:
        self._step_kind(-1)

    def action_next_mark(self) -> None:
        if not self.state.next_mark():
            self.message("This kind of evidence has no marks.")
            return
        self._save_state()

    def action_groups(self) -> None:
        from classwalk.tui.dialogs.groups import GroupsChoice, GroupsDialog

        def chosen(choice: GroupsChoice | None) -> None:
            if choice is not None:
                self.state.set_groups(choice.groups, choice.pinned)
                self._save_state()

        self.app.push_screen(GroupsDialog(self.protocol.student_groups, self.groups, self.groups_pinned), chosen)

    def action_start_interview(self) -> None:
        """Interview the next student (Student A, B... not yet asked in this room), from question 1."""
        before = self.student
        said = self.state.start_interview()
        if self.student != before:
            self._save_state()
        self.message(said)

    def action_end_interview(self) -> None:
        """Stop interviewing: notes are ordinary notes again."""
        said = self.state.end_interview()
        if said is not None:
            self._save_state()
            self.message(said)

    def action_next_question(self) -> None:
        if self.state.step_question(1):
            self._save_state()

    def action_previous_question(self) -> None:
        if self.state.step_question(-1):
            self._save_state()

    def _remind_counts(self) -> None:
        from classwalk.tui.dialogs.counts_items import remind_due_snapshots

        remind_due_snapshots(self, self.protocol, self.visit, self._reminded)

    # leaving the room ----------------------------------------------------------

    def _leave(self) -> bool:
        """Save a typed note, end this visit; False (with a message) if either cannot be done."""
        if self.note_input.value.strip() and not self.save_note():
            return False
        if not self.end_visit():
            return False
        self.query_one(VisitTimer).visit = self.visit  # the clock stops at the end of the visit
        return True

    def _teammates_in_rooms(self) -> list:
        try:
            return [v for v in self.door.in_rooms(self.walk) if v.observer != self.visit.observer]
        except Exception:  # an unreadable database: ask as if alone; the end itself reports problems
            return []

    def action_next_room(self) -> None:
        """Leave for the next room: you alone, or (the facilitator's choice) the whole team."""
        from classwalk.tui.dialogs.confirm import ConfirmDialog

        others = self._teammates_in_rooms()
        if not (others and team.is_facilitator(self.walk, self.observer)):
            if self._leave():
                self.leave_for("next")
            return

        def answered(whole_team: bool | None) -> None:
            if self._leave():
                self.leave_for("team" if whole_team else "next")

        self.app.push_screen(ConfirmDialog(
            "Move the whole team?", f"In a room now: {team.who_is_in_a_room(others)}. The whole team "
            "follows you into the next room; only you leaves them where they are.",
            yes="The whole team", no="Only me"), answered)

    def action_end_visits(self) -> None:
        from classwalk.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes and self._leave():
                self.leave_for("end")

        others = self._teammates_in_rooms()
        still = (f" Still in a room: {team.who_is_in_a_room(others)}; their visits end too and their "
                 "screens say so." if others else "")
        self.app.push_screen(ConfirmDialog(
            "End the walk's visits?",
            f"This leaves {self.visit.classroom} and takes the walk to its debrief.{still}",
            yes="End visits", no="Stay in the room"), answered)

    # the team: who moved, following, being moved -------------------------------

    def check_room(self) -> None:
        """Look at once whether this room is still ours (a note was just refused)."""
        self.team_changed()

    def room_ended(self, visit) -> None:
        self.query_one(VisitTimer).visit = visit  # the clock stops at the end of the visit

    def unsaved_words(self) -> str:
        """What the note line holds, not saved yet."""
        return self.note_input.value

    def _typist_changed(self, name: str) -> None:
        """ctrl+o on a shared device: the note line becomes the new typist's, with their draft."""
        if name == self.typist or self.editing is not None:
            return
        self.write_draft()
        draft = self.drafts.take_up(name, quiet=True)  # unreadable: an empty line, the old one stays kept
        note = self.note_input
        note.on_change = None
        note.value = draft
        note.cursor_position = len(draft)
        note.on_change = self._note_value
        self._restore_state()
        self._show_state()

    def system_commands(self):
        from textual.app import SystemCommand

        yield SystemCommand("Next classroom", "End this visit and walk into the next room", self.action_next_room)
        yield SystemCommand("End visits", "End this visit and the walk's visits; go to the debrief",
                            self.action_end_visits)
        yield SystemCommand("Student groups", "Tag the next note with student groups", self.action_groups)


__all__ = [  # the walk's flow and the draft keys live beside this screen; callers import them from here too
    "VisitScreen", "after_kind", "after_room", "back_to_room", "choose_room", "end_visits", "follow_into",
    "interview_kind", "moved_out", "note_key", "open_visit", "resume_lesson", "start_or_resume", "state_key",
    "video_offset",
]
