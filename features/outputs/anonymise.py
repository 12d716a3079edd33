"""Teacher and room names in free text, replaced for outputs shared with a faculty.

Reports and exports already show classrooms as Room A, B, ... and never a teacher's
name in their own columns. Observers' free text still can: "Mr. Okafor told the group…".
:class:`Anonymiser` rewrites a walk's notes, debrief answers and next steps for faculty
outputs: each of the walk's teachers becomes "the teacher of Room A" (the room's label
in that walk), and, when the walk's rooms are anonymised, each room's real name becomes
its label.

A teacher is found by the name recorded on the visit (each of co-teachers recorded as
"A / B", "A & B", "A, B" or "A and B"): the whole name in any case, with or without a
title (Mr, Mrs, Ms, Miss, Mx, Dr, Prof, Teacher, with or without a full stop); the
surname after a title in any case; and the surname alone when no other teacher of the
walk shares it, written as recorded or in capitals, so "Young" and "YOUNG" are found but
"a young class" is not (also when the teacher was recorded as "Ms. Young"). Names match
whichever apostrophe was typed (O'Brien, O’Brien), however accents were typed (composed
or not: the text is compared in NFC) and through soft hyphens and zero-width characters
inside them. A room is found by its name, or by
"room"/"rm"/"classroom" and its name when the name is only a number or one character;
in any case, except a single word without digits ("Art"), found only as written.

The limit: only names recorded on the walk's visits are known. A name typed in a note
that is not one of the walk's teachers (another colleague, a student's name that should
not have been written) is not detected.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from classwalk.core.records.model import Visit, Walk
from classwalk.core.records.patterns import Pattern

TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "teacher")
_TITLE = r"(?:" + "|".join(TITLES) + r")\.?"
_BEFORE, _AFTER = r"(?<!\w)", r"(?!\w)"
_ROOM_WORD = r"(?:room|rm\.?|classroom)\s+"
_CO_TEACHERS = re.compile(r"\s*(?:/|&|,|;|\+|\band\b)\s*")


def _tokens(name: str) -> list[str]:
    """The words of a recorded name without a leading title: "Ms. Oduya-Finch" -> ["Oduya-Finch"]."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    return words


def _composed(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _teachers(recorded: str) -> list[str]:
    """The names in a visit's teacher field: co-teachers may be given as "A / B", "A & B",
    "A, B" or "A and B"."""
    return [name.strip() for name in _CO_TEACHERS.split(recorded) if name.strip()]


APOSTROPHES = "'\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032"
_APOSTROPHE = f"[{APOSTROPHES}]"
_HIDDEN = "(?:[\u00ad\u200b-\u200d\u2060\ufeff])*"
"""Soft hyphens and zero-width characters, which may stand inside a name unseen."""


def _word(word: str) -> str:
    """A pattern for ``word`` matching any apostrophe for an apostrophe, and hidden characters between letters."""
    return _HIDDEN.join(_APOSTROPHE if ch in APOSTROPHES else re.escape(ch) for ch in word)


def _words(words: list[str]) -> str:
    return r"\s+".join(_word(word) for word in words)


class Anonymiser:
    """Rewrites free text of one walk (or of several walks' rooms) for a faculty audience."""

    def __init__(self, walk: Walk, visits: Iterable[Visit], labels: dict[str, str], teacher_name=None):
        """``teacher_name(name)``, when given, is what a teacher's name becomes (a pseudonym,
        say) instead of "the teacher of Room A"."""
        visits = list(visits)
        teachers: dict[str, str] = {}
        rooms: dict[str, str] = {}
        for visit in sorted(visits, key=lambda v: v.started_at):
            label = labels.get(visit.id)
            if label is None:
                continue
            for teacher in _teachers(_composed(visit.teacher)):
                teachers.setdefault(teacher, teacher_name(teacher) if teacher_name else f"the teacher of {label}")
            classroom = _composed(visit.classroom).strip()
            if not walk.name_rooms and classroom:
                rooms.setdefault(classroom, label)
        self.replacements: list[tuple[str, int, str]] = []
        self._keys: set[str] = set()  # a text holding none of these needs no rewriting
        self._keep = _composed(walk.school).strip()  # found first and left as it is ("North Park" is not Ms Park)
        surnames: dict[str, set[str]] = {}
        for name in teachers:
            words = _tokens(name)
            if words:
                surnames.setdefault(words[-1].lower(), set()).add(name)
        for name, replacement in teachers.items():
            words = _tokens(name)
            if not words:
                continue
            surname = words[-1]
            self._keys.add(surname)
            if len(words) > 1:  # the whole name, in any case: "grace okafor"
                self._add(rf"(?:{_TITLE}\s+)?{_words(words)}", re.IGNORECASE, replacement)
            self._add(rf"{_TITLE}\s+{_word(surname)}", re.IGNORECASE, replacement)
            alone = len(surnames[surname.lower()]) == 1 and len(surname) > 1
            if alone:  # as a name: as recorded or in capitals, never "a young class"
                self._add(f"{_word(surname)}|{_word(surname.upper())}", 0, replacement)
        for room, label in rooms.items():
            self._keys.add(room.split()[0])
            prefixed = rf"{_ROOM_WORD}{_words(room.split())}"
            self._add(prefixed, re.IGNORECASE, label)
            if len(room) > 1 and not room.isdigit():
                plain_word = len(room.split()) == 1 and not any(c.isdigit() for c in room)
                self._add(_words(room.split()), 0 if plain_word else re.IGNORECASE, label)
        self._pattern = self._compile()

    def _add(self, pattern: str, flags: int, replacement: str) -> None:
        self.replacements.append((pattern, flags, replacement))

    def _compile(self) -> re.Pattern | None:
        if not self.replacements:
            return None
        self._targets: dict[str, str] = {}
        parts = []
        for index, (pattern, flags, replacement) in enumerate(self.replacements):
            group = f"r{index}"
            inline = "(?i:" if flags & re.IGNORECASE else "(?:"
            parts.append(f"{_BEFORE}(?P<{group}>{inline}{pattern})){_AFTER}")
            self._targets[group] = replacement
        parts.sort(key=len, reverse=True)  # the longer forms first where two start at one place
        if self._keep:
            parts.insert(0, f"{_BEFORE}(?P<keep>{re.escape(self._keep)}){_AFTER}")
        # every rewrite contains one of the keys, matched with the same case rules
        self._prefilter = re.compile("|".join(_word(key) for key in sorted(self._keys)), re.IGNORECASE)
        return re.compile("|".join(parts))

    def __call__(self, text: str) -> str:
        """``text`` with the walk's teachers (and anonymised rooms) replaced by labels."""
        if self._pattern is None or not text:
            return text
        composed = _composed(text)  # "Zoë" typed as "e" and an accent is still Zoë
        if not self._prefilter.search(composed):
            return text
        rewritten, count = self._pattern.subn(self._replace, composed)
        return rewritten if count else text

    def _replace(self, match: re.Match) -> str:
        group = match.lastgroup
        if group == "keep" or group is None:
            return match.group(0)
        return self._targets[group]

    def patterns(self, patterns: Iterable[Pattern]) -> list[Pattern]:
        """Patterns with every text cell (and the title and note) rewritten."""
        from attrs import evolve

        rewritten = []
        for pattern in patterns:
            rows = tuple(tuple(self(cell) if isinstance(cell, str) else cell for cell in row) for row in pattern.rows)
            title, note = self(pattern.title), self(pattern.note)
            if (rows, title, note) != (pattern.rows, pattern.title, pattern.note):
                pattern = evolve(pattern, title=title, note=note, rows=rows)
            rewritten.append(pattern)
        return rewritten

    def record(self, record, *names: str):
        """``record`` with its text fields ``names`` rewritten (the same record if none change)."""
        from attrs import evolve

        changes = {name: self(getattr(record, name)) for name in names}
        changes = {name: value for name, value in changes.items() if value != getattr(record, name)}
        return evolve(record, **changes) if changes else record


def for_walk(store, walk: Walk) -> Anonymiser:
    """The anonymiser of ``walk``, from its visits and their room labels."""
    from classwalk.features.debriefs.debrief import room_labels

    visits = store.visits_for_walk(walk.id)
    return Anonymiser(walk, visits, room_labels(walk, visits))
