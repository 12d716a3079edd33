"""Importing walk bundles: merging what several observers recorded on several devices.

A bundle is what ``classwalk export WALK --format json`` writes. Importing it is safe to
repeat (the same bundle twice changes nothing) and merges: two observers' bundles of one
walk become one walk with both observers' visits, evidence and names. When the same
debrief response was edited differently on two devices, both versions are kept (the
second points at the first through ``conflict_of``); nothing is silently dropped.

A bundle is checked completely before anything is written, then written in one
transaction: a malformed or tampered bundle is refused with one line and changes nothing.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from pathlib import Path

from attrs import define, evolve, field

from classwalk.core.convert import structure
from classwalk.core.errors import ClasswalkError, UserDataError
from classwalk.core.model import (
    Cycle, DebriefResponse, Evidence, Feedback, Observer, Visit, Walk, WalkBundle, now,
)
from classwalk.core.store import TABLES, Store, _from_row

BUNDLE_FORMAT = "classwalk-walk"
BUNDLE_VERSIONS = (1,)
MAX_BUNDLE_BYTES = 256 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 5
CONFLICT_NAMESPACE = uuid.UUID("0b7f9a52-3c1d-4e8f-a6b2-5d9c8e7f1a30")


@define(kw_only=True)
class ImportResult:
    """What an import did, by kind of record."""

    walk_id: str
    new_walk: bool
    added: Counter = field(factory=Counter)
    updated: Counter = field(factory=Counter)
    unchanged: int = 0
    kept_local: Counter = field(factory=Counter)
    conflicts: int = 0

    @property
    def changed(self) -> bool:
        return bool(sum(self.added.values()) or sum(self.updated.values()))

    def summary(self) -> str:
        """One line for the command line."""
        parts = [f"walk {self.walk_id[:8]} ({'new' if self.new_walk else 'merged'})"]
        if self.added:
            parts.append("added " + ", ".join(f"{n} {k}" for k, n in sorted(self.added.items())))
        if self.updated:
            parts.append("updated " + ", ".join(f"{n} {k}" for k, n in sorted(self.updated.items())))
        if self.conflicts:
            parts.append(f"{self.conflicts} debrief response(s) edited differently elsewhere: both versions kept")
        if self.kept_local:
            parts.append("kept this database's copy of " + ", ".join(
                f"{n} {k}" for k, n in sorted(self.kept_local.items())) + " that differ in the bundle")
        if not self.changed:
            parts.append("nothing new: already imported")
        return "; ".join(parts)


# reading and checking ---------------------------------------------------------


def read_bundle_file(path: Path) -> str:
    """The bundle's text, or a one-line error naming the file."""
    source = str(path)
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise UserDataError(source, [f"larger than {MAX_BUNDLE_BYTES // (1024 * 1024)} MB: not a walk bundle"])
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ClasswalkError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise ClasswalkError(f"{source}: is a folder, not a bundle file") from None
    except PermissionError:
        raise ClasswalkError(f"{source}: permission denied") from None
    except UnicodeDecodeError:
        raise UserDataError(source, ["not UTF-8 text: not a walk bundle"]) from None


def parse_bundle(text: str, source: str) -> WalkBundle:
    """A :class:`WalkBundle` from JSON text; every problem raises one :class:`UserDataError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserDataError(source, [f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"]) from None
    except RecursionError:
        raise UserDataError(source, ["JSON nested too deeply: not a walk bundle"]) from None
    if not isinstance(data, dict):
        raise UserDataError(source, ["not a walk bundle (expected a JSON object at the top level)"])
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise UserDataError(source, ["holds text that is not valid Unicode (a lone surrogate such as \\ud800)"]) from None
    if data.get("format") != BUNDLE_FORMAT:
        raise UserDataError(source, [f"format: expected {BUNDLE_FORMAT!r}, got {data.get('format')!r}"])
    version = data.get("format_version")
    if version not in BUNDLE_VERSIONS or isinstance(version, bool):
        raise UserDataError(source, [
            f"format_version: this classwalk reads version {', '.join(map(str, BUNDLE_VERSIONS))}, got {version!r}"
        ])
    try:
        return structure(data, WalkBundle, source)
    except UserDataError as error:
        raise UserDataError(source, _shorten(error.problems)) from None


def _shorten(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_PROBLEMS_SHOWN:
        return problems
    return problems[:MAX_PROBLEMS_SHOWN] + [f"and {len(problems) - MAX_PROBLEMS_SHOWN} more problem(s)"]


def bundle_problems(bundle: WalkBundle, registry) -> list[str]:
    """Everything inconsistent inside a bundle: ids, walk links, protocol contents."""
    walk = bundle.walk
    problems: list[str] = []
    protocol = registry.find(walk.protocol_id)
    if protocol is None:
        problems.append(f"walk.protocol_id: unknown protocol {walk.protocol_id!r} (see 'classwalk protocols')")
    for name in ("visits", "evidence", "debrief_responses", "next_steps", "feedback"):
        repeated = [i for i, n in Counter(r.id for r in getattr(bundle, name)).items() if n > 1]
        if repeated:
            problems.append(f"{name}: id {repeated[0]} appears more than once")
    if bundle.cycle is not None and walk.cycle_id != bundle.cycle.id:
        problems.append(f"cycle.id: {bundle.cycle.id} is not the walk's cycle ({walk.cycle_id})")
    visit_ids = {visit.id for visit in bundle.visits}
    for name in ("visits", "evidence", "debrief_responses", "next_steps"):
        for index, record in enumerate(getattr(bundle, name)):
            if record.walk_id != walk.id:
                problems.append(f"{name}[{index}].walk_id: {record.walk_id} is not this bundle's walk ({walk.id})")
    for index, item in enumerate(bundle.evidence):
        if item.visit_id is not None and item.visit_id not in visit_ids:
            problems.append(f"evidence[{index}].visit_id: {item.visit_id} is not a visit in this bundle")
        if protocol is not None:
            problems.extend(_evidence_problems(index, item, protocol))
    for index, feedback in enumerate(bundle.feedback):
        if feedback.visit_id not in visit_ids:
            problems.append(f"feedback[{index}].visit_id: {feedback.visit_id} is not a visit in this bundle")
    return problems


def _evidence_problems(index: int, item: Evidence, protocol) -> list[str]:
    problems = []
    if protocol.evidence_kind(item.kind) is None:
        problems.append(f"evidence[{index}].kind: {item.kind!r} is not an evidence kind of {protocol.id}")
    for tag in item.look_fors:
        if protocol.look_for(tag) is None:
            problems.append(f"evidence[{index}].look_fors: {tag!r} is not a look-for of {protocol.id}")
    for group in item.student_groups:
        if protocol.student_group(group) is None:
            problems.append(f"evidence[{index}].student_groups: {group!r} is not a student group of {protocol.id}")
    return problems


# merging ----------------------------------------------------------------------


def _local(store: Store, cls: type, record_id: str):
    rows = list(store.db[TABLES[cls]].rows_where("id = ?", [record_id], limit=1))
    return _from_row(rows[0], cls) if rows else None


def _merge_observers(local: tuple[Observer, ...], incoming: tuple[Observer, ...]) -> tuple[Observer, ...]:
    names = {observer.name for observer in local}
    return tuple(local) + tuple(o for o in incoming if o.name not in names)


def conflict_copy_id(response: DebriefResponse) -> str:
    """The id of the second version kept for ``response`` (the same for the same text)."""
    key = "\x1f".join((response.id, response.text, response.author, response.updated_at.isoformat()))
    return str(uuid.uuid5(CONFLICT_NAMESPACE, key))


class _Merge:
    """Decides, record by record, what an import writes; writes nothing itself."""

    def __init__(self, store: Store, bundle: WalkBundle, source: str):
        self.store, self.bundle, self.source = store, bundle, source
        self.records: list = []
        self.problems: list[str] = []
        local_walk = _local(store, Walk, bundle.walk.id)
        self.result = ImportResult(walk_id=bundle.walk.id, new_walk=local_walk is None)
        self._walk(local_walk)
        if bundle.cycle is not None and _local(store, Cycle, bundle.cycle.id) is None:
            self._add(bundle.cycle, "cycle")
        for visit in bundle.visits:
            self._visit(visit)
        for item in bundle.evidence:
            self._plain(item, "notes")
        for response in bundle.debrief_responses:
            self._response(response)
        for step in bundle.next_steps:
            self._latest(step, "next steps")
        for feedback in bundle.feedback:
            self._latest(feedback, "feedback")

    def _add(self, record, what: str) -> None:
        self.records.append(record)
        self.result.added[what] += 1

    def _update(self, record, what: str) -> None:
        self.records.append(record)
        self.result.updated[what] += 1

    def _unchanged(self) -> None:
        self.result.unchanged += 1

    def _walk(self, local: Walk | None) -> None:
        incoming = self.bundle.walk
        if local is None:
            self._add(incoming, "walk")
            return
        for name in ("protocol_id", "school", "date"):
            if getattr(local, name) != getattr(incoming, name):
                self.problems.append(
                    f"walk.{name}: this database's walk {local.id[:8]} has {getattr(local, name)!s}, "
                    f"the bundle {getattr(incoming, name)!s}: not the same walk"
                )
        observers = _merge_observers(local.observers, incoming.observers)
        if observers != local.observers:
            self._update(evolve(local, observers=observers, updated_at=now()), "walk")
        else:
            self._unchanged()

    def _owned_elsewhere(self, local, record, what: str) -> bool:
        link = "visit_id" if isinstance(record, Feedback) else "walk_id"
        if getattr(local, link) != getattr(record, link):
            self.problems.append(f"{what} {record.id}: already in this database under another {link[:-3]}")
            return True
        return False

    def _visit(self, visit: Visit) -> None:
        local = _local(self.store, Visit, visit.id)
        if local is None:
            self._add(visit, "visits")
        elif self._owned_elsewhere(local, visit, "visit"):
            return
        elif local == visit:
            self._unchanged()
        elif local.ended_at is None and visit.ended_at is not None and evolve(local, ended_at=visit.ended_at) == visit:
            self._update(visit, "visits")
        else:
            self.result.kept_local["visits"] += 1

    def _plain(self, record, what: str) -> None:
        local = _local(self.store, type(record), record.id)
        if local is None:
            self._add(record, what)
        elif self._owned_elsewhere(local, record, what):
            return
        elif local == record:
            self._unchanged()
        else:
            self.result.kept_local[what] += 1

    def _latest(self, record, what: str) -> None:
        local = _local(self.store, type(record), record.id)
        if local is None:
            self._add(record, what)
        elif self._owned_elsewhere(local, record, what):
            return
        elif local == record:
            self._unchanged()
        elif local.updated_at >= record.updated_at:
            self.result.kept_local[what] += 1
        else:
            self._update(record, what)

    def _response(self, response: DebriefResponse) -> None:
        local = _local(self.store, DebriefResponse, response.id)
        if local is None:
            self._add(response, "debrief responses")
            return
        if self._owned_elsewhere(local, response, "debrief response"):
            return
        versions = [local] + self.store._where(DebriefResponse, "conflict_of = ?", [response.id])
        if any(version.text == response.text for version in versions):
            self._unchanged()
            return
        copy = evolve(response, id=conflict_copy_id(response), conflict_of=response.id)
        self._add(copy, "debrief responses")
        self.result.conflicts += 1


def import_bundle(classwalk, text: str, source: str) -> ImportResult:
    """Check ``text`` fully, then merge it into the database in one transaction."""
    bundle = parse_bundle(text, source)
    problems = bundle_problems(bundle, classwalk.protocols)
    if problems:
        raise UserDataError(source, _shorten(problems))
    store = classwalk.store
    merge = _Merge(store, bundle, source)
    if merge.problems:
        raise UserDataError(source, _shorten(merge.problems))
    if merge.records:
        store.save_many(merge.records)
    return merge.result


def import_file(classwalk, path: Path) -> ImportResult:
    """Import the bundle in ``path``."""
    return import_bundle(classwalk, read_bundle_file(Path(path)), str(path))
