"""The database schema, as named migrations applied in order (sqlite-utils ``Migrations``).

Never edit a released migration: add a new one. tests/fixtures holds a database made by
the first schema, to prove later ones carry everything forward.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("classwalk")


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
