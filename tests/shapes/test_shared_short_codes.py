"""Short codes per set: the same short code in two code sets checks clean, a duplicate within
one set is refused on one line; in the grid a shared key ticks the focused set's code, or
asks which set when none is focused."""

from __future__ import annotations

import textwrap

from textual.widgets import Input

from classwalk.cli import main
from classwalk.core.protocols.capture import Target, interval_keys
from classwalk.core.protocols.toml_files import check_protocol_toml, load_protocol_file, protocol_from_toml, protocol_to_toml
from classwalk.features.capture.shapes import coding_from_marks
from classwalk.tui.app import ClasswalkApp
from classwalk.tui.dialogs.which_set import WhichSetDialog
from classwalk.tui.screens.interval_visit import IntervalVisitScreen
from classwalk.tui.screens.visit import open_visit
from tests.shapes.test_capture_declared import HEAD, INTERVALS
from tests.support.clock import LESSON_START
from tests.support.pilot import run, screen_text
from tests.support.records import walk_in_a_room

TWO_SETS = HEAD + '''\
[intervals]
minutes = 2
[[intervals.code_sets]]
id = "students"
label = "Students"
[[intervals.code_sets.codes]]
id = "waiting"
label = "waiting"
short = "W"
[[intervals.code_sets.codes]]
id = "listening"
label = "listening"
short = "{second}"
[[intervals.code_sets]]
id = "instructor"
label = "Instructor"
[[intervals.code_sets.codes]]
id = "waiting"
label = "waiting"
short = "w"
[[intervals.items]]
id = "engaged"
label = "Engaged"
[[intervals.items.choices]]
id = "few"
label = "few"
short = "{choice}"
[[intervals.items.choices]]
id = "most"
label = "most"
'''


def checked(second: str = "L", choice: str = "1"):
    return check_protocol_toml(TWO_SETS.format(second=second, choice=choice), "coded.toml", None)


def test_the_same_short_code_in_two_sets_checks_clean_and_means_both(tmp_path, capsys):
    protocol, problems = checked()
    assert problems == [] and protocol is not None
    keys = interval_keys(protocol.intervals)
    assert keys["w"] == (Target(code="students.waiting"), Target(code="instructor.waiting"))
    assert keys["l"] == (Target(code="students.listening"),)
    again = protocol_from_toml(protocol_to_toml(protocol), "again.toml")
    assert interval_keys(again.intervals)["w"] == keys["w"]  # a round trip keeps both
    path = tmp_path / "coded.toml"
    path.write_text(TWO_SETS.format(second="L", choice="1"), encoding="utf-8")
    assert main(["--db", str(tmp_path / "w.db"), "protocols", "check", str(path)]) == 0
    assert main(["--db", str(tmp_path / "w.db"), "protocols", "check", str(INTERVALS)]) == 0
    assert "ok (lesson_intervals" in capsys.readouterr().out


def test_a_short_code_twice_in_one_set_is_refused_on_one_line(tmp_path, capsys):
    protocol, problems = checked(second="w")
    assert protocol is None
    assert problems == ["line 26: intervals.code_sets[0].codes[1].short: short code 'w' is used twice in code set "
                        "'students': give each code of a set its own (first used on line 22)"]
    path = tmp_path / "coded.toml"
    path.write_text(TWO_SETS.format(second="w", choice="1"), encoding="utf-8")
    assert main(["--db", str(tmp_path / "w.db"), "protocols", "check", str(path)]) == 1
    err = capsys.readouterr()
    assert "short code 'w' is used twice in code set 'students'" in err.out + err.err
    assert "Traceback" not in err.out + err.err


def test_a_choice_may_not_share_a_code_s_short_code():
    protocol, problems = checked(choice="W")
    assert protocol is None
    assert problems == ["line 40: intervals.items[0].choices[0].short: short code 'W' is used twice: give each "
                        "choice a short code no code or other choice has (first used on line 22)"]


def test_the_docs_example_shares_w_between_students_and_instructor():
    protocol = load_protocol_file(INTERVALS)
    shorts = {code_id: protocol.intervals.code(code_id)[1].short for code_id in protocol.intervals.code_ids()}
    assert shorts["students.waiting"] == shorts["instructor.waiting"] == "W"


async def typed(pilot, *keys):
    await pilot.press(*keys)
    await pilot.pause()


def ticked(classwalk, visit, interval):
    return coding_from_marks(classwalk.store.marks_for_visit(visit.id)).ticked(interval)


def test_a_shared_key_ticks_the_focused_set_s_code(shaped, ui_clock):
    walk, visit = walk_in_a_room(shaped, "lesson_intervals", ("Ana",), "Lab 2", school="Hillside High", started_at=LESSON_START)
    app = ClasswalkApp(shaped)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            open_visit(app, walk, visit)
            await pilot.pause()
            assert isinstance(app.screen, IntervalVisitScreen)
            await typed(pilot, "down", "down")  # Students, then Instructor
            assert "Focused: Instructor" in screen_text(app)
            assert "▶ Instructor" in screen_text(app)
            await typed(pilot, "w", "enter")  # W (WC also exists: Enter confirms)
            assert ticked(shaped, visit, 1) == {"instructor.waiting"}
            assert "✓ Instructor: waiting · interval 1" in screen_text(app)
            await typed(pilot, "up")  # back to Students
            await typed(pilot, "w", "space")
            assert ticked(shaped, visit, 1) == {"instructor.waiting", "students.waiting"}
            await typed(pilot, "l", "e", "c")  # a key no set shares acts whatever is focused
            assert "instructor.lecturing" in ticked(shaped, visit, 1)

    run(scenario())


def test_with_no_set_focused_a_shared_key_asks_which_set(shaped, ui_clock):
    walk, visit = walk_in_a_room(shaped, "lesson_intervals", ("Ana",), "Lab 2", school="Hillside High", started_at=LESSON_START)
    app = ClasswalkApp(shaped)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            open_visit(app, walk, visit)
            await pilot.pause()
            await typed(pilot, "w", "space", "g")  # G typed in the same burst waits for the answer
            assert isinstance(app.screen, WhichSetDialog)
            text = screen_text(app)
            assert "W is a code in 2 sets" in text
            assert "1  Students: waiting" in text and "2  Instructor: waiting" in text
            assert ticked(shaped, visit, 1) == set()
            await typed(pilot, "2")
            assert isinstance(app.screen, IntervalVisitScreen)
            assert ticked(shaped, visit, 1) == {"instructor.waiting", "students.groups"}
            await typed(pilot, "w", "enter")
            assert isinstance(app.screen, WhichSetDialog)
            await typed(pilot, "escape")  # nothing ticked, nothing lost
            assert isinstance(app.screen, IntervalVisitScreen)
            assert ticked(shaped, visit, 1) == {"instructor.waiting", "students.groups"}
            assert "W: nothing ticked." in screen_text(app)
            assert app.screen.query_one("#code-entry", Input).has_focus

    run(scenario())


def test_help_says_how_to_focus_a_set():
    from classwalk.tui.screens.help import help_markdown

    text = help_markdown()
    assert "| `↓` | focus the next code set: a short code several sets share ticks that set's code |" in text
    assert "| `↑` | focus the previous code set;" in text
