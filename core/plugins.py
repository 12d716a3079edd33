"""Loading protocol plugins: built-in and third-party alike, from one entry-point group.

Each plugin is loaded on its own and each hook implementation is called on its own, so
a plugin that fails to import or raises in a hook is listed with its error
(``classwalk plugins``) and everything else keeps working.

``CLASSWALK_LOAD_PLUGINS`` limits which entry points load: a comma-separated list of
entry-point names (empty: none). Unset, all load.
"""

from __future__ import annotations

import os
import traceback
from importlib.metadata import entry_points
from typing import Any

import pluggy
from attrs import frozen

from . import hookspecs

ENTRY_POINT_GROUP = "classwalk"
LOAD_PLUGINS_VARIABLE = "CLASSWALK_LOAD_PLUGINS"
CORE_DISTRIBUTION = "classwalk"


@frozen
class PluginInfo:
    """One loaded plugin: its entry-point name, module and distribution."""

    name: str
    module: str
    distribution: str
    version: str

    @property
    def built_in(self) -> bool:
        return self.distribution == CORE_DISTRIBUTION


@frozen
class PluginFailure:
    """A plugin (or one hook of it) that failed, with a one-line reason."""

    name: str
    where: str
    error: str


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


class Plugins:
    """The plugin manager plus what was loaded and what failed.

    Call hooks through :meth:`call` (all results) or :meth:`first` (first non-None);
    both isolate failures per implementation.
    """

    def __init__(self, load_entry_points: bool = True):
        self.manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
        self.manager.add_hookspecs(hookspecs)
        self.loaded: list[PluginInfo] = []
        self.failures: list[PluginFailure] = []
        from . import defaults

        self.manager.register(defaults, name="classwalk.core.defaults")
        if load_entry_points:
            self._load_entry_points()
        self.manager.check_pending()

    def _load_entry_points(self) -> None:
        allowed = os.environ.get(LOAD_PLUGINS_VARIABLE)
        allowed_names = None if allowed is None else {n.strip() for n in allowed.split(",") if n.strip()}
        for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if allowed_names is not None and entry_point.name not in allowed_names:
                continue
            self.register_entry_point(entry_point)

    def register_entry_point(self, entry_point) -> None:
        """Import one entry point and register it; a failure is recorded, not raised."""
        distribution = getattr(entry_point, "dist", None)
        dist_name = distribution.metadata["Name"] if distribution else "?"
        version = distribution.version if distribution else "?"
        if self.manager.has_plugin(entry_point.name):
            return
        try:
            module = entry_point.load()
            self.manager.register(module, name=entry_point.name)
            self.manager.check_pending()
        except Exception as error:  # a broken plugin must not take the program down
            if self.manager.has_plugin(entry_point.name):
                self.manager.unregister(name=entry_point.name)
            self.failures.append(PluginFailure(entry_point.name, "import", _one_line(error)))
            return
        self.loaded.append(
            PluginInfo(entry_point.name, entry_point.value, dist_name or "?", version or "?")
        )

    def register_module(self, module: Any, name: str) -> None:
        """Register a module or object directly (used by tests and embedding code)."""
        self.manager.register(module, name=name)
        self.manager.check_pending()
        self.loaded.append(PluginInfo(name, getattr(module, "__name__", name), "(direct)", "?"))

    def _implementations(self, hook_name: str):
        hook = getattr(self.manager.hook, hook_name)
        # pluggy calls the last-registered (and tryfirst) implementations first
        return [impl for impl in reversed(hook.get_hookimpls()) if not impl.hookwrapper and not impl.wrapper]

    def _call_one(self, impl, hook_name: str, kwargs: dict[str, Any]) -> Any:
        try:
            return impl.function(*[kwargs[name] for name in impl.argnames])
        except Exception as error:
            failure = PluginFailure(impl.plugin_name, hook_name, _one_line(error))
            if failure not in self.failures:
                self.failures.append(failure)
            if os.environ.get("CLASSWALK_TRACE_PLUGINS"):
                traceback.print_exc()
            return None

    def call(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation; return (plugin name, result) for non-None results."""
        results = []
        for impl in self._implementations(hook_name):
            result = self._call_one(impl, hook_name, kwargs)
            if result is not None:
                results.append((impl.plugin_name, result))
        return results

    def first(self, hook_name: str, **kwargs: Any) -> Any:
        """The first non-None result, in pluggy's order (tryfirst, last registered, trylast)."""
        for impl in self._implementations(hook_name):
            result = self._call_one(impl, hook_name, kwargs)
            if result is not None:
                return result
        return None

    def implementations(self, hook_name: str) -> list[str]:
        """Names of the plugins implementing ``hook_name`` (for ``classwalk plugins``)."""
        return [impl.plugin_name for impl in self._implementations(hook_name)]
