"""What an import's merge read from the database, kept so it can be checked again before writing.

An import decides everything it will write while holding no write lock, reading a
snapshot (one read transaction). Each row it read is remembered under a key:

- ``("row", table, id)``: the row with that id, or ``None`` when there was none;
- ``("under", table, column, value)``: every row whose ``column`` holds ``value``
  (a note's revisions, a debrief response's second versions), ordered by id.

Just before a batch is written (now holding the write lock) the keys its records were
decided from are read again; if any differs, something changed since the snapshot and
the merge is prepared again. Rows are compared as SQLite holds them, so any change counts.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from classwalk.core.storage.store import TABLES, Store, _from_row

CHUNK = 400  # values per "IN (...)" query


def _rows(store: Store, sql: str, args: list) -> list[dict]:
    cursor = store.db.conn.execute(sql, args)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def fetch(store: Store, keys: Iterable[tuple]) -> dict[tuple, object]:
    """The current value of each key, read in a few queries."""
    wanted: dict[tuple, list] = defaultdict(list)
    for key in dict.fromkeys(keys):
        wanted[key[:-1]].append(key[-1])
    found: dict[tuple, object] = {}
    for head, values in wanted.items():
        table = head[1]
        column = "id" if head[0] == "row" else head[2]
        under: dict[object, list] = defaultdict(list)
        for start in range(0, len(values), CHUNK):
            chunk = values[start:start + CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for row in _rows(store, f"SELECT * FROM [{table}] WHERE [{column}] IN ({marks})", chunk):
                if head[0] == "row":
                    found[head + (row["id"],)] = row
                else:
                    under[row[column]].append(row)
        for value in values:
            if head[0] == "row":
                found.setdefault(head + (value,), None)
            else:
                found[head + (value,)] = tuple(sorted(under.get(value, ()), key=lambda row: row["id"]))
    return found


def row_key(cls: type, record_id: str) -> tuple:
    return ("row", TABLES[cls], record_id)


def under_key(cls: type, column: str, value: str) -> tuple:
    return ("under", TABLES[cls], column, value)


class Reads:
    """Reads for a merge: each remembered, and noted in ``used`` until :meth:`take_used`."""

    def __init__(self, store: Store):
        self.store = store
        self.seen: dict[tuple, object] = {}
        self.used: set[tuple] = set()

    def prefetch(self, keys: Iterable[tuple]) -> None:
        """Read many keys at once (the merge then reads them one by one from memory)."""
        self.seen.update(fetch(self.store, [key for key in keys if key not in self.seen]))

    def _value(self, key: tuple):
        if key not in self.seen:
            self.prefetch([key])
        self.used.add(key)
        return self.seen[key]

    def local(self, cls: type, record_id: str):
        """This database's record of that id, or None."""
        row = self._value(row_key(cls, record_id))
        return _from_row(row, cls) if row is not None else None

    def under(self, cls: type, column: str, value: str, order=None) -> list:
        """Every record whose ``column`` holds ``value`` (sorted by ``order`` if given)."""
        records = [_from_row(row, cls) for row in self._value(under_key(cls, column, value))]
        return sorted(records, key=order) if order else records

    def take_used(self) -> set[tuple]:
        """The keys read since the last call."""
        used, self.used = self.used, set()
        return used

    def changed(self, keys: Iterable[tuple]) -> bool:
        """Whether any of ``keys`` reads differently now than when first read."""
        keys = list(keys)
        return any(value != self.seen[key] for key, value in fetch(self.store, keys).items())
