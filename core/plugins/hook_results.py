"""The checks on what hooks return, run on every answer before the program uses it.

A plugin that answers with the wrong type or shape (one ``Pattern`` instead of a list,
a string for a ``TimingStatus``, a bare string for a list of words) has failed: the
answer is dropped and recorded like an exception, so it can neither crash a screen nor
change what another protocol shows. :func:`problem_with` names what is wrong, or
returns ``None`` for a good answer. Each hook's :class:`~classwalk.core.plugins.hookspecs.HookSpec`
names its check; the checks look at the returned records themselves (type, fields, shape).
"""

from __future__ import annotations

import math
from typing import Any

from classwalk.core.records.patterns import FollowUpSuggestion, Pattern
from classwalk.core.protocols.timing import PHASES, TimingStatus

CELL_TYPES = (str, int, float)


def _type_name(value: Any) -> str:
    return type(value).__name__


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_timing_status(result: Any) -> str | None:
    if not isinstance(result, TimingStatus):
        return f"returned {_type_name(result)}, not a TimingStatus"
    if result.phase not in PHASES:
        return f"returned a TimingStatus with phase {result.phase!r} (one of {', '.join(PHASES)})"
    for name in ("target_seconds", "max_seconds"):
        if not _number(getattr(result, name)):
            return f"returned a TimingStatus whose {name} is {_type_name(getattr(result, name))}, not a number"
    for name in ("message", "prompt"):
        if not isinstance(getattr(result, name), str):
            return f"returned a TimingStatus whose {name} is {_type_name(getattr(result, name))}, not text"
    return None


def _pattern(pattern: Any, index: int) -> str | None:
    where = f"item {index}"
    if not isinstance(pattern, Pattern):
        return f"returned a list whose {where} is {_type_name(pattern)}, not a Pattern"
    for name in ("id", "title", "note"):
        if not isinstance(getattr(pattern, name), str):
            return f"returned Pattern {where} whose {name} is {_type_name(getattr(pattern, name))}, not text"
    if not pattern.id.strip():
        return f"returned Pattern {where} with an empty id"
    if not all(isinstance(column, str) for column in pattern.columns):
        return f"returned Pattern {pattern.id!r} with a column name that is not text"
    for number, row in enumerate(pattern.rows, start=1):
        if len(row) != len(pattern.columns):
            return (f"returned Pattern {pattern.id!r} whose row {number} has {len(row)} cells "
                    f"for {len(pattern.columns)} columns")
        for cell in row:
            if cell is not None and (not isinstance(cell, CELL_TYPES) or isinstance(cell, bool)):
                return (f"returned Pattern {pattern.id!r} whose row {number} holds a {_type_name(cell)} "
                        "(cells are text, numbers or None)")
    return None


def check_patterns(result: Any) -> str | None:
    if not isinstance(result, (list, tuple)):
        return f"returned {_type_name(result)}, not a list of Pattern"
    for index, pattern in enumerate(result, start=1):
        problem = _pattern(pattern, index)
        if problem:
            return problem
    return None


def check_words(result: Any) -> str | None:
    if not isinstance(result, (list, tuple)):
        return f"returned {_type_name(result)}, not a list of words"
    for word in result:
        if not isinstance(word, str) or not word.strip():
            return f"returned a list holding {_type_name(word) if not isinstance(word, str) else 'an empty word'}, not only words"
    return None


def check_question(result: Any) -> str | None:
    if not isinstance(result, str):
        return f"returned {_type_name(result)}, not text"
    if not result.strip():
        return "returned empty text (return None to ask nothing)"
    return None


def check_follow_up(result: Any) -> str | None:
    if not isinstance(result, FollowUpSuggestion):
        return f"returned {_type_name(result)}, not a FollowUpSuggestion"
    if not isinstance(result.due, bool):
        return f"returned a FollowUpSuggestion whose due is {_type_name(result.due)}, not True or False"
    if not isinstance(result.reason, str):
        return f"returned a FollowUpSuggestion whose reason is {_type_name(result.reason)}, not text"
    return None


def nothing_returned(result: Any) -> str | None:
    return f"returned {_type_name(result)}; call register(protocol) instead of returning"


def problem_with(hook_name: str, result: Any) -> str | None:
    """What is wrong with a non-None ``result`` of ``hook_name``, or None if it is good."""
    from classwalk.core.plugins.hookspecs import HOOKS

    hook = HOOKS.get(hook_name)
    return hook.check(result) if hook else None
