"""Plugin failures kept after the program exits, so ``classwalk plugins`` can show them.

One small owner-only JSON-lines file beside the database (``NAME.db`` keeps
``NAME.db.plugin-failures.jsonl``). Each line is one distinct failure (plugin, hook,
exception type, message, plugin version) with when it was first and last seen and how
often. The file holds at most :data:`MAX_RECORDS` lines, the most recent kept. A failure
counts as current while that plugin is installed at the version that failed; installing
a new version, or ``classwalk plugins --clear``, leaves it behind.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from attrs import evolve, field, frozen

from classwalk.core.clock import now_to_the_second

MAX_RECORDS = 200
SUFFIX = ".plugin-failures.jsonl"


@frozen(kw_only=True)
class FailureRecord:
    """One distinct plugin failure as kept on disk."""

    plugin: str
    hook: str
    error_type: str
    message: str
    version: str = "?"
    distribution: str = "?"
    first_at: str = ""
    last_at: str = ""
    count: int = field(default=1)

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.plugin, self.hook, self.error_type, self.message, self.version)


def log_path_for(db_path: Path) -> Path:
    """Where the failures of plugins run against ``db_path`` are kept."""
    return db_path.with_name(db_path.name + SUFFIX)


class FailureLog:
    """Read, add to and clear the failure file of one database."""

    def __init__(self, path: Path):
        self.path = path

    def records(self) -> list[FailureRecord]:
        """Every record in the file, oldest first; unreadable lines are skipped."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError:
            return []
        found: list[FailureRecord] = []
        for line in text.splitlines():
            try:
                data = json.loads(line)
                found.append(FailureRecord(**{k: data[k] for k in data if k in _FIELDS}))
            except (ValueError, TypeError, KeyError):
                continue
        return found

    def add(self, failure) -> None:
        """Record ``failure`` (a :class:`~classwalk.core.plugins.loader.PluginFailure`)."""
        at = failure.at.isoformat()
        new = FailureRecord(plugin=failure.name, hook=failure.where, error_type=failure.error_type,
                            message=failure.message, version=failure.version,
                            distribution=failure.distribution, first_at=at, last_at=at)
        records = self.records()
        kept = [r for r in records if r.key != new.key]
        old = next((r for r in records if r.key == new.key), None)
        if old is not None:
            new = FailureRecord(**{**_as_dict(old), "last_at": at, "count": old.count + 1})
        self._write((kept + [new])[-MAX_RECORDS:])

    def clear(self) -> int:
        """Forget every record; return how many there were."""
        count = len(self.records())
        if self.path.exists():
            self._write([])
        return count

    def _write(self, records: list[FailureRecord]) -> None:
        """Replace the file in one step, owner-only, never through a link."""
        from classwalk.core.storage.files import write_file

        write_file(self.path, "".join(json.dumps(_as_dict(r), ensure_ascii=False) + "\n" for r in records))


_FIELDS = {"plugin", "hook", "error_type", "message", "version", "distribution", "first_at", "last_at", "count"}


def _as_dict(record: FailureRecord) -> dict:
    return {name: getattr(record, name) for name in
            ("plugin", "hook", "error_type", "message", "version", "distribution", "first_at", "last_at",
             "count")}


def _parse_time(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return now_to_the_second()


def current_failures(plugins, records: list[FailureRecord]) -> list:
    """This run's failures, then recorded hook failures of plugins installed at the same version.

    Each is a :class:`~classwalk.core.plugins.loader.PluginFailure` (``count`` and ``at`` taken
    from the records). A load or register failure is current only if it happened in this
    run (loading is tried every run); a hook failure stays current until the plugin's
    version changes or the records are cleared.
    """
    from classwalk.core.plugins.loader import PluginFailure

    found: dict[tuple, PluginFailure] = {}
    for failure in plugins.failures:
        found[(failure.name, failure.where, failure.error_type, failure.message)] = failure
    versions = {info.name: info.version for info in plugins.loaded}
    distributions = {info.name: info.distribution for info in plugins.loaded}
    for record in records:
        if record.hook in ("import", "classwalk_register_protocols"):
            continue
        if versions.get(record.plugin) != record.version:
            continue
        key = (record.plugin, record.hook, record.error_type, record.message)
        if key in found:
            found[key] = evolve(found[key], count=record.count)
            continue
        found[key] = PluginFailure(record.plugin, record.hook, record.error_type, record.message,
                                   record.version, distributions.get(record.plugin, record.distribution),
                                   _parse_time(record.last_at), record.count)
    return list(found.values())


def __getattr__(name: str):
    if name == "CurrentFailure":  # the earlier name of what current_failures returns
        from classwalk.core.plugins.loader import PluginFailure

        return PluginFailure
    raise AttributeError(name)
