"""Hooks of the IFL learning walk: its protocol, timer, debrief patterns and teacher feedback.

Every hook answers for the ``ifl_learning_walk`` protocol and any protocol based on it
(a district's file with ``extends = "ifl_learning_walk"``), and returns ``None`` for any
other. Such a file may drop or relabel what the hooks use: a missing evidence kind, lens
or student group leaves its column or pattern out, a missing prompt falls back to
another. The debrief patterns answer the equity questions (who gets to speak, to be
supported, to be challenged) from evidence tagged with student groups and with look-fors
whose ``lenses`` say which of the three questions they bear on.
"""

from __future__ import annotations

from collections import Counter

import attrs

from classwalk.features.debriefs.debrief import room_labels
from classwalk.core.records.patterns import Pattern
from classwalk.protocols.builtin import due_after_last_visit, BuiltinProtocol, plain_question, question_stems
from classwalk.core.text import shorten
from classwalk.core.protocols.timing import status_from_timing

PROTOCOL_ID = "ifl_learning_walk"
PROTOCOL = BuiltinProtocol(PROTOCOL_ID, __file__)
PROTOCOL_FILE = PROTOCOL.path
classwalk_register_protocols = PROTOCOL.register_hook()
EQUITY_LENSES = (("speak", "who gets to speak"), ("support", "who gets support"),
                 ("challenge", "who gets challenged"))
HALLWAY_KIND, STUDENT_TALK_KIND, WONDERING = "hallway", "student_talk", "wondering"
STUDENT_TALK_NUDGE_MINUTES = 3
FEEDBACK_WITHIN_DAYS = 2
QUOTE_LENGTH = 90


@PROTOCOL.hook
def classwalk_timing_status(protocol, walk, elapsed_seconds):
    """The visit window (12-15 minutes, or 6-7 with the short variant), then the hallway."""
    timing = protocol.timing.for_walk(walk)
    status = status_from_timing(timing, elapsed_seconds)
    window = f"{timing.min_minutes:g}-{timing.max_minutes:g} minute"
    if status.phase == "past_max":
        message = f"past the {window} window: thank the class and meet in the hallway"
    elif status.phase == "at_target":
        message = f"in the {window} window: finish the exchange you are in, then step out"
    else:
        message = ""
    mode = getattr(walk, "mode", "in_person") if walk is not None else "in_person"
    prompt = _prompt(mode, status, elapsed_seconds) or status.prompt
    return attrs.evolve(status, message=message, prompt=prompt)


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


def equity_pattern(protocol, evidence) -> Pattern | None:
    """Student groups × the equity questions: how many notes bear on each.

    A question no look-for bears on is left out; None if none is left, or no groups.
    """
    in_use = set().union(*(lf.lenses for lf in protocol.look_fors()))
    questions = [(lens, label) for lens, label in EQUITY_LENSES if lens in in_use]
    if not questions or not protocol.student_groups:
        return None
    counts: Counter[tuple[str, str]] = Counter()
    for item in evidence:
        lenses = _lens_of(protocol, item)
        for group in set(item.student_groups):
            for lens, _label in questions:
                if lens in lenses:
                    counts[(group, lens)] += 1
    rows = [
        [group.label, *(counts[(group.id, lens)] for lens, _ in questions)]
        for group in protocol.student_groups
    ]
    return Pattern(
        id="ifl_equity", title="Equity questions: notes by student group",
        columns=("student group", *(label for _, label in questions)), rows=rows, shade=True,
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


def _student_talk_kinds(protocol) -> set[str]:
    """The kinds that hold what students said when asked: student talk and interview answers.

    The interview kind is the one the protocol declares (``interview_evidence_kind``), so a
    district file that adds interview questions counts its answers whatever it calls them.
    """
    kinds = {kind for kind in (STUDENT_TALK_KIND, protocol.interview_evidence_kind)
             if kind is not None and protocol.evidence_kind(kind) is not None}
    return kinds - {HALLWAY_KIND}


def hallway_pattern(protocol, walk, visits, evidence) -> Pattern:
    """Per room: notes taken, students talked with, hallway noticings and wonderings.

    The student and hallway columns appear only while the protocol has those evidence
    kinds (and the wonderings column, the hallway kind's ``wondering`` mark).
    """
    labels = room_labels(walk, visits)
    rooms = list(dict.fromkeys(labels[v.id] for v in sorted(visits, key=lambda v: v.started_at)))
    per_room: dict[str, Counter] = {room: Counter() for room in rooms}
    students: dict[str, set] = {room: set() for room in rooms}
    talk_kinds = _student_talk_kinds(protocol)
    for item in evidence:
        room = labels.get(item.visit_id)
        if room is None:
            continue
        if item.kind == HALLWAY_KIND:
            per_room[room][WONDERING if item.mark == WONDERING else "noticing"] += 1
        elif item.kind in talk_kinds:
            students[room].add(item.student_label or item.id)
        else:
            per_room[room]["notes"] += 1
    columns = [("notes in the room", lambda room: per_room[room]["notes"])]
    if talk_kinds:
        columns.append(("students talked with", lambda room: len(students[room])))
    hallway = protocol.evidence_kind(HALLWAY_KIND)
    if hallway is not None:
        columns.append(("hallway: saw or heard", lambda room: per_room[room]["noticing"]))
        if any(mark.id == WONDERING for mark in hallway.marks):
            columns.append(("hallway: wonderings", lambda room: per_room[room][WONDERING]))
    return Pattern(
        id="ifl_rooms", title="Rooms, student conversations and hallway talk",
        columns=("room", *(title for title, _ in columns)),
        rows=[[room, *(count(room) for _, count in columns)] for room in rooms],
    )


@PROTOCOL.hook
def classwalk_debrief_patterns(protocol, walk, visits, evidence):
    patterns = [
        focus_pattern(protocol, walk, visits, evidence),
        equity_pattern(protocol, evidence),
        hallway_pattern(protocol, walk, visits, evidence),
    ]
    return [pattern for pattern in patterns if pattern is not None]


@PROTOCOL.hook
def classwalk_reflective_question(protocol, visit, evidence):
    """A question for the teacher about the walk's focus, opening with one noted moment."""
    stems = question_stems(protocol)
    in_room = [item for item in evidence if item.kind != HALLWAY_KIND and item.look_fors]
    for item in sorted(in_room, key=lambda item: item.captured_at, reverse=True):
        for tag in item.look_fors:
            category = protocol.category_of(tag)
            if category is not None and category.id in stems:
                return f"We noticed: \u201c{shorten(item.text, QUOTE_LENGTH)}\u201d. {stems[category.id]}"
    return plain_question(protocol, evidence, "focus")


@PROTOCOL.hook
def classwalk_follow_up_due(protocol, visits, evidence, today):
    """Every teacher visited hears back from the team soon after the walk."""
    return due_after_last_visit(visits, today, FEEDBACK_WITHIN_DAYS,
                                "a learning walk ends with feedback to every teacher visited")
