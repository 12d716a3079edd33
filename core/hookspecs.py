"""The hooks a protocol plugin can implement.

Mark implementations with ``from classwalk import hookimpl``. Every answer is checked
(:mod:`classwalk.core.hook_results`): a wrong type or shape is a recorded failure. Every hook gets
the protocol it is asked about; a plugin answers only for its own protocols and those
based on them (``protocol.is_a(ID)``), and returns ``None`` otherwise. docs/hooks.md is
the reference with examples.
"""

from __future__ import annotations

import pluggy

HOOK_API = 1
"""The version of the hooks below. A hook may be added without changing it; changing or
removing one (its arguments, what it returns, when it is called) raises it. A plugin may
declare the version it was written for as ``CLASSWALK_HOOK_API`` in its module; one that
declares a newer version than this is not loaded (docs/hooks.md has the policy)."""

hookspec = pluggy.HookspecMarker("classwalk")


@hookspec
def classwalk_register_protocols(register):
    """Register protocols by calling ``register(protocol)`` once for each."""


@hookspec(firstresult=True)
def classwalk_timing_status(protocol, walk, elapsed_seconds):
    """Return a TimingStatus for a visit ``elapsed_seconds`` long under ``walk``."""


@hookspec
def classwalk_debrief_patterns(protocol, walk, visits, evidence):
    """Return a list of extra Pattern tables for a walk's debrief, or None."""


@hookspec
def classwalk_judgement_words(protocol):
    """Return words that read as a judgement rather than evidence, for the note coach."""


@hookspec(firstresult=True)
def classwalk_reflective_question(protocol, visit, evidence):
    """Return one open reflective question for the teacher of ``visit``, or None."""


@hookspec(firstresult=True)
def classwalk_follow_up_due(protocol, visits, evidence, today):
    """Return a FollowUpSuggestion if the teacher of these visits is due a conversation."""
