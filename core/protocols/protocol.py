"""What a protocol is: look-fors, evidence kinds, timing, roles and debrief prompts.

A protocol is pure data. Every protocol, built in or not, can be written as one TOML
file whose tables mirror these classes (see docs/protocols-in-toml.md). Behaviour that
data cannot express (a reflective-question builder, extra debrief patterns) comes
from plugin hooks, see :mod:`classwalk.core.plugins.hookspecs`. A protocol that extends another
records the ids it is based on (``based_on``), so a plugin's behaviour carries over to
every adaptation of its protocol (:meth:`Protocol.is_a`).
"""

from __future__ import annotations

import math

import attrs
from attrs import field, frozen
from attrs.validators import deep_iterable, ge, in_, instance_of, matches_re, min_len, optional

from classwalk.core.fields import strings, tuple_of
from classwalk.core.protocols.capture import CAPTURE_SHAPES, Intervals, Snapshot, VisitItem, capture_problems

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
MODES = ("in_person", "virtual", "video")
MODE_LABELS = {
    "in_person": "in person",
    "virtual": "synchronous virtual",
    "video": "teacher-submitted video",
}

_id = matches_re(ID_PATTERN)
_text = instance_of(str)
_required_text = [instance_of(str), min_len(1)]


@frozen(kw_only=True)
class LookFor:
    """One precise, observable indicator: what a practice looks like when it happens."""

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    description: str = field(default="", validator=_text)
    lenses: tuple[str, ...] = strings()


@frozen(kw_only=True)
class Category:
    """A group of look-fors: a Downey step, an IFL lens, an ILW aspect."""

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    description: str = field(default="", validator=_text)
    look_fors: tuple[LookFor, ...] = tuple_of(LookFor)


@frozen(kw_only=True)
class Mark:
    """A choice an observer can put on one piece of evidence (a scaffold keeps the challenge)."""

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)


@frozen(kw_only=True)
class EvidenceKind:
    """A kind of evidence an observer captures (observation, student talk, work sample...).

    ``when`` says where it is captured: ``during`` a visit, or ``after`` it (a hallway
    conversation). ``attachment`` lets an observer point at a file (a work sample photo).
    """

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    description: str = field(default="", validator=_text)
    when: str = field(default="during", validator=in_(("during", "after")))
    marks: tuple[Mark, ...] = tuple_of(Mark)
    attachment: bool = field(default=False, validator=instance_of(bool))
    max_per_visit: int | None = field(default=None, validator=optional([instance_of(int), ge(1)]))


def _check_timing(instance, attribute, value):
    if not (instance.min_minutes <= instance.target_minutes <= instance.max_minutes):
        raise ValueError(
            "timing must satisfy min_minutes <= target_minutes <= max_minutes "
            f"(got {instance.min_minutes}, {instance.target_minutes}, {instance.max_minutes})"
        )


MAX_MINUTES = 24 * 60
"""The longest visit or interval a protocol may declare: a day. Beyond it a number is a typo."""


def _finite_minutes(instance, attribute, value):
    """Minutes a timer can count: a real number, not ``inf`` or ``nan``, at most a day."""
    if value is not None and not (math.isfinite(value) and 0 <= value <= MAX_MINUTES):
        raise ValueError(f"'{attribute.name}' must be a number of minutes from 0 to {MAX_MINUTES} "
                         f"(got {value:g})")


def _minutes():
    return field(converter=float, validator=[instance_of(float), _finite_minutes, ge(0.0)])


@frozen(kw_only=True)
class TimingVariant:
    """A named alternative visit length a district can choose (IFL's short visit)."""

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    min_minutes: float = _minutes()
    target_minutes: float = _minutes()
    max_minutes: float = field(converter=float, validator=[instance_of(float), _finite_minutes, _check_timing])


@frozen(kw_only=True)
class Timing:
    """How long a visit should take; optionally a prompt every ``interval_minutes``."""

    min_minutes: float = _minutes()
    target_minutes: float = _minutes()
    max_minutes: float = field(converter=float, validator=[instance_of(float), _finite_minutes, _check_timing])
    interval_minutes: float | None = field(
        default=None, converter=attrs.converters.optional(float), validator=_finite_minutes
    )
    variants: tuple[TimingVariant, ...] = tuple_of(TimingVariant)

    def variant(self, variant_id: str | None) -> "Timing | TimingVariant":
        """The timing for a walk that chose ``variant_id`` (None: the default)."""
        for variant in self.variants:
            if variant.id == variant_id:
                return variant
        return self

    def for_walk(self, walk) -> "Timing | TimingVariant":
        """The timing for ``walk`` (None, or a walk without a variant: the default)."""
        return self.variant(getattr(walk, "timing_variant", None))


@frozen(kw_only=True)
class Role:
    """A job one observer takes on during a walk (facilitator, timekeeper...)."""

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    description: str = field(default="", validator=_text)


@frozen(kw_only=True)
class Prompt:
    """One question of the debrief template, with optional help for the team."""

    id: str = field(validator=_id)
    text: str = field(validator=_required_text)
    help: str = field(default="", validator=_text)


@frozen(kw_only=True)
class InterviewQuestion:
    """A short question an observer may ask a student (answers are kept under a label)."""

    id: str = field(validator=_id)
    text: str = field(validator=_required_text)


@frozen(kw_only=True)
class SliceKind:
    """A kind of defined slice of learning (a Tier 2 block, a reading mini-lesson...)."""

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    tiered: bool = field(default=False, validator=instance_of(bool))


@frozen(kw_only=True)
class StudentGroup:
    """A group of students evidence can be tagged with, for the equity questions."""

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)


DEFAULT_STUDENT_GROUPS = (
    StudentGroup(id="multilingual", label="multilingual learners"),
    StudentGroup(id="disabilities", label="students with disabilities"),
    StudentGroup(id="struggling", label="students experiencing difficulty"),
    StudentGroup(id="whole_class", label="whole class"),
)


@frozen(kw_only=True)
class Protocol:
    """A complete observation protocol, as a district or a plugin defines it.

    ``based_on`` is the lineage of a protocol made with ``extends``: the ids of the
    protocols it adapts, nearest first (a district's copy of another district's Downey
    walk: ``("other_district", "downey")``). The extends machinery fills it in.
    """

    id: str = field(validator=_id)
    name: str = field(validator=_required_text)
    version: str = field(default="1", validator=_required_text)
    description: str = field(default="", validator=_text)
    based_on: tuple[str, ...] = field(
        factory=tuple, converter=tuple, validator=deep_iterable([instance_of(str), _id])
    )
    timing: Timing = field(validator=instance_of(Timing))
    categories: tuple[Category, ...] = field(
        converter=tuple, validator=[deep_iterable(instance_of(Category)), min_len(1)]
    )
    evidence_kinds: tuple[EvidenceKind, ...] = field(
        converter=tuple, validator=[deep_iterable(instance_of(EvidenceKind)), min_len(1)]
    )
    roles: tuple[Role, ...] = tuple_of(Role)
    modes: tuple[str, ...] = field(
        default=("in_person",), converter=tuple, validator=[deep_iterable(in_(MODES)), min_len(1)]
    )
    min_observers: int = field(default=1, validator=[instance_of(int), ge(1)])
    max_observers: int | None = field(default=None, validator=optional([instance_of(int), ge(1)]))
    ordered_categories: bool = field(default=False, validator=instance_of(bool))
    requires_focus: bool = field(default=False, validator=instance_of(bool))
    requires_guiding_question: bool = field(default=False, validator=instance_of(bool))
    requires_slice: bool = field(default=False, validator=instance_of(bool))
    focus_narrows_look_fors: bool = field(default=False, validator=instance_of(bool))
    slice_kinds: tuple[SliceKind, ...] = tuple_of(SliceKind)
    interview_questions: tuple[InterviewQuestion, ...] = tuple_of(InterviewQuestion)
    interview_evidence_kind: str | None = field(default=None, validator=optional(_id))
    """The evidence kind interview answers are saved as; required with interview questions."""
    student_groups: tuple[StudentGroup, ...] = field(
        default=DEFAULT_STUDENT_GROUPS,
        converter=tuple,
        validator=deep_iterable(instance_of(StudentGroup)),
    )
    debrief_prompts: tuple[Prompt, ...] = tuple_of(Prompt)
    next_step_kinds: tuple[str, ...] = strings()
    judgement_words: tuple[str, ...] = strings()
    feedback_prompts: tuple[Prompt, ...] = tuple_of(Prompt)
    capture: str = field(default="notes", validator=in_(CAPTURE_SHAPES))
    intervals: Intervals | None = field(default=None, validator=optional(instance_of(Intervals)))
    snapshots: tuple[Snapshot, ...] = tuple_of(Snapshot)
    visit_items: tuple[VisitItem, ...] = tuple_of(VisitItem)

    def __attrs_post_init__(self):
        _check_unique("category", [c.id for c in self.categories])
        _check_unique("look-for", [lf.id for lf in self.look_fors()])
        _check_unique("evidence kind", [k.id for k in self.evidence_kinds])
        _check_unique("role", [r.id for r in self.roles])
        _check_unique("debrief prompt", [p.id for p in self.debrief_prompts])
        _check_unique("interview question", [q.id for q in self.interview_questions])
        _check_unique("student group", [g.id for g in self.student_groups])
        _check_unique("slice kind", [s.id for s in self.slice_kinds])
        _check_unique("based_on", list(self.based_on))
        if self.id in self.based_on:
            raise ValueError(f"based_on names the protocol itself ({self.id!r})")
        if self.max_observers is not None and self.max_observers < self.min_observers:
            raise ValueError("max_observers must not be less than min_observers")
        if self.requires_slice and not self.slice_kinds:
            raise ValueError("requires_slice is true but no slice_kinds are defined")
        problem = interview_kind_problem(
            self.interview_evidence_kind, [k.id for k in self.evidence_kinds], bool(self.interview_questions)
        )
        if problem:
            raise ValueError(f"interview_evidence_kind {problem}")
        problems = capture_problems(self)
        if problems:
            raise ValueError(problems[0])

    def is_a(self, protocol_id: str) -> bool:
        """True for this protocol's own id and for every protocol it is based on.

        A plugin answers hooks for ``protocol.is_a(ITS_ID)``, so a district's adaptation
        (``extends = "ITS_ID"``) keeps the plugin's behaviour.
        """
        return protocol_id == self.id or protocol_id in self.based_on

    def look_fors(self) -> tuple[LookFor, ...]:
        """Every look-for of every category, in order."""
        return tuple(lf for category in self.categories for lf in category.look_fors)

    def look_for(self, look_for_id: str) -> LookFor | None:
        return next((lf for lf in self.look_fors() if lf.id == look_for_id), None)

    def category_of(self, look_for_id: str) -> Category | None:
        for category in self.categories:
            if any(lf.id == look_for_id for lf in category.look_fors):
                return category
        return None

    def evidence_kind(self, kind_id: str) -> EvidenceKind | None:
        return next((k for k in self.evidence_kinds if k.id == kind_id), None)

    def interview_kind(self) -> EvidenceKind | None:
        """The evidence kind interview answers are saved as (None: the protocol declares none)."""
        if self.interview_evidence_kind is None:
            return None
        return self.evidence_kind(self.interview_evidence_kind)

    def is_interview_answer(self, evidence) -> bool:
        """True for a piece of evidence saved as this protocol's interview answer kind."""
        return self.interview_evidence_kind is not None and evidence.kind == self.interview_evidence_kind

    def look_for_label(self, look_for_id: str) -> str:
        """The look-for's label, with its category's where another look-for has the same label."""
        look_for = self.look_for(look_for_id)
        if look_for is None:
            return look_for_id
        if sum(1 for other in self.look_fors() if other.label == look_for.label) > 1:
            category = self.category_of(look_for_id)
            return f"{category.label}: {look_for.label}"
        return look_for.label

    @property
    def interval_coding(self) -> bool:
        """True when observers code the lesson in intervals (``capture = "intervals"``)."""
        return self.capture == "intervals" and self.intervals is not None

    def student_group(self, group_id: str) -> StudentGroup | None:
        return next((g for g in self.student_groups if g.id == group_id), None)

    def categories_for_focus(self, focus_categories: tuple[str, ...]) -> tuple[Category, ...]:
        """The categories an observer is shown, narrowed by the walk's chosen focus."""
        if not (self.focus_narrows_look_fors and focus_categories):
            return self.categories
        chosen = tuple(c for c in self.categories if c.id in focus_categories)
        return chosen or self.categories

    @property
    def solo(self) -> bool:
        return self.max_observers == 1


def interview_kind_problem(kind_id, declared: list[str], has_questions: bool) -> str:
    """What is wrong with a protocol's ``interview_evidence_kind`` ("" when nothing is).

    It must name one of the declared evidence kinds, and is required as soon as the
    protocol has interview questions (their answers need a kind to be saved as).
    """
    choices = ", ".join(repr(k) for k in declared) or "none"
    if kind_id is None:
        if has_questions:
            return ("is required: the protocol has interview questions, so name the evidence kind "
                    f"their answers are saved as (one of {choices})")
        return ""
    if kind_id not in declared:
        return f"names {kind_id!r}, which is not one of the evidence kinds ({choices})"
    return ""


def _check_unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"duplicate {what} id {item_id!r}")
        seen.add(item_id)
