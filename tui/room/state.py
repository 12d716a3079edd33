"""What the observer has set up in a room, as a plain record: no Textual, no database.

The next note's kind, look-for tags, student groups (pinned or not) and mark, the student
interviewed and the question shown, the saved note being edited and the note deleted last.
Every change is a method here, so the rules (a kind and tags go with one note, an
interview moves on question by question, an edit puts back what was in the line) are
tested without a screen. :meth:`RoomState.to_json` and :meth:`RoomState.restore` are
what the draft keeper writes and reads.
"""

from __future__ import annotations

import json
import re

from attrs import define, field

from classwalk.tui.text import MAX_NOTE_LENGTH, TextProblem, clean_text

VIDEO_OFFSET = re.compile(r"^@(?:(\d{1,2}):)?(\d{1,3}):(\d{2})\s+")
STUDENT_LABEL = re.compile(r"Student [A-Z]")


def video_offset(text: str) -> tuple[int | None, str]:
    """A leading ``@m:ss`` (or ``@h:mm:ss``) in a video-mode note: (seconds, rest of the note)."""
    match = VIDEO_OFFSET.match(text)
    if not match:
        return None, text
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds, text[match.end():]


def interview_kind(protocol, fallback: str) -> str:
    """The evidence kind an interview answer is saved as: the one the protocol declares."""
    return protocol.interview_evidence_kind or fallback


def next_free_label(used) -> str | None:
    """The first of Student A..Z not in ``used``."""
    return next((f"Student {chr(c)}" for c in range(ord("A"), ord("Z") + 1) if f"Student {chr(c)}" not in used),
                None)


@define(kw_only=True)
class NewNote:
    """A note ready to be saved: what :meth:`classwalk.Classwalk.record` is given."""

    text: str
    kind: str
    look_fors: tuple[str, ...]
    student_groups: tuple[str, ...]
    mark: str | None
    student: str | None
    question: str | None
    video_offset_seconds: int | None


@define
class RoomState:
    """One observer's set-up in one room of a walk under ``protocol``."""

    protocol: object
    categories: list = field(factory=list)
    kind: str = ""
    tags: list[str] = field(factory=list)
    groups: tuple[str, ...] = ()
    groups_pinned: bool = False
    mark: str | None = None
    student: str | None = None
    question: int = 0
    items: list = field(factory=list)  # the room's notes (interview answers included)
    editing: object = None  # the saved note being edited in the note line, if any
    stashed: dict | None = None  # what the note line held before the edit began
    last_deleted: str | None = None

    @classmethod
    def for_walk(cls, protocol, walk) -> "RoomState":
        """A fresh state for a room of ``walk``: the first kind, nothing tagged."""
        state = cls(protocol, categories=protocol.categories_for_focus(walk.focus_categories))
        state.kind = state.during_kinds[0].id
        return state

    @property
    def during_kinds(self) -> list:
        """The kinds of evidence written in the room (all kinds if none is marked "during")."""
        return [k for k in self.protocol.evidence_kinds if k.when == "during"] or list(self.protocol.evidence_kinds)

    @property
    def interviewing(self) -> bool:
        return bool(self.protocol.interview_questions and self.student)

    # kept between runs -------------------------------------------------------------

    def to_json(self) -> str:
        """What the draft keeper writes: the set-up for the next note (not the notes themselves)."""
        return json.dumps({"kind": self.kind, "tags": self.tags, "groups": list(self.groups),
                           "groups_pinned": self.groups_pinned, "mark": self.mark,
                           "student": self.student, "question": self.question})

    def restore(self, text: str) -> None:
        """Take up a set-up written by :meth:`to_json`; anything unknown or damaged falls back to the default."""
        try:
            state = json.loads(text or "{}")
        except ValueError:
            state = {}
        if not isinstance(state, dict):
            state = {}
        protocol = self.protocol
        kinds = [k.id for k in self.during_kinds]
        self.kind = state.get("kind") if state.get("kind") in kinds else kinds[0]
        known = {lf.id for c in self.categories for lf in c.look_fors}
        tags = state.get("tags", [])
        self.tags = [t for t in tags if t in known] if isinstance(tags, list) else []
        groups = state.get("groups", [])
        known_groups = {g.id for g in protocol.student_groups}
        self.groups = tuple(g for g in groups if g in known_groups) if isinstance(groups, list) else ()
        self.groups_pinned = bool(state.get("groups_pinned")) and bool(self.groups)
        kind = protocol.evidence_kind(self.kind)
        self.mark = state.get("mark") if kind and state.get("mark") in {m.id for m in kind.marks} else None
        student = state.get("student")
        valid = isinstance(student, str) and STUDENT_LABEL.fullmatch(student)
        self.student = student if valid and protocol.interview_questions else None
        index = state.get("question", 0)
        count = len(protocol.interview_questions)
        self.question = index if isinstance(index, int) and not isinstance(index, bool) and \
            0 <= index < max(count, 1) else 0

    # tags, kinds, groups, marks --------------------------------------------------

    def toggle_tag(self, look_for_id: str) -> None:
        if look_for_id in self.tags:
            self.tags.remove(look_for_id)
        else:
            self.tags.append(look_for_id)

    def step_kind(self, step: int) -> str | None:
        """The next (or previous) kind; the mark goes with the kind. Returns why not, if it cannot change."""
        if self.editing is not None:
            return "An edit keeps the note's kind; Esc cancels the edit."
        if self.interviewing:
            return f"Answers are saved as {self.interview_label()}; ctrl+s ends the interview first."
        ids = [k.id for k in self.during_kinds]
        self.kind = ids[(ids.index(self.kind) + step) % len(ids)]
        self.mark = None
        return None

    def interview_label(self) -> str:
        kind = self.protocol.interview_kind()
        return kind.label if kind else "interview answers"

    def next_mark(self) -> bool:
        """The kind's next mark (then none again); False when the kind has no marks."""
        marks = [m.id for m in self.protocol.evidence_kind(self.kind).marks]
        if not marks:
            return False
        order = [None, *marks]
        self.mark = order[(order.index(self.mark) + 1) % len(order)]
        return True

    def set_groups(self, groups, pinned: bool) -> None:
        self.groups, self.groups_pinned = tuple(groups), pinned and bool(groups)

    # interviews ------------------------------------------------------------------

    def start_interview(self) -> str:
        """Interview the next student not yet asked in this room, from question 1; says what happened."""
        if not self.protocol.interview_questions:
            return "This protocol has no student interview."
        label = next_free_label({e.student_label for e in self.items if e.student_label})
        if label is None:
            return "Every label from Student A to Student Z has answers in this room."
        self.student, self.question = label, 0
        return f"Interviewing {label}: Enter saves the answer to the question shown; ctrl+s ends."

    def end_interview(self) -> str | None:
        """Stop interviewing: notes are ordinary notes again. Says how many answers were given."""
        if not self.student:
            return None
        answered = sum(1 for e in self.items if e.student_label == self.student)
        student = self.student
        self.student, self.question = None, 0
        return f"Interview with {student} ended ({answered} answer{'' if answered == 1 else 's'})."

    def step_question(self, step: int) -> bool:
        count = len(self.protocol.interview_questions)
        if self.interviewing and count:
            self.question = (self.question + step) % count
            return True
        return False

    # the note --------------------------------------------------------------------

    def new_note(self, typed: str, *, video: bool = False, elapsed_seconds: float = 0) -> NewNote:
        """The note line as a note to save (raises TextProblem, saying why, if it cannot be one).

        In an interview it is the answer to the question shown, as the protocol's answer
        kind; in a video walk a leading ``@m:ss`` is the moment in the video (else the
        time into the visit).
        """
        interviewing = self.interviewing
        text = clean_text(typed, "The answer" if interviewing else "The note", MAX_NOTE_LENGTH)
        offset = None
        if video:
            offset, text = video_offset(text)
            if offset is None:
                offset = int(elapsed_seconds)
            text = clean_text(text, "The note", MAX_NOTE_LENGTH)
        question = self.protocol.interview_questions[self.question] if interviewing else None
        kind_id = interview_kind(self.protocol, self.kind) if interviewing else self.kind
        kind = self.protocol.evidence_kind(kind_id)
        return NewNote(text=text, kind=kind_id, look_fors=tuple(self.tags), student_groups=tuple(self.groups),
                       mark=self.mark if kind and kind.marks and not interviewing else None,
                       student=self.student if interviewing else None,
                       question=question.id if question else None, video_offset_seconds=offset)

    def saved(self, evidence) -> str:
        """A note was saved: tags, mark and unpinned groups go with it; an interview moves on. Says so."""
        interviewing = self.interviewing
        self.items.append(evidence)
        self.tags, self.mark = [], None
        if not self.groups_pinned:
            self.groups = ()
        said = "Saved."
        first = self.during_kinds[0] if self.during_kinds else None
        if not interviewing and first is not None and self.kind != first.id:
            self.kind = first.id  # a kind goes with one note, as tags do
            said = f"Saved. The kind is back to {first.label} (Tab changes it)."
        if interviewing:
            if self.question + 1 < len(self.protocol.interview_questions):
                self.question += 1
                said = f"Saved as {self.student}'s answer; next question shown."
            else:
                said = f"Saved. {self.student} answered the last question: the interview has ended."
                self.student, self.question = None, 0
        return said

    # editing and deleting saved notes ---------------------------------------------

    def start_edit(self, evidence, line: str) -> str:
        """Edit a saved note: its tags, groups and mark are set; returns its text for the note line.

        ``line`` (what the note line held) and the set-up are put aside until the edit ends.
        """
        self.stashed = {"text": line, "tags": list(self.tags), "groups": self.groups,
                        "mark": self.mark, "kind": self.kind}
        self.editing = evidence
        self.tags = list(evidence.look_fors)
        self.groups = tuple(evidence.student_groups)
        self.mark = evidence.mark
        if evidence.kind in [k.id for k in self.during_kinds]:
            self.kind = evidence.kind
        return evidence.text

    def end_edit(self) -> str:
        """The edit is over (saved or cancelled): the set-up is as before; returns the line put aside."""
        stash, self.stashed, self.editing = self.stashed or {}, None, None
        self.tags = stash.get("tags", [])
        self.groups = stash.get("groups", ())
        self.mark = stash.get("mark")
        self.kind = stash.get("kind", self.kind)
        return stash.get("text", "")

    def edit_mark(self) -> str | None:
        """The mark the edit saves: the one set ("" removes it), None for a kind without marks."""
        kind = self.protocol.evidence_kind(self.editing.kind)
        return (self.mark or "") if kind and kind.marks else None

    def edited(self, evidence) -> None:
        self.items = [evidence if item.id == evidence.id else item for item in self.items]

    def deleted(self, evidence_id: str) -> None:
        self.last_deleted = evidence_id
        self.items = [item for item in self.items if item.id != evidence_id]

    def noted_categories(self) -> set[str]:
        """The categories the room's notes are tagged with so far."""
        return {category.id for item in self.items for tag in item.look_fors
                for category in [self.protocol.category_of(tag)] if category}


__all__ = ["NewNote", "RoomState", "TextProblem", "interview_kind", "next_free_label", "video_offset"]
