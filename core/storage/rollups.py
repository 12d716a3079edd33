"""Counts per school, month and protocol, kept exact by triggers as records are written.

A school-year or district report sums a few thousand of these rows instead of reading
every walk, visit and note. The table and its triggers are made by the migration
``0012_district_rollups``; :func:`rollups_from_records` recomputes the same counts from
the records themselves (what the migration fills the table with, and what the tests
compare the kept counts with after edits, deletions, restores and imports).

Rows (``dimension``, ``item``) per school, month (``YYYY-MM`` of the walk's date) and
protocol, over live walks (not deleted):

- ``walk``, ``''``: walks, visits (classroom visits: a visit joining a teammate's is not
  counted again) and live notes, as ``walk_counts`` keeps them per walk;
- ``look_for``, the look-for: notes tagged with it and visits noting it (``walk_look_for_counts``);
- ``classroom``, the classroom: visits made to it (any visit, joined or not);
- ``kind``, the evidence kind: live notes of that kind;
- ``group``, the student group: live notes tagged with it.

Rows whose counts fall to zero stay (readers keep only positive counts). The key runs
dimension, school, protocol, item, month, so a roll-up by school reads the rows in the
order it sums them.
"""

from __future__ import annotations

DIMENSIONS = ("walk", "look_for", "classroom", "kind", "group")

_UPSERT = """
    ON CONFLICT (dimension, school, protocol_id, item, month) DO UPDATE SET
        walks = walks + excluded.walks, visits = visits + excluded.visits, notes = notes + excluded.notes"""

_BUCKET = "COALESCE({w}.school, ''), substr(COALESCE({w}.date, ''), 1, 7), COALESCE({w}.protocol_id, '')"
_NAMED_BUCKET = ("COALESCE(w.school, '') AS school, substr(COALESCE(w.date, ''), 1, 7) AS month, "
                 "COALESCE(w.protocol_id, '') AS protocol_id")
_INSERT = "INSERT INTO rollup_counts (dimension, school, month, protocol_id, item, walks, visits, notes)"


def _walk_share(ref: str, sign: int) -> str:
    """Statements adding (``sign`` 1) or taking away (-1) everything walk ``ref`` (OLD/NEW) holds."""
    bucket = _BUCKET.format(w=ref)
    return f"""
    {_INSERT}
    SELECT 'walk', {bucket}, '', {sign}, {sign} * COALESCE(c.visits, 0), {sign} * COALESCE(c.notes, 0)
    FROM (SELECT 1) LEFT JOIN walk_counts c ON c.walk_id = {ref}.id WHERE {ref}.deleted_at IS NULL{_UPSERT};
    {_INSERT}
    SELECT 'look_for', {bucket}, c.look_for, 0, {sign} * c.visits, {sign} * c.notes
    FROM walk_look_for_counts c WHERE c.walk_id = {ref}.id AND {ref}.deleted_at IS NULL{_UPSERT};
    {_INSERT}
    SELECT 'classroom', {bucket}, v.classroom, 0, {sign} * COUNT(*), 0
    FROM visits v WHERE v.walk_id = {ref}.id AND v.classroom IS NOT NULL AND {ref}.deleted_at IS NULL
    GROUP BY v.classroom{_UPSERT};
    {_INSERT}
    SELECT 'kind', {bucket}, COALESCE(e.kind, ''), 0, 0, {sign} * COUNT(*)
    FROM evidence e WHERE e.walk_id = {ref}.id AND e.deleted_at IS NULL AND {ref}.deleted_at IS NULL
    GROUP BY e.kind{_UPSERT};
    {_INSERT}
    SELECT 'group', {bucket}, g.value, 0, 0, {sign} * COUNT(*)
    FROM evidence e, json_each(e.student_groups) g
    WHERE e.walk_id = {ref}.id AND e.deleted_at IS NULL AND {ref}.deleted_at IS NULL
      AND e.student_groups IS NOT NULL AND e.student_groups != '[]'
    GROUP BY g.value{_UPSERT};"""


def _delta(dimension: str, walk_ref: str, item: str, visits: str, notes: str) -> str:
    """One statement adding a change of counts to the bucket of the (live) walk ``walk_ref``."""
    return f"""
    {_INSERT}
    SELECT '{dimension}', {_BUCKET.format(w='w')}, {item}, 0, {visits}, {notes}
    FROM walks w WHERE w.id = {walk_ref} AND w.deleted_at IS NULL{_UPSERT};"""


def _note_kind(ref: str, sign: int) -> str:
    """A statement adding or taking away note ``ref``'s kind (if the note is live)."""
    return f"""
    {_INSERT}
    SELECT 'kind', {_BUCKET.format(w='w')}, COALESCE({ref}.kind, ''), 0, 0, {sign}
    FROM walks w WHERE w.id = {ref}.walk_id AND w.deleted_at IS NULL AND {ref}.deleted_at IS NULL{_UPSERT};"""


def _note_groups(ref: str, sign: int) -> str:
    """A statement adding or taking away note ``ref``'s student groups, one row per group
    named (a group named twice counts twice, as the per-walk count does)."""
    return f"""
    {_INSERT}
    SELECT 'group', {_BUCKET.format(w='w')}, g.value, 0, 0, {sign}
    FROM walks w, json_each({ref}.student_groups) g
    WHERE w.id = {ref}.walk_id AND w.deleted_at IS NULL AND {ref}.deleted_at IS NULL{_UPSERT};"""


def _visit_share(ref: str, sign: int) -> str:
    return _delta("classroom", f"{ref}.walk_id", f"{ref}.classroom", str(sign), "0").replace(
        "w.deleted_at IS NULL", f"w.deleted_at IS NULL AND {ref}.classroom IS NOT NULL")


_WALK_CHANGED = ("OLD.school IS NOT NEW.school OR OLD.date IS NOT NEW.date OR OLD.protocol_id IS NOT NEW.protocol_id "
                 "OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)")
_NOTE_MOVED = "OLD.walk_id IS NOT NEW.walk_id OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)"
_KIND_CHANGED = f"{_NOTE_MOVED} OR OLD.kind IS NOT NEW.kind"
_GROUPS_CHANGED = f"{_NOTE_MOVED} OR OLD.student_groups IS NOT NEW.student_groups"


def _grouped(ref: str) -> str:
    return f"{ref}.student_groups IS NOT NULL AND {ref}.student_groups NOT IN ('', '[]')"

ROLLUP_SQL = f"""
CREATE TABLE rollup_counts (
    dimension TEXT NOT NULL, school TEXT NOT NULL, month TEXT NOT NULL, protocol_id TEXT NOT NULL,
    item TEXT NOT NULL, walks INTEGER NOT NULL DEFAULT 0, visits INTEGER NOT NULL DEFAULT 0,
    notes INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dimension, school, protocol_id, item, month)
) WITHOUT ROWID;

CREATE TRIGGER rollup_walk_insert AFTER INSERT ON walks WHEN NEW.deleted_at IS NULL BEGIN{_walk_share('NEW', 1)}
END;
CREATE TRIGGER rollup_walk_delete AFTER DELETE ON walks WHEN OLD.deleted_at IS NULL BEGIN{_walk_share('OLD', -1)}
END;
CREATE TRIGGER rollup_walk_update AFTER UPDATE OF school, date, protocol_id, deleted_at ON walks
WHEN {_WALK_CHANGED} BEGIN{_walk_share('OLD', -1)}{_walk_share('NEW', 1)}
END;

CREATE TRIGGER rollup_walk_counts_insert AFTER INSERT ON walk_counts BEGIN{
    _delta('walk', 'NEW.walk_id', "''", 'NEW.visits', 'NEW.notes')}
END;
CREATE TRIGGER rollup_walk_counts_update AFTER UPDATE ON walk_counts BEGIN{
    _delta('walk', 'NEW.walk_id', "''", 'NEW.visits - OLD.visits', 'NEW.notes - OLD.notes')}
END;
CREATE TRIGGER rollup_walk_counts_delete AFTER DELETE ON walk_counts BEGIN{
    _delta('walk', 'OLD.walk_id', "''", '-OLD.visits', '-OLD.notes')}
END;

CREATE TRIGGER rollup_look_for_insert AFTER INSERT ON walk_look_for_counts BEGIN{
    _delta('look_for', 'NEW.walk_id', 'NEW.look_for', 'NEW.visits', 'NEW.notes')}
END;
CREATE TRIGGER rollup_look_for_update AFTER UPDATE ON walk_look_for_counts BEGIN{
    _delta('look_for', 'NEW.walk_id', 'NEW.look_for', 'NEW.visits - OLD.visits', 'NEW.notes - OLD.notes')}
END;
CREATE TRIGGER rollup_look_for_delete AFTER DELETE ON walk_look_for_counts BEGIN{
    _delta('look_for', 'OLD.walk_id', 'OLD.look_for', '-OLD.visits', '-OLD.notes')}
END;

CREATE TRIGGER rollup_visit_insert AFTER INSERT ON visits BEGIN{_visit_share('NEW', 1)}
END;
CREATE TRIGGER rollup_visit_delete AFTER DELETE ON visits BEGIN{_visit_share('OLD', -1)}
END;
CREATE TRIGGER rollup_visit_update AFTER UPDATE OF walk_id, classroom ON visits
WHEN OLD.walk_id IS NOT NEW.walk_id OR OLD.classroom IS NOT NEW.classroom BEGIN{
    _visit_share('OLD', -1)}{_visit_share('NEW', 1)}
END;

CREATE TRIGGER rollup_note_insert AFTER INSERT ON evidence WHEN NEW.deleted_at IS NULL BEGIN{_note_kind('NEW', 1)}
END;
CREATE TRIGGER rollup_note_delete AFTER DELETE ON evidence WHEN OLD.deleted_at IS NULL BEGIN{_note_kind('OLD', -1)}
END;
CREATE TRIGGER rollup_note_update AFTER UPDATE OF walk_id, kind, deleted_at ON evidence
WHEN {_KIND_CHANGED} BEGIN{_note_kind('OLD', -1)}{_note_kind('NEW', 1)}
END;
CREATE TRIGGER rollup_note_groups_insert AFTER INSERT ON evidence
WHEN NEW.deleted_at IS NULL AND {_grouped('NEW')} BEGIN{_note_groups('NEW', 1)}
END;
CREATE TRIGGER rollup_note_groups_delete AFTER DELETE ON evidence
WHEN OLD.deleted_at IS NULL AND {_grouped('OLD')} BEGIN{_note_groups('OLD', -1)}
END;
CREATE TRIGGER rollup_note_groups_update AFTER UPDATE OF walk_id, student_groups, deleted_at ON evidence
WHEN ({_GROUPS_CHANGED}) AND ({_grouped('OLD')} OR {_grouped('NEW')}) BEGIN{
    _note_groups('OLD', -1).replace('WHERE', f"WHERE {_grouped('OLD')} AND", 1)}{
    _note_groups('NEW', 1).replace('WHERE', f"WHERE {_grouped('NEW')} AND", 1)}
END;
"""

ROLLUPS_FROM_RECORDS = f"""
SELECT dimension, school, month, protocol_id, item, SUM(walks) AS walks, SUM(visits) AS visits,
       SUM(notes) AS notes
FROM (
    SELECT 'walk' AS dimension, {_NAMED_BUCKET}, '' AS item, 1 AS walks,
           (SELECT COUNT(*) FROM visits v WHERE v.walk_id = w.id AND v.joins IS NULL) AS visits,
           (SELECT COUNT(*) FROM evidence e WHERE e.walk_id = w.id AND e.deleted_at IS NULL) AS notes
    FROM walks w WHERE w.deleted_at IS NULL
    UNION ALL
    SELECT 'look_for', {_BUCKET.format(w='w')}, t.look_for, 0, t.visits, t.notes
    FROM walks w JOIN (
        SELECT walk_id, look_for, COUNT(DISTINCT visit_id) AS visits, COUNT(*) AS notes
        FROM evidence_look_fors GROUP BY walk_id, look_for
    ) t ON t.walk_id = w.id WHERE w.deleted_at IS NULL
    UNION ALL
    SELECT 'classroom', {_BUCKET.format(w='w')}, v.classroom, 0, 1, 0
    FROM walks w JOIN visits v ON v.walk_id = w.id WHERE w.deleted_at IS NULL AND v.classroom IS NOT NULL
    UNION ALL
    SELECT 'kind', {_BUCKET.format(w='w')}, COALESCE(e.kind, ''), 0, 0, 1
    FROM walks w JOIN evidence e ON e.walk_id = w.id WHERE w.deleted_at IS NULL AND e.deleted_at IS NULL
    UNION ALL
    SELECT 'group', {_BUCKET.format(w='w')}, g.value, 0, 0, 1
    FROM walks w JOIN evidence e ON e.walk_id = w.id, json_each(e.student_groups) g
    WHERE w.deleted_at IS NULL AND e.deleted_at IS NULL
      AND e.student_groups IS NOT NULL AND e.student_groups != '[]'
)
GROUP BY dimension, school, month, protocol_id, item
"""
"""The roll-up counts computed afresh from the records themselves, not from any kept count
(exact, and slow over millions)."""


def fill_rollups(db) -> None:
    """Fill ``rollup_counts`` from the records (once, when the table is made)."""
    db.execute("DELETE FROM rollup_counts")
    db.execute(f"INSERT INTO rollup_counts (dimension, school, month, protocol_id, item, walks, visits, notes) "
               f"{ROLLUPS_FROM_RECORDS}")


def rollups_from_records(db) -> dict[tuple, tuple[int, int, int]]:
    """Every non-zero roll-up count, computed from the records: (dimension, school, month,
    protocol, item) -> (walks, visits, notes)."""
    return _nonzero(db.execute(ROLLUPS_FROM_RECORDS).fetchall())


def kept_rollups(db) -> dict[tuple, tuple[int, int, int]]:
    """Every non-zero roll-up count as the triggers kept it, keyed as :func:`rollups_from_records`."""
    return _nonzero(db.execute("SELECT dimension, school, month, protocol_id, item, walks, visits, notes "
                               "FROM rollup_counts").fetchall())


def _nonzero(rows) -> dict[tuple, tuple[int, int, int]]:
    return {tuple(row[:5]): tuple(row[5:]) for row in rows if any(row[5:])}
