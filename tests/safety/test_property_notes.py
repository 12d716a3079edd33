"""Any note text an observer can type or paste is kept exactly, or refused in one line.

Notes go in through the same door as every record (``structure``), are written by the
store, read back, exported as a JSON bundle and read from it again.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classwalk.api import Classwalk
from classwalk.core.convert import structure
from classwalk.core.errors import ClasswalkError
from classwalk.core.records.model import Evidence, Visit, Walk, WalkBundle
from classwalk.features.outputs.export import export_walk
from tests.safety.safety_helpers import assert_one_line_error

UNICODE = st.characters(codec="utf-8")  # every code point text can hold (no lone surrogates)
CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from("\x7f\x85\u2028\u2029\ufeff\u200b")
NOTE_TEXT = st.text(UNICODE) | st.text(CONTROL | UNICODE, max_size=200) | st.sampled_from(
    ["", " ", "\n", "\x00", "a\x00b", "\r\n\r\n", "🌍" * 10, "e\u0301", "\U0010ffff", "'; DROP TABLE evidence; --"]
)
SURROGATES = st.characters(categories=["Cs"])
ONE_MB = 1024 * 1024

PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def walk_store(tmp_path):
    """A Classwalk whose database holds one walk and one visit to attach notes to."""
    classwalk = Classwalk(db_path=tmp_path / "notes.db")
    walk = Walk(protocol_id="downey", school="Birch Lane School", date=dt.date(2026, 11, 23))
    visit = Visit(walk_id=walk.id, classroom="Room 7")
    classwalk.store.save_many([walk, visit])
    yield classwalk, walk, visit
    classwalk.close()


def _count(store) -> int:
    return store.db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]


def _capture(classwalk, walk, visit, text: str) -> Evidence | None:
    """Take ``text`` as a note the way any record comes in; None if it was refused."""
    store = classwalk.store
    before = _count(store)
    data = {"walk_id": walk.id, "visit_id": visit.id, "kind": "observation", "text": text,
            "look_fors": ["orientation.on_task"]}
    try:
        note = structure(data, Evidence, "note")
        store.add_evidence(note)
    except ClasswalkError as error:
        assert_one_line_error(error)
        assert _count(store) == before, "a refused note was written"
        return None
    assert store.get_evidence(note.id) == note
    assert store.get_evidence(note.id).text == text
    return note


def _assert_exports_exactly(classwalk, walk, note: Evidence) -> None:
    exported = json.loads(export_walk(classwalk, walk.id, "json"))
    bundle = structure(exported, WalkBundle, "export")
    assert note in bundle.evidence


@PROPERTY
@given(text=NOTE_TEXT)
def test_any_note_text_is_kept_exactly_or_refused_in_one_line(walk_store, text):
    classwalk, walk, visit = walk_store
    note = _capture(classwalk, walk, visit, text)
    if text:
        assert note is not None, "a non-empty note was refused"
    if note is not None:
        _assert_exports_exactly(classwalk, walk, note)


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(unit=st.text(UNICODE, min_size=1, max_size=8), extra=st.text(CONTROL, max_size=4))
def test_one_megabyte_notes_are_kept_exactly(walk_store, unit, extra):
    classwalk, walk, visit = walk_store
    text = (unit * (ONE_MB // len(unit.encode("utf-8")) + 1)) + extra
    note = _capture(classwalk, walk, visit, text)
    assert note is not None and len(note.text.encode("utf-8")) >= ONE_MB
    _assert_exports_exactly(classwalk, walk, note)


@PROPERTY
@given(text=st.tuples(st.text(UNICODE), SURROGATES, st.text(SURROGATES | UNICODE)).map("".join))
def test_text_with_lone_surrogates_is_refused_in_one_line(walk_store, text):
    """A lone surrogate (a \\ud800 escape in a JSON file) cannot be stored as UTF-8: refused."""
    classwalk, walk, visit = walk_store
    assert _capture(classwalk, walk, visit, text) is None
