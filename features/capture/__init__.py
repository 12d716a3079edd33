"""Capturing in a room: notes and their edits, coded lessons and counts, team rooms, the descriptive-evidence coach."""
