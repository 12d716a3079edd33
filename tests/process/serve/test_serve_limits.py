"""The tests of tests/serve/test_serve_limits.py that start other processes."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from tests.support.pilot import run
from tests.support.server import PASSWORD, add_account, big_bundle

UPLOAD = """
import sys, urllib.request, http.cookiejar, urllib.parse
base, path, password = sys.argv[1:4]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
opener.open(base + "/login", urllib.parse.urlencode({"login": "ana", "password": password}).encode())
body = open(path, "rb").read()
request = urllib.request.Request(base + "/import", data=body, method="POST", headers={
    "X-Classwalk-Sync": "1", "Content-Type": "application/json"})
try:
    print(opener.open(request, timeout=600).status)
except urllib.error.HTTPError as error:
    print(error.status, error.read().decode())
"""


def test_while_a_30_mb_bundle_imports_other_users_are_answered_within_100_ms(tmp_path):
    import subprocess

    from tests.serve.test_serve_sync import offline_walk

    from tests.support.browser import served
    from classwalk.api import Classwalk
    from classwalk.core.storage.store import Store
    from classwalk.features.outputs.export import bundle_json

    db_path = tmp_path / "server.db"
    add_account(db_path, "ana", observer="Ana Ruiz")
    add_account(db_path, "ben", observer="Ben Okafor")
    walk = offline_walk(tmp_path / "laptop.db")
    with Classwalk(db_path=tmp_path / "laptop.db") as laptop:
        body = big_bundle(bundle_json(laptop, walk.id), 30)
    assert len(body) >= 30_000_000
    bundle = tmp_path / "big.json"
    bundle.write_bytes(body)

    async def measure(base: str):
        from aiohttp import ClientSession, CookieJar

        async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as ben:
            await ben.post(base + "/login", data={"login": "ben", "password": PASSWORD}, allow_redirects=False)
            socket = await ben.ws_connect(base + "/ws?width=80&height=24", headers={"Origin": base})
            await asyncio.sleep(3)  # the UI process starts
            upload = subprocess.Popen([sys.executable, "-c", UPLOAD, base, str(bundle), PASSWORD],
                                      stdout=subprocess.PIPE, text=True)
            pages, keys = [], []
            while upload.poll() is None:
                started = time.perf_counter()
                async with ben.get(base + "/") as page:
                    assert "textual.js" in await page.text()
                pages.append(time.perf_counter() - started)
                started = time.perf_counter()
                await socket.send_json(["ping", "1"])
                while True:  # the UI's frames come on the same socket: wait for the answer
                    answer = await asyncio.wait_for(socket.receive(), timeout=5)
                    if isinstance(answer.data, str) and json.loads(answer.data) == ["pong", "1"]:
                        break
                keys.append(time.perf_counter() - started)
                await asyncio.sleep(0.05)
            await socket.close()
            return upload.stdout.read().strip(), pages, keys

    with served(db_path) as base:
        outcome, pages, keys = run(measure(base))
    assert outcome == "200", outcome
    with Store(db_path) as store:
        assert len(store.evidence_for_walk(walk.id)) == body.count(b'"captured_at"')
    assert len(pages) >= 10  # the import took a while, and the others were answered throughout
    # On a shared machine a process is sometimes not scheduled for a moment: nine answers in
    # ten within 100 ms, and none held up for a second (a bundle parsed on the event loop
    # holds every answer for seconds).
    for name, times in (("pages", pages), ("keys", keys)):
        within = sum(1 for seconds in times if seconds < 0.1) / len(times)
        assert within >= 0.9 and max(times) < 1.0, (name, [round(seconds * 1000) for seconds in times])
