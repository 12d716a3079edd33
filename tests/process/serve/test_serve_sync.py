"""The tests of tests/serve/test_serve_sync.py that start other processes."""

from __future__ import annotations

import json

from classwalk.core.storage.store import Store
from classwalk.features.bundles.sync import SyncClient
from tests.serve.test_serve_sync import offline_walk, sync
from tests.support.browser import served
from tests.support.server import PASSWORD, add_account


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
