"""The debrief screen, driven by keys on a walk with known counts."""

from __future__ import annotations

import datetime as dt
import errno
import html
import stat

from classwalk.core.storage.store import Store
from classwalk.tui.dialogs.export import ExportDialog
from classwalk.tui.screens import debrief_jobs
from classwalk.tui.widgets.next_steps import NextStepsPanel
from classwalk.tui.widgets.pattern_table import PatternTable
from classwalk.tui.widgets.prompt_response import PromptResponse
from tests.tui_debrief.debrief_app import CLASSROOMS, TEACHERS, wait_loaded
from tests.support.pilot import workers_done
from tests.support.tui_steps import drive

CLEAR_FIELD = ("end", *["backspace"] * 60)


def run_debrief(app, scenario, size=(80, 24)):
    """Run ``scenario(pilot, screen)`` once the debrief has loaded."""
    async def loaded(pilot):
        await scenario(pilot, await wait_loaded(pilot))
    drive(app, loaded, size)


def screen_markup(app) -> str:
    """Everything the terminal shows, as plain text."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def status_line(screen) -> str:
    """The screen's status line as plain text."""
    return str(screen.query_one("#status").content)


async def settle(pilot, seconds: float = 0.05):
    await pilot.pause(seconds)
    await workers_done(pilot.app)
    await pilot.pause()


async def answers_saved(pilot):
    """Wait for the pause after typing to pass and the answers to reach the database."""
    screen = pilot.app.screen
    for _ in range(100):
        if not any(widget.pending for widget in screen.query(PromptResponse)):
            break
        await pilot.pause(0.05)
    assert not any(widget.pending for widget in screen.query(PromptResponse))
    await screen.writes_done()
    await pilot.pause()


def fresh_store(classwalk) -> Store:
    """A second connection, as a restarted program would open."""
    return Store(classwalk.db_path)


def saved_answers(classwalk, walk) -> list[str]:
    """The walk's debrief answers as a fresh connection reads them."""
    with fresh_store(classwalk) as store:
        return [r.text for r in store.responses_for_walk(walk.id)]


def saved_steps(classwalk, walk) -> list:
    """The walk's next steps as a fresh connection reads them."""
    with fresh_store(classwalk) as store:
        return store.next_steps_for_walk(walk.id)


# patterns -----------------------------------------------------------------------


def test_matrix_shows_the_counts_per_room(app):
    async def scenario(pilot, screen):
        matrix = screen.query_one("#pattern-0", PatternTable)
        assert matrix.pattern.columns == ("look-for", "Room A", "Room B", "Room C", "total")
        rows = {cells[0]: [cell.split()[-1] if cell.strip() else "" for cell in cells[1:]]
                for cells in matrix.cell_texts()}
        assert rows["working on the task as you enter"] == ["3", "1", "0", "4"]
        assert rows["objective can be named"] == ["1", "2", "2", "5"]
        assert rows["recent student work displayed"] == ["0", "1", "0", "1"]
        shown = screen_markup(pilot.app)
        assert "Room A" in shown and "Room C" in shown
        assert "███   3" in shown  # the largest count gets the full block
    run_debrief(app, scenario)


def test_shading_grows_with_the_count(app):
    async def scenario(pilot, screen):
        cells = {row[0]: row for row in screen.query_one("#pattern-0", PatternTable).cell_texts()}
        assert cells["working on the task as you enter"][1].startswith("███")
        assert cells["working on the task as you enter"][2].startswith("▒▒▒")
        assert cells["objective can be named"][2].startswith("▓▓▓")
    run_debrief(app, scenario)


def test_student_groups_and_plugin_patterns_are_shown(app):
    async def scenario(pilot, screen):
        by_id = {table.pattern.id: table for table in screen.query(PatternTable)}
        groups = {row[0]: row[1].split()[-1] for row in by_id["student_groups"].cell_texts()}
        assert groups["multilingual learners"] == "2"
        assert groups["students with disabilities"] == "1"
        assert groups["all notes"] == "9"
        assert "downey_steps" in by_id  # from the Downey plugin
        assert "evidence_kinds" in by_id
    run_debrief(app, scenario)


def test_no_teacher_or_classroom_name_on_any_tab_while_rooms_are_anonymous(app):
    async def scenario(pilot, screen):
        for key in ("1", "escape", "2", "escape", "3"):
            await pilot.press(key)
            await settle(pilot)
            shown = screen_markup(pilot.app)
            for name in TEACHERS + CLASSROOMS:
                assert name not in shown, (key, name)
        for table in screen.query(PatternTable):
            everything = " ".join([*table.pattern.columns, *map(str, sum(table.pattern.rows, ()))])
            for name in TEACHERS + CLASSROOMS:
                assert name not in everything
    run_debrief(app, scenario, size=(120, 60))


def test_room_names_toggle_is_saved_and_never_shows_teachers(app, classwalk, walk):
    async def scenario(pilot, screen):
        await pilot.press("n")
        await settle(pilot, 0.2)
        assert screen.query_one("#pattern-0", PatternTable).pattern.columns[1:4] == CLASSROOMS
        shown = screen_markup(pilot.app)
        assert "rooms named" in shown
        assert not any(teacher in shown for teacher in TEACHERS)
        with fresh_store(classwalk) as store:
            assert store.get_walk(walk.id).name_rooms is True
        await pilot.press("n")
        await settle(pilot, 0.2)
        assert screen.query_one("#pattern-0", PatternTable).pattern.columns[1] == "Room A"
        with fresh_store(classwalk) as store:
            assert store.get_walk(walk.id).name_rooms is False
    run_debrief(app, scenario, size=(120, 40))


# answers -------------------------------------------------------------------------


def test_answers_are_saved_as_they_are_typed(app, classwalk, walk):
    async def scenario(pilot, screen):
        await pilot.press("2")
        await pilot.press(*"12 of 14 rooms")
        await answers_saved(pilot)
        with fresh_store(classwalk) as store:
            saved = store.responses_for_walk(walk.id)
        assert [(r.prompt_id, r.text, r.author) for r in saved] == [
            ("orientation", "12 of 14 rooms", "Dana Reyes")]
        first_id = saved[0].id
        await pilot.press(*" on task")
        await answers_saved(pilot)
        with fresh_store(classwalk) as store:
            saved = store.responses_for_walk(walk.id)
        assert [(r.id, r.text) for r in saved] == [(first_id, "12 of 14 rooms on task")]
    run_debrief(app, scenario)


def test_leaving_the_field_right_after_typing_finds_it_saved(app, classwalk, walk):
    async def scenario(pilot, screen):
        await pilot.press("2", *"walls", "tab")
        await pilot.pause()
        area = screen.query_one("#answer-orientation")
        assert area.border_subtitle in ("saving…", "saved")
        await screen.writes_done()
        assert saved_answers(classwalk, walk) == ["walls"]
    run_debrief(app, scenario)


def test_quitting_right_after_typing_keeps_the_answer(app, classwalk, walk):
    async def scenario(pilot, screen):
        await pilot.press("2", *"typed then quit")
        pilot.app.exit()
    run_debrief(app, scenario)
    assert saved_answers(classwalk, walk) == ["typed then quit"]


def test_answers_come_back_when_the_debrief_is_opened_again(app, classwalk, walk):
    async def first(pilot, screen):
        await pilot.press("2", *"kept")
        await answers_saved(pilot)
    run_debrief(app, first)

    async def second(pilot, screen):
        area = screen.query(PromptResponse).first()
        assert area.text == "kept"
        await pilot.press("2", "end", *" and more")
        await answers_saved(pilot)
    run_debrief(type(app)(classwalk, walk.id), second)
    assert saved_answers(classwalk, walk) == ["kept and more"]


# next steps ----------------------------------------------------------------------


async def fill_step(pilot, text: str, owner: str, due: str):
    await pilot.press("3", "a", *text, "tab", *owner, "tab", *due, "enter")
    await settle(pilot)


def test_a_next_step_is_added_with_owner_due_and_kind(app, classwalk, walk):
    async def scenario(pilot, screen):
        await pilot.press("3", "a", *"Plan a PLC on questioning", "tab", *"Coach Kim", "tab",
                          *"2026-12-10", "tab", "enter", "down", "enter")
        await pilot.press("tab", "enter")
        await settle(pilot)
        steps = {s.text: s for s in saved_steps(classwalk, walk)}
        step = steps["Plan a PLC on questioning"]
        assert (step.owner, step.due, step.status) == ("Coach Kim", dt.date(2026, 12, 10), "open")
        assert step.kind == "coaching"
        shown = screen_markup(pilot.app)  # at 80 columns the step wraps onto a second line
        assert "Plan a PLC on" in shown and "questioning" in shown
    run_debrief(app, scenario)


def test_a_bad_due_date_is_refused_with_a_message(app, classwalk, walk):
    async def scenario(pilot, screen):
        await fill_step(pilot, "Visit again", "Principal", "2026-13-45")
        shown = screen_markup(pilot.app)
        assert "is not a real date" in shown
        await pilot.press(*CLEAR_FIELD, *"next week", "enter")
        await settle(pilot)
        assert "is not YYYY-MM-DD" in screen_markup(pilot.app)
        with fresh_store(classwalk) as store:
            assert [s.text for s in store.next_steps_for_walk(walk.id)] == [
                "Share the on-task counts at the staff meeting"]
        panel = screen.query_one(NextStepsPanel)
        assert panel.query_one("#step-text").value == "Visit again"  # nothing typed is lost
    run_debrief(app, scenario)


def test_a_next_step_is_marked_done_edited_and_deleted(app, classwalk, walk):
    async def scenario(pilot, screen):
        await pilot.press("3", "space")
        await settle(pilot)
        [step] = saved_steps(classwalk, walk)
        assert step.status == "done"
        await pilot.press("enter", *CLEAR_FIELD, *"Share counts with staff", "enter")
        await settle(pilot)
        [step] = saved_steps(classwalk, walk)
        assert (step.text, step.owner, step.due) == ("Share counts with staff", "Principal",
                                                     dt.date(2026, 12, 4))
        await pilot.press("delete")
        await settle(pilot)
        assert len(saved_steps(classwalk, walk)) == 1  # a delete asks first, as everywhere
        await pilot.press("enter")
        await settle(pilot)
        assert saved_steps(classwalk, walk) == []
        await pilot.press("ctrl+z")  # undo is u or ctrl+z, as in the room
        await settle(pilot)
        assert [s.text for s in saved_steps(classwalk, walk)] == ["Share counts with staff"]
    run_debrief(app, scenario)


# export and status ------------------------------------------------------------------


def test_export_writes_an_owner_only_file_and_shows_its_path(app, classwalk, walk, tmp_path):
    async def scenario(pilot, screen):
        await pilot.press("2", *"rooms were calm", "escape", "e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportDialog)
        await pilot.press("enter")  # Markdown is the default
        await settle(pilot, 0.2)
        path = tmp_path / "lincoln-elementary-2026-11-18.md"
        assert status_line(screen) == f"Wrote {path}"
        text = path.read_text(encoding="utf-8")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "# Downey walkthrough — Lincoln Elementary, 2026-11-18" in text
        assert "rooms were calm" in text and "— _Dana Reyes, " in text
        assert "| working on the task as you enter | 3 | 1 | 0 | 4 |" in text
        assert not any(name in text for name in TEACHERS)
    run_debrief(app, scenario, size=(200, 30))


def test_export_formats_never_overwrite(app, tmp_path):
    async def scenario(pilot, screen):
        for _ in range(2):
            await pilot.press("e")
            await settle(pilot)
            dialog = pilot.app.screen
            dialog.query_one("#format-csv").value = True
            await pilot.press("tab", "enter")
            await settle(pilot, 0.2)
        first = tmp_path / "lincoln-elementary-2026-11-18.csv"
        second = tmp_path / "lincoln-elementary-2026-11-18-2.csv"
        assert first.read_text() == second.read_text()
        assert first.read_text().startswith("school,date,classroom,")
        assert stat.S_IMODE(second.stat().st_mode) == 0o600
    run_debrief(app, scenario)


def test_export_to_a_missing_folder_is_refused_in_the_dialog(app, tmp_path):
    async def scenario(pilot, screen):
        await pilot.press("e")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.query_one("#export-folder").value = str(tmp_path / "nowhere")
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert "No folder" in screen_markup(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
    run_debrief(app, scenario)


def test_an_export_that_cannot_be_written_shows_an_error(app, tmp_path, monkeypatch):
    def disk_full(folder, name, text):
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / name))

    monkeypatch.setattr(debrief_jobs, "write_private", disk_full)

    async def scenario(pilot, screen):
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, 0.2)
        assert pilot.app.screen is screen
        assert status_line(screen).startswith("Export failed: ")
        assert status_line(screen).endswith("No space left on device")
        assert "Traceback" not in screen_markup(pilot.app)
    run_debrief(app, scenario, size=(120, 30))


def test_c_closes_the_walk_and_reopens_it(app, classwalk, walk):
    async def scenario(pilot, screen):
        await pilot.press("c")
        await settle(pilot)
        with fresh_store(classwalk) as store:
            assert store.get_walk(walk.id).status == "closed"
        assert "closed" in screen_markup(pilot.app)
        await pilot.press("c")
        await settle(pilot)
        with fresh_store(classwalk) as store:
            assert store.get_walk(walk.id).status == "debriefing"
    run_debrief(app, scenario)


def test_a_missing_walk_is_a_message_not_a_traceback(classwalk):
    from tests.tui_debrief.debrief_app import DebriefTestApp

    app = DebriefTestApp(classwalk, "00000000-0000-4000-8000-000000000000")

    async def scenario(pilot, screen):
        assert "no walk with id" in screen_markup(pilot.app)
    run_debrief(app, scenario)


# mouse, empty walks, patterns from the reports ----------------------------------------


def test_the_mouse_switches_tabs_and_saves_a_next_step(app, classwalk, walk):
    async def scenario(pilot, screen):
        await pilot.click("#--content-tab-steps")
        await pilot.pause()
        await pilot.click("#step-text")
        await pilot.press(*"Ask students about the task")
        await pilot.click("#step-save")
        await settle(pilot)
        texts = [s.text for s in saved_steps(classwalk, walk)]
        assert "Ask students about the task" in texts
    run_debrief(app, scenario)


def test_a_walk_without_visits_opens_with_empty_patterns(classwalk):
    from tests.tui_debrief.debrief_app import DebriefTestApp

    from classwalk.core.records.model import Walk

    empty = Walk(protocol_id="downey", school="Lincoln Elementary", date=dt.date(2026, 11, 20))
    classwalk.store.save_walk(empty)

    async def scenario(pilot, screen):
        matrix = screen.query_one("#pattern-0", PatternTable)
        assert matrix.pattern.columns == ("look-for", "total")
        await pilot.press("2", *"nothing yet")
        await answers_saved(pilot)
    run_debrief(DebriefTestApp(classwalk, empty.id), scenario)
    with fresh_store(classwalk) as store:
        assert [(r.text, r.author) for r in store.responses_for_walk(empty.id)] == [("nothing yet", "")]


def test_observer_agreement_appears_when_two_observers_shared_a_visit(app, classwalk, walk):
    from classwalk.core.records.model import Evidence, Visit

    store = classwalk.store
    first = store.visits_for_walk(walk.id)[0]
    second = Visit(walk_id=walk.id, classroom=first.classroom, teacher=first.teacher,
                   observer="Sam Ortiz", started_at=first.started_at, ended_at=first.ended_at)
    store.save_visit(second)
    store.add_evidence(Evidence(walk_id=walk.id, visit_id=second.id, kind="observation",
                                text="students at work", look_fors=("orientation.on_task",),
                                observer="Sam Ortiz", captured_at=second.started_at))

    async def scenario(pilot, screen):
        by_id = {table.pattern.id: table for table in screen.query(PatternTable)}
        assert "calibration" in by_id
        [row] = by_id["calibration"].pattern.rows
        assert set(row[:2]) == {"Dana Reyes", "Sam Ortiz"}
        matrix = by_id["look_fors_by_classroom"]
        assert matrix.pattern.columns == ("look-for", "Room A", "Room B", "Room C", "total")
    run_debrief(app, scenario)


def test_changes_since_the_previous_walk_of_the_cycle_are_shown(app, classwalk, walk):
    from attrs import evolve

    from classwalk.core.records.model import Cycle, Evidence, Visit, Walk

    store = classwalk.store
    cycle = Cycle(name="Discourse", school=walk.school)
    store.save_cycle(cycle)
    earlier = Walk(protocol_id="downey", school=walk.school, date=dt.date(2026, 10, 1),
                   cycle_id=cycle.id)
    store.save_walk(earlier)
    store.save_walk(evolve(walk, cycle_id=cycle.id))
    visit = Visit(walk_id=earlier.id, classroom="Room 12 Alvarez")
    store.save_visit(visit)
    store.add_evidence(Evidence(walk_id=earlier.id, visit_id=visit.id, kind="observation",
                                text="writing", look_fors=("walls.student_work",)))

    async def scenario(pilot, screen):
        by_id = {table.pattern.id: table for table in screen.query(PatternTable)}
        changes = {row[0]: row[1:] for row in by_id["cycle_changes"].pattern.rows}
        assert changes["recent student work displayed"] == ("1 of 1", "1 of 3", "fell")
        assert changes["working on the task as you enter"][:2] == ("0 of 1", "2 of 3")
    run_debrief(app, scenario)


def test_the_command_palette_offers_the_screens_actions(app, classwalk, walk):
    async def scenario(pilot, screen):
        commands = {command.title: command for command in screen.system_commands()}
        assert {"Export walk", "Room names on/off", "Close or reopen walk",
                "Show next steps"} <= set(commands)
        commands["Close or reopen walk"].callback()
        await settle(pilot)
        with fresh_store(classwalk) as store:
            assert store.get_walk(walk.id).status == "closed"
        commands["Show next steps"].callback()
        await pilot.pause()
        assert screen.query_one("TabbedContent").active == "steps"
    run_debrief(app, scenario)


def test_the_json_bundle_is_chosen_by_keys_and_holds_the_whole_walk(app, walk, tmp_path):
    import json

    async def scenario(pilot, screen):
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("shift+tab", "down", "down", "enter")
        await pilot.pause()
        assert "complete record" in screen_markup(pilot.app)
        await pilot.press("enter")
        await settle(pilot, 0.2)
        path = tmp_path / "lincoln-elementary-2026-11-18.json"
        bundle = json.loads(path.read_text(encoding="utf-8"))
        assert bundle["walk"]["id"] == walk.id
        assert len(bundle["visits"]) == 3 and len(bundle["evidence"]) == 9
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    run_debrief(app, scenario)


def test_each_answer_says_whether_it_is_saved(app):
    async def scenario(pilot, screen):
        await pilot.press("2", *"12 of 14")
        area = screen.query_one("#answer-orientation")
        assert area.border_subtitle in ("saving…", "saved")  # handed over for writing at each key
        await answers_saved(pilot)
        assert area.border_subtitle == "saved"
    run_debrief(app, scenario)


def test_a_failed_save_is_shown_and_retried_on_the_next_keystroke(app, classwalk, walk, monkeypatch):
    from classwalk.tui.screens import debrief

    disk = {"full": True}
    real_save = debrief.save_response

    def save_unless_full(classwalk, response):
        if disk["full"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_save(classwalk, response)

    monkeypatch.setattr(debrief, "save_response", save_unless_full)

    async def scenario(pilot, screen):
        await pilot.press("2", *"first try")
        await answers_saved(pilot)
        area = screen.query_one("#answer-orientation")
        assert area.border_subtitle.startswith("NOT SAVED")
        assert status_line(screen) == "Could not save the answer: No space left on device"
        disk["full"] = False
        await pilot.press("!")
        await answers_saved(pilot)
        assert area.border_subtitle == "saved"
        assert saved_answers(classwalk, walk) == ["first try!"]
    run_debrief(app, scenario)


def test_odd_text_in_a_next_step_is_cleaned_and_kept(app, classwalk, walk):
    async def scenario(pilot, screen):
        await pilot.press("3", "a")
        panel = screen.query_one(NextStepsPanel)
        panel.query_one("#step-text").value = "Réunion\x1b[31m d'équipe\t— 学习 \x07 ok"
        panel.query_one("#step-owner").value = "  Ана  "
        await pilot.press("enter")
        await settle(pilot)
        steps = {s.owner: s.text for s in saved_steps(classwalk, walk)}
        assert steps["Ана"] == "Réunion [31m d'équipe — 学习 ok"
    run_debrief(app, scenario)


def test_non_latin_answers_are_saved_as_typed(app, classwalk, walk):
    async def scenario(pilot, screen):
        await pilot.press("2", *"学生 говорят é")
        await answers_saved(pilot)
        assert saved_answers(classwalk, walk) == ["学生 говорят é"]
    run_debrief(app, scenario)


def test_square_brackets_typed_anywhere_are_kept_literally(app, classwalk, walk, tmp_path):
    async def scenario(pilot, screen):
        await fill_step(pilot, "Read [/] aloud [bold", "[/]", "[/]")
        assert "is not YYYY-MM-DD" in str(screen.query_one("#step-error").content)
        await pilot.press(*CLEAR_FIELD, "enter")
        await settle(pilot)
        steps = {s.text: s.owner for s in saved_steps(classwalk, walk)}
        assert steps["Read [/] aloud [bold"] == "[/]"
        await pilot.press("delete", "enter")  # its question and notice quote the text
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        pilot.app.screen.query_one("#export-folder").value = str(tmp_path / "[/]")
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert "No folder" in str(pilot.app.screen.query_one("#export-error").content)
        await pilot.press("escape")
        await settle(pilot)
        assert len(saved_steps(classwalk, walk)) == 1
    run_debrief(app, scenario)


def test_a_next_step_typed_but_not_saved_comes_back(app, classwalk, walk):
    async def first(pilot, screen):
        await pilot.press("3", "a", *"Plan a walk", "tab", *"Kim", "tab", *"2026-12")
        await screen.writes_done()
    run_debrief(app, first)
    assert len(saved_steps(classwalk, walk)) == 1  # not saved as a step

    async def second(pilot, screen):
        panel = screen.query_one(NextStepsPanel)
        assert [panel.query_one(f"#step-{name}").value for name in ("text", "owner", "due")] == [
            "Plan a walk", "Kim", "2026-12"]
        await pilot.press("3", "tab", "tab", "tab", "end", *"-01", "enter")
        await settle(pilot)
        await screen.writes_done()
    run_debrief(type(app)(classwalk, walk.id), second)
    with fresh_store(classwalk) as store:
        steps = {s.text: s for s in store.next_steps_for_walk(walk.id)}
        assert steps["Plan a walk"].due == dt.date(2026, 12, 1)
        assert store.get_draft(debrief_jobs.step_draft_key(walk.id, walk.observers[0].name if walk.observers else "")) == ""


def test_a_due_date_error_goes_once_the_date_is_fixed(app, classwalk, walk):
    async def scenario(pilot, screen):
        await fill_step(pilot, "Plan the staff meeting", "Principal", "next week")
        error = screen.query_one("#step-error")
        assert "is not YYYY-MM-DD" in str(error.content)
        assert screen.focused.id == "step-due"
        await pilot.press("backspace")
        await pilot.pause()
        assert "is not YYYY-MM-DD" in str(error.content)  # still not a date
        await pilot.press(*CLEAR_FIELD, *"2026-12-0", "enter")
        await settle(pilot)
        assert "is not YYYY-MM-DD" in str(error.content)
        await pilot.press("4")
        await pilot.pause()
        assert str(error.content) == ""
    run_debrief(app, scenario)
