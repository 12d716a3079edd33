"""Square brackets and backslashes typed by observers, or written in a district's protocol
file, show exactly as written on every screen and never stop the UI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input
from textual.worker import WorkerCancelled

from classwalk.tui.dialogs.classroom import ClassroomDialog
from classwalk.tui.screens.help import help_markdown
from classwalk.tui.screens.home import HomeScreen
from classwalk.tui.screens.new_walk import NewWalkScreen
from classwalk.tui.screens.protocols import ProtocolsScreen
from classwalk.tui.screens.visit import VisitScreen
from tests.support.pilot import note, screen_text, settle, start_walk, type_text
from tests.support.tui_steps import drive

PROTOCOLS = Path(__file__).parents[2] / "protocols"
SIZE = (200, 60)

SCHOOL = "Escuela [/] 第五"
FOCUS = "[red] talk 討論"
QUESTION = r"Do students \[explain] their [bold]x thinking?"
CLASSROOM = "Room [bold]x 7"
TEACHER = "Ms [red] Ivanova"
NOTES = [
    "[/] 12 of 20 students [bold]x talk",
    r"teacher says \[share] ideas [red]",
    "Ученики читают вслух [link=https://example.org]here",
]
ANSWER = "I look at the [bold]x chart \\[ 图表"
NEXT_STEP = "Share [/] counts with [red] team"
OWNER = "Лена [bold]x"


def district_toml(base: str, new_id: str) -> str:
    """A shipped protocol as a district file whose every label, question and description
    holds markup-like text."""
    text = (PROTOCOLS / base / "protocol.toml").read_text(encoding="utf-8")
    text = text.replace(f'id = "{base}"', f'id = "{new_id}"', 1)
    text = re.sub(r'^name = ".*"$', 'name = "District [bold]walk [/] 区"', text, count=1, flags=re.M)
    text = re.sub(r'^label = "', 'label = "[red]', text, flags=re.M)
    text = re.sub(r'^text = "', 'text = "[/] ', text, flags=re.M)
    return re.sub(r'^description = "(?!"")', r'description = "\\\\[ ', text, flags=re.M)


@pytest.fixture
def district_protocols(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "district-protocols"
    folder.mkdir()
    for base, new_id in (("ilw_tiered", "district_ilw"), ("ifl_learning_walk", "district_ifl")):
        (folder / f"{new_id}.toml").write_text(district_toml(base, new_id), encoding="utf-8")
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", str(folder))
    return folder


async def calm(pilot, seconds: float = 0.0) -> None:
    """Wait for the workers and the screen; a worker cancelled by a newer one (a screen that
    closed, a reload that replaced another) is no failure."""
    for _ in range(10):
        try:
            await settle(pilot, seconds)
            return
        except WorkerCancelled:
            continue
    await settle(pilot, seconds)


def squeeze(text: str) -> str:
    """Screen text with runs of spaces joined (wrapped table cells and padding)."""
    return " ".join(text.split())


def assert_shown(app, *expected: str) -> None:
    shown = squeeze(screen_text(app))
    for text in expected:
        assert squeeze(text) in shown, f"{text!r} is not on the {type(app.screen).__name__}"


async def enter_room(pilot, room: str, teacher: str) -> None:
    assert isinstance(pilot.app.screen, ClassroomDialog), type(pilot.app.screen)
    assert_shown(pilot.app, f"Next classroom at {SCHOOL}")
    pilot.app.screen.query_one("#teacher", Input).value = teacher
    await type_text(pilot, room)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, VisitScreen), type(pilot.app.screen)


def test_bracketed_text_through_a_whole_walk(app, classwalk, frozen_clock):
    async def steps(pilot):
        await calm(pilot)
        slice_fields = {"slice-kind": "tier2_block", "slice-tier": "2",
                        "slice-description": "phonics [/] block"}
        await start_walk(pilot, "ilw_tiered", SCHOOL, "Ana: [/], Ben", question=QUESTION,
                         focus=FOCUS, **slice_fields)
        assert isinstance(app.screen, NewWalkScreen)
        assert_shown(app, "Observers: '[/]' is not a role of this protocol")
        await start_walk(pilot, "ilw_tiered", "", "Ana [bold]x: facilitator, Бен \\[", question=QUESTION,
                         focus=FOCUS, **slice_fields)

        await enter_room(pilot, CLASSROOM, TEACHER)
        assert_shown(app, f"{SCHOOL} · {CLASSROOM}")
        for text in NOTES:
            await note(pilot, text)
            assert app.screen.query_one("#visit-message").visual.plain == "Saved."
        assert_shown(app, *NOTES)
        await pilot.press("ctrl+s")  # Student A answers the first question
        await note(pilot, ANSWER)
        assert_shown(app, "Student A answers question 2", f"1. {ANSWER}")
        await pilot.press("ctrl+e", "enter")
        await calm(pilot, 0.3)
        assert type(app.screen).__name__ == "DebriefScreen"
        assert_shown(app, SCHOOL, f"focus: {FOCUS}")

        await pilot.press("3", "a")
        await type_text(pilot, NEXT_STEP)
        app.screen.query_one("#step-owner", Input).value = OWNER
        await pilot.press("enter")
        await calm(pilot, 0.3)
        assert_shown(app, NEXT_STEP, OWNER)
        await pilot.press("d")  # the question quotes the step
        await calm(pilot, 0.2)
        assert_shown(app, "Share [/] counts")
        await pilot.press("enter")  # the notice quotes it too
        await calm(pilot, 0.2)
        assert_shown(app, "Deleted 'Share [/] counts")
        await pilot.press("u")
        await calm(pilot, 0.3)
        assert_shown(app, NEXT_STEP)

        await pilot.press("n")  # room names on: the classroom appears in the patterns
        await calm(pilot, 0.3)
        await pilot.press("1")
        await calm(pilot, 0.2)
        assert_shown(app, CLASSROOM)
        await pilot.press("2")
        await calm(pilot, 0.2)
        assert_shown(app, "Answers are saved as you type, under Ana [bold]x.")

        app.action_home()  # the debrief's own workers end with it
        assert isinstance(app.screen, HomeScreen)
        for _ in range(50):
            await pilot.pause(0.1)
            if SCHOOL in screen_text(app):
                break
        assert_shown(app, SCHOOL, f"focus: {FOCUS}")

    drive(app, steps, SIZE, notifications=True)
    walk = classwalk.store.list_walks()[0]
    assert (walk.school, walk.focus, walk.guiding_question) == (SCHOOL, FOCUS, QUESTION)
    assert [o.name for o in walk.observers] == ["Ana [bold]x", "Бен \\["]
    visit = classwalk.store.visits_for_walk(walk.id)[0]
    assert (visit.classroom, visit.teacher) == (CLASSROOM, TEACHER)
    assert sorted(e.text for e in classwalk.store.evidence_for_walk(walk.id)) == sorted([*NOTES, ANSWER])
    assert [(s.text, s.owner) for s in classwalk.store.next_steps_for_walk(walk.id)] == [(NEXT_STEP, OWNER)]


def test_district_protocol_with_bracketed_labels(app, classwalk, frozen_clock, district_protocols):
    protocol = classwalk.protocols.get("district_ilw")
    category = protocol.categories[0]

    async def steps(pilot):
        await calm(pilot)
        await pilot.press("p")
        await calm(pilot)
        assert isinstance(app.screen, ProtocolsScreen)
        app.screen.query_one("#protocol-list").highlighted = list(app.screen.protocols).index("district_ilw")
        await calm(pilot)
        assert_shown(app, "District [bold]walk [/] 区", category.label, category.look_fors[0].label)
        listed = app.screen.query_one("#protocol-list").get_option("district_ilw").prompt
        assert listed.plain.startswith("District [bold]walk [/] 区\n") and "district_ilw.toml" in listed.plain
        app.action_new_walk()
        await calm(pilot)
        await start_walk(pilot, "district_ilw", SCHOOL, "Ana: [red]facilitator, Ben", question=QUESTION,
                         **{"slice-kind": "tier2_block", "slice-tier": "2"})
        assert isinstance(app.screen, ClassroomDialog), type(app.screen)
        await enter_room(pilot, CLASSROOM, TEACHER)
        assert_shown(app, category.label, category.look_fors[0].label,
                     protocol.evidence_kinds[0].label, protocol.interview_questions[0].text)
        await pilot.press("escape", "a", "escape")
        await note(pilot, NOTES[0])
        assert_shown(app, NOTES[0], "[a]")
        await pilot.press("ctrl+e", "enter")
        await calm(pilot, 0.3)
        assert type(app.screen).__name__ == "DebriefScreen"
        assert_shown(app, "District [bold]walk [/] 区")
        await pilot.press("2")
        await calm(pilot, 0.2)
        assert_shown(app, protocol.debrief_prompts[0].text)

    drive(app, steps, SIZE, notifications=True)
    walk = classwalk.store.list_walks()[0]
    assert walk.protocol_id == "district_ilw" and walk.observers[0].role == "facilitator"


def test_help_lists_the_debrief_keys():
    text = help_markdown()
    debrief = text[text.index("## Debrief"):text.index("## Protocols")]
    for key, words in (("`1`", "patterns"), ("`2`", "prompts"), ("`3`", "next steps"), ("`e`", "export"),
                       ("`n`", "room"), ("`c`", "close"), ("`a`", "add"), ("`Enter`", "edit"),
                       ("`space`", "done"), ("`Del` or `d`", "delete"), ("`u` or `ctrl+z`", "undo")):
        assert any(line.startswith(f"| {key} |") and words in line.lower() for line in debrief.splitlines()), key


def test_district_hallway_note_and_known_rooms(app, classwalk, frozen_clock, district_protocols):
    protocol = classwalk.protocols.get("district_ifl")
    hallway = next(kind for kind in protocol.evidence_kinds if kind.when == "after")
    assert hallway.description.startswith("\\[ ")
    hallway_note = "we wonder [/] about [bold]x 讨论"

    async def steps(pilot):
        await calm(pilot)
        await start_walk(pilot, "district_ifl", SCHOOL, "Ana: [red]facilitator, Ben", question=QUESTION,
                         focus=FOCUS)
        await enter_room(pilot, CLASSROOM, TEACHER)
        await note(pilot, NOTES[1])
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert type(app.screen).__name__ == "HallwayNoteDialog"
        assert_shown(app, f"{hallway.label} after {CLASSROOM}", "\\[ After the room")
        assert app.screen.query_one(".hint").visual.plain == hallway.description
        await type_text(pilot, hallway_note)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClassroomDialog), type(app.screen)
        assert_shown(app, f"{hallway.label} saved.", CLASSROOM)

    drive(app, steps, SIZE, notifications=True)
    texts = {e.kind: e.text for e in classwalk.store.evidence_for_walk(classwalk.store.list_walks()[0].id)}
    assert texts[hallway.id] == hallway_note
