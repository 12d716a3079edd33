"""Merging two copies of one note: edits, revisions and deletions made on different devices.

Two devices may hold the same note (a walk exported, imported elsewhere, then changed on
both). The merge keeps everything anyone typed and gives the same answer whichever way
round, and however often, it runs:

- Revisions are the union of both copies' revisions (by id).
- Text, look-fors, student groups and mark come from the copy that is ahead: the one
  whose history already holds the other's current version. When both were edited
  independently (each history may even hold the other's text, typed again), the later
  edit is shown (on a tie, the same one on both devices) and the other becomes a
  revision; the import also lists it with its other conflicts.
- Deleting and restoring are events: the later one wins (``deleted_at`` against
  ``restored_at``).
- A deletion never hides an edit the deleting device had not seen. Then the note stays
  visible, showing the edit, and ``conflict_note`` says who deleted it and when, so the
  team can delete it again if it should go. A principal would rather see a note twice
  than lose a colleague's correction.

Fields an edit cannot change (kind, visit, observer, time...) are never merged: when they
differ, this database's copy is kept and the import reports it. A revision is a kept
version and never changes: the bundle's copy of a revision this database already holds
with other content is named in ``tampered_revisions`` (the import refuses the bundle).
"""

from __future__ import annotations

import datetime as dt
import uuid

from attrs import evolve, frozen

from classwalk.core.records.model import Evidence, EvidenceRevision

REVISION_NAMESPACE = uuid.UUID("5f1d7c2e-8a43-4b6e-9d0f-2c7b1e9a4d68")
FIXED_FIELDS = ("walk_id", "visit_id", "kind", "observer", "captured_at", "student_label", "question_id",
                "attachment", "video_offset_seconds")


@frozen(kw_only=True)
class NoteMerge:
    """What merging an incoming copy into this database's copy gives."""

    note: Evidence
    new_revisions: tuple[EvidenceRevision, ...] = ()
    edited_on_both: bool = False
    incoming_won: bool = False
    """With ``edited_on_both``: whether the bundle's edit is the one shown."""
    deletion_set_aside: bool = False
    fixed_fields_differ: bool = False
    tampered_revisions: tuple[str, ...] = ()
    """Ids of the bundle's revisions this database holds with other content (a kept version never changes)."""

    def changes(self, local: Evidence) -> bool:
        return self.note != local or bool(self.new_revisions)


def _history(note: Evidence, revisions) -> set[tuple]:
    return {note.content()} | {revision.content() for revision in revisions}


def revision_of(note: Evidence, replaced_by: Evidence) -> EvidenceRevision:
    """``note``'s current version as a revision replaced by ``replaced_by``'s (same id each time)."""
    key = "\x1f".join((note.id, repr(note.content()), note.written_by, note.written_at.isoformat()))
    return EvidenceRevision(
        id=str(uuid.uuid5(REVISION_NAMESPACE, key)), evidence_id=note.id, walk_id=note.walk_id,
        text=note.text, look_fors=note.look_fors, student_groups=note.student_groups, mark=note.mark,
        written_by=note.written_by, written_at=note.written_at,
        replaced_by=replaced_by.written_by, replaced_at=replaced_by.written_at,
    )




def _edit_order(note: Evidence) -> tuple:
    """Which of two independent edits is shown: the later, and on a tie the same one on every device."""
    return (note.written_at, note.written_by, repr(note.content()))


def _latest(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def _content_of(source: Evidence, into: Evidence) -> Evidence:
    return evolve(into, text=source.text, look_fors=source.look_fors, student_groups=source.student_groups,
                  mark=source.mark, edited_at=source.edited_at, edited_by=source.edited_by)


def merge_note(local: Evidence, local_revisions: list[EvidenceRevision],
               incoming: Evidence, incoming_revisions: list[EvidenceRevision]) -> NoteMerge:
    """This database's copy of a note merged with a bundle's copy of the same note."""
    fixed_differ = any(getattr(local, name) != getattr(incoming, name) for name in FIXED_FIELDS)
    known = {revision.id: revision for revision in local_revisions}
    new_revisions = [revision for revision in incoming_revisions if revision.id not in known]
    tampered = tuple(revision.id for revision in incoming_revisions
                     if revision.id in known and known[revision.id] != revision)
    local_history = _history(local, local_revisions)
    incoming_history = _history(incoming, incoming_revisions)
    note, edited_on_both, incoming_won = local, False, False
    local_ahead = incoming.content() in local_history
    incoming_ahead = local.content() in incoming_history
    if local.content() == incoming.content() or (local_ahead and not incoming_ahead):
        pass  # the same text, or this database is ahead
    elif incoming_ahead and not local_ahead:
        note = _content_of(incoming, local)  # the bundle is ahead
    else:  # edited on both devices: show the later edit, keep the other as a revision
        edited_on_both = True
        incoming_won = _edit_order(incoming) > _edit_order(local)
        winner, loser = (incoming, local) if incoming_won else (local, incoming)
        note = _content_of(winner, local)
        extra = revision_of(loser, winner)
        if extra.id not in known and all(r.id != extra.id for r in new_revisions):
            new_revisions.append(extra)
    note = evolve(note, conflict_note=local.conflict_note or incoming.conflict_note)
    note, set_aside = _deletion(local, local_history, incoming, incoming_history, note)
    return NoteMerge(note=note, new_revisions=tuple(new_revisions), edited_on_both=edited_on_both,
                     incoming_won=incoming_won, deletion_set_aside=set_aside, fixed_fields_differ=fixed_differ,
                     tampered_revisions=tampered)


def _deletion(local: Evidence, local_history: set, incoming: Evidence, incoming_history: set,
              note: Evidence) -> tuple[Evidence, bool]:
    """The merged note's deletion state, and whether a deletion was set aside for an unseen edit."""
    deleted_at = _latest(local.deleted_at, incoming.deleted_at)
    restored_at = _latest(local.restored_at, incoming.restored_at)
    if deleted_at is None or (restored_at is not None and restored_at >= deleted_at):
        return evolve(note, deleted_at=None, deleted_by="", restored_at=restored_at), False
    deleter, other = (local, incoming) if local.deleted_at == deleted_at else (incoming, local)
    deleter_history = local_history if deleter is local else incoming_history
    if other.deleted_at == deleted_at or other.content() in deleter_history:
        return evolve(note, deleted_at=deleted_at, deleted_by=deleter.deleted_by, restored_at=restored_at), False
    who = deleter.deleted_by or "an observer"
    when = deleted_at.strftime("%Y-%m-%d %H:%M UTC")
    editor = other.written_by or "an observer"
    message = (f"{who} deleted this note on another device ({when}) without seeing the change "
               f"{editor} made: kept so the change is not lost; delete it again if it should go")
    return evolve(note, deleted_at=None, deleted_by="", restored_at=deleted_at, conflict_note=message), True
