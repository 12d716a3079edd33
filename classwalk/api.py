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

from classwalk.core.context import Classwalk as _KernelClasswalk
from classwalk.core.errors import ClasswalkError, NotFound
from classwalk.core.names import check_record_names

if TYPE_CHECKING:  # the records are imported on first use, to keep start-up light
    from classwalk.core.model import (
        DebriefResponse, Evidence, NextStep, Observer, Slice, Visit, Walk, WalkBundle,
    )
    from classwalk.core.plugins import PluginFailure
    from classwalk.core.protocol import Protocol


def _id(record_or_id) -> str:
    """The id of a record, or the id given."""
    return record_or_id if isinstance(record_or_id, str) else record_or_id.id


_walk_id = _id


def _choice(what: str, value: str, known: Iterable[str]) -> None:
    known = list(known)
    if value not in known:
        raise ClasswalkError(f"{what}: {value!r} is not one of this protocol's ({', '.join(known) or 'none'})")


def _observer(value: Observer | str | tuple[str, str]) -> Observer:
    from classwalk.core.model import Observer

    if isinstance(value, Observer):
        return value
    if isinstance(value, str):
        return Observer(name=value)
    name, role = value
    return Observer(name=name, role=role)


def _text(what: str, value: str, required: bool = True) -> str:
    if not isinstance(value, str):
        raise ClasswalkError(f"{what}: expected text, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise ClasswalkError(f"{what}: must not be empty")
    return value


def _existing(get, record_id: str, walk_id: str, what: str):
    """The record already saved under ``record_id`` (None if there is none); refused if another walk's."""
    try:
        found = get(record_id)
    except NotFound:
        return None
    if found.walk_id != walk_id:
        raise ClasswalkError(f"{what} id {record_id}: already used by another walk")
    return found


class Classwalk(_KernelClasswalk):
    """One database with the protocols and plugins of this installation.

    Get one with :func:`open_db`. Records are the attrs classes of
    :mod:`classwalk.core.model` (docs/records.md lists their fields); methods that take
    a walk or visit accept the record or its id.
    """

    def __enter__(self) -> "Classwalk":
        return self

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

    def walk(self, walk_ref: str) -> Walk:
        """A walk by id or unique id prefix."""
        return self.store.find_walk(walk_ref)

    def walks(self, *, status: str | None = None, school: str | None = None,
              limit: int | None = None) -> list[Walk]:
        """Walks, newest first, optionally of one status or school."""
        return self.store.list_walks(status=status, school=school, limit=limit)

    def start_walk(self, protocol_id: str, *, school: str, date: dt.date | None = None,
                   observers: Sequence[Observer | str | tuple[str, str]] = (), focus: str = "",
                   guiding_question: str = "", focus_shaped_by: str = "",
                   focus_categories: Sequence[str] = (), slice: Slice | None = None,
                   mode: str | None = None, timing_variant: str | None = None,
                   cycle_id: str | None = None, name_rooms: bool = False) -> Walk:
        """Start (and save) a walk under ``protocol_id``; observers are names or Observer records."""
        protocol = self.protocol(protocol_id)
        focus = _text("focus", focus, required=protocol.requires_focus)
        guiding_question = _text("guiding_question", guiding_question,
                                 required=protocol.requires_guiding_question)
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
        from classwalk.core.model import Walk

        try:
            walk = Walk(
                protocol_id=protocol.id, protocol_version=protocol.version,
                school=_text("school", school), date=date or dt.date.today(), focus=focus,
                guiding_question=guiding_question, focus_shaped_by=focus_shaped_by,
                focus_categories=tuple(focus_categories), slice=slice,
                observers=tuple(_observer(o) for o in observers), mode=mode,
                timing_variant=timing_variant, cycle_id=cycle_id, name_rooms=name_rooms,
            )
        except (TypeError, ValueError) as error:
            raise ClasswalkError(f"walk: {error}") from None
        walk = check_record_names(walk)  # one line, nothing invisible, NFC (core/names.py)
        self.store.save_walk(walk)
        return walk

    def end_walk(self, walk: Walk | str, at: dt.datetime | None = None) -> Walk:
        """The visits are over: end any still open and move the walk on to its debrief."""
        walk_id = _walk_id(walk)
        self.store.get_walk(walk_id)
        for visit in self.store.visits_for_walk(walk_id):
            if not visit.ended:
                self.store.end_visit(visit.id, at=at)
        return self.store.set_walk_status(walk_id, "debriefing")

    def close_walk(self, walk: Walk | str) -> Walk:
        """The debrief is done: the walk is closed."""
        return self.store.set_walk_status(_walk_id(walk), "closed")

    def delete_walk(self, walk: Walk | str, *, by: str = "") -> None:
        """Delete a walk: left out of every listing and report until :meth:`restore_walk`."""
        self.store.delete_walk(_walk_id(walk), by=by)

    def restore_walk(self, walk: Walk | str) -> None:
        """Undo a walk's deletion."""
        self.store.restore_walk(_walk_id(walk))

    def last_deleted_walk(self) -> Walk | None:
        """The walk deleted most recently and not restored (what an undo brings back)."""
        return self.store.last_deleted_walk()

    def walk_counts(self, walks: Sequence[Walk | str]) -> dict[str, dict[str, int]]:
        """Walk id -> its visits, notes and open visits."""
        return self.store.walk_counts([_walk_id(walk) for walk in walks])

    # visits and evidence -------------------------------------------------------

    def start_visit(self, walk: Walk | str, classroom: str, *, teacher: str = "", grade: str = "",
                    subject: str = "", observer: str | None = None,
                    at: dt.datetime | None = None, id: str | None = None) -> Visit:
        """Walk into ``classroom``: save a visit that is under way until :meth:`end_visit`.

        ``id`` (a UUID made on the device) makes a repeat harmless: the visit already
        saved under it is returned and nothing is written.
        """
        from classwalk.core.model import Visit, now

        walk = self.store.get_walk(_walk_id(walk))
        if id is not None:
            existing = _existing(self.store.get_visit, id, walk.id, "visit")
            if existing is not None:
                return existing
        if observer is None:
            observer = walk.observers[0].name if walk.observers else ""
        try:
            visit = Visit(walk_id=walk.id, classroom=_text("classroom", classroom), teacher=teacher,
                          grade=grade, subject=subject, slice=walk.slice, observer=observer,
                          started_at=at or now(), **({"id": id} if id is not None else {}))
        except (TypeError, ValueError) as error:
            raise ClasswalkError(f"visit: {error}") from None
        visit = check_record_names(visit)
        self.store.save_visit(visit)
        return visit

    def end_visit(self, visit: Visit | str, at: dt.datetime | None = None) -> Visit:
        """Leave the room: the visit ends now (or ``at``)."""
        return self.store.end_visit(_id(visit), at=at)

    def visits(self, walk: Walk | str) -> list[Visit]:
        """The walk's visits, in the order they started."""
        return self.store.visits_for_walk(_walk_id(walk))

    def evidence(self, walk: Walk | str) -> list[Evidence]:
        """The walk's notes (deleted ones left out), in the order they were captured."""
        return self.store.evidence_for_walk(_walk_id(walk))

    def record(self, where: Visit | Walk, text: str, *, kind: str | None = None,
               look_fors: Sequence[str] = (), student_groups: Sequence[str] = (),
               mark: str | None = None, student: str | None = None, question: str | None = None,
               observer: str | None = None, at: dt.datetime | None = None,
               video_offset_seconds: int | None = None, id: str | None = None) -> Evidence:
        """Save one descriptive note in a visit (or, given a Walk, for the walk as a whole).

        ``kind`` defaults to the protocol's first evidence kind, or its interview kind
        when ``student`` ("Student A") answers ``question`` (an interview question id).
        Look-fors, student groups, the mark and the question must be the protocol's.
        ``id`` (a UUID made on the device) makes a retry harmless: a note already saved
        under it is returned as it is and nothing is written again.
        """
        from classwalk.core.model import Evidence, Visit, now

        visit = where if isinstance(where, Visit) else None
        walk = self.store.get_walk(where.walk_id if visit else _walk_id(where))
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
        if observer is None:
            observer = (visit.observer if visit else "") or (walk.observers[0].name if walk.observers else "")
        try:
            evidence = Evidence(
                walk_id=walk.id, visit_id=visit.id if visit else None, kind=kind,
                text=_text("text", text), look_fors=tuple(look_fors),
                student_groups=tuple(student_groups), observer=observer, captured_at=at or now(),
                student_label=student, question_id=question, mark=mark,
                video_offset_seconds=video_offset_seconds, **({"id": id} if id is not None else {}),
            )
        except (TypeError, ValueError) as error:
            raise ClasswalkError(f"evidence: {error}") from None
        self.store.add_evidence(evidence)
        return evidence

    def note(self, evidence_id: str) -> Evidence:
        """One note by id, deleted or not (NotFound if there is none)."""
        return self.store.get_evidence(evidence_id)

    def edit_evidence(self, evidence: Evidence | str, *, editor: str, text: str | None = None,
                      look_fors: Sequence[str] | None = None, student_groups: Sequence[str] | None = None,
                      mark: str | None = None) -> Evidence:
        """Change a saved note; the version it replaces is kept (see :meth:`evidence_revisions`)."""
        current = self.store.get_evidence(_id(evidence))
        protocol = self.protocol(self.store.get_walk(current.walk_id).protocol_id)
        for tag in look_fors or ():
            _choice("look_fors", tag, [lf.id for lf in protocol.look_fors()])
        for group in student_groups or ():
            _choice("student_groups", group, [g.id for g in protocol.student_groups])
        kind = protocol.evidence_kind(current.kind)
        if mark and kind is not None:  # mark="" removes the mark
            _choice("mark", mark, [m.id for m in kind.marks])
        return self.store.edit_evidence(
            current.id, editor=editor, text=None if text is None else _text("text", text),
            look_fors=None if look_fors is None else tuple(look_fors),
            student_groups=None if student_groups is None else tuple(student_groups), mark=mark,
        )

    def delete_evidence(self, evidence: Evidence | str, *, by: str) -> None:
        """Delete a note: it is left out of listings, reports and exports until restored."""
        self.store.delete_evidence(_id(evidence), by=by)

    def restore_evidence(self, evidence: Evidence | str) -> None:
        """Undo a note's deletion."""
        self.store.restore_evidence(_id(evidence))

    def evidence_revisions(self, evidence: Evidence | str):
        """The versions of a note that edits replaced, oldest first."""
        return self.store.evidence_revisions(_id(evidence))

    # interval coding, counts and typed items ------------------------------------

    def _capture_place(self, visit: Visit | str):
        visit = self.store.get_visit(_id(visit))
        walk = self.store.get_walk(visit.walk_id)
        return walk, visit, self.protocol(walk.protocol_id)

    def set_code(self, visit: Visit | str, code: str, *, interval: int, ticked: bool = True, choice: str = "",
                 observer: str, at: dt.datetime | None = None):
        """Set (not toggle) a code, or a one-choice item's ``choice``, in one interval; safe to repeat.

        The interval must be open at ``at`` (the current one, or the previous one in its
        grace time). Ticking a code of a one-code set unticks the set's others. Returns
        the observer's :class:`~classwalk.features.capture.Coding` after the change.
        """
        from classwalk.core.capture_records import IntervalMark, now
        from classwalk.features import capture

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
        from classwalk.features import capture

        return capture.coding_from_marks(self.store.marks_for_visit(_id(visit)), observer)

    def interval_clock(self, visit: Visit | str, kind: str | None = None, *, observer: str = "",
                       at: dt.datetime | None = None, id: str | None = None):
        """The visit's interval clock; with ``kind`` (pause, resume, advance) change it first.

        With ``id`` (made on the device) a repeat of the same change is harmless.
        """
        from classwalk.core.capture_records import ClockEvent
        from classwalk.features import capture

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
        from classwalk.core.capture_records import SnapshotCount, now

        walk, visit, protocol = self._capture_place(visit)
        if id is not None and any(c.id == id for c in self.store.snapshots_for_visit(visit.id)):
            return next(c for c in self.store.snapshots_for_visit(visit.id) if c.id == id)

        if not any(s.id == snapshot for s in protocol.snapshots):
            raise ClasswalkError(f"snapshot: no snapshot {snapshot!r} in {protocol.name}")
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (count, present)):
            raise ClasswalkError("snapshot: count and present must be whole numbers")
        if present < 1 or count < 0 or count > present:
            raise ClasswalkError(f"snapshot: between 0 and the {present} present, got {count}")
        record = SnapshotCount(walk_id=walk.id, visit_id=visit.id, snapshot=snapshot, count=count,
                               present=present, minute=minute, observer=observer, taken_at=at or now(),
                               **({"id": id} if id else {}))
        self.store.add_snapshot(record)
        return record

    def answer_visit_item(self, visit: Visit | str, item: str, value: str, *, observer: str,
                          at: dt.datetime | None = None):
        """Save (change, or clear with "") the observer's answer to a typed visit item; safe to repeat."""
        from classwalk.features import capture

        walk, visit, protocol = self._capture_place(visit)
        return capture.answer_item(self.store, protocol, walk, visit, observer, item, value, at=at)

    def visit_capture(self, visit: Visit | str, observer: str | None = None) -> dict:
        """A visit's clock events, snapshot counts and item answers (of one observer, if given)."""
        visit_id = _id(visit)
        mine = (lambda r: True) if observer is None else (lambda r: r.observer == observer)
        return {
            "clock": [e for e in self.store.clock_events(visit_id) if mine(e)],
            "snapshots": [c for c in self.store.snapshots_for_visit(visit_id) if mine(c)],
            "answers": [a for a in self.store.answers_for_visit(visit_id) if mine(a)],
        }

    # debrief -------------------------------------------------------------------

    def answer(self, walk: Walk | str, prompt_id: str, text: str, *, author: str = "") -> DebriefResponse:
        """Save ``author``'s answer to a debrief prompt (a later answer replaces theirs)."""
        from classwalk.core.model import DebriefResponse
        from classwalk.features.debrief import response_id

        walk = self.store.get_walk(_walk_id(walk))
        _choice("prompt", prompt_id, [p.id for p in self.protocol(walk.protocol_id).debrief_prompts])
        response = DebriefResponse(id=response_id(walk.id, prompt_id, author), walk_id=walk.id,
                                   prompt_id=prompt_id, text=text, author=author)
        self.store.save_response(response)
        return response

    def add_next_step(self, walk: Walk | str, text: str, *, owner: str = "",
                      due: dt.date | None = None, kind: str = "") -> NextStep:
        """Save a next step the walk leads to, with its owner and due date."""
        from classwalk.core.model import NextStep

        walk = self.store.get_walk(_walk_id(walk))
        kinds = self.protocol(walk.protocol_id).next_step_kinds
        if kind and kinds:
            _choice("kind", kind, kinds)
        step = NextStep(walk_id=walk.id, text=_text("text", text), owner=owner, due=due, kind=kind)
        self.store.save_next_step(step)
        return step

    def complete_next_step(self, step: NextStep) -> NextStep:
        """Mark a next step done."""
        from attrs import evolve

        from classwalk.core.model import now

        done = evolve(step, status="done", updated_at=now())
        self.store.save_next_step(done)
        return done

    def debrief(self, walk: Walk | str):
        """The walk's :class:`~classwalk.features.debrief.DebriefView`: prompts, answers, patterns."""
        from classwalk.features.debrief import build_debrief

        return build_debrief(self, self.store.get_walk(_walk_id(walk)))

    def walk_report(self, walk: Walk | str):
        """The walk's report as a list of Pattern tables (what ``classwalk report walk`` shows)."""
        from classwalk.features.reports import walk_report

        return walk_report(self, _walk_id(walk))

    def report(self, walk: Walk | str, fmt: str = "md", table: str | None = None) -> str:
        """The walk's report as Markdown or CSV text (rooms as Room A, B...)."""
        from classwalk.features.reports import render_report

        found = self.store.get_walk(_walk_id(walk))
        title = f"Walk at {found.school}, {found.date.isoformat()}"
        return render_report(title, self.walk_report(found), fmt, table)

    # bundles -------------------------------------------------------------------

    def export(self, walk: Walk | str, fmt: str = "json") -> str:
        """The walk as a JSON bundle (the complete record), CSV of evidence or Markdown."""
        from classwalk.features.export import export_walk

        return export_walk(self, _walk_id(walk), fmt)

    def bundle(self, walk: Walk | str) -> WalkBundle:
        """Everything about one walk as one record (what the JSON export holds)."""
        return self.store.walk_bundle(self.store.find_walk(_walk_id(walk)).id)

    def import_bundle(self, source: Path | str, text: str | None = None):
        """Merge a JSON bundle (a file, or ``text`` named ``source``); safe to repeat.

        Returns an :class:`~classwalk.features.bundles.ImportResult`.
        """
        from classwalk.features.bundles import import_bundle, import_file

        if text is not None:
            return import_bundle(self, text, str(source))
        return import_file(self, Path(source))

    # plugin failures -----------------------------------------------------------

    def plugin_failures(self) -> list[PluginFailure]:
        """Failures of plugins as installed now: this run's and those recorded by earlier runs.

        Each is a :class:`~classwalk.core.plugins.PluginFailure` (docs/records.md), with
        ``count`` the times it was recorded and ``at`` the last time.
        """
        from classwalk.core.failure_log import current_failures

        self.protocols  # registering protocols is part of loading plugins
        return current_failures(self.plugins, self.failure_log.records())


def open_db(path: Path | str | None = None, *, plugins: Iterable[str] | None = None,
            protocol_dirs: Sequence[Path | str] | None = None) -> Classwalk:
    """Open (or create) a classwalk database; close it with ``.close()`` or a ``with`` block.

    ``path`` defaults to ``CLASSWALK_DB`` or the user's data folder. ``plugins`` names
    the plugins (entry-point names) to load; by default every installed one, as
    ``CLASSWALK_LOAD_PLUGINS`` allows. ``protocol_dirs`` replaces the folders searched for
    TOML protocols.
    """
    from classwalk.core.plugins import Plugins

    loaded = None if plugins is None else Plugins(only=list(plugins))
    dirs = None if protocol_dirs is None else [Path(p) for p in protocol_dirs]
    return Classwalk(db_path=path, plugins=loaded, protocol_dirs_=dirs)


__all__ = ["Classwalk", "open_db", "ClasswalkError", "NotFound"]
