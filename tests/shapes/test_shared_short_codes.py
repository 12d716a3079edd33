"""Short codes per set: the same short code in two code sets checks clean, a duplicate within
one set is refused on one line; in the grid a shared key ticks the focused set's code, or
asks which set when none is focused."""

from __future__ import annotations

from textual.widgets import Input

from classwalk.cli import main
from classwalk.core.protocols.capture import Target, interval_keys
from classwalk.core.protocols.toml_files import check_protocol_toml, load_protocol_file, protocol_from_toml, protocol_to_toml
from classwalk.tui.dialogs.which_set import WhichSetDialog
from classwalk.tui.screens.interval_visit import IntervalVisitScreen
from tests.shapes.interval_toml import check_file, intervals_toml
from tests.shapes.test_capture_declared import HEAD, INTERVALS
from tests.support.intervals import coding, with_visit_open, typed
from tests.support.pilot import screen_text


def two_sets(second: str = "L", choice: str = "1") -> str:
    """Students and Instructor each with a W code; ``second`` is the students' second short
    code, ``choice`` the short code of the engagement item's first choice."""
    return HEAD + intervals_toml(
        [("students", "Students", [("waiting", "waiting", "W"), ("listening", "listening", second)]),
         ("instructor", "Instructor", [("waiting", "waiting", "w")])],
        [("engaged", "Engaged", [("few", "few", choice), ("most", "most")])])


def checked(second: str = "L", choice: str = "1"):
    return check_protocol_toml(two_sets(second, choice), "coded.toml", None)


def test_the_same_short_code_in_two_sets_checks_clean_and_means_both(tmp_path, capsys):
    protocol, problems = checked()
    assert problems == [] and protocol is not None
    keys = interval_keys(protocol.intervals)
    assert keys["w"] == (Target(code="students.waiting"), Target(code="instructor.waiting"))
    assert keys["l"] == (Target(code="students.listening"),)
    again = protocol_from_toml(protocol_to_toml(protocol), "again.toml")
    assert interval_keys(again.intervals)["w"] == keys["w"]  # a round trip keeps both
    assert check_file(tmp_path, two_sets()) == 0
    assert main(["--db", str(tmp_path / "w.db"), "protocols", "check", str(INTERVALS)]) == 0
    assert "ok (lesson_intervals" in capsys.readouterr().out


def test_a_short_code_twice_in_one_set_is_refused_on_one_line(tmp_path, capsys):
    protocol, problems = checked(second="w")
    assert protocol is None
    assert problems == ["line 26: intervals.code_sets[0].codes[1].short: short code 'w' is used twice in code set "
                        "'students': give each code of a set its own (first used on line 22)"]
    assert check_file(tmp_path, two_sets(second="w")) == 1
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


def ticked(classwalk, visit, interval):
    return coding(classwalk, visit).ticked(interval)


def test_a_shared_key_ticks_the_focused_set_s_code(shaped, ui_clock, lesson):
    _walk, visit = lesson

    async def scenario(app, pilot):
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

    with_visit_open(shaped, *lesson, scenario)


def test_with_no_set_focused_a_shared_key_asks_which_set(shaped, ui_clock, lesson):
    _walk, visit = lesson

    async def scenario(app, pilot):
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

    with_visit_open(shaped, *lesson, scenario)


def test_help_says_how_to_focus_a_set():
    from classwalk.tui.screens.help import help_markdown

    text = help_markdown()
    assert "| `↓` | focus the next code set: a short code several sets share ticks that set's code |" in text
    assert "| `↑` | focus the previous code set;" in text
