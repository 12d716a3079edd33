"""The debrief tests' fixtures, for the crash test that runs it in a child process."""

from tests.tui_debrief.conftest import times_in_utc, walk  # noqa: F401  (fixtures)
