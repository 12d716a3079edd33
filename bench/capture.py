"""Capture latency: from a key press or Enter to the row committed in SQLite.

Each way in is timed per note, every sample followed by one bare sqlite-utils insert
and commit (the baseline, same pragmas: WAL, ``synchronous=FULL``) so both share the
moment's disk and load: the store API (``Store.add_evidence``), and the terminal UI
driven by Textual's Pilot (Enter on a note, a letter key on a look-for, a character
typed into the note line), timed to the moment the store call returns. The last is the
keystroke-to-draft latency: every change of the note line is written as a draft at
once, so a crash right after a key loses nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from pathlib import Path

from sqlite_utils import Database

from classwalk.api import Classwalk
from classwalk.core.records.model import Evidence, Visit, Walk

from .stats import Result, median, ms, percentile

NOTE = "14 of 22 students explaining their strategy to a partner; teacher listening in"
TARGET_P99_MS = 2.0


def _pragmas(db: Database) -> None:
    db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = FULL")


class BareInserts:
    """The baseline: a bare sqlite-utils insert (which commits) of a note-sized row.

    Timed one at a time, interleaved with the path being measured, so both see the
    same disk and the same load.
    """

    def __init__(self, path: Path):
        self.db = Database(path)
        _pragmas(self.db)
        self.table = self.db["notes"]
        self.table.create({"id": int, "walk_id": str, "text": str, "captured_at": str}, pk="id")
        self.samples: list[float] = []

    def insert(self) -> None:
        row = {"id": len(self.samples), "walk_id": "w", "text": NOTE,
               "captured_at": dt.datetime.now().isoformat()}
        started = time.perf_counter()
        self.table.insert(row)
        self.samples.append(time.perf_counter() - started)

    def close(self) -> None:
        self.db.close()


def _walk_and_visit(classwalk: Classwalk) -> tuple[Walk, Visit]:
    walk = Walk(protocol_id="downey", school="Bench School", date=dt.date.today())
    visit = Visit(walk_id=walk.id, classroom="Room 1")
    classwalk.store.save_many([walk, visit])
    return walk, visit


def store_samples(path: Path, count: int, bare: BareInserts) -> list[float]:
    """Seconds per ``Store.add_evidence`` (committed on return), each beside a bare insert."""
    classwalk = Classwalk(db_path=path)
    walk, visit = _walk_and_visit(classwalk)
    store = classwalk.store
    samples = []
    for number in range(count):
        note = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text=f"{NOTE} ({number})",
                        look_fors=("orientation.on_task", "instructional.grouping"))
        started = time.perf_counter()
        store.add_evidence(note)
        samples.append(time.perf_counter() - started)
        bare.insert()
    classwalk.close()
    return samples


class _CommitClock:
    """Wraps one store method on one instance: records when each call began and returned."""

    def __init__(self, store, name: str):
        self.called: list[float] = []
        self.returned: list[float] = []
        original = getattr(store, name)

        def timed(*args, **kwargs):
            self.called.append(time.perf_counter())
            result = original(*args, **kwargs)
            self.returned.append(time.perf_counter())
            return result

        setattr(store, name, timed)


async def _tui_samples(path: Path, count: int, bare: BareInserts, draft_bare: BareInserts) -> tuple[
        list[float], list[float], list[float], list[float]]:
    from classwalk.tui.app import ClasswalkApp
    from classwalk.tui.screens.visit import VisitScreen, open_visit
    from textual.widgets import Input

    classwalk = Classwalk(db_path=path)
    walk, visit = _walk_and_visit(classwalk)
    app = ClasswalkApp(classwalk)
    enter_samples, key_samples, dispatch_samples, draft_samples = [], [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        open_visit(app, walk, visit)
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, VisitScreen):
                break
        screen = app.screen
        if not isinstance(screen, VisitScreen):
            raise RuntimeError(f"the visit screen did not open (got {type(screen).__name__})")
        store = classwalk.store
        evidence_clock = _CommitClock(store, "add_evidence")
        draft_clock = _CommitClock(store, "save_draft")
        note_input = screen.query_one("#note", Input)
        for number in range(count):
            await pilot.press("escape")  # to the look-fors: letters tag
            before = len(draft_clock.returned)
            started = time.perf_counter()
            await pilot.press("a")
            if len(draft_clock.returned) > before:
                key_samples.append(draft_clock.returned[before] - started)
            await pilot.press("escape")  # back to the note line
            note_input.value = f"{NOTE} ({number})"
            for character in "abc":  # keystroke to draft: each typed character is written at once
                before = len(draft_clock.returned)
                started = time.perf_counter()
                await pilot.press(character)
                if len(draft_clock.returned) > before:
                    draft_samples.append(draft_clock.returned[before] - started)
                draft_bare.insert()
            before = len(evidence_clock.returned)
            started = time.perf_counter()
            await pilot.press("enter")
            if len(evidence_clock.returned) > before:
                enter_samples.append(evidence_clock.returned[before] - started)
                dispatch_samples.append(evidence_clock.called[before] - started)
            bare.insert()
        app.exit()
    classwalk.close()
    return enter_samples, key_samples, dispatch_samples, draft_samples


def tui_samples(path: Path, count: int, bare: BareInserts, draft_bare: BareInserts) -> tuple[
        list[float], list[float], list[float], list[float]]:
    """Seconds from Enter on a note, and from a look-for key, to the row committed; from
    Enter to the moment the screen calls the store (the UI's share of the first); and from
    a character typed in the note line to its draft committed (each beside a bare insert)."""
    return asyncio.run(_tui_samples(path, count, bare, draft_bare))


def run(folder: Path, samples: int) -> list[Result]:
    bare = BareInserts(folder / "bare.db")
    store = store_samples(folder / "store.db", samples, bare)
    results = _rows("store add_evidence", store, bare.samples)
    bare.close()
    bare = BareInserts(folder / "bare-tui.db")
    draft_bare = BareInserts(folder / "bare-draft.db")
    try:
        enter, key, dispatch, draft = tui_samples(folder / "tui.db", max(20, samples // 5), bare, draft_bare)
    except ImportError as error:
        print(f"capture: terminal UI not measured ({error})")
        return results
    finally:
        bare.close()
        draft_bare.close()
    for name, measured in (("TUI Enter on a note", enter), ("TUI look-for key", key)):
        if measured:
            results += _rows(name, measured, bare.samples)
    if draft:
        results += _rows("TUI keystroke to draft", draft, draft_bare.samples)
    if dispatch:
        results.append(Result(
            benchmark="capture", measure="TUI Enter until the store is called, median",
            value=ms(median(dispatch)), baseline=ms(median(bare.samples)),
            baseline_name="bare sqlite-utils insert", unit="ms"))
    return results


def _rows(name: str, measured: list[float], baseline: list[float]) -> list[Result]:
    p99 = ms(percentile(measured, 0.99))
    return [
        Result(benchmark="capture", measure=f"{name}, median of {len(measured)}",
               value=ms(median(measured)), baseline=ms(median(baseline)),
               baseline_name="bare sqlite-utils insert", unit="ms"),
        Result(benchmark="capture", measure=f"{name}, p99",
               value=p99, baseline=ms(percentile(baseline, 0.99)),
               baseline_name="bare sqlite-utils insert", unit="ms",
               target=f"p99 <= {TARGET_P99_MS:g} ms", met=p99 <= TARGET_P99_MS),
    ]
