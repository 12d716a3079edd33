"""A real terminal for the start-up and memory benchmarks: a private tmux server, 120×40.

Each program is started with ``respawn-pane`` in a session that already exists, so tmux's
own start-up is not counted; the screen is read with ``capture-pane`` until a marker
text appears.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path

WIDTH, HEIGHT = 120, 40


class TerminalUnavailable(RuntimeError):
    """tmux is not installed."""


class Terminal:
    """One tmux session on its own socket; one program at a time in its pane."""

    def __init__(self, name: str = f"classwalk-bench-{os.getpid()}"):
        if shutil.which("tmux") is None:
            raise TerminalUnavailable("tmux is not installed")
        self.socket = name
        self.session = "bench"
        self._tmux("new-session", "-d", "-s", self.session, "-x", str(WIDTH), "-y", str(HEIGHT), "sleep 600")
        self._tmux("set-option", "-t", self.session, "remain-on-exit", "on")

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True)
        return done.stdout

    def start(self, command: list[str], env: dict[str, str]) -> float:
        """Replace the pane's program with ``command``; returns the moment it was started."""
        settings = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        line = f"exec env {settings} TERM=xterm-256color {shlex.join(command)}"
        started = time.perf_counter()
        self._tmux("respawn-pane", "-k", "-t", self.session, line)
        return started

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, marker: str, timeout: float = 60.0) -> float:
        """Poll the screen until ``marker`` shows; the moment it was first seen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if marker in self.screen():
                return time.perf_counter()
            time.sleep(0.002)
        raise TimeoutError(f"{marker!r} did not appear within {timeout:g} s; the screen was:\n{self.screen()}")

    def pid(self) -> int:
        return int(self._tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").strip())

    def stop_program(self) -> None:
        self._tmux("respawn-pane", "-k", "-t", self.session, "sleep 600")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)

    def __enter__(self) -> "Terminal":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")
