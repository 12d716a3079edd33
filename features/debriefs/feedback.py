"""Individual feedback: one teacher, from that teacher's own visits only.

A feedback item is a reflective question (the protocol's hook drafts it from the visit's
notes) with a status — drafted, shared, discussed — and a due date, 48 hours after the
visit unless the observer sets another. Drafted items past their due date are overdue.
Nothing here compares teachers; everything is about one teacher's visits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from attrs import evolve

from classwalk.core.errors import ClasswalkError, NotFound
from classwalk.core.records.model import FEEDBACK_STATUSES, Feedback, Visit
from classwalk.core.clock import now
from classwalk.core.records.patterns import Pattern
from classwalk.core.storage.store import _from_row
from classwalk.features.outputs import localtime

DUE_AFTER = dt.timedelta(hours=48)


def _by_prefix(store, table: str, cls: type, ref: str, what: str):
    key = ref.strip().lower().replace("%", "")
    rows = list(store.db[table].rows_where("id LIKE ?", [key + "%"], limit=2)) if key else []
    if not rows:
        raise NotFound(f"no {what} with id {ref!r}")
    if len(rows) > 1:
        raise NotFound(f"{what} id {ref!r} is ambiguous: give more characters")
    return _from_row(rows[0], cls)


def find_visit(store, ref: str) -> Visit:
    """A visit by full id or unique id prefix."""
    return _by_prefix(store, "visits", Visit, ref, "visit")


def find_feedback(store, ref: str) -> Feedback:
    """A feedback item by full id or unique id prefix."""
    return _by_prefix(store, "feedback", Feedback, ref, "feedback")


def default_due(visit: Visit) -> dt.datetime:
    """48 hours after the visit ended (or began, if it is still open)."""
    return (visit.ended_at or visit.started_at) + DUE_AFTER


def suggested_question(classwalk, visit: Visit) -> str | None:
    """The protocol's reflective question for ``visit``, from that visit's notes only."""
    store = classwalk.store
    walk = store.get_walk(visit.walk_id)
    protocol = classwalk.protocols.get(walk.protocol_id)
    return classwalk.reflective_question(protocol, visit, store.evidence_for_visit(visit.id))


def draft_feedback(classwalk, visit_ref: str, question: str | None = None,
                   due: dt.datetime | None = None, author: str = "") -> Feedback:
    """Save a drafted feedback item for the teacher of one visit, written by ``author``
    (default: the observer of the visit)."""
    store = classwalk.store
    visit = find_visit(store, visit_ref)
    text = (question or "").strip() or suggested_question(classwalk, visit)
    if not text:
        raise ClasswalkError(
            f"visit {visit.id[:8]}: no reflective question could be drawn from its notes; give one with --question"
        )
    moment = now()
    feedback = Feedback(
        visit_id=visit.id, teacher=visit.teacher, question=text, status="drafted",
        due=due or default_due(visit), updated_at=moment, author=author or visit.observer,
    )
    store.save_feedback(feedback)
    return feedback


def set_status(classwalk, feedback_ref: str, status: str) -> Feedback:
    """Move a feedback item to drafted, shared or discussed."""
    if status not in FEEDBACK_STATUSES:
        raise ClasswalkError(f"unknown feedback status {status!r} (choose from {', '.join(FEEDBACK_STATUSES)})")
    store = classwalk.store
    updated = evolve(find_feedback(store, feedback_ref), status=status, updated_at=now())
    store.save_feedback(updated)
    return updated


def is_overdue(feedback: Feedback, at: dt.datetime) -> bool:
    """Still only drafted after its due date."""
    return feedback.status == "drafted" and feedback.due < at


def overdue(store, at: dt.datetime | None = None) -> list[Feedback]:
    """Feedback still drafted after its due date, oldest due first."""
    at = at or now()
    return [f for f in store.list_feedback() if is_overdue(f, at)]


def teacher_visits(store, teacher: str) -> list[Visit]:
    """Every visit to ``teacher``'s classroom, oldest first."""
    if not teacher.strip():
        raise ClasswalkError("give a teacher's name")
    rows = store.db["visits"].rows_where(
        "teacher = ? AND walk_id IN (SELECT id FROM walks WHERE deleted_at IS NULL)", [teacher],
        order_by="started_at, id")
    return [_from_row(row, Visit) for row in rows]


def feedback_list_pattern(items: list[Feedback], visits: dict[str, Visit], at: dt.datetime) -> Pattern:
    rows = [
        [f.id[:8], localtime.day(visits[f.visit_id].started_at).isoformat() if f.visit_id in visits else "",
         f.teacher, f.status, localtime.stamp(f.due), "overdue" if is_overdue(f, at) else "", f.question]
        for f in items
    ]
    return Pattern(id="feedback", title="Feedback to teachers",
                   columns=("id", "visit", "teacher", "status", f"due ({localtime.zone_label()})", "late",
                            "question"), rows=rows)


def teacher_feedback(classwalk, teacher: str, today: dt.date | None = None) -> list[Pattern]:
    """One teacher's page: their visits, whether a conversation is due, their feedback."""
    store = classwalk.store
    visits = teacher_visits(store, teacher)
    if not visits:
        raise NotFound(f"no visits to a teacher named {teacher!r}")
    evidence = {visit.id: store.evidence_for_visit(visit.id) for visit in visits}
    walks = {visit.walk_id: store.get_walk(visit.walk_id) for visit in visits}
    visit_rows = []
    by_protocol: dict[str, list[Visit]] = defaultdict(list)
    for visit in visits:
        protocol = classwalk.protocols.find(walks[visit.walk_id].protocol_id)
        by_protocol[walks[visit.walk_id].protocol_id].append(visit)
        tags = dict.fromkeys(tag for item in evidence[visit.id] for tag in item.look_fors)
        names = [protocol.look_for_label(tag) if protocol else tag for tag in tags]
        visit_rows.append([
            visit.id[:8], localtime.day(visit.started_at).isoformat(), visit.classroom,
            round(visit.elapsed_seconds() / 60, 1), len(evidence[visit.id]), "; ".join(names),
        ])
    follow_rows = []
    for protocol_id, own_visits in by_protocol.items():
        protocol = classwalk.protocols.find(protocol_id)
        if protocol is None:
            continue
        own_evidence = [item for visit in own_visits for item in evidence[visit.id]]
        suggestion = classwalk.follow_up_due(protocol, own_visits, own_evidence, today=today)
        if suggestion is not None:
            follow_rows.append([protocol.name, "yes" if suggestion.due else "not yet", suggestion.reason])
    items = [f for visit in visits for f in store.feedback_for_visit(visit.id)]
    at = now()
    patterns = [
        Pattern(id="teacher_visits", title=f"Visits to {teacher}",
                columns=("visit", "date", "classroom", "minutes", "notes", "look-fors noted"), rows=visit_rows),
        Pattern(id="teacher_follow_up", title="Is a reflective conversation due?",
                columns=("protocol", "due", "why"), rows=follow_rows),
        feedback_list_pattern(items, {v.id: v for v in visits}, at),
    ]
    latest = visits[-1]
    question = suggested_question(classwalk, latest)
    if question:
        patterns.append(Pattern(
            id="teacher_question", title="A reflective question from the latest visit",
            columns=("visit", "question"), rows=[[latest.id[:8], question]],
        ))
    return patterns
