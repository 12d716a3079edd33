"""One run of classwalk: its plugins, its protocols and its database, loaded on demand.

The CLI and the TUI both work through a :class:`classwalk.Classwalk`, built on the
:class:`Kernel` here; the kernel is also the typed facade over the plugin hooks (one
method per hook).
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path

from typing import TYPE_CHECKING, Iterable

from classwalk.core.storage.paths import default_db_path

if TYPE_CHECKING:  # the real imports happen on first use, to keep start-up light
    from classwalk.core.plugins.failure_log import FailureLog
    from classwalk.core.records.patterns import FollowUpSuggestion, Pattern
    from classwalk.core.plugins.loader import Plugins
    from classwalk.core.protocols.protocol import Protocol
    from classwalk.core.registry import ProtocolRegistry
    from classwalk.core.storage.store import Store
    from classwalk.core.protocols.timing import TimingStatus


class Kernel:
    """Plugins, protocols and the store for one program run.

    The one door to all of it is :class:`classwalk.Classwalk`, which builds on this
    kernel and adds the checked, scoped methods; ``classwalk.core.kernel.Classwalk``
    is that same class (kept for older imports).
    """

    def __init__(self, db_path: Path | str | None = None, plugins: Plugins | None = None,
                 protocol_dirs_: list[Path] | None = None):
        self.db_path = Path(db_path) if db_path else default_db_path()
        self._plugins = plugins
        self._protocol_dirs = protocol_dirs_
        self._failure_listeners: list = []
        self._warning_listeners: list = []

    @cached_property
    def plugins(self) -> Plugins:
        """The plugins of this run; their failures are also kept in :attr:`failure_log`."""
        from classwalk.core.plugins.loader import Plugins

        plugins = self._plugins or Plugins()
        log = self.failure_log
        for failure in plugins.failures:
            _keep(log, failure)
        plugins.listeners.append(lambda failure: _keep(log, failure))
        for listener in self._failure_listeners:
            for failure in plugins.failures:
                listener(failure)
        plugins.listeners.extend(self._failure_listeners)
        for listener in self._warning_listeners:
            for warning in plugins.warnings:
                listener(warning)
        return plugins

    def on_plugin_warning(self, listener) -> None:
        """Call ``listener(text)`` with each warning of plugin loading (a name not installed)."""
        self._warning_listeners.append(listener)
        if "plugins" in self.__dict__:
            for warning in self.plugins.warnings:
                listener(warning)

    def on_plugin_failure(self, listener) -> None:
        """Call ``listener(failure)`` for each plugin failure of this run, past and future.

        Subscribing does not load the plugins: a listener added early hears of load
        failures when the plugins are first needed.
        """
        self._failure_listeners.append(listener)
        if "plugins" in self.__dict__:
            for failure in self.plugins.failures:
                listener(failure)
            self.plugins.listeners.append(listener)

    @cached_property
    def failure_log(self) -> FailureLog:
        """Plugin failures of every run against this database, kept beside it."""
        from classwalk.core.plugins.failure_log import FailureLog, log_path_for

        return FailureLog(log_path_for(self.db_path))

    @cached_property
    def protocols(self) -> ProtocolRegistry:
        """Every protocol of this run by id (plugins first, then TOML files), and what failed to load."""
        from classwalk.core.storage.paths import protocol_dirs
        from classwalk.core.registry import load_registry

        dirs = self._protocol_dirs if self._protocol_dirs is not None else protocol_dirs()
        return load_registry(self.plugins, dirs)

    @cached_property
    def store(self) -> Store:
        """The database itself (classwalk.core.storage.store.Store), opened on first use.

        Every note written through it is checked against its walk's protocol first
        (kind, look-fors, student groups, mark, interview question), whichever screen
        or script writes it.
        """
        from classwalk.core.storage.store import Store

        store = Store(self.db_path)
        store.evidence_check = lambda evidence: check_evidence(self.protocols, store, evidence)
        return store

    def close(self) -> None:
        """Close the database (it opens again if used)."""
        if "store" in self.__dict__:
            self.store.close()
            del self.__dict__["store"]

    def check_plugins(self, names: Iterable[str] | None = None, taken_ids=None) -> list:
        """Run every hook of each plugin (of ``names``, else all) on sample walks of every protocol.

        ``taken_ids(protocol, walk, visits, evidence)`` names the pattern ids classwalk
        itself shows, so a plugin table reusing one is caught. Returns every
        :class:`~classwalk.core.plugins.loader.PluginFailure` of those plugins in this run (loading
        included); each is also recorded like any other failure. Nothing is written to the
        database.
        """
        from classwalk.core.plugins.check import check_plugins

        registry = self.protocols
        return check_plugins(self.plugins, [entry.protocol for entry in registry], names, taken_ids)

    # hook facade ---------------------------------------------------------------

    def timing_status(self, protocol: Protocol, walk, elapsed_seconds: float) -> TimingStatus:
        """The visit timer's state: the first plugin's good answer, else the plain rule."""
        status = self.plugins.first(
            "classwalk_timing_status", protocol=protocol, walk=walk, elapsed_seconds=elapsed_seconds
        )
        if status is None:
            from classwalk.core.protocols.timing import status_from_timing

            status = status_from_timing(protocol.timing.for_walk(walk), elapsed_seconds)
        return status

    def judgement_words(self, protocol: Protocol) -> list[str]:
        """Words the note coach flags, from every plugin, lower-cased and de-duplicated."""
        words: dict[str, None] = {}
        for _plugin, result in self.plugins.call("classwalk_judgement_words", protocol=protocol):
            for word in result:
                words[word.strip().lower()] = None
        return list(words)

    def extra_patterns(self, protocol: Protocol, walk, visits, evidence,
                       taken_ids: Iterable[str] = ()) -> list[Pattern]:
        """Patterns plugins add to a walk's debrief (the ILW snapshot table, say).

        A pattern whose id is already used (by ``taken_ids``, classwalk's own patterns, or
        an earlier plugin's) is left out and recorded as a ``DuplicateId`` failure.
        """
        from classwalk.core.plugins.loader import DUPLICATE_ID, PluginFailure

        owners: dict[str, str] = {pattern_id: "classwalk's own patterns" for pattern_id in taken_ids}
        patterns: list[Pattern] = []
        for plugin, result in self.plugins.call(
            "classwalk_debrief_patterns", protocol=protocol, walk=walk, visits=visits, evidence=evidence
        ):
            for pattern in result:
                owner = owners.get(pattern.id)
                if owner is not None:
                    self.plugins.record(PluginFailure(
                        plugin, "classwalk_debrief_patterns", DUPLICATE_ID,
                        f"returned Pattern {pattern.id!r}, an id already used by {owner}; "
                        "this one is left out (give each table an id of its own, prefixed with your protocol id)",
                        self.plugins.version_of(plugin)))
                    continue
                owners[pattern.id] = f"plugin {plugin}"
                patterns.append(pattern)
        return patterns

    def reflective_question(self, protocol: Protocol, visit, evidence) -> str | None:
        """One open question for the teacher of ``visit`` (Downey's follow-up)."""
        return self.plugins.first(
            "classwalk_reflective_question", protocol=protocol, visit=visit, evidence=evidence
        )

    def follow_up_due(self, protocol: Protocol, visits, evidence,
                      today: dt.date | None = None) -> FollowUpSuggestion | None:
        """Whether a teacher is due a reflective conversation, by the protocol's rule."""
        return self.plugins.first(
            "classwalk_follow_up_due", protocol=protocol, visits=visits, evidence=evidence,
            today=today or dt.date.today(),
        )


def check_evidence(protocols, store, evidence) -> None:
    """Raise a one-line ClasswalkError if ``evidence`` names what its walk's protocol does not have."""
    from classwalk.core.errors import ClasswalkError

    walk = store.get_walk(evidence.walk_id)
    protocol = protocols.find(walk.protocol_id)
    if protocol is None:  # the protocol is not installed here: nothing to check against
        return
    kind = protocol.evidence_kind(evidence.kind)
    if kind is None:
        raise ClasswalkError(f"note: kind {evidence.kind!r} is not an evidence kind of {protocol.id}; nothing saved")
    for tag in evidence.look_fors:
        if protocol.look_for(tag) is None:
            raise ClasswalkError(f"note: look-for {tag!r} is not one of {protocol.id}'s; nothing saved")
    for group in evidence.student_groups:
        if protocol.student_group(group) is None:
            raise ClasswalkError(f"note: student group {group!r} is not one of {protocol.id}'s; nothing saved")
    if evidence.mark is not None and evidence.mark not in {m.id for m in kind.marks}:
        raise ClasswalkError(f"note: mark {evidence.mark!r} is not one of {kind.id}'s marks; nothing saved")
    if evidence.question_id is not None and evidence.question_id not in {q.id for q in protocol.interview_questions}:
        raise ClasswalkError(f"note: question {evidence.question_id!r} is not one of {protocol.id}'s; nothing saved")


def _keep(log, failure) -> None:
    """Add ``failure`` to the log; a log that cannot be written loses only the record."""
    from classwalk.core.errors import ClasswalkError

    try:
        log.add(failure)
    except (OSError, ClasswalkError):
        pass

