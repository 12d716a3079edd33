"""Hooks of the Downey walkthrough: its protocol, the reflective question and follow-up timing.

Follow-up is occasional: a teacher is due a reflective conversation only after several
short visits on different days. The question is built from one decision point the
observer noted (steps 1-3) and is always open, never yes/no.

Every hook answers for ``downey`` and for any protocol based on it (a district's file
with ``extends = "downey"``). Such a file may drop or relabel what the hooks use, so
each lookup tolerates a missing category, prompt, evidence kind or mark: a question
falls back to another prompt, a pattern with nothing to show is left out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from classwalk.core.records.patterns import FollowUpSuggestion, Pattern
from classwalk.protocols.builtin import BuiltinProtocol, plain_question, question_stems
from classwalk.core.text import shorten

PROTOCOL_ID = "downey"
PROTOCOL = BuiltinProtocol(PROTOCOL_ID, __file__)
PROTOCOL_FILE = PROTOCOL.path
classwalk_register_protocols = PROTOCOL.register_hook()
REFLECTIVE_STEPS = ("curricular", "instructional", "orientation")
OBJECTIVE_KIND = "objective"
VISITS_BEFORE_FOLLOW_UP = 3
DAYS_BEFORE_FOLLOW_UP = 2
RECENT_DAYS = 30
QUOTE_LENGTH = 90


@PROTOCOL.hook
def classwalk_reflective_question(protocol, visit, evidence):
    """One open question about a decision point, quoting what the observer noted."""
    stems = question_stems(protocol)
    for step in REFLECTIVE_STEPS:
        if step not in stems:
            continue
        noted = [item for item in evidence
                 if any(_step_of(protocol, tag) == step for tag in item.look_fors)]
        if noted:
            latest = max(noted, key=lambda item: item.captured_at)
            return f"I noticed: \u201c{shorten(latest.text, QUOTE_LENGTH)}\u201d. {stems[step]}"
    return plain_question(protocol, evidence, "instructional")


def _step_of(protocol, look_for_id: str) -> str | None:
    category = protocol.category_of(look_for_id)
    return category.id if category is not None else None


@PROTOCOL.hook
def classwalk_follow_up_due(protocol, visits, evidence, today):
    """Due after several short visits to the same teacher on different days, recently."""
    since = today - dt.timedelta(days=RECENT_DAYS)
    recent = [v for v in visits if v.started_at.date() >= since]
    days = {v.started_at.date() for v in recent}
    if len(recent) >= VISITS_BEFORE_FOLLOW_UP and len(days) >= DAYS_BEFORE_FOLLOW_UP:
        return FollowUpSuggestion(
            due=True,
            reason=f"{len(recent)} visits on {len(days)} different days in the last {RECENT_DAYS} days",
        )
    needed = max(0, VISITS_BEFORE_FOLLOW_UP - len(recent))
    return FollowUpSuggestion(
        due=False,
        reason=(
            f"{len(recent)} recent visit(s) on {len(days)} day(s): visit {needed} more time(s)"
            " on different days before a reflective conversation"
            if needed
            else "visit on another day before a reflective conversation"
        ),
    )


@PROTOCOL.hook
def classwalk_debrief_patterns(protocol, walk, visits, evidence):
    """Faculty patterns: how many visits noted each step, and the levels of thinking seen."""
    patterns = [steps_pattern(protocol, visits, evidence)]
    levels = levels_pattern(protocol, evidence)
    if levels is not None:
        patterns.append(levels)
    return patterns


def steps_pattern(protocol, visits, evidence) -> Pattern:
    """Per step (category): in how many of the visits it was noted."""
    visits_with_step: Counter[str] = Counter()
    for visit in visits:
        steps = {
            _step_of(protocol, tag)
            for item in evidence if item.visit_id == visit.id
            for tag in item.look_fors
        }
        visits_with_step.update(steps - {None})
    total = len(visits)
    rows = [[c.label, visits_with_step[c.id], total] for c in protocol.categories]
    return Pattern(
        id="downey_steps", title="Visits in which each step was noted",
        columns=("step", "visits noting it", "visits"), rows=rows, shade=True,
    )


def levels_pattern(protocol, evidence) -> Pattern | None:
    """Objective notes by the level of thinking marked; None if the protocol has no such marks."""
    objective_kind = protocol.evidence_kind(OBJECTIVE_KIND)
    if objective_kind is None or not objective_kind.marks:
        return None
    marks = Counter(item.mark for item in evidence if item.kind == OBJECTIVE_KIND and item.mark)
    rows = [[m.label, marks.get(m.id, 0)] for m in objective_kind.marks]
    return Pattern(
        id="downey_cognitive_levels", title="Level of thinking asked by the tasks seen",
        columns=("level", "objectives noted"), rows=rows, shade=True,
        note=f"From '{objective_kind.label}' notes; no room or teacher is named.",
    )
