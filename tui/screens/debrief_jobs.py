"""The debrief screen's database work: jobs for the app's database thread.

Each job is ``job(door, *args)``: ``door`` is the scoped :class:`classwalk.Classwalk` the
app's data object (:mod:`classwalk.tui.database`) hands it on its database thread, so
jobs run one at a time in the order they were queued and every read and write is checked
against the run's scope in the door.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from attrs import evolve

from classwalk.features.debriefs import cycles
from classwalk.features.outputs import localtime
from classwalk.features.capture import notes
from classwalk.features.reports.calibration import walk_calibration
from classwalk.features.debriefs.debrief import DebriefView, response_id  # noqa: F401  (the screen's)
from classwalk.core.errors import ClasswalkError
from classwalk.core.storage.files import write_new_file
from classwalk.core.records.model import DebriefResponse, Evidence, NextStep, Walk
from classwalk.core.records.patterns import Pattern
from classwalk.features.reports.walk import changes_pattern

EXPORT_SUFFIXES = {"json": ".json", "csv": ".csv", "md": ".md"}


def report_patterns(door, walk: Walk) -> list[Pattern]:
    """What the reports add for one walk: change since the cycle's last walk (if in scope), observer agreement."""
    patterns = []
    previous = door.previous_walk(walk)
    if previous is not None:
        patterns.append(changes_pattern(cycles.look_for_changes(door, walk, previous),
                                        previous.date.isoformat()))
    patterns += [pattern for pattern in walk_calibration(door, walk.id) if pattern.rows]
    return patterns


def load_debrief(door, walk_id: str) -> DebriefView:
    """The walk's debrief view: core, plugin and report patterns."""
    walk = door.walk(walk_id)
    view = door.debrief(walk)
    known = {pattern.id for pattern in view.patterns}
    extra = [p for p in report_patterns(door, walk) if p.id not in known]
    return evolve(view, patterns=(*view.patterns, *extra)) if extra else view


def walk_notes(door, walk_id: str) -> list[Evidence]:
    """The walk's notes as they stand (deleted ones left out)."""
    return door.evidence(walk_id)


def edit_note_text(door, evidence_id: str, text: str, editor: str) -> Evidence:
    return door.edit_evidence(evidence_id, editor=editor, text=text)


def delete_note(door, evidence_id: str, by: str) -> None:
    door.delete_evidence(evidence_id, by=by)


def restore_note(door, evidence_id: str) -> None:
    door.restore_evidence(evidence_id)


def note_history_lines(door, evidence_id: str) -> list[str]:
    """Every version of a note, oldest first, as lines saying when and by whom each was written."""
    note = door.note(evidence_id)  # in scope, or NotFound
    versions = notes.note_history(door, note.id)
    lines = ["Versions of this note, oldest first:" if len(versions) > 1
             else "One version (Enter edits it; the old text is kept here):"]
    for version in versions:
        state = "now" if version.current else "was"
        who = version.written_by or "an observer"
        lines.append(f"{state} · {localtime.stamp(version.written_at)} · {who}: {' '.join(version.text.split())}")
    if note.conflict_note:
        lines.append(f"kept by an import: {note.conflict_note}")
    return lines


def responses(door, walk_id: str) -> list[DebriefResponse]:
    return door.responses(walk_id)


def save_response(door, response: DebriefResponse) -> None:
    """Write an answer as typed so far: committed without waiting for the disk (it survives the
    program being killed; the next ordinary write makes it survive a power cut too)."""
    door.keep_answer(response, fast=True)


def save_next_step(door, step: NextStep) -> None:
    door.keep_next_step(step)


def delete_next_step(door, step_id: str, walk_id: str) -> None:
    door.delete_next_step(step_id, walk_id)


def next_steps(door, walk_id: str) -> list[NextStep]:
    return door.next_steps(walk_id)


def step_draft_key(walk_id: str, author: str = ""):
    """The draft of ``author``'s next-step form in this walk, on this device (theirs alone)."""
    from classwalk.core.records.model import Draft
    from classwalk.core.storage.paths import this_device

    return Draft(slot="next-step", walk_id=walk_id, observer=author, device=this_device())


def save_step_draft(door, walk_id: str, fields: dict[str, str], author: str = "") -> None:
    """Keep a next step typed but not saved yet (an empty form clears it); a fast commit."""
    door.save_draft(step_draft_key(walk_id, author), json.dumps(fields) if fields else "", durable=False)


def load_step_draft(door, walk_id: str, author: str = "") -> dict[str, str]:
    """The next step ``author`` left unsaved in this walk's debrief, if any."""
    text = door.draft(step_draft_key(walk_id, author))
    try:
        fields = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(fields, dict):
        return {}
    return {str(key): str(value) for key, value in fields.items()}


def set_name_rooms(door, walk_id: str, name_rooms: bool) -> Walk:
    """Save whether the walk's debrief names classrooms; returns the saved walk."""
    return door.set_name_rooms(walk_id, name_rooms)


def set_walk_status(door, walk_id: str, status: str) -> Walk:
    return door.set_walk_status(walk_id, status)


def export_file_name(walk: Walk, fmt: str) -> str:
    """school-date.ext, with anything but letters and digits turned into dashes."""
    school = re.sub(r"[^\w]+", "-", walk.school.lower()).strip("-_") or "walk"
    return f"{school[:60]}-{walk.date.isoformat()}{EXPORT_SUFFIXES[fmt]}"


def write_private(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` to a new owner-only file in ``folder``, whole or not at all; never overwrite one."""
    stem, suffix = os.path.splitext(name)
    for number in range(1, 1000):
        path = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
        try:
            return write_new_file(path, text)
        except FileExistsError:
            continue
    raise ClasswalkError(f"{folder}: too many exports named {name}")


def export_to_folder(door, walk_id: str, fmt: str, folder: Path) -> Path:
    """Export the walk as ``fmt`` into ``folder``; returns the path written."""
    walk = door.walk(walk_id)
    text = door.export(walk, fmt)
    return write_private(folder, export_file_name(walk, fmt), text)

