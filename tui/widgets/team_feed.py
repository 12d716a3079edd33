"""Live team walks: the rest of the team's notes in this room appear within a second or two,
and so does a teammate leaving the room or the room being ended on another device.

The feed asks SQLite once a second whether another connection has committed (``PRAGMA
data_version``, no table read); only then does it read the room's notes and hand them
to the screen, which adds the new ones, shows teammates' edits and takes away the
notes someone deleted. The screen's first look (when it opens, or after a reload)
brings the room's notes too.
"""

from __future__ import annotations

from typing import Callable

from textual.widget import Widget


POLL_SECONDS = 1.0


class TeamFeed(Widget):
    """Invisible: calls ``on_notes(notes)`` with the room's notes whenever the database changed."""

    DEFAULT_CSS = "TeamFeed { display: none; }"

    def __init__(self, door, visit, on_notes: Callable[[list], None], **kwargs):
        super().__init__(**kwargs)
        self.door = door
        """The app's scoped :class:`classwalk.Classwalk` (on the app's connection)."""
        self.visit = visit
        self.on_notes = on_notes
        self._version: int | None = None

    def on_mount(self) -> None:
        self._version = None  # the first look reads the room's notes (teammates' in other visits too)
        self.call_after_refresh(self.poll)
        self.set_interval(POLL_SECONDS, self.poll)

    def _read_version(self) -> int | None:
        try:
            return self.door.data_version()
        except Exception:  # a closed or busy database: try again at the next tick
            return None

    def poll(self) -> None:
        """Hand over the room's notes if anyone else wrote to the database since the last look."""
        version = self._read_version()
        if version is None or version == self._version:
            return
        try:
            notes = self.door.room_notes(self.visit)
        except Exception:  # keep the old view; the next change brings the notes
            return
        self._version = version
        self.on_notes(notes)


class TeamNotesMixin:
    """For the visit screen: a :class:`TeamFeed` that keeps ``evidence_list`` in step with the team."""

    def team_feed(self) -> TeamFeed:
        from classwalk.tui.database import app_data

        return TeamFeed(app_data(self.app).now, self.visit, self.show_team_notes, id="team-feed")

    def show_team_notes(self, notes: list) -> None:
        """Add the notes not shown yet (someone else's marked with their name), show the edits
        made elsewhere and take away the notes deleted elsewhere."""
        me = getattr(self.app, "active_observer", "") or ""
        notes = [note for note in notes if not note.student_label]
        listing = self.evidence_list
        current = {note.id: note for note in notes}
        editing = getattr(self, "editing", None)
        editing_id = getattr(editing, "id", None)
        for entry in listing.entries:
            shown = entry.evidence
            note = current.get(shown.id)
            if shown.id == editing_id:
                continue  # the note being edited here stays as it is until this edit is done
            if note is None:
                listing.drop(shown.id)
            elif note != shown:
                listing.replace(note)
        self._keep_items(current)
        listing.merge(notes, me)
        changed = getattr(self, "team_changed", None)
        if changed is not None:  # the screen looks whether its room ended or a teammate moved
            changed()

    def _keep_items(self, current: dict) -> None:
        """The screen's own list of this visit's notes follows the same edits and deletions."""
        items = getattr(self, "items", None)
        if items is None:
            return
        kept = []
        for item in items:
            if item.student_label:
                kept.append(item)
            elif item.id in current:
                kept.append(current[item.id])
        self.items = kept
