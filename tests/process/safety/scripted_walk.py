"""A scripted walk, run as a child process and killed at a random moment.

Prints ``ready`` once the store is open, then one line per record as soon as the store
call that saved it has returned: ``<table> <id>``. Whatever it printed must be in the
database after a SIGKILL.

    python scripted_walk.py DB_PATH SEED
"""

from __future__ import annotations

import datetime as dt
import random
import sys

from classwalk.core.records.model import DebriefResponse, Evidence, Visit, Walk
from classwalk.core.storage.store import Store

LOOK_FORS = ("orientation.on_task", "curricular.objective", "instructional.questioning",
             "walls.student_work", "safety.hazard")
TEXTS = ("12 of 20 students explaining to a partner", "Objective on the board, read aloud",
         "Teacher asks why, waits; three hands", "Anchor chart with this week's date",
         "Long note " + "é🌍 " * 400)


def say(*parts: str) -> None:
    sys.stdout.write(" ".join(parts) + "\n")
    sys.stdout.flush()


def main(db_path: str, seed: int) -> None:
    rng = random.Random(seed)
    store = Store(db_path)
    say("ready")
    while True:
        walk = Walk(protocol_id="downey", school="Birch Lane School", date=dt.date(2026, 11, 23))
        store.save_walk(walk)
        say("walks", walk.id)
        for room in range(rng.randint(2, 5)):
            visit = Visit(walk_id=walk.id, classroom=f"Room {room + 1}")
            store.save_visit(visit)
            say("visits", visit.id)
            for _ in range(rng.randint(3, 12)):
                store.save_draft(f"note:{visit.id}", rng.choice(TEXTS)[: rng.randint(1, 40)])
                note = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation",
                                text=rng.choice(TEXTS),
                                look_fors=rng.sample(LOOK_FORS, rng.randint(0, 3)))
                store.add_evidence(note)
                store.clear_draft(f"note:{visit.id}")
                say("evidence", note.id)
            store.end_visit(visit.id)
        batch = [Evidence(walk_id=walk.id, kind="observation", text=rng.choice(TEXTS))
                 for _ in range(rng.randint(5, 50))]
        store.save_many(batch)
        for note in batch:
            say("evidence", note.id)
        store.save_response(response := DebriefResponse(walk_id=walk.id, prompt_id="orientation",
                                                        text=rng.choice(TEXTS)))
        say("debrief_responses", response.id)
        store.set_walk_status(walk.id, "closed")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
