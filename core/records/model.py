"""What an observer records: walks, visits, evidence, debriefs, next steps and cycles.

Ids are UUIDs (:func:`classwalk.core.ids.new_id`), so walks recorded on different devices can later be merged.
Times are timezone-aware UTC datetimes. Students are never named: interview answers
are kept under a label ("Student A"), never a name.
"""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen
from attrs.validators import ge, in_, instance_of, matches_re, min_len, optional

from classwalk.core.fields import strings, tuple_of
from classwalk.core.clock import aware as _aware, now
from classwalk.core.ids import is_uuid as _uuid, new_id
from classwalk.core.records.capture import ClockEvent, IntervalMark, ItemAnswer, SnapshotCount
from classwalk.core.protocols.protocol import MODES

STUDENT_LABEL_PATTERN = r"^Student [A-Z]{1,2}$"
FEEDBACK_STATUSES = ("drafted", "shared", "discussed")
NEXT_STEP_STATUSES = ("open", "done")
WALK_STATUSES = ("in_progress", "debriefing", "closed")
KEPT_REASONS = ("bundle", "replaced")
BUNDLE_VERSION = 3


_text = instance_of(str)
_required_text = [instance_of(str), min_len(1)]


def _id_field():
    return field(factory=new_id, validator=_uuid)


def _time(default_now: bool = True):
    if default_now:
        return field(factory=now, converter=_aware, validator=instance_of(dt.datetime))
    return field(
        default=None,
        converter=lambda v: None if v is None else _aware(v),
        validator=optional(instance_of(dt.datetime)),
    )


@frozen(kw_only=True)
class Observer:
    """Somebody on the walk, with the role they take (may be empty)."""

    name: str = field(validator=_required_text)
    role: str = field(default="", validator=_text)


@frozen(kw_only=True)
class Slice:
    """A defined slice of learning (ILW): its kind, tier where it applies, a description."""

    kind: str = field(validator=_required_text)
    tier: int | None = field(default=None, validator=optional([instance_of(int), ge(1)]))
    description: str = field(default="", validator=_text)


@frozen(kw_only=True)
class Cycle:
    """A run of walks sharing a school and a focus; each builds on the last."""

    id: str = _id_field()
    name: str = field(validator=_required_text)
    school: str = field(validator=_required_text)
    focus: str = field(default="", validator=_text)
    created_at: dt.datetime = _time()


@frozen(kw_only=True)
class Walk:
    """A planned series of classroom visits under one protocol."""

    id: str = _id_field()
    protocol_id: str = field(validator=_required_text)
    protocol_version: str = field(default="1", validator=_required_text)
    school: str = field(validator=_required_text)
    date: dt.date = field(validator=instance_of(dt.date))
    focus: str = field(default="", validator=_text)
    guiding_question: str = field(default="", validator=_text)
    focus_shaped_by: str = field(default="", validator=_text)
    focus_categories: tuple[str, ...] = strings()
    slice: Slice | None = field(default=None, validator=optional(instance_of(Slice)))
    observers: tuple[Observer, ...] = tuple_of(Observer)
    mode: str = field(default="in_person", validator=in_(MODES))
    timing_variant: str | None = field(default=None, validator=optional(instance_of(str)))
    cycle_id: str | None = field(default=None, validator=optional(_uuid))
    name_rooms: bool = field(default=False, validator=instance_of(bool))
    status: str = field(default="in_progress", validator=in_(WALK_STATUSES))
    created_at: dt.datetime = _time()
    updated_at: dt.datetime = _time()
    deleted_at: dt.datetime | None = _time(default_now=False)
    """Set when the walk was deleted: a tombstone, left out of listings and reports, undoable."""
    deleted_by: str = field(default="", validator=_text)

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@frozen(kw_only=True)
class Visit:
    """One classroom during a walk, from the moment the observer walks in."""

    id: str = _id_field()
    walk_id: str = field(validator=_uuid)
    classroom: str = field(validator=_required_text)
    teacher: str = field(default="", validator=_text)
    grade: str = field(default="", validator=_text)
    subject: str = field(default="", validator=_text)
    slice: Slice | None = field(default=None, validator=optional(instance_of(Slice)))
    observer: str = field(default="", validator=_text)
    started_at: dt.datetime = _time()
    ended_at: dt.datetime | None = _time(default_now=False)
    joins: str | None = field(default=None, validator=optional(_uuid))
    """The teammate's visit this one joined (they were in the same classroom already): the
    two are one classroom visit in counts, time in classrooms and debriefs."""

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    @property
    def stay_id(self) -> str:
        """The classroom visit this observer's visit belongs to: the visit joined, else itself."""
        return self.joins or self.id

    def elapsed_seconds(self, at: dt.datetime | None = None) -> float:
        """Seconds in the room: to the end of the visit, or to ``at`` (now) if still open."""
        end = self.ended_at or at or now()
        return max(0.0, (end - self.started_at).total_seconds())


DRAFT_SLOTS = ("note", "visit-state", "next-step", "observer", "hallway", "feedback")



def old_hallway_key(visit_id: str) -> str:
    """The key a visit's hallway draft had before drafts had owners (one shared by the team)."""
    return f"after:{visit_id}"

@frozen(kw_only=True)
class Draft:
    """Where a half-typed text belongs: one observer, on one device, in one line of one walk.

    ``slot`` names the line (``note``: the visit's note line, interview answers included;
    ``visit-state``: its tags and kind; ``next-step``:
    the debrief's next-step form; ``observer``: who types on this device; ``hallway``: the
    note after a room; ``feedback``: a reflective question to a visit's teacher). ``subject``
    is the visit it belongs to. (Debrief answers need no draft: each observer's answer is
    saved as they type, under their name.) Drafts stay on the device: they are never
    exported, and nobody else's line shows them.
    """

    slot: str = field(validator=in_(DRAFT_SLOTS))
    walk_id: str = field(validator=_required_text)
    observer: str = field(default="", validator=_text)
    device: str = field(default="", validator=_text)
    subject: str = field(default="", validator=_text)

    def key(self) -> str:
        """The row's key: every field, so two observers or devices never share one."""
        import json

        return json.dumps([self.slot, self.walk_id, self.subject, self.observer, self.device],
                          ensure_ascii=False)


@frozen(kw_only=True)
class Evidence:
    """One descriptive note: what students and the teacher said and did.

    ``student_label`` and ``question_id`` hold an interview answer ("Student A" to
    question "learning"); ``mark`` a kind's mark (a scaffold that keeps the challenge);
    ``video_offset_seconds`` where in a submitted video it was seen.

    ``observer`` is who wrote the note. An edit keeps the previous version as an
    :class:`EvidenceRevision` and records ``edited_at``/``edited_by``; a deletion is a
    tombstone (``deleted_at``/``deleted_by``) that listings and reports leave out, and
    ``restored_at`` says when a deletion was last undone. ``conflict_note`` is set when an
    import kept the note visible although another device deleted it (it had an edit the
    deleting device never saw).
    """

    id: str = _id_field()
    walk_id: str = field(validator=_uuid)
    visit_id: str | None = field(default=None, validator=optional(_uuid))
    kind: str = field(validator=_required_text)
    text: str = field(validator=_required_text)
    look_fors: tuple[str, ...] = strings()
    student_groups: tuple[str, ...] = strings()
    observer: str = field(default="", validator=_text)
    captured_at: dt.datetime = _time()
    student_label: str | None = field(
        default=None, validator=optional(matches_re(STUDENT_LABEL_PATTERN))
    )
    question_id: str | None = field(default=None, validator=optional(instance_of(str)))
    mark: str | None = field(default=None, validator=optional(instance_of(str)))
    attachment: str | None = field(default=None, validator=optional(instance_of(str)))
    video_offset_seconds: int | None = field(
        default=None, validator=optional([instance_of(int), ge(0)])
    )
    edited_at: dt.datetime | None = _time(default_now=False)
    edited_by: str = field(default="", validator=_text)
    deleted_at: dt.datetime | None = _time(default_now=False)
    deleted_by: str = field(default="", validator=_text)
    restored_at: dt.datetime | None = _time(default_now=False)
    conflict_note: str = field(default="", validator=_text)
    interval: int | None = field(default=None, validator=optional([instance_of(int), ge(1)]))
    """The interval a note was typed in, for a protocol coded in intervals (None otherwise)."""

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def written_by(self) -> str:
        """Who wrote the text as it stands: the last editor, else the observer."""
        return self.edited_by if self.edited_at is not None else self.observer

    @property
    def written_at(self) -> dt.datetime:
        return self.edited_at or self.captured_at

    def content(self) -> tuple:
        """What an edit can change: text, look-fors, student groups and mark."""
        return (self.text, tuple(self.look_fors), tuple(self.student_groups), self.mark)


@frozen(kw_only=True)
class EvidenceRevision:
    """A version of a note that an edit replaced: what it said and who wrote and replaced it."""

    id: str = _id_field()
    evidence_id: str = field(validator=_uuid)
    walk_id: str = field(validator=_uuid)
    text: str = field(validator=_required_text)
    look_fors: tuple[str, ...] = strings()
    student_groups: tuple[str, ...] = strings()
    mark: str | None = field(default=None, validator=optional(instance_of(str)))
    written_by: str = field(default="", validator=_text)
    written_at: dt.datetime = _time()
    replaced_by: str = field(default="", validator=_text)
    replaced_at: dt.datetime = _time()

    def content(self) -> tuple:
        return (self.text, tuple(self.look_fors), tuple(self.student_groups), self.mark)


@frozen(kw_only=True)
class DebriefResponse:
    """The team's answer to one debrief prompt; several observers may each write one."""

    id: str = _id_field()
    walk_id: str = field(validator=_uuid)
    prompt_id: str = field(validator=_required_text)
    text: str = field(default="", validator=_text)
    author: str = field(default="", validator=_text)
    updated_at: dt.datetime = _time()
    conflict_of: str | None = field(default=None, validator=optional(_uuid))
    """Set on a second version of a response kept by an import: the id it conflicted with."""


@frozen(kw_only=True)
class NextStep:
    """An action the walk leads to, with an owner and a due date (leaders included)."""

    id: str = _id_field()
    walk_id: str = field(validator=_uuid)
    text: str = field(validator=_required_text)
    owner: str = field(default="", validator=_text)
    due: dt.date | None = field(default=None, validator=optional(instance_of(dt.date)))
    kind: str = field(default="", validator=_text)
    status: str = field(default="open", validator=in_(NEXT_STEP_STATUSES))
    updated_at: dt.datetime = _time()
    author: str = field(default="", validator=_text)
    """The observer who wrote the step (on a shared device, whoever was typing)."""


@frozen(kw_only=True)
class Debrief:
    """What the team wrote after the visits: prompt responses and next steps."""

    walk_id: str = field(validator=_uuid)
    responses: tuple[DebriefResponse, ...] = tuple_of(DebriefResponse)
    next_steps: tuple[NextStep, ...] = tuple_of(NextStep)


@frozen(kw_only=True)
class Feedback:
    """Private feedback to one teacher about one visit: a reflective question, say."""

    id: str = _id_field()
    visit_id: str = field(validator=_uuid)
    teacher: str = field(default="", validator=_text)
    question: str = field(validator=_required_text)
    status: str = field(default="drafted", validator=in_(FEEDBACK_STATUSES))
    due: dt.datetime = field(converter=_aware, validator=instance_of(dt.datetime))
    updated_at: dt.datetime = _time()
    author: str = field(default="", validator=_text)
    """The observer who wrote the feedback."""


@frozen(kw_only=True)
class KeptVersion:
    """A version of a record that an import met and did not make the live one, kept visible.

    ``kind`` names the record's table (``next_steps``, ``walks``, ...); ``version`` is the
    record as JSON, exactly as it was; ``reason`` says why it is not the live one:
    ``"bundle"`` (the bundle's version differs and is not newer) or ``"replaced"`` (this
    database's version, replaced by a newer one from the bundle). Importing the same
    bundle again keeps nothing twice: the id is derived from kind, record and version.
    """

    id: str = field(validator=_uuid)
    kind: str = field(validator=_required_text)
    record_id: str = field(validator=_required_text)
    walk_id: str = field(validator=_uuid)
    version: str = field(validator=_required_text)
    reason: str = field(validator=in_(KEPT_REASONS))
    source: str = field(default="", validator=_text)
    kept_at: dt.datetime = _time()


@frozen(kw_only=True)
class Received:
    """Who sent a record that arrived by import or sync, and when it arrived.

    ``kind`` is the record's table (``evidence``, ``visits``...); ``sent_by`` the account
    (or observer) that sent it — on a shared device that may be a teammate's note, sent
    by whoever synced; ``source`` the file or account it came from. Kept per record, the
    latest arrival that wrote it, and carried in bundles.
    """

    kind: str = field(validator=_required_text)
    record_id: str = field(validator=_required_text)
    walk_id: str = field(validator=_uuid)
    sent_by: str = field(default="", validator=_text)
    received_at: dt.datetime = _time()
    source: str = field(default="", validator=_text)


@frozen(kw_only=True)
class WalkBundle:
    """Everything about one walk, self-contained: what export writes and import reads.

    Version 2 adds who wrote each next step and piece of feedback, the revisions of
    edited notes, deleted notes (tombstones) and a deleted walk's ``deleted_at``;
    version 3 the visits teammates joined (``Visit.joins``) and who sent each record
    that arrived by import or sync (``received``). Versions 1 and 2 still read.
    """

    format: str = field(default="classwalk-walk", validator=in_(("classwalk-walk",)))
    format_version: int = field(default=BUNDLE_VERSION, validator=in_((1, 2, BUNDLE_VERSION)))
    walk: Walk = field(validator=instance_of(Walk))
    cycle: Cycle | None = field(default=None, validator=optional(instance_of(Cycle)))
    visits: tuple[Visit, ...] = tuple_of(Visit)
    evidence: tuple[Evidence, ...] = tuple_of(Evidence)
    evidence_revisions: tuple[EvidenceRevision, ...] = tuple_of(EvidenceRevision)
    debrief_responses: tuple[DebriefResponse, ...] = tuple_of(DebriefResponse)
    next_steps: tuple[NextStep, ...] = tuple_of(NextStep)
    feedback: tuple[Feedback, ...] = tuple_of(Feedback)
    interval_marks: tuple[IntervalMark, ...] = tuple_of(IntervalMark)
    clock_events: tuple[ClockEvent, ...] = tuple_of(ClockEvent)
    snapshot_counts: tuple[SnapshotCount, ...] = tuple_of(SnapshotCount)
    item_answers: tuple[ItemAnswer, ...] = tuple_of(ItemAnswer)
    received: tuple[Received, ...] = tuple_of(Received)
