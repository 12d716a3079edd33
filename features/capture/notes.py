"""Changing saved notes: edit, delete and restore them, checked against the walk's protocol.

The store keeps every version (:meth:`Store.edit_evidence` keeps the one replaced as a
revision; :meth:`Store.delete_evidence` leaves a tombstone). This module is what the
screens and the command line call: it checks that new look-fors, student groups and a
mark belong to the protocol and the note's evidence kind, so an edit can never file a
note under something the protocol does not have.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from attrs import frozen

from classwalk.core.errors import ClasswalkError
from classwalk.core.records.model import Evidence


@frozen(kw_only=True)
class NoteVersion:
    """One version of a note, oldest first in :func:`note_history`: what it said and who wrote it."""

    text: str
    look_fors: tuple[str, ...]
    student_groups: tuple[str, ...]
    mark: str | None
    written_by: str
    written_at: dt.datetime
    current: bool
    sent_by: str = ""
    """For the version as it stands, when it arrived by import or sync: who sent it."""
    received_at: dt.datetime | None = None


def _protocol_of(classwalk, note: Evidence):
    walk = classwalk.store.get_walk(note.walk_id)
    return classwalk.protocols.find(walk.protocol_id)


def _check(protocol, note: Evidence, look_fors, student_groups, mark) -> None:
    if protocol is None:
        return  # the protocol is not installed here: nothing to check against
    for tag in look_fors or ():
        if protocol.look_for(tag) is None:
            raise ClasswalkError(f"look-for {tag!r} is not one of {protocol.name}'s look-fors")
    for group in student_groups or ():
        if protocol.student_group(group) is None:
            raise ClasswalkError(f"student group {group!r} is not one of {protocol.name}'s student groups")
    if mark:
        kind = protocol.evidence_kind(note.kind)
        marks = {m.id for m in kind.marks} if kind is not None else set()
        if mark not in marks:
            label = kind.label if kind is not None else note.kind
            raise ClasswalkError(f"mark {mark!r} is not a mark of {label!r} notes"
                                 + (f" (choose from {', '.join(sorted(marks))})" if marks else " (they take none)"))


def edit_note(classwalk, evidence_id: str, *, editor: str, text: str | None = None,
              look_fors: Iterable[str] | None = None, student_groups: Iterable[str] | None = None,
              mark: str | None = None) -> Evidence:
    """Edit a saved note as ``editor``; the version it replaces stays in its history."""
    store = classwalk.store
    note = store.get_evidence(evidence_id)
    look_fors = None if look_fors is None else tuple(look_fors)
    student_groups = None if student_groups is None else tuple(student_groups)
    _check(_protocol_of(classwalk, note), note, look_fors, student_groups, mark)
    return store.edit_evidence(evidence_id, editor=editor, text=text, look_fors=look_fors,
                               student_groups=student_groups, mark=mark)


def delete_note(classwalk, evidence_id: str, *, by: str) -> None:
    """Delete a note (a tombstone: :func:`restore_note` undoes it)."""
    classwalk.store.delete_evidence(evidence_id, by=by)


def restore_note(classwalk, evidence_id: str) -> None:
    classwalk.store.restore_evidence(evidence_id)


def note_history(classwalk, evidence_id: str) -> list[NoteVersion]:
    """Every version of a note, oldest first; the last is the note as it stands."""
    store = classwalk.store
    note = store.get_evidence(evidence_id)
    versions = [
        NoteVersion(text=r.text, look_fors=r.look_fors, student_groups=r.student_groups, mark=r.mark,
                    written_by=r.written_by, written_at=r.written_at, current=False)
        for r in store.evidence_revisions(evidence_id)
    ]
    versions.sort(key=lambda v: v.written_at)
    versions.append(NoteVersion(text=note.text, look_fors=note.look_fors, student_groups=note.student_groups,
                                mark=note.mark, written_by=note.written_by, written_at=note.written_at,
                                current=True, **_arrival(store, note.id)))
    return versions


def _arrival(store, evidence_id: str) -> dict:
    received = store.received("evidence", evidence_id)
    return {"sent_by": received.sent_by, "received_at": received.received_at} if received else {}
