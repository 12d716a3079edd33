"""The debrief screen's database work, done on one thread of its own.

SQLite connections belong to the thread that opened them, so the thread opens its own
store on the same database file. Jobs run one at a time in the order they were handed
over: a later save of a response can never be overtaken by an earlier one.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from attrs import evolve

from classwalk.features import cycles, localtime, notes
from classwalk.features.calibration import walk_calibration
from classwalk.features.debrief import DebriefView, build_debrief, response_id  # noqa: F401  (the screen's)
from classwalk.features.export import export_walk
from classwalk.core.errors import ClasswalkError
from classwalk.core.files import write_new_file
from classwalk.core.model import DebriefResponse, Evidence, NextStep, Walk, now
from classwalk.core.patterns import Pattern
from classwalk.features.reports.walk import changes_pattern
from classwalk.core.store import Store

EXPORT_SUFFIXES = {"json": ".json", "csv": ".csv", "md": ".md"}


class _ThreadClasswalk:
    """The program's Classwalk, seen through a store opened on the database thread."""

    def __init__(self, classwalk, store: Store):
        self._classwalk = classwalk
        self.store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._classwalk, name)


class DatabaseThread:
    """Runs jobs ``job(classwalk, *args)`` in order on one thread with its own connection."""

    def __init__(self, classwalk):
        self._classwalk = classwalk
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="classwalk-debrief")
        self._context: _ThreadClasswalk | None = None

    def _run(self, job: Callable, args: tuple) -> Any:
        if self._context is None:
            self._context = _ThreadClasswalk(self._classwalk, Store(self._classwalk.db_path))
        return job(self._context, *args)

    def submit(self, job: Callable, *args) -> Future:
        """Queue ``job``; the returned future holds its result or its error."""
        return self._executor.submit(self._run, job, args)

    async def run(self, job: Callable, *args) -> Any:
        """Run ``job`` on the database thread and wait for it without blocking the UI."""
        return await asyncio.wrap_future(self.submit(job, *args))

    async def drained(self) -> None:
        """Wait until every job queued so far has run."""
        await self.run(lambda classwalk: None)

    def close(self) -> None:
        """Finish every queued job, then close the thread's connection."""
        self._executor.submit(self._close_store)
        self._executor.shutdown(wait=True)

    def _close_store(self) -> None:
        if self._context is not None:
            self._context.store.close()
            self._context = None


def report_patterns(classwalk, walk: Walk) -> list[Pattern]:
    """What the reports add for one walk: change since the cycle's last walk, observer agreement."""
    patterns = []
    previous = cycles.previous_walk(classwalk.store, walk)
    if previous is not None:
        patterns.append(changes_pattern(cycles.look_for_changes(classwalk, walk, previous),
                                        previous.date.isoformat()))
    patterns += [pattern for pattern in walk_calibration(classwalk, walk.id) if pattern.rows]
    return patterns


def load_debrief(classwalk, walk_id: str) -> DebriefView:
    """The walk's debrief view: core, plugin and report patterns."""
    walk = classwalk.store.get_walk(walk_id)
    view = build_debrief(classwalk, walk)
    known = {pattern.id for pattern in view.patterns}
    extra = [p for p in report_patterns(classwalk, walk) if p.id not in known]
    return evolve(view, patterns=(*view.patterns, *extra)) if extra else view


def walk_notes(classwalk, walk_id: str) -> list[Evidence]:
    """The walk's notes as they stand (deleted ones left out)."""
    return classwalk.store.evidence_for_walk(walk_id)


def edit_note_text(classwalk, evidence_id: str, text: str, editor: str) -> Evidence:
    return notes.edit_note(classwalk, evidence_id, editor=editor, text=text)


def delete_note(classwalk, evidence_id: str, by: str) -> None:
    notes.delete_note(classwalk, evidence_id, by=by)


def restore_note(classwalk, evidence_id: str) -> None:
    notes.restore_note(classwalk, evidence_id)


def note_history_lines(classwalk, evidence_id: str) -> list[str]:
    """Every version of a note, oldest first, as lines saying when and by whom each was written."""
    versions = notes.note_history(classwalk, evidence_id)
    lines = ["Versions of this note, oldest first:" if len(versions) > 1
             else "One version (Enter edits it; the old text is kept here):"]
    for version in versions:
        state = "now" if version.current else "was"
        who = version.written_by or "an observer"
        lines.append(f"{state} · {localtime.stamp(version.written_at)} · {who}: {' '.join(version.text.split())}")
    note = classwalk.store.get_evidence(evidence_id)
    if note.conflict_note:
        lines.append(f"kept by an import: {note.conflict_note}")
    return lines


def responses(classwalk, walk_id: str) -> list[DebriefResponse]:
    return classwalk.store.responses_for_walk(walk_id)


def save_response(classwalk, response: DebriefResponse) -> None:
    """Write an answer as typed so far: committed without waiting for the disk (it survives the
    program being killed; the next ordinary write makes it survive a power cut too)."""
    connection = classwalk.store.db.conn
    fast = not connection.in_transaction
    if fast:
        connection.execute("PRAGMA synchronous = NORMAL")
    try:
        classwalk.store.save_response(response)
    finally:
        if fast:
            connection.execute("PRAGMA synchronous = FULL")


def save_next_step(classwalk, step: NextStep) -> None:
    classwalk.store.save_next_step(step)


def delete_next_step(classwalk, step_id: str) -> None:
    classwalk.store.delete_next_step(step_id)


def next_steps(classwalk, walk_id: str) -> list[NextStep]:
    return classwalk.store.next_steps_for_walk(walk_id)


def step_draft_key(walk_id: str, author: str = ""):
    """The draft of ``author``'s next-step form in this walk, on this device (theirs alone)."""
    from classwalk.core.model import Draft
    from classwalk.core.paths import this_device

    return Draft(slot="next-step", walk_id=walk_id, observer=author, device=this_device())


def save_step_draft(classwalk, walk_id: str, fields: dict[str, str], author: str = "") -> None:
    """Keep a next step typed but not saved yet (an empty form clears it); a fast commit."""
    classwalk.store.save_draft(step_draft_key(walk_id, author), json.dumps(fields) if fields else "", durable=False)


def load_step_draft(classwalk, walk_id: str, author: str = "") -> dict[str, str]:
    """The next step ``author`` left unsaved in this walk's debrief, if any."""
    text = classwalk.store.get_draft(step_draft_key(walk_id, author))
    try:
        fields = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(fields, dict):
        return {}
    return {str(key): str(value) for key, value in fields.items()}


def set_name_rooms(classwalk, walk_id: str, name_rooms: bool) -> Walk:
    """Save whether the walk's debrief names classrooms; returns the saved walk."""
    walk = evolve(classwalk.store.get_walk(walk_id), name_rooms=name_rooms, updated_at=now())
    classwalk.store.save_walk(walk)
    return walk


def set_walk_status(classwalk, walk_id: str, status: str) -> Walk:
    return classwalk.store.set_walk_status(walk_id, status)


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


def export_to_folder(classwalk, walk_id: str, fmt: str, folder: Path) -> Path:
    """Export the walk as ``fmt`` into ``folder``; returns the path written."""
    walk = classwalk.store.get_walk(walk_id)
    text = export_walk(classwalk, walk_id, fmt)
    return write_private(folder, export_file_name(walk, fmt), text)

