"""``classwalk serve`` under load: page load, memory per observer, observers one machine holds.

Everything runs on this machine (loopback only), against a bare Textual app served the
same way by textual-serve in the same run:

- **page load**: headless chromium (Debian's, driven by Playwright) opens the page, already
  logged in, until the UI's first bytes are drawn (the page's ``-first-byte`` class), for
  classwalk and for the bare app, runs alternating.
- **capture under load**: N observers connect over websockets (what the browser page
  does, without a browser drawing it), each starts a walk and enters a room, then types a
  note and presses Enter about twice a second. Capture latency is the time from Enter to
  the frame that shows the saved note. N grows until p99 passes one frame (16 ms).
- **memory**: resident memory of the UI processes with N observers connected, per observer,
  against the bare app's process.
- **served while importing**: one observer types notes as above while another account
  sends 30 MB walk bundles to ``/import`` one after another (what ``classwalk sync`` does);
  Enter to the frame that shows the note, p99, beside the same observer on the same
  server with no import running; and how long a small write (a draft, every 50 ms from
  another connection) waits for the database meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from .stats import Result, median, percentile

REPO = Path(__file__).resolve().parent.parent
FRAME_MS = 16.0
SATURATED_MS = 1000.0
PASSWORD = "bench password 0"
SIZE = {"width": 128, "height": 38}


class ServeUnavailable(Exception):
    """textual-serve, playwright or chromium is missing: that part is skipped."""


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(command: list[str], env: dict[str, str], port: int, log: Path):
    with log.open("w") as out:
        process = subprocess.Popen(command, env={**os.environ, **env}, cwd=REPO, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
                    break
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {log.read_text()[-2000:]}")
                time.sleep(0.1)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def classwalk_server(db: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "classwalk.tui", "--db", str(db), "serve", "--port", str(port),
            "--max-sessions", "200"]


def bare_server(port: int) -> list[str]:
    code = ("from textual_serve.server import Server; "
            f"Server({sys.executable + ' -m bench.bare_app'!r}, host='127.0.0.1', port={port}).serve()")
    return [sys.executable, "-c", code]


def descendants_rss_mb(pid: int) -> tuple[int, float]:
    """(number of python processes below ``pid``, their resident memory in MB)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, count, stack = 0.0, 0, list(children.get(pid, []))
    while stack:
        child = stack.pop()
        stack.extend(children.get(child, []))
        try:
            status = (Path("/proc") / str(child) / "status").read_text()
        except OSError:
            continue
        name = next((line.split()[1] for line in status.splitlines() if line.startswith("Name:")), "")
        rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        if name.startswith("python"):
            count += 1
            total += rss / 1024
    return count, total


def add_accounts(db: Path, count: int) -> None:
    from classwalk.core.storage.store import Store
    from classwalk.features.accounts import Accounts

    with Store(db) as store:
        accounts = Accounts(store)
        for number in range(count):
            if accounts.find(f"obs{number}") is None:
                accounts.add(f"obs{number}", PASSWORD, observer=f"Observer {number}")


# page load ---------------------------------------------------------------------------

def browser_tools():
    """(sync_playwright, the chromium to drive), or ServeUnavailable saying which is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ServeUnavailable("playwright is not installed") from None
    chromium = os.environ.get("CLASSWALK_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        raise ServeUnavailable("chromium is not installed")
    return sync_playwright, chromium


def logged_in(browser, url: str, **options):
    """A browser context signed in as ``obs0`` through the login form at ``url``."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(url)
    page.fill("#login", "obs0")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.close()
    return context


def timed_load(context, url: str, ready: str, timeout_ms: int) -> float:
    """Seconds from asking for ``url`` in a new page until ``ready`` (a selector) is there.

    Not waiting for "load": textual-serve's own page asks for a web font from elsewhere.
    """
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(ready, timeout=timeout_ms)
    seconds = time.perf_counter() - started
    page.close()
    return seconds


def page_loads(classwalk_url: str, bare_url: str, runs: int) -> tuple[list[float], list[float]]:
    sync_playwright, chromium = browser_tools()
    ours, bare = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            signed_in = logged_in(browser, classwalk_url + "/", viewport={"width": 1280, "height": 800})
            plain = browser.new_context(viewport={"width": 1280, "height": 800})
            for _ in range(runs):
                for context, url, samples in ((signed_in, classwalk_url, ours), (plain, bare_url, bare)):
                    samples.append(timed_load(context, url + "/", "body.-first-byte", 60000))
                    time.sleep(0.5)
        finally:
            browser.close()
    return ours, bare


# observers over websockets ---------------------------------------------------------------

async def _quiet(ws, seconds: float = 0.4, longest: float = 15.0) -> None:
    """Read what the UI sends until it has been quiet for ``seconds``."""
    deadline = time.monotonic() + longest
    while time.monotonic() < deadline:
        try:
            await asyncio.wait_for(ws.receive(), timeout=seconds)
        except asyncio.TimeoutError:
            return


async def _send(ws, text: str) -> None:
    await ws.send_json(["stdin", text])


async def _shown(ws, token: bytes, longest: float = 2.0) -> bool:
    deadline = time.monotonic() + longest
    seen = b""
    while time.monotonic() < deadline:
        try:
            message = await asyncio.wait_for(ws.receive(), timeout=deadline - time.monotonic())
        except asyncio.TimeoutError:
            return False
        if isinstance(message.data, bytes):
            seen = seen[-64:] + message.data  # a frame may come in more than one message
            if token in seen:
                return True
    return False


async def observer(base: str, number: int, state: dict, ready: asyncio.Event, latencies: list[float],
                   patience: float = 2.0, pace: tuple[float, float] = (0.3, 0.7)) -> None:
    """One observer: log in, start a walk, enter a room, then a note every ``pace`` seconds
    (about twice a second; a note not on screen within ``patience`` seconds counts as that long)."""
    import aiohttp

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:  # an IP address
        async with session.post(base + "/login", data={"login": f"obs{number}", "password": PASSWORD},
                                allow_redirects=False) as answer:
            if answer.status != 303:
                raise RuntimeError(f"login of obs{number} answered {answer.status}")
        async with session.ws_connect(base + f"/ws?width={SIZE['width']}&height={SIZE['height']}",
                                      headers={"Origin": base}) as ws:
            await ws.send_json(["resize", SIZE])
            await _shown(ws, b"Recent walks", 60)  # the home screen
            steps = (("n", b"Protocol"), ("\t", None), (f"School {number}", None), ("\x13", b"Next classroom"),
                     (f"Room {number}", None), ("\r", b"Look-fors"))
            for keys, screen in steps:
                await _send(ws, keys)
                if screen and not await _shown(ws, screen, 60):
                    raise RuntimeError(f"obs{number}: {screen.decode()!r} did not show")
                await _quiet(ws, 0.3)
                await asyncio.sleep(1.0)  # a field takes its focus (and selects its text) after a refresh
            ready.set()
            await state["go"].wait()
            note = 0
            while time.monotonic() < state["until"]:
                token = f"q{number}z{note}"
                await _send(ws, f"Pairs compare strategies {token}")
                await _quiet(ws, 0.15, 2.0)
                started = time.perf_counter()
                await _send(ws, "\r")
                shown = await _shown(ws, token.encode(), patience)
                latencies.append(time.perf_counter() - started if shown else patience)
                if not shown:
                    print(f"serve: obs{number}'s note {note} not seen on screen within {patience:g} s",
                          file=sys.stderr)
                note += 1
                await asyncio.sleep(random.uniform(*pace))
            await _send(ws, "\x11")  # ctrl+q ends the UI
            await _quiet(ws, 0.3, 3.0)


async def all_ready(readies: list[asyncio.Event], tasks: list[asyncio.Task]) -> None:
    """Wait until every observer is ready; the first that fails stops them all, its error raised."""
    for ready, task in zip(readies, tasks):
        waiter = asyncio.create_task(ready.wait())
        await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if task.done() and task.exception() is not None:
            for other in tasks:
                other.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise RuntimeError(str(task.exception()))


async def observers_at_once(base: str, count: int, seconds: float, server_pid: int,
                            alongside=None, patience: float = 2.0,
                            pace: tuple[float, float] = (0.3, 0.7)) -> tuple[list[float], float]:
    """Capture latencies, and the UI processes' memory in MB, with ``count`` observers at work
    (and ``alongside(until)``, a coroutine, running while they type)."""
    latencies: list[float] = []
    state = {"go": asyncio.Event(), "until": 0.0}
    readies = [asyncio.Event() for _ in range(count)]
    tasks = [asyncio.create_task(observer(base, n, state, readies[n], latencies, patience, pace))
             for n in range(count)]
    await all_ready(readies, tasks)
    _processes, memory = descendants_rss_mb(server_pid)
    state["until"] = time.monotonic() + seconds
    state["go"].set()
    background = asyncio.create_task(alongside(state["until"])) if alongside else None
    await asyncio.gather(*tasks)
    if background is not None:
        await background
    return latencies, memory


# served while importing ------------------------------------------------------------------

BUNDLE_MB = 30
PATIENCE = 30.0  # a note waits for the import's write to finish: time the whole wait


def bundle_maker(folder: Path):
    """A function giving a new 30 MB walk bundle (its own walk and note ids) each call."""
    import datetime as dt
    import json
    import uuid

    from classwalk.api import Classwalk
    from classwalk.core.records.model import Evidence, Observer, Visit, Walk
    from classwalk.features.outputs.export import bundle_json

    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(hours=1)
    with Classwalk(db_path=folder / "bundle-source.db") as source:
        walk = Walk(protocol_id="downey", protocol_version="1", school="Bench Elementary", date=start.date(),
                    observers=(Observer(name="Observer 1"),))
        source.store.save_walk(walk)
        visit = Visit(walk_id=walk.id, classroom="Room 1", observer="Observer 1", started_at=start,
                      ended_at=start + dt.timedelta(minutes=10))
        source.store.save_visit(visit)
        source.store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="x",
                                           observer="Observer 1", captured_at=start + dt.timedelta(seconds=5)))
        template = json.loads(bundle_json(source, walk.id))
    text = "Pairs compare two strategies for the same problem and say which is quicker. " * 4

    def make() -> bytes:
        data = json.loads(json.dumps(template))
        walk_id, visit_id = str(uuid.uuid4()), str(uuid.uuid4())
        data["walk"]["id"] = walk_id
        for visit_record in data["visits"]:
            visit_record.update(id=visit_id, walk_id=walk_id)
        first = dict(data["evidence"][0], walk_id=walk_id, visit_id=visit_id, text=text)
        one = len(json.dumps(first)) + 40
        captured = dt.datetime.fromisoformat(first["captured_at"])
        data["evidence"] = [dict(first, id=str(uuid.uuid4()),
                                 captured_at=(captured + dt.timedelta(microseconds=n)).isoformat())
                            for n in range(BUNDLE_MB * 1_000_000 // one)]
        return json.dumps(data).encode("utf-8")

    return make


async def import_bundles(base: str, make, until: float, done: list[float]) -> None:
    """As account obs1: send a new 30 MB bundle to /import, again and again until ``until``."""
    import aiohttp

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.post(base + "/login", data={"login": "obs1", "password": PASSWORD},
                                allow_redirects=False) as answer:
            if answer.status != 303:
                raise RuntimeError(f"login of obs1 answered {answer.status}")
        while time.monotonic() < until:
            body = await asyncio.get_running_loop().run_in_executor(None, make)
            started = time.perf_counter()
            async with session.post(base + "/import", data=body, headers={
                    "X-Classwalk-Sync": "1", "Content-Type": "application/json", "Origin": base}) as answer:
                if answer.status != 200:
                    raise RuntimeError(f"/import answered {answer.status}: {(await answer.text())[:200]}")
            done.append(time.perf_counter() - started)


@contextlib.contextmanager
def write_waits(db: Path):
    """A tiny write (a draft) every 50 ms from another connection, timed: how long writers wait."""
    import threading

    from classwalk.core.storage.store import Store

    waits: list[float] = []
    stop = threading.Event()

    def probe() -> None:
        with Store(db) as store:
            while not stop.is_set():
                started = time.perf_counter()
                store.save_draft("bench: write probe", f"{started}", durable=False)
                waits.append(time.perf_counter() - started)
                stop.wait(0.05)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    try:
        yield waits
    finally:
        stop.set()
        thread.join()


def served_while_importing(folder: Path, env: dict[str, str], seconds: float, say) -> list[Result]:
    """One observer's Enter-to-note p99 with 30 MB bundles importing, beside none importing."""
    db = folder / "served-importing.db"
    add_accounts(db, 2)
    make = bundle_maker(folder)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    imports: list[float] = []
    with server(classwalk_server(db, port), env, port, folder / "served-importing.log") as process:
        say(f"serve: 1 observer for {seconds:g} s, no import ...")
        with write_waits(db) as quiet_waits:
            quiet, _memory = asyncio.run(observers_at_once(base, 1, seconds, process.pid, patience=PATIENCE))
        say(f"serve: 1 observer for {seconds:g} s while {BUNDLE_MB} MB bundles import ...")
        with write_waits(db) as busy_waits:
            busy, _memory = asyncio.run(observers_at_once(
                base, 1, seconds, process.pid,
                alongside=lambda until: import_bundles(base, make, until, imports), patience=PATIENCE))
    quiet_p99, busy_p99 = ms(percentile(quiet, 0.99)), ms(percentile(busy, 0.99))
    waits = [
        Result(benchmark="serve", measure=f"a small write (a draft) every 50 ms while {BUNDLE_MB} MB bundles import: "
               f"time to save it, {name} of {len(busy_waits)}", value=ms(pick(busy_waits)),
               baseline=ms(pick(quiet_waits)), baseline_name=f"same write, no import, {name} of {len(quiet_waits)}",
               unit="ms")
        for name, pick in (("p99", lambda found: percentile(found, 0.99)), ("longest", max))
    ]
    return [
        Result(benchmark="serve", measure=f"1 observer while {BUNDLE_MB} MB bundles import "
               f"({len(imports)} imported, median {median(imports) if imports else 0:.1f} s each): "
               f"Enter to note on screen, p99 of {len(busy)}",
               value=busy_p99, baseline=quiet_p99, baseline_name=f"same observer, no import, p99 of {len(quiet)}",
               unit="ms"),
        Result(benchmark="serve", measure=f"1 observer while {BUNDLE_MB} MB bundles import: Enter to note "
               f"on screen, median of {len(busy)}", value=ms(median(busy)), baseline=ms(median(quiet)),
               baseline_name="same observer, no import, median", unit="ms"),
        *waits,
    ]


async def bare_latency(base: str, samples: int) -> list[float]:
    """The bare app: a key that moves the table's cursor, to the frame that shows it."""
    import aiohttp

    latencies = []
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(base + f"/ws?width={SIZE['width']}&height={SIZE['height']}") as ws:
            await ws.send_json(["resize", SIZE])
            await _quiet(ws, 0.8)
            for number in range(samples):
                started = time.perf_counter()
                await _send(ws, "\x1b[B" if number % 2 == 0 else "\x1b[A")
                message = await asyncio.wait_for(ws.receive(), timeout=2.0)
                if isinstance(message.data, bytes):
                    latencies.append(time.perf_counter() - started)
                await _quiet(ws, 0.1)
            await _send(ws, "q")
            await _quiet(ws, 0.3, 3.0)
    return latencies


def ms(seconds: float) -> float:
    return seconds * 1000


def run(folder: Path, env: dict[str, str], runs: int, counts: tuple[int, ...], seconds: float) -> list[Result]:
    """Every figure of the serving benchmark (the page load is skipped without chromium)."""
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        raise ServeUnavailable("textual-serve is not installed (pip install -e '.[serve]')") from None
    db = folder / "served.db"
    add_accounts(db, 1)
    ours_port, bare_port = free_port(), free_port()
    ours_url, bare_url = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{bare_port}"
    results: list[Result] = []
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    with server(classwalk_server(db, ours_port), env, ours_port, folder / "served.log") as ours, \
            server(bare_server(bare_port), env, bare_port, folder / "bare-served.log") as bare:
        try:
            say(f"serve: page load, {runs} runs each in chromium ...")
            loads, bare_loads = page_loads(ours_url, bare_url, runs)
            results.append(Result(benchmark="serve", measure=f"page load to first screen, median of {runs}",
                                  value=ms(median(loads)), baseline=ms(median(bare_loads)),
                                  baseline_name="bare Textual app served", unit="ms"))
        except ServeUnavailable as error:
            say(f"serve: page load skipped ({error})")
        bare_samples = asyncio.run(bare_latency(bare_url, 60))
        bare_p99 = ms(percentile(bare_samples, 0.99))
        bare_memory = asyncio.run(bare_session_memory(bare_url, bare.pid))
        held = 0
        for count in counts:
            say(f"serve: {count} observer{'' if count == 1 else 's'} at once for {seconds:g} s ...")
            db = folder / f"served-{count}.db"  # each count on a fresh database and server
            add_accounts(db, count)
            port = free_port()
            try:
                with server(classwalk_server(db, port), env, port, folder / f"served-{count}.log") as fresh:
                    latencies, memory = asyncio.run(observers_at_once(f"http://127.0.0.1:{port}", count, seconds,
                                                                      fresh.pid))
            except RuntimeError as error:  # observers that could not even start a walk in a minute
                say(f"serve: {count} observers could not all start a walk within a minute ({error}): stopping here")
                break
            p99 = ms(percentile(latencies, 0.99))
            met = p99 <= FRAME_MS
            held = count if met else held
            who = f"{count} observer{'' if count == 1 else 's'}"
            results.append(Result(benchmark="serve", measure=f"{who}: Enter to note on screen, median of "
                                  f"{len(latencies)}", value=ms(median(latencies)),
                                  baseline=ms(median(bare_samples)), baseline_name="bare app, key to frame, median",
                                  unit="ms"))
            results.append(Result(benchmark="serve", measure=f"{who}: Enter to note on screen, p99 of {len(latencies)}",
                                  value=p99, baseline=bare_p99, baseline_name="bare app, key to frame, p99",
                                  unit="ms", target=f"p99 <= {FRAME_MS:g} ms", met=met))
            results.append(Result(benchmark="serve", measure=f"{who}: memory per observer", value=memory / count,
                                  baseline=bare_memory, baseline_name="bare app process", unit="MB"))
            if p99 > SATURATED_MS:  # the machine is saturated: more observers only wait longer
                break
        say(f"serve: p99 under one frame up to {held} observers at once")
    try:
        results += served_while_importing(folder, env, seconds, say)
    except RuntimeError as error:
        say(f"serve: served while importing skipped ({error})")
    return results


async def bare_session_memory(base: str, pid: int) -> float:
    """The bare app's process memory in MB with one session connected (the memory baseline)."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(base + f"/ws?width={SIZE['width']}&height={SIZE['height']}") as ws:
            await ws.send_json(["resize", SIZE])
            await _quiet(ws, 1.0)
            _processes, memory = descendants_rss_mb(pid)
            await _send(ws, "q")
            await _quiet(ws, 0.3, 3.0)
    return memory
