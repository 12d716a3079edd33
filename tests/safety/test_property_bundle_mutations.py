"""Bundle mutations, field by field, type by type, reference by reference.

A bundle holding every kind of record (a cycle, visits, notes with a revision, debrief
responses with a kept second version, next steps, feedback) is mutated: any field set to
a value of another type or out of range, any reference pointed at another record of the
bundle, at a record of another walk in the database or at nothing, a record repeated or
removed. Each mutated bundle is imported into a database that already holds a walk at
another school (and, half the time, this walk as it was). Then either

- it is refused in one line, every table exactly as before; or
- it is imported exactly: into a database without the walk, the walk reads back as the
  bundle holds it; into one with the walk, nothing that was there is lost (each earlier
  version is live, a revision or a kept version); and importing it again changes nothing.
"""

from __future__ import annotations

import copy
import os
import datetime as dt
import json
import uuid

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from classwalk.api import Classwalk
from classwalk.core.convert import unstructure
from classwalk.core.records.model import (
    Cycle, DebriefResponse, Evidence, Feedback, NextStep, Observer, Visit, Walk, now,
)
from classwalk.features.bundles.importer import import_bundle, parse_bundle
from classwalk.features.outputs.export import bundle_json
from classwalk.features.bundles.kept_versions import version_json
from tests.support.bundles import import_or_refusal, tables

START = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.timezone.utc)
FUTURE = (now() + dt.timedelta(days=3)).isoformat()
ODD_VALUES = st.sampled_from([
    None, True, False, 0, -1, 1.5, 2**63, -(2**63) - 1, 10**40, "", " ", "\t\n", "x", "\u200b", "Ana\u202e",
    "0001-01-01", "9999-12-31", "1969-12-31", "2026-02-30", "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00", FUTURE, "2026-10-05T09:00:00", "not a date", [], {}, ["x"], {"x": 1},
    "00000000-0000-4000-8000-000000000000", "a" * 3000,
])
REFERENCES = [
    ("visits", "walk_id"), ("evidence", "walk_id"), ("evidence", "visit_id"),
    ("evidence_revisions", "evidence_id"), ("evidence_revisions", "walk_id"),
    ("debrief_responses", "walk_id"), ("debrief_responses", "conflict_of"), ("next_steps", "walk_id"),
    ("feedback", "visit_id"), ("walk", "cycle_id"), ("cycle", "id"), ("walk", "id"),
]
LISTS = ("visits", "evidence", "evidence_revisions", "debrief_responses", "next_steps", "feedback")
PROPERTY = settings(max_examples=int(os.environ.get('HI_EXAMPLES', 120)), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _base_records() -> tuple[list, Walk]:
    cycle = Cycle(name="Entry routines", school="North Park", focus="first minutes", created_at=START)
    walk = Walk(protocol_id="downey", school="North Park", date=START.date(), cycle_id=cycle.id,
                observers=(Observer(name="Ana", role="observer"),), created_at=START, updated_at=START)
    visits = [Visit(walk_id=walk.id, classroom=room, teacher=teacher, observer="Ana",
                    started_at=START + dt.timedelta(minutes=10 * i), ended_at=START + dt.timedelta(minutes=10 * i + 3))
              for i, (room, teacher) in enumerate([("N1", "Grace Okafor"), ("N2", "Tomas Young")])]
    notes = [Evidence(walk_id=walk.id, visit_id=visits[i % 2].id, kind="observation", text=f"note {i}",
                      look_fors=("orientation.on_task",), observer="Ana", captured_at=START + dt.timedelta(minutes=i))
             for i in range(3)]
    response = DebriefResponse(walk_id=walk.id, prompt_id="orientation", text="Most started at once.",
                               author="Ana", updated_at=START)
    second = DebriefResponse(walk_id=walk.id, prompt_id="orientation", text="Two started late.", author="Ben",
                             updated_at=START, conflict_of=response.id)
    step = NextStep(walk_id=walk.id, text="Share the routine", owner="Ana", updated_at=START)
    feedback = Feedback(visit_id=visits[0].id, teacher="Grace Okafor", question="What did the opening show?",
                        due=START + dt.timedelta(days=2), updated_at=START)
    return [cycle, walk, *visits, *notes, response, second, step, feedback], walk


def _neighbour() -> list:
    """A walk at another school, with its own cycle, already in every target database."""
    cycle = Cycle(name="South routines", school="South Hill", created_at=START)
    walk = Walk(protocol_id="downey", school="South Hill", date=START.date(), cycle_id=cycle.id,
                created_at=START, updated_at=START)
    visit = Visit(walk_id=walk.id, classroom="S9", started_at=START, ended_at=START + dt.timedelta(minutes=3))
    note = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="south note", captured_at=START)
    return [cycle, walk, visit, note]


NEIGHBOUR = _neighbour()
NEIGHBOUR_IDS = [record.id for record in NEIGHBOUR]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict:
    """The full bundle, as exported (a note edited once, so it carries a revision)."""
    classwalk = Classwalk(db_path=tmp_path_factory.mktemp("base") / "base.db")
    records, walk = _base_records()
    classwalk.store.save_many(records)
    note = next(r for r in records if isinstance(r, Evidence))
    classwalk.store.edit_evidence(note.id, editor="Ana", text="note 0, edited")
    data = json.loads(bundle_json(classwalk, walk.id))
    classwalk.close()
    assert data["evidence_revisions"] and data["cycle"] and data["feedback"]
    return data


@pytest.fixture
def databases(tmp_path):
    base_db = Classwalk(db_path=tmp_path / "plugins.db")
    made = []

    def make() -> Classwalk:
        classwalk = Classwalk(db_path=tmp_path / f"target-{len(made)}.db", plugins=base_db.plugins)
        classwalk.__dict__["protocols"] = base_db.protocols
        classwalk.store.save_many(NEIGHBOUR)
        made.append(classwalk)
        return classwalk

    yield make
    for classwalk in made:
        classwalk.close()
    base_db.close()


def _leaves(value, prefix=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from _leaves(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from _leaves(item, (*prefix, index))


def _ids(data: dict) -> list[str]:
    return sorted({value for path in _leaves(data) if path[-1] == "id"
                   for value in [_get(data, path)] if isinstance(value, str)})


def _get(data, path):
    for step in path:
        data = data[step]
    return data


def _set(data, path, value):
    _get(data, path[:-1])[path[-1]] = value


@st.composite
def mutated(draw, base: dict) -> dict:
    """One mutation of ``base``: a field, a reference, a repeated or removed record."""
    data = copy.deepcopy(base)
    kind = draw(st.sampled_from(["field", "reference", "repeat", "remove", "remove_key"]))
    if kind == "field":
        path = draw(st.sampled_from(list(_leaves(data))))
        value = draw(ODD_VALUES | st.text(max_size=20) | st.integers())
        note(f"field {path} = {value!r}")
        _set(data, path, value)
    elif kind == "reference":
        name, key = draw(st.sampled_from(REFERENCES))
        target = data[name] if name in ("walk", "cycle") else (draw(st.sampled_from(data[name])) if data[name] else None)
        if target is not None:
            note(f"reference {name}.{key}")
            target[key] = draw(st.sampled_from(_ids(base) + NEIGHBOUR_IDS + [str(uuid.UUID(int=7, version=4)), None]))
    elif kind in ("repeat", "remove"):
        name = draw(st.sampled_from(LISTS))
        if data[name]:
            index = draw(st.integers(0, len(data[name]) - 1))
            note(f"{kind} {name}[{index}]")
            if kind == "repeat":
                twin = copy.deepcopy(data[name][index])
                if draw(st.booleans()):
                    twin["id"] = str(uuid.UUID(int=draw(st.integers(1, 2**64)), version=4))
                data[name].append(twin)
            else:
                del data[name][index]
    else:
        paths = [p for p in _leaves(data) if isinstance(p[-1], str)]
        path = draw(st.sampled_from(paths))
        note(f"remove key {path}")
        del _get(data, path[:-1])[path[-1]]
    return data


def _by_id(records) -> list:
    return sorted(records, key=lambda record: record.id)


def _exactly(classwalk, text: str) -> None:
    expected = parse_bundle(text, "bundle.json")
    stored = classwalk.store.walk_bundle(expected.walk.id)
    assert stored.walk == expected.walk and stored.cycle == expected.cycle
    for name in LISTS:
        assert _by_id(getattr(stored, name)) == _by_id(getattr(expected, name)), name


def _nothing_lost(classwalk, before: dict) -> None:
    """Every record of the walk as it was is still live, a revision, or a kept version."""
    store = classwalk.store
    original = parse_bundle(json.dumps(before), "before.json")
    kept = {k.version for k in store.kept_versions()}
    revisions = {(r.evidence_id, r.text) for r in store.revisions_for_walk(original.walk.id)}
    stored = store.walk_bundle(original.walk.id)
    live = {record.id: record for name in ("visits", "evidence", "debrief_responses", "next_steps", "feedback")
            for record in getattr(stored, name)}
    for name in ("visits", "evidence", "debrief_responses", "next_steps", "feedback"):
        for record in getattr(original, name):
            current = live.get(record.id)
            if current == record or version_json(record) in kept:
                continue
            if isinstance(record, Evidence) and current is not None and (
                    current.text == record.text or (record.id, record.text) in revisions):
                continue
            if isinstance(record, DebriefResponse) and current is not None and current.text == record.text:
                continue
            raise AssertionError(f"{name} {record.id} lost: was {record!r}, now {current!r}")


@PROPERTY
@given(data=st.data(), existing=st.booleans())
def test_a_mutated_bundle_is_imported_exactly_or_refused_with_nothing_written(databases, base, data, existing):
    changed = data.draw(mutated(base))
    text = json.dumps(changed, ensure_ascii=False)
    classwalk = databases()
    if existing:
        import_bundle(classwalk, json.dumps(base), "original.json")
    if not import_or_refusal(classwalk, text):
        event("refused")
        return
    event("imported")
    if existing:
        _nothing_lost(classwalk, base)
    else:
        _exactly(classwalk, text)
    after = tables(classwalk)
    import_bundle(classwalk, text, "bundle.json")
    assert tables(classwalk) == after, "importing the same bundle twice changed something"
    neighbour = classwalk.store.walk_bundle(NEIGHBOUR[1].id)
    assert neighbour.walk == NEIGHBOUR[1] and neighbour.cycle == NEIGHBOUR[0], "another school's walk changed"
    assert list(neighbour.visits) == [NEIGHBOUR[2]]


def test_the_unmutated_bundle_imports_exactly(databases, base):
    classwalk = databases()
    import_bundle(classwalk, json.dumps(base), "bundle.json")
    _exactly(classwalk, json.dumps(base))
