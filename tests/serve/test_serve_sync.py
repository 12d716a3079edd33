"""``classwalk sync``: an offline database's walks merged into a server, once, with its checks."""

from __future__ import annotations

import io
import json

import pytest

from classwalk.core.model import Evidence, Observer, Visit, Walk
from classwalk.core.store import Store
from classwalk.features.sync import SyncClient
from classwalk.core.errors import ClasswalkError
from classwalk.tui.__main__ import main
from browser_helpers import served
from serve_helpers import PASSWORD, add_account
import datetime as dt

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


def offline_walk(db_path, school="Lincoln Elem", note="Pairs explain a rule to each other") -> Walk:
    with Store(db_path) as store:
        walk = Walk(protocol_id="downey", protocol_version="1", school=school, date=NOW.date(),
                    observers=(Observer(name="Ana Ruiz"),))
        store.save_walk(walk)
        visit = Visit(walk_id=walk.id, classroom="Room 12", observer="Ana Ruiz", started_at=NOW,
                      ended_at=NOW + dt.timedelta(minutes=3))
        store.save_visit(visit)
        store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text=note,
                                    observer="Ana Ruiz", captured_at=NOW + dt.timedelta(seconds=30)))
    return walk


def sync(capsys, monkeypatch, local, url, *args, password=PASSWORD):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code = main(["--db", str(local), "sync", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_sync_merges_walks_once_and_the_notes_keep_their_observer(tmp_path, capsys, monkeypatch):
    server_db, local = tmp_path / "server.db", tmp_path / "laptop.db"
    add_account(server_db, "ana", observer="Ana Ruiz")
    walk = offline_walk(local)
    with served(server_db) as base:
        code, out, err = sync(capsys, monkeypatch, local, base, "--login", "ana")
        assert (code, err) == (0, "") and f"walk {walk.id[:8]} (new)" in out
        code, out, err = sync(capsys, monkeypatch, local, base, "--login", "ana")
        assert code == 0 and "nothing new: already imported" in out
    with Store(server_db) as store:
        notes = store.evidence_for_walk(walk.id)
        assert [(n.text, n.observer) for n in notes] == [("Pairs explain a rule to each other", "Ana Ruiz")]


def test_a_wrong_password_or_a_school_limit_is_one_line(tmp_path, capsys, monkeypatch):
    server_db, local = tmp_path / "server.db", tmp_path / "laptop.db"
    add_account(server_db, "ana", school="Hillside Middle")
    offline_walk(local)
    with served(server_db) as base:
        code, out, err = sync(capsys, monkeypatch, local, base, "--login", "ana", password="not it at all")
        assert code == 1 and out == "" and err == "classwalk: error: login refused for 'ana': wrong login or password\n"
        code, out, err = sync(capsys, monkeypatch, local, base, "--login", "ana")
        assert code == 1
        lines = err.splitlines()
        assert "refused: account ana is limited to Hillside Middle" in lines[0]
        assert lines[1] == "classwalk: error: 1 of 1 walks were refused by the server (see above)"
    with Store(server_db) as store:
        assert store.list_walks() == []


def test_a_damaged_bundle_is_refused_by_the_imports_checks(tmp_path):
    server_db = tmp_path / "server.db"
    add_account(server_db)
    with served(server_db) as base:
        client = SyncClient(base)
        client.log_in("ana", PASSWORD)
        answer = client.send("x" * 8, json.dumps({"walk": {"id": "w"}}))
        assert not answer.ok and answer.message


@pytest.mark.parametrize(("url", "message"), [
    ("http://walks.example.org", "only over https://"),
    ("walks.example.org", "give the server's address"),
    ("ftp://walks.example.org", "give the server's address"),
])
def test_a_password_never_goes_out_in_clear(url, message):
    with pytest.raises(ClasswalkError, match=message):
        SyncClient(url)


def test_an_unreachable_server_is_one_line(tmp_path, capsys, monkeypatch):
    from browser_helpers import free_port

    local = tmp_path / "laptop.db"
    offline_walk(local)
    code, out, err = sync(capsys, monkeypatch, local, f"http://127.0.0.1:{free_port()}", "--login", "ana")
    assert code == 1 and "cannot reach the server" in err and len(err.splitlines()) == 1


def test_a_tampered_copy_of_a_kept_revision_is_refused_through_sync_and_nothing_changes(tmp_path, capsys,
                                                                                       monkeypatch):
    server_db, local = tmp_path / "server.db", tmp_path / "laptop.db"
    add_account(server_db, "ana", observer="Ana Ruiz")
    walk = offline_walk(local)
    with Store(local) as store:
        note = store.evidence_for_walk(walk.id)[0]
        store.edit_evidence(note.id, text="Pairs explain a rule, then swap roles", editor="Ana Ruiz")
        revision = store.evidence_revisions(note.id)[0]
    with served(server_db) as base:
        code, out, err = sync(capsys, monkeypatch, local, base, "--login", "ana")
        assert (code, err) == (0, "")
        with Store(local) as store:  # the laptop's copy of the kept version is changed behind its back
            store.db.conn.execute("UPDATE evidence_revisions SET text = ? WHERE id = ?",
                                  ["what Ana never wrote", revision.id])
            store.db.conn.commit()
        with Store(server_db) as store:
            before = store.evidence_revisions(note.id), store.get_evidence(note.id)
        code, out, err = sync(capsys, monkeypatch, local, base, "--login", "ana")
    assert code == 1
    assert (f"evidence_revisions {revision.id}: differs from this database's copy "
            "(a kept version of a note never changes)") in err.splitlines()[0]
    with Store(server_db) as store:
        assert (store.evidence_revisions(note.id), store.get_evidence(note.id)) == before
        assert [r.text for r in before[0]] == ["Pairs explain a rule to each other"]
