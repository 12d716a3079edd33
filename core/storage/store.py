"""The observer's database: one SQLite file on their own machine, via sqlite-utils.

Every write commits at once (WAL, ``synchronous=FULL``), so a crash or a dead battery
loses nothing already entered. The file is created owner-only: it holds notes about
children and teachers.

Nothing an observer entered is removed: editing a note keeps the previous version as an
:class:`EvidenceRevision`, and deleting a note or a walk leaves a tombstone
(``deleted_at``) that can be undone. Listing methods leave tombstones out.
"""

from __future__ import annotations

import contextlib
import functools
import datetime as dt
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterable, TypeVar

import attrs
from attrs import evolve
from sqlite_utils import Database

from classwalk.core.convert import converter
from classwalk.core.storage.dbfile import DatabaseProblem, check_database_file, database_problem, tighten_permissions
from classwalk.core.errors import ClasswalkError, NotFound
from classwalk.core.storage.files import make_private_folder
from classwalk.core.escape import for_terminal
from classwalk.core.storage.migrations import apply_pending, migrations
from classwalk.core.records.capture import ClockEvent, IntervalMark, ItemAnswer, SnapshotCount
from classwalk.core.storage.capture_store import CaptureStore
from classwalk.core.records.model import (
    Cycle, DebriefResponse, Draft, Evidence, EvidenceRevision, Feedback, KeptVersion, NextStep, Received, Visit,
    Walk, WalkBundle,
)
from classwalk.core.clock import now

T = TypeVar("T")

TABLES: dict[type, str] = {
    Walk: "walks", Visit: "visits", Evidence: "evidence", Cycle: "cycles",
    DebriefResponse: "debrief_responses", NextStep: "next_steps", Feedback: "feedback",
    KeptVersion: "kept_versions",
    IntervalMark: "interval_marks", ClockEvent: "clock_events", SnapshotCount: "snapshot_counts",
    ItemAnswer: "item_answers",
    EvidenceRevision: "evidence_revisions",
}
JSON_COLUMNS = {"focus_categories", "slice", "observers", "look_fors", "student_groups"}
BOOL_COLUMNS = {"name_rooms", "ticked"}


def _to_row(record: Any) -> dict[str, Any]:
    row = converter.unstructure(record)
    for key, value in row.items():
        if key in JSON_COLUMNS:
            row[key] = None if value is None else json.dumps(value, ensure_ascii=False)
        elif key in BOOL_COLUMNS:
            row[key] = int(value)
    return row


@functools.cache
def _plain_defaults(cls: type) -> dict[str, Any]:
    """Fields of ``cls`` whose default is None or empty text: a row holding it can leave it out."""
    return {a.name: a.default for a in attrs.fields(cls) if a.default is None or a.default == ""}


def _from_row(row: dict[str, Any], cls: type[T]) -> T:
    data = {}
    defaults = _plain_defaults(cls)
    for key, value in row.items():
        if key in JSON_COLUMNS and value is not None:
            value = json.loads(value)
        elif key in BOOL_COLUMNS:
            value = bool(value)
        if value is None or (key in defaults and value == defaults[key] and type(value) is type(defaults[key])):
            continue  # the field's default (a column added later holds NULL in older rows)
        data[key] = value
    return converter.structure(data, cls)


def create_private_file(path: Path) -> None:
    """Create ``path`` owner-only (0600) if it does not exist yet (new folders 0700)."""
    make_private_folder(path.parent)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


BUSY_TIMEOUT_MS = 15000


def _retry_while_locked(action, attempts: int = 50):
    """Run ``action``, retrying briefly while another process holds the database."""
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.05 + attempt * 0.01)


def _draft_key(key: Draft | str) -> str:
    return key.key() if isinstance(key, Draft) else key


class Store(CaptureStore):
    """Read and write walk records in one SQLite database.

    Writes run in ``BEGIN IMMEDIATE`` transactions (:meth:`transaction`), so a write that
    meets another process's write waits for it (busy timeout) instead of failing.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._upsert_sql: dict[tuple, str] = {}
        self.evidence_check = None
        """Called with each note before it is written (a Classwalk checks it against the protocol)."""
        self.newer_schema: list[str] = []
        if self.path.is_dir():
            raise ClasswalkError(f"{for_terminal(self.path)}: is a folder, not a database file")
        try:
            create_private_file(self.path)
            # made owner-only if it was not; SQLite itself says if it is no database (reading the
            # header here would drop this process's locks held by other open stores)
            check_database_file(self.path, read_header=False)
            self.db = Database(self.path, execute_plugins=False)
            self.db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._open()
        except sqlite3.DatabaseError as error:
            raise (database_problem(self.path, error)
                   or ClasswalkError(f"{for_terminal(self.path)}: not a classwalk database ({error})")) from None
        except PermissionError:
            raise ClasswalkError(f"{for_terminal(self.path)}: permission denied: check the file's "
                                 "permissions and its folder's") from None
        tighten_permissions(self.path)  # the -wal and -shm files exist now

    def _open(self) -> None:
        """WAL, full sync, the schema brought up to date; a newer schema is opened read-only."""
        self.newer_schema = self._unknown_migrations()
        if self.newer_schema:
            self.db.conn.execute("PRAGMA query_only = ON")
            return
        _retry_while_locked(lambda: self.db.conn.execute("PRAGMA journal_mode = WAL"))
        self.db.conn.execute("PRAGMA synchronous = FULL")
        self.db.conn.execute("PRAGMA foreign_keys = ON")
        if migrations.pending(self.db):
            with self.transaction():
                apply_pending(self.db, self.path)
            self._compact_if_new()

    def _compact_if_new(self) -> None:
        """A new (still tiny) file gives back the pages its schema changes freed, so it starts
        compact; a grown database is left as it is (compacting it would take long)."""
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        if pages <= 256 and self.db.execute("PRAGMA freelist_count").fetchone()[0]:
            self.db.conn.execute("VACUUM")

    def _unknown_migrations(self) -> list[str]:
        """Migrations recorded in the file that this version does not know (a newer classwalk's)."""
        known = {migration.name for migration in migrations._migrations}
        return [m.name for m in migrations.applied(self.db) if m.name not in known]

    def _refuse_if_newer(self) -> None:
        if self.newer_schema:
            raise DatabaseProblem(
                f"{for_terminal(self.path)}: was last changed by a newer classwalk (it has "
                f"{for_terminal(', '.join(self.newer_schema))}); this version only reads it: update "
                "classwalk to change it"
            )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self):
        """A write transaction, taken at once (nested calls become savepoints)."""
        self._refuse_if_newer()
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        try:
            _retry_while_locked(lambda: self.db.conn.execute("BEGIN IMMEDIATE"))
        except sqlite3.DatabaseError as error:
            raise database_problem(self.path, error) or error from None
        try:
            yield self
        except sqlite3.DatabaseError as error:
            self._roll_back()
            problem = database_problem(self.path, error)
            if problem is None or isinstance(error, DatabaseProblem):
                raise
            raise problem from None
        except BaseException:
            self._roll_back()
            raise
        else:
            try:
                self.db.conn.execute("COMMIT")
            except sqlite3.DatabaseError as error:
                self._roll_back()
                raise database_problem(self.path, error) or error from None

    def _roll_back(self) -> None:
        if self.db.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.db.conn.execute("ROLLBACK")

    # generic -----------------------------------------------------------------

    def _upsert(self, table: str, row: dict[str, Any], key: str = "id") -> None:
        """Insert ``row`` or update the row with its key in place (update triggers fire)."""
        columns = tuple(row)
        sql = self._upsert_sql.get((table, columns))
        if sql is None:
            names = ", ".join(f"[{c}]" for c in columns)
            updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != key)
            sql = (f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' for _ in columns)}) "
                   f"ON CONFLICT ([{key}]) DO UPDATE SET {updates}")
            self._upsert_sql[(table, columns)] = sql
        self.db.conn.execute(sql, [row[c] for c in columns])

    def save(self, record: Any) -> None:
        """Insert or replace one record; committed on return."""
        with self.transaction():
            if isinstance(record, Evidence):
                self._write_evidence(record)
            else:
                self._upsert(TABLES[type(record)], _to_row(record))

    def save_many(self, records: Iterable[Any]) -> None:
        """Insert or replace several records in one transaction."""
        with self.transaction():
            for record in records:
                self.save(record)

    def _get(self, cls: type[T], record_id: str) -> T:
        rows = list(self.db[TABLES[cls]].rows_where("id = ?", [record_id]))
        if not rows:
            raise NotFound(f"no {TABLES[cls].rstrip('s')} with id {record_id}")
        return _from_row(rows[0], cls)

    def _where(self, cls: type[T], where: str, args: list, order_by: str | None = None) -> list[T]:
        return [
            _from_row(row, cls)
            for row in self.db[TABLES[cls]].rows_where(where, args, order_by=order_by)
        ]

    # walks -------------------------------------------------------------------

    def save_walk(self, walk: Walk) -> None:
        self.save(walk)

    def get_walk(self, walk_id: str) -> Walk:
        return self._get(Walk, walk_id)

    def find_walk(self, walk_ref: str, *, deleted: bool | None = False) -> Walk:
        """A walk by full id or by a unique id prefix (as the CLI accepts).

        Deleted walks are not found, unless ``deleted`` is true (then only deleted ones
        are) or None (either).
        """
        ref = walk_ref.strip().lower()
        if not ref:
            raise NotFound("no walk id given")
        state = {True: " AND deleted_at IS NOT NULL", False: " AND deleted_at IS NULL", None: ""}[deleted]
        rows = list(self.db["walks"].rows_where(
            f"id LIKE ?{state}", [ref.replace("%", "") + "%"], limit=2))
        if not rows:
            if deleted:
                raise NotFound(f"no deleted walk with id {walk_ref!r} (see 'classwalk walks --deleted')")
            if deleted is False and list(self.db["walks"].rows_where("id LIKE ? AND deleted_at IS NOT NULL",
                                                [ref.replace("%", "") + "%"], limit=1)):
                raise NotFound(f"walk {walk_ref!r} is deleted ('classwalk walks undelete {walk_ref}' brings it back)")
            raise NotFound(f"no walk with id {walk_ref!r} (see 'classwalk walks')")
        if len(rows) > 1:
            raise NotFound(f"walk id {walk_ref!r} is ambiguous: give more characters")
        return _from_row(rows[0], Walk)

    def list_walks(self, status: str | None = None, school: str | None = None,
                   limit: int | None = None) -> list[Walk]:
        """Walks, newest first, optionally of one status or school, at most ``limit``."""
        clauses, args = ["deleted_at IS NULL"], []
        if status:
            clauses.append("status = ?")
            args.append(status)
        if school:
            clauses.append("school = ?")
            args.append(school)
        where = " AND ".join(clauses)
        rows = self.db["walks"].rows_where(where, args, order_by="date DESC, created_at DESC", limit=limit)
        return [_from_row(row, Walk) for row in rows]

    def deleted_walks(self, school: str | None = None) -> list[Walk]:
        """Deleted walks (tombstones), the most recently deleted first (of one school, if given)."""
        if school:
            return self._where(Walk, "deleted_at IS NOT NULL AND school = ?", [school],
                               order_by="deleted_at DESC, id")
        return self._where(Walk, "deleted_at IS NOT NULL", [], order_by="deleted_at DESC, id")

    def delete_walk(self, walk_id: str, *, by: str = "") -> None:
        """Delete a walk: it stays as a tombstone, out of every listing and report, until restored."""
        with self.transaction():
            walk = self.get_walk(walk_id)
            if walk.deleted:
                return
            moment = now()
            latest = self.last_deleted_walk()
            if latest is not None and latest.deleted_at >= moment:  # two deletions in one clock tick
                moment = latest.deleted_at + dt.timedelta(microseconds=1)
            self.save(evolve(walk, deleted_at=moment, deleted_by=by, updated_at=moment))

    def restore_walk(self, walk_id: str) -> None:
        """Undo a walk's deletion (nothing happens to a walk that is not deleted)."""
        with self.transaction():
            walk = self.get_walk(walk_id)
            if walk.deleted:
                self.save(evolve(walk, deleted_at=None, deleted_by="", updated_at=now()))

    def last_deleted_walk(self, school: str | None = None) -> Walk | None:
        """The walk deleted most recently and not restored, if any (what an undo restores).

        ``school`` keeps to that school's walks (an account limited to one school).
        """
        walks = self.deleted_walks(school)
        return walks[0] if walks else None

    def walk_counts(self, walk_ids: list[str]) -> dict[str, dict[str, int]]:
        """walk id -> visits, notes and open visits, for the walks given."""
        counts = {walk_id: {"visits": 0, "notes": 0, "open_visits": 0} for walk_id in walk_ids}
        for start in range(0, len(walk_ids), 500):
            chunk = walk_ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self.db.query(f"SELECT walk_id, visits, notes FROM walk_counts WHERE walk_id IN ({marks})", chunk):
                counts[row["walk_id"]].update(visits=row["visits"], notes=row["notes"])
            for row in self.db.query(
                "SELECT walk_id, COUNT(*) AS n FROM visits WHERE ended_at IS NULL"
                f" AND walk_id IN ({marks}) GROUP BY walk_id", chunk,
            ):
                counts[row["walk_id"]]["open_visits"] = row["n"]
        return counts

    def set_walk_status(self, walk_id: str, status: str) -> Walk:
        walk = self.get_walk(walk_id)
        updated = evolve(walk, status=status, updated_at=now())
        self.save(updated)
        return updated

    # visits ------------------------------------------------------------------

    def save_visit(self, visit: Visit) -> None:
        self.save(visit)

    def get_visit(self, visit_id: str) -> Visit:
        return self._get(Visit, visit_id)

    def visits_for_walk(self, walk_id: str) -> list[Visit]:
        return self._where(Visit, "walk_id = ?", [walk_id], order_by="started_at, id")

    def open_visit(self, walk_id: str, observer: str | None = None) -> Visit | None:
        """``observer``'s visit of this walk still under way, if any (for resuming).

        In a team walk every observer has their own visit: resuming puts each back in
        their own room. ``observer=None`` means any observer's (the latest started).
        """
        if observer is None:
            visits = self.open_visits(walk_id)
        else:
            visits = self._where(Visit, "walk_id = ? AND ended_at IS NULL AND observer = ?",
                                 [walk_id, observer], order_by="started_at DESC, id")
        return visits[0] if visits else None

    def open_visits(self, walk_id: str) -> list[Visit]:
        """Every visit of this walk still under way (one per observer in a room), latest first."""
        return self._where(Visit, "walk_id = ? AND ended_at IS NULL", [walk_id], order_by="started_at DESC, id")

    def end_visit(self, visit_id: str, at: dt.datetime | None = None) -> Visit:
        """End a visit now (or ``at``); a visit already ended keeps its first end."""
        with self.transaction():
            visit = self.get_visit(visit_id)
            if visit.ended:
                return visit
            visit = evolve(visit, ended_at=max(at or now(), visit.started_at))
            self.save(visit)
        return visit

    def start_visit(self, visit: Visit, *, leaving: str | None = None) -> Visit:
        """Save a new visit, joining a teammate's open visit of the same classroom, if any.

        ``leaving`` is the visit its observer leaves for it (ended in the same transaction,
        so nobody is ever in two rooms). Returns the visit as saved (``joins`` set when it
        joined a teammate).
        """
        with self.transaction():
            if leaving is not None:
                self.end_visit(leaving, at=visit.started_at)
            if visit.joins is None:
                mate = self.stay_to_join(visit.walk_id, visit.classroom, visit.observer)
                if mate is not None:
                    visit = evolve(visit, joins=mate.stay_id)
            self.save(visit)
        return visit

    def stay_to_join(self, walk_id: str, classroom: str, observer: str) -> Visit | None:
        """A teammate's open visit of ``classroom`` in this walk (the one joined when walking in)."""
        room = classroom.strip().casefold()
        for visit in self.open_visits(walk_id):
            if visit.observer != observer and visit.classroom.strip().casefold() == room:
                return visit
        return None

    def classrooms(self, school: str) -> list[dict[str, str]]:
        """Classrooms seen at ``school`` before, newest details first, one row each."""
        sql = """
            SELECT classroom, teacher, grade, subject, MAX(v.started_at) AS last_visit
            FROM visits v JOIN walks w ON w.id = v.walk_id
            WHERE w.school = ? AND w.deleted_at IS NULL GROUP BY classroom ORDER BY classroom
        """
        return [dict(row) for row in self.db.query(sql, [school])]

    def schools(self) -> list[str]:
        return [row["school"] for row in self.db.query("SELECT DISTINCT school FROM walks WHERE deleted_at IS NULL ORDER BY school")]

    # evidence ----------------------------------------------------------------

    def _write_evidence(self, evidence: Evidence) -> None:
        self._upsert("evidence", _to_row(evidence))
        conn = self.db.conn
        conn.execute("DELETE FROM evidence_look_fors WHERE evidence_id = ?", [evidence.id])
        if evidence.deleted:
            return  # a tombstone counts for no look-for (the count triggers follow these rows)
        stay = evidence.visit_id
        if stay is not None:  # the classroom visit: teammates' joined visits count once
            row = conn.execute("SELECT joins FROM visits WHERE id = ?", [stay]).fetchone()
            stay = (row[0] if row else None) or stay
        conn.executemany(
            "INSERT INTO evidence_look_fors (evidence_id, walk_id, visit_id, look_for) VALUES (?, ?, ?, ?)",
            [(evidence.id, evidence.walk_id, stay, tag) for tag in dict.fromkeys(evidence.look_fors)],
        )

    def add_evidence(self, evidence: Evidence, *, after_visit: bool = False) -> None:
        """Capture one new note; committed before this returns.

        The invariant of a walk: no evidence is captured after its visit's end. A note
        captured at or after the end of its visit (or for a visit of another walk, or
        unknown) is refused with a :class:`ClasswalkError` and nothing is written; the
        check and the write are one transaction, so a teammate ending the visit at the
        same moment cannot slip between them. (A note written later with the time it was
        seen, inside the visit — a transcription — still goes in.) ``after_visit`` is for
        the kinds written after leaving the room (the hallway note): those need the visit
        to have ended.
        """
        with self.transaction():
            if evidence.visit_id is not None:
                self._check_visit_open(evidence, after_visit)
            if self.evidence_check is not None:
                self.evidence_check(evidence)
            self._write_evidence(evidence)

    def _check_visit_open(self, evidence: Evidence, after_visit: bool) -> None:
        rows = list(self.db["visits"].rows_where("id = ?", [evidence.visit_id], limit=1))
        if not rows or rows[0]["walk_id"] != evidence.walk_id:
            raise ClasswalkError(f"note: no visit {evidence.visit_id[:8]} in this walk; nothing saved")
        visit = _from_row(rows[0], Visit)
        if after_visit:
            if not visit.ended:
                raise ClasswalkError(f"note: {for_terminal(visit.classroom)} is still under way; "
                                     "this kind is written after leaving the room")
        elif visit.ended and evidence.captured_at >= visit.ended_at:
            raise ClasswalkError(
                f"note: the visit to {for_terminal(visit.classroom)} ended at {visit.ended_at:%H:%M:%S} UTC; "
                "nothing saved (a note goes into the room its observer is in)")

    def edit_evidence(self, evidence_id: str, *, editor: str, text: str | None = None,
                      look_fors: Iterable[str] | None = None, student_groups: Iterable[str] | None = None,
                      mark: str | None = None) -> Evidence:
        """Change a saved note; the version it replaces is kept as an :class:`EvidenceRevision`.

        Only what is given changes (``mark=""`` removes the mark). An edit that changes
        nothing writes nothing. A deleted note must be restored before it is edited.
        """
        with self.transaction():
            current = self.get_evidence(evidence_id)
            if current.deleted:
                raise ClasswalkError(f"note {evidence_id[:8]} is deleted: restore it before editing it")
            if text is not None and not text.strip():
                raise ClasswalkError("a note needs some text: delete the note instead of emptying it")
            changes: dict[str, Any] = {}
            if text is not None:
                changes["text"] = text
            if look_fors is not None:
                changes["look_fors"] = tuple(dict.fromkeys(look_fors))
            if student_groups is not None:
                changes["student_groups"] = tuple(dict.fromkeys(student_groups))
            if mark is not None:
                changes["mark"] = mark or None
            try:
                updated = evolve(current, **changes)
            except (TypeError, ValueError) as error:
                raise ClasswalkError(f"note {evidence_id[:8]}: cannot be changed that way ({error})") from None
            if updated.content() == current.content():
                return current
            moment = max(now(), current.written_at)
            revision = EvidenceRevision(
                evidence_id=current.id, walk_id=current.walk_id, text=current.text,
                look_fors=current.look_fors, student_groups=current.student_groups, mark=current.mark,
                written_by=current.written_by, written_at=current.written_at,
                replaced_by=editor, replaced_at=moment,
            )
            updated = evolve(updated, edited_at=moment, edited_by=editor)
            if self.evidence_check is not None:
                self.evidence_check(updated)
            self._upsert("evidence_revisions", _to_row(revision))
            self._write_evidence(updated)
        return updated

    def delete_evidence(self, evidence_id: str, *, by: str) -> None:
        """Delete a note: a tombstone, left out of listings, reports and exports, undoable.

        Deleting a note that is already deleted keeps the first deletion.
        """
        with self.transaction():
            current = self.get_evidence(evidence_id)
            if not current.deleted:
                self._write_evidence(evolve(current, deleted_at=now(), deleted_by=by))

    def restore_evidence(self, evidence_id: str) -> None:
        """Undo a note's deletion (nothing happens to a note that is not deleted)."""
        with self.transaction():
            current = self.get_evidence(evidence_id)
            if current.deleted:
                moment = max(now(), current.deleted_at)
                self._write_evidence(evolve(current, deleted_at=None, deleted_by="", restored_at=moment))

    def evidence_revisions(self, evidence_id: str) -> list[EvidenceRevision]:
        """The versions of a note that edits replaced, oldest first (the current text is not one)."""
        return self._where(EvidenceRevision, "evidence_id = ?", [evidence_id], order_by="replaced_at, id")

    def revisions_for_walk(self, walk_id: str) -> list[EvidenceRevision]:
        return self._where(EvidenceRevision, "walk_id = ?", [walk_id], order_by="replaced_at, id")

    def get_evidence(self, evidence_id: str) -> Evidence:
        """One note by id, deleted or not."""
        return self._get(Evidence, evidence_id)

    def evidence_for_walk(self, walk_id: str, *, deleted: bool = False) -> list[Evidence]:
        """A walk's notes (with ``deleted``: its deleted notes instead)."""
        state = "IS NOT NULL" if deleted else "IS NULL"
        return self._where(Evidence, f"walk_id = ? AND deleted_at {state}", [walk_id], order_by="captured_at, id")

    def evidence_for_visit(self, visit_id: str, *, deleted: bool = False) -> list[Evidence]:
        """A visit's notes (with ``deleted``: its deleted notes instead)."""
        state = "IS NOT NULL" if deleted else "IS NULL"
        return self._where(Evidence, f"visit_id = ? AND deleted_at {state}", [visit_id], order_by="captured_at, id")

    def all_evidence_for_walk(self, walk_id: str) -> list[Evidence]:
        """Every note of a walk, deleted ones included (for bundles)."""
        return self._where(Evidence, "walk_id = ?", [walk_id], order_by="captured_at, id")

    # debrief -----------------------------------------------------------------

    def save_response(self, response: DebriefResponse) -> None:
        self.save(response)

    def responses_for_walk(self, walk_id: str) -> list[DebriefResponse]:
        return self._where(DebriefResponse, "walk_id = ?", [walk_id], order_by="prompt_id, updated_at")

    def save_next_step(self, step: NextStep) -> None:
        self.save(step)

    def next_steps_for_walk(self, walk_id: str) -> list[NextStep]:
        return self._where(NextStep, "walk_id = ?", [walk_id], order_by="due, text")

    def delete_next_step(self, step_id: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM next_steps WHERE id = ?", [step_id])

    # cycles and feedback -----------------------------------------------------

    def save_cycle(self, cycle: Cycle) -> None:
        self.save(cycle)

    def get_cycle(self, cycle_id: str) -> Cycle:
        return self._get(Cycle, cycle_id)

    def list_cycles(self, school: str | None = None) -> list[Cycle]:
        if school:
            return self._where(Cycle, "school = ?", [school], order_by="created_at")
        return self._where(Cycle, "1 = 1", [], order_by="created_at")

    def walks_in_cycle(self, cycle_id: str) -> list[Walk]:
        return self._where(Walk, "cycle_id = ? AND deleted_at IS NULL", [cycle_id], order_by="date, created_at")

    def save_feedback(self, feedback: Feedback) -> None:
        self.save(feedback)

    def feedback_for_visit(self, visit_id: str) -> list[Feedback]:
        return self._where(Feedback, "visit_id = ?", [visit_id], order_by="updated_at")

    def list_feedback(self) -> list[Feedback]:
        """Feedback on every visit of every walk that is not deleted, soonest due first."""
        return self._where(
            Feedback,
            "visit_id IN (SELECT v.id FROM visits v JOIN walks w ON w.id = v.walk_id WHERE w.deleted_at IS NULL)",
            [], order_by="due",
        )

    # versions an import kept beside the live record ---------------------------

    def keep_version(self, kept: KeptVersion) -> bool:
        """Keep ``kept`` unless the same version is already kept; True if it was new."""
        row = _to_row(kept)
        columns = ", ".join(f"[{c}]" for c in row)
        with self.transaction():
            cursor = self.db.conn.execute(
                f"INSERT OR IGNORE INTO kept_versions ({columns}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
        return cursor.rowcount == 1

    def has_kept_version(self, kept_id: str) -> bool:
        return self._exists(KeptVersion, kept_id)

    def kept_versions(self, walk_id: str | None = None) -> list[KeptVersion]:
        """Versions kept by imports, of one walk's records or of all, oldest first."""
        if walk_id is None:
            return self._where(KeptVersion, "1 = 1", [], order_by="kept_at, id")
        return self._where(KeptVersion, "walk_id = ?", [walk_id], order_by="kept_at, id")

    # who sent what arrived by import or sync -----------------------------------

    def note_received(self, rows: Iterable[Received], *, replace: bool = True) -> None:
        """Keep who sent each record (``replace=False`` keeps a row already there)."""
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        with self.transaction():
            self.db.conn.executemany(
                f"{verb} INTO received (kind, record_id, walk_id, sent_by, received_at, source) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(r.kind, r.record_id, r.walk_id, r.sent_by, r.received_at.isoformat(), r.source) for r in rows])

    def received_for_walk(self, walk_id: str) -> list[Received]:
        """Who sent each of this walk's records that arrived by import or sync, oldest first."""
        rows = self.db.query("SELECT * FROM received WHERE walk_id = ? ORDER BY received_at, kind, record_id",
                             [walk_id])
        return [_from_row(dict(row), Received) for row in rows]

    def received(self, kind: str, record_id: str) -> Received | None:
        rows = list(self.db.query("SELECT * FROM received WHERE kind = ? AND record_id = ?", [kind, record_id]))
        return _from_row(dict(rows[0]), Received) if rows else None

    # drafts: what is typed but not yet saved survives a crash -----------------

    def save_draft(self, key: Draft | str, text: str, *, durable: bool = True) -> None:
        """Keep ``text`` under ``key`` until it is saved for real (an empty text clears it).

        ``key`` is a :class:`Draft`: one observer's line on one device, so a teammate's
        half-typed words never show in anyone else's line. (A plain string key is kept
        for drafts no observer owns.)

        ``durable=False`` commits without waiting for the disk (``synchronous=NORMAL``, tens
        of microseconds instead of milliseconds): the draft survives the program being
        killed, and the next durable write (any other write) makes it survive a power cut
        too. The note line writes every keystroke this way and a durable copy after a pause.
        """
        if not text:
            self.clear_draft(key)
            return
        row = {"key": _draft_key(key), "text": text, "updated_at": now().isoformat()}
        if isinstance(key, Draft):
            row.update(slot=key.slot, walk_id=key.walk_id, observer=key.observer, device=key.device,
                       subject=key.subject)
        fast = not durable and not self.db.conn.in_transaction
        if fast:
            self.db.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            with self.transaction():
                self._upsert("drafts", row, key="key")
        finally:
            if fast:
                self.db.conn.execute("PRAGMA synchronous = FULL")

    def get_draft(self, key: Draft | str) -> str:
        rows = list(self.db["drafts"].rows_where("key = ?", [_draft_key(key)]))
        return rows[0]["text"] if rows else ""

    def clear_draft(self, key: Draft | str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM drafts WHERE key = ?", [_draft_key(key)])

    def drafts(self, walk_id: str, *, observer: str, device: str = "") -> list[tuple[Draft, str]]:
        """``observer``'s drafts of one walk on ``device``, with their text."""
        rows = self.db["drafts"].rows_where("walk_id = ? AND observer = ? AND device = ?",
                                            [walk_id, observer, device], order_by="key")
        return [(Draft(slot=row["slot"], walk_id=row["walk_id"], observer=row["observer"],
                       device=row["device"], subject=row["subject"] or ""), row["text"]) for row in rows]

    # bundles -----------------------------------------------------------------

    def walk_bundle(self, walk_id: str) -> WalkBundle:
        """Everything about one walk, self-contained, for export."""
        walk = self.get_walk(walk_id)
        visits = self.visits_for_walk(walk_id)
        feedback = [f for visit in visits for f in self.feedback_for_visit(visit.id)]
        cycle = self.get_cycle(walk.cycle_id) if walk.cycle_id and self._exists(Cycle, walk.cycle_id) else None
        return WalkBundle(
            walk=walk, cycle=cycle, visits=visits, evidence=self.all_evidence_for_walk(walk_id),
            evidence_revisions=self.revisions_for_walk(walk_id),
            debrief_responses=self.responses_for_walk(walk_id),
            next_steps=self.next_steps_for_walk(walk_id), feedback=feedback,
            received=self.received_for_walk(walk_id), **self.capture_for_walk(walk_id),
        )

    def _exists(self, cls: type, record_id: str) -> bool:
        return bool(list(self.db[TABLES[cls]].rows_where("id = ?", [record_id], limit=1)))
