"""Several observers, one lesson: a lesson coded by two observers is one classroom visit in
reports (its intervals counted once, both observers' shares side by side), and calibration
pairs their intervals by the clock, checked against scikit-learn."""

from __future__ import annotations

import datetime as dt

import pytest
from sklearn.metrics import cohen_kappa_score

from classwalk.core.records.model import Observer, Visit, Walk
from classwalk.features.reports.calibration import agreement, category_agreement, walk_calibration
from classwalk.features.reports.interval_calibration import time_pairs
from classwalk.features.reports import school_report, walk_report
from classwalk.features.reports.lessons import lessons
from tests.shapes.coded_lessons import CODES, code_lesson, lesson_plan, two_observer_lesson
from tests.support.clock import LESSON_START

FLIPS = {(2, "students.groups"), (5, "instructor.lecturing"), (9, "students.listening"), (12, "students.groups")}


def table(patterns, pattern_id):
    return next(p for p in patterns if p.id == pattern_id)


def test_a_lesson_coded_by_two_observers_reports_its_intervals_once(shaped):
    walk, _first, _second = two_observer_lesson(shaped, flip=FLIPS)
    codes = table(walk_report(shaped, walk.id), "interval_codes")
    assert codes.columns == ("code", "Room A, Observer 1 (14 intervals)", "Room A, Observer 2 (14 intervals)",
                             "all visits (14 intervals)")
    groups = dict(zip(codes.row_ids, codes.rows))
    plan = lesson_plan()
    ana = sum("students.groups" in ticked for ticked, _ in plan)
    ben = ana + sum(1 if "students.groups" not in plan[n - 1][0] else -1 for n, c in FLIPS if c == "students.groups")
    assert (groups["students.groups"][1].count, groups["students.groups"][2].count) == (ana, ben)
    assert groups["students.groups"][3].count == ana and groups["students.groups"][3].denominator == 14
    assert "Observer 1" in codes.note and "Ana" not in str(codes.rows) + str(codes.columns)  # faculty output
    school = table(school_report(shaped, "Hillside High"), "interval_codes_lesson_intervals")
    assert school.columns[1:] == ("2026-11-23, 1 visit (14 intervals)",)


def test_two_observers_in_their_own_walks_count_the_lesson_once_at_the_school(shaped):
    store = shaped.store
    plan = lesson_plan(6)
    for name, late in (("Ana", 0), ("Ben", 3)):
        walk = Walk(protocol_id="lesson_intervals", school="Hillside High", date=LESSON_START.date(),
                    observers=(Observer(name=name),), status="debriefing")
        store.save_walk(walk)
        visit = Visit(walk_id=walk.id, classroom="Lab 2", observer=name,
                      started_at=LESSON_START + dt.timedelta(seconds=late))
        store.save_visit(visit)
        code_lesson(shaped, walk, visit, name, plan, visit.started_at)
        store.end_visit(visit.id, at=visit.started_at + dt.timedelta(minutes=12))
    school = table(school_report(shaped, "Hillside High"), "interval_codes_lesson_intervals")
    assert school.columns[-1] == "Hillside High (6 intervals)"
    summary, offsets, *_ = walk_calibration(shaped, walk.id)  # Ben's walk: Ana's is found by the clock
    assert summary.rows[0][:4] == ("Ana", "Ben", "Room A (6 intervals)", 6)
    assert offsets.rows[0][:5] == ("Room A", "Ana", "Ben", 6, 3.0)


@pytest.mark.parametrize("late", [4.0, 124.0], ids=["4 s late", "4 s into the first's interval 2"])
def test_calibration_pairs_intervals_by_the_clock_and_equals_scikit_learn(shaped, late):
    walk, first, second = two_observer_lesson(shaped, late_seconds=late, flip=FLIPS)
    summary, offsets, per_code, items = walk_calibration(shaped, walk.id)
    protocol = shaped.protocols.get("lesson_intervals")
    found = lessons(protocol, shaped.store.visits_for_walk(walk.id), shaped.store.marks_for_walk(walk.id),
                    shaped.store.clock_events_for_walk(walk.id))
    assert len(found) == 1
    ana, ben = found[0].codings
    pairs = time_pairs(ana.spans, ben.spans)
    paired = 14 if late < 120 else 13
    assert len(pairs) == paired and all(b == a - (late >= 120) for a, b, _ in pairs)
    assert offsets.rows == (("Room A", "Ana", "Ben", paired, 4.0, 0.033, ""),)
    assert summary.rows[0][3] == paired
    rows = {row[2]: row for row in per_code.rows}
    for code in CODES:
        a = [code in ana.coding.ticked(x) for x, _, _ in pairs]
        b = [code in ben.coding.ticked(y) for _, y, _ in pairs]
        row = rows[protocol.intervals.code_label(code)]
        counted = agreement(a, b)
        assert row[3:8] == (paired, counted.both, counted.only_first, counted.only_second, counted.neither)
        assert counted.kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12), code
        assert row[9] == f"{counted.kappa:.2f}"
    a = [ana.coding.chosen(x).get("engagement", "") for x, _, _ in pairs]
    b = [ben.coding.chosen(y).get("engagement", "") for _, y, _ in pairs]
    percent, kappa = category_agreement(a, b)
    assert kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert items.rows[0][2:] == ("Students engaged", paired, "100%", "1.00")
    ben_off = a[:3] + ["few" if x != "few" else "most" for x in b[3:6]] + b[6:]
    assert category_agreement(a, ben_off)[1] == pytest.approx(cohen_kappa_score(a, ben_off), abs=1e-12)


def test_an_offset_beyond_the_set_share_of_an_interval_is_warned(shaped):
    walk, _first, _second = two_observer_lesson(shaped, late_seconds=50.0)
    offsets = table(walk_calibration(shaped, walk.id), "interval_calibration_offsets")
    assert offsets.rows[0][4:6] == (50.0, 0.417) and "more than 25% of an interval" in offsets.rows[0][6]


def test_where_the_protocol_asks_a_consensus_is_shown_and_counted(shaped):
    walk, _first, _second = two_observer_lesson(shaped, flip=FLIPS, protocol_id="paired_lesson_intervals")
    codes = table(walk_report(shaped, walk.id), "interval_codes")
    assert codes.columns[1:] == ("Room A, Observer 1 (14 intervals)", "Room A, Observer 2 (14 intervals)",
                                 "Room A, consensus (14 intervals)", "all visits (14 intervals)")
    plan = lesson_plan()
    rows = dict(zip(codes.row_ids, codes.rows))
    for code in ("students.groups", "students.listening", "instructor.lecturing"):
        both = sum(code in ticked and (n, code) not in FLIPS for n, (ticked, _) in enumerate(plan, start=1))
        assert rows[code][3].count == rows[code][4].count == both, code  # the total counts by the consensus
    school = table(school_report(shaped, "Hillside High"), "interval_codes_paired_lesson_intervals")
    groups = dict(zip(school.row_ids, school.rows))["students.groups"]
    assert groups[1].count == rows["students.groups"][3].count
