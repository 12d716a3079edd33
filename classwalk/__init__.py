"""classwalk: classroom walkthroughs and learning walks, on the observer's own machine.

This package is classwalk's public face: what scripts, integrations, tests and
plugins import. Names are loaded on first use, so ``import classwalk`` stays cheap.
Everything a plugin needs is also in :mod:`classwalk.plugin` (the same objects); those
names keep their meaning while ``HOOK_API`` stays the same.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "HOOK_API": "classwalk.core.plugins.hookspecs",  # the version of the plugin hooks (docs/hooks.md)
    "open_db": "classwalk.api",
    "Classwalk": "classwalk.api",
    "door": "classwalk.api",
    "Scope": "classwalk.core.scope",
    "hookimpl": "classwalk.core",
    "ClasswalkError": "classwalk.core.errors",
    "NotFound": "classwalk.core.errors",
    # what plugins use, with the stability promise of classwalk.plugin (tied to HOOK_API)
    **{name: "classwalk.plugin" for name in (
        "HOOKS", "HookSpec", "Protocol", "Walk", "Visit", "Evidence", "TimingStatus", "Pattern",
        "FollowUpSuggestion", "load_protocol_file", "protocol_from_toml", "check_protocol_toml", "status_from_timing",
        "room_labels", "PluginFailure",
    )},
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'classwalk' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
