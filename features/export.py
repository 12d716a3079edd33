"""A walk written out: a self-contained JSON bundle, a CSV of evidence, a Markdown report.

JSON is the complete record (it is what ``classwalk import`` reads, so it names
classrooms and teachers as entered). CSV and Markdown are for sharing: classrooms appear
as Room A, B, ... unless the walk names rooms, and teachers never appear.
"""

from __future__ import annotations

import json

from classwalk.core.convert import unstructure
from .debrief import build_debrief, room_labels
from classwalk.core.model import MODES
from classwalk.core.protocol import MODE_LABELS
from .render import csv_text, markdown_table, pattern_to_markdown

FORMATS = ("json", "csv", "md")


def export_walk(classwalk, walk_id: str, fmt: str) -> str:
    """The walk as text in ``fmt`` (json, csv or md)."""
    walk = classwalk.store.find_walk(walk_id)
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


def evidence_csv(classwalk, walk_id: str) -> str:
    store = classwalk.store
    walk = store.get_walk(walk_id)
    protocol = classwalk.protocols.find(walk.protocol_id)
    visits = store.visits_for_walk(walk_id)
    labels = room_labels(walk, visits)

    def look_for_label(tag):
        found = protocol.look_for(tag) if protocol else None
        return found.label if found else tag

    rows = [
        [
            walk.school, walk.date.isoformat(), labels.get(item.visit_id, ""),
            item.captured_at.isoformat(), item.kind, item.text,
            "; ".join(look_for_label(t) for t in item.look_fors),
            "; ".join(item.student_groups), item.student_label or "", item.question_id or "",
            item.mark or "", item.observer,
        ]
        for item in store.evidence_for_walk(walk_id)
    ]
    columns = ("school", "date", "classroom", "captured_at", "kind", "text", "look_fors",
               "student_groups", "student", "question", "mark", "observer")
    return csv_text(columns, rows)


def walk_markdown(classwalk, walk_id: str) -> str:
    store = classwalk.store
    walk = store.get_walk(walk_id)
    view = build_debrief(classwalk, walk)
    protocol = view.protocol
    visits = store.visits_for_walk(walk_id)
    evidence = store.evidence_for_walk(walk_id)
    lines = [f"# {protocol.name} — {walk.school}, {walk.date.isoformat()}", ""]
    facts = [
        ("Focus", walk.focus), ("Guiding question", walk.guiding_question),
        ("Focus shaped by", walk.focus_shaped_by),
        ("Slice", walk.slice.description or walk.slice.kind if walk.slice else ""),
        ("Mode", MODE_LABELS.get(walk.mode, walk.mode) if walk.mode in MODES else walk.mode),
        ("Observers", ", ".join(f"{o.name} ({o.role})" if o.role else o.name for o in walk.observers)),
        ("Visits", str(len(visits))), ("Notes", str(len(evidence))),
    ]
    lines += [f"- **{name}:** {value}" for name, value in facts if value]
    lines += ["", "## Patterns", ""]
    for pattern in view.patterns:
        lines += [pattern_to_markdown(pattern), ""]
    lines += ["## Evidence", ""]
    for visit in visits:
        label = view.room_labels[visit.id]
        minutes = visit.elapsed_seconds() / 60
        lines += [f"### {label} ({minutes:.0f} min)", ""]
        for item in (e for e in evidence if e.visit_id == visit.id):
            tags = ", ".join(item.look_fors)
            extra = f" [{tags}]" if tags else ""
            who = f"{item.student_label}: " if item.student_label else ""
            lines.append(f"- {item.captured_at:%H:%M} *{item.kind}*{extra} {who}{' '.join(item.text.split())}")
        lines.append("")
    loose = [e for e in evidence if e.visit_id is None]
    if loose:
        lines += ["### Walk-level notes", ""]
        lines += [f"- *{e.kind}* {' '.join(e.text.split())}" for e in loose]
        lines.append("")
    lines += ["## Debrief", ""]
    for prompt in view.prompts:
        answers = [r for r in view.responses if r.prompt_id == prompt.id and r.text.strip()]
        lines += [f"### {prompt.text}", ""]
        lines += [r.text.strip() + (f" — {r.author}" if r.author else "") for r in answers] or ["_(no response yet)_"]
        lines.append("")
    if view.next_steps:
        lines += ["## Next steps", "", markdown_table(
            ("next step", "owner", "due", "kind", "status"),
            [(s.text, s.owner, s.due.isoformat() if s.due else "", s.kind, s.status) for s in view.next_steps],
        ), ""]
    return "\n".join(lines).rstrip() + "\n"
