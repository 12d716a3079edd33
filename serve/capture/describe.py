"""What the page needs to know about a protocol and a walk, as plain data for templates and JS."""

from __future__ import annotations


def protocol_outline(protocol) -> dict:
    """The protocol's categories, kinds, groups, marks, questions and prompts, in its order."""
    return {
        "id": protocol.id,
        "name": protocol.name,
        "categories": [
            {"id": c.id, "label": c.label,
             "look_fors": [{"id": lf.id, "label": lf.label, "description": lf.description} for lf in c.look_fors]}
            for c in protocol.categories
        ],
        "kinds": [
            {"id": k.id, "label": k.label, "when": k.when,
             "marks": [{"id": m.id, "label": m.label} for m in k.marks]}
            for k in protocol.evidence_kinds
        ],
        "groups": [{"id": g.id, "label": g.label} for g in protocol.student_groups],
        "questions": [{"id": q.id, "text": q.text} for q in protocol.interview_questions],
        "interview_kind": protocol.interview_evidence_kind,
        "prompts": [{"id": p.id, "text": p.text, "help": p.help} for p in protocol.debrief_prompts],
        "intervals": _intervals(protocol.intervals) if protocol.capture == "intervals" else None,
        "snapshots": [{"id": s.id, "label": s.label, "description": s.description, "at_minutes": list(s.at_minutes)}
                      for s in protocol.snapshots],
        "items": [{"id": i.id, "label": i.label, "description": i.description, "type": i.type,
                   "choices": [{"id": c.id, "label": c.label} for c in i.choices], "max_count": i.max_count}
                  for i in protocol.visit_items],
    }


def _intervals(intervals) -> dict:
    return {
        "seconds": intervals.seconds, "grace": intervals.grace_seconds, "notes": intervals.notes,
        "sets": [{"id": s.id, "label": s.label, "several": s.several,
                  "codes": [{"id": f"{s.id}.{c.id}", "label": c.label, "short": c.short} for c in s.codes]}
                 for s in intervals.code_sets],
        "items": [{"id": i.id, "label": i.label, "choices": [{"id": c.id, "label": c.label} for c in i.choices]}
                  for i in intervals.items],
    }


def walk_fields(protocol) -> dict:
    """Which fields the new-walk form asks for: only those this protocol needs."""
    return {
        "focus": protocol.requires_focus,
        "guiding_question": protocol.requires_guiding_question,
        "slice": protocol.requires_slice,
        "slice_kinds": [{"id": k.id, "label": k.label, "tiered": k.tiered} for k in protocol.slice_kinds],
        "min_observers": protocol.min_observers,
    }


def timing_outline(protocol, walk) -> dict:
    """The visit's target and maximum in seconds, for the page's timer."""
    timing = protocol.timing.for_walk(walk)
    return {"target": int(timing.target_minutes * 60), "max": int(timing.max_minutes * 60)}


def note_data(note, classrooms: dict[str, str]) -> dict:
    """One note as the page shows it."""
    return {
        "id": note.id, "walk": note.walk_id, "visit": note.visit_id,
        "room": classrooms.get(note.visit_id or "", ""), "text": note.text, "kind": note.kind,
        "look_fors": list(note.look_fors), "groups": list(note.student_groups), "mark": note.mark,
        "student": note.student_label, "question": note.question_id, "observer": note.observer,
        "at": note.captured_at.isoformat(),
    }
