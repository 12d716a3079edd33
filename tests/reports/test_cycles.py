"""Cycles: how a look-for changed since the previous walk, and where the next walk starts."""

from __future__ import annotations

import datetime as dt

import pytest

from classwalk.features.debriefs.cycles import classify, next_walk_start, previous_walk, start_next_walk
from classwalk.core.errors import NotFound
from classwalk.core.records.model import Cycle


@pytest.mark.parametrize("before, before_visits, after, after_visits, new_focus, expected", [
    (1, 3, 2, 2, False, "rose"),
    (2, 4, 1, 4, False, "fell"),
    (2, 4, 1, 2, False, "same"),
    (0, 3, 1, 2, False, "new"),
    (2, 3, 0, 2, False, "no longer noted"),
    (0, 3, 0, 2, False, "not noted"),
    (0, 3, 1, 2, True, "new focus"),
])
def test_classify_compares_shares_of_visits(before, before_visits, after, after_visits, new_focus, expected):
    assert classify(before, before_visits, after, after_visits, new_focus) == expected


def test_previous_walk_follows_the_cycle_order(classwalk, fixture_walks):
    store = classwalk.store
    assert previous_walk(store, fixture_walks.second.walk).id == fixture_walks.first.walk.id
    assert previous_walk(store, fixture_walks.first.walk) is None
    assert previous_walk(store, fixture_walks.third.walk) is None


def test_next_walk_starts_from_the_last_focus_and_open_next_steps(classwalk, fixture_walks):
    start = next_walk_start(classwalk, fixture_walks.cycle.id)
    second = fixture_walks.second.walk
    assert (start.focus, start.guiding_question, start.focus_categories) == (
        second.focus, second.guiding_question, second.focus_categories)
    assert [s.text for s in start.open_next_steps] == ["Share the entry routine at the staff meeting"]
    walk = start_next_walk(classwalk, fixture_walks.cycle.id[:8], dt.date(2026, 11, 2))
    saved = classwalk.store.get_walk(walk.id)
    assert saved.cycle_id == fixture_walks.cycle.id and saved.school == "North Park"
    assert saved.focus == second.focus and saved.protocol_id == "downey"
    assert previous_walk(classwalk.store, saved).id == second.id


def test_a_cycle_without_walks_needs_a_protocol(classwalk):
    cycle = Cycle(name="Talk moves", school="North Park", focus="student talk")
    classwalk.store.save_cycle(cycle)
    assert next_walk_start(classwalk, cycle.id).focus == "student talk"
    with pytest.raises(NotFound, match="name the protocol"):
        start_next_walk(classwalk, cycle.id, dt.date(2026, 11, 2))
    walk = start_next_walk(classwalk, cycle.id, dt.date(2026, 11, 2), protocol_id="downey")
    assert walk.focus == "student talk"
    with pytest.raises(NotFound):
        next_walk_start(classwalk, "ffffffff")


def test_cycle_commands(classwalk, fixture_walks, capsys):
    from classwalk.cli import main

    db = ["--db", str(classwalk.db_path)]
    assert main([*db, "cycles"]) == 0
    assert "Entry routines  2 walks" in capsys.readouterr().out
    assert main([*db, "cycles", "next", fixture_walks.cycle.id[:8], "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "focus: orientation and strategy" in out and "new walk" not in out
    assert "open next step: Share the entry routine at the staff meeting (PLC, due 2026-10-12)" in out
    assert main([*db, "cycles", "next", fixture_walks.cycle.id[:8], "--date", "2026-11-02"]) == 0
    assert "2026-11-02  North Park  downey  new walk" in capsys.readouterr().out
    assert len(classwalk.store.walks_in_cycle(fixture_walks.cycle.id)) == 3
    assert main([*db, "cycles", "new", "Talk moves", "--school", "South Hill", "--focus", "student talk"]) == 0
    assert "cycle 'Talk moves' at South Hill" in capsys.readouterr().out
    assert main([*db, "cycles", "next", "ffffffff"]) == 1
    assert "no cycle with id" in capsys.readouterr().err
    assert main([*db, "cycles", "new", " ", "--school", "South Hill"]) == 2
    assert "needs a name and a school" in capsys.readouterr().err
