"""The walk from room to room: next room, follow a teammate, the hallway note, the end.

Every read and write goes through the run's scoped door (:func:`classwalk.tui.data.app_door`).
After a room the protocol's hallway note (IFL) is asked for once: once its dialog has
closed for a room it is not asked again, unless words typed in it wait unsaved. Esc in
the dialogs that follow a room goes back into it.
"""

from __future__ import annotations

from classwalk.core.errors import ClasswalkError
from classwalk.core.records.model import Visit
from classwalk.tui import clock
from classwalk.tui.data import app_door

from classwalk.core.escape import for_terminal
from classwalk.tui.room.drafts import carry_over
from classwalk.core.errors import error_line


def after_kind(protocol):
    """The evidence kind captured after each room (IFL's hallway note), if the protocol has one."""
    return next((k for k in protocol.evidence_kinds if k.when == "after"), None)


def open_visit(app, walk, visit) -> None:
    """Show ``visit``'s room: the coding grid for a protocol coded in intervals, else the notes room."""
    app.action_home()
    protocol = app.api.protocols.get(walk.protocol_id)
    if protocol.interval_coding:
        from classwalk.tui.screens.interval_visit import IntervalVisitScreen

        app.push_screen(IntervalVisitScreen(walk, visit))
        return
    from classwalk.tui.screens.visit import VisitScreen

    app.push_screen(VisitScreen(walk, visit))


def back_to_room(app, walk, visit) -> None:
    """Undo leaving ``visit``: it is open again and its screen comes back, timer running on."""
    try:
        reopened = app_door(app).reopen_visit(visit)
    except Exception as error:
        app.notify(f"Could not go back to {visit.classroom} ({error_line(error)}).", severity="error",
                   markup=False)
        choose_room(app, walk, back_to=visit)
        return
    open_visit(app, walk, reopened)
    app.notify(f"Back in {visit.classroom}.", markup=False, timeout=2)


def resume_lesson(app, walk, visit) -> None:
    """Back into an ended coded lesson: the same visit, its interval clock where it stopped."""
    try:
        reopened = app_door(app).resume_lesson(visit, observer=app.take_up_walk(walk), at=clock.now())
    except Exception as error:
        app.notify(f"Could not go back to {visit.classroom} ({error_line(error)}).", severity="error",
                   markup=False)
        choose_room(app, walk)
        return
    open_visit(app, walk, reopened)
    app.notify(f"Back in {visit.classroom}: the lesson goes on where it stopped.", markup=False, timeout=3)


def after_room(app, walk, visit, then, *, resumed: bool = False) -> None:
    """After leaving a room: the hallway note if the protocol asks for one, then ``then``.

    ``then`` is "next" (choose the next room), "team" (the whole team moves), "end" (the
    walk's visits end) or a function. Esc in the dialogs that follow goes back into the
    room just left (unless the walk was resumed at this point: no room to go back to).
    """
    from classwalk.tui.dialogs.hallway_note import HallwayNoteDialog, draft_key

    door = app_door(app)
    protocol = app.api.protocols.get(walk.protocol_id)
    kind = after_kind(protocol)
    back_to = None if resumed else visit

    def go_on() -> None:
        if callable(then):
            then()
        elif then in ("next", "team"):
            choose_room(app, walk, back_to=back_to, whole_team=then == "team")
        else:
            end_visits(app, walk)

    if kind is None or (visit.id in app.hallway_closed and not unfinished_hallway_note(app, visit)):
        go_on()  # one hallway note a room: once closed it is not asked for again (unless words wait)
        return

    def save(note) -> None:
        """Write the hallway note (raises if the database refuses; the dialog keeps it then)."""
        door.record(visit, note.text, kind=kind.id, mark=note.mark, observer=app.active_observer,
                    at=clock.now(), after_visit=True)
        door.clear_draft(draft_key(visit, app.active_observer))  # the dialog's own line (this observer's, this device's)

    def closed(result) -> None:
        app.hallway_closed.add(visit.id)
        if result == "back":
            back_to_room(app, walk, visit)
            return
        if result == "home":
            app.action_home()
            return
        if result == "saved":
            app.notify(for_terminal(f"{kind.label} saved.", lines=True), markup=False)
        go_on()

    app.push_screen(HallwayNoteDialog(visit, kind, save=save, can_go_back=back_to is not None), closed)


def unfinished_hallway_note(app, visit) -> bool:
    """Words typed in the hallway note of ``visit`` and not saved (an unreadable draft counts)."""
    from classwalk.tui.dialogs.hallway_note import draft_key

    try:
        return bool(app_door(app).draft(draft_key(visit, app.active_observer)).strip())
    except Exception:
        return True


def choose_room(app, walk, back_to=None, *, whole_team: bool = False) -> None:
    """Ask which classroom is next, then open its visit (joining a teammate already there).

    With ``whole_team`` (the facilitator's choice) everyone in a room comes along. Esc
    goes back into ``back_to`` (the room just left), or home when there is none.
    """
    from classwalk.tui.dialogs.classroom import ClassroomChoice, ClassroomDialog

    door = app_door(app)
    visits = door.visits(walk)
    started: list[Visit] = []

    def start(choice: ClassroomChoice) -> None:
        """Write the new visit (raises if the database refuses; the dialog then stays open)."""
        observer, at = app.take_up_walk(walk), clock.now()
        if whole_team:
            visit = door.move_team(walk, choice.classroom, facilitator=observer, teacher=choice.teacher,
                                   grade=choice.grade, subject=choice.subject, at=at)[0]
        else:
            visit = door.start_visit(walk, choice.classroom, teacher=choice.teacher, grade=choice.grade,
                                     subject=choice.subject, observer=observer, at=at)
        started.append(visit)

    def chosen(choice: ClassroomChoice | None) -> None:
        if choice is not None and started:
            open_visit(app, walk, started[-1])
        elif back_to is not None:
            back_to_room(app, walk, back_to)
        else:
            app.action_home()

    app.action_home()
    back = f"Back to {back_to.classroom}" if back_to is not None else "Back home"
    app.push_screen(ClassroomDialog(walk.school, door.classrooms(walk), len(visits), back=back,
                                    start=start), chosen)


def follow_into(app, walk, mate: Visit) -> None:
    """Walk into the room ``mate`` is in, joining their visit (or choose a room if they left it)."""
    door = app_door(app)
    try:
        now = door.visit(mate.id)
        if now.ended:
            raise ClasswalkError(f"{now.observer} has left {now.classroom} already: choose the room instead")
        visit = door.follow(walk, app.take_up_walk(walk), now.observer, at=clock.now())
    except Exception as error:
        app.notify(f"Not followed ({error_line(error)}).", severity="warning", markup=False)
        choose_room(app, walk)
        return
    open_visit(app, walk, visit)
    app.notify(f"With {mate.observer} in {visit.classroom}.", markup=False, timeout=3)


def moved_out(app, walk, ended: Visit, typed: str, typist: str) -> None:
    """This observer's room was ended on another device: go where they are now, saying why.

    A facilitator who moved the team put them in a new room (its screen opens, and the
    words in the note line come along, after any words waiting there); ending the walk's
    visits takes them to the debrief; otherwise they choose their next room. Words typed
    and not saved stay as a draft and the notice quotes them: nothing typed is lost.
    """
    from classwalk.core.text import shorten

    door = app_door(app)
    try:
        walk = door.walk(walk.id)
        now_in = door.open_visit(walk, ended.observer)
    except Exception as error:
        app.notify(f"{ended.classroom} has ended ({error_line(error)}).", severity="warning", markup=False)
        return
    kept = f" Your unsaved words are kept: “{shorten(typed.strip(), 80)}”." if typed.strip() else ""
    if now_in is not None:
        lead = door.visit(now_in.joins) if now_in.joins else now_in
        if typed.strip() and carry_over(door, typed, typist, ended, now_in):
            kept = " Your unsaved words came with you."
        open_visit(app, walk, now_in)
        app.notify(f"{lead.observer} moved the team to {now_in.classroom}.{kept}", markup=False, timeout=8)
        return
    if walk.status != "in_progress":
        app.action_home()
        app.open_debrief(walk.id)
        app.notify(f"The walk's visits were ended on another device: {ended.classroom} is over.{kept}",
                   markup=False, timeout=8)
        return
    app.notify(f"Your visit to {ended.classroom} was ended on another device.{kept}", markup=False, timeout=8)
    choose_room(app, walk)


def end_visits(app, walk) -> None:
    """The visits are over: everyone's room ends and the walk moves on to its debrief."""
    try:
        app_door(app).end_walk(walk, at=clock.now())
    except Exception as error:
        app.notify(f"The walk stays in progress ({error_line(error)}); its notes are all saved.",
                   severity="error", markup=False)
    app.action_home()
    app.open_debrief(walk.id)


def start_or_resume(app, walk_id: str, *, visits_had_ended: bool = False) -> None:
    """Resume a walk where it was: its open visit, a pending hallway note, or the next room.

    An observer named for this run (``--observer``, a served account) goes back into
    their own room; a shared device into the room of whoever types, else the team's latest.
    A coded lesson whose visits had ended is taken up again: the same visit, its interval
    clock where it stood (``visits_had_ended``).
    """
    door = app_door(app)
    walk = door.walk(walk_id)
    if app.api.protocols.find(walk.protocol_id) is None:
        app.notify(f"The protocol {for_terminal(walk.protocol_id, lines=True)!r} of this walk is not installed.", severity="error",
                   markup=False)
        return
    observer = app.take_up_walk(walk)
    current = door.open_visit(walk, observer) or door.open_visit(walk, "")
    if current is None and not app.fixed_observer:  # a shared device: the team's latest room
        rooms = door.in_rooms(walk)
        current = max(rooms, key=lambda visit: visit.started_at) if rooms else None
    if current is not None:
        open_visit(app, walk, current)
        return
    visits = [v for v in door.visits(walk) if v.observer in (observer, "") or not app.fixed_observer]
    protocol = app.api.protocols.get(walk.protocol_id)
    if visits_had_ended and visits and protocol.interval_coding:
        resume_lesson(app, walk, visits[-1])
        return
    if visits and _hallway_words(app, visits[-1]):
        after_room(app, walk, visits[-1], then="next", resumed=True)
        return
    choose_room(app, walk)


def _hallway_words(app, visit) -> bool:
    """Words wait in the hallway note of ``visit`` (its dialog keeps them under a key of the visit)."""
    from classwalk.tui.dialogs.hallway_note import draft_key

    return bool(app_door(app).draft(draft_key(visit, app.active_observer)))
