"""Records, the converter and its errors."""

import datetime as dt

import pytest

from classwalk.core.convert import structure, unstructure
from classwalk.core.errors import UserDataError
from classwalk.core.records.model import Evidence, Observer, Slice, Visit, Walk, WalkBundle, new_id


def make_walk(**overrides):
    values = dict(protocol_id="downey", school="Maple Grove", date=dt.date(2026, 11, 2),
                  observers=[Observer(name="Dana", role="observer")])
    values.update(overrides)
    return Walk(**values)


def test_ids_are_fresh_uuids():
    assert new_id() != new_id()
    assert len(make_walk().id) == 36


def test_walk_round_trips_through_plain_data():
    walk = make_walk(slice=Slice(kind="tier2", tier=2, description="fluency block"),
                     focus_categories=["discourse"], mode="video")
    assert structure(unstructure(walk), Walk, "walk") == walk


def test_unknown_key_is_named():
    data = unstructure(make_walk())
    data["colour"] = "blue"
    with pytest.raises(UserDataError) as error:
        structure(data, Walk, "walk.json")
    assert "walk.json" in str(error.value)
    assert "unknown key(s): colour" in str(error.value)


def test_every_bad_field_is_reported_at_once():
    data = unstructure(make_walk())
    data["date"] = 12
    data["name_rooms"] = "yes"
    with pytest.raises(UserDataError) as error:
        structure(data, Walk, "walk.json")
    message = str(error.value)
    assert "date: expected a date" in message
    assert "name_rooms: expected true or false" in message
    assert "\n" not in message


def test_wrong_choice_names_the_field():
    data = unstructure(make_walk())
    data["mode"] = "telepathy"
    with pytest.raises(UserDataError, match="mode: must be one of"):
        structure(data, Walk, "walk.json")


def test_students_are_only_ever_labels():
    walk = make_walk()
    with pytest.raises(ValueError):
        Evidence(walk_id=walk.id, kind="interview", text="fractions", student_label="Maria Lopez")
    answer = Evidence(walk_id=walk.id, kind="interview", text="fractions", student_label="Student B")
    assert answer.student_label == "Student B"


def test_empty_note_is_refused():
    with pytest.raises(ValueError):
        Evidence(walk_id=new_id(), kind="observation", text="")


def test_naive_times_become_utc():
    visit = Visit(walk_id=new_id(), classroom="Room 1", started_at=dt.datetime(2026, 1, 1, 9, 0))
    assert visit.started_at.tzinfo is not None


def test_bundle_refuses_another_format():
    bundle = unstructure(WalkBundle(walk=make_walk()))
    bundle["format"] = "something-else"
    with pytest.raises(UserDataError, match="format"):
        structure(bundle, WalkBundle, "bundle.json")
