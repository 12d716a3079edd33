"""What an observer records for the capture shapes: interval marks, the interval clock,
snapshot counts and typed answers (see :mod:`classwalk.core.protocols.capture`).

Each is committed the moment it is entered. A mark and an answer have an id made from
what they are about (visit, observer, interval, code), so ticking a code again updates
the same record on every device, and an import merges by the latest change.
"""

from __future__ import annotations

import datetime as dt
import uuid

from attrs import field, frozen
from attrs.validators import ge, in_, instance_of, min_len, optional

from classwalk.core.clock import aware as _aware, now
from classwalk.core.ids import is_uuid as _uuid, new_id

CLOCK_EVENTS = ("pause", "resume", "advance")
NOT_OBSERVED = "~not_observed"
"""The ``code`` of a mark saying the interval was not observed (no protocol id can start with ``~``)."""
_NAMESPACE = uuid.UUID("7f1d52f4-8a4c-4f7e-9a55-3c5f0a2d8e61")


_text = instance_of(str)


def _time():
    return field(factory=now, converter=_aware, validator=instance_of(dt.datetime))


def mark_id(visit_id: str, observer: str, interval: int, code: str) -> str:
    """The one id of a code (or one-choice item) in one interval of one observer's coding."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(("mark", visit_id, observer, str(interval), code))))


def answer_id(visit_id: str, observer: str, item: str) -> str:
    """The one id of one observer's answer to a typed item of a visit."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(("answer", visit_id, observer, item))))


@frozen(kw_only=True)
class IntervalMark:
    """A code ticked (or a one-choice item answered) in one interval of a visit.

    ``code`` is a qualified code id (``students.listening``) or an interval item's id,
    then ``choice`` holds the choice, or :data:`NOT_OBSERVED`: the interval was not
    observed (the observer was called away, the program was down). ``ticked = False`` records that the tick was taken
    back (or the answer cleared): the correction is kept, never a silent delete.
    """

    id: str = field(validator=_uuid)
    walk_id: str = field(validator=_uuid)
    visit_id: str = field(validator=_uuid)
    observer: str = field(default="", validator=_text)
    interval: int = field(validator=[instance_of(int), ge(1)])
    code: str = field(validator=[instance_of(str), min_len(1)])
    choice: str = field(default="", validator=_text)
    ticked: bool = field(default=True, validator=instance_of(bool))
    updated_at: dt.datetime = _time()

    @classmethod
    def make(cls, *, walk_id: str, visit_id: str, observer: str, interval: int, code: str,
             choice: str = "", ticked: bool = True, at: dt.datetime | None = None) -> "IntervalMark":
        return cls(id=mark_id(visit_id, observer, interval, code), walk_id=walk_id, visit_id=visit_id,
                   observer=observer, interval=interval, code=code, choice=choice, ticked=ticked,
                   updated_at=at or now())


@frozen(kw_only=True)
class ClockEvent:
    """The observer paused or resumed the interval clock, or ended an interval early."""

    id: str = field(factory=new_id, validator=_uuid)
    walk_id: str = field(validator=_uuid)
    visit_id: str = field(validator=_uuid)
    kind: str = field(validator=in_(CLOCK_EVENTS))
    observer: str = field(default="", validator=_text)
    at: dt.datetime = _time()


def _not_more_than_present(instance, attribute, value) -> None:
    if value > instance.present:
        raise ValueError(f"'count' must not be more than the students present ({instance.present}), got {value}")


@frozen(kw_only=True)
class SnapshotCount:
    """A count at one moment: ``count`` of ``present`` students showed the snapshot's label.

    ``minute`` is the set minute it was due at, or None for a count taken on demand.
    """

    id: str = field(factory=new_id, validator=_uuid)
    walk_id: str = field(validator=_uuid)
    visit_id: str = field(validator=_uuid)
    snapshot: str = field(validator=[instance_of(str), min_len(1)])
    present: int = field(validator=[instance_of(int), ge(1)])
    count: int = field(validator=[instance_of(int), ge(0), _not_more_than_present])
    minute: float | None = field(default=None, validator=optional([instance_of(float), ge(0.0)]))
    observer: str = field(default="", validator=_text)
    taken_at: dt.datetime = _time()


@frozen(kw_only=True)
class ItemAnswer:
    """One observer's answer to a typed item of a visit: a choice id, a count or a short text."""

    id: str = field(validator=_uuid)
    walk_id: str = field(validator=_uuid)
    visit_id: str = field(validator=_uuid)
    item: str = field(validator=[instance_of(str), min_len(1)])
    value: str = field(validator=_text)
    observer: str = field(default="", validator=_text)
    updated_at: dt.datetime = _time()

    @classmethod
    def make(cls, *, walk_id: str, visit_id: str, observer: str, item: str, value: str,
             at: dt.datetime | None = None) -> "ItemAnswer":
        return cls(id=answer_id(visit_id, observer, item), walk_id=walk_id, visit_id=visit_id, item=item,
                   value=value, observer=observer, updated_at=at or now())
