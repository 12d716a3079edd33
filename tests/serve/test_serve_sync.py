"""``classwalk sync``: an offline database's walks merged into a server, once, with its checks."""

from __future__ import annotations

import io

import pytest

from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from classwalk.core.storage.store import Store
from classwalk.features.bundles.sync import SyncClient
from classwalk.core.errors import ClasswalkError
from classwalk.tui.__main__ import main
import datetime as dt
from tests.support.server import PASSWORD

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


@pytest.mark.parametrize(("url", "message"), [
    ("http://walks.example.org", "only over https://"),
    ("walks.example.org", "give the server's address"),
    ("ftp://walks.example.org", "give the server's address"),
])
def test_a_password_never_goes_out_in_clear(url, message):
    with pytest.raises(ClasswalkError, match=message):
        SyncClient(url)


def test_an_unreachable_server_is_one_line(tmp_path, capsys, monkeypatch):
    from tests.support.network import free_port

    local = tmp_path / "laptop.db"
    offline_walk(local)
    code, out, err = sync(capsys, monkeypatch, local, f"http://127.0.0.1:{free_port()}", "--login", "ana")
    assert code == 1 and "cannot reach the server" in err and len(err.splitlines()) == 1
