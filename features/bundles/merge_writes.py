"""Writing a prepared import in short write transactions, so nobody else waits long.

SQLite lets one connection write at a time. A large bundle written in one transaction
would make an observer saving a note meanwhile wait seconds; here the import's decisions
(:class:`~.bundles.MergeUnit`, made from a snapshot without the write lock) are written a
few at a time, each batch holding the lock for about :data:`BATCH_SECONDS`, with a pause
after it so a waiting writer gets its turn.

Before a unit is written, the rows it was decided from are read again under the lock
(:meth:`.merge_reads.Reads.changed`); if one changed, :class:`Stale` stops the writing and
the import prepares the rest again from the database as it now is. If the import fails
after some batches were written, :meth:`BatchWriter.undo` puts back what was there
before, for every record nobody changed since, so a refused or failed import leaves the
database as it found it.
"""

from __future__ import annotations

import time

from attrs import define, field

from classwalk.core.records.model import Evidence, Received
from classwalk.core.storage.store import TABLES, Store, _from_row, _to_row

BATCH_SECONDS = 0.05
"""About the longest one batch holds the write lock."""
UNITS_PER_CHECK = 20
"""Units whose rows are read again in one query before they are written."""


class Stale(Exception):
    """A row the prepared merge was decided from changed since it was read."""


@define
class _Written:
    record: object
    prior: object | None
    prior_received: Received | None


@define
class BatchWriter:
    """Writes the units of prepared merges, remembering enough to undo them."""

    store: Store
    walk_id: str
    sender: str
    source: str
    done: dict = field(factory=dict)
    """Key of each unit written -> its result (as decided when it was written)."""
    written: list[_Written] = field(factory=list)
    kept_ids: list[str] = field(factory=list)
    longest_hold: float = 0.0
    held: float = 0.0
    batches: int = 0

    def write(self, merge, at, *, pause: bool = True) -> None:
        """Write every unit of ``merge`` not yet written; :class:`Stale` if the snapshot is out of date.

        With ``pause``, each batch is followed by a pause as long as it held the lock
        (so a writer that was waiting gets in), unless the caller holds the lock throughout.
        """
        pending = [unit for unit in merge.units if unit.key not in self.done]
        ready = [unit for unit in pending if not unit.writes]
        waiting = [unit for unit in pending if unit.writes]
        walk = [unit for unit in waiting if unit.key[0] == "walk"]
        waiting = [unit for unit in waiting if unit.key[0] != "walk"] + walk  # the walk last: it appears whole
        while waiting:
            waiting = self._batch(merge, waiting, at)
            if waiting and pause:
                self.pause(min(0.1, max(0.01, self.held)))
        for unit in ready:
            self.done[unit.key] = unit.result

    def pause(self, seconds: float) -> None:
        """Between two batches, holding no lock: a waiting writer's turn."""
        time.sleep(seconds)

    def _batch(self, merge, waiting: list, at) -> list:
        """Write units from the front of ``waiting`` in one short transaction; the rest."""
        written: list[_Written] = []
        kept_ids: list[str] = []
        units_done: list = []
        stale = False
        with self.store.transaction():
            started = time.perf_counter()
            while waiting and (not units_done or time.perf_counter() - started < BATCH_SECONDS):
                units = waiting[:UNITS_PER_CHECK]
                if merge.reads.changed(set(merge.shared).union(*(unit.reads for unit in units))):
                    stale = True  # what this batch wrote before is still right: it is committed
                    break
                waiting = waiting[UNITS_PER_CHECK:]
                for unit in units:
                    self._write_unit(unit, at, written, kept_ids)
                units_done.extend(units)
        self.held = time.perf_counter() - started
        self.longest_hold = max(self.longest_hold, self.held)
        self.batches += 1
        self.written.extend(written)
        self.kept_ids.extend(kept_ids)
        self.done.update((unit.key, unit.result) for unit in units_done)
        if stale:
            raise Stale()
        return waiting

    def _write_unit(self, unit, at, written: list, kept_ids: list) -> None:
        """Write one unit's records (already inside the batch's transaction)."""
        store = self.store
        for record in unit.records:
            table = TABLES[type(record)]
            written.append(_Written(record, _row(store, type(record), record.id), store.received(table, record.id)))
            if isinstance(record, Evidence):
                store._write_evidence(record)
            else:
                store._upsert(table, _to_row(record))
        for kept in unit.kept:
            if store.keep_version(kept):
                kept_ids.append(kept.id)
        store.db.conn.executemany(
            "INSERT OR REPLACE INTO received (kind, record_id, walk_id, sent_by, received_at, source) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(TABLES[type(record)], record.id, self.walk_id, self.sender, at.isoformat(), self.source)
             for record in unit.records])

    def undo(self) -> None:
        """Put back what was there before this import, for each record still as it wrote it."""
        if not self.written and not self.kept_ids:
            return
        store = self.store
        with store.transaction():
            conn = store.db.conn
            for item in reversed(self.written):
                record, table = item.record, TABLES[type(item.record)]
                if _row(store, type(record), record.id) != record:
                    continue  # changed since (by someone else): theirs stays
                if item.prior is None:
                    conn.execute(f"DELETE FROM [{table}] WHERE id = ?", [record.id])
                    if table == "evidence":
                        conn.execute("DELETE FROM evidence_look_fors WHERE evidence_id = ?", [record.id])
                else:
                    store.save(item.prior)
                conn.execute("DELETE FROM received WHERE kind = ? AND record_id = ?", [table, record.id])
                if item.prior_received is not None:
                    store.note_received([item.prior_received])
            for kept_id in self.kept_ids:
                conn.execute("DELETE FROM kept_versions WHERE id = ?", [kept_id])
            conn.execute("DELETE FROM walk_counts WHERE walk_id = ? AND visits = 0 AND notes = 0 "
                         "AND NOT EXISTS (SELECT 1 FROM walks WHERE id = ?)", [self.walk_id, self.walk_id])
        self.written, self.kept_ids = [], []


def _row(store: Store, cls: type, record_id: str):
    """The record of that id as the database holds it now, or None."""
    cursor = store.db.conn.execute(f"SELECT * FROM [{TABLES[cls]}] WHERE id = ?", [record_id])
    row = cursor.fetchone()
    return _from_row(dict(zip([column[0] for column in cursor.description], row)), cls) if row else None
