"""Teammates on the move, for a room screen that shows no notes list (the interval grid).

The same feed as the notes room (:class:`~classwalk.tui.widgets.team_feed.TeamFeed`) says
when another device wrote; then the screen looks whether a teammate who shared this room
has moved on ("Ana moved to Room 14 · ctrl+f follows, or stay") and whether this room
was ended elsewhere (a facilitator moved the team, or the visits were ended), with the
same team rules (:mod:`classwalk.features.capture.team`) and the same ways on
(:func:`~classwalk.tui.screens.visit.follow_into`, :func:`~classwalk.tui.screens.visit.moved_out`).
"""

from __future__ import annotations

from classwalk.features.capture import team
from classwalk.tui.widgets.team_feed import TeamFeed


def moves_words(moves: list[team.Move]) -> str:
    """``Ana moved to Room 14 · ctrl+f follows, or stay`` (empty when nobody moved)."""
    if not moves:
        return ""
    follow = " · ctrl+f follows, or stay" if any(m.visit for m in moves) else ""
    return "; ".join(m.words() for m in moves) + follow


class TeamMovesMixin:
    """For a room screen (both the notes room and the interval grid) with ``walk``, ``visit``,
    ``door``, ``message``, ``_leave()``, ``leave_for()``, ``unsaved_words()`` and ``typist``:
    the ``follow`` action and :meth:`team_changed`, which keeps ``moves`` current."""

    moves: list[team.Move] = []

    def team_moves_feed(self) -> TeamFeed:
        """The invisible feed to yield in ``compose``: each change elsewhere calls :meth:`team_changed`."""
        from classwalk.tui.database import app_data

        self.moves = []
        return TeamFeed(app_data(self.app).now, self.visit, lambda _notes: self.team_changed(), id="team-feed")

    def can_follow(self) -> bool:
        return any(move.visit is not None for move in self.moves)

    def team_changed(self) -> None:
        """Another device wrote: has this room ended for us, or did a teammate leave it?"""
        from classwalk.tui.room.flow import moved_out

        if self.visit.ended or not self.is_attached:
            return
        try:
            fresh = self.door.visit(self.visit.id)
            moves = self.door.moved_on(fresh)
        except Exception:  # the next change tries again
            return
        if fresh.ended:
            self.visit = fresh
            self.room_ended(fresh)
            self.app.call_later(moved_out, self.app, self.walk, fresh, self.unsaved_words(), self.typist)
            return
        if moves != self.moves:
            self.moves = moves
            self.refresh_bindings()
            if moves:
                self.message(moves_words(moves))

    def action_follow(self) -> None:
        """Follow the teammate who left this room last into the room they are in now."""
        from classwalk.tui.room.flow import follow_into

        moves = [m for m in self.moves if m.visit is not None]
        if not moves:
            self.message("Nobody has left this room for another yet.")
            return
        mate = moves[-1].visit
        if self._leave():
            self.leave_for(lambda: follow_into(self.app, self.walk, mate))

    def room_ended(self, visit) -> None:
        """This room was ended on another device (the screen may stop its clock)."""
