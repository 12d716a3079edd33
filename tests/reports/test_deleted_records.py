"""Deleted walks and notes leave every listing, report and count, and come back on undo.

A deleted walk is a tombstone: ``classwalk walks`` and the home listing skip it, school,
district, cycle, coverage and feedback reports leave it out, and ``walks undelete``
brings it back exactly. A deleted note leaves the debrief, the exports and every count.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from classwalk.cli import main
from classwalk.cli import walks as walks_cli
from classwalk.core.errors import NotFound
from classwalk.core.records.model import Observer
from classwalk.features.reports.calibration import walk_calibration
from classwalk.features.reports.coverage import coverage_report
from classwalk.features.outputs.export import export_walk
from classwalk.features.reports import cycle_report, district_report, school_report, walk_report
from tests.reports.report_tools import WalkMaker, dump, row, table
from tests.support.clock import at

DOWNEY = "Downey walkthrough"
ON_TASK = "students at work on the task"


def _reports(classwalk, cycle_id: str) -> dict:
    return {
        "school": school_report(classwalk, "North Park"),
        "district": district_report(classwalk),
        "cycle": cycle_report(classwalk, cycle_id),
        "coverage": coverage_report(classwalk, dt.date(2026, 10, 1), dt.date(2026, 11, 30),
                                    today=dt.date(2026, 11, 30)),
    }


def test_a_deleted_walk_leaves_every_report_and_undelete_brings_it_back(classwalk, fixture_walks):
    before = _reports(classwalk, fixture_walks.cycle.id)
    store = classwalk.store
    store.delete_walk(fixture_walks.second.walk.id, by="Pat Observer")
    after = _reports(classwalk, fixture_walks.cycle.id)
    assert row(table(after["school"], "school_summary"), DOWNEY) == [DOWNEY, 1, 3, 3, 4]
    assert row(table(after["district"], "district_schools"), "North Park") == ["North Park", 1, 3, 3, 4]
    assert [r[0] for r in table(after["cycle"], "cycle_walks").rows] == ["2026-10-05"]
    assert "2026-W43" not in {r[1] for r in table(after["coverage"], "coverage_minutes").rows}
    assert [w.id for w in store.list_walks()] == [fixture_walks.third.walk.id, fixture_walks.first.walk.id]
    assert store.walks_in_cycle(fixture_walks.cycle.id) == [fixture_walks.first.walk]
    assert store.last_deleted_walk().id == fixture_walks.second.walk.id
    with pytest.raises(NotFound, match="is deleted"):
        walk_report(classwalk, fixture_walks.second.walk.id)
    store.restore_walk(fixture_walks.second.walk.id)
    assert _reports(classwalk, fixture_walks.cycle.id) == before
    assert store.last_deleted_walk() is None


def test_the_last_deleted_walk_is_the_one_undo_restores(classwalk, fixture_walks):
    store = classwalk.store
    store.delete_walk(fixture_walks.first.walk.id)
    store.delete_walk(fixture_walks.third.walk.id, by="Dana")
    assert store.last_deleted_walk().id == fixture_walks.third.walk.id
    assert store.last_deleted_walk().deleted_by == "Dana"
    store.restore_walk(fixture_walks.third.walk.id)
    assert store.last_deleted_walk().id == fixture_walks.first.walk.id
    restored = store.get_walk(fixture_walks.third.walk.id)
    assert not restored.deleted and restored.deleted_by == ""


def test_deleted_notes_leave_reports_and_exports(classwalk, fixture_walks):
    store = classwalk.store
    walk = fixture_walks.first.walk
    note = store.evidence_for_visit(fixture_walks.first.visits["N1"].id)[0]
    store.delete_evidence(note.id, by="Pat Observer")
    summary = table(school_report(classwalk, "North Park"), "school_summary")
    assert row(summary, DOWNEY) == [DOWNEY, 2, 5, 3, 5]
    assert row(table(school_report(classwalk, "North Park"), "evidence_kinds"), DOWNEY, "observation")[-1] == 5
    assert note.text not in export_walk(classwalk, walk.id, "csv")
    assert note.text not in export_walk(classwalk, walk.id, "md")
    bundle = json.loads(export_walk(classwalk, walk.id, "json"))
    [kept] = [item for item in bundle["evidence"] if item["id"] == note.id]
    assert kept["deleted_by"] == "Pat Observer" and kept["deleted_at"]
    assert bundle["format_version"] == 3


def test_calibration_from_one_device_tells_observers_apart_by_their_notes(classwalk):
    """Two observers in one room, typing in turn on one device: one visit, notes by each."""
    walk = WalkMaker("North Park", dt.date(2026, 10, 5), focus_categories=("orientation",),
                     observers=(Observer(name="Ana"), Observer(name="Ben")))
    visit = walk.visit("N1", ("orientation.on_task", "orientation.can_explain"), observer="Ana",
                       start=at(9, 0, day=walk.walk.date))
    ben = walk.records[-1]
    from attrs import evolve

    walk.records.append(evolve(ben, id="6c1f0a8e-3b2d-4f5a-9e7c-1d2b3c4d5e6f", observer="Ben",
                               look_fors=("orientation.on_task", "orientation.materials"), text="Ben's note"))
    classwalk.store.save_many(walk.records)
    assert len(classwalk.store.visits_for_walk(walk.walk.id)) == 1 and visit.observer == "Ana"
    summary = table(walk_calibration(classwalk, walk.walk.id), "calibration")
    assert row(summary, "Ana", "Ben") == ["Ana", "Ben", 1, 4, "50%", "0.00"]
    classwalk.store.delete_evidence("6c1f0a8e-3b2d-4f5a-9e7c-1d2b3c4d5e6f", by="Ben")
    assert table(walk_calibration(classwalk, walk.walk.id), "calibration").rows == ()


# the command line ---------------------------------------------------------------


def _run(db_path, *args) -> int:
    return main(["--db", str(db_path), *args])


def test_walks_delete_refuses_without_a_terminal_and_changes_nothing(classwalk, fixture_walks, db_path, capsys):
    before = dump(classwalk.store.db)
    classwalk.close()
    assert _run(db_path, "walks", "delete", fixture_walks.first.walk.id[:8]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no terminal to confirm at; add --yes" in err[0]
    assert _run(db_path, "walks") == 0
    assert fixture_walks.first.walk.id[:8] in capsys.readouterr().out
    from classwalk.core.storage.store import Store

    with Store(db_path) as store:
        assert dump(store.db) == before


@pytest.mark.parametrize("answer, deleted", [("y\n", True), ("n\n", False), ("\n", False)])
def test_walks_delete_asks_at_a_terminal(classwalk, fixture_walks, db_path, capsys, monkeypatch, answer, deleted):
    classwalk.close()
    monkeypatch.setattr(walks_cli, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    assert _run(db_path, "walks", "delete", fixture_walks.first.walk.id[:8]) == 0
    out = capsys.readouterr().out
    assert "Delete walk " in out and "2026-10-05, North Park, downey: 3 visits, 4 notes" in out
    _run(db_path, "walks")
    listed = capsys.readouterr().out
    assert (fixture_walks.first.walk.id[:8] not in listed) == deleted


def test_walks_delete_yes_then_undelete_the_last(classwalk, fixture_walks, db_path, capsys):
    classwalk.close()
    first, third = fixture_walks.first.walk.id[:8], fixture_walks.third.walk.id[:8]
    assert _run(db_path, "--observer", "Pat Observer", "walks", "delete", first, "--yes") == 0
    assert f"'classwalk walks undelete {first}' brings it back" in capsys.readouterr().out
    assert _run(db_path, "walks", "delete", third, "-y") == 0
    _run(db_path, "walks", "--deleted")
    listed = capsys.readouterr().out.splitlines()
    assert [line[:8] for line in listed[-2:]] == [third, first] and "by Pat Observer" in listed[-1]
    assert _run(db_path, "export", first, "--format", "md") == 1
    assert "is deleted ('classwalk walks undelete" in capsys.readouterr().err
    assert _run(db_path, "export", first, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["walk"]["deleted_by"] == "Pat Observer"
    assert _run(db_path, "walks", "undelete") == 0
    assert f"restored walk {third}" in capsys.readouterr().out
    assert _run(db_path, "walks", "undelete", first) == 0
    assert _run(db_path, "walks", "undelete") == 1
    assert "no deleted walk to bring back" in capsys.readouterr().err
    _run(db_path, "walks")
    out = capsys.readouterr().out
    assert first in out and third in out


def test_undelete_of_a_walk_that_is_not_deleted_is_one_line(classwalk, fixture_walks, db_path, capsys):
    classwalk.close()
    assert _run(db_path, "walks", "undelete", fixture_walks.first.walk.id[:8]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no deleted walk with id" in err[0]
