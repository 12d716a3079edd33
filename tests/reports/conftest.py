"""Fixture walks with counts known by hand, for the report, import and feedback tests.

North Park (cycle "Entry routines"):
  walk 1, 2026-10-05, focus orientation; rooms N1, N2, N3
    N1: on_task + objective, on_task        N2: objective        N3: untagged note
  walk 2, 2026-10-19, focus orientation + instructional; rooms N1, N2
    N1: on_task                             N2: on_task + strategy
South Hill: walk 3, 2026-11-02; room S9: on_task
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from classwalk import open_db
from classwalk.core.records.model import Cycle, DebriefResponse, NextStep
from tests.reports.report_tools import OBSERVER, WalkMaker


@pytest.fixture
def fixture_walks(classwalk):
    """The three walks above, saved; returns their records by name."""
    cycle = Cycle(name="Entry routines", school="North Park", focus="the first minutes of a lesson")
    first = WalkMaker("North Park", dt.date(2026, 10, 5), cycle_id=cycle.id, focus="orientation",
                      focus_categories=("orientation",))
    first.visit("N1", ("orientation.on_task", "curricular.objective"), ("orientation.on_task",))
    first.visit("N2", ("curricular.objective",))
    first.visit("N3", ())
    second = WalkMaker("North Park", dt.date(2026, 10, 19), cycle_id=cycle.id, focus="orientation and strategy",
                       guiding_question="How do students get into the task?",
                       focus_categories=("orientation", "instructional"))
    second.visit("N1", ("orientation.on_task",))
    second.visit("N2", ("orientation.on_task", "instructional.strategy"))
    third = WalkMaker("South Hill", dt.date(2026, 11, 2))
    third.visit("S9", ("orientation.on_task",))
    steps = [
        NextStep(walk_id=first.walk.id, text="Share the entry routine at the staff meeting", owner="Pat Observer",
                 due=dt.date(2026, 10, 12), kind="PLC", status="open"),
        NextStep(walk_id=first.walk.id, text="Order timers for every room", kind="schoolwide shift",
                 status="done"),
    ]
    response = DebriefResponse(walk_id=first.walk.id, prompt_id="orientation",
                               text="Most rooms started within the first minutes.", author=OBSERVER)
    classwalk.store.save_many([cycle, *first.records, *second.records, *third.records, *steps, response])
    return SimpleNamespace(cycle=cycle, first=first, second=second, third=third, steps=steps, response=response)


@pytest.fixture
def tablet(tmp_path):
    """An observer's own database (the device a walk was recorded on)."""
    with open_db(tmp_path / "tablet.db") as db:
        yield db


@pytest.fixture
def server(tmp_path):
    """The shared database a tablet's walks are imported into."""
    with open_db(tmp_path / "server.db") as db:
        yield db
