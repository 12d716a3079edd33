"""Driving the capture page as a tablet does: touch, a real keyboard only where one is typed."""

from __future__ import annotations

import contextlib

import classwalk
from tests.support.browser import wait_until
from tests.support.server import PASSWORD

SIZES = {"phone": (390, 844), "tablet": (768, 1024), "landscape": (1024, 768)}


@contextlib.contextmanager
def touch_page(instance, size: str = "tablet", service_workers: str = "allow"):
    """A new browser context with touch, at one of the sizes the page is made for."""
    width, height = SIZES[size]
    context = instance.new_context(viewport={"width": width, "height": height}, has_touch=True,
                                   is_mobile=width < 600, device_scale_factor=1, service_workers=service_workers)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    try:
        yield page
    finally:
        context.close()


def log_in(page, base: str, login: str = "ana", password: str = PASSWORD) -> None:
    page.goto(base + "/capture/")
    page.fill("#login", login)
    page.fill("#password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").tap()


def tap(page, name: str, role: str = "button", exact: bool = True) -> None:
    page.get_by_role(role, name=name, exact=exact).tap()


def start_walk(page, protocol_name: str, **fields: str) -> str:
    """Tap the protocol, fill the form's fields (id -> text), start; returns the walk id."""
    page.get_by_role("link", name=protocol_name).tap()
    page.wait_for_selector("form[action='/capture/new']")
    for field_id, value in fields.items():
        page.fill(f"#{field_id}", value)
    with page.expect_navigation():
        tap(page, "Start the walk")
    page.wait_for_selector("#choose-room")
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def open_walk(page, base: str, walk_id: str) -> None:
    page.goto(f"{base}/capture/walk/{walk_id}")
    page.wait_for_selector("#choose-room:not([hidden]), #visit:not([hidden])")


def enter_room(page, room: str) -> None:
    seen = page.locator(f"button.room[data-room='{room}']")
    if seen.count():
        seen.first.tap()
    else:
        page.fill("#room-name", room)
        tap(page, "Start visit")
    page.wait_for_selector("#visit:not([hidden])")


def write_note(page, text: str, look_fors=(), groups=()) -> None:
    for label in look_fors:
        page.locator("button.lookfor", has_text=label).first.tap()
    for label in groups:
        page.locator("button.group", has_text=label).first.tap()
    page.fill("#note", text)
    tap(page, "Save note")


def status(page) -> str:
    return page.locator("#status").inner_text()


def all_sent(page, seconds: float = 20) -> None:
    """Wait until the page says it is online with nothing waiting, and still says so a moment later."""
    import time

    def drained() -> bool:
        return "nothing waiting to send" in status(page) and status(page).startswith("online")

    def settled() -> bool:
        if not drained():
            return False
        time.sleep(0.6)
        return drained()

    wait_until(settled, seconds, what="the queue to drain")


def evidence(db_path, walk_id: str):
    with classwalk.open_db(db_path) as db:
        return db.evidence(walk_id)


def visits(db_path, walk_id: str):
    with classwalk.open_db(db_path) as db:
        return db.visits(walk_id)


def start_ilw_walk(page) -> str:
    return start_walk(page, "Tiered instructional learning walk", school="Maple Grove",
                      guiding_question="What do students do when the work gets hard?",
                      slice_description="Tier 2 reading block", observers="Ben Ode")


def answer(page, text: str) -> None:
    page.fill("#answer", text)
    page.get_by_role("button", name="Save answer", exact=True).tap()


def kept_offline(page) -> bool:
    """True once the service worker has kept this page for when the network is gone."""
    return page.evaluate("() => caches.keys().then(names => Promise.all(names.map(n => caches.open(n)"
                         ".then(c => c.match(location.href))))).then(found => found.some(Boolean))")


class RestartableServer:
    """``classwalk serve`` on one port that a test can stop (killed) and start again."""

    def __init__(self, db_path):
        from tests.support.network import free_port

        self.db_path = db_path
        self.port = free_port()
        self.process = None
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        import socket
        import subprocess
        import sys
        import time

        log = self.db_path.with_name("serve.log").open("a")
        self.process = subprocess.Popen([sys.executable, "-m", "classwalk.tui", "--db", str(self.db_path), "serve",
                                         "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("the server did not start: " + self.db_path.with_name("serve.log").read_text())
                time.sleep(0.1)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except Exception:
                self.process.kill()
                self.process.wait()
