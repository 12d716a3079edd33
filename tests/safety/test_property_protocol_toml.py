"""Any protocol TOML file is either read and written back exactly, or refused in one line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from classwalk.api import Classwalk
from classwalk.core.errors import ClasswalkError
from classwalk.core.protocols.toml_files import parse_toml, protocol_from_toml, protocol_to_toml
from tests.safety.safety_helpers import assert_one_line_error, paths

PROTOCOLS = Path(__file__).resolve().parents[2] / "protocols"
BUILT_IN_TOML = sorted(PROTOCOLS.glob("*/protocol.toml"))
UNICODE = st.characters(codec="utf-8")
KEY_TEXT = st.text(UNICODE, min_size=1, max_size=10)
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCALARS = (
    st.text(UNICODE, max_size=30) | st.integers(-(2**63), 2**63 - 1) | st.booleans()
    | st.floats(allow_nan=False) | st.dates() | st.datetimes(timezones=st.just(dt.timezone.utc))
)
TOML_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEY_TEXT, inner, max_size=3),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def lookup():
    """Built-in protocols by id, for files that ``extends`` one."""
    classwalk = Classwalk(db_path=":memory:")
    return classwalk.protocols.find


def _read(text: str, lookup):
    """The protocol from ``text``, or None when refused with a clear one-line error."""
    try:
        return protocol_from_toml(text, "district.toml", lookup)
    except ClasswalkError as error:
        assert_one_line_error(error)
        return None


def _assert_round_trips(protocol, lookup) -> None:
    written = protocol_to_toml(protocol)
    assert protocol_from_toml(written, "written.toml", lookup) == protocol
    assert protocol_to_toml(protocol_from_toml(written, "written.toml", lookup)) == written


def _mutate(data, path, action, new_value):
    """A copy of ``data`` with the value at ``path`` replaced, removed, or given an extra key."""
    if not path:
        return data
    import copy

    result = copy.deepcopy(data)
    parent = result
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "extra" and isinstance(parent[last], dict):
        parent[last]["unexpected_key"] = new_value
    else:
        parent[last] = new_value
    return result


@pytest.mark.parametrize("path", BUILT_IN_TOML, ids=lambda p: p.parent.name)
def test_built_in_protocol_files_round_trip(path, lookup):
    protocol = _read(path.read_text(encoding="utf-8"), lookup)
    assert protocol is not None
    _assert_round_trips(protocol, lookup)


@PROPERTY
@given(text=st.text(UNICODE | st.sampled_from("[]=\"'.#\n\t{},") , max_size=300))
def test_any_text_is_read_or_refused_in_one_line(text, lookup):
    protocol = _read(text, lookup)
    if protocol is not None:
        _assert_round_trips(protocol, lookup)


@PROPERTY
@given(
    source=st.sampled_from(BUILT_IN_TOML), choice=st.integers(min_value=0),
    action=st.sampled_from(["replace", "delete", "extra"]), new_value=TOML_VALUES,
)
def test_changed_protocol_files_are_read_exactly_or_refused_in_one_line(lookup, source, choice, action, new_value):
    data = parse_toml(source.read_text(encoding="utf-8"), str(source))
    places = list(paths(data))
    changed = _mutate(data, places[choice % len(places)], action, new_value)
    try:
        text = tomli_w.dumps(changed)
    except (TypeError, ValueError):
        assume(False)  # not expressible as TOML at all
    protocol = _read(text, lookup)
    if protocol is not None:
        _assert_round_trips(protocol, lookup)


IDS = st.from_regex(r"\A[a-z0-9][a-z0-9_.-]{0,12}\Z")
LABELS = st.text(UNICODE, min_size=1, max_size=40)


@st.composite
def protocol_data(draw):
    """Plain data for a protocol with random ids, labels and odd text."""
    look_for_ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    return {
        "id": draw(IDS), "name": draw(LABELS), "description": draw(st.text(UNICODE, max_size=80)),
        "timing": {"min_minutes": 1, "target_minutes": draw(st.integers(1, 10)), "max_minutes": 10},
        "categories": [{"id": "c", "label": draw(LABELS), "look_fors": [
            {"id": look_for_id, "label": draw(LABELS), "description": draw(st.text(UNICODE, max_size=40))}
            for look_for_id in look_for_ids
        ]}],
        "evidence_kinds": [{"id": "observation", "label": draw(LABELS)}],
        "debrief_prompts": [{"id": "p", "text": draw(LABELS), "help": draw(st.text(UNICODE, max_size=40))}],
        "judgement_words": draw(st.lists(st.text(UNICODE, max_size=10), max_size=3)),
    }


@PROPERTY
@given(data=protocol_data())
def test_generated_protocols_round_trip_exactly(data, lookup):
    protocol = _read(tomli_w.dumps(data), lookup)
    assert protocol is not None
    assert protocol.look_fors()[0].label == data["categories"][0]["look_fors"][0]["label"]
    _assert_round_trips(protocol, lookup)


@PROPERTY
@given(base=st.sampled_from(["downey", "ifl_learning_walk", "ilw_tiered"]),
       changes=st.dictionaries(st.sampled_from(["name", "version", "description", "drop_look_fors",
                                                "relabel", "add_look_fors", "timing", "categories"]),
                               TOML_VALUES, max_size=3))
def test_extending_files_are_read_exactly_or_refused_in_one_line(lookup, base, changes):
    try:
        text = tomli_w.dumps({"extends": base, "id": "district_walk", **changes})
    except (TypeError, ValueError):
        assume(False)
    protocol = _read(text, lookup)
    if protocol is not None:
        _assert_round_trips(protocol, lookup)


def _refusal(text: str, lookup) -> ClasswalkError:
    with pytest.raises(ClasswalkError) as caught:
        protocol_from_toml(text, "district.toml", lookup)
    return caught.value


@pytest.mark.parametrize("extends", [False, True], ids=["plain", "extends"])
def test_text_where_a_table_belongs_is_refused_in_one_line(lookup, extends):
    data = parse_toml(BUILT_IN_TOML[0].read_text(encoding="utf-8"), "built-in")
    data = {"extends": data["id"], "id": "district_walk"} if extends else data
    data["timing"] = ""
    assert_one_line_error(_refusal(tomli_w.dumps(data), lookup))


@pytest.mark.parametrize("key", ["\r", "a\nb", "\x00", "\x1b[31m"])
def test_unknown_key_with_a_line_break_is_refused_in_one_line(lookup, key):
    data = parse_toml(BUILT_IN_TOML[0].read_text(encoding="utf-8"), "built-in")
    data["categories"][0][key] = "x"
    assert_one_line_error(_refusal(tomli_w.dumps(data), lookup))


@pytest.mark.parametrize("base, key", [("nonexistent", "add_look_fors"), ("downey", "categories")])
def test_extending_with_a_number_where_a_list_belongs_is_refused_in_one_line(lookup, base, key):
    text = tomli_w.dumps({"extends": base, "id": "district_walk", key: 1})
    assert_one_line_error(_refusal(text, lookup))


@PROPERTY
@given(changes=st.dictionaries(st.sampled_from(["name", "drop_look_fors", "relabel"]), TOML_VALUES, max_size=2))
def test_extending_an_unknown_protocol_is_refused_in_one_line(lookup, changes):
    try:
        text = tomli_w.dumps({"extends": "nonexistent", "id": "district_walk", **changes})
    except (TypeError, ValueError):
        assume(False)
    assert _read(text, lookup) is None
