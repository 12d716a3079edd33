"""The one rule for names and labels: one line, nothing invisible, a sensible length, NFC.

A school, teacher, observer, classroom, cycle or focus is shown on one line in listings,
report headings and the terminal UI, and is compared to find "the same school". So a name
may not hold a line break (it would forge a line of its own), a control character, or a
character drawn as nothing (zero-width and bidi controls, the soft hyphen, Hangul fillers,
the braille blank, variation selectors, tag characters...), which would make two different
names look alike. It is stored in Unicode's composed form (NFC), so "é" typed as one
character or as "e" and an accent is one name. :func:`check_name` is that rule; the API,
the command line, the terminal UI's forms and bundle imports all call it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import attrs

from classwalk.core.errors import ClasswalkError

MAX_NAME_LENGTH = 200
MAX_QUESTION_LENGTH = 500

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Drawn as nothing though not format characters: the combining grapheme joiner, Hangul
# fillers, Khmer inherent vowels, Mongolian free variation selectors, the braille blank,
# variation selectors, reserved default-ignorable code points and tags.
_BLANK = (
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0\ufff0-\ufff8"
    "\U000e0000-\U000e0fff"
)
_BLANK_CHARACTER = re.compile(f"[{_BLANK}]")


class NameProblem(ClasswalkError, ValueError):
    """A name or label that cannot be stored; the message names the field, on one line."""


def _character(ch: str) -> str:
    code = ord(ch)
    name = unicodedata.name(ch, "")
    return f"U+{code:04X} {name}" if name else f"U+{code:04X}"


def _refused(ch: str) -> str | None:
    """Why ``ch`` may not stand in a name, or None when it may."""
    if ch in LINE_BREAKS:
        return f"holds a line break ({_character(ch)}): a name is one line"
    category = unicodedata.category(ch)
    if category == "Cc":
        return f"holds a control character ({_character(ch)}): remove it"
    if category == "Cs":
        return f"holds text that is not valid Unicode ({_character(ch)})"
    if category in ("Cf", "Zl", "Zp") or _BLANK_CHARACTER.match(ch):
        return f"holds an invisible character ({_character(ch)}) that makes names look alike: remove it"
    return None


def check_name(field: str, value: object, longest: int = MAX_NAME_LENGTH) -> str:
    """``value`` in composed form (NFC), or a :class:`NameProblem` naming ``field``.

    Refused: anything but text, more than ``longest`` characters, a line break, a control
    character, a format character (Unicode Cf) or another character drawn as nothing.
    Outer spaces and empty names are the caller's business (forms trim, bundles keep).
    """
    if not isinstance(value, str):
        raise NameProblem(f"{field}: expected text, got {type(value).__name__}")
    if len(value) > longest:
        raise NameProblem(f"{field}: {len(value)} characters long; the most is {longest}")
    for ch in value:
        if ch.isascii() and ch.isprintable():
            continue
        why = _refused(ch)
        if why:
            raise NameProblem(f"{field}: {why}")
    composed = unicodedata.normalize("NFC", value)
    if len(composed) > longest:  # a few characters compose into two (U+0958)
        raise NameProblem(f"{field}: {len(composed)} characters long; the most is {longest}")
    return composed


@functools.cache
def name_fields() -> dict[type, dict[str, int]]:
    """Record class -> its fields that are names or labels, each with its longest length."""
    from classwalk.core.records.capture import ClockEvent, IntervalMark, ItemAnswer, SnapshotCount
    from classwalk.core.records.model import (
        Cycle, DebriefResponse, Evidence, EvidenceRevision, Feedback, NextStep, Observer, Slice, Visit, Walk,
    )

    name = MAX_NAME_LENGTH
    return {
        Walk: {"school": name, "focus": name, "focus_shaped_by": name, "guiding_question": MAX_QUESTION_LENGTH,
               "protocol_id": name, "protocol_version": name, "timing_variant": name, "deleted_by": name},
        Cycle: {"name": name, "school": name, "focus": name},
        Observer: {"name": name, "role": name},
        Slice: {"kind": name},
        Visit: {"classroom": name, "teacher": name, "observer": name, "grade": name, "subject": name},
        Evidence: {"kind": name, "observer": name, "question_id": name, "mark": name, "edited_by": name,
                   "deleted_by": name},
        EvidenceRevision: {"mark": name, "written_by": name, "replaced_by": name},
        DebriefResponse: {"prompt_id": name, "author": name},
        NextStep: {"owner": name, "kind": name, "author": name},
        Feedback: {"teacher": name, "author": name},
        IntervalMark: {"observer": name},
        ClockEvent: {"observer": name},
        SnapshotCount: {"observer": name},
        ItemAnswer: {"observer": name},
    }


def check_record_names(record, where: str = ""):
    """``record`` with its names in NFC (nested records too); :class:`NameProblem` names the
    first field that breaks the rule (``where.field``; ``where`` defaults to nothing)."""
    return _map_names(record, where, check_name)


def composed_names(record):
    """``record`` with every name and label in NFC (nested records too), nothing checked."""
    return _map_names(record, "", lambda _path, value, _longest: unicodedata.normalize("NFC", value))


def _map_names(record, where: str, change):
    fields = name_fields().get(type(record), {})
    changes = {}
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        path = f"{where}.{field.name}" if where else field.name
        if field.name in fields and isinstance(value, str):
            changed = change(path, value, fields[field.name])
        elif attrs.has(type(value)):
            changed = _map_names(value, path, change)
        elif isinstance(value, tuple) and any(attrs.has(type(item)) for item in value):
            changed = tuple(_map_names(item, f"{path}[{index}]", change) if attrs.has(type(item)) else item
                            for index, item in enumerate(value))
        else:
            continue
        if changed != value:
            changes[field.name] = changed
    return attrs.evolve(record, **changes) if changes else record
