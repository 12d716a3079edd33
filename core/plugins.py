"""Loading protocol plugins: built-in and third-party alike, from one entry-point group.

Each plugin is loaded on its own and each hook implementation is called on its own, so
a plugin that fails to import, raises in a hook or answers with the wrong type is
recorded as a :class:`PluginFailure` (``classwalk plugins`` lists them) and everything
else keeps working. A wrong answer is dropped: a first-result hook then asks the next
plugin, as if the failing one had returned ``None``.

``CLASSWALK_LOAD_PLUGINS`` limits which entry points load: a comma-separated list of
entry-point names (empty: none). Unset, all load. A name that is not installed gives a
warning (:attr:`Plugins.warnings`).

A plugin module may declare the hook API it was written for, ``CLASSWALK_HOOK_API = 1``;
one that declares a newer API than :data:`~classwalk.core.hookspecs.HOOK_API` is listed
as incompatible and not registered at all.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from importlib.metadata import entry_points
from typing import Any, Callable, Iterable

import pluggy
from attrs import field, frozen

from . import hookspecs
from .hook_results import problem_with

ENTRY_POINT_GROUP = "classwalk"
LOAD_PLUGINS_VARIABLE = "CLASSWALK_LOAD_PLUGINS"
TRACE_VARIABLE = "CLASSWALK_TRACE_PLUGINS"
CORE_DISTRIBUTION = "classwalk"
API_ATTRIBUTE = "CLASSWALK_HOOK_API"
WRONG_RESULT = "WrongResult"
INCOMPATIBLE = "IncompatibleHookAPI"
MAX_FAILURES_PER_HOOK = 5


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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@frozen
class PluginFailure:
    """A plugin that failed to load (``where == "import"``) or failed in one hook.

    ``error_type`` is the exception's class name, ``WrongResult`` for an answer of the
    wrong type or shape, or ``IncompatibleHookAPI``; ``message`` is the whole message on
    one line; ``at`` is when it happened (UTC).
    """

    name: str
    where: str
    error_type: str
    message: str
    version: str = "?"
    at: dt.datetime = field(factory=_now, eq=False)

    @property
    def hook(self) -> str:
        return self.where

    @property
    def error(self) -> str:
        return f"{self.error_type}: {self.message}" if self.message else self.error_type

    @property
    def incompatible(self) -> bool:
        return self.error_type == INCOMPATIBLE


def whole_message(error: BaseException) -> str:
    """The exception's whole message on one line (every line kept, joined)."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    return " | ".join(lines)


def failure_from(name: str, where: str, error: BaseException, version: str = "?") -> PluginFailure:
    return PluginFailure(name, where, type(error).__name__, whole_message(error), version)


class Plugins:
    """The plugin manager plus what was loaded and what failed.

    Call hooks through :meth:`call` (every good result) or :meth:`first` (the first good
    non-None result); both isolate failures per implementation. ``only`` names the entry
    points to load (it takes the place of ``CLASSWALK_LOAD_PLUGINS``). Functions in
    :attr:`listeners` are called with each new :class:`PluginFailure`.
    """

    def __init__(self, load_entry_points: bool = True, only: Iterable[str] | None = None):
        self.manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
        self.manager.add_hookspecs(hookspecs)
        self.loaded: list[PluginInfo] = []
        self.failures: list[PluginFailure] = []
        self.warnings: list[str] = []
        self.listeners: list[Callable[[PluginFailure], None]] = []
        from . import defaults

        self.manager.register(defaults, name="classwalk.core.defaults")
        if load_entry_points:
            self._load_entry_points(None if only is None else set(only))
        self.manager.check_pending()

    # loading -----------------------------------------------------------------

    def _load_entry_points(self, only: set[str] | None) -> None:
        allowed_names = only
        source = "the names given"
        if allowed_names is None:
            allowed = os.environ.get(LOAD_PLUGINS_VARIABLE)
            allowed_names = None if allowed is None else {n.strip() for n in allowed.split(",") if n.strip()}
            source = LOAD_PLUGINS_VARIABLE
        found = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
        for entry_point in found:
            if allowed_names is not None and entry_point.name not in allowed_names:
                continue
            self.register_entry_point(entry_point)
        missing = sorted((allowed_names or set()) - {e.name for e in found})
        if missing:
            installed = ", ".join(sorted({e.name for e in found})) or "none"
            self.warnings.append(
                f"{source} names {', '.join(missing)}: no such plugin is installed (installed: {installed})"
            )

    def register_entry_point(self, entry_point) -> None:
        """Import one entry point and register it; a failure is recorded, not raised."""
        distribution = getattr(entry_point, "dist", None)
        dist_name = distribution.metadata["Name"] if distribution else "?"
        version = (distribution.version if distribution else "?") or "?"
        if self.manager.has_plugin(entry_point.name):
            return
        try:
            module = entry_point.load()
            problem = api_problem(module)
            if problem:
                self.record(PluginFailure(entry_point.name, "import", INCOMPATIBLE, problem, version))
                return
            self.manager.register(module, name=entry_point.name)
            self.manager.check_pending()
        except Exception as error:  # a broken plugin must not take the program down
            if self.manager.has_plugin(entry_point.name):
                self.manager.unregister(name=entry_point.name)
            self.record(failure_from(entry_point.name, "import", error, version))
            return
        self.loaded.append(PluginInfo(entry_point.name, entry_point.value, dist_name or "?", version))

    def register_module(self, module: Any, name: str) -> None:
        """Register a module or object directly (used by tests and embedding code).

        Unlike an entry point, a problem here raises: the caller is writing code, not
        installing a package.
        """
        problem = api_problem(module)
        if problem:
            raise ValueError(f"plugin {name}: {problem}")
        self.manager.register(module, name=name)
        self.manager.check_pending()
        self.loaded.append(PluginInfo(name, getattr(module, "__name__", name), "(direct)", "?"))

    # failures ----------------------------------------------------------------

    def record(self, failure: PluginFailure) -> None:
        """Keep ``failure`` (once) and tell the listeners."""
        if failure in self.failures:
            return
        same_hook = [f for f in self.failures if (f.name, f.where) == (failure.name, failure.where)]
        if len(same_hook) >= MAX_FAILURES_PER_HOOK:  # a message that varies call by call
            return
        self.failures.append(failure)
        for listener in list(self.listeners):
            try:
                listener(failure)
            except Exception:  # a listener (a log file, a screen) must not stop the program
                if os.environ.get(TRACE_VARIABLE):
                    traceback.print_exc()

    def version_of(self, plugin_name: str) -> str:
        return next((info.version for info in self.loaded if info.name == plugin_name), "?")

    def failing(self) -> list[str]:
        """Names of the plugins with a failure in this run, in the order they failed."""
        return list(dict.fromkeys(failure.name for failure in self.failures))

    # calling hooks -----------------------------------------------------------

    def _implementations(self, hook_name: str):
        hook = getattr(self.manager.hook, hook_name)
        # pluggy calls the last-registered (and tryfirst) implementations first
        return [impl for impl in reversed(hook.get_hookimpls()) if not impl.hookwrapper and not impl.wrapper]

    def _call_one(self, impl, hook_name: str, kwargs: dict[str, Any]) -> Any:
        """One implementation's result, or None if it raised or answered wrongly."""
        try:
            result = impl.function(*[kwargs[name] for name in impl.argnames])
        except Exception as error:
            self.record(failure_from(impl.plugin_name, hook_name, error, self.version_of(impl.plugin_name)))
            if os.environ.get(TRACE_VARIABLE):
                traceback.print_exc()
            return None
        if result is None:
            return None
        problem = problem_with(hook_name, result)
        if problem:
            self.record(PluginFailure(impl.plugin_name, hook_name, WRONG_RESULT, problem,
                                      self.version_of(impl.plugin_name)))
            return None
        return result

    def call(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation; return (plugin name, result) for the good non-None results."""
        results = []
        for impl in self._implementations(hook_name):
            result = self._call_one(impl, hook_name, kwargs)
            if result is not None:
                results.append((impl.plugin_name, result))
        return results

    def first(self, hook_name: str, **kwargs: Any) -> Any:
        """The first good non-None result, in pluggy's order (tryfirst, last registered, trylast)."""
        for impl in self._implementations(hook_name):
            result = self._call_one(impl, hook_name, kwargs)
            if result is not None:
                return result
        return None

    def implementations(self, hook_name: str) -> list[str]:
        """Names of the plugins implementing ``hook_name``, in the order they are asked."""
        return [impl.plugin_name for impl in self._implementations(hook_name)]


def api_problem(module: Any) -> str | None:
    """Why a plugin's declared hook API rules it out, or None if it may load."""
    declared = getattr(module, API_ATTRIBUTE, hookspecs.HOOK_API)
    if not isinstance(declared, int) or isinstance(declared, bool) or declared < 1:
        return f"{API_ATTRIBUTE} = {declared!r} is not a hook API version (a whole number from 1)"
    if declared > hookspecs.HOOK_API:
        return (f"written for hook API {declared}, but this classwalk has hook API {hookspecs.HOOK_API}: "
                "upgrade classwalk or install an older version of the plugin")
    return None


def built_in_names() -> list[str]:
    """Entry-point names of the protocol plugins that ship with classwalk."""
    return sorted(
        ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)
        if ep.dist is not None and ep.dist.metadata["Name"] == CORE_DISTRIBUTION
    )
