"""Two ``classwalk`` processes on one database, as Ana and Ben: separate rooms, separate drafts.

Each runs in its own tmux terminal with its own ``--observer``; what one types never
shows in the other's note line, and "Next room" moves only the one who pressed it.
"""

from __future__ import annotations

import pytest

from classwalk.core.records.model import Observer, Visit, Walk
from classwalk.core.storage.store import Store
from classwalk.tui.screens.visit import note_key
from tests.support.clock import START
from tests.support.terminal import Terminal, needs_tmux

pytestmark = needs_tmux


@pytest.fixture
def two_terminals():
    made = [Terminal(110, 32), Terminal(110, 32)]
    yield made
    for terminal in made:
        terminal.kill_server()


def _note_line(screen: str) -> str:
    return next((line.split("▌", 1)[1].strip() for line in screen.splitlines() if "▌" in line), "")


def test_two_observers_on_one_database_keep_their_own_rooms_and_drafts(two_terminals, classwalk, db_path):
    walk = Walk(protocol_id="downey", school="Lincoln Elem", date=START.date(),
                observers=(Observer(name="Ana", role="facilitator"), Observer(name="Ben")))
    classwalk.store.save_walk(walk)
    ana_visit = classwalk.store.start_visit(Visit(walk_id=walk.id, classroom="Room 12", observer="Ana"))
    ben_visit = classwalk.store.start_visit(Visit(walk_id=walk.id, classroom="Room 12", observer="Ben"))
    classwalk.close()
    ana, ben = two_terminals
    ana.start(db_path, "--observer", "Ana")
    ben.start(db_path, "--observer", "Ben")
    for terminal, name in ((ana, "Ana"), (ben, "Ben")):
        terminal.wait_for("Lincoln Elem")
        terminal.burst("r")
        terminal.wait_for(f"typing: {name}")
        terminal.wait_for("Room 12")

    ana.text("saved by Ana")
    ana.burst("Enter")
    ana.wait_for("Saved.")
    ana.text("ana half typed")
    ben.text("ben half typed")
    ana.wait_for("ana half typed")
    ben.wait_for("ben half typed")
    assert "ana half" not in ben.screen() and "ben half" not in ana.screen()

    ana.burst("C-n")  # Ana, the facilitator, is asked; "Only me" leaves Ben where he is
    ana.wait_for("Move the whole team?")
    ana.burst("Escape")
    ana.wait_for("Next classroom")
    ana.burst("Room 14", "Enter")
    ana.wait_for("Lincoln Elem · Room 14")
    shown = ben.wait_for("Ana moved to Room 14")
    assert "Room 12" in shown and _note_line(shown) == "ben half typed"

    with Store(db_path) as store:
        visits = {(v.observer, v.classroom): v for v in store.visits_for_walk(walk.id)}
        assert store.get_visit(ana_visit.id).ended and not store.get_visit(ben_visit.id).ended
        assert visits[("Ana", "Room 14")].ended_at is None
        assert [(e.text, e.observer, e.visit_id) for e in store.evidence_for_walk(walk.id)] == [
            ("saved by Ana", "Ana", ana_visit.id), ("ana half typed", "Ana", ana_visit.id)]
        assert store.get_draft(note_key(ben_visit, "Ben")) == "ben half typed"
        assert store.get_draft(note_key(ben_visit, "Ana")) == ""

    ben.burst("C-f")  # Ben follows: his typed note is saved in Room 12 first
    ben.wait_for("With Ana in Room 14")
    with Store(db_path) as store:
        bens = [v for v in store.visits_for_walk(walk.id) if v.observer == "Ben"]
        assert [(v.classroom, v.ended) for v in bens] == [("Room 12", True), ("Room 14", False)]
        assert bens[1].joins == visits[("Ana", "Room 14")].id
        assert ("ben half typed", ben_visit.id) in [(e.text, e.visit_id) for e in store.evidence_for_walk(walk.id)]
