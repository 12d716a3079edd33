"""Versions of records kept beside the live one when an import met a different edit.

Nothing an observer entered is silently replaced: when a bundle's copy of a record
differs from this database's, one of them stays live and the other is kept here, listed
by ``classwalk conflicts`` and in the walk's Markdown export. Any record kind can use
this (pass its table name as ``kind``); the version is kept as the record's JSON.
"""

from __future__ import annotations

import json
import uuid

from classwalk.core.convert import unstructure
from classwalk.core.records.model import KeptVersion
from classwalk.core.clock import now
from classwalk.core.records.patterns import Pattern

KEPT_NAMESPACE = uuid.UUID("5c0d2e8a-7b41-4f0e-9d36-2a9e4b7c1f58")
KIND_NAMES = {
    "walks": "walk", "cycles": "cycle", "visits": "visits", "evidence": "notes",
    "debrief_responses": "debrief responses", "next_steps": "next steps", "feedback": "feedback",
    "interval_marks": "interval marks", "clock_events": "clock pauses and advances",
    "snapshot_counts": "snapshot counts", "item_answers": "item answers",
}
REASONS = {
    "bundle": "the bundle's version, not taken (this database's is newer or has no time to compare)",
    "replaced": "this database's version, replaced by a newer one from the bundle",
}
IGNORED_FIELDS = {"id", "walk_id", "visit_id"}


def version_json(record) -> str:
    """The record as canonical JSON (sorted keys), as it is kept."""
    return json.dumps(unstructure(record), ensure_ascii=False, sort_keys=True)


def kept_version(record, *, kind: str, walk_id: str, reason: str, source: str) -> KeptVersion:
    """A :class:`KeptVersion` of ``record``; the same version of the same record has the same id."""
    version = version_json(record)
    key = "\x1f".join((kind, record.id, version))
    return KeptVersion(
        id=str(uuid.uuid5(KEPT_NAMESPACE, key)), kind=kind, record_id=record.id, walk_id=walk_id,
        version=version, reason=reason, source=source, kept_at=now(),
    )


def differences(kept: KeptVersion, live: dict | None) -> list[tuple[str, object, object]]:
    """(field, live value, kept value) for each field where the kept version differs."""
    version = json.loads(kept.version)
    live = live or {}
    return [
        (name, live.get(name), value) for name, value in version.items()
        if name not in IGNORED_FIELDS and live.get(name) != value
    ]


def _live_record(store, kept: KeptVersion) -> dict | None:
    rows = list(store.db[kept.kind].rows_where("id = ?", [kept.record_id], limit=1)) if kept.kind in store.db.table_names() else []
    if not rows:
        return None
    from classwalk.core.storage.store import TABLES, _from_row

    classes = {table: cls for cls, table in TABLES.items()}
    cls = classes.get(kept.kind)
    return unstructure(_from_row(rows[0], cls)) if cls else dict(rows[0])


def _value(value) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


PRIVATE_KINDS = {"feedback"}
PRIVATE_FIELDS = {"teacher"}


def kept_versions_pattern(store, walk_id: str, rewrite=None, hide_rooms: bool = False,
                          with_responses: bool = False) -> Pattern:
    """One row per differing field of each kept version of the walk's records.

    A faculty output passes ``rewrite`` (its anonymiser, applied to every value shown):
    then feedback and teachers' names are left out, and room names too if ``hide_rooms``.
    ``with_responses`` adds the second versions of debrief responses (which the debrief
    itself shows beside the first).
    """
    hidden = set()
    if rewrite is not None:
        hidden = PRIVATE_FIELDS | ({"classroom"} if hide_rooms else set())
    rewrite = rewrite or (lambda text: text)
    rows = []
    for kept in store.kept_versions(walk_id):
        if hidden and kept.kind in PRIVATE_KINDS:
            continue
        live = _live_record(store, kept)
        for name, live_value, kept_value in differences(kept, live):
            if name in hidden:
                continue
            rows.append([
                KIND_NAMES.get(kept.kind, kept.kind), kept.record_id[:8], name,
                rewrite(_value(live_value)), rewrite(_value(kept_value)),
                "bundle" if kept.reason == "bundle" else "replaced", kept.kept_at.strftime("%Y-%m-%d %H:%M"),
            ])
    if with_responses:
        rows += _response_rows(store, walk_id)
    return Pattern(
        id="kept_versions", title="Versions kept from imports",
        columns=("record", "id", "field", "live version", "kept version", "kept because", "kept (UTC)"),
        rows=rows,
        note="'bundle': the imported version was not newer; 'replaced': this database's version, replaced by a newer import.",
    )


def _response_rows(store, walk_id: str) -> list[list]:
    """Second versions of debrief responses, beside the version they differ from."""
    responses = store.responses_for_walk(walk_id)
    first = {response.id: response for response in responses if response.conflict_of is None}
    return [
        ["debrief responses", second.conflict_of[:8], "text",
         first[second.conflict_of].text if second.conflict_of in first else "", second.text,
         "bundle (both shown)", second.updated_at.strftime("%Y-%m-%d %H:%M")]
        for second in responses if second.conflict_of is not None
    ]


def received_pattern(store, walk_id: str) -> Pattern:
    """Who sent each of the walk's records that arrived by import or sync, and when."""
    rows = [[KIND_NAMES.get(r.kind, r.kind), r.record_id[:8], r.sent_by or "(not named)",
             r.received_at.strftime("%Y-%m-%d %H:%M"), r.source]
            for r in store.received_for_walk(walk_id)]
    return Pattern(
        id="received", title="Records that arrived by import or sync",
        columns=("record", "id", "sent by", "received (UTC)", "from"), rows=rows,
        note="The account (or the observer importing) that sent each record; a note's writer is its observer.",
    )
