"""Through the server: an account sends only walks it observes, and what it sends is marked as its."""

from __future__ import annotations

import datetime as dt
import io

from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from classwalk.core.storage.store import Store
from classwalk.tui.__main__ import main
from tests.support.browser import served
from tests.support.server import PASSWORD, add_account

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


def shared_tablet_walk(db_path) -> Walk:
    """Ana's walk with Ben, both typing on one tablet."""
    with Store(db_path) as store:
        walk = Walk(protocol_id="downey", school="Lincoln Elem", date=NOW.date(),
                    observers=(Observer(name="Ana Ruiz"), Observer(name="Ben Cho")))
        store.save_walk(walk)
        visit = Visit(walk_id=walk.id, classroom="Room 12", observer="Ana Ruiz", started_at=NOW,
                      ended_at=NOW + dt.timedelta(minutes=3))
        store.save_visit(visit)
        for minute, observer in ((1, "Ana Ruiz"), (2, "Ben Cho")):
            store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation",
                                        text=f"a note by {observer}", observer=observer,
                                        captured_at=NOW + dt.timedelta(minutes=minute)))
    return walk


def sync(capsys, monkeypatch, local, url, *args):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code = main(["--db", str(local), "sync", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_only_a_walks_observer_sends_it_and_teammates_notes_are_marked_as_sent_by_them(tmp_path, capsys,
                                                                                        monkeypatch):
    server_db, tablet = tmp_path / "server.db", tmp_path / "tablet.db"
    add_account(server_db, "cleo", observer="Cleo Diaz")
    add_account(server_db, "ana", observer="Ana Ruiz")
    walk = shared_tablet_walk(tablet)
    with served(server_db) as base:
        code, out, err = sync(capsys, monkeypatch, tablet, base, "--login", "cleo")
        assert code != 0 and "Cleo Diaz is not an observer of walk" in err.splitlines()[0]
        with Store(server_db) as store:
            assert store.list_walks() == []
        code, out, err = sync(capsys, monkeypatch, tablet, base, "--login", "ana")
        assert (code, err) == (0, "")
    with Store(server_db) as store:
        notes = store.evidence_for_walk(walk.id)
        assert sorted(n.observer for n in notes) == ["Ana Ruiz", "Ben Cho"]
        assert {store.received("evidence", n.id).sent_by for n in notes} == {"ana"}
