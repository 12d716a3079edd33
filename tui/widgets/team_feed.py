"""Live team walks: the rest of the team's notes in this room appear within a second or two,
and so does a teammate leaving the room or the room being ended on another device.

The feed asks SQLite once a second whether another connection has committed (``PRAGMA
data_version``, no table read); only then does it read the room's notes and hand the
new ones to the screen.
"""

from __future__ import annotations

from typing import Callable

from textual.widget import Widget

from classwalk.features.team import data_version, room_evidence

POLL_SECONDS = 1.0


class TeamFeed(Widget):
    """Invisible: calls ``on_notes(notes)`` with the room's notes whenever the database changed."""

    DEFAULT_CSS = "TeamFeed { display: none; }"

    def __init__(self, store, visit, on_notes: Callable[[list], None], **kwargs):
        super().__init__(**kwargs)
        self.store = store
        self.visit = visit
        self.on_notes = on_notes
        self._version: int | None = None

    def on_mount(self) -> None:
        self._version = self._read_version()
        self.set_interval(POLL_SECONDS, self.poll)

    def _read_version(self) -> int | None:
        try:
            return data_version(self.store)
        except Exception:  # a closed or busy database: try again at the next tick
            return None

    def poll(self) -> None:
        """Hand over the room's notes if anyone else wrote to the database since the last look."""
        version = self._read_version()
        if version is None or version == self._version:
            return
        try:
            notes = room_evidence(self.store, self.visit)
        except Exception:  # keep the old view; the next change brings the notes
            return
        self._version = version
        self.on_notes(notes)


class TeamNotesMixin:
    """For the visit screen: a :class:`TeamFeed` that adds the team's notes to ``evidence_list``."""

    def team_feed(self) -> TeamFeed:
        return TeamFeed(self.app.classwalk.store, self.visit, self.show_team_notes, id="team-feed")

    def show_team_notes(self, notes: list) -> None:
        """Add the notes not shown yet; someone else's are marked with their name."""
        me = getattr(self.app, "active_observer", "") or ""
        self.evidence_list.merge([note for note in notes if not note.student_label], me)
        changed = getattr(self, "team_changed", None)
        if changed is not None:  # the screen looks whether its room ended or a teammate moved
            changed()
