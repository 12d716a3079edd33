"""Peak memory of the terminal UI with a district's database open, against a bare app.

``classwalk`` runs in tmux on the district database until its home screen has listed
the walks; its peak resident memory (VmHWM) is read then, and again after a few
seconds in case a worker thread is still reading.
"""

from __future__ import annotations

import time
from pathlib import Path

from .bare_app import MARKER as BARE_MARKER
from .generate import school_name
from .startup import bare_command, classwalk_command
from .stats import Result
from .terminal import Terminal, peak_memory_mb

TARGET_MB = 150.0
SETTLE_SECONDS = 3.0


def _peak(terminal: Terminal, command: list[str], marker: str, env: dict) -> float:
    terminal.start(command, env)
    terminal.wait_for(marker, timeout=600)
    pid = terminal.pid()
    time.sleep(SETTLE_SECONDS)
    peak = peak_memory_mb(pid)
    terminal.stop_program()
    return peak


def run(db_path: Path, env: dict[str, str]) -> list[Result]:
    env = {**env, "CLASSWALK_DB": str(db_path)}
    with Terminal() as terminal:
        bare = _peak(terminal, bare_command(), BARE_MARKER, env)
        app = _peak(terminal, classwalk_command(), school_name(0)[:6], env)
    return [Result(
        benchmark="memory", measure="classwalk peak RSS, district database open",
        value=app, baseline=bare, baseline_name="bare Textual app", unit="MB",
        target=f"<= {TARGET_MB:g} MB", met=app <= TARGET_MB,
    )]
