"""A walk's debrief: the template's prompts beside patterns computed across its visits.

Patterns describe, they never rate: counts of look-fors seen per classroom, evidence
kinds, evidence by student group. Classrooms appear as Room A, B, ... unless the walk
says its team names rooms; teachers never appear.
"""

from __future__ import annotations

import string
import uuid
from collections import Counter

from attrs import frozen

from classwalk.core.records.model import DebriefResponse, Evidence, NextStep, Visit, Walk
from classwalk.core.records.patterns import Pattern
from classwalk.core.protocols.protocol import Prompt, Protocol
from classwalk.features.outputs.labels import note_credit  # noqa: F401  (who wrote a note, shown the same way everywhere)


RESPONSE_NAMESPACE = uuid.UUID("0b7e6d52-3f0a-4a8e-b1d4-6c2f9a5e7d31")


def response_id(walk_id: str, prompt_id: str, author: str) -> str:
    """The same id every time for one author's answer to one prompt of one walk."""
    return str(uuid.uuid5(RESPONSE_NAMESPACE, f"{walk_id}/{prompt_id}/{author}"))


@frozen(kw_only=True)
class DebriefView:
    """Everything the debrief screen and the walk report show."""

    walk: Walk
    protocol: Protocol
    room_labels: dict[str, str]
    prompts: tuple[Prompt, ...]
    responses: tuple[DebriefResponse, ...]
    next_steps: tuple[NextStep, ...]
    patterns: tuple[Pattern, ...]


def room_label(index: int) -> str:
    """Room A, B, ... Z, AA, AB ... for the ``index``-th classroom (0-based)."""
    letters = string.ascii_uppercase
    name = letters[index % 26]
    if index >= 26:
        name = letters[index // 26 - 1] + name
    return f"Room {name}"


def room_labels(walk: Walk, visits: list[Visit]) -> dict[str, str]:
    """visit id -> how the debrief names its classroom (anonymous unless the walk allows)."""
    labels: dict[str, str] = {}
    by_classroom: dict[str, str] = {}
    for visit in sorted(visits, key=lambda v: v.started_at):
        if walk.name_rooms:
            labels[visit.id] = visit.classroom
            continue
        if visit.classroom not in by_classroom:
            by_classroom[visit.classroom] = room_label(len(by_classroom))
        labels[visit.id] = by_classroom[visit.classroom]
    return labels


def look_for_matrix(protocol: Protocol, visits: list[Visit], evidence: list[Evidence],
                    labels: dict[str, str], kept_to: tuple[str, ...] = ()) -> Pattern:
    """Look-fors (rows) × classrooms (columns): how many notes were tagged with each.

    A walk kept to some categories (``kept_to``, its focus) lists only their look-fors;
    the others share one line, so zeros the walk never looked for do not read as
    "not seen".
    """
    columns = list(dict.fromkeys(labels[v.id] for v in sorted(visits, key=lambda v: v.started_at)))
    shown = [look_for for category in protocol.categories_for_focus(kept_to) for look_for in category.look_fors]
    shown_ids = {look_for.id for look_for in shown}
    counts: Counter[tuple[str, str]] = Counter()
    others: Counter[str] = Counter()
    for item in evidence:
        if item.visit_id in labels:
            for tag in set(item.look_fors):
                counts[(tag, labels[item.visit_id])] += 1
            if set(item.look_fors) - shown_ids:
                others[labels[item.visit_id]] += 1
    rows = []
    for look_for in shown:
        cells = [counts[(look_for.id, column)] for column in columns]
        rows.append([protocol.look_for_label(look_for.id), *cells, sum(cells)])
    left_out = [lf for lf in protocol.look_fors() if lf.id not in shown_ids]
    note = "Counts of notes, not judgements: 0 means no note was tagged with it."
    if left_out:
        cells = [others[column] for column in columns]
        rows.append([f"other look-fors ({len(left_out)}, not the walk's focus)", *cells, sum(cells)])
        kept = "; ".join(c.label for c in protocol.categories_for_focus(kept_to))
        note += f" The walk was kept to {kept}; the last line counts notes tagged with any other look-for."
    return Pattern(
        id="look_fors_by_classroom", title="Look-fors × classrooms (notes tagged)",
        columns=("look-for", *columns, "total"), rows=rows, shade=True, note=note,
    )


def evidence_kinds(protocol: Protocol, evidence: list[Evidence]) -> Pattern:
    """How many notes of each evidence kind the walk holds."""
    counts = Counter(item.kind for item in evidence)
    rows = [[kind.label, counts.get(kind.id, 0)] for kind in protocol.evidence_kinds]
    unknown = sorted(set(counts) - {k.id for k in protocol.evidence_kinds})
    rows.extend([[kind, counts[kind]] for kind in unknown])
    return Pattern(id="evidence_kinds", title="Evidence by kind", columns=("kind", "notes"), rows=rows)


def student_groups(protocol: Protocol, evidence: list[Evidence]) -> Pattern:
    """Notes tagged with each student group: who gets to speak, supported, challenged."""
    counts = Counter(group for item in evidence for group in set(item.student_groups))
    rows = [[group.label, counts.get(group.id, 0)] for group in protocol.student_groups]
    rows.append(["all notes", len(evidence)])
    return Pattern(
        id="student_groups", title="Evidence by student group", columns=("student group", "notes"),
        rows=rows, note=EQUITY_QUESTIONS if counts else NO_GROUPS_TAGGED,
    )


EQUITY_QUESTIONS = "Who gets to speak? Who gets support? Who gets challenged?"
NO_GROUPS_TAGGED = "Out of all notes; no note was tagged with a student group."


def core_patterns(protocol: Protocol, walk: Walk, visits: list[Visit],
                  evidence: list[Evidence]) -> list[Pattern]:
    labels = room_labels(walk, visits)
    patterns = [look_for_matrix(protocol, visits, evidence, labels, kept_to=walk.focus_categories),
                evidence_kinds(protocol, evidence)]
    if protocol.student_groups:  # the equity questions need the groups the protocol declares
        patterns.append(student_groups(protocol, evidence))
    return patterns


def capture_walk_patterns(store, protocol, walk, visits, labels):
    """Interval shares and timelines, snapshot counts, typed items (:mod:`.reports.intervals`)."""
    from classwalk.features.reports.intervals import capture_walk_patterns as patterns

    return patterns(store, protocol, walk, visits, labels)


def core_pattern_ids(protocol: Protocol, walk: Walk, visits: list[Visit], evidence: list[Evidence]) -> list[str]:
    """The ids of classwalk's own patterns for this walk (a plugin's table may not reuse one)."""
    return [pattern.id for pattern in core_patterns(protocol, walk, visits, evidence)]


def build_debrief(classwalk, walk: Walk, anonymiser=None) -> DebriefView:
    """The debrief of ``walk``: prompts, what the team wrote, core and plugin patterns.

    For a faculty audience pass an ``anonymiser`` (:mod:`.anonymise`): notes are
    rewritten before any pattern quotes them, and so are answers and next steps.
    """
    store = classwalk.store
    protocol = classwalk.protocols.get(walk.protocol_id)
    visits = store.visits_for_walk(walk.id)
    evidence = store.evidence_for_walk(walk.id)
    responses = store.responses_for_walk(walk.id)
    next_steps = store.next_steps_for_walk(walk.id)
    if anonymiser is not None:
        evidence = [anonymiser.record(item, "text") for item in evidence]
        responses = [anonymiser.record(response, "text") for response in responses]
        next_steps = [anonymiser.record(step, "text", "owner") for step in next_steps]
    patterns = core_patterns(protocol, walk, visits, evidence)
    captured = capture_walk_patterns(store, protocol, walk, visits, room_labels(walk, visits))
    # a lesson coded in intervals is read from its shares first; notes come after
    patterns = captured + patterns if protocol.interval_coding else patterns + captured
    patterns += classwalk.extra_patterns(protocol, walk, visits, evidence, taken_ids=[p.id for p in patterns])
    if anonymiser is not None:
        patterns = anonymiser.patterns(patterns)
    return DebriefView(
        walk=walk, protocol=protocol, room_labels=room_labels(walk, visits),
        prompts=protocol.debrief_prompts, responses=tuple(responses),
        next_steps=tuple(next_steps), patterns=tuple(patterns),
    )
