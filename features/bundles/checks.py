"""What the values inside a walk bundle may be, checked before anything is merged.

A bundle comes from another device, or from anyone who can hand over a file. Beyond the
types the converter checks, its values must be storable and unambiguous:

- JSON objects without repeated keys, numbers that are finite and fit SQLite's 64-bit
  integers;
- dates and times between 1970 and 2199; the times a record was made, changed or
  deleted (every date-time but a due date) no later than now plus
  :data:`MAX_CLOCK_SKEW` (a later one would win every merge);
- required text (a note, a classroom, a school) that is not only white space;
- names that identify someone or something (schools, classrooms, teachers, observers,
  cycles, focus) by the one rule of :func:`classwalk.core.records.names.check_name`: one line,
  no control or invisible character (zero-width or bidirectional controls, Hangul
  fillers, variation selectors...) that would make two different names look the same,
  and a bounded length. :func:`classwalk.core.records.names.composed_names` stores them in NFC.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from typing import Any, Iterator

import attrs

from classwalk.core.records.names import NameProblem, check_name, name_fields
from classwalk.core.records.model import (
    Cycle, DebriefResponse, Evidence, EvidenceRevision, Feedback, NextStep, Observer, Slice, Visit, Walk,
    WalkBundle,
)

EARLIEST_DATE = dt.date(1970, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
MAX_CLOCK_SKEW = dt.timedelta(hours=1)
SQLITE_INTEGERS = (-(2**63), 2**63 - 1)
PAIRED = (("deleted_at", "deleted_by"), ("edited_at", "edited_by"))
"""An event's "who" field is set only with its "when" field."""
SCHEDULED = {(Feedback, "due")}
"""Date-times that may lie ahead; every other one is when something was made or changed."""
REQUIRED_TEXT: dict[type, tuple[str, ...]] = {
    Walk: ("protocol_id", "protocol_version", "school"),
    Cycle: ("name", "school"),
    Observer: ("name",),
    Slice: ("kind",),
    Visit: ("classroom",),
    Evidence: ("kind", "text"),
    EvidenceRevision: ("text",),
    DebriefResponse: ("prompt_id",),
    NextStep: ("text",),
    Feedback: ("question",),
}
class DuplicateKey(ValueError):
    """A JSON object names the same key twice."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen[key] = value
    return seen


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number a bundle may hold")


def load_json(text: str) -> Any:
    """Parse ``text`` refusing repeated keys (:class:`DuplicateKey`) and NaN/Infinity (ValueError)."""
    return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)


def number_problems(data: Any, path: str = "") -> list[str]:
    """Integers outside SQLite's range and non-finite numbers anywhere in parsed JSON."""
    problems: list[str] = []
    stack = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{where}.{key}" if where else str(key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}[{index}]", item) for index, item in enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            if not SQLITE_INTEGERS[0] <= value <= SQLITE_INTEGERS[1]:
                problems.append(f"{where or '(top level)'}: {_digits(value)} is beyond the whole numbers a database holds")
        elif isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            problems.append(f"{where or '(top level)'}: {value} is not a finite number")
    return sorted(problems)


def _digits(value: int) -> str:
    text = str(value) if abs(value) < 10**40 else f"a {len(str(abs(value)))}-digit number"
    return text


DETERMINISTIC_FACTORIES = (tuple, list, dict)


def _generated_fields(cls: type) -> list[str]:
    """Fields of ``cls`` that would get a fresh value when missing (an id, the time now)."""
    return [
        f.name for f in attrs.fields(cls)
        if isinstance(f.default, attrs.Factory) and f.default.factory not in DETERMINISTIC_FACTORIES
    ]


def missing_field_problems(data: dict) -> list[str]:
    """Ids and times a bundle's records leave out: filled in they would differ on each
    import (a new id, the time of import), so the same bundle would never import the same."""
    problems: list[str] = []
    hints = typing.get_type_hints(WalkBundle)
    for field in attrs.fields(WalkBundle):
        cls = _record_class(hints[field.name])
        value = data.get(field.name)
        if cls is None or value is None:
            continue
        if isinstance(value, dict):
            items = [(field.name, value)]
        elif isinstance(value, list):
            items = [(f"{field.name}[{index}]", item) for index, item in enumerate(value)]
        else:
            continue  # the wrong type: the converter names it
        for where, item in items:
            if isinstance(item, dict):
                problems += [f"{where}.{name}: required field missing"
                             for name in _generated_fields(cls) if name not in item]
    return problems


def _record_class(annotation) -> type | None:
    """The record class a WalkBundle field holds (``Walk``, ``tuple[Visit, ...]``, ``Cycle | None``)."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and attrs.has(candidate):
            return candidate
    return None


def _records(bundle: WalkBundle) -> Iterator[tuple[str, Any]]:
    """(path, record) for every record in the bundle, nested ones included."""
    top: list[tuple[str, Any]] = []
    for field in attrs.fields(type(bundle)):
        value = getattr(bundle, field.name)
        if attrs.has(type(value)):
            top.append((field.name, value))
        elif isinstance(value, tuple):
            top += [(f"{field.name}[{index}]", record) for index, record in enumerate(value)]
    stack = list(reversed(top))
    while stack:
        path, record = stack.pop()
        yield path, record
        for field in attrs.fields(type(record)):
            value = getattr(record, field.name)
            if attrs.has(type(value)):
                stack.append((f"{path}.{field.name}", value))
            elif isinstance(value, tuple):
                stack.extend((f"{path}.{field.name}[{i}]", item) for i, item in enumerate(value) if attrs.has(type(item)))


def _moment_text(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def value_problems(bundle: WalkBundle, at: dt.datetime) -> list[str]:
    """Every value of the bundle outside what it may hold (see the module's docstring)."""
    latest = at + MAX_CLOCK_SKEW
    problems: list[str] = []
    for path, record in _records(bundle):
        cls = type(record)
        for when, who in PAIRED:
            if getattr(record, who, "") and getattr(record, when, "missing") is None:
                problems.append(f"{path}.{who}: says who, but {when} is empty")
        for field in attrs.fields(cls):
            value = getattr(record, field.name)
            where = f"{path}.{field.name}"
            if isinstance(value, dt.datetime):
                if not EARLIEST_DATE <= value.date() <= LATEST_DATE:
                    problems.append(f"{where}: {_moment_text(value)} is outside {EARLIEST_DATE.year}–{LATEST_DATE.year}")
                elif (cls, field.name) not in SCHEDULED and value > latest:
                    problems.append(
                        f"{where}: {_moment_text(value)} is in the future (now {_moment_text(at)} UTC): "
                        "is the exporting device's clock ahead?"
                    )
            elif isinstance(value, dt.date):
                if not EARLIEST_DATE <= value <= LATEST_DATE:
                    problems.append(f"{where}: {value.isoformat()} is outside {EARLIEST_DATE.year}–{LATEST_DATE.year}")
            elif isinstance(value, str):
                if field.name in REQUIRED_TEXT.get(cls, ()) and not value.strip():
                    problems.append(f"{where}: only white space")
                elif field.name in name_fields().get(cls, {}):
                    try:
                        check_name(where, value, name_fields()[cls][field.name])
                    except NameProblem as problem:
                        problems.append(str(problem))
    return problems


def reference_problems(bundle: WalkBundle, protocol) -> list[str]:
    """References the bundle makes that its own records or its protocol must answer."""
    problems: list[str] = []
    walk = bundle.walk
    if bundle.cycle is not None and bundle.cycle.school != walk.school:
        problems.append(
            f"cycle.school: the cycle belongs to {bundle.cycle.school!r}, the walk to {walk.school!r}: "
            "a walk joins only its own school's cycle"
        )
    response_ids = {response.id for response in bundle.debrief_responses}
    for index, response in enumerate(bundle.debrief_responses):
        if response.conflict_of is not None and response.conflict_of not in response_ids:
            problems.append(f"debrief_responses[{index}].conflict_of: {response.conflict_of} is not a response in this bundle")
        if protocol is not None and not any(p.id == response.prompt_id for p in protocol.debrief_prompts):
            problems.append(
                f"debrief_responses[{index}].prompt_id: {response.prompt_id!r} is not a debrief prompt of {protocol.id}"
            )
    return problems
