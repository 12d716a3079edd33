"""Any import bundle is merged exactly, or refused in one line with nothing written.

Valid bundles are generated with odd text everywhere; tampered ones change, remove or
add one value anywhere in an exported bundle. A refused bundle must leave every table
as it was; an accepted one must read back and export exactly as it went in.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classwalk.features.bundles.importer import import_bundle
from classwalk.api import Classwalk
from classwalk.core.convert import unstructure
from classwalk.features.outputs.export import export_walk
from classwalk.core.records.model import (
    DebriefResponse, Evidence, Feedback, NextStep, Observer, Visit, Walk, WalkBundle,
)
from tests.safety.safety_helpers import paths
from tests.support.bundles import import_or_refusal, tables

UNICODE = st.characters(codec="utf-8")
# names and labels: one line, nothing drawn as nothing, NFC (classwalk.core.records.names)
VISIBLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Cn", "Zl", "Zp"), max_codepoint=0xDFFFF,
                        exclude_characters="\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f"
                                           "\u2800\u3164\uffa0" + "".join(map(chr, range(0xFE00, 0xFE10))))
TEXT = st.text(UNICODE, min_size=1, max_size=60).filter(str.strip)
ANY_TEXT = st.text(UNICODE, max_size=60)
NAME = st.text(VISIBLE, min_size=1, max_size=30).map(lambda text: unicodedata.normalize("NFC", text)).filter(str.strip)
ANY_NAME = st.text(VISIBLE, max_size=30).map(lambda text: unicodedata.normalize("NFC", text))
MOMENTS = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2025, 12, 31),
                       timezones=st.just(dt.timezone.utc)).map(lambda m: m.replace(microsecond=m.microsecond // 1000 * 1000))
LOOK_FORS = ("orientation.on_task", "curricular.objective", "walls.student_work", "safety.hazard")
KINDS = ("observation", "objective", "walls", "safety")
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=6,
)
PROPERTY = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@st.composite
def bundles(draw) -> WalkBundle:
    """A consistent Downey walk bundle with odd text in every free-text field."""
    walk = Walk(protocol_id="downey", school=draw(NAME), date=draw(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
                focus=draw(ANY_NAME), guiding_question=draw(ANY_NAME), created_at=draw(MOMENTS),
                updated_at=draw(MOMENTS), name_rooms=draw(st.booleans()),
                observers=[Observer(name=name, role=draw(ANY_NAME))
                           for name in draw(st.lists(NAME, max_size=3, unique=True))])
    visits = [Visit(walk_id=walk.id, classroom=draw(NAME), teacher=draw(ANY_NAME), grade=draw(ANY_NAME),
                    started_at=draw(MOMENTS), ended_at=draw(st.none() | MOMENTS))
              for _ in range(draw(st.integers(0, 3)))]
    evidence = [Evidence(walk_id=walk.id, visit_id=draw(st.sampled_from([None] + [v.id for v in visits])),
                         kind=draw(st.sampled_from(KINDS)), text=draw(TEXT), captured_at=draw(MOMENTS),
                         look_fors=draw(st.lists(st.sampled_from(LOOK_FORS), max_size=3, unique=True)),
                         observer=draw(ANY_NAME))
                for _ in range(draw(st.integers(0, 6)))]
    responses = [DebriefResponse(walk_id=walk.id, prompt_id="orientation", text=draw(ANY_TEXT),
                                 author=draw(ANY_NAME), updated_at=draw(MOMENTS))
                 for _ in range(draw(st.integers(0, 2)))]
    steps = [NextStep(walk_id=walk.id, text=draw(TEXT), owner=draw(ANY_NAME), updated_at=draw(MOMENTS),
                      due=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))))
             for _ in range(draw(st.integers(0, 2)))]
    feedback = [Feedback(visit_id=visit.id, teacher=draw(ANY_NAME), question=draw(TEXT), due=draw(MOMENTS),
                         updated_at=draw(MOMENTS)) for visit in visits[:1]]
    return WalkBundle(walk=walk, visits=visits, evidence=evidence, debrief_responses=responses,
                      next_steps=steps, feedback=feedback)


def _same(stored: WalkBundle, bundle: WalkBundle) -> None:
    """The stored walk holds exactly the bundle's records (the store orders them its own way)."""
    assert stored.walk == bundle.walk
    for name in ("visits", "evidence", "debrief_responses", "next_steps", "feedback"):
        assert sorted(getattr(stored, name), key=lambda r: r.id) == sorted(getattr(bundle, name), key=lambda r: r.id), name


@pytest.fixture
def databases(tmp_path):
    """Make fresh databases that share one loaded set of plugins and protocols."""
    made = []
    base = Classwalk(db_path=tmp_path / "base.db")

    def make() -> Classwalk:
        classwalk = Classwalk(db_path=tmp_path / f"db-{len(made)}.db", plugins=base.plugins)
        classwalk.__dict__["protocols"] = base.protocols
        made.append(classwalk)
        return classwalk

    yield make
    for classwalk in made:
        classwalk.close()


@pytest.fixture(scope="module")
def refusing_database(tmp_path_factory):
    """One database for inputs that must all be refused (so it never changes)."""
    classwalk = Classwalk(db_path=tmp_path_factory.mktemp("refusals") / "walks.db")
    yield classwalk
    classwalk.close()


@settings(PROPERTY, max_examples=50)
@given(bundle=bundles())
def test_generated_bundles_import_and_export_exactly(databases, bundle):
    first = databases()
    text = json.dumps(unstructure(bundle), ensure_ascii=False)
    assert import_or_refusal(first, text), "a consistent bundle was refused"
    _same(first.store.walk_bundle(bundle.walk.id), bundle)
    exported = export_walk(first, bundle.walk.id, "json")
    second = databases()
    assert import_or_refusal(second, exported)
    _same(second.store.walk_bundle(bundle.walk.id), bundle)
    before = tables(second)
    import_bundle(second, exported, "again.json")
    assert tables(second) == before, "importing the same bundle twice changed something"


@PROPERTY
@given(choice=st.integers(min_value=0), action=st.sampled_from(["replace", "delete", "extra"]),
       new_value=JSON_VALUES, existing=st.booleans())
def test_tampered_bundles_are_merged_or_refused_with_nothing_written(
        databases, demo_bundle, choice, action, new_value, existing):
    data = copy.deepcopy(demo_bundle)
    places = list(paths(data))
    path = places[choice % len(places)]
    if path:
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        if action == "delete":
            del parent[path[-1]]
        elif action == "extra" and isinstance(parent[path[-1]], dict):
            parent[path[-1]]["unexpected"] = new_value
        else:
            parent[path[-1]] = new_value
    else:
        data = new_value
    classwalk = databases()
    if existing:  # the same walk is already here: the tampered copy must not damage it
        import_bundle(classwalk, json.dumps(demo_bundle), "original.json")
    if import_or_refusal(classwalk, json.dumps(data, ensure_ascii=False)):
        walk_id = data["walk"]["id"]
        assert classwalk.store.get_walk(walk_id)


@PROPERTY
@given(text=st.text(UNICODE | st.sampled_from('{}[]":,'), max_size=200))
def test_any_text_as_a_bundle_is_refused_in_one_line(refusing_database, text):
    assert not import_or_refusal(refusing_database, text)


def test_bundle_with_a_lone_surrogate_is_refused_in_one_line(databases, demo_bundle):
    data = copy.deepcopy(demo_bundle)
    data["evidence"][0]["text"] = "fractions \ud800"
    assert not import_or_refusal(databases(), json.dumps(data))
