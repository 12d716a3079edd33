"""Coding a lesson, counting students, answering typed items: the one API the TUI, the CLI,
tests and plugins use for the capture shapes (:mod:`classwalk.core.protocols.capture`).

Every call commits before it returns. The interval a mark belongs to comes from the
visit's stored clock (:mod:`classwalk.features.capture.interval_clock`), never from memory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from attrs import evolve, frozen

from classwalk.core.records.capture import NOT_OBSERVED, ClockEvent, IntervalMark, ItemAnswer, SnapshotCount
from classwalk.core.clock import now
from classwalk.core.errors import ClasswalkError
from classwalk.features.capture.interval_clock import ClockState, clock_state
from classwalk.features.bundles.capture_checks import answer_problem


class CaptureError(ClasswalkError):
    """A mark, count or answer that cannot be recorded (with why)."""


@frozen(kw_only=True)
class Coding:
    """One observer's coding of one visit: the codes ticked and the choices made per interval."""

    codes: dict[int, frozenset[str]]
    choices: dict[int, dict[str, str]]
    not_observed: frozenset[int] = frozenset()
    """Intervals marked not observed: left out of every count and denominator."""

    def observed(self, intervals: int) -> list[int]:
        """The numbers of the first ``intervals`` intervals that were observed."""
        return [number for number in range(1, intervals + 1) if number not in self.not_observed]

    def ticked(self, interval: int) -> frozenset[str]:
        return self.codes.get(interval, frozenset())

    def chosen(self, interval: int) -> dict[str, str]:
        return self.choices.get(interval, {})

    def last_interval(self) -> int:
        """The highest interval holding a tick or a choice (0 for none)."""
        return max([*self.codes, *self.choices, 0])


def coding_from_marks(marks, observer: str | None = None) -> Coding:
    """The ticks and choices that stand, from marks (of one observer, if given)."""
    codes: dict[int, set[str]] = defaultdict(set)
    choices: dict[int, dict[str, str]] = defaultdict(dict)
    not_observed: set[int] = set()
    for mark in marks:  # one record per (visit, observer, interval, code): the latest state
        if not mark.ticked or (observer is not None and mark.observer != observer):
            continue
        if mark.code == NOT_OBSERVED:
            not_observed.add(mark.interval)
        elif mark.choice:
            choices[mark.interval][mark.code] = mark.choice
        else:
            codes[mark.interval].add(mark.code)
    return Coding(codes={i: frozenset(c) for i, c in codes.items() if c},
                  choices={i: dict(c) for i, c in choices.items() if c}, not_observed=frozenset(not_observed))


def clock(store, protocol, visit, at: dt.datetime | None = None) -> ClockState:
    """Where the visit's interval clock stands (at the visit's end once it has ended)."""
    moment = visit.ended_at or at or now()
    return clock_state(visit.started_at, protocol.intervals.seconds, store.clock_events(visit.id), moment)


def resume_lesson(store, protocol, walk, visit, observer: str = "", at: dt.datetime | None = None):
    """Open an ended lesson again where its clock stood: same visit, same interval, same time left.

    The time it was closed does not count: the clock is paused at the end and runs again
    now (a clock the observer had paused stays paused). Returns the reopened visit.
    """
    if not visit.ended:
        return visit
    at = max(at or now(), visit.ended_at)
    with store.transaction():
        if not clock(store, protocol, visit).paused:
            store.add_clock_event(ClockEvent(walk_id=walk.id, visit_id=visit.id, kind="pause", observer=observer,
                                             at=visit.ended_at))
            store.add_clock_event(ClockEvent(walk_id=walk.id, visit_id=visit.id, kind="resume", observer=observer,
                                             at=at))
        reopened = evolve(visit, ended_at=None)
        store.save_visit(reopened)
    return reopened


def observed_intervals(protocol, visit, events, coding: Coding) -> int:
    """How many intervals a visit covered: by its clock, or the last one coded if later."""
    end = visit.ended_at or now()
    state = clock_state(visit.started_at, protocol.intervals.seconds, events, end)
    return max(state.observed(), coding.last_interval())


def open_intervals(protocol, state: ClockState, at: dt.datetime) -> list[int]:
    """The intervals that may be coded now: the current one, and the previous one in its grace time."""
    grace = protocol.intervals.grace_seconds
    previous = state.number > 1 and (at - state.started_at).total_seconds() <= grace
    return [state.number - 1, state.number] if previous else [state.number]


def _check_open(protocol, state: ClockState, interval: int, at: dt.datetime) -> None:
    allowed = open_intervals(protocol, state, at)
    if interval not in allowed:
        if interval == state.number - 1:
            raise CaptureError(f"interval {interval} can no longer be changed: its "
                               f"{protocol.intervals.grace_seconds}-second grace time is over")
        raise CaptureError(f"interval {interval} is not open for coding (now: interval {state.number})")


def toggle_code(store, protocol, walk, visit, observer: str, code_id: str, interval: int | None = None,
                at: dt.datetime | None = None) -> Coding:
    """Tick ``code_id`` in ``interval`` (default: the current one), or untick it if ticked.

    In a set that allows one code per interval, ticking a code unticks the set's others.
    Returns the observer's coding after the change.
    """
    at = at or now()
    found = protocol.intervals.code(code_id)
    if found is None:
        raise CaptureError(f"no code {code_id!r} in {protocol.name}")
    code_set, _code = found
    state = clock(store, protocol, visit, at)
    interval = state.number if interval is None else interval
    _check_open(protocol, state, interval, at)
    coding = coding_from_marks(store.marks_for_visit(visit.id), observer)
    ticked = code_id in coding.ticked(interval)
    changes = [IntervalMark.make(walk_id=walk.id, visit_id=visit.id, observer=observer, interval=interval,
                                 code=code_id, ticked=not ticked, at=at)]
    if not ticked and not code_set.several:
        prefix = f"{code_set.id}."
        changes += [IntervalMark.make(walk_id=walk.id, visit_id=visit.id, observer=observer, interval=interval,
                                      code=other, ticked=False, at=at)
                    for other in coding.ticked(interval) if other.startswith(prefix) and other != code_id]
    store.save_many(changes)
    return coding_from_marks(store.marks_for_visit(visit.id), observer)


def choose(store, protocol, walk, visit, observer: str, item_id: str, choice_id: str,
           interval: int | None = None, at: dt.datetime | None = None) -> Coding:
    """Answer a one-choice item for an interval; choosing the same choice again clears it."""
    at = at or now()
    item = protocol.intervals.item(item_id)
    if item is None or choice_id not in {c.id for c in item.choices}:
        raise CaptureError(f"no choice {choice_id!r} of {item_id!r} in {protocol.name}")
    state = clock(store, protocol, visit, at)
    interval = state.number if interval is None else interval
    _check_open(protocol, state, interval, at)
    coding = coding_from_marks(store.marks_for_visit(visit.id), observer)
    same = coding.chosen(interval).get(item_id) == choice_id
    store.save_mark(IntervalMark.make(walk_id=walk.id, visit_id=visit.id, observer=observer, interval=interval,
                                      code=item_id, choice="" if same else choice_id, ticked=not same, at=at))
    return coding_from_marks(store.marks_for_visit(visit.id), observer)


def mark_not_observed(store, protocol, walk, visit, observer: str, interval: int, not_observed: bool = True,
                      at: dt.datetime | None = None) -> Coding:
    """Mark ``interval`` (up to the current one) not observed, or take the mark back.

    A not-observed interval keeps what was coded in it, but leaves every count and
    denominator until the mark is taken back. Returns the observer's coding after it.
    """
    at = at or now()
    state = clock(store, protocol, visit, at)
    if interval < 1 or interval > state.number:
        raise CaptureError(f"interval {interval} has not begun (now: interval {state.number})")
    store.save_mark(IntervalMark.make(walk_id=walk.id, visit_id=visit.id, observer=observer, interval=interval,
                                      code=NOT_OBSERVED, ticked=not_observed, at=at))
    return coding_from_marks(store.marks_for_visit(visit.id), observer)


def intervals_while_away(store, protocol, visit, observer: str, at: dt.datetime | None = None) -> list[int]:
    """Intervals that ended since the observer's last mark with nothing coded in them (the
    program was down or the observer away): what resuming offers to mark not observed."""
    at = at or now()
    own = [m for m in store.marks_for_visit(visit.id) if m.observer == observer]
    coding = coding_from_marks(own, observer)
    state = clock(store, protocol, visit, at)
    last = max((m.updated_at for m in own), default=visit.started_at)
    since = clock_state(visit.started_at, protocol.intervals.seconds, store.clock_events(visit.id), last).number
    return [number for number in range(since + 1, state.number)
            if not coding.ticked(number) and not coding.chosen(number) and number not in coding.not_observed]


def clock_event(store, protocol, walk, visit, kind: str, observer: str = "",
                at: dt.datetime | None = None) -> ClockState:
    """Pause, resume, or end the current interval now (``advance``); returns the clock after it."""
    at = at or now()
    state = clock(store, protocol, visit, at)
    if kind == "pause" and state.paused:
        raise CaptureError("the interval clock is already paused")
    if kind == "resume" and not state.paused:
        raise CaptureError("the interval clock is running")
    if kind == "advance" and state.paused:
        raise CaptureError("resume the interval clock before moving on to the next interval")
    store.add_clock_event(ClockEvent(walk_id=walk.id, visit_id=visit.id, kind=kind, observer=observer, at=at))
    return clock(store, protocol, visit, at)


# snapshots and typed items ---------------------------------------------------------


def due_snapshots(store, protocol, visit, at: dt.datetime | None = None) -> list[tuple[object, float]]:
    """(snapshot, minute) for each set minute reached in the visit with no count taken yet."""
    elapsed = visit.elapsed_seconds(at or now()) / 60
    taken = {(c.snapshot, c.minute) for c in store.snapshots_for_visit(visit.id)}
    return [(snapshot, minute) for snapshot in protocol.snapshots for minute in snapshot.at_minutes
            if minute <= elapsed and (snapshot.id, minute) not in taken]


def record_snapshot(store, protocol, walk, visit, observer: str, snapshot_id: str, count: int, present: int,
                    minute: float | None = None, at: dt.datetime | None = None) -> SnapshotCount:
    """Save "``count`` of ``present``" for a snapshot; committed on return."""
    snapshot = next((s for s in protocol.snapshots if s.id == snapshot_id), None)
    if snapshot is None:
        raise CaptureError(f"no snapshot {snapshot_id!r} in {protocol.name}")
    if present < 1:
        raise CaptureError("students present: at least 1")
    if count < 0 or count > present:
        raise CaptureError(f"{snapshot.label}: between 0 and the {present} present, got {count}")
    if minute is not None and minute not in snapshot.at_minutes:
        raise CaptureError(f"{snapshot.label} is not due at minute {minute:g}")
    record = SnapshotCount(walk_id=walk.id, visit_id=visit.id, snapshot=snapshot_id, count=count,
                           present=present, minute=minute, observer=observer, taken_at=at or now())
    store.add_snapshot(record)
    return record


def answer_item(store, protocol, walk, visit, observer: str, item_id: str, value: str,
                at: dt.datetime | None = None) -> ItemAnswer:
    """Save (or change, or clear with "") the answer to a typed item; committed on return."""
    item = next((i for i in protocol.visit_items if i.id == item_id), None)
    if item is None:
        raise CaptureError(f"no item {item_id!r} in {protocol.name}")
    value = value.strip()
    problem = answer_problem(item, value)
    if problem:
        raise CaptureError(problem)
    if item.type == "count" and value:
        value = str(int(value))
    answer = ItemAnswer.make(walk_id=walk.id, visit_id=visit.id, observer=observer, item=item_id, value=value,
                             at=at)
    store.save_answer(answer)
    return answer


def answers(store, visit_id: str, observer: str | None = None) -> dict[str, str]:
    """item id -> the answer that stands (empty answers left out)."""
    return {a.item: a.value for a in store.answers_for_visit(visit_id)
            if a.value and (observer is None or a.observer == observer)}
