"""Imports never silently replace: every edited record keeps both versions visible.

Two devices hold the same walk; one edits a next step, feedback, the walk, a visit, a
note or the cycle. Importing the other's bundle keeps the newer version live and the
other kept (``classwalk conflicts``), says so kind by kind, and a time from the future
never wins. The same bundle twice, or six at once, changes and reports nothing twice.
"""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from attrs import evolve

from classwalk.cli import main
from classwalk.api import Classwalk
from classwalk.core.errors import UserDataError
from classwalk.core.records.model import (
    Cycle, DebriefResponse, Evidence, Feedback, NextStep, Observer, Visit, Walk, now,
)
from classwalk.features.bundles.importer import import_bundle
from classwalk.features.outputs.export import bundle_json

from tests.support.bundles import tables

DAY = dt.date(2026, 10, 5)
EARLIER = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.timezone.utc)
LATER = EARLIER + dt.timedelta(hours=2)


def make_walk() -> SimpleNamespace:
    cycle = Cycle(name="Entry routines", school="North Park", focus="first minutes")
    walk = Walk(protocol_id="downey", school="North Park", date=DAY, cycle_id=cycle.id, focus="orientation",
                observers=(Observer(name="Ana"),), created_at=EARLIER, updated_at=EARLIER)
    visit = Visit(walk_id=walk.id, classroom="N1", teacher="Grace Okafor", observer="Ana",
                  started_at=EARLIER, ended_at=EARLIER + dt.timedelta(minutes=3))
    note = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="Students read the task aloud.",
                    look_fors=("orientation.on_task",), observer="Ana", captured_at=EARLIER)
    step = NextStep(walk_id=walk.id, text="Share the entry routine", owner="Ana", updated_at=EARLIER)
    feedback = Feedback(visit_id=visit.id, teacher="Grace Okafor", question="What did the opening show you?",
                        due=EARLIER + dt.timedelta(days=2), updated_at=EARLIER)
    response = DebriefResponse(walk_id=walk.id, prompt_id="orientation", text="Most rooms started at once.",
                               author="Ana", updated_at=EARLIER)
    return SimpleNamespace(cycle=cycle, walk=walk, visit=visit, note=note, step=step, feedback=feedback,
                           response=response, records=[cycle, walk, visit, note, step, feedback, response])


@pytest.fixture
def devices(tmp_path):
    """Two databases holding the same walk: 'here' and 'there'."""
    records = make_walk()
    here = Classwalk(db_path=tmp_path / "here.db")
    there = Classwalk(db_path=tmp_path / "there.db")
    here.store.save_many(records.records)
    there.store.save_many(records.records)
    yield SimpleNamespace(here=here, there=there, records=records)
    here.close()
    there.close()


def test_a_newer_next_step_from_the_bundle_is_live_and_the_old_text_is_kept(devices):
    step = devices.records.step
    edited = evolve(step, text="Share it at the staff meeting", status="done", updated_at=LATER)
    devices.there.store.save(edited)
    text = bundle_json(devices.there, step.walk_id)
    result = import_bundle(devices.here, text, "there.json")
    assert devices.here.store.next_steps_for_walk(step.walk_id) == [edited]
    kept = devices.here.store.kept_versions(step.walk_id)
    assert [(k.kind, k.reason) for k in kept] == [("next_steps", "replaced")]
    assert json.loads(kept[0].version)["text"] == "Share the entry routine"
    lines = result.summary().splitlines()
    assert len(lines) == 2 and "1 next steps edited differently" in lines[1]
    assert "the bundle's newer version is now live for 1" in lines[1] and "classwalk conflicts" in lines[1]
    before = tables(devices.here)
    again = import_bundle(devices.here, text, "there.json")
    assert not again.changed and tables(devices.here) == before


def test_an_older_feedback_edit_in_the_bundle_is_kept_beside_this_databases(devices):
    feedback = devices.records.feedback
    devices.here.store.save(evolve(feedback, question="Which minute mattered most?", updated_at=LATER))
    devices.there.store.save(evolve(feedback, status="shared", updated_at=LATER - dt.timedelta(minutes=30)))
    result = import_bundle(devices.here, bundle_json(devices.there, feedback_walk(devices)), "there.json")
    live = devices.here.store.feedback_for_visit(feedback.visit_id)
    assert [f.question for f in live] == ["Which minute mattered most?"]
    kept = devices.here.store.kept_versions(feedback_walk(devices))
    assert [(k.kind, k.reason, json.loads(k.version)["status"]) for k in kept] == [("feedback", "bundle", "shared")]
    assert "1 feedback edited differently in the bundle: this database's version stays live for 1" in result.summary()


def feedback_walk(devices) -> str:
    return devices.records.walk.id


def test_every_edited_kind_conflicts_and_the_summary_has_one_line_each(devices):
    r = devices.records
    there = devices.there.store
    there.save(evolve(r.walk, focus="orientation and talk", updated_at=LATER))
    there.save(evolve(r.visit, classroom="N1 (library)"))
    there.add_evidence(evolve(r.note, text="Students read the task aloud in pairs."))
    there.save(evolve(r.cycle, focus="entry and exit routines"))
    there.save(evolve(r.step, owner="Ben", updated_at=LATER))
    there.save(evolve(r.response, text="Two rooms started late.", updated_at=LATER))
    result = import_bundle(devices.here, bundle_json(devices.there, r.walk.id), "there.json")
    conflicts = result.summary().splitlines()[1:]
    assert len(conflicts) == 6, conflicts
    for what in ("walk", "visits", "notes", "cycle", "next steps", "debrief responses"):
        assert sum(f"1 {what} edited differently" in line for line in conflicts) == 1, (what, conflicts)
    store = devices.here.store
    assert store.get_walk(r.walk.id).focus == "orientation and talk"
    assert store.get_visit(r.visit.id).classroom == "N1"
    assert store.get_evidence(r.note.id).text == "Students read the task aloud."
    assert store.get_cycle(r.cycle.id).focus == "first minutes"
    assert sorted(x.text for x in store.responses_for_walk(r.walk.id)) == ["Most rooms started at once.",
                                                                             "Two rooms started late."]
    kinds = sorted(k.kind for k in store.kept_versions(r.walk.id))
    assert kinds == ["cycles", "evidence", "next_steps", "visits", "walks"]


def test_the_conflicts_command_lists_both_versions(devices, capsys):
    r = devices.records
    devices.there.store.add_evidence(evolve(r.note, text="Students read the task aloud in pairs."))
    import_bundle(devices.here, bundle_json(devices.there, r.walk.id), "there.json")
    db = str(devices.here.db_path)
    devices.here.close()
    assert main(["--db", db, "conflicts", r.walk.id[:8]]) == 0
    out = capsys.readouterr().out
    assert "Students read the task aloud. " in out and "Students read the task aloud in pairs." in out
    assert main(["--db", db, "conflicts", r.walk.id[:8], "--format", "csv"]) == 0
    assert "kept_versions" in capsys.readouterr().out


def test_the_conflicts_command_lists_second_versions_of_debrief_responses(devices, capsys):
    r = devices.records
    devices.there.store.save(evolve(r.response, text="Two rooms started late.", updated_at=LATER))
    import_bundle(devices.here, bundle_json(devices.there, r.walk.id), "there.json")
    db = str(devices.here.db_path)
    devices.here.close()
    assert main(["--db", db, "conflicts", r.walk.id[:8], "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "Most rooms started at once." in out and "Two rooms started late." in out


@pytest.mark.parametrize("later", [dt.timedelta(days=2), dt.timedelta(days=365 * 3000)])
def test_a_time_from_the_future_never_wins(devices, later):
    step = devices.records.step
    moment = min(now() + later, dt.datetime(9999, 12, 31, tzinfo=dt.timezone.utc))
    data = json.loads(bundle_json(devices.there, step.walk_id))
    data["next_steps"][0].update(text="Overwritten", updated_at=moment.isoformat())
    before = tables(devices.here)
    with pytest.raises(UserDataError) as caught:
        import_bundle(devices.here, json.dumps(data), "future.json")
    message = str(caught.value)
    assert "\n" not in message and "next_steps[0].updated_at" in message
    assert ("in the future" in message) or ("outside 1970–2199" in message)
    assert tables(devices.here) == before


def test_a_local_record_from_the_future_does_not_beat_a_real_edit(devices):
    step = devices.records.step
    ahead = evolve(step, text="Written on a clock two days ahead", updated_at=now() + dt.timedelta(days=2))
    devices.here.store.save(ahead)
    edited = evolve(step, text="A real later edit", updated_at=now())
    devices.there.store.save(edited)
    import_bundle(devices.here, bundle_json(devices.there, step.walk_id), "there.json")
    assert devices.here.store.next_steps_for_walk(step.walk_id)[0].text == "A real later edit"
    kept = devices.here.store.kept_versions(step.walk_id)
    assert [json.loads(k.version)["text"] for k in kept] == ["Written on a clock two days ahead"]


def test_a_walk_cannot_join_another_schools_cycle(devices):
    r = devices.records
    south = Cycle(name="South routines", school="South Hill")
    devices.here.store.save(south)
    data = json.loads(bundle_json(devices.there, r.walk.id))
    fresh = Walk(protocol_id="downey", school="North Park", date=DAY, cycle_id=south.id)
    data["walk"] = json.loads(json.dumps({**data["walk"], "id": fresh.id, "cycle_id": south.id}))
    data["cycle"] = None
    for name in ("visits", "evidence", "debrief_responses", "next_steps", "feedback"):
        data[name] = []
    before = tables(devices.here)
    with pytest.raises(UserDataError, match=r"walk.cycle_id: cycle .* belongs to South Hill .* cannot join it"):
        import_bundle(devices.here, json.dumps(data), "cross.json")
    assert tables(devices.here) == before
    data["cycle"] = {**json.loads(bundle_json(devices.there, r.walk.id))["cycle"], "id": south.id, "school": "South Hill"}
    with pytest.raises(UserDataError, match="cycle.school: .* a walk joins only its own school's cycle"):
        import_bundle(devices.here, json.dumps(data), "cross.json")
    assert tables(devices.here) == before


def test_a_missing_cycle_is_refused(devices, tmp_path):
    data = json.loads(bundle_json(devices.there, devices.records.walk.id))
    data["cycle"] = None
    fresh = Classwalk(db_path=tmp_path / "fresh.db")
    try:
        with pytest.raises(UserDataError, match="is neither in the bundle nor in this database"):
            import_bundle(fresh, json.dumps(data), "nocycle.json")
    finally:
        fresh.close()
