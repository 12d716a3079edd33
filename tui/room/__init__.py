"""The parts of a room screen, each with one job.

- :mod:`.state`: what the observer has set up in the room (kind, tags, groups, mark,
  the interview under way, the note being edited) as a plain record, no Textual.
- :mod:`.drafts`: the per-observer, per-device drafts of the note line and of that state:
  restored on reopening, written on every change, never overwriting what was typed.
- :mod:`.flow`: the walk from room to room (next room, follow, hallway note, end).
- :mod:`.screen`: the base the notes room and the coding grid share (title, message line,
  how a refused write is reported, leaving the room).
"""
