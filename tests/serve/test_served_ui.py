"""The UI pieces a browser depends on, driven headless: the Start button, footer taps,
a footer drawn before the app has the keyboard, and exports that download."""

from __future__ import annotations

import html
from pathlib import Path

from textual import events
from textual.app import App
from textual.widgets import Input

from classwalk.tui.app import ClasswalkApp
from classwalk.tui.dialogs.export import ExportChoice, ExportDialog
from classwalk.tui.widgets.tap_footer import TapFooter
from tests.support.pilot import run, workers_done
from tests.support.tui_steps import drive


async def settle(pilot, seconds: float = 0.3):
    await workers_done(pilot.app)
    await pilot.pause(seconds)


def names(app) -> list[str]:
    return [type(screen).__name__ for screen in app.screen_stack]


def test_clicking_start_opens_the_room_like_ctrl_s(classwalk):
    app = ClasswalkApp(classwalk, observer="Ana Ruiz")

    async def steps(pilot):
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#school", Input).value = "Lincoln Elem"
        await pilot.click("#start", times=2)  # a double tap starts one walk
        await settle(pilot)
        assert names(app) == ["HomeScreen", "ClassroomDialog"]
        await pilot.press(*"Room 12", "enter")
        await settle(pilot)
        assert names(app) == ["HomeScreen", "VisitScreen"]  # not back on Home

    drive(app, steps, (120, 40))
    walks = classwalk.store.list_walks()
    assert len(walks) == 1 and walks[0].school == "Lincoln Elem"
    visits = classwalk.store.visits_for_walk(walks[0].id)
    assert [(v.classroom, v.observer, v.ended_at) for v in visits] == [("Room 12", "Ana Ruiz", None)]


def footer_keys(app) -> dict[str, object]:
    footer = app.screen.query_one(TapFooter)
    return {key.description: key for key in footer.query("FooterKey")}


def test_the_footer_is_drawn_before_the_app_has_the_keyboard_and_a_tap_is_the_key(classwalk):
    app = ClasswalkApp(classwalk, observer="Ana Ruiz")

    async def steps(pilot):
        app.post_message(events.AppBlur())  # as a served page starts: the keyboard is elsewhere
        await settle(pilot)
        app.action_new_walk()  # a screen drawn while the app has no keyboard
        await settle(pilot)
        assert not app.app_focus and names(app) == ["HomeScreen", "NewWalkScreen"]
        keys = footer_keys(app)
        assert {"Help", "Start walk", "Back"} <= set(keys)
        await pilot.click(keys["Back"])  # a tap on the footer key does what Esc does
        await settle(pilot)
        assert names(app) == ["HomeScreen"] and app.app_focus
        await pilot.click(footer_keys(app)["New walk"])  # and n
        await settle(pilot)
        assert names(app) == ["HomeScreen", "NewWalkScreen"]

    drive(app, steps, (120, 40))


class DialogApp(App):
    """Just the export dialog, as a served screen opens it."""

    def __init__(self, **options):
        super().__init__()
        self.options = options
        self.choice = "not yet"

    def on_mount(self) -> None:
        self.push_screen(ExportDialog(Path("/srv/classwalk"), **self.options), self._chosen)

    def _chosen(self, choice) -> None:
        self.choice = choice


def test_served_export_asks_no_folder_and_names_no_path(tmp_path):
    app = DialogApp(served=True)

    async def steps(pilot):
        await settle(pilot)
        text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "Download" in text and "downloads to this device" in text
        assert "/srv" not in text and "Folder" not in text
        assert not app.screen.query(Input)
        await pilot.press("enter")
        await settle(pilot)

    drive(app, steps, (100, 30))
    choice = app.choice
    assert isinstance(choice, ExportChoice) and choice.served and choice.fmt == "md"
    assert choice.folder.is_dir() and (choice.folder.stat().st_mode & 0o777) == 0o700
    written = choice.folder / "lincoln-2026-11-23.md"
    written.write_text("# a walk\n", encoding="utf-8")

    delivered = []

    class Browser:
        def deliver_binary(self, file, *, save_filename, open_method):
            delivered.append((file.read(), save_filename, open_method))

    message = choice.finish(Browser(), written)
    assert delivered == [(b"# a walk\n", "lincoln-2026-11-23.md", "download")]
    assert message == "Downloading lincoln-2026-11-23.md to this device" and "/" not in message
    assert not choice.folder.exists()  # nothing is left on the server


def test_in_a_terminal_export_still_asks_for_a_folder(tmp_path):
    app = DialogApp(served=False)

    async def steps(pilot):
        await settle(pilot)
        folder = app.screen.query_one("#export-folder", Input)
        folder.value = str(tmp_path)
        await pilot.press("enter")
        await settle(pilot)

    drive(app, steps, (100, 30))
    assert app.choice == ExportChoice("md", tmp_path) and not app.choice.served
    assert app.choice.finish(None, tmp_path / "x.md") == f"Wrote {tmp_path / 'x.md'}"


# the team's notes ---------------------------------------------------------------------

def team_visit(db_path):
    """A team walk with Ana's visit to Room 12 holding a note of hers and one of Ben's (one
    shared device), and Ben's own visit to the same room with a note he took there."""
    import datetime as dt

    from classwalk.core.records.model import Evidence, Observer, Visit, Walk
    from classwalk.core.storage.store import Store

    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
    with Store(db_path) as store:
        walk = Walk(protocol_id="downey", protocol_version="1", school="Lincoln Elem", date=start.date(),
                    observers=(Observer(name="Ana Ruiz"), Observer(name="Ben Okafor")))
        store.save_walk(walk)
        mine = Visit(walk_id=walk.id, classroom="Room 12", observer="Ana Ruiz", started_at=start)
        his = Visit(walk_id=walk.id, classroom="Room 12", observer="Ben Okafor", started_at=start)
        store.save_visit(mine)
        store.save_visit(his)
        notes = {}
        for key, visit, observer, text in (("ana", mine, "Ana Ruiz", "Pairs explain a rule"),
                                           ("shared", mine, "Ben Okafor", "Six groups compare answers"),
                                           ("ben", his, "Ben Okafor", "The exit ticket asks why")):
            notes[key] = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text=text,
                                  observer=observer, captured_at=start + dt.timedelta(seconds=len(notes)))
            store.add_evidence(notes[key])
    return walk, notes


def note_lines(app) -> list[str]:
    from classwalk.tui.widgets.evidence_list import EvidenceEntry

    return [str(entry.content) for entry in app.screen.query(EvidenceEntry)]


async def wait_for(pilot, condition, seconds: float = 5.0):
    import time

    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "not shown in time"
        await pilot.pause(0.1)


def test_teammates_names_stay_on_their_notes_when_the_visit_opens_again(classwalk, db_path):
    walk, notes = team_visit(db_path)
    app = ClasswalkApp(classwalk, observer="Ana Ruiz")

    async def scenario():
        async with app.run_test(size=(140, 40)) as pilot:  # a reload: the visit screen opens afresh
            await settle(pilot)
            await wait_for(pilot, lambda: getattr(app.screen.focused, "id", None) == "in-progress")
            await pilot.press("r")  # resume the walk in progress
            await settle(pilot)
            await wait_for(pilot, lambda: len(note_lines(app)) == 3)
            lines = note_lines(app)
            assert "Ana Ruiz:" not in lines[0] and "Pairs explain a rule" in lines[0]
            assert "Ben Okafor:" in lines[1] and "Six groups compare answers" in lines[1]
            assert "Ben Okafor:" in lines[2] and "The exit ticket asks why" in lines[2]

    run(scenario())


def test_the_team_feed_shows_edits_and_deletions_made_elsewhere(classwalk, db_path):
    from classwalk.core.storage.store import Store

    walk, notes = team_visit(db_path)
    app = ClasswalkApp(classwalk, observer="Ana Ruiz")

    async def steps(pilot):
        await settle(pilot)
        await wait_for(pilot, lambda: getattr(app.screen.focused, "id", None) == "in-progress")
        await pilot.press("r")  # resume the walk in progress
        await settle(pilot)
        await wait_for(pilot, lambda: len(note_lines(app)) == 3)
        with Store(db_path) as teammate:  # Ben's own session, on its own connection
            teammate.edit_evidence(notes["ben"].id, editor="Ben Okafor", text="The exit ticket asks how")
            teammate.delete_evidence(notes["shared"].id, by="Ben Okafor")
        await wait_for(pilot, lambda: len(note_lines(app)) == 2)
        lines = note_lines(app)
        assert "Pairs explain a rule" in lines[0]
        assert "Ben Okafor:" in lines[1] and "asks how" in lines[1] and "(edited)" in lines[1]
        assert [item.id for item in app.screen.items] == [notes["ana"].id]

    drive(app, steps, (140, 40))
