"""The visit: one classroom, the timer, the look-fors and the note line.

Enter saves a note at once (committed before the next key). What is typed but not
saved is written as a draft on every change, and the tags, kind, groups and the
interview under way are kept too, so a walk interrupted at any moment resumes exactly
where it was.

Keys are taken in the order they arrive, however fast: switching between the note and
the look-fors, and tagging, happen before the next key is read (:meth:`VisitScreen.take_key`),
so a burst of keys (a paste, a text expander, a fast typist) lands where slow typing
would put it. A write the database refuses (a full disk) never stops the program: the
note stays in the line, the screen says so in one line, and the write is tried again.
"""

from __future__ import annotations

import json
import re

from attrs import evolve
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from classwalk.tui import keymap
from classwalk.core.errors import ClasswalkError
from classwalk.core.model import Draft, Evidence, Visit
from classwalk.core.paths import this_device
from classwalk.features import capture, team
from classwalk.tui import clock
from classwalk.tui.dialogs.classroom import ClassroomChoice, ClassroomDialog
from classwalk.tui.literal import literal, shown, styled
from classwalk.tui.text import MAX_NOTE_LENGTH, TextProblem, clean_text
from classwalk.tui.widgets.evidence_list import EvidenceList
from classwalk.tui.widgets.interview_panel import InterviewPanel, next_free_label
from classwalk.tui.widgets.look_fors import LookForList
from classwalk.tui.widgets.note_line import NoteLine
from classwalk.tui.widgets.observer_badge import ObserverBadge
from classwalk.tui.narrow import NarrowLayout
from classwalk.tui.widgets.team_feed import TeamNotesMixin
from classwalk.tui.widgets.timer import VisitTimer
from classwalk.tui.widgets.help_footer import HelpFooter

RETRY_SECONDS = 2.0
DURABLE_AFTER = 0.3  # seconds of no typing before the draft is also flushed to the disk itself
VIDEO_OFFSET = re.compile(r"^@(?:(\d{1,2}):)?(\d{1,3}):(\d{2})\s+")


def note_key(visit: Visit, observer: str | None = None) -> Draft:
    """The draft of ``observer``'s note line in ``visit`` on this device (theirs alone)."""
    return Draft(slot="note", walk_id=visit.walk_id, subject=visit.id,
                 observer=visit.observer if observer is None else observer, device=this_device())


def state_key(visit: Visit, observer: str | None = None) -> Draft:
    """The draft of ``observer``'s tags, kind and interview in ``visit`` on this device."""
    return Draft(slot="visit-state", walk_id=visit.walk_id, subject=visit.id,
                 observer=visit.observer if observer is None else observer, device=this_device())


def video_offset(text: str) -> tuple[int | None, str]:
    """A leading ``@m:ss`` (or ``@h:mm:ss``) in a video-mode note: (seconds, rest of the note)."""
    match = VIDEO_OFFSET.match(text)
    if not match:
        return None, text
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds, text[match.end():]


def write_problem(error: BaseException) -> str:
    """A database error as the few words the observer needs (``database or disk is full``)."""
    return " ".join(str(error).split()) or type(error).__name__


class VisitScreen(NarrowLayout, TeamNotesMixin, Screen):
    """One classroom of a walk: evidence in, one key per action."""

    BINDINGS = keymap.bindings("visit")

    def __init__(self, walk, visit):
        super().__init__()
        self.walk = walk
        self.visit = visit
        self._draft_written: str | None = None
        self._durable_timer = None
        self._draft_failed = False
        self._state_failed = False
        self.editing = None  # the saved note being edited in the note line, if any
        self._stashed: dict | None = None  # what the note line held before the edit began
        self._last_deleted: str | None = None
        self._typist = visit.observer  # whose line the note line is (ctrl+o on a shared device switches)
        self.moves: list[team.Move] = []  # teammates who left this room (ctrl+f follows the latest)

    # set-up ------------------------------------------------------------------

    @property
    def classwalk(self):
        return self.app.classwalk

    @property
    def store(self):
        return self.app.classwalk.store

    @property
    def observer(self) -> str:
        """Who is typing: the name this screen's notes are saved under."""
        return self.app.active_observer

    @property
    def interviewing(self) -> bool:
        return bool(self.protocol.interview_questions and self.student)

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
        yield HelpFooter()

    def check_action(self, action: str, parameters) -> bool | None:
        """Hide the keys this protocol, this kind of evidence or this moment has no use for."""
        if action == "undo_delete":
            return self._last_deleted is not None
        if action == "follow":
            return any(move.visit is not None for move in self.moves)
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

    def _room_title(self) -> str:
        visit = self.visit
        details = ", ".join(v for v in (visit.grade, visit.subject) if v)
        title = visit.classroom + (f" ({details})" if details else "")
        return f"{self.walk.school} · {title}"

    def on_screen_resume(self) -> None:
        self.app.take_up_walk(self.walk)

    def on_mount(self) -> None:
        self.app.take_up_walk(self.walk)
        if self.protocol.snapshots:
            self._reminded: set = set()
            self.set_interval(1.0, self._remind_counts)
        self.items = self.store.evidence_for_visit(self.visit.id)
        self.evidence_list.fill([e for e in self.items if not e.student_label])
        note = self.note_input
        self._typist = self.observer
        draft = self.store.get_draft(note_key(self.visit, self._typist))
        self._draft_written = draft
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
        try:
            state = json.loads(self.store.get_draft(state_key(self.visit, self.observer)) or "{}")
        except ValueError:
            state = {}
        if not isinstance(state, dict):
            state = {}
        kinds = [k.id for k in self.during_kinds]
        self.kind = state.get("kind") if state.get("kind") in kinds else kinds[0]
        known = {lf.id for c in self.categories for lf in c.look_fors}
        self.tags = [t for t in state.get("tags", []) if t in known]
        groups = {g.id for g in self.protocol.student_groups}
        self.groups = tuple(g for g in state.get("groups", []) if g in groups)
        self.groups_pinned = bool(state.get("groups_pinned")) and bool(self.groups)
        kind = self.protocol.evidence_kind(self.kind)
        self.mark = state.get("mark") if kind and state.get("mark") in {m.id for m in kind.marks} else None
        student = state.get("student")
        valid = isinstance(student, str) and re.fullmatch(r"Student [A-Z]", student)
        self.student = student if valid and self.protocol.interview_questions else None
        index = state.get("question", 0)
        count = len(self.protocol.interview_questions)
        self.question = index if isinstance(index, int) and 0 <= index < max(count, 1) else 0

    def _save_state(self) -> None:
        self.refresh_bindings()
        self._show_state()
        state = {"kind": self.kind, "tags": self.tags, "groups": list(self.groups),
                 "groups_pinned": self.groups_pinned, "mark": self.mark,
                 "student": self.student, "question": self.question}
        try:
            self.store.save_draft(state_key(self.visit, self._typist), json.dumps(state))
        except Exception as error:  # shown, kept in memory, written again by _retry_writes
            self._state_failed = True
            self.message(f"Tags and kind not written ({write_problem(error)}); kept here, trying again.",
                         error=True)
        else:
            self._state_failed = False

    def _show_state(self) -> None:
        interviewing = self.interviewing
        if self.editing is not None:
            parts = [styled(("editing a saved note", "bold"), " (Enter saves, Esc cancels)")]
            kind = self.protocol.evidence_kind(self.editing.kind)
            if kind and kind.marks:
                mark = next((m.label for m in kind.marks if m.id == self.mark), "—")
                parts.append(styled("mark: ", (mark, "bold"), " (ctrl+r)"))
        elif interviewing:
            kind = self.protocol.interview_kind() or self.protocol.evidence_kind(self.kind)
            question = self.protocol.interview_questions[self.question]
            parts = [styled((self.student, "bold"), f" answers question {self.question + 1}: ",
                            (question.text, "italic"))]
        else:
            kind = self.protocol.evidence_kind(self.kind)
            parts = [styled("kind: ", (kind.label, "bold"), " (Tab)")]
            if kind.marks:
                mark = next((m.label for m in kind.marks if m.id == self.mark), "—")
                parts.append(styled("mark: ", (mark, "bold"), " (ctrl+r)"))
        group_labels = [self.protocol.student_group(g).label for g in self.groups]
        groups = ", ".join(group_labels) if group_labels else "—"
        parts.append(styled("groups: ", (groups, "bold" if self.groups_pinned else ""),
                            " (pinned)" if self.groups_pinned else ""))
        parts.append(styled("tags: " + (" ".join(self.look_fors.key_of.get(t, t) for t in self.tags) or "—")))
        if self.walk.mode == "video" and not interviewing:
            parts.append(styled("@m:ss sets the video time"))
        self.query_one("#note-state", Static).update(literal("   ").join(parts))
        self.note_input.placeholder = (
            f"{self.student}'s answer to question {self.question + 1}; Enter saves it" if interviewing
            else "What do students and the teacher say and do? Enter saves")
        noted = {
            category.id for item in self.items for tag in item.look_fors
            for category in [self.protocol.category_of(tag)] if category
        }
        self.look_fors.show(set(self.tags), noted)
        if self.protocol.interview_questions:
            self.interview.show(self.student, self.question, [e for e in self.items if e.student_label])

    # the note ------------------------------------------------------------------

    def _note_value(self, _value: str) -> None:
        self.write_draft()

    # editing and deleting saved notes ----------------------------------------------

    def start_edit(self, evidence) -> None:
        """Put a saved note in the note line, with its tags, groups and mark; Enter saves the change."""
        note = self.note_input
        self._stashed = {"text": note.value, "tags": list(self.tags), "groups": self.groups,
                         "mark": self.mark, "kind": self.kind}
        self.editing = evidence
        self.tags = list(evidence.look_fors)
        self.groups = tuple(evidence.student_groups)
        self.mark = evidence.mark
        if evidence.kind in [k.id for k in self.during_kinds]:
            self.kind = evidence.kind
        note.value = evidence.text
        note.cursor_position = len(evidence.text)
        self.set_focus(note)
        self._show_state()
        self.message("Editing: Enter saves the change (the old text is kept), Esc cancels.")

    def _end_edit(self) -> None:
        stash, self._stashed, self.editing = self._stashed or {}, None, None
        self.tags = stash.get("tags", [])
        self.groups = stash.get("groups", ())
        self.mark = stash.get("mark")
        self.kind = stash.get("kind", self.kind)
        note = self.note_input
        note.value = stash.get("text", "")
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
        kind = self.protocol.evidence_kind(evidence.kind)
        try:
            edited = self.store.edit_evidence(
                evidence.id, editor=self.observer, text=text, look_fors=tuple(self.tags),
                student_groups=tuple(self.groups), mark=(self.mark or "") if kind and kind.marks else None)
        except Exception as error:  # the edit stays in the line
            self.message(f"Not saved ({write_problem(error)}): the edit stays in the line; Enter tries again.",
                         error=True)
            return False
        self.items = [edited if item.id == edited.id else item for item in self.items]
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
            self.store.delete_evidence(evidence.id, by=self.observer)
        except Exception as error:
            self.message(f"Not deleted ({write_problem(error)}).", error=True)
            return
        self._last_deleted = evidence.id
        self.items = [item for item in self.items if item.id != evidence.id]
        self.evidence_list.drop(evidence.id)
        self.set_focus(self.note_input)
        self._show_state()
        self.refresh_bindings()
        self.message("Note deleted: ctrl+z brings it back.")

    def action_undo_delete(self) -> None:
        self.undo_delete()

    def undo_delete(self) -> None:
        """Bring back the note deleted last in this room."""
        if self._last_deleted is None:
            self.message("No note was deleted here.")
            return
        try:
            self.store.restore_evidence(self._last_deleted)
            restored = self.store.get_evidence(self._last_deleted)
        except Exception as error:
            self.message(f"Not brought back ({write_problem(error)}).", error=True)
            return
        self._last_deleted = None
        self.refresh_bindings()
        self.items = self.store.evidence_for_visit(self.visit.id)
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
        text = self.note_input.value
        if text == self._draft_written and not self._draft_failed:
            return True
        try:
            self.store.save_draft(note_key(self.visit, self._typist), text, durable=False)
        except Exception as error:  # the words stay in the line; _retry_writes tries again
            if not self._draft_failed:
                self.message(f"Draft not written ({write_problem(error)}): the note stays in the line; "
                             "trying again.", error=True)
            self._draft_failed = True
            return False
        if self._draft_failed:
            self.message("Written again: nothing was lost.")
        self._draft_failed = False
        self._draft_written = text
        if self._durable_timer is not None:
            self._durable_timer.stop()
        self._durable_timer = self.set_timer(DURABLE_AFTER, self._durable_draft)
        return True

    def _durable_draft(self) -> None:
        """After a pause in typing: the draft once more, waiting for the disk (safe from a power cut)."""
        self._durable_timer = None
        if self._draft_written and not self._draft_failed:
            try:
                self.store.save_draft(note_key(self.visit, self._typist), self._draft_written)
            except Exception:  # the fast copy is written; the next change or retry tries again
                pass

    def _retry_writes(self) -> None:
        """Every couple of seconds: write again what the database refused before."""
        if self._draft_failed:
            self.write_draft()
        if self._state_failed:
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
        interviewing = self.interviewing
        try:
            text = clean_text(typed, "The answer" if interviewing else "The note", MAX_NOTE_LENGTH)
            offset = None
            if self.walk.mode == "video":
                offset, text = video_offset(text)
                if offset is None:
                    offset = int(self.visit.elapsed_seconds(clock.now()))
                text = clean_text(text, "The note", MAX_NOTE_LENGTH)
        except TextProblem as problem:
            self.message(str(problem), error=True)
            return False
        question = self.protocol.interview_questions[self.question] if interviewing else None
        kind_id = interview_kind(self.protocol, self.kind) if interviewing else self.kind
        kind = self.protocol.evidence_kind(kind_id)
        try:
            evidence = Evidence(
                walk_id=self.walk.id, visit_id=self.visit.id, kind=kind_id, text=text,
                look_fors=tuple(self.tags), student_groups=self.groups, observer=self.observer,
                captured_at=clock.now(), mark=self.mark if kind and kind.marks and not interviewing else None,
                student_label=self.student if interviewing else None,
                question_id=question.id if question else None, video_offset_seconds=offset,
            )
            self.store.add_evidence(evidence)
        except ClasswalkError as error:  # refused (the room has ended): the note stays in the line
            self.message(f"Not saved: {error}", error=True)
            self.write_draft()
            self.check_room()
            return False
        except Exception as error:  # the note stays in the line and in the draft
            self.message(f"Not saved ({write_problem(error)}): the note stays in the line; Enter tries again.",
                         error=True)
            self.write_draft()
            return False
        self.items.append(evidence)
        if not evidence.student_label:
            self.evidence_list.add(evidence)
        note.value = note.value[len(typed):].lstrip() if note.value.startswith(typed) else note.value
        self.write_draft()  # the saved words must not come back as a draft
        self.tags, self.mark = [], None
        if not self.groups_pinned:
            self.groups = ()
        saved = "Saved."
        if not interviewing and self.during_kinds and self.kind != self.during_kinds[0].id:
            self.kind = self.during_kinds[0].id  # a kind goes with one note, as tags do
            saved = f"Saved. The kind is back to {self.during_kinds[0].label} (Tab changes it)."
        if interviewing:
            if self.question + 1 < len(self.protocol.interview_questions):
                self.question += 1
                saved = f"Saved as {self.student}'s answer; next question shown."
            else:
                saved = f"Saved. {self.student} answered the last question: the interview has ended."
                self.student, self.question = None, 0
        self._save_state()
        self.message(saved)
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

    def toggle_tag(self, look_for_id: str) -> None:
        if look_for_id in self.tags:
            self.tags.remove(look_for_id)
        else:
            self.tags.append(look_for_id)
        self._save_state()

    @on(LookForList.Toggled)
    def _toggle(self, event: LookForList.Toggled) -> None:
        self.toggle_tag(event.look_for_id)
        if event.by_click:  # a click tags; the keyboard stays with the note
            self.call_after_refresh(self.note_input.focus)

    def _step_kind(self, step: int) -> None:
        if self.editing is not None:
            self.message("An edit keeps the note's kind; Esc cancels the edit.")
            return
        if self.interviewing:
            self.message(f"Answers are saved as {self._interview_label()}; ctrl+s ends the interview first.")
            return
        ids = [k.id for k in self.during_kinds]
        self.kind = ids[(ids.index(self.kind) + step) % len(ids)]
        self.mark = None
        self._save_state()

    def _interview_label(self) -> str:
        kind = self.protocol.interview_kind()
        return kind.label if kind else "interview answers"

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
        from classwalk.tui.dialogs.groups import GroupsChoice, GroupsDialog

        def chosen(choice: GroupsChoice | None) -> None:
            if choice is not None:
                self.groups, self.groups_pinned = choice.groups, choice.pinned and bool(choice.groups)
                self._save_state()

        self.app.push_screen(GroupsDialog(self.protocol.student_groups, self.groups, self.groups_pinned), chosen)

    def action_start_interview(self) -> None:
        """Interview the next student (Student A, B... not yet asked in this room), from question 1."""
        if not self.protocol.interview_questions:
            self.message("This protocol has no student interview.")
            return
        used = {e.student_label for e in self.items if e.student_label}
        label = next_free_label(used)
        if label is None:
            self.message("Every label from Student A to Student Z has answers in this room.")
            return
        self.student, self.question = label, 0
        self._save_state()
        self.message(f"Interviewing {label}: Enter saves the answer to the question shown; ctrl+s ends.")

    def action_end_interview(self) -> None:
        """Stop interviewing: notes are ordinary notes again."""
        if not self.student:
            return
        answered = sum(1 for e in self.items if e.student_label == self.student)
        student = self.student
        self.student, self.question = None, 0
        self._save_state()
        self.message(f"Interview with {student} ended ({answered} answer{'' if answered == 1 else 's'}).")

    def _step_question(self, step: int) -> None:
        count = len(self.protocol.interview_questions)
        if self.interviewing and count:
            self.question = (self.question + step) % count
            self._save_state()

    def action_next_question(self) -> None:
        self._step_question(1)

    def action_previous_question(self) -> None:
        self._step_question(-1)

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
        """Save a typed note, end this visit; False (with a message) if either cannot be done."""
        if self.note_input.value.strip() and not self.save_note():
            return False
        try:
            self.visit = self.store.end_visit(self.visit.id, at=clock.now())
        except Exception as error:
            self.message(f"The visit could not be ended ({write_problem(error)}); you are still in the room.",
                         error=True)
            return False
        self.query_one(VisitTimer).visit = self.visit  # the clock stops at the end of the visit
        return True

    def _teammates_in_rooms(self) -> list[Visit]:
        try:
            return [v for v in team.in_rooms(self.store, self.walk.id) if v.observer != self.visit.observer]
        except Exception:  # an unreadable database: ask as if alone; the end itself reports problems
            return []

    def action_next_room(self) -> None:
        """Leave for the next room: you alone, or (the facilitator's choice) the whole team."""
        from classwalk.tui.dialogs.confirm import ConfirmDialog

        others = self._teammates_in_rooms()
        if not (others and team.is_facilitator(self.walk, self.observer)):
            if self._leave():
                after_room(self.app, self.walk, self.visit, then="next")
            return

        def answered(whole_team: bool | None) -> None:
            if self._leave():
                after_room(self.app, self.walk, self.visit, then="team" if whole_team else "next")

        self.app.push_screen(ConfirmDialog(
            "Move the whole team?", f"In a room now: {team.who_is_in_a_room(others)}. The whole team "
            "follows you into the next room; only you leaves them where they are.",
            yes="The whole team", no="Only me"), answered)

    def action_end_visits(self) -> None:
        from classwalk.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes and self._leave():
                after_room(self.app, self.walk, self.visit, then="end")

        others = self._teammates_in_rooms()
        still = (f" Still in a room: {team.who_is_in_a_room(others)}; their visits end too and their "
                 "screens say so." if others else "")
        self.app.push_screen(ConfirmDialog(
            "End the walk's visits?",
            f"This leaves {self.visit.classroom} and takes the walk to its debrief.{still}",
            yes="End visits", no="Stay in the room"), answered)

    # the team: who moved, following, being moved -------------------------------

    def team_changed(self) -> None:
        """Another device wrote: has this room ended for us, or did a teammate leave it?"""
        if self.visit.ended or not self.is_attached:
            return
        try:
            fresh = self.store.get_visit(self.visit.id)
            moves = team.teammates_moved(self.store, fresh)
        except Exception:  # the next change tries again
            return
        if fresh.ended:
            self.visit = fresh
            self.query_one(VisitTimer).visit = fresh
            self.app.call_later(moved_out, self.app, self.walk, fresh, self.note_input.value, self._typist)
            return
        if moves != self.moves:
            self.moves = moves
            self.refresh_bindings()
            follow = " · ctrl+f follows, or stay" if any(m.visit for m in moves) else ""
            if moves:
                self.message("; ".join(m.words() for m in moves) + follow)

    def check_room(self) -> None:
        """Look at once whether this room is still ours (a note was just refused)."""
        self.team_changed()

    def action_follow(self) -> None:
        """Follow the teammate who left this room last into the room they are in now."""
        moves = [m for m in self.moves if m.visit is not None]
        if not moves:
            self.message("Nobody has left this room for another yet.")
            return
        mate = moves[-1].visit
        if self._leave():
            after_room(self.app, self.walk, self.visit, then=lambda: follow_into(self.app, self.walk, mate))

    def _typist_changed(self, name: str) -> None:
        """ctrl+o on a shared device: the note line becomes the new typist's, with their draft."""
        if name == self._typist or self.editing is not None:
            return
        self.write_draft()
        self._typist = name
        try:
            draft = self.store.get_draft(note_key(self.visit, name))
        except Exception:  # an unreadable draft: an empty line, the old one stays in the database
            draft = ""
        self._draft_written = draft
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


# the walk's flow between rooms ---------------------------------------------------


def after_kind(protocol):
    """The evidence kind captured after each room (IFL's hallway note), if the protocol has one."""
    return next((k for k in protocol.evidence_kinds if k.when == "after"), None)


def interview_kind(protocol, fallback: str) -> str:
    """The evidence kind an interview answer is saved as: the one the protocol declares."""
    return protocol.interview_evidence_kind or fallback


def back_to_room(app, walk, visit) -> None:
    """Undo leaving ``visit``: it is open again and its screen comes back, timer running on."""
    store = app.classwalk.store
    try:
        reopened = evolve(visit, ended_at=None)
        store.save_visit(reopened)
    except Exception as error:
        app.notify(f"Could not go back to {visit.classroom} ({write_problem(error)}).", severity="error",
                   markup=False)
        choose_room(app, walk, back_to=visit)
        return
    open_visit(app, walk, reopened)
    app.notify(f"Back in {visit.classroom}.", markup=False, timeout=2)


def resume_lesson(app, walk, visit) -> None:
    """Back into an ended coded lesson: the same visit, its interval clock where it stopped."""
    store = app.classwalk.store
    protocol = app.classwalk.protocols.get(walk.protocol_id)
    try:
        reopened = capture.resume_lesson(store, protocol, walk, visit, app.take_up_walk(walk), at=clock.now())
    except Exception as error:
        app.notify(f"Could not go back to {visit.classroom} ({write_problem(error)}).", severity="error",
                   markup=False)
        choose_room(app, walk)
        return
    open_visit(app, walk, reopened)
    app.notify(f"Back in {visit.classroom}: the lesson goes on where it stopped.", markup=False, timeout=3)


def after_room(app, walk, visit, then: str, *, resumed: bool = False) -> None:
    """After leaving a room: the hallway note if the protocol asks for one, then next room or the end.

    Esc in the dialogs that follow goes back into the room just left (unless the walk was
    resumed at this point, when there is no room to go back to).
    """
    from classwalk.tui.dialogs.hallway_note import HallwayNoteDialog, draft_key

    store = app.classwalk.store
    protocol = app.classwalk.protocols.get(walk.protocol_id)
    kind = after_kind(protocol)
    back_to = None if resumed else visit

    def go_on() -> None:
        if callable(then):
            then()
        elif then in ("next", "team"):
            choose_room(app, walk, back_to=back_to, whole_team=then == "team")
        else:
            end_visits(app, walk)

    if kind is None or (visit.id in app.hallway_closed and not _unfinished_hallway_note(store, visit)):
        go_on()  # one hallway note a room: once closed it is not asked for again (unless words wait)
        return

    def save(note) -> None:
        """Write the hallway note (raises if the database refuses; the dialog keeps it then)."""
        store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind=kind.id, text=note.text,
                                    mark=note.mark, observer=app.active_observer, captured_at=clock.now()),
                           after_visit=True)
        store.clear_draft(draft_key(visit.id))

    def closed(result) -> None:
        app.hallway_closed.add(visit.id)
        if result == "back":
            back_to_room(app, walk, visit)
            return
        if result == "home":
            app.action_home()
            return
        if result == "saved":
            app.notify(shown(f"{kind.label} saved."), markup=False)
        go_on()

    app.push_screen(HallwayNoteDialog(store, visit, kind, save=save, can_go_back=back_to is not None), closed)


def _unfinished_hallway_note(store, visit) -> bool:
    """Words typed in the hallway note of ``visit`` and not saved (an unreadable draft counts)."""
    from classwalk.tui.dialogs.hallway_note import draft_key

    try:
        return bool(store.get_draft(draft_key(visit.id)).strip())
    except Exception:
        return True


def choose_room(app, walk, back_to=None, *, whole_team: bool = False) -> None:
    """Ask which classroom is next, then open its visit (joining a teammate already there).

    With ``whole_team`` (the facilitator's choice) everyone in a room comes along. Esc
    goes back into ``back_to`` (the room just left), or home when there is none.
    """
    store = app.classwalk.store
    visits = store.visits_for_walk(walk.id)

    started: list[Visit] = []

    def start(choice: ClassroomChoice) -> None:
        """Write the new visit (raises if the database refuses; the dialog then stays open)."""
        visit = Visit(walk_id=walk.id, classroom=choice.classroom, grade=choice.grade, subject=choice.subject,
                      teacher=choice.teacher, slice=walk.slice,
                      observer=app.take_up_walk(walk), started_at=clock.now())
        if whole_team:
            visit = team.move_team(store, walk, visit.observer, visit, at=visit.started_at)[0]
        else:
            visit = store.start_visit(visit)
        started.append(visit)

    def chosen(choice: ClassroomChoice | None) -> None:
        if choice is not None and started:
            open_visit(app, walk, started[-1])
        elif back_to is not None:
            back_to_room(app, walk, back_to)
        else:
            app.action_home()

    app.action_home()
    back = f"Back to {back_to.classroom}" if back_to is not None else "Back home"
    app.push_screen(ClassroomDialog(walk.school, store.classrooms(walk.school), len(visits), back=back,
                                    start=start), chosen)


def open_visit(app, walk, visit) -> None:
    app.action_home()
    protocol = app.classwalk.protocols.get(walk.protocol_id)
    if protocol.interval_coding:  # the protocol codes the lesson in intervals: the coding grid
        from classwalk.tui.screens.interval_visit import IntervalVisitScreen

        app.push_screen(IntervalVisitScreen(walk, visit))
        return
    app.push_screen(VisitScreen(walk, visit))


def follow_into(app, walk, mate: Visit) -> None:
    """Walk into the room ``mate`` is in, joining their visit (or choose a room if they left it)."""
    store = app.classwalk.store
    try:
        visit = team.follow(store, walk, app.take_up_walk(walk), store.get_visit(mate.id), at=clock.now())
    except Exception as error:
        app.notify(f"Not followed ({write_problem(error)}).", severity="warning", markup=False)
        choose_room(app, walk)
        return
    open_visit(app, walk, visit)
    app.notify(f"With {mate.observer} in {visit.classroom}.", markup=False, timeout=3)


def moved_out(app, walk, ended: Visit, typed: str, typist: str) -> None:
    """This observer's room was ended on another device: go where they are now, saying why.

    A facilitator who moved the team put them in a new room (its screen opens, and the
    words in the note line come along as its draft); ending the walk's visits takes them
    to the debrief; otherwise they choose their next room. Words typed and not saved
    stay as a draft and the notice quotes them: nothing typed is lost.
    """
    from classwalk.core.text import shorten

    store = app.classwalk.store
    try:
        walk = store.get_walk(walk.id)
        now_in = store.open_visit(walk.id, ended.observer)
    except Exception as error:
        app.notify(f"{ended.classroom} has ended ({write_problem(error)}).", severity="warning", markup=False)
        return
    kept = f" Your unsaved words are kept: “{shorten(typed.strip(), 80)}”." if typed.strip() else ""
    if now_in is not None:
        lead = store.get_visit(now_in.joins) if now_in.joins else now_in
        if typed.strip():
            try:
                store.save_draft(note_key(now_in, typist), typed)
                store.clear_draft(note_key(ended, typist))
                kept = " Your unsaved words came with you."
            except Exception:  # the draft stays with the room it was typed in
                pass
        open_visit(app, walk, now_in)
        app.notify(f"{lead.observer} moved the team to {now_in.classroom}.{kept}", markup=False, timeout=8)
        return
    if walk.status != "in_progress":
        app.action_home()
        app.open_debrief(walk.id)
        app.notify(f"The walk's visits were ended on another device: {ended.classroom} is over.{kept}",
                   markup=False, timeout=8)
        return
    app.notify(f"Your visit to {ended.classroom} was ended on another device.{kept}", markup=False, timeout=8)
    choose_room(app, walk)


def end_visits(app, walk) -> None:
    """The visits are over: everyone's room ends and the walk moves on to its debrief."""
    store = app.classwalk.store
    try:
        with store.transaction():
            team.end_all_visits(store, walk.id, at=clock.now())
            store.set_walk_status(walk.id, "debriefing")
    except Exception as error:
        app.notify(f"The walk stays in progress ({write_problem(error)}); its notes are all saved.",
                   severity="error", markup=False)
    app.action_home()
    app.open_debrief(walk.id)


def start_or_resume(app, walk_id: str, *, visits_had_ended: bool = False) -> None:
    """Resume a walk where it was: its open visit, a pending hallway note, or the next room.

    An observer named for this run (``--observer``, a served account) goes back into
    their own room; a shared device into the room of whoever types, else the team's latest.
    A coded lesson whose visits had ended is taken up again: the same visit, its interval
    clock where it stood (``visits_had_ended``).
    """
    from classwalk.tui.dialogs.hallway_note import draft_key

    store = app.classwalk.store
    walk = store.get_walk(walk_id)
    if app.classwalk.protocols.find(walk.protocol_id) is None:
        app.notify(f"The protocol {shown(walk.protocol_id)!r} of this walk is not installed.", severity="error",
                   markup=False)
        return
    observer = app.take_up_walk(walk)
    current = store.open_visit(walk_id, observer) or store.open_visit(walk_id, "")
    if current is None and not app.fixed_observer:  # a shared device: the team's latest room
        current = store.open_visit(walk_id)
    if current is not None:
        open_visit(app, walk, current)
        return
    visits = [v for v in store.visits_for_walk(walk_id) if v.observer in (observer, "") or not app.fixed_observer]
    protocol = app.classwalk.protocols.get(walk.protocol_id)
    if visits_had_ended and visits and protocol.interval_coding:
        resume_lesson(app, walk, visits[-1])
        return
    if visits and store.get_draft(draft_key(visits[-1].id)):
        after_room(app, walk, visits[-1], then="next", resumed=True)
        return
    choose_room(app, walk)
