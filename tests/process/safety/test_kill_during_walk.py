"""A walk killed with SIGKILL at random moments loses nothing it had already saved."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from classwalk.core.storage.store import Store

SCRIPT = Path(__file__).resolve().parent / "scripted_walk.py"
RUNS = 60
FRESH_DATABASE_EVERY = 6
SEED = 20261123


def _kill_at_random(db_path: Path, rng: random.Random, env: dict) -> list[tuple[str, str]]:
    """Start the scripted walk, SIGKILL it at a random moment, return what it reported saved."""
    child = subprocess.Popen(
        [sys.executable, str(SCRIPT), str(db_path), str(rng.randrange(1 << 30))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    try:
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0.0, 0.35))  # from spawn: may land inside opening/migrating
        else:
            assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
            time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        # read through the buffered pipes: communicate() would read past what readline()
        # already buffered, and a line cut there would look like a record
        output, errors = child.stdout.read(), child.stderr.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, errors.decode()
    lines = output.decode("utf-8", "replace").split("\n")[:-1]  # the last may be cut mid-write
    return [tuple(line.split(" ", 1)) for line in lines if line != "ready"]


def _check_database(db_path: Path, saved: list[tuple[str, str]]) -> None:
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "evidence_look_fors" not in tables:  # killed while the first schema was being made
            assert not saved, "entries reported saved in a database without its schema"
            return
        for table, record_id in saved:
            found = connection.execute(f"SELECT 1 FROM {table} WHERE id = ?", [record_id]).fetchone()
            assert found, f"{table} {record_id} was reported saved but is missing"
        tags = {}
        for evidence_id, look_for in connection.execute("SELECT evidence_id, look_for FROM evidence_look_fors"):
            tags.setdefault(evidence_id, set()).add(look_for)
        for evidence_id, look_fors in connection.execute("SELECT id, look_fors FROM evidence"):
            assert tags.get(evidence_id, set()) == set(json.loads(look_fors)), evidence_id
    finally:
        connection.close()


def test_sigkill_at_random_points_loses_no_saved_entry(tmp_path, child_env):
    rng = random.Random(SEED)
    all_saved: list[tuple[str, str]] = []
    db_path = tmp_path / "walk-0.db"
    for run in range(RUNS):
        if run and run % FRESH_DATABASE_EVERY == 0:
            all_saved = []
            db_path = tmp_path / f"walk-{run}.db"
        saved = _kill_at_random(db_path, rng, child_env)
        all_saved += saved
        if db_path.exists():
            _check_database(db_path, all_saved)
        else:
            assert not saved
    assert len(all_saved) > 0
    with Store(db_path) as store:  # the store reopens a killed database and carries on
        walk_ids = [record_id for table, record_id in all_saved if table == "walks"]
        for walk_id in walk_ids:
            store.walk_bundle(walk_id)
