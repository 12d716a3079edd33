"""Any burst of keys gives the same records as the same keys typed slowly.

Random runs of text, Enter, Tab, Esc, ctrl keys and pastes go to each screen and
dialog twice, on two fresh databases: once a key at a time (each read before the
next is sent) and once all together (none read before the last is sent, as from a
paste, a text expander or tmux send-keys). The two databases must hold the same
walks, visits, notes, answers and drafts.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classwalk.api import Classwalk
from classwalk.tui import clock
from classwalk.tui.app import ClasswalkApp
from classwalk.tui.dialogs.classroom import ClassroomDialog
from classwalk.tui.dialogs.groups import GroupsDialog
from classwalk.tui.dialogs.hallway_note import HallwayNoteDialog
from classwalk.tui.screens.new_walk import NewWalkScreen
from tests.support.clock import START, StoppedClock
from tests.support.pilot import burst, keys_done, paste, resume_room, settle
from tests.support.records import walk_in_a_room
from tests.support.tui_steps import drive, from_home, press_to

TABLES = ("walks", "visits", "evidence", "debrief_responses", "next_steps", "feedback", "drafts",
          "interval_marks", "snapshot_counts", "item_answers")

TEXT_KEYS = ["a", "e", "Z", "5", "space", "full_stop", "backspace"]
MOVE_KEYS = ["enter", "tab", "shift+tab", "escape", "up", "down", "left"]
CTRL_KEYS = ["ctrl+t", "ctrl+g", "ctrl+n", "ctrl+u", "ctrl+s", "ctrl+r", "ctrl+z"]

one_key = st.one_of(st.sampled_from(TEXT_KEYS), st.sampled_from(MOVE_KEYS), st.sampled_from(CTRL_KEYS),
                    st.tuples(st.just("paste"), st.sampled_from(["Two pairs\nshare", "Room 3\t4", "x\x1b[31my"])))
key_runs = st.lists(st.one_of(one_key, one_key, st.sampled_from(TEXT_KEYS)), min_size=3, max_size=18)


def _records(classwalk) -> dict:
    """What the database holds, ids and visit order replaced by names so two runs compare."""
    db = classwalk.store.db
    rooms = {row["id"]: f"{row['classroom']}#{n}" for n, row in enumerate(db.query(
        "SELECT id, classroom FROM visits ORDER BY rowid"))}
    walks = {row["id"]: f"walk#{n}" for n, row in enumerate(db.query("SELECT id FROM walks ORDER BY rowid"))}
    names = rooms | walks

    def named(value):
        if isinstance(value, str):
            for key, name in names.items():
                value = value.replace(key, name)
        return value

    records = {}
    for table in TABLES:
        rows = []
        for row in db.query(f"SELECT * FROM {table} ORDER BY rowid"):
            kept = {column: named(value) for column, value in row.items()
                    if column not in ("id", "updated_at")}  # drafts are stamped by the wall clock
            rows.append(kept)
        records[table] = rows
    return records


async def _send(pilot, keys, *, together: bool) -> None:
    if together:
        plain: list[str] = []
        for key in keys:
            if isinstance(key, tuple):
                await burst(pilot, plain) if plain else None
                plain = []
                pilot.app._driver.send_message(__import__("textual.events", fromlist=["Paste"]).Paste(key[1]))
            else:
                plain.append(key)
        if plain:
            await burst(pilot, plain)
    else:
        for key in keys:
            if isinstance(key, tuple):
                await paste(pilot, key[1])
            else:
                await pilot.press(key)
            await keys_done(pilot)
            await settle(pilot)
    await keys_done(pilot)
    for _ in range(3):
        await settle(pilot)
        await keys_done(pilot)


def _run_keys(tmp_path, name, start, keys, *, together: bool, monkeypatch, protocol_id="ilw_tiered") -> dict:
    monkeypatch.setattr(clock, "now", StoppedClock(START))
    classwalk = Classwalk(db_path=tmp_path / f"{name}.db")
    try:
        walk_in_a_room(classwalk, protocol_id)
        app = ClasswalkApp(classwalk)

        async def steps(pilot):
            await start(pilot)
            await _send(pilot, keys, together=together)

        drive(app, steps)
        return _records(classwalk)
    finally:
        classwalk.close()


def _from_the_room(key: str, screen_type):
    """Resume the room, then ``key`` must bring up ``screen_type``."""
    async def start(pilot) -> None:
        await resume_room(pilot)
        await press_to(pilot, key, screen_type)

    return start


STARTS = {"room": resume_room, "classroom dialog": _from_the_room("ctrl+n", ClassroomDialog),
          "groups dialog": _from_the_room("ctrl+g", GroupsDialog),
          "new walk form": lambda pilot: from_home(pilot, "n", NewWalkScreen),
          # a learning walk asks for a hallway note after each room
          "hallway dialog": _from_the_room("ctrl+n", HallwayNoteDialog)}
PROTOCOLS = {"hallway dialog": "ifl_learning_walk"}


@pytest.mark.parametrize("where", list(STARTS))
def test_a_burst_gives_the_records_slow_typing_gives(where, tmp_path_factory, monkeypatch):
    @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(keys=key_runs)
    def check(keys):
        tmp_path = tmp_path_factory.mktemp("burst")
        protocol_id = PROTOCOLS.get(where, "ilw_tiered")
        slow = _run_keys(tmp_path, "slow", STARTS[where], keys, together=False, monkeypatch=monkeypatch,
                         protocol_id=protocol_id)
        fast = _run_keys(tmp_path, "fast", STARTS[where], keys, together=True, monkeypatch=monkeypatch,
                         protocol_id=protocol_id)
        assert fast == slow, json.dumps(keys)

    check()
