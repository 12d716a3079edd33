"""The capture page beside the served Textual UI, on the same machine in the same run.

- **page load**: headless chromium opens each, already logged in: the capture page of a
  walk until its room chooser can be used (the script has run), the Textual UI until its
  first screen is drawn (``-first-byte``); runs alternate.
- **Save note to acknowledged**: N simulated observers at a human pace (a note every
  15 s, a look-for tap every 20 s, which the page keeps on the device and sends with the
  note), in team walks of five, each page listening to its walk's feed (server-sent
  events). The time is from sending the note to the server's answer that it is stored.
  The Textual UI is measured at the same pace for a few observers: Enter to the frame
  that shows the note (its figure from :mod:`bench.served`).
- **memory per extra observer**: the server's resident memory with N observers
  connected, less its memory with none, per observer; the Textual UI's is the memory of
  its per-observer processes, per observer.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
import uuid
from pathlib import Path

from .served import (PASSWORD, ServeUnavailable, add_accounts, browser_tools, classwalk_server, descendants_rss_mb,
                     all_ready, free_port, logged_in, ms, observers_at_once, server, timed_load)
from .stats import Result, median, percentile

NOTE_EVERY = 15.0
TAP_EVERY = 20.0
TEAM = 5
P99_TARGET_MS = 50.0
MEMORY_TARGET_MB = 1.0
LOAD_TARGET_MS = 300.0


def rss_mb(pid: int) -> float:
    status = (Path("/proc") / str(pid) / "status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024


def start_walks(db: Path, count: int) -> list[str]:
    """One team walk for every five observers, through the public API."""
    import classwalk

    with classwalk.open_db(db) as api:
        return [api.start_walk("downey", school="Bench Elementary",
                               observers=[f"Observer {n}" for n in range(team, min(count, team + TEAM))]).id
                for team in range(0, max(count, 1), TEAM)]


# page load -----------------------------------------------------------------------------

def page_loads(base: str, walk_id: str, runs: int) -> tuple[list[float], list[float]]:
    """(capture page, served Textual UI) seconds to ready, alternating, one logged-in browser."""
    sync_playwright, chromium = browser_tools()
    capture, textual = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            # service workers blocked: every load from the server, none from a cache
            context = logged_in(browser, base + "/capture/", viewport={"width": 768, "height": 1024},
                                has_touch=True, service_workers="block")
            for _ in range(runs):
                capture.append(timed_load(context, f"{base}/capture/walk/{walk_id}",
                                          "#choose-room:not([hidden]) #room-name", 30000))
                textual.append(timed_load(context, base + "/", "body.-first-byte", 60000))
                time.sleep(0.5)
        finally:
            browser.close()
    return capture, textual


# observers of the capture page ------------------------------------------------------------

async def capture_observer(base: str, number: int, walk_id: str, state: dict, ready: asyncio.Event,
                           latencies: list[float], failures: list[str]) -> None:
    """One observer's page: log in, listen to the team feed, enter a room, then notes at a human pace."""
    import aiohttp

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.post(base + "/capture/login", data={"login": f"obs{number}", "password": PASSWORD},
                                allow_redirects=False) as answer:
            if answer.status != 303:
                raise RuntimeError(f"login of obs{number} answered {answer.status}")
        feed = await session.get(f"{base}/capture/api/walks/{walk_id}/feed")
        reader = asyncio.create_task(_drain(feed))
        visit = str(uuid.uuid4())
        await _send(session, base, {"type": "visit", "id": visit, "walk": walk_id, "classroom": f"Room {number}"})
        ready.set()
        await state["go"].wait()
        await asyncio.sleep(random.uniform(0, NOTE_EVERY))  # observers do not all write at the same moment
        tags: list[str] = []
        next_tap = time.monotonic() + random.uniform(0, TAP_EVERY)
        note = 0
        while time.monotonic() < state["until"]:
            if time.monotonic() >= next_tap:
                tags = ["orientation.on_task"]  # a tap is kept on the device until the note goes
                next_tap += TAP_EVERY
            op = {"type": "note", "id": str(uuid.uuid4()), "walk": walk_id, "visit": visit,
                  "text": f"{12 + note % 10} of 24 students compare strategies with a partner",
                  "look_fors": tags}
            started = time.perf_counter()
            body = await _send(session, base, op)
            latencies.append(time.perf_counter() - started)
            if not body["results"][0].get("ok"):
                failures.append(body["results"][0].get("error", "?"))
            tags = []
            note += 1
            await asyncio.sleep(NOTE_EVERY * random.uniform(0.8, 1.2))
        reader.cancel()
        feed.close()


async def _send(session, base: str, op: dict) -> dict:
    async with session.post(base + "/capture/api/ops", data=json.dumps({"ops": [op]}),
                            headers={"Content-Type": "application/json", "Origin": base}) as answer:
        if answer.status != 200:
            raise RuntimeError(f"ops answered {answer.status}: {await answer.text()}")
        return await answer.json()


async def _drain(response) -> None:
    with_content = response.content
    while True:
        line = await with_content.readline()
        if not line:
            return


async def capture_at_once(base: str, count: int, walks: list[str], seconds: float,
                          pid: int) -> tuple[list[float], float, list[str]]:
    """Latencies, and the server's extra memory in MB, with ``count`` capture pages at work."""
    idle = rss_mb(pid)
    latencies: list[float] = []
    failures: list[str] = []
    state = {"go": asyncio.Event(), "until": 0.0}
    readies = [asyncio.Event() for _ in range(count)]
    tasks = [asyncio.create_task(capture_observer(base, n, walks[n // TEAM], state, readies[n], latencies, failures))
             for n in range(count)]
    await all_ready(readies, tasks)
    state["until"] = time.monotonic() + seconds
    state["go"].set()
    await asyncio.sleep(min(seconds, NOTE_EVERY * 1.5))
    busy = rss_mb(pid)
    await asyncio.gather(*tasks)
    return latencies, max(0.0, busy - idle), failures


def run(folder: Path, env: dict[str, str], runs: int, counts: tuple[int, ...], seconds: float,
        textual_counts: tuple[int, ...] = (1, 4)) -> list[Result]:
    """Every figure of the capture page beside the served Textual UI."""
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    results: list[Result] = []
    most = max(counts + textual_counts)
    db = folder / "capture-page.db"
    add_accounts(db, most)
    walks = start_walks(db, most)
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    # the served Textual UI at the same pace (one process per observer)
    textual: dict[int, tuple[float, float, float]] = {}
    for count in textual_counts:
        say(f"capture page: served Textual UI, {count} observer(s) at a human pace for {seconds:g} s ...")
        tdb = folder / f"textual-{count}.db"
        add_accounts(tdb, count)
        tport = free_port()
        try:
            with server(classwalk_server(tdb, tport), env, tport, folder / f"textual-{count}.log") as fresh:
                latencies, memory = asyncio.run(observers_at_once(f"http://127.0.0.1:{tport}", count, seconds,
                                                                  fresh.pid, pace=(NOTE_EVERY * 0.8, NOTE_EVERY * 1.2)))
            textual[count] = (ms(median(latencies)), ms(percentile(latencies, 0.99)), memory / count)
        except RuntimeError as error:
            say(f"capture page: the Textual UI with {count} observers did not start ({error})")

    with server(classwalk_server(db, port), env, port, folder / "capture-page.log") as process:
        try:
            say(f"capture page: page load, {runs} runs each in chromium ...")
            loads, textual_loads = page_loads(base, walks[0], runs)
            load = ms(median(loads))
            results.append(Result(benchmark="capture page", measure=f"page load to ready, median of {runs}",
                                  value=load, baseline=ms(median(textual_loads)),
                                  baseline_name="served Textual UI to first screen", unit="ms",
                                  target=f"<= {LOAD_TARGET_MS:g} ms", met=load <= LOAD_TARGET_MS))
        except ServeUnavailable as error:
            say(f"capture page: page load skipped ({error})")
        for count in counts:
            say(f"capture page: {count} observer(s) at a human pace for {seconds:g} s ...")
            latencies, extra, failures = asyncio.run(capture_at_once(base, count, walks, seconds, process.pid))
            if failures:
                say(f"capture page: {len(failures)} notes refused, first: {failures[0]}")
            if not latencies:
                say(f"capture page: {count} observer(s) saved no note in {seconds:g} s: nothing to time")
                continue
            who = f"{count} observer{'' if count == 1 else 's'}"
            near = max((c for c in textual if c <= count), default=None)
            base_median, base_p99, base_memory = textual.get(near, (0.0, 0.0, 0.0))
            base_name = f"served Textual UI, {near} observer(s)" if near else "served Textual UI (not measured)"
            p99 = ms(percentile(latencies, 0.99))
            results.append(Result(benchmark="capture page", measure=f"{who}: Save note to stored, median of "
                                  f"{len(latencies)}", value=ms(median(latencies)), baseline=base_median,
                                  baseline_name=base_name + ", Enter to note on screen", unit="ms"))
            results.append(Result(benchmark="capture page", measure=f"{who}: Save note to stored, p99 of "
                                  f"{len(latencies)}", value=p99, baseline=base_p99,
                                  baseline_name=base_name + ", Enter to note on screen", unit="ms",
                                  target=f"p99 <= {P99_TARGET_MS:g} ms", met=p99 <= P99_TARGET_MS))
            per = extra / count
            results.append(Result(benchmark="capture page", measure=f"{who}: server memory per extra observer",
                                  value=per, baseline=base_memory, baseline_name=base_name + ", per observer",
                                  unit="MB", target=f"<= {MEMORY_TARGET_MB:g} MB", met=per <= MEMORY_TARGET_MB))
        _count, children = descendants_rss_mb(process.pid)
        if children:
            say(f"capture page: {children:.0f} MB in processes below the server (none expected)")
    return results
