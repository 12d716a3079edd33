"""``classwalk data export``: tidy tables that DuckDB and pyarrow read as one dataset, whose
counts equal classwalk's own reports; teachers pseudonymised; several databases, one dataset."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from classwalk.cli import main
from classwalk.features.capture import shapes as capture
from classwalk.features.bundles.importer import import_bundle
from classwalk.features.dataset.schema import EXAMPLE_QUERIES, TABLES
from classwalk.features.demo.school import ROOMS, seed_demo
from classwalk.features.outputs.export import bundle_json
from classwalk.features.reports import school_report
from tests.shapes.coded_lessons import two_observer_lesson
from tests.shapes.recorded_walks import lesson_walk, snapshot_walk


def export(db: Path, folder: Path, *args: str) -> int:
    return main(["--db", str(db), "data", "export", str(folder), *args])


def read(folder: Path, table: str, fmt: str = "parquet"):
    """A table of the dataset as a list of dicts, read with pyarrow's Hive partitioning."""
    return ds.dataset(folder / table, format=fmt, partitioning="hive").to_table().to_pylist()


def sql(query: str, folder: Path):
    return duckdb.sql(query.replace("DATA", str(folder))).fetchall()


@pytest.fixture
def district(open_classwalk, tmp_path, today):
    """The demo school, a 2-visit interval walk and a lesson coded by two observers, at two schools."""
    classwalk = open_classwalk(tmp_path / "district.db")
    seed_demo(classwalk, today)
    lesson_walk(classwalk, school="Hillside High")
    snapshot_walk(classwalk)
    walk, first, _second = two_observer_lesson(classwalk, school="Hillside High", date=today + dt.timedelta(days=1))
    capture.mark_not_observed(classwalk.store, classwalk.protocols.get("lesson_intervals"), walk, first, "Ana", 3,
                              at=first.ended_at)
    return classwalk


def test_demo_exports_as_parquet_that_duckdb_and_pyarrow_read(district, tmp_path, capsys):
    out = tmp_path / "dataset"
    assert export(district.db_path, out) == 0
    said = capsys.readouterr().out
    assert said.startswith("Exported 8 walks of 2 schools (2026-2027): 15 tables") and "pseudonymised" in said
    manifest = json.loads((out / "dataset.json").read_text())
    assert manifest["schema_version"] == "1.0" and manifest["teachers"] == "pseudonymised"
    assert {s["school_key"] for s in manifest["schools"]} == {"maple-grove-elementary", "hillside-high"}
    for table in TABLES:
        rows = read(out, table.name)
        assert len(rows) == manifest["tables"][table.name]["rows"]
        columns = ds.dataset(out / table.name, format="parquet", partitioning="hive").schema.names
        assert columns == [*table.column_names(), "school_key", "school_year"]
        keys = [tuple(row[k] for k in table.key) for row in rows]
        assert len(keys) == len(set(keys)), f"{table.name}: a key is duplicated"
        counted = sql(f"SELECT COUNT(*) FROM read_parquet('DATA/{table.name}/*/*/*.parquet', "
                      "hive_partitioning = true)", out)
        assert counted == [(len(rows),)]
    assert manifest["tables"]["notes"]["rows"] > 50 and manifest["tables"]["interval_ticks"]["rows"] > 40
    notes = read(out, "notes")
    assert all(isinstance(n["captured_at"].utcoffset().total_seconds(), float) for n in notes)
    ticks = sql("SELECT typeof(interval), typeof(started_at), typeof(seconds), typeof(lead_coding) "
                "FROM read_parquet('DATA/intervals/*/*/*.parquet', hive_partitioning = true) LIMIT 1", out)
    assert ticks == [("BIGINT", "TIMESTAMP WITH TIME ZONE", "DOUBLE", "BOOLEAN")]


def test_counts_in_duckdb_equal_classwalks_own_reports(district, tmp_path):
    out = tmp_path / "dataset"
    assert export(district.db_path, out) == 0
    per_code, per_month, lessons = (sql(query, out) for _title, _why, query in EXAMPLE_QUERIES)
    # share of intervals per code: the school report's total column, each lesson counted once
    report = school_report(district, "Hillside High")
    codes = next(p for p in report if p.id == "interval_codes_lesson_intervals")
    # 4 + 3 + 14: the two-observer lesson once, one of its intervals not observed
    assert codes.columns[-1] == "Hillside High (20 of 21 intervals observed)"
    expected = {row_id: (row[-1].count, row[-1].denominator) for row_id, row in zip(codes.row_ids, codes.rows)
                if row[-1].count}
    got = {code: (seen, total) for protocol, code, _label, seen, total, share in per_code
           if protocol == "lesson_intervals"}
    assert got == expected
    assert all(abs(share - seen / total) < 1e-12 for _p, _c, _l, seen, total, share in per_code)
    # notes per look-for: the school report's notes column, month by month summed
    labels = {}
    for school in ("Maple Grove Elementary", "Hillside High"):
        look_fors = next(p for p in school_report(district, school) if p.id == "look_fors_seen")
        for row in look_fors.rows:
            if row[4]:
                labels[(row[0], row[1])] = labels.get((row[0], row[1]), 0) + row[4]
    by_look_for = {}
    for _month, look_for_id, label, notes in per_month:
        by_look_for[label] = by_look_for.get(label, 0) + notes
    protocol_of = dict(sql("SELECT DISTINCT l.look_for_label, w.protocol_name FROM "
                           "read_parquet('DATA/note_look_fors/*/*/*.parquet', hive_partitioning = true) l "
                           "JOIN read_parquet('DATA/walks/*/*/*.parquet', hive_partitioning = true) w USING (walk_id)",
                           out))
    assert {(protocol_of[label], label): n for label, n in by_look_for.items()} == labels
    assert ("hillside-high", "2026-2027", 4, 5) in lessons  # two observers' records of one lesson count once


def test_teachers_are_pseudonyms_unless_named_and_stable_with_a_key_file(district, tmp_path):
    out = tmp_path / "dataset"
    assert export(district.db_path, out) == 0
    teachers = {name for name, *_ in ROOMS.values()} | {"Dr. Imani Osei"}
    surnames = {name.split()[-1] for name in teachers}
    for table in TABLES:
        for row in read(out, table.name):
            for value in row.values():
                if isinstance(value, str):
                    assert not any(surname in value for surname in surnames), (table.name, value)
    visits = read(out, "visits")
    by_room = {}
    for visit in visits:
        by_room.setdefault((visit["school_key"], visit["classroom"]), set()).add(visit["teacher"])
    assert len(by_room[("maple-grove-elementary", "Room 12")]) == 1  # one teacher, one pseudonym, over two walks
    maple = {room: names for (school, room), names in by_room.items() if school == "maple-grove-elementary"}
    assert len(set().union(*maple.values())) == len(maple) == 6  # six teachers, six pseudonyms
    assert all(teacher.startswith("teacher-") for teacher in {v["teacher"] for v in visits} - {""})
    named = tmp_path / "named"
    assert export(district.db_path, named, "--with-names") == 0
    assert {v["teacher"] for v in read(named, "visits")} - {""} == teachers
    key = tmp_path / "keys" / "pseudonyms.key"
    first, second = tmp_path / "first", tmp_path / "second"
    assert export(district.db_path, first, "--key-file", str(key)) == 0
    assert export(district.db_path, second, "--key-file", str(key)) == 0
    assert key.stat().st_mode & 0o777 == 0o600
    pseudonyms = [sorted((v["visit_id"], v["teacher"]) for v in read(folder, "visits")) for folder in (first, second)]
    assert pseudonyms[0] == pseudonyms[1]
    assert sorted((v["visit_id"], v["teacher"]) for v in visits) != pseudonyms[0]  # a fresh key: other pseudonyms


def test_two_databases_export_into_one_dataset_without_duplicated_ids(open_classwalk, tmp_path, today):
    north = open_classwalk(tmp_path / "north.db")
    south = open_classwalk(tmp_path / "south.db")
    seed_demo(north, today)
    shared, _first, _second = two_observer_lesson(north, school="Hillside High")
    lesson_walk(south, school="South Ridge")
    import_bundle(south, bundle_json(north, shared.id), "north")  # the shared walk is in both databases
    out = tmp_path / "dataset"
    assert main(["data", "export", str(out), "--from", str(tmp_path / "north.db"),
                 "--from", str(tmp_path / "south.db")]) == 0
    walks = read(out, "walks")
    assert sorted({w["school_key"] for w in walks}) == ["hillside-high", "maple-grove-elementary", "south-ridge"]
    assert [w["walk_id"] for w in walks].count(shared.id) == 1
    for table in TABLES:
        rows = read(out, table.name)
        keys = [tuple(row[k] for k in table.key) for row in rows]
        assert len(keys) == len(set(keys)), f"{table.name}: a key is duplicated"
    lesson_intervals = sql("SELECT COUNT(*) FROM read_parquet('DATA/intervals/*/*/*.parquet', hive_partitioning = true)"
                           " WHERE lead_coding AND school_key = 'hillside-high'", out)
    assert lesson_intervals == [(14,)]


def test_csv_dataset_reads_as_typed_tables(district, tmp_path):
    out = tmp_path / "csv"
    assert export(district.db_path, out, "--format", "csv") == 0
    assert (out / "notes" / "school_key=hillside-high" / "school_year=2026-2027" / "notes.csv").is_file()
    row = sql("SELECT typeof(count), typeof(present), typeof(share), typeof(taken_at) FROM "
              "read_csv('DATA/snapshot_counts/*/*/*.csv', hive_partitioning = true) LIMIT 1", out)
    intervals = sql("SELECT COUNT(*), typeof(any_value(started_at)) FROM read_csv('DATA/intervals/*/*/*.csv', "
                    "hive_partitioning = true) WHERE lead_coding", out)
    assert intervals == [(21, "TIMESTAMP WITH TIME ZONE")]
    first = (out / "visits" / "school_key=hillside-high" / "school_year=2026-2027" / "visits.csv").read_text()
    assert "+00:00" in first and "\n" in first
    walks = sql("SELECT COUNT(DISTINCT walk_id), typeof(any_value(date)) FROM "
                "read_csv('DATA/walks/*/*/*.csv', hive_partitioning = true, union_by_name = true)", out)
    assert walks == [(8, "DATE")]
    assert row == [("BIGINT", "BIGINT", "DOUBLE", "TIMESTAMP WITH TIME ZONE")]


def test_mistakes_are_one_line_and_write_nothing(district, tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "keep.txt").write_text("mine")
    assert export(district.db_path, taken) == 1
    assert "already exists and is not an empty folder" in capsys.readouterr().err
    assert [p.name for p in taken.iterdir()] == ["keep.txt"]
    missing = tmp_path / "nowhere.db"
    assert main(["data", "export", str(tmp_path / "out"), "--from", str(missing)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no database there" in err[0]
    assert not missing.exists() and not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.partial")]
    empty = tmp_path / "empty.db"
    open_classwalk_store = district.__class__(db_path=empty)
    open_classwalk_store.store  # an empty database
    open_classwalk_store.close()
    assert main(["data", "export", str(tmp_path / "out"), "--from", str(empty)]) == 1
    assert "no walks to export" in capsys.readouterr().err


def test_parquet_without_pyarrow_says_how_to_get_it(district, tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if the 'data' extra were not installed
    assert export(district.db_path, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "pip install 'classwalk[data]'" in err and "--format csv" in err
    assert not (tmp_path / "out").exists()
    assert export(district.db_path, tmp_path / "out", "--format", "csv") == 0


def test_a_link_or_an_unwritable_place_is_one_line(district, tmp_path, capsys):
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "nowhere")
    assert export(district.db_path, link) == 1
    assert "is a link" in capsys.readouterr().err and not (tmp_path / "nowhere").exists()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code = export(district.db_path, locked / "data")
        err = capsys.readouterr().err.strip().splitlines()
        if os.geteuid() != 0:  # root writes anywhere
            assert code == 1 and len(err) == 1 and "cannot write the dataset here" in err[0]
    finally:
        locked.chmod(0o700)


def test_codes_sharing_a_short_code_stay_apart_in_reports_and_the_dataset(open_classwalk, tmp_path):
    """The example's W is "waiting" for students and for the instructor: two codes, named by set."""
    from classwalk.features.reports import walk_report
    from tests.support.clock import LESSON_START
    from tests.support.records import walk_in_a_room

    classwalk = open_classwalk(tmp_path / "w.db")
    protocol = classwalk.protocols.get("lesson_intervals")
    assert protocol.intervals.code("students.waiting")[1].short == protocol.intervals.code("instructor.waiting")[1].short
    walk, visit = walk_in_a_room(classwalk, "lesson_intervals", ("Ana",), "Lab 2", school="Hillside High", started_at=LESSON_START)
    for interval, code in ((1, "students.waiting"), (2, "students.waiting"), (2, "instructor.waiting")):
        capture.toggle_code(classwalk.store, protocol, walk, visit, "Ana", code, interval=interval,
                            at=LESSON_START + dt.timedelta(seconds=120 * interval - 60))
    classwalk.store.end_visit(visit.id, at=LESSON_START + dt.timedelta(seconds=240))
    codes = next(p for p in walk_report(classwalk, walk.id) if p.id == "interval_codes")
    rows = {row[0]: row[1] for row in codes.rows}
    assert rows["Students: waiting"] == "100% (2 of 2)" and rows["Instructor: waiting"] == "50% (1 of 2)"

    out = tmp_path / "data"
    assert export(classwalk.db_path, out, "--format", "csv") == 0
    ticks = sorted((row["interval"], row["code_id"], row["code_set_id"]) for row in read(out, "interval_ticks", "csv"))
    assert ticks == [(1, "students.waiting", "students"), (2, "instructor.waiting", "instructor"),
                     (2, "students.waiting", "students")]
