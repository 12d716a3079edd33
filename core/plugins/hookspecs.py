"""The hooks a protocol plugin can implement, each with its whole contract in one place.

Mark implementations with ``from classwalk.plugin import hookimpl``. Each hook below is
a pluggy specification *and* a :class:`HookSpec` (in :data:`HOOKS`): its arguments, the
type of a good answer, whether the first answer wins, when it is called, where its
answer shows, and the check every answer passes before the program uses it (a wrong
type or shape is a recorded failure). Every hook except the register hook receives the
protocol it is asked about; a plugin answers only for the protocols it registers or
declares it extends (``CLASSWALK_EXTENDS``), and returns ``None`` otherwise.
docs/plugin-reference.md is generated from this module.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import pluggy
from attrs import frozen

from classwalk.core.plugins import hook_results
from classwalk.core.records.patterns import FollowUpSuggestion, Pattern
from classwalk.core.protocols.timing import TimingStatus

HOOK_API = 1
"""The version of the hooks below. A hook may be added without changing it; changing or
removing one (its arguments, what it returns, when it is called) raises it. A plugin may
declare the version it was written for as ``CLASSWALK_HOOK_API`` in its module; one that
declares a newer version than this is not loaded (docs/hooks.md has the policy)."""

hookspec = pluggy.HookspecMarker("classwalk")


@frozen
class HookSpec:
    """One hook's contract: what it receives, what it must return, when and where it counts."""

    name: str
    summary: str
    arguments: tuple[tuple[str, str], ...]
    """Each argument's name and what it holds, in order."""
    result: str
    """A good answer, in words (``None`` always means "not mine")."""
    result_type: Any
    """The Python type of a good answer."""
    first_wins: bool
    """True: the first good answer is used; False: every good answer is used."""
    per_protocol: bool
    """True: the hook receives ``protocol`` and answers only for protocols in the plugin's scope."""
    when: str
    shows: str
    check: Callable[[Any], "str | None"]
    """Names what is wrong with a non-None answer, or returns None for a good one."""

    @property
    def argument_names(self) -> tuple[str, ...]:
        return tuple(name for name, _what in self.arguments)


HOOKS: dict[str, HookSpec] = {}
"""Every hook's contract by hook name, in the order they are documented."""


def _spec(*, arguments: dict[str, str], result: str, result_type: Any, first_wins: bool,
          when: str, shows: str, check: Callable[[Any], "str | None"]):
    """Make the decorated function a pluggy hook specification and record its contract."""

    def mark(function):
        names = function.__code__.co_varnames[:function.__code__.co_argcount]
        assert tuple(arguments) == names, f"{function.__name__}: arguments {names} are not documented as such"
        hookspec(firstresult=first_wins)(function)
        HOOKS[function.__name__] = HookSpec(
            name=function.__name__, summary=" ".join((function.__doc__ or "").split()),
            arguments=tuple(arguments.items()), result=result, result_type=result_type,
            first_wins=first_wins, per_protocol="protocol" in arguments, when=when, shows=shows,
            check=check,
        )
        return function

    return mark


PROTOCOL = "the `Protocol` asked about (a TOML adaptation of yours has `is_a(your_id)` true)"
WALK = "the `Walk`"
VISITS = "the walk's `Visit` records, in order"
EVIDENCE = "the `Evidence` (notes) of those visits, in order"


@_spec(
    arguments={"register": "call `register(protocol)` with one `Protocol` for each protocol of the plugin"},
    result="nothing (return `None`): call `register(protocol)` instead", result_type=type(None),
    first_wins=False,
    when="once per run, when protocols are first needed (every command and the UI's start)",
    shows="`classwalk protocols`, the UI's protocol list; a taken id is listed as a failure",
    check=hook_results.nothing_returned,
)
def classwalk_register_protocols(register):
    """Register protocols by calling ``register(protocol)`` once for each."""


@_spec(
    arguments={"protocol": PROTOCOL, "walk": f"{WALK} the visit belongs to, or `None` outside a walk",
               "elapsed_seconds": "how long the visit has lasted, in seconds (a float)"},
    result="a `TimingStatus` (phase `before_target`, `at_target` or `past_max`; numbers for the seconds; "
           "text for `message` and `prompt`)",
    result_type=TimingStatus, first_wins=True,
    when="about once a second while a visit is open, and by `classwalk plugins --check`",
    shows="the visit timer in a room (its colour, message and prompt)",
    check=hook_results.check_timing_status,
)
def classwalk_timing_status(protocol, walk, elapsed_seconds):
    """Return a TimingStatus for a visit ``elapsed_seconds`` long under ``walk``."""


@_spec(
    arguments={"protocol": PROTOCOL, "walk": WALK, "visits": VISITS, "evidence": EVIDENCE},
    result="a list of `Pattern` (unique ids; each row as many cells as columns; cells text, numbers or `None`)",
    result_type=list[Pattern], first_wins=False,
    when="whenever a walk's debrief is built: the debrief screen, `report`, `export --format md|csv`",
    shows="after classwalk's own patterns in the debrief, reports and exports",
    check=hook_results.check_patterns,
)
def classwalk_debrief_patterns(protocol, walk, visits, evidence):
    """Return a list of extra Pattern tables for a walk's debrief, or None."""


@_spec(
    arguments={"protocol": PROTOCOL},
    result="a list of non-empty words or phrases (not one string)",
    result_type=list[str], first_wins=False,
    when="when a room opens, for the note line",
    shows="the note line's coach, which flags these words as you type",
    check=hook_results.check_words,
)
def classwalk_judgement_words(protocol):
    """Return words that read as a judgement rather than evidence, for the note coach."""


@_spec(
    arguments={"protocol": PROTOCOL, "visit": "the `Visit` the question is for",
               "evidence": "that visit's `Evidence`, in order"},
    result="non-empty text, one open question", result_type=str, first_wins=True,
    when="when feedback is drafted for a teacher (`classwalk feedback draft`, the UI's feedback)",
    shows="the draft of the private feedback to that teacher",
    check=hook_results.check_question,
)
def classwalk_reflective_question(protocol, visit, evidence):
    """Return one open reflective question for the teacher of ``visit``, or None."""


@_spec(
    arguments={"protocol": PROTOCOL, "visits": "one teacher's `Visit` records under this protocol",
               "evidence": "the `Evidence` of those visits", "today": "the date to judge from (`datetime.date`)"},
    result="a `FollowUpSuggestion` (`due` True or False, `reason` text)",
    result_type=FollowUpSuggestion, first_wins=True,
    when="when feedback due is listed (`classwalk feedback --due`, the UI's feedback list)",
    shows="whether a teacher is listed as due a conversation, with the reason",
    check=hook_results.check_follow_up,
)
def classwalk_follow_up_due(protocol, visits, evidence, today):
    """Return a FollowUpSuggestion if the teacher of these visits is due a conversation."""


def spec(hook_name: str) -> HookSpec:
    """The contract of ``hook_name`` (KeyError for a name that is not a hook)."""
    return HOOKS[hook_name]


def per_protocol_hooks() -> Sequence[HookSpec]:
    """The hooks that receive a protocol, in documented order."""
    return [hook for hook in HOOKS.values() if hook.per_protocol]

