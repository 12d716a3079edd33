"""Names and labels are one line, hold nothing invisible, have a length limit, and are NFC.

A line break in a school or teacher name forged a whole extra line in ``walks``, report
headings and the UI's list; a trailing Hangul filler, variation selector or braille blank
made a second school that looks identical everywhere; a 5 MB school name was stored.
The API, the command line, the terminal UI's forms and bundle imports now all refuse
such names with one line naming the field, and store "é" the same however it was typed.
"""

from __future__ import annotations

import unicodedata

import pytest
from textual.widgets import Input, Select, Static

from classwalk.cli import main
from classwalk.core.errors import ClasswalkError
from classwalk.core.records.names import MAX_NAME_LENGTH, NameProblem, check_name
from classwalk.features.bundles.importer import import_bundle
from classwalk.tui import clock
from classwalk.tui.app import ClasswalkApp
from classwalk.tui.screens.new_walk import NewWalkScreen
from tests.safety.safety_helpers import assert_one_line_error
from tests.support.bundles import changed, refused, tables
from tests.support.clock import START, StoppedClock
from tests.support.pilot import run, until, workers_done

LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]
INVISIBLE = ["\u3164", "\ufe0f", "\u2800", "\u180e", "\u034f", "\xad", "\U000e0041", "\U000e007f", "\u200b",
             "\u200d", "\u2060", "\u202e", "\u2066", "\ufeff", "\ufe00", "\u115f", "\uffa0", "\x1b", "\x07"]
NFD_SCHOOL = unicodedata.normalize("NFD", "École Zoë Brontë")


@pytest.mark.parametrize("hidden", LINE_BREAKS + INVISIBLE, ids=lambda c: f"U+{ord(c[0]):04X}")
def test_a_name_with_a_line_break_or_an_invisible_character_is_refused(hidden):
    with pytest.raises(NameProblem) as caught:
        check_name("walk.school", f"North Park{hidden}")
    assert_one_line_error(caught.value)
    assert str(caught.value).startswith("walk.school: holds ")


def test_names_are_composed_and_limited_in_length():
    assert check_name("school", NFD_SCHOOL) == unicodedata.normalize("NFC", NFD_SCHOOL) != NFD_SCHOOL
    assert check_name("teacher", "Ms. O’Brien-Núñez 李 ❤") == "Ms. O’Brien-Núñez 李 ❤"
    assert check_name("school", "x" * MAX_NAME_LENGTH) == "x" * MAX_NAME_LENGTH
    with pytest.raises(NameProblem, match=r"school: 5000000 characters long; the most is 200"):
        check_name("school", "x" * 5_000_000)
    with pytest.raises(NameProblem, match="teacher: expected text, got int"):
        check_name("teacher", 12)


# the API ---------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path):
    from classwalk.api import open_db

    with open_db(tmp_path / "walks.db") as opened:
        yield opened


@pytest.mark.parametrize("fields, expected", [
    ({"school": "North\nPark"}, "school: holds a line break"),
    ({"school": "North Park\u3164"}, "school: holds an invisible character (U+3164 HANGUL FILLER)"),
    ({"school": "N" * 5_000_000}, "school: 5000000 characters long"),
    ({"focus": "Talk\u2028moves"}, "focus: holds a line break"),
    ({"observers": ["Ana\u2800"]}, "observers[0].name: holds an invisible character (U+2800"),
])
def test_the_api_refuses_a_bad_walk_name_and_saves_nothing(db, fields, expected):
    before = tables(db)
    arguments = {"school": "North Park", "focus": "Talk moves", "guiding_question": "Who explains?"} | fields
    with pytest.raises(ClasswalkError) as caught:
        db.start_walk("downey", **arguments)
    assert_one_line_error(caught.value)
    assert expected in str(caught.value)
    assert tables(db) == before


def test_the_api_refuses_a_bad_teacher_or_classroom(db):
    walk = db.start_walk("downey", school="North Park", focus="Talk", guiding_question="Who explains?")
    before = tables(db)
    for fields, expected in [({"teacher": "Ms. Park\n2026-11-23  Forged School"}, "teacher: holds a line break"),
                             ({"teacher": "Ms. Park\ufe0f"}, "teacher: holds an invisible character (U+FE0F"),
                             ({"classroom": "Room 12\xad"}, "classroom: holds an invisible character (U+00AD")]:
        arguments = {"classroom": "Room 12"} | fields
        with pytest.raises(ClasswalkError) as caught:
            db.start_visit(walk, arguments.pop("classroom"), **arguments)
        assert_one_line_error(caught.value)
        assert expected in str(caught.value)
    assert tables(db) == before


def test_the_api_stores_names_composed(db):
    walk = db.start_walk("downey", school=NFD_SCHOOL, focus="Talk", guiding_question="Who explains?")
    visit = db.start_visit(walk, "Salle 12", teacher=unicodedata.normalize("NFD", "Mme Zoë"))
    assert db.walk(walk.id).school == unicodedata.normalize("NFC", NFD_SCHOOL)
    assert db.visits(walk)[0].teacher == "Mme Zoë" == visit.teacher
    assert db.walks(school="École Zoë Brontë")


# bundles ---------------------------------------------------------------------------


@pytest.mark.parametrize("path, value, expected", [
    (["walk", "school"], "North Park\n2026-11-23  Forged", "walk.school: holds a line break (U+000A)"),
    (["visits", 0, "teacher"], "Ms. Okafor\r\nforged", "visits[0].teacher: holds a line break"),
    (["walk", "school"], "Lincoln Elementary\u3164", "walk.school: holds an invisible character (U+3164"),
    (["walk", "school"], "Lincoln Elementary\ufe0f", "walk.school: holds an invisible character (U+FE0F"),
    (["walk", "school"], "Lincoln Elementary\u2800", "walk.school: holds an invisible character (U+2800"),
    (["walk", "school"], "L" * 5_000_000, "walk.school: 5000000 characters long; the most is 200"),
    (["visits", 0, "classroom"], "Room\u2029 12", "visits[0].classroom: holds a line break"),
    (["walk", "observers", 0, "name"], "Ana\x1b[2J", "walk.observers[0].name: holds a control character"),
    (["walk", "focus"], "Talk\U000e0041", "walk.focus: holds an invisible character (U+E0041"),
])
def test_a_tampered_bundle_name_is_refused_and_changes_nothing(target, demo_bundle, path, value, expected):
    refused(target, changed(demo_bundle, path, value), expected)


def test_a_bundle_name_typed_decomposed_joins_the_same_school(target, demo_bundle):
    school = demo_bundle["walk"]["school"] + " Zoë"
    import_bundle(target, changed(demo_bundle, ["walk", "school"], unicodedata.normalize("NFD", school)), "b.json")
    stored = target.store.list_walks()[0]
    assert stored.school == unicodedata.normalize("NFC", school)
    assert target.store.list_walks(school=unicodedata.normalize("NFC", school))


# the command line ------------------------------------------------------------------


def test_cycles_new_refuses_a_line_break_in_one_line(tmp_path, capsys):
    db_path = tmp_path / "walks.db"
    code = main(["--db", str(db_path), "cycles", "new", "Autumn\nforged line", "--school", "North Park"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "name: holds a line break" in err, err
    code = main(["--db", str(db_path), "cycles", "new", "Autumn", "--school", "North Park\u3164"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "school: holds an invisible character" in err, err
    assert main(["--db", str(db_path), "cycles"]) == 0
    assert "Autumn" not in capsys.readouterr().out


def test_the_observer_option_refuses_an_invisible_character(tmp_path, capsys):
    code = main(["--db", str(tmp_path / "walks.db"), "--observer", "Ana\u3164", "walks"])
    err = capsys.readouterr().err
    assert code == 2 and "holds an invisible character (U+3164" in err and err.count("U+3164") == 1, err


def test_an_account_refuses_a_look_alike_school(classwalk):
    from classwalk.features.accounts import Accounts

    with pytest.raises(ClasswalkError, match=r"school: holds an invisible character \(U\+3164") as caught:
        Accounts(classwalk.store).add("ana", "a long enough password 1", school="North Park\u3164")
    assert_one_line_error(caught.value)


# the terminal UI -------------------------------------------------------------------


@pytest.fixture
def app(classwalk, monkeypatch) -> ClasswalkApp:
    """The terminal UI on a fresh database, its clock standing at the lesson's start."""
    monkeypatch.setattr(clock, "now", StoppedClock(START))
    return ClasswalkApp(classwalk)


def test_the_new_walk_form_refuses_an_invisible_character_in_the_school(app, classwalk):
    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            await workers_done(app)
            await pilot.press("n")
            assert await until(pilot, lambda: isinstance(app.screen, NewWalkScreen))
            form = app.screen
            form.query_one("#protocol", Select).value = "downey"
            await pilot.pause()
            for field, value in [("school", "Lincoln Elementary\u3164"), ("focus", "Talk moves"),
                                 ("question", "Who explains?"), ("observers", "Ana")]:
                form.query_one(f"#{field}", Input).value = value
            await pilot.press("ctrl+s")
            await pilot.pause()
            message = str(form.query_one("#form-message", Static).render())
            assert "The school: holds an invisible character (U+3164 HANGUL FILLER)" in message, message
            assert form.focused.id == "school"
            assert app.screen is form

    run(scenario())
    assert classwalk.store.list_walks() == []


def test_the_classroom_dialog_refuses_a_teacher_name_with_an_invisible_character(app):
    from classwalk.tui.dialogs.classroom import ClassroomDialog

    chosen = []

    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            await workers_done(app)
            dialog = ClassroomDialog("North Park", [], 0)
            app.push_screen(dialog, chosen.append)
            await pilot.pause()
            dialog.query_one("#room", Input).value = "Room 12"
            dialog.query_one("#teacher", Input).value = "Ms. Park\ufe0f"
            dialog.submit()
            await pilot.pause()
            message = str(dialog.query_one("#dialog-message", Static).render())
            assert "The teacher: holds an invisible character (U+FE0F VARIATION SELECTOR-16)" in message, message
            assert app.screen is dialog and chosen == []
            dialog.query_one("#teacher", Input).value = unicodedata.normalize("NFD", "Mme Zoë")
            dialog.submit()
            await pilot.pause()
            assert chosen and chosen[0].teacher == "Mme Zoë" and chosen[0].classroom == "Room 12"

    run(scenario())
