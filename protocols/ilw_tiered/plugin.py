"""Hooks of the tiered instructional learning walk: protocol, timer, snapshot and coaching.

Every hook answers for the ``ilw_tiered`` protocol and any protocol based on it (a
district's file with ``extends = "ilw_tiered"``). Such a file may drop or relabel what
the hooks use: a table whose evidence kind or marks are gone is left out, a missing
coaching prompt falls back to another. The debrief adds the snapshot
evidence table (room × evidence kind), a table separating watered-down work from
challenge with support (from the marks put on scaffolds), the interview answers under
student labels, and the coaching conversation's questions beside evidence to start from.
Rooms are labelled as :func:`classwalk.features.debriefs.debrief.room_labels` says (anonymous unless
the walk names rooms); students only ever appear as Student A, B...
"""

from __future__ import annotations


import attrs

from classwalk.features.debriefs.debrief import room_labels
from classwalk.core.records.patterns import Pattern
from classwalk.protocols.builtin import due_after_last_visit, BuiltinProtocol, plain_question, question_stems
from classwalk.core.text import shorten
from classwalk.core.protocols.timing import status_from_timing

PROTOCOL_ID = "ilw_tiered"
PROTOCOL = BuiltinProtocol(PROTOCOL_ID, __file__)
PROTOCOL_FILE = PROTOCOL.path
classwalk_register_protocols = PROTOCOL.register_hook()
KEEPS, REMOVES = "keeps_challenge", "removes_challenge"
SCAFFOLD = "scaffold"
BEFORE_LEAVING = (("work_sample", "a work sample"), (SCAFFOLD, "the scaffolds in use"))
SNIPPET_LENGTH = 70
COACHING_WITHIN_DAYS = 7


@PROTOCOL.hook
def classwalk_timing_status(protocol, walk, elapsed_seconds):
    """10-15 minutes on the slice; near the target, check the snapshot row is complete."""
    timing = protocol.timing.for_walk(walk)
    status = status_from_timing(timing, elapsed_seconds)
    messages = {
        "at_target": "slice time reached: finish the "
                     + ("interview" if _interviews(protocol) else "exchange") + " you are in",
        "past_max": f"past {timing.max_minutes:g} minutes on the slice: move to the next room",
    }
    prompt = status.prompt
    checklist = _before_leaving(protocol)
    if status.phase == "before_target" and elapsed_seconds >= timing.min_minutes * 60 and checklist:
        prompt = f"before leaving: {checklist}?"
    return attrs.evolve(status, message=messages.get(status.phase, ""), prompt=prompt)


def _before_leaving(protocol) -> str:
    """What the snapshot row still needs, from the evidence kinds the protocol has."""
    wanted = [text for kind, text in BEFORE_LEAVING if protocol.evidence_kind(kind) is not None]
    if _interviews(protocol):
        wanted.append("a student interview")
    if len(wanted) < 2:
        return "".join(wanted)
    return ", ".join(wanted[:-1]) + (", and " if len(wanted) > 2 else " and ") + wanted[-1]


def _interviews(protocol) -> bool:
    """True when the protocol has interview questions and declares the kind answers are saved as."""
    return bool(protocol.interview_questions) and protocol.interview_kind() is not None


def _rooms(walk, visits) -> tuple[dict[str, str], list[str]]:
    labels = room_labels(walk, visits)
    ordered = list(dict.fromkeys(labels[v.id] for v in sorted(visits, key=lambda v: v.started_at)))
    return labels, ordered


def _cell(items) -> str:
    if not items:
        return ""
    first = shorten(items[0].text, SNIPPET_LENGTH)
    return first if len(items) == 1 else f"{first} (+{len(items) - 1} more)"


def _answers_text(answers: int, students: int) -> str:
    return (f"{answers} answer{'s' if answers != 1 else ''} from "
            f"{students} student{'s' if students != 1 else ''}")


def snapshot_pattern(protocol, walk, visits, evidence) -> Pattern:
    """The snapshot evidence table: one row per room, one column per evidence kind."""
    labels, rooms = _rooms(walk, visits)
    rows = []
    for room in rooms:
        in_room = [item for item in evidence if labels.get(item.visit_id) == room]
        row = [room]
        for kind in protocol.evidence_kinds:
            items = sorted((i for i in in_room if i.kind == kind.id), key=lambda i: i.captured_at)
            if kind.id == protocol.interview_evidence_kind:
                students = {i.student_label for i in items if i.student_label}
                row.append(_answers_text(len(items), len(students)) if items else "")
            elif kind.marks:
                marks = {m.id: m.label for m in kind.marks}
                row.append("; ".join(f"{shorten(i.text, SNIPPET_LENGTH)} [{marks.get(i.mark, 'not marked')}]"
                                     for i in items))
            else:
                row.append(_cell(items))
        rows.append(row)
    return Pattern(
        id="ilw_snapshot", title="Snapshot evidence table",
        columns=("room", *(kind.label for kind in protocol.evidence_kinds)), rows=rows,
        note="What was seen and heard in the slice, room by room. No teacher is named.",
    )


def challenge_pattern(protocol, walk, visits, evidence) -> Pattern | None:
    """Per room: scaffolds that kept the challenge (bright spots) and those that removed it.

    None when the protocol has no scaffold kind carrying those marks.
    """
    kind = protocol.evidence_kind(SCAFFOLD)
    if kind is None or not {m.id for m in kind.marks} & {KEEPS, REMOVES}:
        return None
    labels, rooms = _rooms(walk, visits)
    rows = []
    totals = {KEEPS: 0, REMOVES: 0}
    for room in rooms:
        scaffolds = [i for i in evidence if i.kind == SCAFFOLD and labels.get(i.visit_id) == room]
        cells = []
        for mark in (KEEPS, REMOVES):
            marked = [i for i in scaffolds if i.mark == mark]
            totals[mark] += len(marked)
            cells.append("; ".join(shorten(i.text, SNIPPET_LENGTH) for i in marked))
        unmarked = sum(1 for i in scaffolds if i.mark not in (KEEPS, REMOVES))
        rows.append([room, *cells, unmarked])
    rows.append(["all rooms", totals[KEEPS], totals[REMOVES],
                 sum(r[3] for r in rows)])
    return Pattern(
        id="ilw_challenge", title="Challenge with support vs watered down",
        columns=("room", "challenge with support (bright spots)", "watered down (challenge removed)",
                 "scaffolds not yet marked"),
        rows=rows,
        note="From the marks put on each scaffold. Mark the unmarked ones before the debrief.",
    )


def interview_pattern(protocol, walk, visits, evidence) -> Pattern | None:
    """Interview answers by question, under room and student labels only (None: no interviews)."""
    if not _interviews(protocol):
        return None
    labels, _rooms_order = _rooms(walk, visits)
    questions = {q.id: q.text for q in protocol.interview_questions}
    order = {q.id: n for n, q in enumerate(protocol.interview_questions)}
    answers = [i for i in evidence if protocol.is_interview_answer(i)]
    answers.sort(key=lambda i: (order.get(i.question_id, len(order)), labels.get(i.visit_id, ""),
                                i.student_label or "", i.captured_at))
    rows = [
        [questions.get(i.question_id, i.question_id or "(no question)"), labels.get(i.visit_id, ""),
         i.student_label or "", i.text]
        for i in answers
    ]
    return Pattern(
        id="ilw_interviews", title="Student interviews",
        columns=("question", "room", "student", "answer"), rows=rows,
        note="Students are never named: answers are kept under Student A, B...",
    )


def coaching_pattern(protocol, walk, visits, evidence) -> Pattern | None:
    """The coaching conversation's questions, each beside a piece of evidence to start from.

    None when the protocol has no feedback prompts to ask.
    """
    if not protocol.feedback_prompts:
        return None
    labels, _ = _rooms(walk, visits)

    def first(predicate) -> str:
        for item in sorted(evidence, key=lambda i: i.captured_at):
            if predicate(item):
                return f"{labels.get(item.visit_id, 'walk')}: {shorten(item.text, SNIPPET_LENGTH)}"
        return ""

    def tagged(category_id):
        def in_category(tag):
            category = protocol.category_of(tag)
            return category is not None and category.id == category_id
        return lambda item: any(in_category(tag) for tag in item.look_fors)

    starts = {
        "coaching_access": first(lambda i: i.kind == SCAFFOLD and i.mark == REMOVES)
        or first(tagged("access")),
        "coaching_scaffolds": first(lambda i: i.kind == SCAFFOLD and i.mark == KEEPS),
        "coaching_persistence": first(tagged("persistence")),
    }
    rows = [[prompt.text, starts.get(prompt.id, "")] for prompt in protocol.feedback_prompts]
    return Pattern(
        id="ilw_coaching", title="Coaching conversation",
        columns=("guiding question", "evidence to start from"), rows=rows,
        note="Start from possibilities, not deficits: what would the team try next?",
    )


@PROTOCOL.hook
def classwalk_debrief_patterns(protocol, walk, visits, evidence):
    patterns = [
        snapshot_pattern(protocol, walk, visits, evidence),
        challenge_pattern(protocol, walk, visits, evidence),
        interview_pattern(protocol, walk, visits, evidence),
        coaching_pattern(protocol, walk, visits, evidence),
    ]
    return [pattern for pattern in patterns if pattern is not None]


@PROTOCOL.hook
def classwalk_reflective_question(protocol, visit, evidence):
    """A coaching question for the teacher, opened with a scaffold the team marked."""
    stems = question_stems(protocol)
    scaffolds = sorted((i for i in evidence if i.kind == SCAFFOLD), key=lambda i: i.captured_at)
    removed = [i for i in scaffolds if i.mark == REMOVES]
    kept = [i for i in scaffolds if i.mark == KEEPS]
    if removed and "coaching_access" in stems:
        return f"We noticed: \u201c{shorten(removed[-1].text, SNIPPET_LENGTH)}\u201d. {stems['coaching_access']}"
    if kept:
        return (f"We noticed: \u201c{shorten(kept[-1].text, SNIPPET_LENGTH)}\u201d. What made this support work "
                "for the group, and where else could it keep the challenge in reach?")
    return plain_question(protocol, evidence, "coaching_scaffolds")


@PROTOCOL.hook
def classwalk_follow_up_due(protocol, visits, evidence, today):
    """A coaching conversation follows each walk, within a week of its last visit."""
    return due_after_last_visit(visits, today, COACHING_WITHIN_DAYS,
                                "coaching conversation on the slice's evidence")
