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
one that declares a newer API than :data:`~classwalk.core.plugins.hookspecs.HOOK_API` is listed
as incompatible and not registered at all. Wrapper hooks (``hookwrapper=True`` or
``wrapper=True``) are refused the same way: classwalk calls each answer on its own.

Plugin code runs through :func:`~classwalk.core.plugins.guard.run_guarded`: any
``BaseException`` it raises (``SystemExit`` included) is a failure, except the user's own
Ctrl+C; what it prints is captured and recorded, never mixed into the program's output.

Answers are scoped: a plugin answers for the protocols it registers, those it declares
it extends (``CLASSWALK_EXTENDS = ["downey"]``) and every protocol based on one of them.
An answer for any other protocol is dropped and recorded, unless the plugin declares
itself a cross-protocol add-on (``CLASSWALK_CROSS_PROTOCOL = True``).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import traceback
from importlib.metadata import entry_points
from typing import Any, Callable, Iterable

import attrs
import pluggy
from attrs import field, frozen

from classwalk.core.plugins import hookspecs
from classwalk.core.clock import now_to_the_second
from classwalk.core.errors import error_line
from classwalk.core.plugins.hook_results import problem_with
from classwalk.core.plugins.guard import Outcome, output_message, run_guarded

ENTRY_POINT_GROUP = "classwalk"
LOAD_PLUGINS_VARIABLE = "CLASSWALK_LOAD_PLUGINS"
TRACE_VARIABLE = "CLASSWALK_TRACE_PLUGINS"
CORE_DISTRIBUTION = "classwalk"
API_ATTRIBUTE = "CLASSWALK_HOOK_API"
EXTENDS_ATTRIBUTE = "CLASSWALK_EXTENDS"
CROSS_PROTOCOL_ATTRIBUTE = "CLASSWALK_CROSS_PROTOCOL"
WRONG_RESULT = "WrongResult"
INCOMPATIBLE = "IncompatibleHookAPI"
WRAPPER_HOOK = "WrapperHook"
BAD_DECLARATION = "BadDeclaration"
OUT_OF_SCOPE = "OutOfScope"
DUPLICATE_ID = "DuplicateId"
WROTE_OUTPUT = "WroteOutput"
DIRECT = "(direct)"
MAX_FAILURES_PER_HOOK = 5
REGISTER_HOOK = "classwalk_register_protocols"
DEFAULTS_NAME = "classwalk.core.plugins.defaults"


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


def plugin_label(name: str, distribution: str) -> str:
    """How messages name a plugin: its entry-point name and the pip package to uninstall."""
    if distribution == CORE_DISTRIBUTION:
        return f"{name} (built in)"
    if distribution in ("?", "", DIRECT):
        return name
    return f"{name} (pip package {distribution})"


@frozen
class PluginFailure:
    """A plugin that failed to load (``where == "import"``) or failed in one hook.

    ``name`` is the entry-point name (what ``CLASSWALK_LOAD_PLUGINS`` takes) and
    ``distribution`` the pip package it came from (what ``pip uninstall`` takes).
    ``error_type`` is the exception's class name (``SystemExit`` and other
    ``BaseException`` subclasses included), or one of classwalk's: ``WrongResult`` (an
    answer of the wrong type or shape), ``OutOfScope`` (an answer for a protocol the
    plugin neither registers nor extends), ``DuplicateId`` (a pattern id already used),
    ``WroteOutput`` (the plugin printed; the answer is kept), ``WrapperHook``,
    ``BadDeclaration`` or ``IncompatibleHookAPI``. ``message`` is the whole message on one
    line; ``at`` is when it last happened (UTC) and ``count`` how many times it was
    recorded (earlier runs included, in :meth:`classwalk.Classwalk.plugin_failures`).
    """

    name: str
    where: str
    error_type: str
    message: str
    version: str = "?"
    distribution: str = field(default="?", eq=False)
    at: dt.datetime = field(factory=now_to_the_second, eq=False)
    count: int = field(default=1, eq=False)

    @property
    def plugin(self) -> str:
        """The plugin's entry-point name (same as ``name``)."""
        return self.name

    @property
    def hook(self) -> str:
        return self.where

    @property
    def label(self) -> str:
        """The plugin as messages name it: ``name (pip package DIST)``."""
        return plugin_label(self.name, self.distribution)

    @property
    def last_at(self) -> str:
        """When it last happened, as ISO 8601 text."""
        return self.at.isoformat()

    @property
    def line(self) -> str:
        """One line for people: plugin, pip package, where, and the error."""
        return f"plugin {self.label} failed in {self.where}: {self.error}"

    @property
    def error(self) -> str:
        return f"{self.error_type}: {self.message}" if self.message else self.error_type

    @property
    def incompatible(self) -> bool:
        return self.error_type == INCOMPATIBLE


def failure_from(name: str, where: str, error: BaseException, version: str = "?",
                 distribution: str = "?") -> PluginFailure:
    message = error_line(error) if str(error).strip() else ""
    if isinstance(error, SystemExit) and not message:
        message = f"exit status {error.code!r}" if error.code is not None else "sys.exit() called"
    return PluginFailure(name, where, type(error).__name__, message, version, distribution)


@frozen
class Registration:
    """What one plugin's register hook gave: its protocols, or the failure that voided them."""

    plugin: str
    protocols: tuple
    failure: PluginFailure | None = None


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
        self._registrations: list[Registration] | None = None
        self._registering = threading.RLock()
        from classwalk.core.plugins import defaults

        self.manager.register(defaults, name=DEFAULTS_NAME)
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
        dist_name, version = _distribution_of(entry_point)
        name = entry_point.name
        if self.manager.has_plugin(name):
            return
        outcome = run_guarded(entry_point.load)
        if outcome.output:
            self.record(PluginFailure(name, "import", WROTE_OUTPUT, output_message(outcome.output),
                                      version, dist_name))
        if outcome.failed:
            self.record(failure_from(name, "import", outcome.error, version, dist_name))
            return
        module = outcome.value
        refusal = api_problem(module) or declaration_problem(module)
        if refusal:
            error_type = INCOMPATIBLE if api_problem(module) else BAD_DECLARATION
            self.record(PluginFailure(name, "import", error_type, refusal, version, dist_name))
            return
        try:
            self.manager.register(module, name=name)
            self.manager.check_pending()
            refusal = self._wrapper_problem(name)
        except Exception as error:  # an unknown hook name, a hook with wrong arguments
            if self.manager.has_plugin(name):
                self.manager.unregister(name=name)
            self.record(failure_from(name, "import", error, version, dist_name))
            return
        if refusal:
            self.manager.unregister(name=name)
            self.record(PluginFailure(name, "import", WRAPPER_HOOK, refusal, version, dist_name))
            return
        self.loaded.append(PluginInfo(name, entry_point.value, dist_name or "?", version))

    def register_module(self, module: Any, name: str) -> None:
        """Register a module or object directly (used by tests and embedding code).

        Unlike an entry point, a problem here raises: the caller is writing code, not
        installing a package.
        """
        problem = api_problem(module) or declaration_problem(module)
        if problem:
            raise ValueError(f"plugin {name}: {problem}")
        self.manager.register(module, name=name)
        self.manager.check_pending()
        problem = self._wrapper_problem(name)
        if problem:
            self.manager.unregister(name=name)
            raise ValueError(f"plugin {name}: {problem}")
        self.loaded.append(PluginInfo(name, getattr(module, "__name__", name), DIRECT, "?"))
        self._registrations = None

    def _wrapper_problem(self, name: str) -> str | None:
        module = self.manager.get_plugin(name)
        for caller in self.manager.get_hookcallers(module) or []:
            for impl in caller.get_hookimpls():
                if impl.plugin_name == name and (impl.hookwrapper or impl.wrapper):
                    marker = "hookwrapper=True" if impl.hookwrapper else "wrapper=True"
                    return (f"{caller.name} is a wrapper hook ({marker}); classwalk calls each plugin's "
                            "answer on its own and runs no wrappers: drop the marker and return an answer")
        return None

    # failures ----------------------------------------------------------------

    def record(self, failure: PluginFailure) -> None:
        """Keep ``failure`` (once) and tell the listeners."""
        if failure.distribution == "?":
            failure = attrs.evolve(failure, distribution=self.distribution_of(failure.name))
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

    def distribution_of(self, plugin_name: str) -> str:
        """The pip package a loaded plugin came from (``?`` if unknown)."""
        return next((info.distribution for info in self.loaded if info.name == plugin_name), "?")

    def label_of(self, plugin_name: str) -> str:
        """``name (pip package DIST)``: how messages name a plugin."""
        return plugin_label(plugin_name, self.distribution_of(plugin_name))

    def failing(self) -> list[str]:
        """Names of the plugins with a failure in this run, in the order they failed."""
        return list(dict.fromkeys(failure.name for failure in self.failures))

    def failing_labels(self) -> list[str]:
        """The failing plugins as messages name them (with their pip packages)."""
        labels = {failure.name: failure.label for failure in self.failures}
        return [labels[name] for name in self.failing()]

    # protocols and scope -------------------------------------------------------

    def registrations(self) -> list[Registration]:
        """Each plugin's registered protocols; the register hooks run once, on first need."""
        with self._registering:  # the UI may ask from its worker thread and its own at once
            if self._registrations is None:
                self._registrations = [self._register(impl) for impl in self._implementations(REGISTER_HOOK)]
            return self._registrations

    def _register(self, impl) -> Registration:
        registered: list = []

        def register(protocol):
            from classwalk.core.protocols.protocol import Protocol

            if not isinstance(protocol, Protocol):
                raise TypeError(f"register() takes a Protocol, not {type(protocol).__name__}")
            registered.append(protocol)

        name = impl.plugin_name
        outcome = run_guarded(impl.function, register)
        self._note_output(name, REGISTER_HOOK, outcome)
        failure = None
        if outcome.failed:
            failure = failure_from(name, REGISTER_HOOK, outcome.error, self.version_of(name))
        elif outcome.value is not None:
            problem = problem_with(REGISTER_HOOK, outcome.value)
            if problem:
                failure = PluginFailure(name, REGISTER_HOOK, WRONG_RESULT, problem, self.version_of(name))
        if failure is not None:
            self.record(failure)
            return Registration(name, (), failure)
        return Registration(name, tuple(registered))

    def scope_of(self, plugin_name: str) -> tuple[str, ...] | None:
        """The protocol ids ``plugin_name`` answers for (and those based on them); None: every one."""
        module = self.manager.get_plugin(plugin_name)
        if module is None or getattr(module, CROSS_PROTOCOL_ATTRIBUTE, False) is True:
            return None
        ids = [protocol.id for registration in self.registrations() if registration.plugin == plugin_name
               for protocol in registration.protocols]
        ids += list(getattr(module, EXTENDS_ATTRIBUTE, ()) or ())
        return tuple(dict.fromkeys(ids))

    def answers_for(self, plugin_name: str, protocol) -> bool:
        """Whether ``plugin_name`` may answer for ``protocol``."""
        scope = self.scope_of(plugin_name)
        return scope is None or any(protocol.is_a(protocol_id) for protocol_id in scope)

    # calling hooks -----------------------------------------------------------

    def _implementations(self, hook_name: str, plugin_name: str | None = None):
        hook = getattr(self.manager.hook, hook_name)
        # pluggy calls the last-registered (and tryfirst) implementations first
        return [impl for impl in reversed(hook.get_hookimpls())
                if not impl.hookwrapper and not impl.wrapper
                and (plugin_name is None or impl.plugin_name == plugin_name)]

    def _note_output(self, plugin_name: str, hook_name: str, outcome: Outcome) -> None:
        if outcome.output:
            self.record(PluginFailure(plugin_name, hook_name, WROTE_OUTPUT, output_message(outcome.output),
                                      self.version_of(plugin_name)))

    def _call_one(self, impl, hook_name: str, kwargs: dict[str, Any]) -> Any:
        """One implementation's result, or None if it failed, answered wrongly or out of scope."""
        name = impl.plugin_name
        outcome = run_guarded(impl.function, *[kwargs[argument] for argument in impl.argnames])
        self._note_output(name, hook_name, outcome)
        if outcome.failed:
            self.record(failure_from(name, hook_name, outcome.error, self.version_of(name)))
            if os.environ.get(TRACE_VARIABLE):
                traceback.print_exception(type(outcome.error), outcome.error, outcome.error.__traceback__)
            return None
        result = outcome.value
        if result is None:
            return None
        problem = problem_with(hook_name, result)
        if problem:
            self.record(PluginFailure(name, hook_name, WRONG_RESULT, problem, self.version_of(name)))
            return None
        protocol = kwargs.get("protocol")
        if protocol is not None and not self.answers_for(name, protocol):
            self.record(PluginFailure(name, hook_name, OUT_OF_SCOPE, self._scope_message(name, protocol),
                                      self.version_of(name)))
            return None
        return result

    def _scope_message(self, plugin_name: str, protocol) -> str:
        scope = ", ".join(self.scope_of(plugin_name) or ()) or "none"
        return (f"answered for protocol {protocol.id!r}, which it neither registers nor extends "
                f"(its protocols: {scope}); return None for other protocols, list a base in "
                f"{EXTENDS_ATTRIBUTE}, or set {CROSS_PROTOCOL_ATTRIBUTE} = True for an add-on to every protocol")

    def call(self, hook_name: str, *, plugin: str | None = None, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation (of ``plugin`` only, if named); (plugin name, result) for the good ones."""
        results = []
        for impl in self._implementations(hook_name, plugin):
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

    def hooks_of(self, plugin_name: str) -> list[str]:
        """The hooks ``plugin_name`` implements, in documented order."""
        return [name for name in hookspecs.HOOKS if self._implementations(name, plugin_name)]


def _distribution_of(entry_point) -> tuple[str, str]:
    """The pip package name and version an entry point came from (``?`` when unknown)."""
    distribution = getattr(entry_point, "dist", None)
    try:
        name = (distribution.metadata["Name"] if distribution else None) or "?"
        version = (distribution.version if distribution else None) or "?"
    except Exception:  # damaged metadata: the plugin still loads, unnamed
        return "?", "?"
    return name, version


def declaration_problem(module: Any) -> str | None:
    """What is wrong with a plugin's scope declarations, or None."""
    extends = getattr(module, EXTENDS_ATTRIBUTE, ())
    if isinstance(extends, str) or not isinstance(extends, (list, tuple, set, frozenset)) or not all(
            isinstance(item, str) and item.strip() for item in extends):
        return f"{EXTENDS_ATTRIBUTE} = {extends!r} is not a list of protocol ids"
    cross = getattr(module, CROSS_PROTOCOL_ATTRIBUTE, False)
    if not isinstance(cross, bool):
        return f"{CROSS_PROTOCOL_ATTRIBUTE} = {cross!r} is not True or False"
    return None


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
