"""All protocols available in this run: from plugins (built-in or installed) and TOML files.

A plugin that registers a protocol id already taken is recorded as a failure; the first
registration wins, and built-in plugins register last (``trylast``) so an installed
plugin can replace a built-in protocol. A TOML file may not reuse a taken id: it
``extends`` it instead.
"""

from __future__ import annotations

from pathlib import Path

from attrs import frozen

from classwalk.core.errors import NotFound, UserDataError
from classwalk.core.escape import for_terminal
from classwalk.core.plugins.loader import Plugins
from classwalk.core.protocols.protocol import Protocol
from classwalk.core.protocols.toml_files import check_protocol_toml, load_protocol_file, parse_toml, read_text
from classwalk.core.protocols.toml_lines import key_lines, line_of


@frozen
class ProtocolEntry:
    """A loaded protocol and where it came from ("built-in", "plugin NAME", a file path)."""

    protocol: Protocol
    source: str
    plugin: str | None = None
    path: Path | None = None


@frozen
class ProtocolFailure:
    """A protocol source that could not be loaded, with the one-line error."""

    source: str
    error: str


class ProtocolRegistry:
    """Protocols by id, plus the sources that failed."""

    def __init__(self) -> None:
        self.entries: dict[str, ProtocolEntry] = {}
        self.failures: list[ProtocolFailure] = []

    def add(self, entry: ProtocolEntry) -> None:
        taken = self.entries.get(entry.protocol.id)
        if taken is not None:
            self.failures.append(
                ProtocolFailure(entry.source, f"protocol id {entry.protocol.id!r} is already used by {taken.source}")
            )
            return
        self.entries[entry.protocol.id] = entry

    def get(self, protocol_id: str) -> Protocol:
        """The protocol with this id, or NotFound naming the ids there are."""
        entry = self.entries.get(protocol_id)
        if entry is None:
            known = ", ".join(sorted(self.entries)) or "none"
            raise NotFound(f"no protocol with id {protocol_id!r} (available: {known})")
        return entry.protocol

    def find(self, protocol_id: str) -> Protocol | None:
        """The protocol with this id, or None (for a lookup that may miss)."""
        entry = self.entries.get(protocol_id)
        return entry.protocol if entry else None

    def check_file(self, path: Path) -> tuple[Protocol | None, list[str]]:
        """Every problem of one TOML protocol file, as this registry would load it.

        Besides the file's own problems: an id another source already uses (unless that
        source is this very file, or a plugin that registers exactly this protocol). Raises UserDataError only if the file cannot be read
        or is not valid TOML.
        """
        text = read_text(path)
        protocol, problems = check_protocol_toml(text, str(path), self.find)
        protocol_id = parse_toml(text, str(path)).get("id")
        taken = self.entries.get(protocol_id) if isinstance(protocol_id, str) else None
        same = taken is not None and (
            (taken.path is not None and _same_file(taken.path, path)) or taken.protocol == protocol
        )
        if taken is not None and not same:
            line = line_of(key_lines(text), ("id",))
            where = f"line {line}: " if line else ""
            problems.insert(0, f"{where}id: {protocol_id!r} is already used by {taken.source}; choose "
                               f"another id (write extends = {protocol_id!r} to adapt it)")
        return (None if problems else protocol), problems

    def __iter__(self):
        return iter(sorted(self.entries.values(), key=lambda e: e.protocol.name.lower()))

    def __len__(self) -> int:
        return len(self.entries)


def load_registry(plugins: Plugins, dirs: list[Path]) -> ProtocolRegistry:
    """Collect protocols from every plugin, then from every ``*.toml`` in ``dirs``."""
    registry = ProtocolRegistry()
    _from_plugins(plugins, registry)
    _from_files(_protocol_files(dirs), registry)
    return registry


def _from_plugins(plugins: Plugins, registry: ProtocolRegistry) -> None:
    """Every plugin's protocols; a plugin whose register hook raised or returned a value adds none."""
    sources = {info.name: info for info in plugins.loaded}
    for registration in plugins.registrations():
        info = sources.get(registration.plugin)
        source = "built-in" if info is not None and info.built_in else f"plugin {registration.plugin}"
        if registration.failure is not None:
            where = source if source == "built-in" else f"plugin {plugins.label_of(registration.plugin)}"
            registry.failures.append(ProtocolFailure(where, registration.failure.error))
            continue
        for protocol in registration.protocols:
            registry.add(ProtocolEntry(protocol, source, plugin=registration.plugin))


def _protocol_files(dirs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in dirs:
        if folder.is_dir():
            files.extend(sorted(p for p in folder.glob("*.toml") if p.is_file()))
    return files


@frozen
class _Head:
    """What the loader needs to know of a file before loading it: its id and its base."""

    id: str | None
    extends: str | None
    text: str


def _head(path: Path) -> _Head:
    try:
        text = read_text(path)
        data = parse_toml(text, str(path))
    except UserDataError:
        return _Head(None, None, "")  # loading it reports the problem
    found = [data.get(key) for key in ("id", "extends")]
    return _Head(*(value if isinstance(value, str) else None for value in found), text)


def _from_files(files: list[Path], registry: ProtocolRegistry) -> None:
    """Load files in passes so a file may extend a protocol from another file.

    Each file is read once before loading; one bad file is a failure of its own and
    never stops the others.
    """
    heads = {path: _head(path) for path in files}
    pending = list(files)
    while pending:
        waiting: list[Path] = []
        for path in pending:
            base = heads[path].extends
            if base and registry.find(base) is None and any(
                heads[other].id == base for other in pending if other != path
            ):
                waiting.append(path)
                continue
            _load_file(path, registry)
        if len(waiting) == len(pending):
            for path in waiting:
                registry.failures.append(ProtocolFailure(str(path), _unresolved(path, heads, waiting)))
            return
        pending = waiting


def _load_file(path: Path, registry: ProtocolRegistry) -> None:
    try:
        protocol = load_protocol_file(path, registry.find)
    except UserDataError as error:
        registry.failures.append(ProtocolFailure(str(path), str(error)))
        return
    except (RecursionError, MemoryError, ValueError, TypeError, KeyError, AttributeError) as error:
        registry.failures.append(ProtocolFailure(
            str(path), for_terminal(f"{path}: cannot be loaded ({type(error).__name__}: {error})")))
        return
    registry.add(ProtocolEntry(protocol, str(path), path=path))


def _unresolved(path: Path, heads: dict[Path, _Head], waiting: list[Path]) -> str:
    """Why ``path`` waits for ever: the loop of files it is part of, or the one it waits on."""
    head = heads[path]
    line = line_of(_key_lines_or_none(head.text), ("extends",))
    where = f"{path}: line {line}: extends" if line else f"{path}: extends"
    chain = [path]
    current = path
    while True:
        base = heads[current].extends
        following = next((p for p in waiting if p != current and heads[p].id == base), None)
        if following is None:
            return f"{where}: {head.extends!r} is never defined"
        if following in chain:
            loop = chain[chain.index(following):] + [following]
            names = " -> ".join(f"{p.name} ({heads[p].id})" for p in loop)
            if following != path:
                return (f"{where}: {head.extends!r} extends a loop of files ({names}); "
                        "make one of them extend a protocol outside the loop")
            return (f"{where}: {head.extends!r}: the files extend each other in a loop ({names}); "
                    "make one of them extend a protocol outside the loop")
        chain.append(following)
        current = following


def _key_lines_or_none(text: str) -> dict:
    try:
        return key_lines(text)
    except (ValueError, IndexError, RecursionError):
        return {}


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False
