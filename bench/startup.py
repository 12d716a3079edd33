"""Time to first screen of ``classwalk`` in a real terminal, against a bare Textual app.

Both run in the same tmux pane (120×40), alternately, several times; the time is from
starting the program to its first screen's marker text showing in the pane.
"""

from __future__ import annotations

import sys

from .bare_app import MARKER as BARE_MARKER
from .stats import Result, median, ms
from .terminal import Terminal

HOME_MARKER = "Recent walks"
TARGET_RATIO = 1.3


def classwalk_command() -> list[str]:
    return [sys.executable, "-m", "classwalk.tui"]


def bare_command() -> list[str]:
    return [sys.executable, "-m", "bench.bare_app"]


def first_screen_seconds(terminal: Terminal, command: list[str], marker: str, env: dict) -> float:
    started = terminal.start(command, env)
    seen = terminal.wait_for(marker)
    terminal.stop_program()
    return seen - started


def run(env: dict[str, str], runs: int) -> list[Result]:
    """Median time to first screen of each, alternating, after one warm-up of each."""
    classwalk_times, bare_times = [], []
    with Terminal() as terminal:
        first_screen_seconds(terminal, bare_command(), BARE_MARKER, env)
        first_screen_seconds(terminal, classwalk_command(), HOME_MARKER, env)
        for _ in range(runs):
            bare_times.append(first_screen_seconds(terminal, bare_command(), BARE_MARKER, env))
            classwalk_times.append(first_screen_seconds(terminal, classwalk_command(), HOME_MARKER, env))
    value, baseline = ms(median(classwalk_times)), ms(median(bare_times))
    return [Result(
        benchmark="startup", measure=f"classwalk to first screen (tmux 120x40), median of {runs}",
        value=value, baseline=baseline, baseline_name="bare Textual app",
        unit="ms", target=f"<= {TARGET_RATIO:g}x bare app", met=value / baseline <= TARGET_RATIO,
    )]
