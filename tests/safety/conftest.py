"""Fixtures for the crash-safety and bad-input tests: child processes on the test's files."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.fixture
def child_env(isolated_environment) -> dict[str, str]:
    """The environment for a child process: the test's isolated locations, unbuffered."""
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture
def run_cli(child_env):
    """Run ``classwalk ARGS...`` in a child process; returns the CompletedProcess."""

    def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "classwalk.tui", *map(str, args)]
        return subprocess.run(command, env=child_env, capture_output=True, text=True, timeout=timeout)

    return run
