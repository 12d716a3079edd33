"""One walk, several observers: each in their own room, no note in an ended visit.

The store's invariant — no evidence is captured into a visit that has ended — is
checked across random interleavings of three observers on two devices (two open
databases on one file): walking into rooms, following, the facilitator moving the
team, leaving, ending the walk's visits, and notes typed at any moment.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

import classwalk
from classwalk.core.errors import ClasswalkError
from classwalk.core.records.model import Evidence, Observer
from classwalk.features.capture.team import classroom_visits, teammates_moved

TEAM = ("Ana", "Ben", "Cleo")
ROOMS = ("Room 12", "Room 14", "Room 3")


def team_walk(db):
    return db.start_walk("downey", school="Lincoln Elementary", date=dt.date(2026, 11, 23),
                         observers=[Observer(name="Ana", role="facilitator"), Observer(name="Ben"),
                                    Observer(name="Cleo")])


@pytest.fixture
def db(db_path):
    with classwalk.open_db(db_path) as opened:
        yield opened


@pytest.fixture
def device_b(db_path, db):
    with classwalk.open_db(db_path) as opened:
        yield opened


def test_next_room_moves_only_the_observer_who_pressed_it(db, device_b):
    walk = team_walk(db)
    ana = db.start_visit(walk, "Room 12", observer="Ana")
    ben = device_b.start_visit(walk, "Room 12", observer="Ben")
    assert ben.joins == ana.id  # Ben walked into the room Ana was in: one classroom visit
    ana_next = db.start_visit(walk, "Room 14", observer="Ana")
    assert db.store.get_visit(ana.id).ended
    assert device_b.open_visit(walk, "Ben").id == ben.id  # Ben is still in Room 12
    assert device_b.open_visit(walk, "Ana").id == ana_next.id
    moved = teammates_moved(device_b.store, device_b.store.get_visit(ben.id))
    assert [m.words() for m in moved] == ["Ana moved to Room 14"]


def test_a_note_for_an_ended_visit_is_refused_and_nothing_is_written(db, device_b):
    walk = team_walk(db)
    visit = db.start_visit(walk, "Room 12", observer="Ben")
    device_b.end_walk(walk)  # someone else ends the walk's visits
    with pytest.raises(ClasswalkError, match="ended"):
        db.record(visit, "students explain their method", observer="Ben")
    with pytest.raises(ClasswalkError, match="ended"):
        db.store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="objective", text="x"))
    assert db.evidence(walk) == []


def test_a_note_for_another_walks_visit_is_refused(db):
    walk, other = team_walk(db), team_walk(db)
    visit = db.start_visit(other, "Room 12", observer="Ana")
    with pytest.raises(ClasswalkError, match="no visit"):
        db.store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="objective", text="x"))
    assert db.evidence(walk) == [] and db.evidence(other) == []


def test_resume_finds_each_observer_in_their_own_room(db, device_b):
    walk = team_walk(db)
    db.start_visit(walk, "Room 12", observer="Ana")
    ben = device_b.start_visit(walk, "Room 3", observer="Ben")
    with classwalk.open_db(db.db_path) as tablet:  # Ben picks the walk up on another device
        assert tablet.open_visit(walk, "Ben").id == ben.id
        assert tablet.open_visit(walk, "Cleo") is None


def test_follow_joins_the_teammates_visit(db, device_b):
    walk = team_walk(db)
    ana = db.start_visit(walk, "Room 12", observer="Ana")
    ben = device_b.start_visit(walk, "Room 12", observer="Ben")
    ana14 = db.start_visit(walk, "Room 14", observer="Ana")
    followed = device_b.follow(walk, "Ben", "Ana")
    assert followed.classroom == "Room 14" and followed.joins == ana14.id
    assert device_b.store.get_visit(ben.id).ended
    assert [c.observers for c in classroom_visits(db.visits(walk))] == [["Ana", "Ben"], ["Ana", "Ben"]]
    assert db.store.walk_counts([walk.id])[walk.id]["visits"] == 2  # two classrooms, four visits
    assert ana.id != ana14.id


def test_only_the_facilitator_moves_the_whole_team(db, device_b):
    walk = team_walk(db)
    for name in TEAM:
        db.start_visit(walk, "Room 12", observer=name)
    with pytest.raises(ClasswalkError, match="facilitator"):
        device_b.move_team(walk, "Room 14", facilitator="Ben")
    assert {v.classroom for v in db.in_rooms(walk)} == {"Room 12"}
    moved = db.move_team(walk, "Room 14", facilitator="Ana")
    assert sorted(v.observer for v in moved) == sorted(TEAM)
    assert {(v.observer, v.classroom) for v in device_b.in_rooms(walk)} == {(n, "Room 14") for n in TEAM}


def test_look_for_visit_counts_count_a_shared_classroom_once(db, device_b):
    walk = team_walk(db)
    ana = db.start_visit(walk, "Room 12", observer="Ana")
    ben = device_b.start_visit(walk, "Room 12", observer="Ben")
    tag = db.protocol("downey").look_fors()[0].id
    db.record(ana, "students explain", look_fors=[tag], observer="Ana")
    device_b.record(ben, "a pair compares answers", look_fors=[tag], observer="Ben")
    row = db.store.db.execute("SELECT notes, visits FROM walk_look_for_counts WHERE walk_id = ? AND look_for = ?",
                              [walk.id, tag]).fetchone()
    assert tuple(row) == (2, 1)


class ObserversInterleaved(RuleBasedStateMachine):
    """Three observers on two devices act in any order; notes only ever land in open visits."""

    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.devices = [classwalk.open_db(self.folder / "walk.db"), classwalk.open_db(self.folder / "walk.db")]
        self.walk = team_walk(self.devices[0])
        self.saved: list[Evidence] = []
        self.refused = 0

    def teardown(self):
        for device in self.devices:
            device.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def device(self, index: int):
        return self.devices[index % 2]

    @rule(who=st.sampled_from(TEAM), room=st.sampled_from(ROOMS), on=st.integers(0, 1))
    def walk_into(self, who, room, on):
        if self.walk.status == "in_progress":
            self.device(on).start_visit(self.walk, room, observer=who)

    @rule(who=st.sampled_from(TEAM), mate=st.sampled_from(TEAM), on=st.integers(0, 1))
    def follow(self, who, mate, on):
        try:
            self.device(on).follow(self.walk, who, mate)
        except ClasswalkError:
            assert who == mate or self.device(on).open_visit(self.walk, mate) is None

    @rule(who=st.sampled_from(TEAM), on=st.integers(0, 1))
    def leave(self, who, on):
        visit = self.device(on).open_visit(self.walk, who)
        if visit is not None:
            self.device(on).end_visit(visit)

    @rule(room=st.sampled_from(ROOMS), on=st.integers(0, 1))
    def facilitator_moves_everyone(self, room, on):
        self.device(on).move_team(self.walk, room, facilitator="Ana")

    @rule(on=st.integers(0, 1))
    def end_the_walks_visits(self, on):
        self.device(on).end_walk(self.walk)

    @rule(who=st.sampled_from(TEAM), on=st.integers(0, 1), typed_on=st.integers(0, 1),
          text=st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=20).filter(str.strip))
    def note(self, who, on, typed_on, text):
        """``who`` types a note into the room their screen showed (it may have ended since)."""
        visits = [v for v in self.device(typed_on).visits(self.walk) if v.observer == who]
        if not visits:
            return
        shown = visits[-1]
        ended_before = self.device(on).store.get_visit(shown.id).ended
        try:
            self.saved.append(self.device(on).record(shown, text, observer=who))
        except ClasswalkError as error:
            assert ended_before, error
            self.refused += 1
        else:
            assert not ended_before

    @invariant()
    def no_note_in_an_ended_visit(self):
        store = self.devices[1].store
        visits = {v.id: v for v in store.visits_for_walk(self.walk.id)}
        notes = store.evidence_for_walk(self.walk.id)
        assert sorted(n.id for n in notes) == sorted(n.id for n in self.saved)
        for note in notes:
            visit = visits[note.visit_id]
            assert visit.ended_at is None or note.captured_at < visit.ended_at

    @invariant()
    def each_observer_is_in_one_room_at_most(self):
        open_visits = self.devices[0].in_rooms(self.walk)
        assert len({v.observer for v in open_visits}) == len(open_visits)


ObserversInterleaved.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_interleaved_observers_never_save_into_an_ended_visit = ObserversInterleaved.TestCase


def test_the_markdown_export_shows_a_shared_classroom_once_with_its_whole_time(db, device_b):
    walk = team_walk(db)
    at = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
    ana = db.start_visit(walk, "Room 12", observer="Ana", at=at)
    ben = device_b.start_visit(walk, "Room 12", observer="Ben", at=at + dt.timedelta(minutes=2))
    db.record(ana, "students explain their method", observer="Ana", at=at + dt.timedelta(minutes=1))
    device_b.record(ben, "a pair compares answers", observer="Ben", at=at + dt.timedelta(minutes=3))
    db.end_visit(ana, at=at + dt.timedelta(minutes=6))
    device_b.end_visit(ben, at=at + dt.timedelta(minutes=9))
    text = db.export(walk, "md")
    assert "**Visits:** 1" in text
    assert text.count("### Room A") == 1 and "### Room A (9 min)" in text
    assert "students explain their method" in text and "a pair compares answers" in text


def test_drafts_belong_to_one_observer_on_one_device(db, monkeypatch):
    from classwalk.core.records.model import Draft

    walk = team_walk(db)
    visit = db.start_visit(walk, "Room 12", observer="Ana")
    anas = Draft(slot="note", walk_id=walk.id, subject=visit.id, observer="Ana", device="tablet")
    db.store.save_draft(anas, "half a sentence")
    for other in (Draft(slot="note", walk_id=walk.id, subject=visit.id, observer="Ben", device="tablet"),
                  Draft(slot="note", walk_id=walk.id, subject=visit.id, observer="Ana", device="laptop"),
                  Draft(slot="visit-state", walk_id=walk.id, subject=visit.id, observer="Ana", device="tablet")):
        assert db.store.get_draft(other) == ""
    assert db.store.get_draft(anas) == "half a sentence"
    assert db.store.drafts(walk.id, observer="Ana", device="tablet") == [(anas, "half a sentence")]
    assert db.store.drafts(walk.id, observer="Ben", device="tablet") == []
    assert "half a sentence" not in db.export(walk, "json")  # drafts never leave the device


def test_the_next_step_form_draft_is_each_observers_own(db):
    from classwalk.tui.screens.debrief_jobs import load_step_draft, save_step_draft

    walk = team_walk(db)
    save_step_draft(db, walk.id, {"text": "Ana's half-typed step"}, "Ana")
    assert load_step_draft(db, walk.id, "Ben") == {}
    assert load_step_draft(db, walk.id, "Ana") == {"text": "Ana's half-typed step"}
