"""A released migration never changes: the SQL that migration 0002 runs is built from
pieces shared by its triggers, and must stay the text databases were migrated with."""

import hashlib

from classwalk.core.storage.migrations import REPORT_COUNTS_SQL, sql_statements


def test_report_counts_sql_is_the_released_text():
    assert hashlib.sha256(REPORT_COUNTS_SQL.encode()).hexdigest() == "b8ccf6733b61006dec65c61b1f1190ea67413564a9bb2f5f761ee48ba8caf61b"


def test_report_counts_sql_has_every_released_trigger():
    triggers = [s.split()[2] for s in sql_statements(REPORT_COUNTS_SQL) if s.startswith("CREATE TRIGGER")]
    assert triggers == [
        "walk_counts_visit_insert", "walk_counts_visit_delete", "walk_counts_visit_move",
        "walk_counts_evidence_insert", "walk_counts_evidence_delete", "walk_counts_evidence_move",
        "walk_look_for_counts_insert", "walk_look_for_counts_delete", "walk_look_for_counts_update",
    ]
