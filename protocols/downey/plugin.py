"""Hooks of the Downey walkthrough: its protocol, the reflective question and follow-up timing.

Follow-up is occasional: a teacher is due a reflective conversation only after several
short visits on different days. The question is built from one decision point the
observer noted (steps 1-3) and is always open, never yes/no.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from classwalk.core import hookimpl
from classwalk.core.patterns import FollowUpSuggestion, Pattern
from classwalk.core.protocol_files import load_protocol_file

PROTOCOL_ID = "downey"
PROTOCOL_FILE = Path(__file__).with_name("protocol.toml")
REFLECTIVE_STEPS = ("curricular", "instructional", "orientation")
VISITS_BEFORE_FOLLOW_UP = 3
DAYS_BEFORE_FOLLOW_UP = 2
RECENT_DAYS = 30
QUOTE_LENGTH = 90


def _ours(protocol) -> bool:
    return protocol.id == PROTOCOL_ID


@hookimpl(trylast=True)
def classwalk_register_protocols(register):
    register(load_protocol_file(PROTOCOL_FILE))


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_LENGTH else flat[: QUOTE_LENGTH - 1].rstrip() + "…"


@hookimpl
def classwalk_reflective_question(protocol, visit, evidence):
    """One open question about a decision point, quoting what the observer noted."""
    if not _ours(protocol):
        return None
    stems = {prompt.id: prompt.text for prompt in protocol.feedback_prompts}
    for step in REFLECTIVE_STEPS:
        noted = [
            item for item in evidence
            if any(protocol.category_of(tag) and protocol.category_of(tag).id == step for tag in item.look_fors)
        ]
        if noted and step in stems:
            latest = max(noted, key=lambda item: item.captured_at)
            return f"I noticed: \u201c{_quote(latest.text)}\u201d. {stems[step]}"
    if evidence and "instructional" in stems:
        return stems["instructional"]
    return None


@hookimpl
def classwalk_follow_up_due(protocol, visits, evidence, today):
    """Due after several short visits to the same teacher on different days, recently."""
    if not _ours(protocol):
        return None
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


@hookimpl
def classwalk_debrief_patterns(protocol, walk, visits, evidence):
    """Faculty patterns: how many visits noted each step, and the levels of thinking seen."""
    if not _ours(protocol):
        return None
    visits_with_step: Counter[str] = Counter()
    for visit in visits:
        steps = {
            protocol.category_of(tag).id
            for item in evidence if item.visit_id == visit.id
            for tag in item.look_fors if protocol.category_of(tag)
        }
        visits_with_step.update(steps)
    total = len(visits)
    step_rows = [[c.label, visits_with_step[c.id], total] for c in protocol.categories]
    objective_kind = protocol.evidence_kind("objective")
    marks = Counter(item.mark for item in evidence if item.kind == "objective" and item.mark)
    level_rows = [[m.label, marks.get(m.id, 0)] for m in (objective_kind.marks if objective_kind else ())]
    return [
        Pattern(
            id="downey_steps", title="Visits in which each step was noted",
            columns=("step", "visits noting it", "visits"), rows=step_rows, shade=True,
        ),
        Pattern(
            id="downey_cognitive_levels", title="Level of thinking asked by the tasks seen",
            columns=("level", "objectives noted"), rows=level_rows, shade=True,
            note="From 'objective and task level' notes; no room or teacher is named.",
        ),
    ]
