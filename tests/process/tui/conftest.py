"""The terminal UI tests' fixtures, for the ones here that start other processes."""

from tests.tui.conftest import app, frozen_clock, times_in_utc  # noqa: F401  (fixtures; times_in_utc is automatic)
