"""After the walk: the debrief, feedback to one teacher, and cycles of walks."""
