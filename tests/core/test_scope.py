"""One door, one scope: a limited Classwalk reads, restores, exports and changes nothing outside it.

Every public method of ``classwalk.Classwalk`` is called, under a school-limited scope and
under an own-walks scope, with a walk (visit, note, step) outside the scope: each one
answers "not found" (or refuses in one line) and the database is unchanged. A test also
checks that no public method is left out of this list.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json

import pytest

import classwalk
from classwalk.core.errors import ClasswalkError
from classwalk.core.records.model import Cycle, DebriefResponse, Draft, Feedback, NextStep, Observer

AT = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


def dump(db) -> dict:
    tables = [r[0] for r in db.store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: sorted(map(tuple, db.store.db.execute(f"SELECT * FROM [{t}]"))) for t in tables}


@pytest.fixture
def district(db_path):
    """Two schools' walks: Lincoln's (Ana's) and Hillside's (Ben's, with a next step and a deleted twin)."""
    with classwalk.open_db(db_path) as db:
        mine = db.start_walk("downey", school="Lincoln", date=AT.date(), observers=["Ana"])
        theirs = db.start_walk("downey", school="Hillside", date=AT.date(), observers=["Ben"])
        visit = db.start_visit(theirs, "Room 9", teacher="J. Park", observer="Ben", at=AT)
        note = db.record(visit, "students compare two methods", observer="Ben", at=AT + dt.timedelta(minutes=1))
        step = db.add_next_step(theirs, "share the task with grade 4")
        gone = db.start_walk("downey", school="Hillside", date=AT.date(), observers=["Ben"])
        db.delete_walk(gone, by="Ben")
        cycle = Cycle(name="Fall", school="Hillside")
        db.store.save_cycle(cycle)  # cycles have no door of their own to be made by yet
        in_cycle = db.start_walk("downey", school="Hillside", date=AT.date(), observers=["Ben"], cycle_id=cycle.id)
        feedback = db.save_feedback(Feedback(visit_id=visit.id, question="What did you notice?", due=AT))
        bundle = db.export(theirs)
    return {"mine": mine, "theirs": theirs, "visit": visit, "note": note, "step": step, "gone": gone,
            "bundle": bundle, "cycle": cycle, "in_cycle": in_cycle, "feedback": feedback}


def calls(d, tmp_path):
    """Every public method, aimed at what is outside the scope."""
    theirs, visit, note, step = d["theirs"], d["visit"], d["note"], d["step"]
    path = tmp_path / "theirs.json"
    path.write_text(d["bundle"])
    return {
        "walk": lambda db: db.walk(theirs.id[:8]),
        "end_walk": lambda db: db.end_walk(theirs),
        "close_walk": lambda db: db.close_walk(theirs),
        "join_walk": lambda db: db.join_walk(theirs, "Ana"),
        "delete_walk": lambda db: db.delete_walk(theirs, by="Ana"),
        "restore_walk": lambda db: db.restore_walk(d["gone"]),
        "walk_counts": lambda db: db.walk_counts([theirs]),
        "start_visit": lambda db: db.start_visit(theirs, "Room 1", observer="Ben"),
        "end_visit": lambda db: db.end_visit(visit),
        "open_visit": lambda db: db.open_visit(theirs, "Ben"),
        "in_rooms": lambda db: db.in_rooms(theirs),
        "follow": lambda db: db.follow(theirs, "Ben", "Ben"),
        "move_team": lambda db: db.move_team(theirs, "Room 2", facilitator="Ben"),
        "visits": lambda db: db.visits(theirs),
        "evidence": lambda db: db.evidence(theirs),
        "record": lambda db: db.record(visit, "a note", observer="Ben"),
        "edit_evidence": lambda db: db.edit_evidence(note, editor="Ben", text="changed"),
        "delete_evidence": lambda db: db.delete_evidence(note, by="Ben"),
        "restore_evidence": lambda db: db.restore_evidence(note),
        "evidence_revisions": lambda db: db.evidence_revisions(note),
        "answer": lambda db: db.answer(theirs, db.protocol("downey").debrief_prompts[0].id, "x", author="Ben"),
        "add_next_step": lambda db: db.add_next_step(theirs, "a step"),
        "complete_next_step": lambda db: db.complete_next_step(step),
        "debrief": lambda db: db.debrief(theirs),
        "walk_report": lambda db: db.walk_report(theirs),
        "report": lambda db: db.report(theirs),
        "export": lambda db: db.export(theirs),
        "bundle": lambda db: db.bundle(theirs),
        "import_bundle": lambda db: db.import_bundle(path),
        "note": lambda db: db.note(note.id),
        "set_code": lambda db: db.set_code(visit, "x", interval=1, observer="Ben"),
        "coding": lambda db: db.coding(visit),
        "interval_clock": lambda db: db.interval_clock(visit),
        "mark_not_observed": lambda db: db.mark_not_observed(visit, 1, observer="Ben"),
        "intervals_while_away": lambda db: db.intervals_while_away(visit, observer="Ben"),
        "interval_times": lambda db: db.interval_times(visit),
        "count_snapshot": lambda db: db.count_snapshot(visit, "s", 1, 2, observer="Ben"),
        "answer_visit_item": lambda db: db.answer_visit_item(visit, "i", "v", observer="Ben"),
        "visit_capture": lambda db: db.visit_capture(visit),
        "visit": lambda db: db.visit(visit.id),
        "due_snapshots": lambda db: db.due_snapshots(visit),
        "room_notes": lambda db: db.room_notes(visit),
        "responses": lambda db: db.responses(theirs),
        "keep_answer": lambda db: db.keep_answer(DebriefResponse(
            walk_id=theirs.id, prompt_id=db.protocol("downey").debrief_prompts[0].id, text="x", author="Ben")),
        "next_steps": lambda db: db.next_steps(theirs),
        "keep_next_step": lambda db: db.keep_next_step(NextStep(walk_id=theirs.id, text="a step")),
        "delete_next_step": lambda db: db.delete_next_step(step, theirs),
        "set_name_rooms": lambda db: db.set_name_rooms(theirs, True),
        "set_walk_status": lambda db: db.set_walk_status(theirs, "closed"),
        "draft": lambda db: db.draft(Draft(slot="note", walk_id=theirs.id, subject=visit.id, observer="Ben")),
        "save_draft": lambda db: db.save_draft(Draft(slot="note", walk_id=theirs.id, observer="Ben"), "x"),
        "clear_draft": lambda db: db.clear_draft(Draft(slot="note", walk_id=theirs.id, observer="Ben")),
        "old_hallway_draft": lambda db: db.old_hallway_draft(visit, "Ben"),
        "forget_old_hallway_draft": lambda db: db.forget_old_hallway_draft(visit),
        "feedback": lambda db: db.feedback(visit),
        "save_feedback": lambda db: db.save_feedback(d["feedback"]),
        "suggested_question": lambda db: db.suggested_question(visit),
        "cycle": lambda db: db.cycle(d["cycle"].id),
        "cycle_walks": lambda db: db.cycle_walks(d["cycle"].id),
        "previous_walk": lambda db: db.previous_walk(d["in_cycle"]),
        "cycle_report": lambda db: db.cycle_report(d["cycle"].id[:8]),
        "school_report": lambda db: db.school_report("Hillside"),
        "district_report": lambda db: db.district_report(),
        "coverage_report": lambda db: db.coverage_report(school="Hillside"),
        "conflicts": lambda db: db.conflicts(theirs),
        "draft_feedback": lambda db: db.draft_feedback(visit.id[:8], "a question"),
        "set_feedback_status": lambda db: db.set_feedback_status(d["feedback"].id[:8], "shared"),
        "teacher_feedback": lambda db: db.teacher_feedback("J. Park"),
        "visit_evidence": lambda db: db.visit_evidence(visit),
        "reopen_visit": lambda db: db.reopen_visit(visit),
        "resume_lesson": lambda db: db.resume_lesson(visit, observer="Ben"),
        "moved_on": lambda db: db.moved_on(visit),
        "classrooms": lambda db: db.classrooms(theirs),
    }


# methods that name no walk: what they return is checked below
UNSCOPED = {"list_protocols", "protocol", "plugin_failures", "close", "on_plugin_failure", "on_plugin_warning",
            "timing_status", "judgement_words", "extra_patterns", "reflective_question", "follow_up_due",
            "walks", "deleted_walks", "last_deleted_walk", "start_walk", "check_plugins",
            "schools", "cycles", "feedback_due", "data_version",
            "all_feedback",  # checked below: lists only the scope's
            "accounts",  # logins, not walks: for whoever runs the server
            "start_cycle"}  # names no walk; a school-limited account starts cycles at its school only (below)


def test_every_public_method_is_covered(district, tmp_path):
    public = {name for name, _ in inspect.getmembers(classwalk.Classwalk, callable) if not name.startswith("_")}
    assert public - UNSCOPED == set(calls(district, tmp_path)), "add the new method to calls() or UNSCOPED"


@pytest.mark.parametrize("limit", [{"school": "Lincoln"}, {"own_walks": True}], ids=["school", "own-walks"])
def test_nothing_outside_the_scope_can_be_read_restored_exported_or_changed(district, db_path, tmp_path, limit):
    with classwalk.open_db(db_path, observer="Ana", **limit) as db:
        before = dump(db)
        for name, call in calls(district, tmp_path).items():
            with pytest.raises(ClasswalkError) as refused:
                call(db)
            message = str(refused.value)
            assert "Hillside" not in message and "\n" not in message, (name, message)
            assert dump(db) == before, name
        assert [w.id for w in db.walks()] == [district["mine"].id]
        assert db.walks(school="Hillside") == []
        assert db.deleted_walks() == [] and db.last_deleted_walk() is None
        assert db.schools() == ["Lincoln"] and db.cycles() == [] and db.feedback_due() == []
        assert db.all_feedback() == [] and db.cycles(school="Hillside") == []
        with pytest.raises(ClasswalkError, match="limited to Lincoln|keeps to its own walks"):
            db.start_walk("downey", school="Hillside", observers=["Ben"])
        if db.scope.school:
            with pytest.raises(ClasswalkError, match="limited to Lincoln"):
                db.start_cycle("Spring", school="Hillside")
        assert dump(db) == before


def test_inside_the_scope_everything_works(district, db_path):
    with classwalk.open_db(db_path, observer="Ana", school="Lincoln") as db:
        mine = district["mine"]
        visit = db.start_visit(mine, "Room 1")
        note = db.record(visit, "students explain")
        assert note.observer == "Ana" and visit.observer == "Ana"
        db.delete_walk(mine, by="Ana")
        assert db.last_deleted_walk().id == mine.id  # not Hillside's deleted walk
        db.restore_walk(db.last_deleted_walk())
        assert json.loads(db.export(mine))["walk"]["id"] == mine.id


def test_the_debrief_feedback_drafts_and_reports_of_the_scope_work_through_the_door(district, db_path):
    """Inside the scope the new doors read and write; a teammate's draft stays theirs."""
    with classwalk.open_db(db_path, observer="Ana", school="Lincoln") as db:
        mine = db.join_walk(district["mine"], "Cy")
        prompt = db.protocol("downey").debrief_prompts[0].id
        db.keep_answer(DebriefResponse(walk_id=mine.id, prompt_id=prompt, text="students explain", author="Ana"),
                       fast=True)
        assert [r.text for r in db.responses(mine)] == ["students explain"]
        step = db.keep_next_step(NextStep(walk_id=mine.id, text="share the task", author="Ana"))
        assert [s.id for s in db.next_steps(mine)] == [step.id]
        db.delete_next_step(step, mine)
        assert db.next_steps(mine) == []
        assert db.set_name_rooms(mine, True).name_rooms and db.set_walk_status(mine, "closed").status == "closed"
        with pytest.raises(ClasswalkError, match="status: 'done' is not one of"):
            db.set_walk_status(mine, "done")
        own = Draft(slot="next-step", walk_id=mine.id, observer="Ana")
        db.save_draft(own, "half a step")
        assert db.draft(own) == "half a step"
        with pytest.raises(ClasswalkError, match="'Cy''s drafts are theirs alone"):
            db.draft(Draft(slot="next-step", walk_id=mine.id, observer="Cy"))
        visit = db.start_visit(mine, "Room 1", teacher="M. Diaz")
        item = db.save_feedback(Feedback(visit_id=visit.id, question="What did you notice?", due=AT))
        assert db.feedback(visit) == [item] and db.feedback_due() == [item] and db.all_feedback() == [item]
        assert db.set_feedback_status(item.id[:8], "shared").status == "shared"
        assert db.schools() == ["Lincoln"] and db.school_report("Lincoln")[0].rows
        with pytest.raises(ClasswalkError, match="limited to Lincoln"):
            db.coverage_report(school="Hillside")
        assert db.coverage_report(today=AT.date())  # Lincoln's time in classrooms
        with pytest.raises(ClasswalkError, match="takes in walks this account may not read"):
            db.district_report()
        assert db.start_cycle("Spring", school="Lincoln").school == "Lincoln"
        assert [c.name for c in db.cycles()] == ["Spring"]


def test_undo_on_a_school_limited_home_brings_back_only_that_schools_walk(district, db_path):
    """The home screen's u: the last deleted walk *of this school*, never another's."""
    with classwalk.open_db(db_path, observer="Ana", school="Lincoln") as db:
        assert db.last_deleted_walk() is None  # Hillside's deleted walk is not offered
        db.delete_walk(district["mine"], by="Ana")
        assert db.last_deleted_walk().school == "Lincoln"


def test_a_note_with_a_raw_escape_is_cleaned_and_an_overlong_note_refused(db_path):
    with classwalk.open_db(db_path) as db:
        walk = db.start_walk("downey", school="Lincoln", observers=["Ana"])
        visit = db.start_visit(walk, "Room 1")
        note = db.record(visit, "students \x1b[31mexplain")
        assert note.text == "students [31mexplain"  # the ESC is gone, as the terminal would clean it
        with pytest.raises(ClasswalkError, match="5011 characters long; the most is 4000"):
            db.record(visit, "x" * 5010 + "\x1b" + "y")
        assert [n.text for n in db.evidence(walk)] == ["students [31mexplain"]


def test_the_store_refuses_a_look_for_the_protocol_does_not_have(db_path):
    from classwalk.core.records.model import Evidence

    with classwalk.open_db(db_path) as db:
        walk = db.start_walk("downey", school="Lincoln", observers=["Ana"])
        visit = db.start_visit(walk, "Room 1")
        with pytest.raises(ClasswalkError, match="look-for 'orientation.nope' is not one of downey's"):
            db.store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="objective", text="x",
                                           look_fors=("orientation.nope",)))
        assert db.evidence(walk) == []


def test_a_note_under_a_name_that_is_not_the_walks_is_refused(db_path):
    with classwalk.open_db(db_path) as db:
        walk = db.start_walk("downey", school="Lincoln", observers=[Observer(name="Ana")])
        visit = db.start_visit(walk, "Room 1")
        with pytest.raises(ClasswalkError, match="'Zed' is not an observer of this walk"):
            db.record(visit, "students explain", observer="Zed")


def test_a_run_named_for_an_observer_writes_as_them_in_a_walk_it_may_open(db_path):
    with classwalk.open_db(db_path) as db:
        walk = db.start_walk("downey", school="Lincoln", observers=[Observer(name="Ana")])
    with classwalk.open_db(db_path, observer="Dee", school="Lincoln") as dee:
        visit = dee.start_visit(walk, "Room 1")
        assert dee.record(visit, "students explain").observer == "Dee"
        with pytest.raises(ClasswalkError, match="'Zed' is not an observer of this walk"):
            dee.record(visit, "students explain", observer="Zed")


def test_users_add_own_walks_keeps_the_account_and_its_served_ui_to_its_walks(db_path, capsys, monkeypatch):
    import io

    from classwalk.features.accounts import Accounts
    from classwalk.serve.server import ui_command
    from classwalk.core.storage.store import Store
    from classwalk.tui.__main__ import main

    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert main(["--db", str(db_path), "users", "add", "dana", "--observer", "Dana", "--own-walks"]) == 0
    assert "own walks only" in capsys.readouterr().out
    assert main(["--db", str(db_path), "users", "list"]) == 0
    assert "dana  Dana  all schools  own walks only" in capsys.readouterr().out
    with Store(db_path) as store:
        account = Accounts(store).get("dana")
    assert account.own_walks and "--own-walks" in ui_command(db_path, account)


def test_own_walks_in_the_terminal_needs_an_observer(db_path, capsys):
    from classwalk.tui.__main__ import main

    assert main(["--db", str(db_path), "--own-walks"]) != 0
    assert "needs --observer NAME" in capsys.readouterr().err


def test_there_is_one_classwalk_class():
    from classwalk.core import kernel as context
    from classwalk.cli.common import get_classwalk  # noqa: F401 (the command line uses it too)

    assert not hasattr(context, "Classwalk")  # the kernel never imports the public face
    assert context.Kernel.__name__ == "Kernel" and issubclass(classwalk.Classwalk, context.Kernel)
