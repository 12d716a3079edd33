"""Two processes write one database at once (an observer's session and a CLI import): both succeed."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from classwalk.api import Classwalk
from classwalk.core.records.model import Evidence, Visit, Walk
from classwalk.features.demo.school import demo_records
from classwalk.features.outputs.export import export_walk

WRITER = Path(__file__).resolve().parent / "steady_writer.py"
NOTES = 200
ROUNDS = 4  # contention is timing-dependent: several rounds make a lost write near-certain to show



def _start_writer(db_path: Path, env: dict) -> subprocess.Popen:
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(db_path), str(NOTES)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )
    return writer


def _finish(writer: subprocess.Popen) -> list[tuple[str, str]]:
    output, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    return [tuple(line.split(" ", 1)) for line in output.splitlines() if line != "ready"]


def _cli(db_path: Path, env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "classwalk.tui", "--db", str(db_path), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )


def _assert_all_there(db_path: Path, saved: list[tuple[str, str]], other_ids: set[str]) -> None:
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = set()
        for table in ("walks", "visits", "evidence", "debrief_responses", "next_steps"):
            ids |= {row[0] for row in connection.execute(f"SELECT id FROM {table}")}
    finally:
        connection.close()
    assert {record_id for _table, record_id in saved} <= ids
    assert len([1 for table, _ in saved if table == "evidence"]) == NOTES
    assert other_ids <= ids


def _demo_ids() -> set[str]:
    return {record.id for record in demo_records(dt.date.today(), {"downey"})}


def _bundle_file(folder: Path) -> tuple[Path, set[str]]:
    """A walk recorded on another device, exported as a bundle; and its record ids."""
    other = Classwalk(db_path=folder / "other-device.db")
    walk = Walk(protocol_id="downey", school="Birch Lane School", date=dt.date(2026, 11, 20))
    visits = [Visit(walk_id=walk.id, classroom=f"Room {n}") for n in range(20)]
    notes = [Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text=f"note {n}")
             for visit in visits for n in range(20)]
    other.store.save_many([walk, *visits, *notes])
    path = folder / "bundle.json"
    path.write_text(export_walk(other, walk.id, "json"), encoding="utf-8")
    other.close()
    return path, {walk.id} | {r.id for r in visits + notes}


def _session_and_cli_runs(db_path: Path, env: dict) -> None:
    Classwalk(db_path=db_path).store.close()  # the session's database already exists
    bundle, bundle_ids = _bundle_file(db_path.parent)
    writer = _start_writer(db_path, env)
    assert writer.stdout.readline() == "ready\n"
    writer.stdin.write("go\n")
    writer.stdin.flush()
    runs = [_cli(db_path, env, "import", str(bundle)), _cli(db_path, env, "demo"),
            _cli(db_path, env, "import", str(bundle))]
    for run in runs:
        _output, errors = run.communicate(timeout=120)
        assert run.returncode == 0, errors
    _assert_all_there(db_path, _finish(writer), _demo_ids() | bundle_ids)


def _two_sessions_on_new_database(db_path: Path, env: dict) -> None:
    writers = [_start_writer(db_path, env) for _ in range(2)]
    for writer in writers:
        if writer.stdout.readline() != "ready\n":
            for other in writers:
                other.kill()
                other.wait()
            pytest.fail(f"a session could not open the new database: {writer.stderr.read().strip()}")
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        _assert_all_there(db_path, _finish(writer), set())


def test_session_and_cli_import_write_at_once(tmp_path, child_env):
    for round_ in range(ROUNDS):
        folder = tmp_path / f"round-{round_}"
        folder.mkdir()
        _session_and_cli_runs(folder / "shared.db", child_env)


def test_two_sessions_open_a_new_database_at_the_same_moment(tmp_path, child_env):
    for round_ in range(ROUNDS):
        _two_sessions_on_new_database(tmp_path / f"new-{round_}.db", child_env)
