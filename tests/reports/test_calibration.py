"""Observer calibration: percent agreement and Cohen's kappa, checked against hand-worked examples."""

from __future__ import annotations

import datetime as dt

import pytest

from classwalk.core.records.model import Observer
from classwalk.features.reports.calibration import agreement, shared_visits, walk_calibration
from tests.reports.report_tools import WalkMaker, row, table
from tests.support.clock import at


def answers(both: int, only_first: int, only_second: int, neither: int):
    first = [True] * both + [True] * only_first + [False] * only_second + [False] * neither
    second = [True] * both + [False] * only_first + [True] * only_second + [False] * neither
    return first, second


def test_kappa_of_a_balanced_worked_example():
    # 10 items: both 4, first only 1, second only 1, neither 4.
    # observed = 8/10 = 0.8; each says yes to 5/10; chance = 0.5*0.5 + 0.5*0.5 = 0.5
    # kappa = (0.8 - 0.5) / (1 - 0.5) = 0.6
    result = agreement(*answers(4, 1, 1, 4))
    assert result.percent == pytest.approx(80.0)
    assert result.kappa == pytest.approx(0.6)


def test_kappa_of_an_unbalanced_worked_example():
    # 20 items: both 2, first only 3, second only 1, neither 14.
    # observed = 16/20 = 0.8; first yes 5/20 = 0.25, second yes 3/20 = 0.15
    # chance = 0.25*0.15 + 0.75*0.85 = 0.0375 + 0.6375 = 0.675
    # kappa = (0.8 - 0.675) / 0.325 = 0.3846...
    result = agreement(*answers(2, 3, 1, 14))
    assert result.percent == pytest.approx(80.0)
    assert result.kappa == pytest.approx(0.125 / 0.325)


def test_kappa_is_undefined_when_every_answer_is_the_same():
    result = agreement([False] * 6, [False] * 6)
    assert result.percent == 100.0 and result.kappa is None
    assert agreement([], []).kappa is None
    with pytest.raises(ValueError):
        agreement([True], [True, False])


def two_observer_walk(classwalk):
    walk = WalkMaker("North Park", dt.date(2026, 10, 5), focus_categories=("orientation",),
                     observers=(Observer(name="Ana"), Observer(name="Ben")))
    start = at(9, 0, day=walk.walk.date)
    walk.visit("N1", ("orientation.on_task", "orientation.can_explain"), observer="Ana", start=start)
    # Ben is in the same room at the same time, recording on his own device.
    walk.visit("N1", ("orientation.on_task", "orientation.materials"), observer="Ben",
               start=start + dt.timedelta(minutes=1), key="N1 Ben")
    walk.visit("N3", ("orientation.on_task",), observer="Ana", start=at(10, 0, day=walk.walk.date))
    classwalk.store.save_many(walk.records)
    return walk


def test_shared_visits_group_the_same_room_at_overlapping_times(classwalk):
    walk = two_observer_walk(classwalk)
    groups = shared_visits(classwalk.store.visits_for_walk(walk.walk.id))
    assert sorted(len(group) for group in groups) == [1, 2]


def test_walk_calibration_compares_the_focus_look_fors_of_shared_visits(classwalk):
    walk = two_observer_walk(classwalk)
    patterns = walk_calibration(classwalk, walk.walk.id)
    # Orientation has 4 look-fors: both noted on_task, Ana only can_explain, Ben only
    # materials, neither transition: agreement 2/4 = 50%, chance 0.5, kappa 0.
    summary = table(patterns, "calibration")
    assert row(summary, "Ana", "Ben") == ["Ana", "Ben", 1, 4, "50%", "0.00"]
    detail = table(patterns, "calibration_visits")
    assert [list(r) for r in detail.rows] == [["Room A", "Ana", "Ben", 1, 1, 1, 1]]
