"""What a protocol asks the observer to capture, beyond free notes tagged with look-fors.

A protocol file declares its capture shape (docs/protocols-in-toml.md):

- ``capture = "notes"`` (the default): free notes tagged with look-fors;
- ``capture = "intervals"``: time-sampled coding. The lesson is cut into consecutive
  intervals of ``[intervals] minutes``; in each the observer ticks the codes of each code
  set seen (a set may allow one code per interval only), answers the one-choice items
  (how many students engaged...) and, where the protocol allows, writes a note;
- ``[[snapshots]]``: counts of students at set minutes or on demand ("18 of 24");
- ``[[visit_items]]``: a few typed questions per visit (one choice, a count, a short
  text) about what students and the room show, never a rating of the teacher.

Every code, code-set and item id is checked here; :func:`interval_keys` gives each code
and choice the key the observer types, so any number of codes can be reached.
"""

from __future__ import annotations

import re
import string

from attrs import field, frozen
from attrs.validators import deep_iterable, ge, in_, instance_of, matches_re, min_len, optional

from classwalk.core.fields import tuple_of

CAPTURE_SHAPES = ("notes", "intervals")
ITEM_TYPES = ("choice", "count", "text")
SHORT_PATTERN = r"^[A-Za-z0-9]{1,3}$"
MAX_TEXT_ANSWER = 200

_id = matches_re(r"^[a-z0-9][a-z0-9_.-]*$")
_required_text = [instance_of(str), min_len(1)]
_text = instance_of(str)


def _short_code(instance, attribute, value) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"([A-Za-z0-9]{1,3})?", value):
        raise ValueError(f"'{attribute.name}' must be one to three letters or digits (got {value!r})")


_short = [instance_of(str), _short_code]


def _positive(instance, attribute, value) -> None:
    if not value > 0:
        raise ValueError(f"'{attribute.name}' must be more than 0 (got {value})")


@frozen(kw_only=True)
class Code:
    """One thing an observer may see in an interval (students listening, teacher lecturing).

    ``short`` is the protocol's own short code (one to three letters or digits) the
    observer types; without one, a key is given from the label.
    """

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    description: str = field(default="", validator=_text)
    short: str = field(default="", validator=_short)


@frozen(kw_only=True)
class CodeSet:
    """A category of codes (what students do, what the teacher does).

    ``several = false`` allows one code of the set per interval.
    """

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    description: str = field(default="", validator=_text)
    several: bool = field(default=True, validator=instance_of(bool))
    codes: tuple[Code, ...] = tuple_of(Code, required=True)


@frozen(kw_only=True)
class Choice:
    """One answer of a one-choice item (few / about half / most)."""

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    short: str = field(default="", validator=_short)


@frozen(kw_only=True)
class IntervalItem:
    """A question answered with one choice in every interval (how many students engaged)."""

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    description: str = field(default="", validator=_text)
    choices: tuple[Choice, ...] = tuple_of(Choice, required=True)


@frozen(kw_only=True)
class CodeGroup:
    """Codes reported together ("students receiving" = listening + taking notes).

    ``codes`` are qualified ids, ``set.code``.
    """

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    codes: tuple[str, ...] = field(converter=tuple, validator=[deep_iterable(instance_of(str)), min_len(1)])


@frozen(kw_only=True)
class Intervals:
    """Interval coding: the interval length, the code sets, per-interval items, groups."""

    minutes: float = field(converter=float, validator=[instance_of(float), _positive])
    grace_seconds: int = field(default=30, validator=[instance_of(int), ge(0)])
    notes: bool = field(default=True, validator=instance_of(bool))
    code_sets: tuple[CodeSet, ...] = tuple_of(CodeSet, required=True)
    items: tuple[IntervalItem, ...] = tuple_of(IntervalItem)
    groups: tuple[CodeGroup, ...] = tuple_of(CodeGroup)
    offset_warning: float = field(default=0.25, converter=float, validator=[instance_of(float), ge(0.0)])
    """Calibration warns when two observers' intervals are offset by more than this share of an interval."""
    consensus: str = field(default="", validator=in_(("", "all", "majority")))
    """With several observers of one lesson, report a consensus coding too: codes every observer
    ticked (``"all"``) or more than half did (``"majority"``); the lesson then counts by it."""
    """Calibration warns when two observers' intervals are offset by more than this share of an interval."""

    def codes(self) -> list[tuple[CodeSet, Code]]:
        """Every (set, code), in order."""
        return [(code_set, code) for code_set in self.code_sets for code in code_set.codes]

    def code_ids(self) -> list[str]:
        """Every qualified code id (``set.code``), in order."""
        return [qualified(code_set, code) for code_set, code in self.codes()]

    def code(self, code_id: str) -> tuple[CodeSet, Code] | None:
        return next(((s, c) for s, c in self.codes() if qualified(s, c) == code_id), None)

    def item(self, item_id: str) -> IntervalItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    def code_label(self, code_id: str) -> str:
        """"Set: code", so codes of the same name in two sets are told apart."""
        found = self.code(code_id)
        return f"{found[0].label}: {found[1].label}" if found else code_id

    @property
    def seconds(self) -> float:
        return self.minutes * 60


@frozen(kw_only=True)
class Snapshot:
    """A count of students at set minutes (``at_minutes``) or whenever the observer chooses.

    The observer enters how many students show ``label`` and how many are present.
    """

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    description: str = field(default="", validator=_text)
    at_minutes: tuple[float, ...] = tuple_of(float)


@frozen(kw_only=True)
class VisitItem:
    """A typed question answered once per visit: one choice, a count or a short text."""

    id: str = field(validator=_id)
    label: str = field(validator=_required_text)
    description: str = field(default="", validator=_text)
    type: str = field(validator=in_(ITEM_TYPES))
    choices: tuple[Choice, ...] = tuple_of(Choice)
    max_count: int | None = field(default=None, validator=optional([instance_of(int), ge(0)]))


def qualified(code_set: CodeSet, code: Code) -> str:
    return f"{code_set.id}.{code.id}"


# rules across fields -------------------------------------------------------------


def capture_problems(protocol) -> list[str]:
    """Rules a protocol's capture must follow, as messages (an empty list when it is fine)."""
    return [message for _path, message in capture_rule_problems(protocol)]


def capture_rule_problems(protocol) -> list[tuple[tuple, str]]:
    """(path, message) for every broken rule of the capture shape, for ``protocols check``."""
    problems: list[tuple[tuple, str]] = []
    if protocol.capture == "intervals" and protocol.intervals is None:
        problems.append((("capture",), 'is "intervals" but the file has no [intervals] table'))
    if protocol.capture != "intervals" and protocol.intervals is not None:
        problems.append((("intervals",), 'is only used with capture = "intervals" (add that line, '
                         'or remove [intervals])'))
    if protocol.intervals is not None:
        problems += _interval_problems(protocol.intervals)
    problems += _duplicates([s.id for s in protocol.snapshots], "snapshots", "snapshot")
    problems += _duplicates([i.id for i in protocol.visit_items], "visit_items", "visit item")
    for index, snapshot in enumerate(protocol.snapshots):
        for at, minute in enumerate(snapshot.at_minutes):
            if minute < 0:
                problems.append((("snapshots", index, "at_minutes", at), f"must be 0 or more (got {minute})"))
        problems += _duplicates(list(snapshot.at_minutes), ("snapshots", index, "at_minutes"), "minute",
                                key=None)
    for index, item in enumerate(protocol.visit_items):
        path = ("visit_items", index)
        if item.type == "choice" and len(item.choices) < 2:
            problems.append((path + ("choices",), 'a "choice" item needs at least two [[visit_items.choices]]'))
        if item.type != "choice" and item.choices:
            problems.append((path + ("choices",), f'only "choice" items have choices (this one is "{item.type}")'))
        if item.type != "count" and item.max_count is not None:
            problems.append((path + ("max_count",), f'only "count" items have a max_count (this one is "{item.type}")'))
        problems += _duplicates([c.id for c in item.choices], path + ("choices",), "choice")
    return problems


def _interval_problems(intervals: Intervals) -> list[tuple[tuple, str]]:
    base = ("intervals",)
    problems = _duplicates([s.id for s in intervals.code_sets], base + ("code_sets",), "code set")
    for index, code_set in enumerate(intervals.code_sets):
        problems += _duplicates([c.id for c in code_set.codes], base + ("code_sets", index, "codes"), "code")
    problems += _duplicates([i.id for i in intervals.items], base + ("items",), "item")
    for index, item in enumerate(intervals.items):
        if len(item.choices) < 2:
            problems.append((base + ("items", index, "choices"), "a one-choice item needs at least two choices"))
        problems += _duplicates([c.id for c in item.choices], base + ("items", index, "choices"), "choice")
    problems += _duplicates([g.id for g in intervals.groups], base + ("groups",), "group")
    known = set(intervals.code_ids())
    for index, group in enumerate(intervals.groups):
        for at, code_id in enumerate(group.codes):
            if code_id not in known:
                problems.append((base + ("groups", index, "codes", at),
                                 f"no code {code_id!r}: name codes as set.code (e.g. {next(iter(intervals.code_ids()), 'set.code')!r})"))
    problems += _short_problems(intervals)
    return problems


def _short_problems(intervals: Intervals) -> list[tuple[tuple, str]]:
    """A short code is unique within its code set; codes of different sets may share one
    (the observer's focused set, or a question, tells them apart). A choice's short code is
    unique across the protocol, codes included."""
    problems = []
    code_shorts: dict[str, tuple] = {}  # first code using a short, any set
    for s, code_set in enumerate(intervals.code_sets):
        in_set: dict[str, tuple] = {}
        for c, code in enumerate(code_set.codes):
            if not code.short:
                continue
            path, key = ("intervals", "code_sets", s, "codes", c, "short"), code.short.lower()
            if key in in_set:
                problems.append((path, f"short code {code.short!r} is used twice in code set {code_set.id!r}: "
                                 f"give each code of a set its own (first used at {_format(in_set[key])})"))
            else:
                in_set[key] = path
                code_shorts.setdefault(key, path)
    choice_shorts: dict[str, tuple] = {}
    for i, item in enumerate(intervals.items):
        for c, choice in enumerate(item.choices):
            if not choice.short:
                continue
            path, key = ("intervals", "items", i, "choices", c, "short"), choice.short.lower()
            first = code_shorts.get(key) or choice_shorts.get(key)
            if first:
                problems.append((path, f"short code {choice.short!r} is used twice: give each choice a short code "
                                 f"no code or other choice has (first used at {_format(first)})"))
            else:
                choice_shorts[key] = path
    return problems


def _format(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _duplicates(values: list, where, what: str, key: str | None = "id") -> list[tuple[tuple, str]]:
    """Values used twice; ``key`` is the field holding each value (None: the value itself)."""
    where = (where,) if isinstance(where, str) else where
    tail = (key,) if key else ()
    seen: dict = {}
    problems = []
    for index, value in enumerate(values):
        if value in seen:
            first = _format(where + (seen[value],) + tail)
            label = f"duplicate {what} id" if key else f"duplicate {what}"
            problems.append((where + (index,) + tail, f"{label} {value!r} (first used at {first})"))
        else:
            seen[value] = index
    return problems


# keys ---------------------------------------------------------------------------

KEY_LETTERS = string.ascii_lowercase
KEY_DIGITS = "1234567890"


@frozen
class Target:
    """What a typed key means: a code (``item`` empty) or a choice of a one-choice item."""

    code: str = ""
    item: str = ""
    choice: str = ""


def interval_keys(intervals: Intervals) -> dict[str, tuple[Target, ...]]:
    """Key (lowercase) -> the codes or choice it means, for every code and choice of the protocol.

    The protocol's own short codes come first; a short code shared by codes of different
    sets means each of them (the grid's focused set, or the observer, picks one). The rest
    get one letter (codes) or digit (choices) while single characters last, else two
    letters: every code has a key, however many there are, and the keys given here are
    never the start of another key.
    """
    keys: dict[str, tuple[Target, ...]] = {}
    pending: list[tuple[Target, str, str]] = []
    for code_set, code in intervals.codes():
        target = Target(code=qualified(code_set, code))
        if code.short:
            keys[code.short.lower()] = keys.get(code.short.lower(), ()) + (target,)
        else:
            pending.append((target, code.label, KEY_LETTERS + KEY_DIGITS))
    for item in intervals.items:
        for choice in item.choices:
            target = Target(item=item.id, choice=choice.id)
            if choice.short:
                keys[choice.short.lower()] = keys.get(choice.short.lower(), ()) + (target,)
            else:
                pending.append((target, choice.label, KEY_DIGITS + KEY_LETTERS))

    starts = {key[:end] for key in keys for end in range(1, len(key) + 1)}  # every key's beginnings

    def free(key: str) -> bool:
        """Neither the start of a key given, nor started by one."""
        return key not in starts and not any(key[:end] in keys for end in range(1, len(key)))

    singles = sum(1 for ch in KEY_LETTERS + KEY_DIGITS if free(ch))
    two_letters = len(pending) > singles
    for target, label, pool in pending:
        key = _pick_key(label, pool, two_letters, free)
        keys[key] = (target,)
        starts.update(key[:end] for end in range(1, len(key) + 1))
    return keys


def code_key_of(keys: dict[str, tuple[Target, ...]]) -> dict[str, str]:
    """Qualified code id -> the key typed for it."""
    return {target.code: key for key, targets in keys.items() for target in targets if target.code}


def _pick_key(label: str, pool: str, two_letters: bool, free) -> str:
    letters = [ch for ch in label.lower() if ch in KEY_LETTERS + KEY_DIGITS]
    if not two_letters:
        for ch in [*letters, *pool]:
            if ch in pool and free(ch):
                return ch
    words = [w for w in re.split(r"[^a-z0-9]+", label.lower()) if w]
    preferred = []
    if len(words) >= 2:
        preferred.append(words[0][0] + words[1][0])
    if letters:
        preferred += [letters[0] + ch for ch in letters[1:]]
    for key in preferred:
        if free(key):
            return key
    for first in KEY_LETTERS + KEY_DIGITS:
        for second in KEY_LETTERS + KEY_DIGITS:
            if free(first + second):
                return first + second
    for first in KEY_LETTERS:  # beyond 1296 codes: three characters
        for second in KEY_LETTERS:
            for third in KEY_LETTERS:
                if free(first + second + third):
                    return first + second + third
    raise ValueError("too many codes to give each a key")


# descriptions ---------------------------------------------------------------------


def capture_outline(protocol) -> list[str]:
    """The capture shape in a few plain lines, for ``protocols show``."""
    lines: list[str] = []
    intervals = protocol.intervals if protocol.capture == "intervals" else None
    if intervals is not None:
        notes = "a note may accompany an interval" if intervals.notes else "no notes"
        lines.append(f"Interval coding: {intervals.minutes:g}-minute intervals; the previous one can be "
                     f"corrected for {intervals.grace_seconds} s; {notes}")
        keys = code_key_of(interval_keys(intervals))
        for code_set in intervals.code_sets:
            how = "several codes per interval" if code_set.several else "one code per interval"
            lines.append(f"  {code_set.label} ({how})")
            for code in code_set.codes:
                key = code.short or keys.get(qualified(code_set, code), "").upper()
                lines.append(f"    {key:>4}  {code.label}  [{qualified(code_set, code)}]")
        for item in intervals.items:
            lines.append(f"  One choice per interval: {item.label}: " + ", ".join(c.label for c in item.choices))
        for group in intervals.groups:
            lines.append(f"  Group {group.label}: " + ", ".join(intervals.code_label(c) for c in group.codes))
    for snapshot in protocol.snapshots:
        when = ("at minutes " + ", ".join(f"{m:g}" for m in snapshot.at_minutes)) if snapshot.at_minutes \
            else "when the observer chooses"
        lines.append(f"Count of students: {snapshot.label} ({when})")
    for item in protocol.visit_items:
        kind = {"choice": "one of " + ", ".join(c.label for c in item.choices), "count": "a count",
                "text": "a short text"}[item.type]
        lines.append(f"Typed item: {item.label} ({kind})")
    return lines


def capture_brief(protocol) -> str:
    """``interval coding: 23 codes in 2 sets`` (or ``notes``), with counts and typed items."""
    parts = []
    if protocol.capture == "intervals" and protocol.intervals is not None:
        codes = len(protocol.intervals.codes())
        parts.append(f"interval coding: {codes} codes in {len(protocol.intervals.code_sets)} sets")
    else:
        parts.append(f"{len(protocol.look_fors())} look-fors")
    if protocol.snapshots:
        parts.append(f"{len(protocol.snapshots)} counts")
    if protocol.visit_items:
        parts.append(f"{len(protocol.visit_items)} typed items")
    return ", ".join(parts)
