"""The database schema, as named migrations applied in order (sqlite-utils ``Migrations``).

Never edit a released migration: add a new one. tests/fixtures holds a database made by
the first schema, to prove later ones carry everything forward.

Which migrations a database has had is recorded in its ``_sqlite_migrations`` table.
:func:`apply_pending` notices when that record was damaged (rows lost, the table gone)
while the tables it should describe are there, and says so in one line naming the file,
rather than trying to create them again.
"""

from __future__ import annotations

import sqlite3

from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from classwalk.core.storage.dbfile import DatabaseProblem
from classwalk.core.escape import for_terminal

migrations = Migrations("classwalk")
FIRST_TABLES = ("cycles", "walks", "visits", "evidence", "debrief_responses", "next_steps", "feedback", "drafts")
"""The tables the first migration makes: a file holding them all is a classwalk database."""


def apply_pending(db: Database, path: Path) -> None:
    """Apply the migrations this database has not had yet.

    Raises :class:`DatabaseProblem` ("is damaged") when the record of applied migrations
    cannot be right: a later migration recorded without an earlier one, or a migration
    not recorded although what it makes is there. Nothing is changed then.
    """
    damage = record_damage(db)
    if damage is None:
        try:
            migrations.apply(db)
            return
        except sqlite3.OperationalError as error:
            message = str(error).lower()
            if not ("already exists" in message or "duplicate column" in message) or not _classwalk_tables(db):
                raise
            pending = [m.name for m in migrations.pending(db)]
            damage = f"{pending[0] if pending else 'a change'} is not recorded, yet what it makes is there"
    raise DatabaseProblem(
        f"{for_terminal(path)}: is damaged: its record of schema changes (table _sqlite_migrations) is "
        f"missing or incomplete ({for_terminal(damage)}): keep a copy, then restore it from a backup or "
        "re-import your exported walks into a new database"
    )


def record_damage(db: Database) -> str | None:
    """Why the record of applied migrations cannot be right, or None when it may be."""
    known = [migration.name for migration in migrations._migrations]
    applied = [migration.name for migration in migrations.applied(db) if migration.name in known]
    for name in applied:
        earlier = known[:known.index(name)]
        missing = [m for m in earlier if m not in applied]
        if missing:
            return f"{name} is recorded without {missing[0]}"
    if not applied and _classwalk_tables(db):
        return "no change is recorded, yet the walks tables are there"
    return None


def _classwalk_tables(db: Database) -> bool:
    names = set(db.table_names())
    return all(table in names for table in FIRST_TABLES)


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    db["cycles"].create(
        {"id": str, "name": str, "school": str, "focus": str, "created_at": str}, pk="id"
    )
    db["walks"].create(
        {
            "id": str, "protocol_id": str, "protocol_version": str, "school": str, "date": str,
            "focus": str, "guiding_question": str, "focus_shaped_by": str,
            "focus_categories": str, "slice": str, "observers": str, "mode": str,
            "timing_variant": str, "cycle_id": str, "name_rooms": int, "status": str,
            "created_at": str, "updated_at": str,
        },
        pk="id",
    )
    db["visits"].create(
        {
            "id": str, "walk_id": str, "classroom": str, "teacher": str, "grade": str,
            "subject": str, "slice": str, "observer": str, "started_at": str, "ended_at": str,
        },
        pk="id",
    )
    db["evidence"].create(
        {
            "id": str, "walk_id": str, "visit_id": str, "kind": str, "text": str,
            "look_fors": str, "student_groups": str, "observer": str, "captured_at": str,
            "student_label": str, "question_id": str, "mark": str, "attachment": str,
            "video_offset_seconds": int,
        },
        pk="id",
    )
    db["evidence_look_fors"].create(
        {"evidence_id": str, "walk_id": str, "visit_id": str, "look_for": str},
        pk=("evidence_id", "look_for"),
    )
    db["debrief_responses"].create(
        {"id": str, "walk_id": str, "prompt_id": str, "text": str, "author": str, "updated_at": str},
        pk="id",
    )
    db["next_steps"].create(
        {
            "id": str, "walk_id": str, "text": str, "owner": str, "due": str, "kind": str,
            "status": str, "updated_at": str,
        },
        pk="id",
    )
    db["feedback"].create(
        {
            "id": str, "visit_id": str, "teacher": str, "question": str, "status": str,
            "due": str, "updated_at": str,
        },
        pk="id",
    )
    db["drafts"].create({"key": str, "text": str, "updated_at": str}, pk="key")
    db["walks"].create_index(["school", "date"])
    db["walks"].create_index(["cycle_id"])
    db["visits"].create_index(["walk_id"])
    db["evidence"].create_index(["walk_id"])
    db["evidence"].create_index(["visit_id"])
    db["evidence_look_fors"].create_index(["walk_id", "look_for"])
    db["debrief_responses"].create_index(["walk_id"])
    db["next_steps"].create_index(["walk_id"])
    db["feedback"].create_index(["visit_id"])


@migrations(name="0002_report_counts")
def report_counts(db: Database) -> None:
    """Running counts per walk that school and district reports read instead of every note.

    ``walk_counts`` holds each walk's visits and notes; ``walk_look_for_counts`` the notes
    tagged with each look-for and the visits noting it. Triggers keep both in step with
    every insert, update and delete, so a report over millions of notes reads a few rows
    per walk.
    """
    db["evidence_look_fors"].create_index(
        ["walk_id", "look_for", "visit_id"], index_name="idx_evidence_look_fors_report", if_not_exists=True
    )
    db["walks"].create_index(["date", "school"], index_name="idx_walks_date_school", if_not_exists=True)
    db["visits"].create_index(["started_at"], index_name="idx_visits_started_at", if_not_exists=True)
    db["visits"].create_index(["teacher"], index_name="idx_visits_teacher", if_not_exists=True)
    db["feedback"].create_index(["status", "due"], index_name="idx_feedback_status_due", if_not_exists=True)
    for statement in sql_statements(REPORT_COUNTS_SQL):
        db.execute(statement)


def sql_statements(script: str) -> list[str]:
    """Split an SQL script into statements (trigger bodies kept whole), to run in one transaction."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _walk_count_triggers(name: str, table: str, column: str) -> str:
    """Triggers keeping ``walk_counts.<column>`` equal to the rows of ``table`` per walk."""
    return f"""CREATE TRIGGER walk_counts_{name}_insert AFTER INSERT ON {table} BEGIN
    INSERT INTO walk_counts (walk_id, {column}) VALUES (NEW.walk_id, 1)
        ON CONFLICT (walk_id) DO UPDATE SET {column} = {column} + 1;
END;
CREATE TRIGGER walk_counts_{name}_delete AFTER DELETE ON {table} BEGIN
    UPDATE walk_counts SET {column} = {column} - 1 WHERE walk_id = OLD.walk_id;
END;
CREATE TRIGGER walk_counts_{name}_move AFTER UPDATE OF walk_id ON {table}
WHEN OLD.walk_id IS NOT NEW.walk_id BEGIN
    UPDATE walk_counts SET {column} = {column} - 1 WHERE walk_id = OLD.walk_id;
    INSERT INTO walk_counts (walk_id, {column}) VALUES (NEW.walk_id, 1)
        ON CONFLICT (walk_id) DO UPDATE SET {column} = {column} + 1;
END;
"""


_LOOK_FOR_COUNT_ADD = """    INSERT INTO walk_look_for_counts (walk_id, look_for, notes, visits)
    VALUES (
        NEW.walk_id, NEW.look_for, 1,
        NEW.visit_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM evidence_look_fors t
            WHERE t.walk_id = NEW.walk_id AND t.look_for = NEW.look_for
              AND t.visit_id = NEW.visit_id AND t.evidence_id != NEW.evidence_id
        )
    )
    ON CONFLICT (walk_id, look_for) DO UPDATE SET
        notes = notes + 1, visits = visits + excluded.visits;
"""
_LOOK_FOR_COUNT_REMOVE = """    UPDATE walk_look_for_counts SET
        notes = notes - 1,
        visits = visits - (OLD.visit_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM evidence_look_fors t
            WHERE t.walk_id = OLD.walk_id AND t.look_for = OLD.look_for AND t.visit_id = OLD.visit_id
        ))
    WHERE walk_id = OLD.walk_id AND look_for = OLD.look_for;
    DELETE FROM walk_look_for_counts
    WHERE walk_id = OLD.walk_id AND look_for = OLD.look_for AND notes <= 0;
"""

_REPORT_COUNT_TABLES = """
CREATE TABLE walk_counts (
    walk_id TEXT PRIMARY KEY, visits INTEGER NOT NULL DEFAULT 0, notes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE walk_look_for_counts (
    walk_id TEXT NOT NULL, look_for TEXT NOT NULL,
    notes INTEGER NOT NULL DEFAULT 0, visits INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (walk_id, look_for)
);
INSERT INTO walk_counts (walk_id, visits, notes)
    SELECT walk_id, SUM(visits), SUM(notes) FROM (
        SELECT walk_id, COUNT(*) AS visits, 0 AS notes FROM visits GROUP BY walk_id
        UNION ALL SELECT walk_id, 0, COUNT(*) FROM evidence GROUP BY walk_id
    ) GROUP BY walk_id;
INSERT INTO walk_look_for_counts (walk_id, look_for, notes, visits)
    SELECT walk_id, look_for, COUNT(*), COUNT(DISTINCT visit_id)
    FROM evidence_look_fors GROUP BY walk_id, look_for;

"""


def _look_for_count_trigger(event: str, body: str) -> str:
    """A trigger on ``evidence_look_fors`` after ``event`` (INSERT, DELETE or UPDATE)."""
    return (f"CREATE TRIGGER walk_look_for_counts_{event.lower()} AFTER {event} ON evidence_look_fors BEGIN\n"
            f"{body}END;\n")


REPORT_COUNTS_SQL = (
    _REPORT_COUNT_TABLES
    + _walk_count_triggers("visit", "visits", "visits")
    + _walk_count_triggers("evidence", "evidence", "notes") + "\n"
    + _look_for_count_trigger("INSERT", _LOOK_FOR_COUNT_ADD)
    + _look_for_count_trigger("DELETE", _LOOK_FOR_COUNT_REMOVE)
    + _look_for_count_trigger("UPDATE", _LOOK_FOR_COUNT_REMOVE + _LOOK_FOR_COUNT_ADD)
)


@migrations(name="0003_debrief_response_conflicts")
def debrief_response_conflicts(db: Database) -> None:
    """A second version of a debrief response, kept when an import meets a different edit."""
    db["debrief_responses"].add_column("conflict_of", str)


@migrations(name="0004_report_covering_indexes")
def report_covering_indexes(db: Database) -> None:
    """Covering indexes for the classrooms, evidence kinds and student groups reports count."""
    db["visits"].create_index(["walk_id", "classroom"], index_name="idx_visits_walk_classroom", if_not_exists=True)
    db["evidence"].create_index(
        ["walk_id", "kind", "student_groups"], index_name="idx_evidence_walk_kind_groups", if_not_exists=True
    )


@migrations(name="0005_look_for_counts_covering_index")
def look_for_counts_covering_index(db: Database) -> None:
    """Let a district roll-up read look-for counts from the index alone."""
    db["walk_look_for_counts"].create_index(
        ["walk_id", "look_for", "notes", "visits"], index_name="idx_walk_look_for_counts_cover",
        if_not_exists=True,
    )


@migrations(name="0006_kept_versions")
def kept_versions(db: Database) -> None:
    """Versions of records an import met but did not make live: nothing is silently replaced."""
    db["kept_versions"].create(
        {
            "id": str, "kind": str, "record_id": str, "walk_id": str, "version": str,
            "reason": str, "source": str, "kept_at": str,
        },
        pk="id",
    )
    db["kept_versions"].create_index(["walk_id", "kind"], index_name="idx_kept_versions_walk")


@migrations(name="0007_capture_records")
def capture_records(db: Database) -> None:
    """Interval marks, the interval clock's pauses and advances, snapshot counts, typed answers."""
    db["interval_marks"].create(
        {"id": str, "walk_id": str, "visit_id": str, "observer": str, "interval": int, "code": str,
         "choice": str, "ticked": int, "updated_at": str},
        pk="id", if_not_exists=True,
    )
    db["clock_events"].create(
        {"id": str, "walk_id": str, "visit_id": str, "kind": str, "observer": str, "at": str},
        pk="id", if_not_exists=True,
    )
    db["snapshot_counts"].create(
        {"id": str, "walk_id": str, "visit_id": str, "snapshot": str, "present": int, "count": int,
         "minute": float, "observer": str, "taken_at": str},
        pk="id", if_not_exists=True,
    )
    db["item_answers"].create(
        {"id": str, "walk_id": str, "visit_id": str, "item": str, "value": str, "observer": str,
         "updated_at": str},
        pk="id", if_not_exists=True,
    )
    for table in ("interval_marks", "clock_events", "snapshot_counts", "item_answers"):
        db[table].create_index(["walk_id"], if_not_exists=True)
        db[table].create_index(["visit_id"], if_not_exists=True)


@migrations(name="0008_authors_revisions_and_tombstones")
def authors_revisions_and_tombstones(db: Database) -> None:
    """Who wrote each next step and piece of feedback; note revisions; deleted notes and walks.

    A deleted note or walk stays as a tombstone (``deleted_at``), so a deletion can be
    undone and travels in bundles. The running note counts follow tombstones: deleting a
    note takes it out of ``walk_counts``, restoring it puts it back (look-for counts follow
    the ``evidence_look_fors`` rows, which the store keeps for live notes only).
    """
    db["next_steps"].add_column("author", str)
    db["feedback"].add_column("author", str)
    for column in ("deleted_at", "deleted_by"):
        db["walks"].add_column(column, str)
    for column in ("edited_at", "edited_by", "deleted_at", "deleted_by", "restored_at", "conflict_note"):
        db["evidence"].add_column(column, str)
    db["evidence_revisions"].create(
        {
            "id": str, "evidence_id": str, "walk_id": str, "text": str, "look_fors": str,
            "student_groups": str, "mark": str, "written_by": str, "written_at": str,
            "replaced_by": str, "replaced_at": str,
        },
        pk="id",
    )
    db["evidence_revisions"].create_index(["evidence_id"])
    db["evidence_revisions"].create_index(["walk_id"])
    db["evidence"].create_index(
        ["walk_id", "deleted_at", "kind", "student_groups"], index_name="idx_evidence_live_kind_groups",
        if_not_exists=True,
    )
    db["walks"].create_index(["deleted_at"], index_name="idx_walks_deleted_at", if_not_exists=True)
    for statement in sql_statements(TOMBSTONE_COUNTS_SQL):
        db.execute(statement)


TOMBSTONE_COUNTS_SQL = """
DROP TRIGGER walk_counts_evidence_insert;
DROP TRIGGER walk_counts_evidence_delete;
DROP TRIGGER walk_counts_evidence_move;
CREATE TRIGGER walk_counts_evidence_insert AFTER INSERT ON evidence
WHEN NEW.deleted_at IS NULL BEGIN
    INSERT INTO walk_counts (walk_id, notes) VALUES (NEW.walk_id, 1)
        ON CONFLICT (walk_id) DO UPDATE SET notes = notes + 1;
END;
CREATE TRIGGER walk_counts_evidence_delete AFTER DELETE ON evidence
WHEN OLD.deleted_at IS NULL BEGIN
    UPDATE walk_counts SET notes = notes - 1 WHERE walk_id = OLD.walk_id;
END;
CREATE TRIGGER walk_counts_evidence_move AFTER UPDATE OF walk_id ON evidence
WHEN OLD.walk_id IS NOT NEW.walk_id AND OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL BEGIN
    UPDATE walk_counts SET notes = notes - 1 WHERE walk_id = OLD.walk_id;
    INSERT INTO walk_counts (walk_id, notes) VALUES (NEW.walk_id, 1)
        ON CONFLICT (walk_id) DO UPDATE SET notes = notes + 1;
END;
CREATE TRIGGER walk_counts_evidence_tombstone AFTER UPDATE OF deleted_at ON evidence
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN
    UPDATE walk_counts SET notes = notes - 1 WHERE walk_id = OLD.walk_id;
END;
CREATE TRIGGER walk_counts_evidence_restore AFTER UPDATE OF deleted_at ON evidence
WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL BEGIN
    INSERT INTO walk_counts (walk_id, notes) VALUES (NEW.walk_id, 1)
        ON CONFLICT (walk_id) DO UPDATE SET notes = notes + 1;
END;
"""


@migrations(name="0009_observer_accounts")
def observer_accounts(db: Database) -> None:
    """Observer logins for ``classwalk serve``: a scrypt hash per account, never the password."""
    db["accounts"].create(
        {"login": str, "observer": str, "school": str, "password_hash": str,
         "created_at": str, "updated_at": str},
        pk="login", not_null={"login", "observer", "password_hash"},
    )


@migrations(name="0010_team_stays_drafts_and_provenance")
def team_stays_drafts_and_provenance(db: Database) -> None:
    """One walk on many devices: joined visits, typed drafts, and who sent what.

    ``visits.joins`` links an observer's visit to the teammate's visit of the same
    classroom that they joined, so the two count as one classroom visit: ``walk_counts``
    counts only visits that join nobody, and ``evidence_look_fors.visit_id`` holds the
    classroom visit (the visit joined, else the visit), so "visits noting a look-for"
    counts a classroom once. Drafts gain the walk, line, observer and device they belong
    to. ``received`` keeps, for each record an import or sync wrote, who sent it and when.
    ``accounts.own_walks`` keeps an account to the walks its observer is an observer of.
    """
    db["visits"].add_column("joins", str)
    db["visits"].create_index(["walk_id", "ended_at"], index_name="idx_visits_walk_open", if_not_exists=True)
    for column in ("slot", "walk_id", "observer", "device", "subject"):
        db["drafts"].add_column(column, str)
    db["received"].create(
        {"kind": str, "record_id": str, "walk_id": str, "sent_by": str, "received_at": str, "source": str},
        pk=("kind", "record_id"),
    )
    db["received"].create_index(["walk_id"])
    db["accounts"].add_column("own_walks", int, not_null_default=0)
    _type_old_drafts(db)
    for statement in sql_statements(JOINED_VISIT_COUNTS_SQL):
        db.execute(statement)


def _type_old_drafts(db: Database) -> None:
    """Drafts kept under the old string keys become the typed drafts of whoever was typing:
    the visit's observer (else the walk's first), on this device; nothing typed is lost."""
    import json

    def first_observer(walk_id: str) -> str:
        row = db.execute("SELECT observers FROM walks WHERE id = ?", [walk_id]).fetchone()
        names = [o.get("name", "") for o in json.loads(row[0] or "[]")] if row else []
        return names[0] if names else ""

    for key, in list(db.execute("SELECT key FROM drafts WHERE slot IS NULL")):
        prefix, _, rest = key.partition(":")
        if prefix in ("note", "visit-state"):
            visit = db.execute("SELECT walk_id, observer FROM visits WHERE id = ?", [rest]).fetchone()
            if visit is None:
                continue
            walk_id, observer, subject = visit[0], visit[1] or first_observer(visit[0]), rest
        elif prefix == "debrief-next-step":
            walk_id, observer, subject, prefix = rest, first_observer(rest), "", "next-step"
        elif prefix == "observer":
            walk_id, observer, subject = rest, "", ""
        else:
            continue  # a draft of a line no observer owns keeps its key
        typed = json.dumps([prefix, walk_id, subject, observer, ""], ensure_ascii=False)
        db.execute("UPDATE drafts SET key = ?, slot = ?, walk_id = ?, observer = ?, device = '', subject = ? "
                   "WHERE key = ?", [typed, prefix, walk_id, observer, subject, key])


JOINED_VISIT_COUNTS_SQL = """
DROP TRIGGER walk_counts_visit_insert;
DROP TRIGGER walk_counts_visit_delete;
DROP TRIGGER walk_counts_visit_move;
CREATE TRIGGER walk_counts_visit_insert AFTER INSERT ON visits
WHEN NEW.joins IS NULL BEGIN
    INSERT INTO walk_counts (walk_id, visits) VALUES (NEW.walk_id, 1)
        ON CONFLICT (walk_id) DO UPDATE SET visits = visits + 1;
END;
CREATE TRIGGER walk_counts_visit_delete AFTER DELETE ON visits
WHEN OLD.joins IS NULL BEGIN
    UPDATE walk_counts SET visits = visits - 1 WHERE walk_id = OLD.walk_id;
END;
CREATE TRIGGER walk_counts_visit_move AFTER UPDATE OF walk_id, joins ON visits
WHEN OLD.walk_id IS NOT NEW.walk_id OR (OLD.joins IS NULL) IS NOT (NEW.joins IS NULL) BEGIN
    UPDATE walk_counts SET visits = visits - 1 WHERE walk_id = OLD.walk_id AND OLD.joins IS NULL;
    INSERT INTO walk_counts (walk_id, visits) SELECT NEW.walk_id, 1 WHERE NEW.joins IS NULL
        ON CONFLICT (walk_id) DO UPDATE SET visits = visits + 1;
END;
"""


@migrations(name="0011_note_interval")
def note_interval(db: Database) -> None:
    """The interval a note was typed in, for protocols coded in intervals."""
    if "interval" not in db["evidence"].columns_dict:
        db["evidence"].add_column("interval", int)


@migrations(name="0012_district_rollups")
def district_rollups(db: Database) -> None:
    """Counts per school, month and protocol that school-year and district reports read.

    ``rollup_counts`` holds, for each school, month (``YYYY-MM`` of the walk's date) and
    protocol of the live walks: walks, visits and notes (dimension ``walk``); notes and
    visits noting each look-for (``look_for``); visits per classroom (``classroom``); live
    notes per evidence kind (``kind``) and per student group (``group``). Triggers keep it
    in step in the same transaction as every write: notes, look-for tags, visits, a walk
    deleted, restored, moved to another date or school. Filled here from the records.

    Indexes that only those reports used, or that an index with more columns already
    answers, are dropped to make the file smaller (nothing is lost: they hold copies); the
    look-for tags and per-walk look-for counts are made again WITHOUT ROWID (each row kept
    once, in its key's order, instead of in a table plus a copy of its key), every row
    copied and counted, and the tags indexed by visit and look-for only, which is what
    the count triggers look up.
    """
    from classwalk.core.storage.rollups import ROLLUP_SQL, fill_rollups

    for index in ("idx_evidence_look_fors_walk_id_look_for", "idx_evidence_walk_kind_groups",
                  "idx_evidence_live_kind_groups", "idx_walk_look_for_counts_cover"):
        db.execute(f"DROP INDEX IF EXISTS [{index}]")
    for trigger in ("insert", "delete", "update"):  # made again below, over the rebuilt tables
        db.execute(f"DROP TRIGGER IF EXISTS walk_look_for_counts_{trigger}")
    _without_rowid(db, "evidence_look_fors", "evidence_id TEXT NOT NULL, walk_id TEXT, visit_id TEXT, "
                   "look_for TEXT NOT NULL, PRIMARY KEY (evidence_id, look_for)",
                   "evidence_id, walk_id, visit_id, look_for")
    # what the look-for count triggers look up: another tag of the same look-for in the same visit
    db.execute("CREATE INDEX idx_evidence_look_fors_visit ON evidence_look_fors (visit_id, look_for)")
    _without_rowid(db, "walk_look_for_counts", "walk_id TEXT NOT NULL, look_for TEXT NOT NULL, "
                   "notes INTEGER NOT NULL DEFAULT 0, visits INTEGER NOT NULL DEFAULT 0, "
                   "PRIMARY KEY (walk_id, look_for)", "walk_id, look_for, notes, visits")
    for statement in sql_statements(REPORT_COUNTS_SQL):
        if statement.startswith("CREATE TRIGGER walk_look_for_counts_"):
            db.execute(statement)
    for statement in sql_statements(ROLLUP_SQL):
        db.execute(statement)
    fill_rollups(db)


def _without_rowid(db: Database, table: str, columns: str, names: str) -> None:
    """Make ``table`` again as a WITHOUT ROWID table keyed by its primary key, every row kept:
    the rows then live in the key's own b-tree instead of a table and a copy of the key."""
    before = db.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0]
    db.execute(f"CREATE TABLE [{table}_new] ({columns}) WITHOUT ROWID")
    db.execute(f"INSERT INTO [{table}_new] ({names}) SELECT {names} FROM [{table}]")
    after = db.execute(f"SELECT COUNT(*) FROM [{table}_new]").fetchone()[0]
    if after != before:
        raise sqlite3.DatabaseError(f"{table}: {before} rows before the rebuild, {after} after; nothing changed")
    db.execute(f"DROP TABLE [{table}]")
    db.execute(f"ALTER TABLE [{table}_new] RENAME TO [{table}]")
