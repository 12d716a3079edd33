"""Hooks of the IFL learning walk: its protocol, timer, debrief patterns and teacher feedback.

Every hook answers only for the ``ifl_learning_walk`` protocol and returns ``None`` for
any other. The debrief patterns answer the equity questions (who gets to speak, to be
supported, to be challenged) from evidence tagged with student groups and with look-fors
whose ``lenses`` say which of the three questions they bear on.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import attrs

from classwalk.core import hookimpl
from classwalk.core.debrief import room_labels
from classwalk.core.patterns import FollowUpSuggestion, Pattern
from classwalk.core.protocol_files import load_protocol_file
from classwalk.core.timing import status_from_timing

PROTOCOL_ID = "ifl_learning_walk"
PROTOCOL_FILE = Path(__file__).with_name("protocol.toml")
EQUITY_LENSES = (("speak", "who gets to speak"), ("support", "who gets support"),
                 ("challenge", "who gets challenged"))
STUDENT_TALK_NUDGE_MINUTES = 3
FEEDBACK_WITHIN_DAYS = 2
QUOTE_LENGTH = 90


def _ours(protocol) -> bool:
    return protocol is not None and protocol.id == PROTOCOL_ID


@hookimpl(trylast=True)
def classwalk_register_protocols(register):
    register(load_protocol_file(PROTOCOL_FILE))


@hookimpl
def classwalk_timing_status(protocol, walk, elapsed_seconds):
    """The visit window (12-15 minutes, or 6-7 with the short variant), then the hallway."""
    if not _ours(protocol):
        return None
    timing = protocol.timing.variant(getattr(walk, "timing_variant", None) if walk else None)
    status = status_from_timing(timing, elapsed_seconds)
    window = f"{timing.min_minutes:g}-{timing.max_minutes:g} minute"
    if status.phase == "past_max":
        message = f"past the {window} window: thank the class and meet in the hallway"
    elif status.phase == "at_target":
        message = f"in the {window} window: finish the exchange you are in, then step out"
    else:
        message = ""
    mode = getattr(walk, "mode", "in_person") if walk is not None else "in_person"
    return attrs.evolve(status, message=message, prompt=_prompt(mode, status, elapsed_seconds))


def _prompt(mode: str, status, elapsed_seconds: float) -> str:
    """A nudge that fits how the group is visiting: students can only be asked in person."""
    if mode == "video":
        return "note the time in the recording with what you see"
    if mode == "virtual":
        return "enter quietly: camera and microphone off" if elapsed_seconds < 60 else ""
    nudge_from = status.target_seconds - STUDENT_TALK_NUDGE_MINUTES * 60
    if status.phase == "before_target" and elapsed_seconds >= max(nudge_from, 0):
        return "if you have not yet, ask a student what they are learning and how they know"
    return ""


def _lens_of(protocol, evidence_item) -> set[str]:
    lenses: set[str] = set()
    for tag in evidence_item.look_fors:
        look_for = protocol.look_for(tag)
        if look_for is not None:
            lenses.update(look_for.lenses)
    return lenses


def equity_pattern(protocol, evidence) -> Pattern:
    """Student groups × the three equity questions: how many notes bear on each."""
    counts: Counter[tuple[str, str]] = Counter()
    for item in evidence:
        lenses = _lens_of(protocol, item)
        for group in set(item.student_groups):
            for lens, _label in EQUITY_LENSES:
                if lens in lenses:
                    counts[(group, lens)] += 1
    rows = [
        [group.label, *(counts[(group.id, lens)] for lens, _ in EQUITY_LENSES)]
        for group in protocol.student_groups
    ]
    return Pattern(
        id="ifl_equity", title="Equity questions: notes by student group",
        columns=("student group", *(label for _, label in EQUITY_LENSES)), rows=rows, shade=True,
        note="Counts notes tagged with a student group and a look-for bearing on each question. "
             "An empty cell is a question to ask, not an answer.",
    )


def focus_pattern(protocol, walk, visits, evidence) -> Pattern:
    """Each lens of the walk's focus: notes tagged with it and rooms where it was noted."""
    labels = room_labels(walk, visits)
    categories = protocol.categories_for_focus(tuple(walk.focus_categories))
    rows = []
    for category in categories:
        ids = {lf.id for lf in category.look_fors}
        tagged = [item for item in evidence if ids.intersection(item.look_fors)]
        rooms = {labels[item.visit_id] for item in tagged if item.visit_id in labels}
        rows.append([category.label, len(tagged), len(rooms), len(set(labels.values()))])
    return Pattern(
        id="ifl_focus", title=f"Evidence for the focus: {walk.focus or 'all lenses'}",
        columns=("lens", "notes", "rooms where noted", "rooms visited"), rows=rows, shade=True,
    )


def hallway_pattern(protocol, walk, visits, evidence) -> Pattern:
    """Per room: notes taken, students talked with, hallway noticings and wonderings."""
    labels = room_labels(walk, visits)
    rooms = list(dict.fromkeys(labels[v.id] for v in sorted(visits, key=lambda v: v.started_at)))
    per_room: dict[str, Counter] = {room: Counter() for room in rooms}
    students: dict[str, set] = {room: set() for room in rooms}
    for item in evidence:
        room = labels.get(item.visit_id)
        if room is None:
            continue
        if item.kind == "hallway":
            per_room[room][item.mark or "noticing"] += 1
        elif item.kind == "student_talk":
            per_room[room]["student_talk"] += 1
            students[room].add(item.student_label or item.id)
        else:
            per_room[room]["notes"] += 1
    rows = [
        [room, per_room[room]["notes"], len(students[room]), per_room[room]["noticing"],
         per_room[room]["wondering"]]
        for room in rooms
    ]
    return Pattern(
        id="ifl_rooms", title="Rooms, student conversations and hallway talk",
        columns=("room", "notes in the room", "students talked with", "hallway: saw or heard",
                 "hallway: wonderings"),
        rows=rows,
    )


@hookimpl
def classwalk_debrief_patterns(protocol, walk, visits, evidence):
    if not _ours(protocol):
        return None
    return [
        focus_pattern(protocol, walk, visits, evidence),
        equity_pattern(protocol, evidence),
        hallway_pattern(protocol, walk, visits, evidence),
    ]


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_LENGTH else flat[: QUOTE_LENGTH - 1].rstrip() + "…"


@hookimpl
def classwalk_reflective_question(protocol, visit, evidence):
    """A question for the teacher about the walk's focus, opening with one noted moment."""
    if not _ours(protocol):
        return None
    stems = {prompt.id: prompt.text for prompt in protocol.feedback_prompts}
    in_room = [item for item in evidence if item.kind != "hallway" and item.look_fors]
    for item in sorted(in_room, key=lambda item: item.captured_at, reverse=True):
        for tag in item.look_fors:
            category = protocol.category_of(tag)
            if category is not None and category.id in stems:
                return f"We noticed: \u201c{_quote(item.text)}\u201d. {stems[category.id]}"
    if evidence and "focus" in stems:
        return stems["focus"]
    return None


@hookimpl
def classwalk_follow_up_due(protocol, visits, evidence, today):
    """Every teacher visited hears back from the team soon after the walk."""
    if not _ours(protocol):
        return None
    if not visits:
        return FollowUpSuggestion(due=False, reason="no visits yet")
    last = max(v.started_at.date() for v in visits)
    by = last + dt.timedelta(days=FEEDBACK_WITHIN_DAYS)
    when = "overdue since" if today > by else "due by"
    return FollowUpSuggestion(
        due=True,
        reason=f"a learning walk ends with feedback to every teacher visited: {when} {by.isoformat()}",
    )
