"""Reports for the capture shapes, from walks recorded with the docs' example protocols:
shares of intervals with their denominators, groups, items, timelines, counts of N, typed
items; in the walk, school and cycle reports, as Markdown, CSV and JSON; framing that
follows the protocol."""

from __future__ import annotations

import json

import pytest

from classwalk.cli import main
from classwalk.core.records.model import Cycle
from classwalk.features.debriefs.debrief import build_debrief
from classwalk.features.outputs.export import export_walk
from classwalk.features.reports import cycle_report, render_report, school_report, walk_report
from tests.shapes.recorded_walks import lesson_walk, snapshot_walk


def table(patterns, pattern_id):
    return next(p for p in patterns if p.id == pattern_id)


def test_walk_report_gives_shares_of_intervals_with_their_denominator(shaped):
    walk = lesson_walk(shaped)
    patterns = walk_report(shaped, walk.id)
    codes = table(patterns, "interval_codes")
    assert codes.columns == ("code", "Room A (4 intervals)", "Room B (3 intervals)", "all visits (7 intervals)")
    rows = {row[0]: row[1:] for row in codes.rows}
    assert rows["Students: listening to the instructor or a classmate"] == ("50% (2 of 4)", "33% (1 of 3)",
                                                                           "43% (3 of 7)")
    assert "Students: waiting" in rows and "Instructor: waiting" in rows  # same name, told apart by their set
    groups = {row[0]: row[1:] for row in table(patterns, "interval_groups").rows}
    assert groups["Students working"] == ("50% (2 of 4)", "67% (2 of 3)", "57% (4 of 7)")
    items = {(row[0], row[1]): row[2:] for row in table(patterns, "interval_items").rows}
    assert items[("Students engaged", "most (four in five or more)")] == ("50% (2 of 4)", "0% (0 of 3)", "29% (2 of 7)")
    assert items[("Students engaged", "not answered")][1] == "100% (3 of 3)"
    first = table(patterns, "interval_timeline_1")
    assert first.columns == ("code", "1", "2", "3", "4")
    assert ["Instructor: writing on the board or screen", "", "■", "", ""] in [list(r) for r in first.rows]
    assert ["Students engaged", "2", "1", "3", "3"] in [list(r) for r in first.rows]
    for pattern in patterns:
        if pattern.id.startswith("interval_"):
            assert "interval" in pattern.note and "coded" in pattern.note  # every table says its denominator


def test_reports_render_as_markdown_csv_and_json(shaped, capsys, tmp_path):
    walk = lesson_walk(shaped)
    patterns = walk_report(shaped, walk.id)
    markdown = render_report("Lesson", patterns, "md")
    assert "## Share of intervals with each code" in markdown and "| Students receiving | 50% (2 of 4)" in markdown
    csv_text = render_report("Lesson", patterns, "csv", table="interval_codes")
    header, first = csv_text.splitlines()[:2]
    assert header.startswith("code,Room A (4 intervals),Room A (4 intervals): count,"
                             "Room A (4 intervals): denominator,Room A (4 intervals): share,Room B (3 intervals),")
    assert header.endswith(",id")
    assert first.startswith("Students: listening to the instructor or a classmate,"
                            "50% (2 of 4),2,4,0.5,33% (1 of 3),1,3,0.333333,")
    assert first.endswith(",students.listening")
    data = json.loads(render_report("Lesson", patterns, "json"))
    codes = next(t for t in data["tables"] if t["id"] == "interval_codes")
    assert codes["rows"][0][3] == "43% (3 of 7)" and "out of the intervals coded" in codes["note"]
    assert codes["row_ids"][0] == "students.listening"
    total = next(d for d in codes["data"] if d["row_id"] == "students.listening" and d["column"].startswith("all"))
    assert (total["count"], total["denominator"], total["share"], total["value"]) == (3, 7, 0.428571, "43% (3 of 7)")
    timeline = next(t for t in data["tables"] if t["id"] == "interval_timeline_1")
    writing = [d for d in timeline["data"] if d["row"] == "Instructor: writing on the board or screen"]
    assert [d["value"] for d in writing] == ["", 1, "", ""]  # a tick is 1 in machine formats, ■ on screen
    long_form = render_report("Lesson", patterns, "csv").splitlines()
    assert ("interval_codes,Students: listening to the instructor or a classmate,all visits (7 intervals),"
            "43% (3 of 7),students.listening,3,7,0.428571") in long_form
    assert main(["--db", str(shaped.store.path), "report", "walk", walk.id[:8], "--format", "json",
                 "--table", "interval_groups"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [t["id"] for t in out["tables"]] == ["interval_groups"]
    exported = export_walk(shaped, walk.id, "md")
    assert "Timeline of codes, Room B" in exported


def test_school_and_cycle_reports_add_up_visits_across_walks(shaped):
    cycle = Cycle(name="Science talk", school="Hillside High")
    shaped.store.save_cycle(cycle)
    import datetime as dt

    first = lesson_walk(shaped, cycle_id=cycle.id)
    second = lesson_walk(shaped, date=first.date + dt.timedelta(days=14), cycle_id=cycle.id)
    school = table(school_report(shaped, "Hillside High"), "interval_codes_lesson_intervals")
    assert school.columns[-1] == "Hillside High (14 intervals)"
    listening = next(r for r in school.rows if r[0].startswith("Students: listening"))
    assert listening[1:] == ("43% (3 of 7)", "43% (3 of 7)", "43% (6 of 14)")
    assert school.columns[1] == f"{first.date.isoformat()}, 2 visits (7 intervals)"
    cycle_table = table(cycle_report(shaped, cycle.id), "interval_groups_lesson_intervals")
    assert cycle_table.columns[-1] == "the cycle (14 intervals)"
    assert second.date.isoformat() in cycle_table.columns[2]


def test_snapshot_counts_read_as_k_of_n_and_items_as_visits(shaped):
    walk = snapshot_walk(shaped)
    patterns = walk_report(shaped, walk.id)
    counts = [list(r) for r in table(patterns, "snapshot_counts").rows]
    assert ["students working on the task", "Room A", "minute 2", "18 of 24", "75%"] in counts
    assert ["students talking about the content", "Room A", "when chosen", "6 of 24", "25%"] in counts
    assert ["students working on the task", "all 2 counts", "", "39 of 48", "81%"] in counts
    items = [list(r) for r in table(patterns, "visit_items").rows]
    assert ["How students were grouped", "pairs", "1 of 1 visit"] in items
    assert ["Learning goal posted, in students' words", "Room A", "compare fractions"] in items


def test_the_equity_lens_appears_only_where_the_protocol_declares_student_groups(shaped, classwalk):
    walk = snapshot_walk(shaped)  # its protocol says student_groups = []
    ids = [p.id for p in build_debrief(shaped, walk).patterns]
    assert "student_groups" not in ids
    markdown = render_report("Walk", walk_report(shaped, walk.id), "md")
    assert "Who gets to speak" not in markdown
    assert all(p.id != "student_groups" for p in school_report(shaped, "Hillside High"))


@pytest.mark.parametrize("tagged, expected", [(True, "Who gets to speak?"), (False, "no note was tagged")])
def test_the_equity_questions_follow_notes_tagged_with_groups(classwalk, tagged, expected):
    from classwalk.core.records.model import Evidence, Visit, Walk
    import datetime as dt

    walk = Walk(protocol_id="downey", school="Lincoln", date=dt.date(2026, 11, 23))
    classwalk.store.save_walk(walk)
    visit = Visit(walk_id=walk.id, classroom="12")
    classwalk.store.save_visit(visit)
    classwalk.store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="reads",
                                          student_groups=("multilingual",) if tagged else ()))
    groups = table(build_debrief(classwalk, walk).patterns, "student_groups")
    assert expected in groups.note


def test_calibration_compares_two_observers_code_by_code_over_intervals(shaped):
    from classwalk.core.records.model import Observer, Visit, Walk
    from classwalk.features.capture import shapes as capture
    from classwalk.features.reports.calibration import agreement, walk_calibration
    from tests.support.clock import at

    store = shaped.store
    protocol = shaped.protocols.get("lesson_intervals")
    walk = Walk(protocol_id=protocol.id, school="Hillside High", date=at(9, 0).date(),
                observers=(Observer(name="Ana"), Observer(name="Ben")))
    store.save_walk(walk)
    visits = {}
    for name, start in (("Ana", 0), ("Ben", 0.1)):
        visits[name] = Visit(walk_id=walk.id, classroom="Lab 2", observer=name, started_at=at(9, start))
        store.save_visit(visits[name])
    ana = {1: ["students.listening"], 2: ["students.listening"], 3: ["students.groups"], 4: ["students.groups"]}
    ben = {1: ["students.listening"], 2: ["students.groups"], 3: ["students.groups"], 4: ["students.groups"]}
    for name, plan in (("Ana", ana), ("Ben", ben)):
        for interval, codes in plan.items():
            for code in codes:
                capture.toggle_code(store, protocol, walk, visits[name], name, code,
                                    at=at(9, (interval - 1) * 2 + 0.5))
        store.end_visit(visits[name].id, at=at(9, 8.05))
    summary, offsets, per_code, *_ = walk_calibration(shaped, walk.id)
    assert offsets.rows[0][:6] == ("Room A", "Ana", "Ben", 4, 6.0, 0.05) and offsets.rows[0][6] == ""
    assert summary.id == "interval_calibration"
    assert summary.rows[0][:4] == ("Ana", "Ben", "Room A (4 intervals)", 4)
    rows = {row[2]: row for row in per_code.rows}
    listening = rows["Students: listening to the instructor or a classmate"]
    # Ana: yes yes no no; Ben: yes no no no -> both 1, only Ana 1, only Ben 0, neither 2
    assert listening[3:8] == (4, 1, 1, 0, 2)
    expected = agreement([True, True, False, False], [True, False, False, False])
    assert listening[8] == f"{expected.percent:.0f}%" and listening[9] == f"{expected.kappa:.2f}"
    assert rows["Students: waiting"][9] == "n/a (all answers alike)"
