"""Peak memory of the terminal UI with a district's database open, against a bare app.

``classwalk`` runs in tmux on the district database until its home screen has listed
the walks; its peak resident memory (VmHWM) is read then, and again after a few
seconds in case a worker thread is still reading. How long the listing took is
reported too, against the bare app's first screen.
"""

from __future__ import annotations

import time
from pathlib import Path

from .bare_app import MARKER as BARE_MARKER
from .generate import school_name
from .startup import bare_command, classwalk_command
from .stats import Result, ms
from .terminal import Terminal, peak_memory_mb

TARGET_MB = 150.0
LISTED_MARKER = "· " + school_name(0)[:-2]  # a walk line on the home screen: "... · School 07 · ..."
SETTLE_SECONDS = 3.0


def _peak(terminal: Terminal, command: list[str], marker: str, env: dict) -> tuple[float, float]:
    """Peak memory (MB) once ``marker`` shows and a moment later; seconds until it showed."""
    started = terminal.start(command, env)
    seen = terminal.wait_for(marker, timeout=600)
    pid = terminal.pid()
    time.sleep(SETTLE_SECONDS)
    peak = peak_memory_mb(pid)
    terminal.stop_program()
    return peak, seen - started


def run(db_path: Path, env: dict[str, str]) -> list[Result]:
    env = {**env, "CLASSWALK_DB": str(db_path)}
    with Terminal() as terminal:
        bare, bare_seconds = _peak(terminal, bare_command(), BARE_MARKER, env)
        app, app_seconds = _peak(terminal, classwalk_command(), LISTED_MARKER, env)
    return [
        Result(benchmark="memory", measure="classwalk peak RSS, district database open",
               value=app, baseline=bare, baseline_name="bare Textual app", unit="MB",
               target=f"<= {TARGET_MB:g} MB", met=app <= TARGET_MB),
        Result(benchmark="memory", measure="time until home lists the district's walks",
               value=ms(app_seconds), baseline=ms(bare_seconds),
               baseline_name="bare Textual app, first screen", unit="ms"),
    ]
