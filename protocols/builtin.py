"""What the built-in protocol plugins share: the protocol file, hooks that answer for their
own protocol only, and the plain question and follow-up rules."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Callable

from classwalk.core import hookimpl
from classwalk.core.records.patterns import FollowUpSuggestion
from classwalk.core.protocols.toml_files import load_protocol_file


class BuiltinProtocol:
    """One built-in protocol: the ``protocol.toml`` beside its plugin module, and its hooks.

    ``hook`` marks a hook implementation that answers only for this protocol and any
    protocol built on it (a district's file with ``extends``), returning ``None`` for any
    other, as docs/hooks.md asks of every plugin.
    """

    def __init__(self, protocol_id: str, plugin_file: str) -> None:
        self.id = protocol_id
        self.path = Path(plugin_file).with_name("protocol.toml")

    def ours(self, protocol) -> bool:
        return protocol is not None and protocol.is_a(self.id)

    def hook(self, function: Callable) -> Callable:
        @functools.wraps(function)
        def for_this_protocol(protocol, *args, **kwargs):
            return function(protocol, *args, **kwargs) if self.ours(protocol) else None

        return hookimpl(for_this_protocol)

    def register_hook(self) -> Callable:
        """The hook that registers the file; it runs last, so a plugin's own protocol of the
        same id wins."""

        @hookimpl(trylast=True)
        def classwalk_register_protocols(register):
            register(load_protocol_file(self.path))

        return classwalk_register_protocols


def question_stems(protocol) -> dict[str, str]:
    """The protocol's feedback prompts by id: the stems a reflective question is built on."""
    return {prompt.id: prompt.text for prompt in protocol.feedback_prompts}


def plain_question(protocol, evidence, preferred: str) -> str | None:
    """The question asked when no noted moment fits a stem: the ``preferred`` prompt, else the
    first; None when nothing was noted or the protocol has no prompts."""
    if not evidence or not protocol.feedback_prompts:
        return None
    return question_stems(protocol).get(preferred) or protocol.feedback_prompts[0].text


def due_after_last_visit(visits, today: dt.date, days: int, what: str) -> FollowUpSuggestion:
    """Due after every walk: ``what`` within ``days`` of its last visit, overdue after that."""
    if not visits:
        return FollowUpSuggestion(due=False, reason="no visits yet")
    by = max(v.started_at.date() for v in visits) + dt.timedelta(days=days)
    when = "overdue since" if today > by else "due by"
    return FollowUpSuggestion(due=True, reason=f"{what}: {when} {by.isoformat()}")
