"""An observer's session writing note after note, run as a child process.

Opens the store, prints ``ready``, waits for a line on stdin (so two writers can start
together), then saves COUNT notes one by one as the TUI does, printing each id once
its save has returned, and exits 0.

    python steady_writer.py DB_PATH COUNT
"""

from __future__ import annotations

import datetime as dt
import sys

from classwalk.core.records.model import Evidence, Visit, Walk
from classwalk.core.storage.store import Store


def main(db_path: str, count: int) -> None:
    store = Store(db_path)
    print("ready", flush=True)
    sys.stdin.readline()
    walk = Walk(protocol_id="downey", school="Birch Lane School", date=dt.date(2026, 11, 23))
    store.save_walk(walk)
    visit = Visit(walk_id=walk.id, classroom="Room 7")
    store.save_visit(visit)
    print("walks", walk.id, flush=True)
    for number in range(count):
        store.save_draft(f"note:{visit.id}", f"note {number}")
        note = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation",
                        text=f"note {number}: students comparing answers", look_fors=["orientation.on_task"])
        store.add_evidence(note)
        store.clear_draft(f"note:{visit.id}")
        print("evidence", note.id, flush=True)
    store.end_visit(visit.id)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
