"""Reports over a district: a walk's debrief, a school year, the district roll-up.

Each is timed warm (median of several calls). The walk's are set against the plain SQL
over its raw notes; the school year and the district roll-up, which read the counts kept
per school and month, against the same reports counted from the per-walk counts only
(``rollups=False``, how they were counted before), timed in the same run on the same
database, and checked to give the same tables. The database's size per 1,000 visits is
set against the same records as JSON bundles.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from classwalk.api import Classwalk
from classwalk.features.debriefs.debrief import build_debrief
from classwalk.features.outputs.export import bundle_json

from .generate import Scale, school_name
from .stats import Result, median, ms, time_calls

YEAR = (dt.date(2025, 8, 1), dt.date(2026, 7, 31))
DEBRIEF_TARGET_MS = 50.0
ROLL_UP_TARGET_MS = 200.0
SCHOOL_YEAR_TARGET_MS = 30.0
SIZE_TARGET = 1.66
"""The database's size per 1,000 visits, as a multiple of the same records as JSON, before the roll-ups."""

RAW_WALK = "SELECT * FROM evidence WHERE walk_id = ? ORDER BY captured_at"


def _sample_walks(classwalk: Classwalk, count: int) -> list:
    ids = [row[0] for row in classwalk.store.db.execute("SELECT id FROM walks ORDER BY id")]
    chosen = random.Random(7).sample(ids, min(count, len(ids)))
    return [classwalk.store.get_walk(walk_id) for walk_id in chosen]


def run(path: Path, scale: Scale, repeat: int, dataset: bool = True) -> list[Result]:
    from classwalk.features.reports import district_report, school_report, walk_report

    classwalk = Classwalk(db_path=path)
    db = classwalk.store.db
    classwalk.protocols  # loaded once, as in a running program
    walks = _sample_walks(classwalk, 20)
    raw = lambda sql, *args: db.execute(sql, list(args)).fetchall()  # noqa: E731

    debrief = [median(time_calls(lambda w=w: build_debrief(classwalk, w), repeat)) for w in walks]
    report = [median(time_calls(lambda w=w: walk_report(classwalk, w.id), repeat)) for w in walks]
    walk_raw = [median(time_calls(lambda w=w: raw(RAW_WALK, w.id), repeat)) for w in walks]
    school = school_name(0)
    school_times = time_calls(lambda: school_report(classwalk, school, *YEAR), repeat)
    school_before = time_calls(lambda: school_report(classwalk, school, *YEAR, rollups=False), repeat)
    district_times = time_calls(lambda: district_report(classwalk, *YEAR), repeat)
    district_before = time_calls(lambda: district_report(classwalk, *YEAR, rollups=False), repeat)
    if (school_report(classwalk, school, *YEAR) != school_report(classwalk, school, *YEAR, rollups=False)
            or district_report(classwalk, *YEAR) != district_report(classwalk, *YEAR, rollups=False)):
        raise AssertionError("the roll-ups and the per-walk counts give different reports")

    visits = db.execute("SELECT COUNT(*) FROM visits").fetchone()[0]
    bundle_bytes = sum(len(bundle_json(classwalk, w.id).encode("utf-8")) for w in walks)
    bundle_visits = sum(len(classwalk.store.visits_for_walk(w.id)) for w in walks)
    classwalk.close()
    size_mb = (path.stat().st_size + _size(Path(f"{path}-wal"))) / 1e6

    debrief_ms = ms(median(debrief))
    roll_up_ms = ms(median(district_times))
    school_ms = ms(median(school_times))
    json_mb = bundle_bytes / 1e6 / max(bundle_visits, 1) * 1000
    db_mb = size_mb / visits * 1000
    extra = dataset_results(path, roll_up_ms, json_mb, visits, repeat) if dataset else []
    return extra + [
        Result(benchmark="scale", measure="walk debrief (build_debrief), 20 walks",
               value=debrief_ms, baseline=ms(median(walk_raw)), baseline_name="SQL: the walk's notes",
               unit="ms", target=f"< {DEBRIEF_TARGET_MS:g} ms", met=debrief_ms < DEBRIEF_TARGET_MS),
        Result(benchmark="scale", measure="walk report (walk_report), 20 walks",
               value=ms(median(report)), baseline=ms(median(walk_raw)), baseline_name="SQL: the walk's notes",
               unit="ms", target=f"< {DEBRIEF_TARGET_MS:g} ms", met=ms(median(report)) < DEBRIEF_TARGET_MS),
        Result(benchmark="scale", measure="school-year report (school_report)",
               value=school_ms, baseline=ms(median(school_before)),
               baseline_name="same report from per-walk counts (before)", unit="ms",
               target=f"<= {SCHOOL_YEAR_TARGET_MS:g} ms", met=school_ms <= SCHOOL_YEAR_TARGET_MS),
        Result(benchmark="scale", measure="district roll-up (district_report), a year",
               value=roll_up_ms, baseline=ms(median(district_before)),
               baseline_name="same report from per-walk counts (before)", unit="ms",
               target=f"<= {ROLL_UP_TARGET_MS:g} ms", met=roll_up_ms <= ROLL_UP_TARGET_MS),
        Result(benchmark="scale", measure="database size per 1,000 visits",
               value=db_mb, baseline=json_mb, baseline_name="same records as JSON", unit="MB",
               target=f"< {SIZE_TARGET:g}x the JSON", met=db_mb < SIZE_TARGET * json_mb),
    ]


DATASET_DISTRICT = """
    SELECT w.school_key, w.protocol_id, l.look_for_id, COUNT(DISTINCT l.visit_id) AS visits, COUNT(*) AS notes
    FROM tags l JOIN walks w USING (walk_id)
    WHERE w.date BETWEEN DATE '{0}' AND DATE '{1}'
    GROUP BY ALL
"""
DATASET_VISITS = """
    SELECT w.school_key, w.protocol_id, COUNT(*) AS visits, COUNT(DISTINCT v.classroom_visit_id) AS lessons
    FROM visits v JOIN walks w USING (walk_id)
    WHERE w.date BETWEEN DATE '{0}' AND DATE '{1}'
    GROUP BY ALL
"""


def dataset_results(path: Path, roll_up_ms: float, json_mb: float, visits: int, repeat: int) -> list[Result]:
    """``classwalk data export`` of the district, and the district roll-up in DuckDB over it."""
    try:
        import duckdb
        import pyarrow  # noqa: F401
    except ImportError:
        return []
    import shutil
    import tempfile
    import time

    from classwalk.features.dataset import export_dataset

    classwalk = Classwalk(db_path=path)
    folder = Path(tempfile.mkdtemp(prefix="classwalk-bench-data-")) / "dataset"
    try:
        started = time.perf_counter()
        export_dataset(classwalk.protocols, [path], folder)
        export_s = time.perf_counter() - started
        classwalk.close()
        data_mb = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6
        connection = duckdb.connect()
        for view, table in (("walks", "walks"), ("visits", "visits"), ("tags", "note_look_fors")):
            connection.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet("
                               f"'{folder / table}/*/*/*.parquet', hive_partitioning = true)")
        first, last = map(str, YEAR)

        def roll_up():
            connection.execute(DATASET_DISTRICT.format(first, last)).fetchall()
            connection.execute(DATASET_VISITS.format(first, last)).fetchall()

        duck_ms = ms(median(time_calls(roll_up, repeat)))
        connection.close()
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)
    return [
        Result(benchmark="scale", measure="district roll-up in DuckDB over the exported dataset, a year",
               value=duck_ms, baseline=roll_up_ms, baseline_name="district_report over SQLite", unit="ms",
               target="<= 200 ms", met=duck_ms <= 200),
        Result(benchmark="scale", measure="data export of the district (Parquet)", value=export_s,
               baseline=visits / 1000, baseline_name="thousands of visits", unit="s"),
        Result(benchmark="scale", measure="dataset size per 1,000 visits (Parquet)",
               value=data_mb / visits * 1000, baseline=json_mb, baseline_name="same records as JSON", unit="MB"),
    ]


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0
