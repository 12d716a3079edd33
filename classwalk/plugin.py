"""Everything a protocol plugin needs, in one module: ``from classwalk.plugin import ...``.

The promise: every name in :data:`__all__` keeps its meaning, its arguments and its
fields for as long as :data:`HOOK_API` stays the same. A change that would break a plugin
written against it raises ``HOOK_API`` (docs/hooks.md has the policy); names may be
added at any time. Modules under ``classwalk.core`` and ``classwalk.features`` are
classwalk's own and may change in any release: import from here (or from
``classwalk``, which offers the same names) instead.

docs/plugin-reference.md, generated from this module and the hook specifications, lists
each hook (arguments, result type, when it is called, where its answer shows) and each
name below.
"""

from __future__ import annotations

from classwalk.core import hookimpl
from classwalk.core.plugins.hookspecs import HOOK_API, HOOKS, HookSpec
from classwalk.core.records.model import Evidence, Visit, Walk
from classwalk.core.records.patterns import FollowUpSuggestion, Pattern
from classwalk.core.plugins.loader import PluginFailure
from classwalk.core.protocols.protocol import Protocol
from classwalk.core.protocols.toml_files import check_protocol_toml, load_protocol_file, protocol_from_toml
from classwalk.core.protocols.timing import TimingStatus, status_from_timing
from classwalk.features.debriefs.debrief import room_labels

__all__ = [
    # marking hooks, and the version of the hooks
    "hookimpl", "HOOK_API", "HOOKS", "HookSpec",
    # records a hook receives
    "Protocol", "Walk", "Visit", "Evidence",
    # records a hook returns
    "TimingStatus", "Pattern", "FollowUpSuggestion",
    # helpers
    "load_protocol_file", "protocol_from_toml", "check_protocol_toml", "status_from_timing", "room_labels",
    # what a failing plugin leaves behind
    "PluginFailure",
]
