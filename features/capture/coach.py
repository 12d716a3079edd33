"""The descriptive-evidence coach: spot judgement words in a note and suggest evidence instead.

Matching is case-insensitive, on whole words, and phrase-aware ("needs to" matches
"Needs   to" across spaces but not "needs total"). The coach only advises: it never
stops a note from being saved.
"""

from __future__ import annotations

import re
from functools import lru_cache

from attrs import frozen

HINT = "as a judgement: write what students and the teacher said or did (counts help)"


@frozen
class Coaching:
    """The judgement words found in a note (in order of appearance) and a short hint."""

    matches: tuple[str, ...]
    hint: str

    def __bool__(self) -> bool:
        return bool(self.matches)


@lru_cache(maxsize=32)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    phrases = sorted({" ".join(w.split()).lower() for w in words if w and w.strip()}, key=len, reverse=True)
    if not phrases:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in phrase.split()) for phrase in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def find_judgements(text: str, words) -> Coaching:
    """The judgement words or phrases from ``words`` that occur in ``text``, with a hint."""
    pattern = _pattern(tuple(words))
    if pattern is None or not text:
        return Coaching(matches=(), hint="")
    found: dict[str, None] = {}
    for match in pattern.finditer(text):
        found[" ".join(match.group(0).split()).lower()] = None
    matches = tuple(found)
    if not matches:
        return Coaching(matches=(), hint="")
    quoted = ", ".join(f"\u201c{word}\u201d" for word in matches)
    verb = "reads" if len(matches) == 1 else "read"
    return Coaching(matches=matches, hint=f"{quoted} {verb} {HINT}")
