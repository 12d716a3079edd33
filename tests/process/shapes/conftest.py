"""Fixtures for coding lessons in a real terminal: a tmux window of 80x24, a lesson walk stored."""

from __future__ import annotations

import datetime as dt

import pytest

from classwalk.core.records.model import Observer, Walk
from classwalk.core.storage.store import Store
from tests.support.terminal import Terminal


@pytest.fixture
def terminal():
    term = Terminal(80, 24)
    yield term
    term.kill_server()


@pytest.fixture
def lesson_db(tmp_path):
    """A database holding today's lesson_intervals walk at Hillside High, Ana observing: (path, walk)."""
    db = tmp_path / "walks.db"
    with Store(db) as store:
        walk = Walk(protocol_id="lesson_intervals", school="Hillside High", date=dt.date.today(),
                    observers=(Observer(name="Ana"),))
        store.save_walk(walk)
    return db, walk
