"""The drafts of a room: the note line and the set-up of the next note, per observer and device.

Each is a typed :class:`~classwalk.core.records.model.Draft` (slot ``note`` or ``visit-state``),
written through the scoped door (:class:`classwalk.Classwalk`) on every change, so a
walk interrupted at any moment reopens exactly where it was. A write the database
refuses is remembered and tried again; words are never replaced by other words (a draft
carried into another room is joined to what waits there).
"""

from __future__ import annotations

from classwalk.core.records.model import Draft, Visit
from classwalk.core.storage.paths import this_device
from classwalk.core.errors import error_line

DURABLE_AFTER = 0.3  # seconds of no typing before a draft is also flushed to the disk itself


def note_key(visit: Visit, observer: str | None = None) -> Draft:
    """The draft of ``observer``'s note line in ``visit`` on this device (theirs alone)."""
    return Draft(slot="note", walk_id=visit.walk_id, subject=visit.id,
                 observer=visit.observer if observer is None else observer, device=this_device())


def state_key(visit: Visit, observer: str | None = None) -> Draft:
    """The draft of ``observer``'s tags, kind and interview in ``visit`` on this device."""
    return Draft(slot="visit-state", walk_id=visit.walk_id, subject=visit.id,
                 observer=visit.observer if observer is None else observer, device=this_device())


def joined(waiting: str, typed: str) -> str:
    """``typed`` added after the words ``waiting`` in a line: neither replaces the other
    (words already at the end of the line, a repeat, are not added twice)."""
    if not waiting.strip():
        return typed
    if not typed.strip() or waiting.rstrip().endswith(typed.strip()):
        return waiting
    return f"{waiting.rstrip()} {typed.strip()}"


class RoomDrafts:
    """One room's drafts for whoever types now (``typist``), through ``door``."""

    def __init__(self, door, visit: Visit, typist: str):
        self.door = door
        self.visit = visit
        self.typist = typist
        self.written: str | None = None  # the note line as last written
        self.note_failed = False  # the last note-line write was refused: try again
        self.state_failed = False  # the last set-up write was refused: try again

    @property
    def note(self) -> Draft:
        return note_key(self.visit, self.typist)

    def take_up(self, typist: str, *, quiet: bool = False) -> str:
        """``typist`` types from now on: their note line as kept ("" if none; with ``quiet``, also if unreadable)."""
        self.typist = typist
        try:
            text = self.door.draft(self.note)
        except Exception:
            if not quiet:
                raise
            text = ""  # the old words stay in the database; the line starts empty
        self.written = text
        return text

    def set_up(self, observer: str) -> str:
        """``observer``'s set-up of the next note in this room, as written (JSON, "" if none)."""
        return self.door.draft(state_key(self.visit, observer))

    def keep_line(self, text: str) -> tuple[str, str | None]:
        """Write the note line as it is now (a fast upsert): ("same" | "written" | "refused", news).

        Unchanged text is not written again. A refusal is said once (the news) and
        remembered, so the next call writes it again; the first write after one says
        nothing was lost.
        """
        if text == self.written and not self.note_failed:
            return "same", None
        try:
            self.door.save_draft(self.note, text, durable=False)
        except Exception as error:  # the words stay in the line; the next call tries again
            first = not self.note_failed
            self.note_failed = True
            news = (f"Draft not written ({error_line(error)}): the note stays in the line; "
                    "trying again.") if first else None
            return "refused", news
        news = "Written again: nothing was lost." if self.note_failed else None
        self.note_failed = False
        self.written = text
        return "written", news

    def sync_line(self) -> None:
        """After a pause in typing: the line once more, waiting for the disk (safe from a power cut)."""
        if self.written and not self.note_failed:
            try:
                self.door.save_draft(self.note, self.written)
            except Exception:  # the fast copy is written; the next change or retry tries again
                pass

    def keep_set_up(self, state_json: str) -> str | None:
        """Write the set-up of the next note; returns the line to show if the database refused it."""
        try:
            self.door.save_draft(state_key(self.visit, self.typist), state_json)
        except Exception as error:  # kept in memory, written again by the retry
            self.state_failed = True
            return f"Tags and kind not written ({error_line(error)}); kept here, trying again."
        self.state_failed = False
        return None


def carry_over(door, typed: str, typist: str, left: Visit, now_in: Visit) -> bool:
    """Move words typed in ``left`` to ``typist``'s line in ``now_in``, after any words waiting there.

    True when moved; False (the words stay as the draft of the room they were typed in)
    if the database refused.
    """
    try:
        waiting = door.draft(note_key(now_in, typist))
        door.save_draft(note_key(now_in, typist), joined(waiting, typed))
        door.clear_draft(note_key(left, typist))
    except Exception:
        return False
    return True


__all__ = ["RoomDrafts", "carry_over", "joined", "note_key", "state_key"]
