"""A served classwalk in a real browser: ``classwalk serve`` on a free port, Debian's chromium
driven by Playwright, and the served terminal UI read back from the bytes it sends."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.support.network import free_port

CHROMIUM_NAMES = ("chromium", "chromium-browser")


def chromium_path() -> str | None:
    configured = os.environ.get("CLASSWALK_CHROMIUM")
    if configured:
        return configured
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def need_browser() -> str:
    """Chromium's path, or skip the test saying why."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it where it can")
    return path


@contextlib.contextmanager
def served(db_path: Path, *args: str):
    """``classwalk serve`` on a free port of this machine, until the block ends."""
    port = free_port()
    log = db_path.with_name("serve.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "classwalk.tui", "--db", str(db_path), "serve",
                                "--port", str(port), *args], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the server did not start: " + db_path.with_name("serve.log").read_text())
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def browser(executable: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable,
                                              args=["--no-sandbox", "--disable-gpu"])
        try:
            yield instance
        finally:
            instance.close()


def wait_until(condition, seconds: float = 20.0, what: str = "the condition"):
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


class TerminalScreen:
    """What the served UI shows, rebuilt from the bytes it sends to the page.

    A small terminal: enough of the escape sequences Textual writes (cursor moves, erases;
    colours and modes are skipped) to tell which text is in which cell, so a test can
    click or tap where a word is drawn.
    """

    def __init__(self, columns: int = 80, rows: int = 24):
        self.columns, self.rows = columns, rows
        self.cells = [[" "] * columns for _ in range(rows)]
        self.row = self.column = 0
        self._pending = ""
        import codecs

        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")  # a character may span two messages

    def resize(self, columns: int, rows: int) -> None:
        self.columns, self.rows = columns, rows
        self.cells = [[" "] * columns for _ in range(rows)]
        self.row = self.column = 0

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        self._pending = ""
        index = 0
        while index < len(text):
            char = text[index]
            if char == "\x1b":
                end = self._escape(text, index)
                if end is None:  # the sequence goes on in the next message
                    self._pending = text[index:]
                    return
                index = end
                continue
            if char == "\r":
                self.column = 0
            elif char == "\n":
                self.row = min(self.rows - 1, self.row + 1)
            elif char == "\b":
                self.column = max(0, self.column - 1)
            elif char >= " ":
                self._put(char)
            index += 1

    def _put(self, char: str) -> None:
        import unicodedata

        if unicodedata.combining(char):
            return
        if 0 <= self.row < self.rows and 0 <= self.column < self.columns:
            self.cells[self.row][self.column] = char
        self.column += 2 if unicodedata.east_asian_width(char) in "WF" else 1

    def _escape(self, text: str, start: int) -> int | None:
        if start + 1 >= len(text):
            return None
        kind = text[start + 1]
        if kind == "[":
            index = start + 2
            while index < len(text) and not ("\x40" <= text[index] <= "\x7e"):
                index += 1
            if index >= len(text):
                return None
            self._csi(text[start + 2:index], text[index])
            return index + 1
        if kind in "]P_^":  # OSC, DCS and the like: up to BEL or ESC \
            for index in range(start + 2, len(text)):
                if text[index] == "\x07":
                    return index + 1
                if text[index] == "\x1b" and index + 1 < len(text) and text[index + 1] == "\\":
                    return index + 2
            return None
        return start + 2

    def _csi(self, params: str, final: str) -> None:
        if params.startswith("?") or params.startswith(">"):
            return
        numbers = [int(part) if part.isdigit() else 0 for part in params.split(";")] if params else []
        first = (numbers[0] if numbers else 0) or 1
        if final in "Hf":
            self.row = ((numbers[0] if numbers else 1) or 1) - 1
            self.column = ((numbers[1] if len(numbers) > 1 else 1) or 1) - 1
        elif final == "A":
            self.row = max(0, self.row - first)
        elif final == "B":
            self.row = min(self.rows - 1, self.row + first)
        elif final == "C":
            self.column += first
        elif final == "D":
            self.column = max(0, self.column - first)
        elif final == "G":
            self.column = first - 1
        elif final == "d":
            self.row = first - 1
        elif final == "J" and (numbers[:1] or [0])[0] == 2:
            self.cells = [[" "] * self.columns for _ in range(self.rows)]
        elif final == "K":
            line = self.cells[self.row] if 0 <= self.row < self.rows else None
            if line is not None:
                for column in range(self.column, self.columns):
                    line[column] = " "

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.cells]

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines())

    def find(self, text: str, *, last_row: bool = False) -> tuple[int, int] | None:
        """(row, column) where ``text`` starts (the lowest row with ``last_row``), or None."""
        rows = range(self.rows - 1, -1, -1) if last_row else range(self.rows)
        for row in rows:
            column = "".join(self.cells[row]).find(text)
            if column >= 0:
                return row, column
        return None


class ServedPage:
    """A logged-in browser page and the screen its UI draws, for clicking and tapping on words."""

    def __init__(self, page):
        import json

        self.page = page
        self.screen = TerminalScreen()
        self.sent: list[str] = []

        def on_socket(socket):
            if not socket.url.split("?")[0].endswith("/ws"):
                return

            def sent(payload):
                if isinstance(payload, str):
                    self.sent.append(payload)
                    message = json.loads(payload)
                    if message[0] == "resize":
                        self.screen.resize(message[1]["width"], message[1]["height"])

            socket.on("framesent", sent)
            socket.on("framereceived", lambda payload: self.screen.feed(payload)
                      if isinstance(payload, bytes) else None)

        page.on("websocket", on_socket)

    def wait_for_text(self, text: str, seconds: float = 30.0, *, gone: bool = False) -> None:
        deadline = time.monotonic() + seconds
        while (text in self.screen.text()) == gone:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} {'still' if gone else 'not'} on screen:\n{self.screen.text()}")
            self.page.wait_for_timeout(200)  # Playwright delivers the frames while it waits

    def point(self, text: str, *, last_row: bool = False) -> tuple[float, float]:
        """The middle of the first cell of ``text`` on screen, in page pixels."""
        deadline = time.monotonic() + 30  # a busy machine may draw the footer late
        found = self.screen.find(text, last_row=last_row)
        while found is None and time.monotonic() < deadline:
            self.page.wait_for_timeout(200)
            found = self.screen.find(text, last_row=last_row)
        assert found is not None, f"{text!r} is not on screen:\n{self.screen.text()}"
        row, column = found
        box = self.page.locator(".xterm-screen").bounding_box()
        width, height = box["width"] / self.screen.columns, box["height"] / self.screen.rows
        return box["x"] + (column + 0.5) * width, box["y"] + (row + 0.5) * height

    def click(self, text: str, **where) -> None:
        self.page.mouse.click(*self.point(text, **where))

    def tap(self, text: str, **where) -> None:
        self.page.touchscreen.tap(*self.point(text, **where))
