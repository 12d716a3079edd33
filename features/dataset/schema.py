"""The tables of a classwalk dataset, column by column: what ``classwalk data export``
writes and what docs/data.md (the data dictionary) is generated from.

Change a table here and bump :data:`SCHEMA_VERSION` when a column is renamed, removed
or changes meaning (adding a column is a minor change: readers keep working).
"""

from __future__ import annotations

from attrs import frozen

SCHEMA_VERSION = "1.0"
TYPES = {
    "string": "text",
    "int": "whole number (64-bit)",
    "float": "number (64-bit floating point)",
    "bool": "true / false",
    "timestamp": "time, UTC (Parquet: timestamp in milliseconds, UTC; CSV: ISO 8601 with offset)",
    "date": "calendar date (Parquet: date; CSV: YYYY-MM-DD)",
}
PARTITIONS = (
    ("school_key", "the school's name made safe for a folder name (lowercase letters, digits and '-')"),
    ("school_year", "the school year of the walk's date, e.g. 2026-2027 (a school year starts on 1 July)"),
)


@frozen
class Column:
    name: str
    type: str
    description: str
    nullable: bool = True


@frozen
class Table:
    name: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _c(name: str, type_: str, description: str, nullable: bool = True) -> Column:
    return Column(name, type_, description, nullable)


def _id(name: str, what: str) -> Column:
    return Column(name, "string", what, False)


WALK_ID = _id("walk_id", "the walk (see `walks`)")
VISIT_ID = _id("visit_id", "one observer's visit record (see `visits`)")
CLASSROOM_VISIT_ID = _id(
    "classroom_visit_id",
    "the classroom visit: one classroom at one time, however many observers recorded it (the id of its "
    "earliest visit record); count lessons with COUNT(DISTINCT classroom_visit_id)")

TABLES: tuple[Table, ...] = (
    Table("walks", "One row per walk: a series of classroom visits under one protocol (deleted walks, and "
          "everything of theirs, are left out of every table).", ("walk_id",), (
        _id("walk_id", "the walk's id (a UUID, the same in every database the walk was merged into)"),
        _id("protocol_id", "the protocol walked"),
        _c("protocol_name", "string", "the protocol's name"),
        _c("protocol_version", "string", "the protocol's version"),
        _id("school", "the school, as the observers named it"),
        _c("date", "date", "the walk's date", False),
        _c("focus", "string", "the walk's focus"),
        _c("guiding_question", "string", "the guiding question"),
        _c("focus_categories", "string", "ids of the look-for categories chosen as the focus, separated by ';'"),
        _c("mode", "string", "in_person or video"),
        _c("status", "string", "in_progress, debriefing or closed"),
        _c("cycle_id", "string", "the cycle the walk belongs to (empty if none)"),
        _c("cycle_name", "string", "the cycle's name"),
        _c("observers", "int", "how many observers the walk lists"),
        _c("created_at", "timestamp", "when the walk was started"),
        _c("updated_at", "timestamp", "when the walk was last changed"),
    )),
    Table("visits", "One row per observer's visit record. Records of the same classroom at overlapping "
          "times share a `classroom_visit_id`: count lessons by that, not by rows.", ("visit_id",), (
        VISIT_ID, WALK_ID, CLASSROOM_VISIT_ID,
        _c("classroom", "string", "the classroom as named at the school"),
        _c("teacher", "string", "the teacher: a pseudonym (teacher-…) unless exported --with-names"),
        _c("grade", "string", "grade"),
        _c("subject", "string", "subject"),
        _c("observer", "string", "who recorded the visit"),
        _c("observer_number", "int", "1 for the observer whose coding leads the classroom visit, 2, 3... for others"),
        _c("started_at", "timestamp", "when the observer walked in", False),
        _c("ended_at", "timestamp", "when the visit ended (empty while open)"),
        _c("minutes", "float", "minutes in the room (empty while open)"),
        _c("slice_kind", "string", "the defined slice of learning, if any"),
        _c("slice_tier", "int", "the slice's tier, if any"),
    )),
    Table("observers", "One row per observer listed on a walk.", ("walk_id", "observer"), (
        WALK_ID,
        _id("observer", "the observer's name"),
        _c("role", "string", "the role they took"),
    )),
    Table("notes", "One row per note (evidence), interview answers included; deleted notes left out.",
          ("note_id",), (
        _id("note_id", "the note's id"), WALK_ID,
        _c("visit_id", "string", "the visit record it belongs to (empty: a note about the whole walk)"),
        _c("classroom_visit_id", "string", "the classroom visit it belongs to"),
        _id("kind", "the evidence kind's id"),
        _c("kind_label", "string", "the evidence kind's label"),
        _c("text", "string", "what the observer wrote (teachers' names replaced by their pseudonyms unless --with-names)"),
        _c("observer", "string", "who wrote it"),
        _c("captured_at", "timestamp", "when it was saved", False),
        _c("month", "string", "the month it was saved, YYYY-MM (UTC)", False),
        _c("edited_at", "timestamp", "when it was last edited (empty if never)"),
        _c("mark", "string", "the kind's mark, if any"),
        _c("interval", "int", "the interval it was typed in, for interval protocols (empty otherwise)"),
        _c("video_offset_seconds", "int", "where in a submitted video it was seen"),
        _c("look_fors", "int", "how many look-fors it is tagged with (see `note_look_fors`)", False),
        _c("student_label", "string", "for an interview answer: Student A, B... (never a name)"),
        _c("question_id", "string", "for an interview answer: the question's id"),
    )),
    Table("note_look_fors", "One row per look-for a note is tagged with.", ("note_id", "look_for_id"), (
        _id("note_id", "the note"), WALK_ID,
        _c("visit_id", "string", "the note's visit record"),
        _c("classroom_visit_id", "string", "the note's classroom visit"),
        _id("look_for_id", "the look-for's id"),
        _c("look_for_label", "string", "the look-for's label"),
        _c("category_id", "string", "its category's id"),
        _c("category_label", "string", "its category's label"),
    )),
    Table("note_student_groups", "One row per student group a note is tagged with (groups, never a student).",
          ("note_id", "student_group_id"), (
        _id("note_id", "the note"), WALK_ID,
        _id("student_group_id", "the student group's id"),
        _c("student_group_label", "string", "the student group's label"),
    )),
    Table("interview_answers", "One row per student interview answer, with its question (each is also a "
          "row of `notes`); students appear only as labels.", ("answer_id",), (
        _id("answer_id", "the answer's id (its `note_id` in `notes`)"), WALK_ID,
        _c("visit_id", "string", "the visit record"),
        _c("classroom_visit_id", "string", "the classroom visit"),
        _id("student_label", "Student A, Student B... within the visit; never a name"),
        _c("question_id", "string", "the question's id"),
        _c("question_label", "string", "the question as asked"),
        _c("text", "string", "the answer as written down"),
        _c("observer", "string", "who wrote it"),
        _c("captured_at", "timestamp", "when it was saved", False),
    )),
    Table("intervals", "One row per interval each observer covered in a visit of an interval protocol.",
          ("interval_id",), (
        _id("interval_id", "this interval of this observer's coding"),
        WALK_ID, VISIT_ID, CLASSROOM_VISIT_ID,
        _c("observer", "string", "whose coding"),
        _c("lead_coding", "bool", "true for the coding the classroom visit's counts come from (one per "
           "classroom visit): filter on it to count each lesson's intervals once", False),
        _c("interval", "int", "the interval's number, from 1", False),
        _c("started_at", "timestamp", "when the interval began, by the clock", False),
        _c("ended_at", "timestamp", "when it ended (the next began)", False),
        _c("seconds", "float", "its length on the clock (longer when paused)", False),
        _c("observed", "bool", "false when the observer marked the interval not observed: leave it out "
           "of every denominator", False),
        _c("codes", "int", "how many codes were ticked in it", False),
    )),
    Table("interval_ticks", "One row per code ticked in an interval (the ticks that stand after corrections).",
          ("interval_id", "code_id"), (
        _id("interval_id", "the interval (see `intervals`)"), WALK_ID, VISIT_ID, CLASSROOM_VISIT_ID,
        _c("observer", "string", "whose coding"),
        _c("interval", "int", "the interval's number", False),
        _id("code_id", "the code, qualified by its set: set.code"),
        _c("code_set_id", "string", "the code set's id"),
        _c("code_set_label", "string", "the code set's label"),
        _c("code_label", "string", "the code's label"),
    )),
    Table("interval_choices", "One row per one-choice item answered in an interval.", ("interval_id", "item_id"), (
        _id("interval_id", "the interval (see `intervals`)"), WALK_ID, VISIT_ID, CLASSROOM_VISIT_ID,
        _c("observer", "string", "whose coding"),
        _c("interval", "int", "the interval's number", False),
        _id("item_id", "the item's id"),
        _c("item_label", "string", "the item's label"),
        _id("choice_id", "the choice made"),
        _c("choice_label", "string", "the choice's label"),
    )),
    Table("snapshot_counts", "One row per count of students (k of N present).", ("count_id",), (
        _id("count_id", "the count's id"), WALK_ID, VISIT_ID, CLASSROOM_VISIT_ID,
        _id("snapshot_id", "what was counted"),
        _c("snapshot_label", "string", "its label"),
        _c("count", "int", "students showing it", False),
        _c("present", "int", "students present", False),
        _c("share", "float", "count / present, 0-1", False),
        _c("minute", "float", "the set minute it was due at (empty: taken when the observer chose)"),
        _c("observer", "string", "who counted"),
        _c("taken_at", "timestamp", "when", False),
    )),
    Table("visit_items", "One row per answer to a typed item of a visit (empty answers left out).", ("answer_id",), (
        _id("answer_id", "the answer's id"), WALK_ID, VISIT_ID, CLASSROOM_VISIT_ID,
        _id("item_id", "the item's id"),
        _c("item_label", "string", "the item's label"),
        _c("item_type", "string", "choice, count or text"),
        _c("value", "string", "the answer as stored (a choice id, a count or a text)", False),
        _c("count", "int", "the answer as a number, for count items"),
        _c("choice_label", "string", "the choice's label, for choice items"),
        _c("observer", "string", "who answered"),
        _c("updated_at", "timestamp", "when", False),
    )),
    Table("debrief_answers", "One row per answer to a debrief prompt.", ("response_id",), (
        _id("response_id", "the answer's id"), WALK_ID,
        _id("prompt_id", "the prompt's id"),
        _c("prompt_label", "string", "the prompt"),
        _c("text", "string", "the answer (teachers' names replaced unless --with-names)"),
        _c("author", "string", "who wrote it"),
        _c("conflict_of", "string", "set on a second version kept by an import: the answer it differs from"),
        _c("updated_at", "timestamp", "when", False),
    )),
    Table("next_steps", "One row per next step the walk led to.", ("step_id",), (
        _id("step_id", "the step's id"), WALK_ID,
        _c("text", "string", "the step (teachers' names replaced unless --with-names)"),
        _c("owner", "string", "who owns it"),
        _c("due", "date", "when it is due"),
        _c("kind", "string", "its kind"),
        _c("status", "string", "open or done"),
        _c("author", "string", "who wrote it"),
        _c("updated_at", "timestamp", "when", False),
    )),
    Table("feedback", "One row per piece of private feedback to a teacher about a visit.", ("feedback_id",), (
        _id("feedback_id", "the feedback's id"), WALK_ID, VISIT_ID, CLASSROOM_VISIT_ID,
        _c("teacher", "string", "the teacher: a pseudonym unless --with-names"),
        _c("question", "string", "the reflective question (teachers' names replaced unless --with-names)"),
        _c("status", "string", "drafted, shared or discussed"),
        _c("due", "timestamp", "when it is due", False),
        _c("author", "string", "who wrote it"),
        _c("updated_at", "timestamp", "when", False),
    )),
)
TABLE_NAMES = tuple(table.name for table in TABLES)


def table(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)


EXAMPLE_QUERIES = (
    ("Share of intervals per code across the district",
     "Each lesson's intervals counted once (the lead coding), intervals marked not observed left out.",
     """\
WITH lead AS (
    SELECT i.interval_id, w.protocol_id
    FROM read_parquet('DATA/intervals/*/*/*.parquet', hive_partitioning = true) i
    JOIN read_parquet('DATA/walks/*/*/*.parquet', hive_partitioning = true) w USING (walk_id)
    WHERE i.lead_coding AND i.observed
),
totals AS (SELECT protocol_id, COUNT(*) AS intervals FROM lead GROUP BY protocol_id)
SELECT lead.protocol_id, t.code_id, any_value(t.code_label) AS code,
       COUNT(*) AS intervals_with_code, any_value(totals.intervals) AS intervals,
       COUNT(*) / any_value(totals.intervals) AS share
FROM read_parquet('DATA/interval_ticks/*/*/*.parquet', hive_partitioning = true) t
JOIN lead USING (interval_id)
JOIN totals USING (protocol_id)
GROUP BY lead.protocol_id, t.code_id
ORDER BY lead.protocol_id, t.code_id;"""),
    ("Notes per look-for per month",
     "Notes tagged with each look-for, month by month, across every school in the dataset.",
     """\
SELECT n.month, l.look_for_id, any_value(l.look_for_label) AS look_for, COUNT(*) AS notes
FROM read_parquet('DATA/note_look_fors/*/*/*.parquet', hive_partitioning = true) l
JOIN read_parquet('DATA/notes/*/*/*.parquet', hive_partitioning = true) n USING (note_id)
GROUP BY n.month, l.look_for_id
ORDER BY n.month, l.look_for_id;"""),
    ("Lessons per school and school year",
     "Classroom visits, each counted once however many observers recorded it.",
     """\
SELECT school_key, school_year, COUNT(DISTINCT classroom_visit_id) AS lessons, COUNT(*) AS visit_records
FROM read_parquet('DATA/visits/*/*/*.parquet', hive_partitioning = true)
GROUP BY school_key, school_year
ORDER BY school_key, school_year;"""),
)
