"""Importing walk bundles: merging what several observers recorded on several devices.

A bundle is what ``classwalk export WALK --format json`` writes. Importing it is safe to
repeat (the same bundle twice changes nothing) and merges: two observers' bundles of one
walk become one walk with both observers' visits, evidence and names.

Nothing is silently replaced. When a record was edited differently on two devices, both
versions stay visible: a debrief response gets a second version beside the first (it
points back through ``conflict_of``); for every other record the newer version (by its
``updated_at``; this database's when there is no time to compare) stays live and the
other is kept (:mod:`.kept_versions`), listed by ``classwalk conflicts``. The summary
says, kind by kind, what conflicted.

Notes merge with their revisions and deletions as :mod:`.note_merge` says: an edit
made on one device never loses to an edit or a deletion made on another (the other
version becomes a revision; a deletion that never saw the edit is set aside and the
note flagged). A walk deleted in the bundle is deleted here too (``classwalk walks
undelete`` brings it back); a bundle of a walk deleted here adds what is new to it but
leaves it deleted.

A bundle is checked completely before anything is written (:mod:`.bundle_checks`). The
merge is then decided without holding the write lock, from one read snapshot, and written
in short transactions that first check the rows each record was decided from are
unchanged (else the rest is decided again), so an observer saving a note during a large
import waits a moment at most, and two imports of the same bundle at once cannot both
call one record new. A malformed, tampered or out-of-bounds bundle is refused with one
line and changes nothing; an import that fails part way puts back what it wrote.
"""

from __future__ import annotations

import json
import os
import stat
import uuid
from collections import Counter
from pathlib import Path

from attrs import define, evolve, field

from classwalk.core.convert import structure
from classwalk.core.records.names import composed_names
from classwalk.core.errors import ClasswalkError, UserDataError
from classwalk.core.records.model import (
    BUNDLE_VERSION, Cycle, DebriefResponse, Evidence, EvidenceRevision, Feedback, Observer, Visit, Walk,
    WalkBundle, now,
)
from classwalk.core.storage.store import TABLES, Store, _from_row
from classwalk.features.bundles.checks import (
    MAX_CLOCK_SKEW, DuplicateKey, load_json, missing_field_problems, number_problems, reference_problems,
    value_problems,
)
from classwalk.features.bundles.kept_versions import kept_version
from classwalk.features.bundles.merge_reads import Reads, row_key, under_key
from classwalk.features.bundles.merge_writes import BatchWriter, Stale
from classwalk.features.bundles.note_merge import merge_note
from classwalk.features.bundles.capture_checks import capture_problems

BUNDLE_FORMAT = "classwalk-walk"
BUNDLE_VERSIONS = (1, 2, BUNDLE_VERSION)
MAX_BUNDLE_BYTES = 64 * 1024 * 1024
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
    kept: Counter = field(factory=Counter)
    """(kind, reason) -> versions kept: ``"bundle"``'s version kept, or this database's ``"replaced"``."""
    deletions_set_aside: int = 0
    """Notes deleted on one device without seeing an edit made on the other: kept, flagged."""
    walk_deleted: bool = False

    @property
    def conflicts(self) -> int:
        """Records edited differently here and in the bundle (both versions kept)."""
        return sum(self.kept.values())

    @property
    def changed(self) -> bool:
        return bool(sum(self.added.values()) or sum(self.updated.values()) or self.conflicts
                    or self.walk_deleted)

    def summary(self) -> str:
        """A line for the command line, then one line per kind of record that conflicted."""
        parts = [f"walk {self.walk_id[:8]} ({'new' if self.new_walk else 'merged'})"]
        if self.added:
            parts.append("added " + ", ".join(f"{n} {k}" for k, n in sorted(self.added.items())))
        if self.updated:
            parts.append("updated " + ", ".join(f"{n} {k}" for k, n in sorted(self.updated.items())))
        if not self.changed:
            parts.append("nothing new: already imported")
        lines = ["; ".join(parts)]
        for what in sorted({what for what, _ in self.kept}):
            lines.append(f"  conflict: {self._conflict_line(what)}")
        if self.deletions_set_aside:
            lines.append(f"  conflict: {self.deletions_set_aside} note(s) deleted on one device without seeing "
                         "an edit made on the other: kept and flagged; delete again if they should go")
        if self.walk_deleted:
            lines.append("  the walk was deleted on the other device, so it is deleted here too "
                         f"('classwalk walks undelete {self.walk_id[:8]}' brings it back)")
        return "\n".join(lines)

    def _conflict_line(self, what: str) -> str:
        theirs, ours = self.kept[(what, "replaced")], self.kept[(what, "bundle")]
        total = theirs + ours
        if what == "debrief responses":
            return f"{total} {what} edited differently in the bundle: both versions are shown"
        sides = []
        if theirs:
            sides.append(f"the bundle's newer version is now live for {theirs}")
        if ours:
            sides.append(f"this database's version stays live for {ours}")
        return (f"{total} {what} edited differently in the bundle: {'; '.join(sides)}; "
                f"the other versions are kept (see 'classwalk conflicts {self.walk_id[:8]}')")


# reading and checking ---------------------------------------------------------


def read_bundle_file(path: Path) -> str:
    """The bundle's text, or a one-line error naming the file.

    Only a regular file of at most :data:`MAX_BUNDLE_BYTES` is read: a folder, a device
    (``/dev/zero``), a pipe or an oversized file is refused before reading starts.
    """
    source = str(path)
    limit_mb = MAX_BUNDLE_BYTES // (1024 * 1024)
    try:
        _check_regular(os.stat(path), source, limit_mb)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            _check_regular(os.fstat(handle.fileno()), source, limit_mb)
            data = handle.read(MAX_BUNDLE_BYTES + 1)
        if len(data) > MAX_BUNDLE_BYTES:
            raise UserDataError(source, [f"larger than {limit_mb} MB: not a walk bundle"])
        return data.decode("utf-8")
    except FileNotFoundError:
        raise ClasswalkError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise ClasswalkError(f"{source}: is a folder, not a bundle file") from None
    except PermissionError:
        raise ClasswalkError(f"{source}: permission denied") from None
    except UnicodeDecodeError:
        raise UserDataError(source, ["not UTF-8 text: not a walk bundle"]) from None
    except OSError as error:
        raise ClasswalkError(f"{source}: cannot be read ({error.strerror or error})") from None


def _check_regular(info: os.stat_result, source: str, limit_mb: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ClasswalkError(f"{source}: is a folder, not a bundle file")
    if not stat.S_ISREG(info.st_mode):
        raise UserDataError(source, ["not a regular file (a device, pipe or socket): not a walk bundle"])
    if info.st_size > MAX_BUNDLE_BYTES:
        raise UserDataError(source, [f"larger than {limit_mb} MB: not a walk bundle"])


def parse_bundle(text: str, source: str) -> WalkBundle:
    """A :class:`WalkBundle` from JSON text; every problem raises one :class:`UserDataError`."""
    try:
        data = load_json(text)
    except json.JSONDecodeError as error:
        raise UserDataError(source, [f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"]) from None
    except DuplicateKey as error:
        raise UserDataError(source, [f"the key {error.args[0]!r} appears twice in one object: not a walk bundle"]) from None
    except RecursionError:
        raise UserDataError(source, ["JSON nested too deeply: not a walk bundle"]) from None
    except ValueError as error:
        raise UserDataError(source, [str(error)]) from None
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
    numbers = number_problems(data) + missing_field_problems(data)
    if numbers:
        raise UserDataError(source, _shorten(numbers))
    try:
        return composed_names(structure(data, WalkBundle, source))  # "é" one way, whichever way typed
    except UserDataError as error:
        raise UserDataError(source, _shorten(error.problems)) from None


def _shorten(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_PROBLEMS_SHOWN:
        return problems
    return problems[:MAX_PROBLEMS_SHOWN] + [f"and {len(problems) - MAX_PROBLEMS_SHOWN} more problem(s)"]


def bundle_problems(bundle: WalkBundle, registry, at=None) -> list[str]:
    """Everything inconsistent inside a bundle: values, ids, references, protocol contents."""
    walk = bundle.walk
    problems: list[str] = value_problems(bundle, at or now())
    protocol = registry.find(walk.protocol_id)
    if protocol is None:
        problems.append(f"walk.protocol_id: unknown protocol {walk.protocol_id!r} (see 'classwalk protocols')")
    for name in ("visits", "evidence", "evidence_revisions", "debrief_responses", "next_steps", "feedback",
                 *CAPTURE_LISTS):
        repeated = [i for i, n in Counter(r.id for r in getattr(bundle, name)).items() if n > 1]
        if repeated:
            problems.append(f"{name}: id {repeated[0]} appears more than once")
    if bundle.cycle is not None and walk.cycle_id != bundle.cycle.id:
        problems.append(f"cycle.id: {bundle.cycle.id} is not the walk's cycle ({walk.cycle_id})")
    problems.extend(reference_problems(bundle, protocol))
    visit_ids = {visit.id for visit in bundle.visits}
    for name in ("visits", "evidence", "evidence_revisions", "debrief_responses", "next_steps", "received",
                 *CAPTURE_LISTS):
        for index, record in enumerate(getattr(bundle, name)):
            if record.walk_id != walk.id:
                problems.append(f"{name}[{index}].walk_id: {record.walk_id} is not this bundle's walk ({walk.id})")
    for index, item in enumerate(bundle.evidence):
        if item.visit_id is not None and item.visit_id not in visit_ids:
            problems.append(f"evidence[{index}].visit_id: {item.visit_id} is not a visit in this bundle")
        if protocol is not None:
            problems.extend(_evidence_problems(index, item, protocol))
    evidence_ids = {item.id for item in bundle.evidence}
    for index, revision in enumerate(bundle.evidence_revisions):
        if revision.evidence_id not in evidence_ids:
            problems.append(f"evidence_revisions[{index}].evidence_id: {revision.evidence_id} is not a note "
                            "in this bundle")
    for index, feedback in enumerate(bundle.feedback):
        if feedback.visit_id not in visit_ids:
            problems.append(f"feedback[{index}].visit_id: {feedback.visit_id} is not a visit in this bundle")
    for name in CAPTURE_LISTS:
        for index, record in enumerate(getattr(bundle, name)):
            if record.visit_id not in visit_ids:
                problems.append(f"{name}[{index}].visit_id: {record.visit_id} is not a visit in this bundle")
    if protocol is not None:
        problems.extend(capture_problems(bundle, protocol))
    return problems


CAPTURE_LISTS = ("interval_marks", "clock_events", "snapshot_counts", "item_answers")


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


@define
class MergeUnit:
    """One record of the bundle (a note with its revisions, a visit...) as the merge decided it."""

    key: tuple
    records: list
    kept: list
    reads: set
    result: ImportResult

    @property
    def writes(self) -> bool:
        return bool(self.records or self.kept)


class _Merge:
    """Decides, record by record, what an import writes; writes nothing itself.

    It reads through ``reads`` (:mod:`.merge_reads`), which remembers every row each
    decision was made from, so the writer can check, holding the write lock, that none
    changed since. The decisions are kept as :class:`MergeUnit` s in ``units``.
    """

    def __init__(self, reads: Reads, bundle: WalkBundle, source: str, at=None):
        self.reads, self.store, self.bundle, self.source = reads, reads.store, bundle, source
        self.records: list = []
        self.kept: list = []
        self.units: list[MergeUnit] = []
        self._kept_ids: set[str] = set()
        self.problems: list[str] = []
        self.at = at or now()
        self.result = ImportResult(walk_id=bundle.walk.id, new_walk=False)
        self._prefetch()
        self._unit(("walk", bundle.walk.id), lambda: self._walk(reads.local(Walk, bundle.walk.id)))
        self._unit(("cycle", bundle.walk.cycle_id), self._cycle)
        self.shared = set().union(*(unit.reads for unit in self.units))
        """What every decision depends on: the walk and its cycle as this database holds them."""
        for visit in bundle.visits:
            self._unit(("visit", visit.id), self._visit, visit)
        revisions: dict[str, list] = {}
        for revision in bundle.evidence_revisions:
            revisions.setdefault(revision.evidence_id, []).append(revision)
        for item in bundle.evidence:
            self._unit(("note", item.id), self._note, item, revisions.get(item.id, []))
        for response in bundle.debrief_responses:
            self._unit(("response", response.id), self._response, response)
        for name, what in (("next_steps", "next steps"), ("feedback", "feedback"),
                           ("interval_marks", "interval marks"), ("clock_events", "clock pauses and advances"),
                           ("snapshot_counts", "snapshot counts"), ("item_answers", "item answers")):
            for record in getattr(bundle, name):
                self._unit((name, record.id), self._record, record, what)
        self.result = _sum_results(bundle.walk.id, [unit.result for unit in self.units])

    def _prefetch(self) -> None:
        """Read every row the merge will look at in a few queries, not one by one."""
        bundle = self.bundle
        keys = [row_key(Walk, bundle.walk.id)]
        if bundle.walk.cycle_id:
            keys.append(row_key(Cycle, bundle.walk.cycle_id))
        for name in ("visits", "evidence", "evidence_revisions", "debrief_responses", "next_steps", "feedback",
                     *CAPTURE_LISTS):
            keys.extend(row_key(type(record), record.id) for record in getattr(bundle, name))
        keys.extend(under_key(EvidenceRevision, "evidence_id", item.id) for item in bundle.evidence)
        keys.extend(under_key(DebriefResponse, "conflict_of", response.id) for response in bundle.debrief_responses)
        self.reads.prefetch(keys)

    def _unit(self, key: tuple, decide, *args) -> None:
        self.records, self.kept = [], []
        self.result = ImportResult(walk_id=self.bundle.walk.id, new_walk=False)
        self.reads.take_used()
        decide(*args)
        self.units.append(MergeUnit(key=key, records=self.records, kept=self.kept, reads=self.reads.take_used(),
                                    result=self.result))

    def _add(self, record, what: str) -> None:
        self.records.append(record)
        self.result.added[what] += 1

    def _update(self, record, what: str) -> None:
        self.records.append(record)
        self.result.updated[what] += 1

    def _unchanged(self) -> None:
        self.result.unchanged += 1

    def _keep(self, record, what: str, reason: str) -> None:
        """Keep ``record`` as a version beside the live one (once per version)."""
        kept = kept_version(record, kind=TABLES[type(record)], walk_id=self.bundle.walk.id,
                            reason=reason, source=self.source)
        if kept.id in self._kept_ids or self.store.has_kept_version(kept.id):
            return
        self._kept_ids.add(kept.id)
        self.kept.append(kept)
        self.result.kept[(what, reason)] += 1

    def _newer(self, incoming, local) -> bool:
        """Whether ``incoming`` should replace ``local``: it has the later time, and
        this database's time is not itself from the future (a bundle's never is: checked)."""
        theirs, ours = getattr(incoming, "updated_at", None), getattr(local, "updated_at", None)
        if theirs is None or ours is None:
            return False
        return theirs > ours or ours > self.at + MAX_CLOCK_SKEW

    def _differs(self, local, incoming, what: str, live=None) -> None:
        """``local`` and ``incoming`` differ: the newer stays live, the other is kept."""
        if self._newer(incoming, local):
            self._update(live or incoming, what)
            self._keep(local, what, "replaced")
        else:
            if live is not None and live != local:
                self._update(live, what)
            self._keep(incoming, what, "bundle")

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
        deletion = {"deleted_at": local.deleted_at, "deleted_by": local.deleted_by}
        if incoming.deleted and not local.deleted:
            deletion = {"deleted_at": incoming.deleted_at, "deleted_by": incoming.deleted_by}
            self.result.walk_deleted = True
        if _walk_content(local) == _walk_content(incoming):
            if observers != local.observers or self.result.walk_deleted:
                self._update(evolve(local, observers=observers, **deletion, updated_at=now()), "walk")
            else:
                self._unchanged()
            return
        newer = self._newer(incoming, local)
        live = evolve(incoming if newer else local, observers=observers, **deletion)
        self._differs(local, incoming, "walk", live=live)

    def _cycle(self) -> None:
        walk, cycle = self.bundle.walk, self.bundle.cycle
        if walk.cycle_id is None:
            return
        local = self.reads.local(Cycle, walk.cycle_id)
        if local is not None and local.school != walk.school:
            self.problems.append(
                f"walk.cycle_id: cycle {local.id[:8]} ({local.name}) belongs to {local.school} in this "
                f"database; a walk at {walk.school} cannot join it"
            )
        elif cycle is None and local is None:
            self.problems.append(f"walk.cycle_id: cycle {walk.cycle_id} is neither in the bundle nor in this database")
        elif cycle is None or local == cycle:
            return
        elif local is None:
            self._add(cycle, "cycle")
        else:
            self._keep(cycle, "cycle", "bundle")

    def _owned_elsewhere(self, local, record, what: str) -> bool:
        link = "visit_id" if isinstance(record, Feedback) else "walk_id"
        if getattr(local, link) != getattr(record, link):
            self.problems.append(f"{what} {record.id}: already in this database under another {link[:-3]}")
            return True
        return False

    def _visit(self, visit: Visit) -> None:
        local = self.reads.local(Visit, visit.id)
        if local is None:
            self._add(visit, "visits")
        elif self._owned_elsewhere(local, visit, "visit"):
            return
        elif local == visit or (local.ended_at is not None and evolve(visit, ended_at=local.ended_at) == local):
            self._unchanged()
        elif local.ended_at is None and visit.ended_at is not None and evolve(local, ended_at=visit.ended_at) == visit:
            self._update(visit, "visits")
        else:
            self._keep(visit, "visits", "bundle")

    def _note(self, item: Evidence, revisions: list) -> None:
        """One note with its revisions: added, or merged with this database's copy (:mod:`.note_merge`)."""
        local = self.reads.local(Evidence, item.id)
        if local is None:
            self._add(item, "notes")
            self.records.extend(self._new_revisions(revisions))
            return
        if self._owned_elsewhere(local, item, "notes"):
            return
        local_revisions = self.reads.under(EvidenceRevision, "evidence_id", item.id,
                                           order=lambda r: (r.replaced_at, r.id))
        merged = merge_note(local, local_revisions, item, revisions)
        for revision_id in merged.tampered_revisions:
            self.problems.append(f"evidence_revisions {revision_id}: differs from this database's copy "
                                 "(a kept version of a note never changes)")
        if merged.fixed_fields_differ:
            self._keep(item, "notes", "bundle")
        if not merged.changes(local):
            if not merged.fixed_fields_differ:
                self._unchanged()
            return
        self.records.extend(self._new_revisions(merged.new_revisions))
        self._update(merged.note, "notes")
        if merged.edited_on_both:
            self._keep(local if merged.incoming_won else item, "notes",
                       "replaced" if merged.incoming_won else "bundle")
        self.result.deletions_set_aside += merged.deletion_set_aside

    def _new_revisions(self, revisions) -> list:
        """Revisions to add: an id this database already holds is never rewritten or moved.

        The same revision (same note, same content) is already here and is skipped; an
        id this database holds for another note or walk, or with other content, is a
        problem that refuses the whole bundle.
        """
        new = []
        for revision in revisions:
            local = self.reads.local(EvidenceRevision, revision.id)
            if local is None:
                new.append(revision)
            elif local.walk_id != revision.walk_id or local.evidence_id != revision.evidence_id:
                self._problem(f"evidence_revisions {revision.id}: already in this database under another "
                              f"{'walk' if local.walk_id != revision.walk_id else 'note'}")
            elif local != revision:
                self._problem(f"evidence_revisions {revision.id}: differs from this database's copy "
                              "(a kept version of a note never changes)")
        return new

    def _problem(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def _record(self, record, what: str) -> None:
        local = self.reads.local(type(record), record.id)
        if local is None:
            self._add(record, what)
        elif self._owned_elsewhere(local, record, what):
            return
        elif local == record:
            self._unchanged()
        else:
            self._differs(local, record, what)

    def _response(self, response: DebriefResponse) -> None:
        local = self.reads.local(DebriefResponse, response.id)
        if local is None:
            self._add(response, "debrief responses")
            return
        if self._owned_elsewhere(local, response, "debrief response"):
            return
        versions = [local] + self.reads.under(DebriefResponse, "conflict_of", response.id)
        if any(version.text == response.text for version in versions):
            self._unchanged()
            return
        copy = evolve(response, id=conflict_copy_id(response), conflict_of=response.id)
        self.records.append(copy)
        self.result.kept[("debrief responses", "bundle")] += 1


def _sum_results(walk_id: str, results: list[ImportResult]) -> ImportResult:
    """One result for the whole import from the results of its units."""
    total = ImportResult(walk_id=walk_id, new_walk=any(result.added["walk"] for result in results))
    for result in results:
        total.added.update(result.added)
        total.updated.update(result.updated)
        total.kept.update(result.kept)
        total.unchanged += result.unchanged
        total.deletions_set_aside += result.deletions_set_aside
        total.walk_deleted = total.walk_deleted or result.walk_deleted
    return total


def _walk_content(walk: Walk) -> Walk:
    """The walk without what merging settles on its own (observers, last change, deletion)."""
    return evolve(walk, observers=(), updated_at=walk.created_at, deleted_at=None, deleted_by="")


def sender_problems(store: Store, bundle: WalkBundle, account) -> list[str]:
    """Why ``account`` (a server account: login, observer, school) may not send this walk.

    An account sends only walks it is an observer of (as this database knows the walk,
    or as the bundle names it when the walk is new here), and only its school's when it
    is limited to one. Notes of teammates in a walk it observes are accepted: a walk
    recorded on one shared device carries them.
    """
    walk = bundle.walk
    if account.school and walk.school != account.school:
        return [f"account {account.login} is limited to {account.school}: this walk is at another school"]
    local = _local(store, Walk, walk.id)
    names = {observer.name for observer in (local or walk).observers}
    if account.observer not in names:
        return [f"account {account.login}: {account.observer} is not an observer of walk {walk.id[:8]}; "
                "only a walk's observers send it"]
    return []


MAX_PREPARATIONS = 4
"""Times an import prepares its merge again when the database changed under it, before it
prepares and writes the rest holding the write lock throughout."""


def import_bundle(classwalk, text: str, source: str, *, account=None, sent_by: str = "") -> ImportResult:
    """Check ``text`` fully, decide the merge from a snapshot, then write it in short batches.

    Nothing waits on a write lock while the bundle is parsed, checked and merged: the
    merge is decided from one read snapshot of the database (:mod:`.merge_reads`), then
    written a few records per short transaction (:mod:`.merge_writes`), each checking
    first that the rows its records were decided from have not changed; when one has,
    the rest is prepared again. A refused or failed import changes nothing.

    ``account`` is the server account sending it (``classwalk sync``): it must be an
    observer of the walk (:func:`sender_problems`). Every record written keeps who sent
    it (the account's login, else ``sent_by``) and when (:class:`Received`).
    """
    bundle = parse_bundle(text, source)
    problems = bundle_problems(bundle, classwalk.protocols)
    if problems:
        raise UserDataError(source, _shorten(problems))
    store = classwalk.store
    at = now()
    writer = BatchWriter(store, bundle.walk.id, account.login if account is not None else sent_by, source)
    try:
        if store.db.conn.in_transaction:  # inside a caller's transaction: nobody else can write anyway
            merge = _prepared(store, bundle, source, account, at)
            writer.write(merge, at, pause=False)
        else:
            merge = _prepare_and_write(store, bundle, source, account, at, writer)
    except BaseException:
        writer.undo()
        raise
    return _sum_results(bundle.walk.id, [writer.done.get(unit.key, unit.result) for unit in merge.units])


def _prepare_and_write(store: Store, bundle: WalkBundle, source: str, account, at, writer: BatchWriter) -> _Merge:
    for _attempt in range(MAX_PREPARATIONS):
        conn = store.db.conn
        conn.execute("BEGIN")  # one read snapshot: every decision sees the same moment
        try:
            merge = _prepared(store, bundle, source, account, at)
        finally:
            conn.execute("ROLLBACK")  # nothing was written
        try:
            writer.write(merge, at)
            return merge
        except Stale:
            continue
    with store.transaction():  # changed under it again and again: decide and write the rest holding the lock
        merge = _prepared(store, bundle, source, account, at)
        writer.write(merge, at, pause=False)
    return merge


def _prepared(store: Store, bundle: WalkBundle, source: str, account, at) -> _Merge:
    """The merge of ``bundle`` decided from the database as it is; refused with its problems."""
    if account is not None:
        refused = sender_problems(store, bundle, account)
        if refused:
            raise UserDataError(source, refused)
    merge = _Merge(Reads(store), bundle, source, at)
    if merge.problems:
        raise UserDataError(source, _shorten(merge.problems))
    return merge


def import_file(classwalk, path: Path, *, sent_by: str = "") -> ImportResult:
    """Import the bundle in ``path`` (``sent_by``: who is importing it, if known)."""
    return import_bundle(classwalk, read_bundle_file(Path(path)), str(path), sent_by=sent_by)
