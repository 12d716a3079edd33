"""Shared fixtures: every test runs away from the user's real config and database."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from classwalk.api import Classwalk
from tests.support.cli import run_child


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    """Point every classwalk location (and HOME/XDG) at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("CLASSWALK_DB", str(home / "classwalk.db"))
    monkeypatch.setenv("CLASSWALK_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", "")
    monkeypatch.delenv("CLASSWALK_LOAD_PLUGINS", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "walks.db"


@pytest.fixture
def classwalk(db_path):
    """A Classwalk on a fresh database, closed after the test."""
    instance = Classwalk(db_path=db_path)
    yield instance
    instance.close()


@pytest.fixture
def today() -> dt.date:
    return dt.date(2026, 11, 23)


@pytest.fixture
def child_env(isolated_environment) -> dict[str, str]:
    """The environment for a child process: this test's isolated locations, unbuffered."""
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture
def classwalk_child(child_env):
    """``classwalk_child(*args, timeout=60)``: ``classwalk ARGS`` in a child process with
    ``child_env`` (change that dict to change the child's environment); a CompletedProcess."""

    def start(*args, timeout: float = 60):
        return run_child(*args, env=child_env, timeout=timeout)

    return start
