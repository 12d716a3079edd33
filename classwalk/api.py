"""classwalk's Python API: record and read walks from scripts, integrations and tests.

::

    import classwalk

    with classwalk.open_db("walks.db") as db:
        walk = db.start_walk("downey", school="Lincoln Elementary", observers=["A. Rivera"])
        visit = db.start_visit(walk, "Room 12", teacher="J. Park")
        db.record(visit, "14 of 22 students explaining their method to a partner",
                  look_fors=["orientation.can_explain"])
        db.end_walk(walk)
        print(db.report(walk))

The command line and the terminal UI work through the same object, so what works here
is what the program does. Every method checks what it is given against the walk's
protocol and raises :class:`~classwalk.core.errors.ClasswalkError` (one line, naming
the field) without writing anything when it is wrong.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from classwalk.core.kernel import Kernel as _Kernel
from classwalk.core.errors import ClasswalkError, NotFound
from classwalk.core.records.names import check_record_names

if TYPE_CHECKING:  # the records are imported on first use, to keep start-up light
    from classwalk.core.records.model import (
        DebriefResponse, Draft, Evidence, NextStep, Observer, Slice, Visit, Walk, WalkBundle,
    )
    from classwalk.core.plugins.loader import PluginFailure
    from classwalk.core.protocols.protocol import Protocol
    from classwalk.core.scope import Scope


def _id(record_or_id) -> str:
    """The id of a record, or the id given."""
    return record_or_id if isinstance(record_or_id, str) else record_or_id.id


_walk_id = _id


def _choice(what: str, value: str, known: Iterable[str]) -> None:
    known = list(known)
    if value not in known:
        raise ClasswalkError(f"{what}: {value!r} is not one of this protocol's ({', '.join(known) or 'none'})")


def _observer(value: Observer | str | tuple[str, str]) -> Observer:
    from classwalk.core.records.model import Observer

    if isinstance(value, Observer):
        name, role = value.name, value.role
    elif isinstance(value, str):
        name, role = value, ""
    else:
        name, role = value
    return Observer(name=_text("observers", name, max_length=MAX_OBSERVER_LENGTH),
                    role=_text("observers.role", role, required=False))


def _text(what: str, value: str, required: bool = True, max_length: int | None = None) -> str:
    """``value`` cleaned as the terminal cleans what is typed (control characters such as
    a raw ESC removed, outer spaces stripped), or a one-line error naming the field."""
    from classwalk.core.text import MAX_FIELD_LENGTH, strip_controls

    if not isinstance(value, str):
        raise ClasswalkError(f"{what}: expected text, got {type(value).__name__}")
    cleaned = strip_controls(value).strip()
    limit = max_length or MAX_FIELD_LENGTH
    if len(cleaned) > limit:
        raise ClasswalkError(f"{what}: {len(cleaned)} characters long; the most is {limit}")
    if required and not cleaned:
        raise ClasswalkError(f"{what}: must not be empty")
    return cleaned


def _existing(get, record_id: str, walk_id: str, what: str):
    """The record already saved under ``record_id`` (None if there is none); refused if another walk's."""
    try:
        found = get(record_id)
    except NotFound:
        return None
    if found.walk_id != walk_id:
        raise ClasswalkError(f"{what} id {record_id}: already used by another walk")
    return found


def _note_text(what: str, value: str) -> str:
    from classwalk.core.text import MAX_NOTE_LENGTH

    return _text(what, value, max_length=MAX_NOTE_LENGTH)


MAX_OBSERVER_LENGTH = 80


class Classwalk(_Kernel):
    """One database with the protocols and plugins of this installation.

    Get one with :func:`open_db`. Records are the attrs classes of
    :mod:`classwalk.core.records.model` (docs/records.md lists their fields); methods that take
    a walk or visit accept the record or its id.
    """

    def __init__(self, db_path: Path | str | None = None, plugins=None, protocol_dirs_=None, *,
                 scope: Scope | None = None):
        super().__init__(db_path, plugins, protocol_dirs_)
        from classwalk.core.scope import EVERYONE

        self.scope: Scope = scope or EVERYONE
        """Who is asking and which walks they may read and change (every method checks it)."""

    def __enter__(self) -> "Classwalk":
        return self

    # scope ---------------------------------------------------------------------

    def _walk(self, walk: Walk | str) -> Walk:
        """The walk as stored (never as passed in), if inside the scope; else NotFound."""
        ref = _walk_id(walk)
        try:
            found = self.store.get_walk(ref)
        except NotFound:  # an id prefix, as the command line takes
            found = self.store.find_walk(ref, deleted=None)
        return self.scope.check(found, ref)

    def _visit(self, visit: Visit | str) -> Visit:
        found = self.store.get_visit(_id(visit))
        self._walk(found.walk_id)
        return found

    def _note(self, evidence: Evidence | str) -> Evidence:
        found = self.store.get_evidence(_id(evidence))
        self._walk(found.walk_id)
        return found

    def _name(self, walk: Walk, name: str | None, what: str = "observer") -> str:
        """Who writes: ``name``, else the scope's observer, else the walk's first; one of the walk's
        (or the scope's own observer: a run named for one observer writes as them in any walk it may open)."""
        if name is None:
            name = self.scope.observer or (walk.observers[0].name if walk.observers else "")
        name = _text(what, name, required=False, max_length=MAX_OBSERVER_LENGTH)
        names = [o.name for o in walk.observers]
        if name and names and name not in names and name != self.scope.observer:
            raise ClasswalkError(f"{what}: {name!r} is not an observer of this walk ({', '.join(names)})")
        return name

    def __exit__(self, *exc_info) -> None:
        self.close()

    # protocols -----------------------------------------------------------------

    def list_protocols(self) -> list[Protocol]:
        """Every protocol available: built-in, from plugins and from TOML files, by name."""
        return [entry.protocol for entry in self.protocols]

    def protocol(self, protocol_id: str) -> Protocol:
        """One protocol by id (NotFound lists the ids there are)."""
        return self.protocols.get(protocol_id)

    # walks ---------------------------------------------------------------------

    def walk(self, walk_ref: str, *, deleted: bool | None = False) -> Walk:
        """A walk by id or unique id prefix (``deleted``: True only deleted ones, None either)."""
        return self.scope.check(self.store.find_walk(walk_ref, deleted=deleted), walk_ref)

    def walks(self, *, status: str | None = None, school: str | None = None,
              limit: int | None = None) -> list[Walk]:
        """Walks, newest first, optionally of one status or school (only those in scope)."""
        if self.scope.school and school and school != self.scope.school:
            return []
        school = self.scope.school or school
        if not self.scope.own_walks:
            return self.store.list_walks(status=status, school=school, limit=limit)
        walks = [w for w in self.store.list_walks(status=status, school=school) if self.scope.allows(w)]
        return walks[:limit] if limit is not None else walks

    def deleted_walks(self) -> list[Walk]:
        """Deleted walks in scope, the most recently deleted first."""
        return [w for w in self.store.deleted_walks(self.scope.school) if self.scope.allows(w)]

    def start_walk(self, protocol_id: str, *, school: str, date: dt.date | None = None,
                   observers: Sequence[Observer | str | tuple[str, str]] = (), focus: str = "",
                   guiding_question: str = "", focus_shaped_by: str = "",
                   focus_categories: Sequence[str] = (), slice: Slice | None = None,
                   mode: str | None = None, timing_variant: str | None = None,
                   cycle_id: str | None = None, name_rooms: bool = False) -> Walk:
        """Start (and save) a walk under ``protocol_id``; observers are names or Observer records."""
        protocol = self.protocol(protocol_id)
        focus = _text("focus", focus, required=protocol.requires_focus, max_length=1000)
        guiding_question = _text("guiding_question", guiding_question,
                                 required=protocol.requires_guiding_question, max_length=1000)
        if protocol.requires_slice and slice is None:
            raise ClasswalkError(f"slice: protocol {protocol.id!r} needs a slice of learning")
        if slice is not None:
            _choice("slice.kind", slice.kind, [k.id for k in protocol.slice_kinds])
        for category in focus_categories:
            _choice("focus_categories", category, [c.id for c in protocol.categories])
        mode = mode or protocol.modes[0]
        _choice("mode", mode, protocol.modes)
        if timing_variant is not None:
            _choice("timing_variant", timing_variant, [v.id for v in protocol.timing.variants])
        from classwalk.core.records.model import Walk

        school = _text("school", school)
        if self.scope.school and school != self.scope.school:
            raise ClasswalkError(f"school: this account is limited to {self.scope.school}")
        observers = tuple(_observer(o) for o in observers)
        if self.scope.own_walks and self.scope.observer not in {o.name for o in observers}:
            raise ClasswalkError(f"observers: this account keeps to its own walks: list {self.scope.observer}")
        if cycle_id is not None:
            cycle = self.store.get_cycle(cycle_id)
            if cycle.school != school:
                raise ClasswalkError(f"cycle_id: cycle {cycle.name!r} is at {cycle.school}, not {school}")
        try:
            walk = Walk(
                protocol_id=protocol.id, protocol_version=protocol.version,
                school=school, date=date or dt.date.today(), focus=focus,
                guiding_question=guiding_question, focus_shaped_by=_text("focus_shaped_by", focus_shaped_by,
                                                                         required=False),
                focus_categories=tuple(focus_categories), slice=slice,
                observers=observers, mode=mode,
                timing_variant=timing_variant, cycle_id=cycle_id, name_rooms=name_rooms,
            )
        except (TypeError, ValueError) as error:
            raise ClasswalkError(f"walk: {error}") from None
        walk = check_record_names(walk)  # one line, nothing invisible, NFC (core/records/names.py)
        self.store.save_walk(walk)
        return walk

    def end_walk(self, walk: Walk | str, at: dt.datetime | None = None) -> Walk:
        """The visits are over: end any still open and move the walk on to its debrief."""
        from classwalk.features.capture.team import end_all_visits

        walk_id = self._walk(walk).id
        with self.store.transaction():
            end_all_visits(self.store, walk_id, at=at)
            return self.store.set_walk_status(walk_id, "debriefing")

    def join_walk(self, walk: Walk | str, observer: str | None = None) -> Walk:
        """Add ``observer`` (default: who is asking) to the walk's team; joining twice changes nothing."""
        import attrs

        from classwalk.core.records.model import Observer

        walk = self._walk(walk)
        name = _text("observer", observer or self.scope.observer or "", max_length=MAX_OBSERVER_LENGTH)
        if name in {o.name for o in walk.observers}:
            return walk
        joined = check_record_names(attrs.evolve(walk, observers=(*walk.observers, Observer(name=name))))
        self.store.save_walk(joined)
        return joined

    def close_walk(self, walk: Walk | str) -> Walk:
        """The debrief is done: the walk is closed."""
        return self.store.set_walk_status(self._walk(walk).id, "closed")

    def delete_walk(self, walk: Walk | str, *, by: str = "") -> None:
        """Delete a walk: left out of every listing and report until :meth:`restore_walk`."""
        self.store.delete_walk(self._walk(walk).id, by=by)

    def restore_walk(self, walk: Walk | str) -> None:
        """Undo a walk's deletion."""
        self.store.restore_walk(self._walk(walk).id)

    def last_deleted_walk(self) -> Walk | None:
        """The walk in scope deleted most recently and not restored (what an undo brings back)."""
        walks = self.deleted_walks()
        return walks[0] if walks else None

    def walk_counts(self, walks: Sequence[Walk | str]) -> dict[str, dict[str, int]]:
        """Walk id -> its visits, notes and open visits."""
        return self.store.walk_counts([self._walk(walk).id for walk in walks])

    # visits and evidence -------------------------------------------------------

    def start_visit(self, walk: Walk | str, classroom: str, *, teacher: str = "", grade: str = "",
                    subject: str = "", observer: str | None = None,
                    at: dt.datetime | None = None, id: str | None = None) -> Visit:
        """Walk into ``classroom``: save ``observer``'s visit, under way until :meth:`end_visit`.

        Each observer is in one room at a time: their visit still under way (if any) ends
        as this one starts. A teammate already in ``classroom`` is joined (``Visit.joins``):
        the two visits are one classroom visit in counts and reports. ``id`` (a UUID made on
        the device) makes a repeat harmless: the visit already saved under it is returned
        and nothing is written.
        """
        from classwalk.core.records.model import Visit
        from classwalk.core.clock import now

        walk = self._walk(walk)
        if id is not None:
            existing = _existing(self.store.get_visit, id, walk.id, "visit")
            if existing is not None:
                return existing
        observer = self._name(walk, observer)
        try:
            visit = Visit(walk_id=walk.id, classroom=_text("classroom", classroom),
                          teacher=_text("teacher", teacher, required=False),
                          grade=_text("grade", grade, required=False),
                          subject=_text("subject", subject, required=False),
                          slice=walk.slice, observer=observer, started_at=at or now(),
                          **({"id": id} if id is not None else {}))
        except (TypeError, ValueError) as error:
            raise ClasswalkError(f"visit: {error}") from None
        visit = check_record_names(visit)
        leaving = self.store.open_visit(walk.id, observer)
        return self.store.start_visit(visit, leaving=leaving.id if leaving else None)

    def end_visit(self, visit: Visit | str, at: dt.datetime | None = None) -> Visit:
        """Leave the room: the visit ends now (or ``at``)."""
        return self.store.end_visit(self._visit(visit).id, at=at)

    def open_visit(self, walk: Walk | str, observer: str) -> Visit | None:
        """The room ``observer`` is in now (their visit under way), or None between rooms."""
        return self.store.open_visit(self._walk(walk).id, observer)

    def in_rooms(self, walk: Walk | str) -> list[Visit]:
        """Who is in a room now: one open visit per observer, in the order they walked in."""
        from classwalk.features.capture.team import in_rooms

        return in_rooms(self.store, self._walk(walk).id)

    def follow(self, walk: Walk | str, observer: str, teammate: str,
               at: dt.datetime | None = None) -> Visit:
        """``observer`` follows ``teammate`` into the room the teammate is in (joining their visit)."""
        from classwalk.features.capture.team import follow

        found = self._walk(walk)
        observer = self._name(found, observer)
        mate = self.store.open_visit(found.id, teammate)
        if mate is None:
            raise ClasswalkError(f"teammate: {teammate!r} is not in a room of this walk")
        return follow(self.store, found, observer, mate, leaving=self.store.open_visit(found.id, observer), at=at)

    def move_team(self, walk: Walk | str, classroom: str, *, facilitator: str, teacher: str = "",
                  grade: str = "", subject: str = "", at: dt.datetime | None = None) -> list[Visit]:
        """The facilitator takes everyone who is in a room into ``classroom``; returns the new visits."""
        from classwalk.core.records.model import Visit
        from classwalk.core.clock import now
        from classwalk.features.capture.team import move_team

        found = self._walk(walk)
        facilitator = self._name(found, facilitator, "facilitator")
        target = Visit(walk_id=found.id, classroom=_text("classroom", classroom), teacher=teacher,
                       grade=grade, subject=subject, slice=found.slice, observer=facilitator,
                       started_at=at or now())
        return move_team(self.store, found, facilitator, target, at=at)

    def room_notes(self, visit: Visit | str) -> list[Evidence]:
        """Every note of the visit's walk taken in its classroom (any observer's visit), oldest first."""
        from classwalk.features.capture.team import room_evidence

        return room_evidence(self.store, self._visit(visit))

    def data_version(self) -> int:
        """A counter that moves when another connection commits: a cheap "has anything changed?"."""
        from classwalk.features.capture.team import data_version

        return data_version(self.store)

    def visits(self, walk: Walk | str) -> list[Visit]:
        """The walk's visits, in the order they started."""
        return self.store.visits_for_walk(self._walk(walk).id)

    def evidence(self, walk: Walk | str) -> list[Evidence]:
        """The walk's notes (deleted ones left out), in the order they were captured."""
        return self.store.evidence_for_walk(self._walk(walk).id)

    def record(self, where: Visit | Walk, text: str, *, kind: str | None = None,
               look_fors: Sequence[str] = (), student_groups: Sequence[str] = (),
               mark: str | None = None, student: str | None = None, question: str | None = None,
               observer: str | None = None, at: dt.datetime | None = None,
               video_offset_seconds: int | None = None, id: str | None = None, interval: int | None = None,
               after_visit: bool = False) -> Evidence:
        """Save one descriptive note in a visit (or, given a Walk, for the walk as a whole).

        ``kind`` defaults to the protocol's first evidence kind, or its interview kind
        when ``student`` ("Student A") answers ``question`` (an interview question id).
        Look-fors, student groups, the mark and the question must be the protocol's.
        ``id`` (a UUID made on the device) makes a retry harmless: a note already saved
        under it is returned as it is and nothing is written again. ``interval`` is the
        coded interval the note was written in; ``after_visit`` is for the kinds written
        after leaving the room (a hallway note: the visit must have ended).
        """
        from classwalk.core.records.model import Evidence, Visit
        from classwalk.core.clock import now

        visit = self._visit(where) if isinstance(where, Visit) else None
        walk = self._walk(where.walk_id if visit else _walk_id(where))
        if id is not None:
            existing = _existing(self.store.get_evidence, id, walk.id, "note")
            if existing is not None:
                return existing
        protocol = self.protocol(walk.protocol_id)
        if (student is None) != (question is None):
            raise ClasswalkError("an interview answer needs both student ('Student A') and question")
        if question is not None:
            _choice("question", question, [q.id for q in protocol.interview_questions])
        kind = kind or (protocol.interview_evidence_kind if student else None) or protocol.evidence_kinds[0].id
        _choice("kind", kind, [k.id for k in protocol.evidence_kinds])
        for tag in look_fors:
            _choice("look_fors", tag, [lf.id for lf in protocol.look_fors()])
        for group in student_groups:
            _choice("student_groups", group, [g.id for g in protocol.student_groups])
        if mark is not None:
            _choice("mark", mark, [m.id for m in protocol.evidence_kind(kind).marks])
        if observer is None and visit is not None and visit.observer and not self.scope.observer:
            observer = visit.observer
        observer = self._name(walk, observer)
        try:
            evidence = Evidence(
                walk_id=walk.id, visit_id=visit.id if visit else None, kind=kind,
                text=_note_text("text", text), look_fors=tuple(look_fors),
                student_groups=tuple(student_groups), observer=observer, captured_at=at or now(),
                student_label=student, question_id=question, mark=mark,
                video_offset_seconds=video_offset_seconds, interval=interval,
                **({"id": id} if id is not None else {}),
            )
        except (TypeError, ValueError) as error:
            raise ClasswalkError(f"evidence: {error}") from None
        self.store.add_evidence(evidence, after_visit=after_visit)
        return evidence

    def note(self, evidence_id: str) -> Evidence:
        """One note by id, deleted or not (NotFound if there is none, or outside the scope)."""
        return self._note(evidence_id)

    def edit_evidence(self, evidence: Evidence | str, *, editor: str, text: str | None = None,
                      look_fors: Sequence[str] | None = None, student_groups: Sequence[str] | None = None,
                      mark: str | None = None) -> Evidence:
        """Change a saved note; the version it replaces is kept (see :meth:`evidence_revisions`)."""
        current = self._note(evidence)
        walk = self._walk(current.walk_id)
        editor = self._name(walk, editor, "editor")
        protocol = self.protocol(walk.protocol_id)
        for tag in look_fors or ():
            _choice("look_fors", tag, [lf.id for lf in protocol.look_fors()])
        for group in student_groups or ():
            _choice("student_groups", group, [g.id for g in protocol.student_groups])
        kind = protocol.evidence_kind(current.kind)
        if mark and kind is not None:  # mark="" removes the mark
            _choice("mark", mark, [m.id for m in kind.marks])
        return self.store.edit_evidence(
            current.id, editor=editor, text=None if text is None else _note_text("text", text),
            look_fors=None if look_fors is None else tuple(look_fors),
            student_groups=None if student_groups is None else tuple(student_groups), mark=mark,
        )

    def delete_evidence(self, evidence: Evidence | str, *, by: str) -> None:
        """Delete a note: it is left out of listings, reports and exports until restored."""
        self.store.delete_evidence(self._note(evidence).id, by=by)

    def restore_evidence(self, evidence: Evidence | str) -> None:
        """Undo a note's deletion."""
        self.store.restore_evidence(self._note(evidence).id)

    def evidence_revisions(self, evidence: Evidence | str):
        """The versions of a note that edits replaced, oldest first."""
        return self.store.evidence_revisions(self._note(evidence).id)

    # interval coding, counts and typed items ------------------------------------

    def _capture_place(self, visit: Visit | str):
        visit = self._visit(visit)
        walk = self._walk(visit.walk_id)
        return walk, visit, self.protocol(walk.protocol_id)

    def set_code(self, visit: Visit | str, code: str, *, interval: int, ticked: bool = True, choice: str = "",
                 observer: str, at: dt.datetime | None = None):
        """Set (not toggle) a code, or a one-choice item's ``choice``, in one interval; safe to repeat.

        The interval must be open at ``at`` (the current one, or the previous one in its
        grace time). Ticking a code of a one-code set unticks the set's others. Returns
        the observer's :class:`~classwalk.features.capture.shapes.Coding` after the change.
        """
        from classwalk.core.records.capture import IntervalMark
        from classwalk.core.clock import now
        from classwalk.features.capture import shapes as capture

        walk, visit, protocol = self._capture_place(visit)
        if protocol.intervals is None:
            raise ClasswalkError(f"{protocol.name} does not code intervals")
        at = at or now()
        item = protocol.intervals.item(code)
        found = protocol.intervals.code(code)
        if item is not None:
            if choice not in {c.id for c in item.choices} and not (choice == "" and not ticked):
                raise ClasswalkError(f"choice: {choice!r} is not a choice of {code!r} in {protocol.name}")
        elif found is None:
            raise ClasswalkError(f"code: no code {code!r} in {protocol.name}")
        if not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
            raise ClasswalkError(f"interval: expected a whole number from 1, got {interval!r}")
        state = capture.clock(self.store, protocol, visit, at)
        if interval not in capture.open_intervals(protocol, state, at):
            raise ClasswalkError(f"interval {interval} is not open for coding (then: interval {state.number})")
        changes = [IntervalMark.make(walk_id=walk.id, visit_id=visit.id, observer=observer, interval=interval,
                                     code=code, choice=choice if ticked else "", ticked=ticked, at=at)]
        if found is not None and ticked and not found[0].several:
            coding = capture.coding_from_marks(self.store.marks_for_visit(visit.id), observer)
            prefix = f"{found[0].id}."
            changes += [IntervalMark.make(walk_id=walk.id, visit_id=visit.id, observer=observer, interval=interval,
                                          code=other, ticked=False, at=at)
                        for other in coding.ticked(interval) if other.startswith(prefix) and other != code]
        self.store.save_many(changes)
        return capture.coding_from_marks(self.store.marks_for_visit(visit.id), observer)

    def coding(self, visit: Visit | str, observer: str | None = None):
        """The codes ticked and choices made per interval (of one observer, if given)."""
        from classwalk.features.capture import shapes as capture

        return capture.coding_from_marks(self.store.marks_for_visit(self._visit(visit).id), observer)

    def mark_not_observed(self, visit: Visit | str, interval: int, *, observer: str, not_observed: bool = True,
                          at: dt.datetime | None = None):
        """Mark ``interval`` (one that has begun) not observed for ``observer``, or take the mark
        back: it leaves every count and denominator, its ticks kept. Returns their Coding."""
        from classwalk.features.capture import shapes as capture

        walk, visit, protocol = self._capture_place(visit)
        if protocol.intervals is None:
            raise ClasswalkError(f"{protocol.name} does not code intervals")
        if not isinstance(interval, int) or isinstance(interval, bool):
            raise ClasswalkError(f"interval: expected a whole number from 1, got {interval!r}")
        observer = self._name(walk, observer)
        try:
            return capture.mark_not_observed(self.store, protocol, walk, visit, observer, interval,
                                             not_observed=not_observed, at=at)
        except capture.CaptureError as error:
            raise ClasswalkError(str(error)) from None

    def intervals_while_away(self, visit: Visit | str, *, observer: str,
                             at: dt.datetime | None = None) -> list[int]:
        """The intervals that ended since ``observer``'s last mark with nothing coded in them
        (and not marked yet): what resuming offers to mark not observed."""
        from classwalk.features.capture import shapes as capture

        _walk, visit, protocol = self._capture_place(visit)
        if protocol.intervals is None:
            return []
        return capture.intervals_while_away(self.store, protocol, visit, observer, at=at)

    def interval_times(self, visit: Visit | str, at: dt.datetime | None = None) -> dict:
        """interval number -> (began, ended) by the wall clock (UTC), for the intervals covered so far."""
        from classwalk.core.records.capture import now
        from classwalk.features.capture.interval_clock import interval_spans

        _walk, visit, protocol = self._capture_place(visit)
        if protocol.intervals is None:
            return {}
        end = visit.ended_at or at or now()
        spans = interval_spans(visit.started_at, protocol.intervals.seconds, self.store.clock_events(visit.id), end)
        return {number: (began, ended) for number, began, ended in spans}

    def interval_clock(self, visit: Visit | str, kind: str | None = None, *, observer: str = "",
                       at: dt.datetime | None = None, id: str | None = None):
        """The visit's interval clock; with ``kind`` (pause, resume, advance) change it first.

        With ``id`` (made on the device) a repeat of the same change is harmless.
        """
        from classwalk.core.records.capture import ClockEvent
        from classwalk.features.capture import shapes as capture

        walk, visit, protocol = self._capture_place(visit)
        if protocol.intervals is None:
            raise ClasswalkError(f"{protocol.name} does not code intervals")
        if kind is not None:
            if id is not None and any(event.id == id for event in self.store.clock_events(visit.id)):
                return capture.clock(self.store, protocol, visit, at)
            state = capture.clock(self.store, protocol, visit, at)
            if kind == "pause" and state.paused or kind == "resume" and not state.paused:
                return state  # already as asked: nothing to store
            try:
                event = ClockEvent(walk_id=walk.id, visit_id=visit.id, kind=kind, observer=observer,
                                   **({"at": at} if at else {}), **({"id": id} if id else {}))
            except (TypeError, ValueError) as error:
                raise ClasswalkError(f"clock: {error}") from None
            if kind == "advance" and state.paused:
                raise ClasswalkError("resume the interval clock before moving on to the next interval")
            self.store.add_clock_event(event)
        return capture.clock(self.store, protocol, visit, at)

    def count_snapshot(self, visit: Visit | str, snapshot: str, count: int, present: int, *, observer: str,
                       minute: float | None = None, at: dt.datetime | None = None, id: str | None = None):
        """Save "``count`` of ``present``" students for a snapshot; a repeat under ``id`` is stored once."""
        from classwalk.core.records.capture import SnapshotCount
        from classwalk.core.clock import now

        walk, visit, protocol = self._capture_place(visit)
        if id is not None and any(c.id == id for c in self.store.snapshots_for_visit(visit.id)):
            return next(c for c in self.store.snapshots_for_visit(visit.id) if c.id == id)

        if not any(s.id == snapshot for s in protocol.snapshots):
            raise ClasswalkError(f"snapshot: no snapshot {snapshot!r} in {protocol.name}")
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (count, present)):
            raise ClasswalkError("snapshot: count and present must be whole numbers")
        if present < 1 or count < 0 or count > present:
            raise ClasswalkError(f"snapshot: between 0 and the {present} present, got {count}")
        if minute is not None and minute not in next(s for s in protocol.snapshots if s.id == snapshot).at_minutes:
            raise ClasswalkError(f"snapshot: {snapshot!r} is not due at minute {minute:g}")
        record = SnapshotCount(walk_id=walk.id, visit_id=visit.id, snapshot=snapshot, count=count,
                               present=present, minute=minute, observer=observer, taken_at=at or now(),
                               **({"id": id} if id else {}))
        self.store.add_snapshot(record)
        return record

    def due_snapshots(self, visit: Visit | str, at: dt.datetime | None = None) -> list[tuple[object, float]]:
        """(snapshot, minute) for each set minute the visit has reached with no count taken yet."""
        from classwalk.features.capture import shapes as capture

        walk, visit, protocol = self._capture_place(visit)
        return capture.due_snapshots(self.store, protocol, visit, at)

    def answer_visit_item(self, visit: Visit | str, item: str, value: str, *, observer: str,
                          at: dt.datetime | None = None):
        """Save (change, or clear with "") the observer's answer to a typed visit item; safe to repeat."""
        from classwalk.features.capture import shapes as capture

        walk, visit, protocol = self._capture_place(visit)
        return capture.answer_item(self.store, protocol, walk, visit, observer, item, value, at=at)

    def visit_capture(self, visit: Visit | str, observer: str | None = None) -> dict:
        """A visit's clock events, snapshot counts and item answers (of one observer, if given)."""
        visit_id = self._visit(visit).id
        mine = (lambda r: True) if observer is None else (lambda r: r.observer == observer)
        return {
            "clock": [e for e in self.store.clock_events(visit_id) if mine(e)],
            "snapshots": [c for c in self.store.snapshots_for_visit(visit_id) if mine(c)],
            "answers": [a for a in self.store.answers_for_visit(visit_id) if mine(a)],
        }

    # debrief -------------------------------------------------------------------

    def answer(self, walk: Walk | str, prompt_id: str, text: str, *, author: str = "") -> DebriefResponse:
        """Save ``author``'s answer to a debrief prompt (a later answer replaces theirs)."""
        from classwalk.core.records.model import DebriefResponse
        from classwalk.features.debriefs.debrief import response_id

        walk = self._walk(walk)
        _choice("prompt", prompt_id, [p.id for p in self.protocol(walk.protocol_id).debrief_prompts])
        author = self._name(walk, author or None, "author")
        response = DebriefResponse(id=response_id(walk.id, prompt_id, author), walk_id=walk.id,
                                   prompt_id=prompt_id, text=_note_text("text", text) if text.strip() else "",
                                   author=author)
        self.store.save_response(response)
        return response

    def add_next_step(self, walk: Walk | str, text: str, *, owner: str = "",
                      due: dt.date | None = None, kind: str = "") -> NextStep:
        """Save a next step the walk leads to, with its owner and due date."""
        from classwalk.core.records.model import NextStep

        walk = self._walk(walk)
        kinds = self.protocol(walk.protocol_id).next_step_kinds
        if kind and kinds:
            _choice("kind", kind, kinds)
        step = NextStep(walk_id=walk.id, text=_note_text("text", text),
                        owner=_text("owner", owner, required=False), due=due, kind=kind,
                        author=self._name(walk, None, "author"))
        self.store.save_next_step(step)
        return step

    def complete_next_step(self, step: NextStep) -> NextStep:
        """Mark a next step done."""
        from attrs import evolve

        from classwalk.core.clock import now

        stored = next((s for s in self.store.next_steps_for_walk(self._walk(step.walk_id).id) if s.id == step.id), None)
        if stored is None:
            raise NotFound(f"no next step with id {step.id}")
        done = evolve(stored, status="done", updated_at=now())
        self.store.save_next_step(done)
        return done

    def debrief(self, walk: Walk | str):
        """The walk's :class:`~classwalk.features.debriefs.debrief.DebriefView`: prompts, answers, patterns."""
        from classwalk.features.debriefs.debrief import build_debrief

        return build_debrief(self, self._walk(walk))

    def walk_report(self, walk: Walk | str):
        """The walk's report as a list of Pattern tables (what ``classwalk report walk`` shows)."""
        from classwalk.features.reports import walk_report

        return walk_report(self, self._walk(walk).id)

    def report(self, walk: Walk | str, fmt: str = "md", table: str | None = None) -> str:
        """The walk's report as Markdown or CSV text (rooms as Room A, B...)."""
        from classwalk.features.reports import render_report

        found = self._walk(walk)
        title = f"Walk at {found.school}, {found.date.isoformat()}"
        return render_report(title, self.walk_report(found), fmt, table)

    def responses(self, walk: Walk | str) -> list[DebriefResponse]:
        """Every answer to the walk's debrief prompts (versions an import kept included)."""
        return self.store.responses_for_walk(self._walk(walk).id)

    def keep_answer(self, response: DebriefResponse, *, fast: bool = False) -> DebriefResponse:
        """Save an answer as typed so far, under its own id (the debrief writes one per key).

        ``fast`` commits without waiting for the disk: it survives the program being
        killed, and the next ordinary write makes it survive a power cut too.
        """
        from classwalk.core.text import MAX_NOTE_LENGTH

        walk = self._walk(response.walk_id)
        _choice("prompt", response.prompt_id, [p.id for p in self.protocol(walk.protocol_id).debrief_prompts])
        self._name(walk, response.author, "author")
        if len(response.text) > MAX_NOTE_LENGTH:
            raise ClasswalkError(f"text: {len(response.text)} characters long; the most is {MAX_NOTE_LENGTH}")
        stored = next((r for r in self.store.responses_for_walk(walk.id) if r.id == response.id), None)
        if stored is None and self.store._exists(type(response), response.id):
            raise ClasswalkError(f"answer id {response.id}: already used by another walk")
        connection = self.store.db.conn
        fast = fast and not connection.in_transaction
        if fast:
            connection.execute("PRAGMA synchronous = NORMAL")
        try:
            self.store.save_response(response)
        finally:
            if fast:
                connection.execute("PRAGMA synchronous = FULL")
        return response

    def next_steps(self, walk: Walk | str) -> list[NextStep]:
        """The walk's next steps, in the order they were written."""
        return self.store.next_steps_for_walk(self._walk(walk).id)

    def keep_next_step(self, step: NextStep) -> NextStep:
        """Save a next step as the debrief form holds it (new, or changed under its id)."""
        walk = self._walk(step.walk_id)
        kinds = self.protocol(walk.protocol_id).next_step_kinds
        if step.kind and kinds:
            _choice("kind", step.kind, kinds)
        _note_text("text", step.text)
        _text("owner", step.owner, required=False)
        if step.author:
            self._name(walk, step.author, "author")
        if (step.id not in {s.id for s in self.store.next_steps_for_walk(walk.id)}
                and self.store._exists(type(step), step.id)):
            raise ClasswalkError(f"next step id {step.id}: already used by another walk")
        self.store.save_next_step(step)
        return step

    def delete_next_step(self, step: NextStep | str, walk: Walk | str) -> None:
        """Remove one of the walk's next steps."""
        walk = self._walk(walk)
        step_id = _id(step)
        if step_id not in {s.id for s in self.store.next_steps_for_walk(walk.id)}:
            raise NotFound(f"no next step with id {step_id} in this walk")
        self.store.delete_next_step(step_id)

    def set_name_rooms(self, walk: Walk | str, name_rooms: bool) -> Walk:
        """Whether the walk's debrief and reports name classrooms (else Room A, B...)."""
        import attrs

        from classwalk.core.clock import now

        found = self._walk(walk)
        named = attrs.evolve(found, name_rooms=bool(name_rooms), updated_at=now())
        self.store.save_walk(named)
        return named

    def set_walk_status(self, walk: Walk | str, status: str) -> Walk:
        """Move the walk to ``status`` (in_progress, debriefing, closed)."""
        from classwalk.core.records.model import WALK_STATUSES

        if status not in WALK_STATUSES:
            raise ClasswalkError(f"status: {status!r} is not one of {', '.join(WALK_STATUSES)}")
        return self.store.set_walk_status(self._walk(walk).id, status)

    # drafts ----------------------------------------------------------------------

    def _draft_place(self, key):
        from classwalk.core.records.model import Draft

        if not isinstance(key, Draft):
            raise ClasswalkError(f"draft: expected a Draft record, got {type(key).__name__}")
        if self.scope.observer and key.observer and key.observer != self.scope.observer:
            raise ClasswalkError(f"draft: {key.observer!r}'s drafts are theirs alone")
        if self.scope.limited:  # an unlimited scope skips the read: a draft is written on every key
            self._walk(key.walk_id)

    def draft(self, key) -> str:
        """The words kept under ``key`` (a :class:`~classwalk.core.records.model.Draft`), or ""."""
        self._draft_place(key)
        return self.store.get_draft(key)

    def save_draft(self, key, text: str, *, durable: bool = True) -> None:
        """Keep half-typed ``text`` under ``key`` ("" clears it); see Store.save_draft for ``durable``."""
        self._draft_place(key)
        if not isinstance(text, str):
            raise ClasswalkError(f"draft: expected text, got {type(text).__name__}")
        self.store.save_draft(key, text, durable=durable)

    def clear_draft(self, key) -> None:
        """Forget the draft under ``key`` (its words were saved, or put aside)."""
        self._draft_place(key)
        self.store.clear_draft(key)

    def old_hallway_draft(self, visit: Visit | str, observer: str) -> str:
        """Hallway words kept before drafts had owners (one shared draft per visit): offered
        to the visit's own ``observer`` only, "" to anyone else."""
        found = self._visit(visit)
        if found.observer and found.observer != observer:
            return ""
        if self.scope.observer and observer != self.scope.observer:
            raise ClasswalkError(f"draft: {observer!r}'s drafts are theirs alone")
        from classwalk.core.records.model import old_hallway_key

        return self.store.get_draft(old_hallway_key(found.id))

    def forget_old_hallway_draft(self, visit: Visit | str) -> None:
        """Forget a visit's shared hallway draft from before drafts had owners (it was saved)."""
        from classwalk.core.records.model import old_hallway_key

        self.store.clear_draft(old_hallway_key(self._visit(visit).id))

    # feedback ----------------------------------------------------------------------

    def feedback(self, visit: Visit | str):
        """The reflective-question feedback of one visit, oldest first."""
        return self.store.feedback_for_visit(self._visit(visit).id)

    def save_feedback(self, item):
        """Save (or change, under its id) a feedback item for one of the visit's teachers."""
        from classwalk.core.records.model import FEEDBACK_STATUSES

        visit = self._visit(item.visit_id)
        if item.status not in FEEDBACK_STATUSES:
            raise ClasswalkError(f"status: {item.status!r} is not one of {', '.join(FEEDBACK_STATUSES)}")
        _note_text("question", item.question)
        stored = {f.id for f in self.store.feedback_for_visit(visit.id)}
        if item.id not in stored and self.store._exists(type(item), item.id):
            raise ClasswalkError(f"feedback id {item.id}: already used by another visit")
        self.store.save_feedback(item)
        return item

    def suggested_question(self, visit: Visit | str) -> str | None:
        """The protocol's reflective question for a visit, drawn from that visit's notes only."""
        from classwalk.features.debriefs.feedback import suggested_question

        return suggested_question(self, self._visit(visit))

    def feedback_due(self, at: dt.datetime | None = None) -> list:
        """Feedback (of walks in scope) still drafted after its due date, oldest due first."""
        from classwalk.features.debriefs.feedback import overdue

        return [item for item in overdue(self.store, at) if self._in_scope_visit(item.visit_id)]

    def _in_scope_visit(self, visit_id: str) -> bool:
        try:
            self._visit(visit_id)
        except NotFound:
            return False
        return True

    def all_feedback(self) -> list:
        """Every feedback item of the walks in scope."""
        return [item for item in self.store.list_feedback() if self._in_scope_visit(item.visit_id)]

    def draft_feedback(self, visit_ref: str, question: str | None = None, due: dt.datetime | None = None,
                       author: str = ""):
        """Draft feedback for the teacher of a visit (an id or unique id prefix); the question
        defaults to the protocol's reflective question from that visit's notes."""
        from classwalk.features.debriefs.feedback import draft_feedback, find_visit

        visit = self._visit(find_visit(self.store, visit_ref).id)
        if question is not None:
            question = _note_text("question", question) if question.strip() else None
        return draft_feedback(self, visit.id, question, due, author=author)

    def set_feedback_status(self, feedback_ref: str, status: str):
        """Move a feedback item (an id or unique id prefix) to drafted, shared or discussed."""
        from classwalk.features.debriefs.feedback import find_feedback, set_status

        item = find_feedback(self.store, feedback_ref)
        if not self._in_scope_visit(item.visit_id):
            raise NotFound(f"no feedback with id {feedback_ref!r}")
        return set_status(self, item.id, status)

    def teacher_feedback(self, teacher: str, today: dt.date | None = None):
        """One teacher's page (their visits, whether a conversation is due, their feedback)."""
        from classwalk.features.debriefs.feedback import teacher_feedback, teacher_visits

        teacher = _text("teacher", teacher)
        self._whole([self.store.get_walk(v.walk_id) for v in teacher_visits(self.store, teacher)],
                    "this teacher's page")
        return teacher_feedback(self, teacher, today)

    def conflicts(self, walk: Walk | str) -> list:
        """What imports kept of the walk: the versions kept, then who sent each record and when."""
        from classwalk.features.bundles.kept_versions import kept_versions_pattern, received_pattern

        walk_id = self._walk(walk).id
        return [kept_versions_pattern(self.store, walk_id, with_responses=True),
                received_pattern(self.store, walk_id)]

    def start_cycle(self, name: str, *, school: str, focus: str = ""):
        """Save a new cycle of walks at ``school``."""
        from classwalk.core.records.model import Cycle

        name, school = _text("name", name), _text("school", school)
        if self.scope.school and school != self.scope.school:
            raise ClasswalkError(f"school: this account is limited to {self.scope.school}")
        cycle = check_record_names(Cycle(name=name, school=school, focus=_text("focus", focus, required=False)))
        self.store.save_cycle(cycle)
        return cycle

    # schools, cycles and reports -------------------------------------------------

    def schools(self) -> list[str]:
        """The schools that have walks (only the scope's school when limited to one)."""
        schools = self.store.schools()
        if self.scope.school:
            schools = [s for s in schools if s == self.scope.school]
        if self.scope.own_walks:
            schools = sorted({w.school for w in self.walks()} & set(schools))
        return schools

    def cycles(self, school: str | None = None):
        """The cycles in scope (of ``school``, if given), oldest first: of the scope's school when
        limited to one; with one of the observer's walks when kept to their own walks."""
        if self.scope.school and school and school != self.scope.school:
            return []
        school = self.scope.school or school
        cycles = self.store.list_cycles(school) if school else self.store.list_cycles()
        if self.scope.own_walks:
            cycles = [c for c in cycles if any(self.scope.allows(w) for w in self.store.walks_in_cycle(c.id))]
        return cycles

    def cycle(self, cycle_ref: str):
        """One cycle by id or unique id prefix (NotFound outside the scope)."""
        from classwalk.features.debriefs.cycles import find_cycle

        found = find_cycle(self.store, cycle_ref)
        if self.scope.limited and found.id not in {c.id for c in self.cycles()}:
            raise NotFound(f"no cycle with id {cycle_ref!r} (see 'classwalk cycles list')")
        return found

    def previous_walk(self, walk: Walk | str) -> Walk | None:
        """The walk of the same cycle just before this one (None if none, or if outside the scope)."""
        from classwalk.features.debriefs.cycles import previous_walk

        previous = previous_walk(self.store, self._walk(walk))
        return previous if previous is not None and self.scope.allows(previous) else None

    def cycle_walks(self, cycle_ref: str) -> list[Walk]:
        """The walks of one cycle, oldest first."""
        from classwalk.features.debriefs.cycles import cycle_walks

        return self._whole(cycle_walks(self.store, self.cycle(cycle_ref).id), "this cycle")

    def _whole(self, walks: list[Walk], what: str) -> list[Walk]:
        """``walks`` if every one is in the scope: a report never draws on walks outside it."""
        if any(not self.scope.allows(walk) for walk in walks):
            raise ClasswalkError(f"{what} takes in walks this account may not read; "
                                 f"ask for a report of {self.scope.school or 'your own walks'}")
        return walks

    def _dated(self, school: str | None, date_from: dt.date | None, date_to: dt.date | None) -> list[Walk]:
        return [w for w in self.store.list_walks(school=school)
                if (date_from is None or w.date >= date_from) and (date_to is None or w.date <= date_to)]

    def school_report(self, school: str, date_from: dt.date | None = None, date_to: dt.date | None = None):
        """The school's patterns over its walks dated ``date_from`` to ``date_to`` (inclusive)."""
        from classwalk.features.reports import school_report

        school = _text("school", school)
        if self.scope.school and school != self.scope.school:
            raise ClasswalkError(f"school: this account is limited to {self.scope.school}")
        self._whole(self._dated(school, date_from, date_to), "this school's report")
        return school_report(self, school, date_from, date_to)

    def district_report(self, date_from: dt.date | None = None, date_to: dt.date | None = None):
        """Patterns across every school's walks in the date range."""
        from classwalk.features.reports import district_report

        self._whole(self._dated(None, date_from, date_to), "the district report")
        return district_report(self, date_from, date_to)

    def cycle_report(self, cycle_ref: str):
        """Patterns of one cycle across its walks."""
        from classwalk.features.reports import cycle_report

        cycle = self.cycle(cycle_ref)
        self.cycle_walks(cycle.id)
        return cycle_report(self, cycle.id)

    def coverage_report(self, date_from: dt.date | None = None, date_to: dt.date | None = None, *,
                        school: str | None = None, today: dt.date | None = None, **settings):
        """Time in classrooms over the date range (of one school, if given)."""
        from classwalk.features.reports.coverage import coverage_report

        if self.scope.school and school and school != self.scope.school:
            raise ClasswalkError(f"school: this account is limited to {self.scope.school}")
        school = school or self.scope.school
        self._whole(self._dated(school, date_from, date_to), "this report")
        return coverage_report(self, date_from, date_to, school=school, today=today, **settings)

    # bundles -------------------------------------------------------------------

    def export(self, walk: Walk | str, fmt: str = "json") -> str:
        """The walk as a JSON bundle (the complete record), CSV of evidence or Markdown."""
        from classwalk.features.outputs.export import export_walk

        return export_walk(self, self._walk(walk).id, fmt)

    def bundle(self, walk: Walk | str) -> WalkBundle:
        """Everything about one walk as one record (what the JSON export holds)."""
        return self.store.walk_bundle(self._walk(walk).id)

    def import_bundle(self, source: Path | str, text: str | None = None, *, account=None,
                      sent_by: str = ""):
        """Merge a JSON bundle (a file, or ``text`` named ``source``); safe to repeat.

        ``account`` (a server account) must be an observer of the walk; every record
        written keeps who sent it (the account's login, else ``sent_by``) and when.
        Returns an :class:`~classwalk.features.bundles.importer.ImportResult`.
        """
        from classwalk.features.bundles.importer import import_bundle, parse_bundle, read_bundle_file

        if text is None:
            text = read_bundle_file(Path(source))
        if self.scope.limited:  # a limited account merges only walks inside its scope
            incoming = parse_bundle(text, str(source)).walk
            here = self.store._exists(type(incoming), incoming.id) and self.store.get_walk(incoming.id)
            if not self.scope.allows(incoming) or (here and not self.scope.allows(here)):
                raise ClasswalkError(f"{source}: walk {incoming.id[:8]} is outside what this account may change")
        return import_bundle(self, text, str(source), account=account,
                             sent_by=sent_by or self.scope.observer or "")

    # accounts ------------------------------------------------------------------

    def accounts(self):
        """The logins of ``classwalk serve`` (:class:`~classwalk.features.accounts.Accounts`).

        Accounts are who may log in, not walk records: no walk scope applies to them
        (managing them is for whoever runs the server, with ``classwalk users``).
        """
        from classwalk.features.accounts import Accounts

        return Accounts(self.store)

    # plugin failures -----------------------------------------------------------

    def plugin_failures(self) -> list[PluginFailure]:
        """Failures of plugins as installed now: this run's and those recorded by earlier runs.

        Each is a :class:`~classwalk.core.plugins.loader.PluginFailure` (docs/records.md), with
        ``count`` the times it was recorded and ``at`` the last time.
        """
        from classwalk.core.plugins.failure_log import current_failures

        self.protocols  # registering protocols is part of loading plugins
        return current_failures(self.plugins, self.failure_log.records())

    # rooms and drafts (what the terminal's room screens call) ---------------------

    def visit(self, visit: Visit | str) -> Visit:
        """One visit by id, as stored now (NotFound if there is none, or outside the scope)."""
        return self._visit(visit)

    def visit_evidence(self, visit: Visit | str) -> list[Evidence]:
        """A visit's notes (deleted ones left out), in the order they were captured."""
        return self.store.evidence_for_visit(self._visit(visit).id)

    def reopen_visit(self, visit: Visit | str) -> Visit:
        """Undo leaving a room: the visit is under way again (its timer runs on from its start)."""
        from attrs import evolve

        reopened = evolve(self._visit(visit), ended_at=None)
        self.store.save_visit(reopened)
        return reopened

    def resume_lesson(self, visit: Visit | str, *, observer: str = "", at: dt.datetime | None = None) -> Visit:
        """Go back into an ended coded lesson: the same visit, its interval clock where it stopped."""
        from classwalk.features.capture import shapes as capture

        walk, visit, protocol = self._capture_place(visit)
        return capture.resume_lesson(self.store, protocol, walk, visit, observer, at=at)

    def moved_on(self, visit: Visit | str) -> list:
        """Teammates who shared ``visit``'s room and have left it, each with the room they are in now."""
        from classwalk.features.capture.team import teammates_moved

        return teammates_moved(self.store, self._visit(visit))

    def classrooms(self, walk: Walk | str) -> list[dict[str, str]]:
        """Classrooms seen before at the walk's school (name, teacher, grade, subject), one row each."""
        return self.store.classrooms(self._walk(walk).school)


def door(run, *, observer: str | None = None, school: str | None = None, own_walks: bool | None = None) -> Classwalk:
    """``run`` (a Classwalk, or the kernel the terminal UI was given) as a Classwalk with a
    scope: the limits given, on top of any ``run`` already has. It shares ``run``'s
    database connection, plugins and protocols, so it can be made for every call."""
    from classwalk.core.scope import EVERYONE, Scope

    current = getattr(run, "scope", EVERYONE)
    scope = Scope(observer=observer or current.observer, school=school or current.school,
                  own_walks=bool(own_walks) or current.own_walks)
    if isinstance(run, Classwalk) and scope == current:
        return run
    run.store  # opened now, so the view shares this connection
    view = Classwalk.__new__(Classwalk)
    view.__dict__.update(run.__dict__)
    view.scope = scope
    return view


def open_db(path: Path | str | None = None, *, plugins: Iterable[str] | None = None,
            protocol_dirs: Sequence[Path | str] | None = None, observer: str | None = None,
            school: str | None = None, own_walks: bool = False) -> Classwalk:
    """Open (or create) a classwalk database; close it with ``.close()`` or a ``with`` block.

    ``path`` defaults to ``CLASSWALK_DB`` or the user's data folder. ``plugins`` names
    the plugins (entry-point names) to load; by default every installed one, as
    ``CLASSWALK_LOAD_PLUGINS`` allows. ``protocol_dirs`` replaces the folders searched for
    TOML protocols. ``observer`` is who is asking (notes are written under that name by
    default); ``school`` limits every read and write to that school's walks, and
    ``own_walks`` to the walks ``observer`` is an observer of.
    """
    from classwalk.core.plugins.loader import Plugins

    loaded = None if plugins is None else Plugins(only=list(plugins))
    dirs = None if protocol_dirs is None else [Path(p) for p in protocol_dirs]
    from classwalk.core.scope import Scope

    if own_walks and not observer:
        raise ClasswalkError("own_walks: give the observer whose walks these are")
    scope = Scope(observer=observer or None, school=school or None, own_walks=own_walks)
    return Classwalk(db_path=path, plugins=loaded, protocol_dirs_=dirs, scope=scope)


__all__ = ["Classwalk", "open_db", "door", "ClasswalkError", "NotFound"]
