"""A walk written out: a self-contained JSON bundle, a CSV of evidence, a Markdown report.

JSON is the complete record (it is what ``classwalk import`` reads, so it names
classrooms and teachers as entered). CSV and Markdown are for sharing: classrooms appear
as Room A, B, ... unless the walk names rooms, and teachers never appear — not even in
the free text of notes, answers and next steps (see :mod:`.anonymise`).
"""

from __future__ import annotations

import json

from classwalk.core.convert import unstructure
from classwalk.features.outputs.anonymise import Anonymiser, for_walk
from classwalk.features.debriefs.debrief import build_debrief, room_labels
from classwalk.features.bundles.kept_versions import kept_versions_pattern
from classwalk.features.outputs.labels import Labels
from classwalk.features.outputs import localtime
from classwalk.features.capture.team import classroom_visits
from classwalk.core.records.model import MODES, DebriefResponse, Evidence
from classwalk.core.protocols.protocol import MODE_LABELS
from classwalk.features.outputs.render import csv_text, markdown_table, pattern_to_markdown

FORMATS = ("json", "csv", "md")


def export_walk(classwalk, walk_id: str, fmt: str) -> str:
    """The walk as text in ``fmt`` (json, csv or md)."""
    # A deleted walk still exports as a JSON bundle, which says it is deleted.
    walk = classwalk.store.find_walk(walk_id, deleted=None if fmt == "json" else False)
    if fmt == "json":
        return bundle_json(classwalk, walk.id)
    if fmt == "csv":
        return evidence_csv(classwalk, walk.id)
    if fmt == "md":
        return walk_markdown(classwalk, walk.id)
    raise ValueError(f"unknown format {fmt!r}")


def bundle_json(classwalk, walk_id: str) -> str:
    bundle = classwalk.store.walk_bundle(walk_id)
    return json.dumps(unstructure(bundle), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ("school", "date", "classroom", "captured_at", "captured_local", "kind", "text", "look_fors",
               "student_groups", "student", "question", "mark", "observer", "edited_by", "edited_at")
"""``captured_at`` is ISO 8601 in UTC with its offset; ``captured_local`` the same moment in the local zone."""


def evidence_csv(classwalk, walk_id: str) -> str:
    """One row a note, in the protocol's words (kinds, look-fors, groups, marks, questions)."""
    store = classwalk.store
    walk = store.get_walk(walk_id)
    visits = store.visits_for_walk(walk_id)
    labels = Labels(classwalk.protocols.find(walk.protocol_id))
    rooms = room_labels(walk, visits)
    anonymise = Anonymiser(walk, visits, rooms)
    rows = [
        [
            walk.school, walk.date.isoformat(), rooms.get(item.visit_id, ""),
            item.captured_at.isoformat(), localtime.iso(item.captured_at), labels.kind(item.kind),
            anonymise(item.text),
            "; ".join(labels.look_fors(item.look_fors)), "; ".join(labels.groups(item.student_groups)),
            item.student_label or "", labels.question(item.question_id), labels.mark(item.kind, item.mark),
            item.observer, item.edited_by if item.edited_at else "",
            item.edited_at.isoformat() if item.edited_at else "",
        ]
        for item in store.evidence_for_walk(walk_id)
    ]
    return csv_text(CSV_COLUMNS, rows)


def _flat(text: str) -> str:
    return " ".join(text.split())


def evidence_line(item: Evidence, labels: Labels, with_time: bool = True) -> str:
    """One note as a Markdown list item: time, kind, the student and question of an answer, details."""
    head = f"{localtime.clock(item.captured_at)} " if with_time else ""
    line = f"- {head}**{labels.kind(item.kind)}**"
    if item.student_label or item.question_id:
        asked = labels.question(item.question_id)
        line += f", {item.student_label or 'a student'}" + (f", asked \"{_flat(asked)}\"" if asked else "")
    line += f": {_flat(item.text)}"
    details = labels.details(item)
    if details:
        line += " _(" + " · ".join(f"{what}: {value}" for what, value in details) + ")_"
    return line


def response_lines(responses: list[DebriefResponse]) -> list[str]:
    """Each answer to one prompt with who wrote it; a version an import kept says when it came."""
    lines = []
    for response in sorted(responses, key=lambda r: r.updated_at):
        who = response.author or "an observer"
        when = localtime.stamp(response.updated_at)
        label = f"{who}, {when}" + (", a second version kept by an import" if response.conflict_of else "")
        lines += [f"{response.text.strip()}", f"— _{label}_", ""]
    return lines


def _notes_fact(store, walk_id: str, evidence: list[Evidence]) -> str:
    """How many notes, how many of them edited, and how many were deleted (left out of this report)."""
    edited = sum(1 for item in evidence if item.edited_at is not None)
    deleted = len(store.evidence_for_walk(walk_id, deleted=True))
    extra = [f"{edited} edited"] if edited else []
    extra += [f"{deleted} deleted, left out" if deleted else ""]
    extra = [part for part in extra if part]
    return str(len(evidence)) + (f" ({'; '.join(extra)})" if extra else "")


def visit_length(seconds: float) -> str:
    """How long a visit lasted, as a reader says it: ``under a minute``, ``1 min``, ``12 min``."""
    return "under a minute" if seconds < 60 else f"{seconds / 60:.0f} min"


def walk_markdown(classwalk, walk_id: str) -> str:
    store = classwalk.store
    walk = store.get_walk(walk_id)
    anonymise = for_walk(store, walk)
    view = build_debrief(classwalk, walk, anonymiser=anonymise)
    protocol = view.protocol
    labels = Labels(protocol)
    visits = store.visits_for_walk(walk_id)
    stays = classroom_visits(visits)  # observers in one classroom together: one classroom visit
    evidence = [anonymise.record(item, "text") for item in store.evidence_for_walk(walk_id)]
    lines = [f"# {protocol.name} — {walk.school}, {walk.date.isoformat()}", ""]
    facts = [
        ("Focus", anonymise(walk.focus)), ("Guiding question", anonymise(walk.guiding_question)),
        ("Focus shaped by", anonymise(walk.focus_shaped_by)),
        ("Look-fors kept to", "; ".join(c.label for c in protocol.categories if c.id in walk.focus_categories)),
        ("Slice of learning", anonymise(labels.slice(walk.slice))),
        ("Mode", MODE_LABELS.get(walk.mode, walk.mode) if walk.mode in MODES else walk.mode),
        ("Observers", ", ".join(labels.observer(o) for o in walk.observers)),
        ("Visits", str(len(stays))), ("Notes", _notes_fact(store, walk_id, evidence)),
        ("Times", f"local time ({localtime.zone_label(visits[0].started_at if visits else None)})"),
    ]
    lines += [f"- **{name}:** {value}" for name, value in facts if value]
    lines += ["", "## Patterns", ""]
    for pattern in view.patterns:
        lines += [pattern_to_markdown(pattern), ""]
    lines += ["## Evidence", ""]
    for stay in stays:
        label = view.room_labels[stay.first.id]
        lines += [f"### {label} ({visit_length(stay.elapsed_seconds())})", ""]
        ids = {visit.id for visit in stay.visits}
        lines += [evidence_line(item, labels) for item in evidence if item.visit_id in ids]
        lines.append("")
    loose = [e for e in evidence if e.visit_id is None]
    if loose:
        lines += ["### Walk-level notes", ""]
        lines += [evidence_line(item, labels, with_time=False) for item in loose]
        lines.append("")
    lines += ["## Debrief", ""]
    for prompt in view.prompts:
        answers = [r for r in view.responses if r.prompt_id == prompt.id and r.text.strip()]
        lines += [f"### {prompt.text}", ""]
        lines += response_lines(answers) or ["_(no response yet)_", ""]
    if view.next_steps:
        with_author = any(s.author for s in view.next_steps)
        columns = ("next step", "owner", "due", "kind", "status") + (("written by",) if with_author else ())
        lines += ["## Next steps", "", markdown_table(columns, [
            (s.text, s.owner, s.due.isoformat() if s.due else "", s.kind, s.status)
            + ((s.author,) if with_author else ())
            for s in view.next_steps
        ]), ""]
    kept = kept_versions_pattern(store, walk_id, rewrite=anonymise, hide_rooms=not walk.name_rooms)
    if kept.rows:
        lines += [pattern_to_markdown(kept, level=2), ""]
    return "\n".join(lines).rstrip() + "\n"
