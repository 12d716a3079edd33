"""The server in-process: accounts on a fresh database, a quick login throttle, an HTTP client."""

from __future__ import annotations

from pathlib import Path

from classwalk.core.storage.store import Store
from classwalk.features.accounts import Accounts

PASSWORD = "chalk and talk 42"


def add_account(db_path: Path, login: str = "ana", *, observer: str | None = "Ana Ruiz",
                school: str | None = None, password: str = PASSWORD):
    with Store(db_path) as store:
        return Accounts(store).add(login, password, observer=observer, school=school)


async def with_client(db_path: Path, check, **options):
    """Run ``check(client, server)`` against a :class:`ClasswalkServer` on ``db_path``."""
    from aiohttp.test_utils import TestClient, TestServer

    from classwalk.serve.server import ClasswalkServer
    from classwalk.serve.throttle import LoginThrottle

    options.setdefault("throttle", LoginThrottle(delay=0.3, free=2, first_wait=30))
    server = ClasswalkServer(db_path, **options)
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    try:
        return await check(client, server)
    finally:
        await client.close()
        server.store.close()


async def log_in(client, login: str = "ana", password: str = PASSWORD, **headers):
    return await client.post("/login", data={"login": login, "password": password},
                             allow_redirects=False, headers=headers)


def big_bundle(walk_bundle_text: str, megabytes: float) -> bytes:
    """``walk_bundle_text`` (a bundle with one note) grown to ``megabytes`` with more notes
    like its first, each with an id and a second of its own."""
    import datetime as dt
    import json
    import uuid

    data = json.loads(walk_bundle_text)
    first = data["evidence"][0]
    captured = dt.datetime.fromisoformat(first["captured_at"])
    text = "Pairs compare two strategies for the same problem and say which is quicker. " * 4
    one = len(json.dumps(dict(first, id=str(uuid.uuid4()), text=text))) + 2
    count = int(megabytes * 1_000_000 / one) + 1
    data["evidence"] = [dict(first, id=str(uuid.uuid4()), text=text,
                             captured_at=(captured + dt.timedelta(microseconds=n)).isoformat())
                        for n in range(count)]
    return json.dumps(data).encode("utf-8")
