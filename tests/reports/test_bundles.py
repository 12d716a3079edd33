"""Importing walk bundles: idempotent, merging two observers, keeping both edits, refusing bad files."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from attrs import evolve

from classwalk.cli import main
from classwalk.api import Classwalk
from classwalk.core.errors import UserDataError
from classwalk.core.records.model import Observer
from classwalk.features.bundles.importer import import_bundle, import_file
from classwalk.features.outputs.export import bundle_json
from tests.reports.report_tools import WalkMaker, dump


@pytest.fixture
def other(tmp_path):
    """A second device's database."""
    instance = Classwalk(db_path=tmp_path / "other.db")
    yield instance
    instance.close()


def test_import_into_an_empty_database_copies_the_walk(classwalk, other, fixture_walks):
    walk_id = fixture_walks.first.walk.id
    result = import_bundle(other, bundle_json(classwalk, walk_id), "first.json")
    assert result.new_walk
    assert result.added["visits"] == 3 and result.added["notes"] == 4
    copied = other.store.walk_bundle(walk_id)
    assert evolve(copied, received=()) == classwalk.store.walk_bundle(walk_id)
    assert {r.sent_by for r in copied.received} == {""} and {r.source for r in copied.received} == {"first.json"}


def test_importing_the_same_bundle_twice_changes_nothing(classwalk, other, fixture_walks):
    text = bundle_json(classwalk, fixture_walks.first.walk.id)
    import_bundle(other, text, "first.json")
    before = dump(other.store.db)
    again = import_bundle(other, text, "first.json")
    assert not again.changed
    assert "already imported" in again.summary()
    assert dump(other.store.db) == before


def test_two_observers_bundles_become_one_walk(classwalk, other, tmp_path):
    ana = WalkMaker("North Park", dt.date(2026, 10, 5), observers=(Observer(name="Ana"),))
    ana.visit("N1", ("orientation.on_task",), observer="Ana")
    classwalk.store.save_many(ana.records)
    ben = WalkMaker("North Park", dt.date(2026, 10, 5), observers=(Observer(name="Ben"),))
    ben.walk = evolve(ben.walk, id=ana.walk.id)
    ben.records = [ben.walk]
    ben.visit("N1", ("orientation.materials",), ("orientation.on_task",), observer="Ben")
    other.store.save_many(ben.records)
    (tmp_path / "ana.json").write_text(bundle_json(classwalk, ana.walk.id), encoding="utf-8")
    (tmp_path / "ben.json").write_text(bundle_json(other, ana.walk.id), encoding="utf-8")
    team = Classwalk(db_path=tmp_path / "team.db")
    try:
        assert import_file(team, tmp_path / "ana.json").new_walk
        merged = import_file(team, tmp_path / "ben.json")
        assert not merged.new_walk and merged.added["notes"] == 2 and merged.updated["walk"] == 1
        walk = team.store.get_walk(ana.walk.id)
        assert [o.name for o in walk.observers] == ["Ana", "Ben"]
        notes = team.store.evidence_for_walk(walk.id)
        assert sorted(n.observer for n in notes) == ["Ana", "Ben", "Ben"]
        assert len(team.store.visits_for_walk(walk.id)) == 2
        assert len(team.store.list_walks()) == 1
        before = dump(team.store.db)
        import_file(team, tmp_path / "ana.json")
        import_file(team, tmp_path / "ben.json")
        assert dump(team.store.db) == before
    finally:
        team.close()


def test_conflicting_edits_of_one_response_keep_both(classwalk, other, fixture_walks):
    walk_id = fixture_walks.first.walk.id
    import_bundle(other, bundle_json(classwalk, walk_id), "first.json")
    edited = evolve(fixture_walks.response, text="Two rooms were mid-transition.",
                    updated_at=fixture_walks.response.updated_at + dt.timedelta(minutes=5))
    other.store.save_response(edited)
    result = import_bundle(classwalk, bundle_json(other, walk_id), "edited.json")
    assert result.conflicts == 1
    responses = classwalk.store.responses_for_walk(walk_id)
    assert sorted(r.text for r in responses) == [
        "Most rooms started within the first minutes.", "Two rooms were mid-transition.",
    ]
    copy = next(r for r in responses if r.conflict_of)
    assert copy.conflict_of == fixture_walks.response.id and copy.author == fixture_walks.response.author
    before = dump(classwalk.store.db)
    assert import_bundle(classwalk, bundle_json(other, walk_id), "edited.json").conflicts == 0
    assert dump(classwalk.store.db) == before
    markdown = classwalk_export_md(classwalk, walk_id)
    assert "Two rooms were mid-transition." in markdown and "Most rooms started" in markdown


def classwalk_export_md(classwalk, walk_id):
    from classwalk.features.outputs.export import export_walk

    return export_walk(classwalk, walk_id, "md")


def _bundle(classwalk, fixture_walks) -> dict:
    return json.loads(bundle_json(classwalk, fixture_walks.first.walk.id))


def _set(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return data
    return change


BAD_BUNDLES = {
    "not JSON": (lambda data: "{ not json", "not valid JSON (line 1"),
    "not an object": (lambda data: [data], "expected a JSON object"),
    "wrong format": (_set(["format"], "classwalk-protocol"), "format: expected 'classwalk-walk'"),
    "future version": (_set(["format_version"], 4), "format_version: this classwalk reads version 1, 2, 3"),
    "unknown key": (_set(["walk", "secret"], 1), "unknown key(s): secret"),
    "bad type": (_set(["visits", 0, "classroom"], 12), "visits[0].classroom: expected text"),
    "bad date": (_set(["walk", "date"], "someday"), "walk.date"),
    "orphan evidence": (_set(["evidence", 0, "visit_id"], "00000000-0000-4000-8000-000000000000"),
                        "is not a visit in this bundle"),
    "walk id mismatch": (_set(["visits", 1, "walk_id"], "00000000-0000-4000-8000-000000000000"),
                         "visits[1].walk_id"),
    "unknown protocol": (_set(["walk", "protocol_id"], "secret_rubric"), "unknown protocol 'secret_rubric'"),
    "unknown look-for": (_set(["evidence", 0, "look_fors"], ["teacher.rating"]), "'teacher.rating' is not a look-for"),
    "repeated id": (lambda data: (data["evidence"].append(data["evidence"][0]) or data), "appears more than once"),
    "lone surrogate": (_set(["evidence", 0, "text"], "fractions \ud800"), "not valid Unicode"),
    "named student": (_set(["evidence", 0, "student_label"], "Jamie Smith"), "evidence[0].student_label"),
}


@pytest.mark.parametrize("name", sorted(BAD_BUNDLES))
def test_bad_bundles_are_refused_and_change_nothing(classwalk, other, fixture_walks, name):
    tamper, message = BAD_BUNDLES[name]
    import_bundle(other, bundle_json(classwalk, fixture_walks.second.walk.id), "second.json")
    before = dump(other.store.db)
    changed = tamper(_bundle(classwalk, fixture_walks))
    text = changed if isinstance(changed, str) else json.dumps(changed)
    with pytest.raises(UserDataError) as caught:
        import_bundle(other, text, "bad.json")
    assert message in str(caught.value)
    assert str(caught.value).startswith("bad.json: ") and "\n" not in str(caught.value)
    assert dump(other.store.db) == before


def test_a_bundle_of_another_walk_under_the_same_id_is_refused(classwalk, other, fixture_walks):
    text = bundle_json(classwalk, fixture_walks.first.walk.id)
    import_bundle(other, text, "first.json")
    before = dump(other.store.db)
    data = json.loads(text)
    data["walk"]["school"] = data["cycle"]["school"] = "Elsewhere"
    for visit in data["visits"]:
        visit["classroom"] = "X1"
    with pytest.raises(UserDataError, match="walk.school: .*not the same walk"):
        import_bundle(other, json.dumps(data), "moved.json")
    assert dump(other.store.db) == before


def test_import_command_prints_one_line_for_good_and_bad_files(classwalk, fixture_walks, tmp_path, capsys):
    good = tmp_path / "walk.json"
    good.write_text(bundle_json(classwalk, fixture_walks.first.walk.id), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe not text")
    target = str(tmp_path / "fresh.db")
    assert main(["--db", target, "import", str(good)]) == 0
    assert "added" in capsys.readouterr().out
    assert main(["--db", target, "import", str(good)]) == 0
    assert "already imported" in capsys.readouterr().out
    assert main(["--db", target, "import", str(bad)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "not UTF-8 text" in error
    assert main(["--db", target, "import", str(tmp_path / "missing.json")]) == 1
    assert "no such file" in capsys.readouterr().err
