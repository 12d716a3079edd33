"""The tests of tests/core/test_store.py that start other processes."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from classwalk.core.storage.store import Store

WRITER = textwrap.dedent("""
    import datetime as dt, sys, time
    from classwalk.core.records.model import Evidence, Visit, Walk
    from classwalk.core.storage.store import Store
    store = Store(sys.argv[1])
    walk = Walk(protocol_id="downey", school="Maple Grove", date=dt.date(2026, 11, 2))
    store.save_walk(walk)
    visit = Visit(walk_id=walk.id, classroom="Room 12")
    store.save_visit(visit)
    first = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="first note")
    store.add_evidence(first)
    print(walk.id, first.id, flush=True)
    time.sleep(60)
    store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="second"))
""")


def test_killed_between_two_writes_keeps_the_first(db_path):
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)],
                             stdout=subprocess.PIPE, text=True)
    try:
        walk_id, first_id = child.stdout.readline().split()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    with Store(db_path) as store:
        assert [e.id for e in store.evidence_for_walk(walk_id)] == [first_id]
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_opening_another_store_in_this_process_keeps_the_first_ones_locks(db_path):
    """Closing any descriptor of the file drops this process's SQLite locks: a store must not.

    Were they dropped, another process closing its connection would think it the last one
    and remove the WAL under the open store ("disk I/O error", writes at risk).
    """
    import subprocess
    import sys

    first = Store(db_path)
    first.save_draft("k", "kept")
    Store(db_path).close()
    code = f"from classwalk.core.storage.store import Store; s = Store({str(db_path)!r}); s.save_draft('j', 'x'); s.close()"
    subprocess.run([sys.executable, "-c", code], check=True)
    assert db_path.with_name(db_path.name + "-wal").exists()
    assert first.get_draft("k") == "kept" and first.get_draft("j") == "x"
    first.close()
