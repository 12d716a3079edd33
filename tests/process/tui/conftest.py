"""The terminal UI tests' fixtures, for the ones here that start other processes."""

import pytest

from tests.support.terminal import Terminal
from tests.tui.conftest import app, frozen_clock, times_in_utc  # noqa: F401  (fixtures; times_in_utc is automatic)


@pytest.fixture
def terminal():
    """A tmux server of this test's own, ended after the test."""
    term = Terminal()
    yield term
    term.kill_server()
