"""Try every hook of every plugin on sample walks, before an observer meets the failure.

:func:`check_plugins` asks each plugin's hooks about every protocol of this run — its
own, those based on them and the built-in ones (so a plugin that answers for other
people's protocols is caught) — with sample walks: a full one with notes of every kind,
one with a visit but no notes, an empty one, and no walk at all for the timer. Each call
goes through the same checks as in use (containment, result types, scope, duplicate
pattern ids), so whatever would fail in a room, a debrief or a feedback draft fails here.
Nothing is written to any database.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable

from attrs import frozen

from classwalk.core.plugins.hookspecs import HOOKS
from classwalk.core.records.model import Evidence, Visit, Walk
from classwalk.core.plugins.loader import DEFAULTS_NAME, PluginFailure, Plugins

SAMPLE_DATE = dt.date(2026, 3, 2)
SAMPLE_NOTES = (
    "Two students compared their methods for the fraction task",
    "The teacher asked: how do you know?",
    "Most pairs wrote an explanation on the board",
)


@frozen
class SampleWalk:
    """A walk made up for checking hooks: the walk, its visits and their notes."""

    label: str
    walk: Walk
    visits: tuple[Visit, ...]
    evidence: tuple[Evidence, ...]


def _at(minutes: int) -> dt.datetime:
    return dt.datetime.combine(SAMPLE_DATE, dt.time(9, 0), tzinfo=dt.timezone.utc) + dt.timedelta(minutes=minutes)


def _notes(protocol, walk: Walk, visit: Visit, start: int) -> list[Evidence]:
    look_fors = [look_for.id for look_for in protocol.look_fors()]
    groups = [group.id for group in protocol.student_groups]
    notes = []
    for index, kind in enumerate(protocol.evidence_kinds):
        notes.append(Evidence(
            walk_id=walk.id, visit_id=visit.id, kind=kind.id, text=SAMPLE_NOTES[index % len(SAMPLE_NOTES)],
            look_fors=tuple(look_fors[(start + index) % len(look_fors):][:1]) if look_fors else (),
            student_groups=tuple(groups[index % len(groups):][:1]) if groups else (),
            mark=kind.marks[0].id if kind.marks else None, observer="Sample observer",
            captured_at=_at(start + index)))
    kind = protocol.interview_evidence_kind or (protocol.evidence_kinds[0].id if protocol.evidence_kinds else None)
    for index, question in enumerate(protocol.interview_questions):
        if kind is None:
            break
        notes.append(Evidence(walk_id=walk.id, visit_id=visit.id, kind=kind, text="We are finding equal parts",
                              student_label="Student A", question_id=question.id,
                              captured_at=_at(start + 10 + index)))
    return notes


def sample_walks(protocol) -> list[SampleWalk]:
    """Walks under ``protocol`` to try hooks on: full, a visit without notes, empty."""
    variant = protocol.timing.variants[0].id if protocol.timing.variants else None
    walk = Walk(protocol_id=protocol.id, school="Sample school", date=SAMPLE_DATE, focus="Student talk",
                guiding_question="How do students explain their thinking?", timing_variant=variant,
                status="debriefing")
    visits = [Visit(walk_id=walk.id, classroom=room, teacher="", started_at=_at(offset),
                    ended_at=_at(offset + 5)) for room, offset in (("Room 12", 0), ("Room 14", 20))]
    evidence = [note for number, visit in enumerate(visits) for note in _notes(protocol, walk, visit, number * 20)]
    quiet = Walk(protocol_id=protocol.id, school="Sample school", date=SAMPLE_DATE)
    quiet_visit = Visit(walk_id=quiet.id, classroom="Room 3", started_at=_at(0))
    empty = Walk(protocol_id=protocol.id, school="Sample school", date=SAMPLE_DATE)
    return [SampleWalk("a walk with notes", walk, tuple(visits), tuple(evidence)),
            SampleWalk("a visit without notes", quiet, (quiet_visit,), ()),
            SampleWalk("a walk without visits", empty, (), ())]


def _elapsed(protocol) -> list[float]:
    timing = protocol.timing
    return [0.0, 59.5, timing.target_minutes * 60, timing.max_minutes * 60, timing.max_minutes * 60 + 1, 3 * 3600.0]


def _calls(hook_name: str, protocol, samples: list[SampleWalk]):
    """The keyword arguments ``hook_name`` is called with on the samples of ``protocol``."""
    if hook_name == "classwalk_judgement_words":
        yield {"protocol": protocol}
        return
    for sample in samples:
        if hook_name == "classwalk_timing_status":
            for seconds in _elapsed(protocol):
                yield {"protocol": protocol, "walk": sample.walk, "elapsed_seconds": seconds}
        elif hook_name == "classwalk_debrief_patterns":
            yield {"protocol": protocol, "walk": sample.walk, "visits": list(sample.visits),
                   "evidence": list(sample.evidence)}
        elif hook_name == "classwalk_reflective_question":
            for visit in sample.visits:
                yield {"protocol": protocol, "visit": visit,
                       "evidence": [item for item in sample.evidence if item.visit_id == visit.id]}
        elif hook_name == "classwalk_follow_up_due":
            for days in (0, 1, 30):
                yield {"protocol": protocol, "visits": list(sample.visits), "evidence": list(sample.evidence),
                       "today": SAMPLE_DATE + dt.timedelta(days=days)}
    if hook_name == "classwalk_timing_status":
        yield {"protocol": protocol, "walk": None, "elapsed_seconds": 90.0}


TakenIds = Callable[..., Iterable[str]]


def check_plugins(plugins: Plugins, protocols: Iterable, names: Iterable[str] | None = None,
                  taken_ids: TakenIds | None = None) -> list[PluginFailure]:
    """Run every hook of each plugin (of ``names``, else every loaded one) on sample walks.

    ``protocols`` are the protocols to ask about (a registry's). ``taken_ids(protocol,
    walk, visits, evidence)``, if given, names the pattern ids classwalk itself shows for
    a walk, so a plugin table reusing one is caught. Returns every failure of the plugins
    checked in this run: loading, registering and each hook call. A name that is neither
    loaded nor failed to load raises ValueError (a check of nothing would always pass).
    """
    loaded = [info.name for info in plugins.loaded]
    chosen = list(dict.fromkeys(loaded if names is None else names))
    failed = {failure.name for failure in plugins.failures}
    unknown = [name for name in chosen if name not in loaded and name not in failed]
    if unknown:
        raise ValueError(f"no plugin named {', '.join(unknown)} is loaded (loaded: {', '.join(loaded) or 'none'})")
    protocols = list(protocols)
    plugins.registrations()
    samples = {protocol.id: sample_walks(protocol) for protocol in protocols}
    for name in chosen:
        if name == DEFAULTS_NAME or plugins.manager.get_plugin(name) is None:
            continue
        for hook_name in plugins.hooks_of(name):
            spec = HOOKS[hook_name]
            if not spec.per_protocol:
                continue
            for protocol in protocols:
                for kwargs in _calls(hook_name, protocol, samples[protocol.id]):
                    answers = plugins.call(hook_name, plugin=name, **kwargs)
                    if hook_name == "classwalk_debrief_patterns":
                        taken = set(taken_ids(**kwargs)) if taken_ids else set()
                        _check_pattern_ids(plugins, name, answers, taken)
    return [failure for failure in plugins.failures if failure.name in chosen]


def _check_pattern_ids(plugins: Plugins, name: str, answers, taken: set[str]) -> None:
    """Pattern ids must be new: not classwalk's own, not twice in one answer (in use, such a table is dropped)."""
    from classwalk.core.plugins.loader import DUPLICATE_ID

    for _plugin, patterns in answers:
        seen: set[str] = set()
        for pattern in patterns:
            if pattern.id in taken:
                problem = f"returned Pattern {pattern.id!r}, an id already used by classwalk's own patterns"
            elif pattern.id in seen:
                problem = f"returned Pattern {pattern.id!r} twice in one answer"
            else:
                seen.add(pattern.id)
                continue
            plugins.record(PluginFailure(name, "classwalk_debrief_patterns", DUPLICATE_ID,
                                         f"{problem}; that table is left out", plugins.version_of(name)))
