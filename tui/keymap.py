"""Every key of the terminal UI, declared once: the screens' bindings, the footer and help read it.

Each :class:`Key` names where it works (a screen, a dialog or a widget), the mode it belongs
to there (an interview, the look-fors...), the keys, the action they run, the footer's short
label, whether the footer shows it, and the longer words help and the command palette use.
A screen takes its bindings with ``BINDINGS = keymap.bindings("home")``; help builds its key
tables with :func:`help_rows`; so a key cannot do one thing and be documented as another.

Rows with no action are keys a widget handles itself (Enter in a list, a look-for's letter):
help lists them, no binding is made for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    """One row of the key table."""

    keys: str
    """Textual key names, comma-separated (``escape,ctrl+t``)."""
    action: str
    """The action run (``next_room``, ``app.quit``); empty for a key a widget handles itself."""
    label: str
    """The footer's (and the palette's) short name."""
    explain: str
    """What the key does, in help's words."""
    show: bool = True
    """Shown in the footer (when the action is available); the palette lists it either way."""
    mode: str = ""
    """The mode of the screen it belongs to (``interview``, ``in the look-fors``); empty: always."""
    priority: bool = False
    """Acts before the focused widget sees the key."""
    display: str | None = None
    """How the footer writes the key, when not as :func:`key_name` would."""

    @property
    def words(self) -> str:
        """The help's and the palette's description: the mode, then what the key does."""
        return f"{self.mode}: {self.explain}" if self.mode else self.explain


def _k(keys, action, label, explain, **options) -> Key:
    return Key(keys, action, label, explain, **options)


def _typed(keys, explain, *, mode="", display=None) -> Key:
    """A key a widget handles itself: in help, never a binding."""
    return Key(keys, "", "", explain, show=False, mode=mode, display=display)


KEYMAP: dict[str, tuple[Key, ...]] = {
    "app": (
        _k("f1", "help", "Help", "this help, open at the screen you are on (`?` too, outside a text field)",
           priority=True, display="F1"),
        _k("question_mark", "help", "Help", "this help, open at the screen you are on (`?` too, outside a text "
           "field)", show=False, display="?"),
        _k("ctrl+o", "next_observer", "Who types",
           "who is typing: the walk's next observer; notes, answers and next steps are saved under that name",
           priority=True),
        _typed("ctrl+p", "command palette: new walk, protocols, home, and every key of the screen you are on "
                         "(those the footer has no room for too)"),
        _typed("ctrl+q", "quit (everything saved stays saved)"),
    ),
    "home": (
        _typed("enter", "resume a walk in progress; on a finished walk, open its debrief"),
        _k("n", "app.new_walk", "New walk", "start a new walk"),
        _k("p", "app.protocols", "Protocols", "browse protocols"),
        _k("r", "resume", "Resume", "resume the highlighted walk (a debriefed one takes up its visits again)"),
        _k("d", "debrief", "Debrief", "open the highlighted walk's debrief"),
        _k("g", "app.reports", "Reports", "reports: a school, a cycle, the district, feedback due, time in classrooms"),
        _k("x", "delete_walk", "Delete walk",
           "delete the highlighted walk (after asking): it leaves every list and report", show=False),
        _k("u,ctrl+z", "undelete_walk", "Undo delete", "bring back the walk deleted last", show=False),
        _k("slash", "search", "Search",  # the message line names it
           "search the walks as you type: school, protocol, focus, question or date (Enter: to the list)",
           show=False, display="/"),
        _k("q", "app.quit", "Quit", "quit"),
        _k("escape", "clear_search", "Clear search", "clear the search and show every walk again", show=False),
    ),
    "new_walk": (
        _k("ctrl+s", "start", "Start walk", "start the walk and choose the first room", priority=True),
        _k("escape", "app.home", "Back", "back home without starting a walk"),
    ),
    "visit": (
        _typed("enter", "save the note with its kind, tags and groups"),
        _k("ctrl+n", "next_room", "Next room",
           "leave this room for the next: only you move, your teammates stay where they are; a facilitator "
           "with teammates in rooms is asked whether to move the whole team", priority=True),
        _k("ctrl+e", "end_visits", "End visits", "leave this room and end the walk's visits (then the debrief)",
           priority=True),
        _k("tab", "next_kind", "Kind", "next kind of evidence", priority=True),
        _k("shift+tab", "previous_kind", "Kind", "previous kind of evidence", show=False, priority=True),
        _k("ctrl+g", "groups", "Groups", "student groups the note is about", priority=True),
        _k("ctrl+r", "next_mark", "Mark", "mark (e.g. level of thinking) where the kind has marks", priority=True),
        _k("ctrl+s", "start_interview", "Interview", "interview the next student (where the protocol has interviews)",
           priority=True),
        _k("ctrl+s", "end_interview", "End interview", "end it; notes are ordinary notes again",
           mode="interview", priority=True),
        _k("down", "next_question", "Question", "show the next question (the answer goes to the question shown)",
           mode="interview", show=False, priority=True),
        _k("up", "previous_question", "Question", "show the previous question", mode="interview", show=False,
           priority=True),
        _k("escape,ctrl+t", "toggle_tags", "Tags/note",
           "switch between the note and the look-fors; there a letter tags the next note", display="esc/^t"),
        _typed("a", "tags (or untags) the next note with that look-for; any other character goes back to "
                    "the note and is typed into it", mode="in the look-fors", display="a look-for's letter"),
        _k("enter", "to_note", "Note", "back to the note", mode="in the look-fors", show=False),
        _typed("up", "into the room's notes: ↑/↓ choose one, e or Enter edits it, d deletes it after asking"),
        _k("ctrl+k", "counts", "Counts/items",
           "snapshot counts (k of N present) and the visit's typed items, where the protocol has them",
           priority=True),
        _k("ctrl+z", "undo_delete", "Undo delete", "bring back the last note deleted in this room", priority=True),
        _k("ctrl+f", "follow", "Follow",
           "follow the teammate who last left this room into the room they are in now", priority=True),
    ),
    "intervals": (
        _typed("a", "tick or untick the code in the current interval", display="a code's key"),
        _k("ctrl+a", "advance", "Next interval", "end the current interval now; the next one begins", priority=True),
        _k("ctrl+b", "pause", "Pause", "pause the interval clock (a fire drill, a visitor), or let it run again",
           priority=True),
        _k("ctrl+r", "correct", "Fix previous",
           "for a few seconds after an interval ends: keys correct that interval, or back to the current one",
           priority=True),
        _k("tab", "switch", "Note",
           "between the code line and a note on the interval (where the protocol allows notes)", priority=True),
        _k("ctrl+k", "counts", "Counts",
           "snapshot counts (k of N present) and the visit's typed items, where the protocol has them",
           priority=True),
        _k("ctrl+x", "not_observed", "Away",
           "mark the interval being coded (or others typed: 2-4, 6) not observed: left out of every count; "
           "on marked intervals, take the mark back", priority=True),
        _k("ctrl+z", "undo", "Undo", "undo the last not-observed change in the grid", priority=True),
        _k("ctrl+f", "follow", "Follow",
           "follow the teammate who last left this room into the room they are in now", priority=True),
        _k("ctrl+n", "next_room", "Next room", "leave this room, go to the next", priority=True),
        _k("ctrl+e", "end_visits", "End", "leave this room and end the walk's visits (then the debrief)",
           priority=True),
        _k("down", "focus_set(1)", "Focus set",
           "focus the next code set: a short code several sets share ticks that set's code",
           show=False, priority=True),
        _k("up", "focus_set(-1)", "Focus set",
           "focus the previous code set; past the first, none is focused and a shared code asks which set",
           show=False, priority=True),
    ),
    "debrief": (
        _k("1", "show_tab('patterns')", "Patterns", "patterns across the visits", show=False),
        _k("2", "show_tab('prompts')", "Prompts", "debrief prompts and the team's answers", show=False),
        _k("3", "show_tab('steps')", "Steps", "next steps", show=False),
        _k("4", "show_tab('notes')", "Notes", "the walk's notes: edit, delete, every version", show=False),
        _k("e", "export", "Export", "export the walk as Markdown, CSV or JSON"),
        _k("f", "feedback", "Feedback", "the reflective question to one room's teacher: draft it, set when it is "
                                        "due, mark it shared or discussed (private to you)"),
        _k("n", "toggle_room_names", "Room names", "rooms by classroom name, or anonymous (Room A, B...)"),
        _k("c", "toggle_closed", "Close walk", "close the walk, or reopen it"),
        _k("escape", "leave", "Back", "back to where the debrief was opened"),
        _k("escape", "leave_field", "Leave field", "leave it for the tabs", mode="in a text field"),
    ),
    "next_steps": (
        _k("a", "add", "Add", "add a next step"),
        _k("enter", "edit", "Edit", "edit the highlighted next step", show=False),
        _k("space", "toggle_done", "Done", "mark the highlighted step done, or open again"),
        _k("delete,d", "delete", "Delete", "delete the highlighted step after asking"),
        _k("u,ctrl+z", "undo_delete", "Undo delete", "undo the last delete", show=False),
    ),
    "next_step_form": (
        _k("escape", "stop_editing", "To list", "back to the list", mode="in the next-step form"),
        _typed("enter", "save the next step", mode="in the next-step form"),
    ),
    "notes": (
        _k("enter", "edit_note", "Edit note", "edit the highlighted note's text (the old text stays in its history)"),
        _k("delete,d", "delete_note", "Delete note",
           "delete the highlighted note after asking (kept as deleted; u or ctrl+z brings it back)"),
        _k("u,ctrl+z", "undo_note_delete", "Undo delete", "bring back the note just deleted", show=False),
    ),
    "note_editor": (
        _k("escape", "stop_editing_note", "Cancel edit", "leave the note as it was", mode="in the note editor"),
        _typed("enter", "save the note's new text", mode="in the note editor"),
    ),
    "reports": (
        _k("ctrl+r", "run_report", "Run", "run the chosen report again (Enter in a date field does too)"),
        _k("ctrl+s", "export_report", "Export", "export the report shown as Markdown or CSV (an owner-only file)"),
        _k("escape", "close_reports", "Back", "back to where the reports were opened"),
    ),
    "protocols": (
        _k("escape,q", "app.pop_screen", "Back", "back"),
        _k("n", "app.new_walk", "New walk", "start a new walk"),
    ),
    "help": (
        _k("escape,q,question_mark,f1", "dismiss", "Close", "close the help"),
    ),
    # dialogs
    "classroom": (
        _typed("enter", "start the visit in the room named"),
        _k("escape", "cancel", "Back", "back into the room, its timer running on"),
    ),
    "hallway_note": (
        _k("escape", "back", "Back", "back into the room, its timer running on"),
    ),
    "groups": (
        _k("escape", "cancel", "Back", "back to the note, the groups as they were"),
        _k("enter", "done", "OK", "the ticked groups go with the next note", priority=True),
        _k("p", "toggle_pin", "Pin", "pin the groups: they stay on every note until unpinned"),
    ),
    "confirm": (
        _k("escape,n", "no", "Back", "no: nothing changes"),
        _k("enter,y", "yes", "Yes", "yes: do it", priority=True),
    ),
    "delete_walk": (
        _k("escape", "keep", "Keep", "keep the walk"),
        _k("n", "keep", "Keep", "keep the walk", show=False),
        _k("y", "delete", "Delete", "delete the walk (u or ctrl+z on Home brings it back)", show=False),
    ),
    "export": (
        _k("escape", "cancel", "Cancel", "write nothing"),
    ),
    "which_set": (
        _k("escape", "cancel", "Back", "tick nothing"),
    ),
    "feedback": (
        _k("escape", "cancel", "Back", "back to the debrief"),
        _k("ctrl+s", "save", "Save", "save the question, its due date and where it stands", priority=True),
    ),
    "counts": (
        _k("escape", "close", "Save and close", "save the counts and items and go back to the room"),
    ),
    "not_observed": (
        _typed("enter", "mark the intervals typed not observed (or take the mark back)"),
        _k("escape", "cancel", "Back", "back to the grid, nothing marked"),
    ),
    "time_away": (
        _k("escape", "cancel", "No change", "back to the grid, nothing changed"),
        _k("m", "mark", "Mark not observed", "mark the intervals that went by uncoded not observed"),
        _k("k", "keep", "Keep", "keep them unmarked: intervals in which nothing was seen"),
    ),
}
"""Every key, by where it works."""

PLACES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("Home", 2, ("home",)),
    ("New walk", 2, ("new_walk",)),
    ("In a classroom", 2, ("visit",)),
    ("Dialogs in a classroom", 3, ("classroom", "hallway_note", "groups", "counts", "which_set")),
    ("Coding in intervals", 2, ("intervals",)),
    ("Not observed (ctrl+x in the grid)", 3, ("not_observed",)),
    ("Back in a coded lesson after time away", 3, ("time_away",)),
    ("Debrief", 2, ("debrief",)),
    ("Next steps (tab 3)", 3, ("next_steps", "next_step_form")),
    ("Notes (tab 4)", 3, ("notes", "note_editor")),
    ("The reflective question (f)", 3, ("feedback",)),
    ("Reports", 2, ("reports",)),
    ("Protocols", 2, ("protocols",)),
    ("Anywhere", 2, ("app",)),
    ("Asking first, exporting, this help", 3, ("confirm", "delete_walk", "export", "help")),
)
"""How help (and docs/keys.md) groups the table: (heading, heading level, parts of the table)."""

OWNERS = {
    "ClasswalkApp": "app", "HomeScreen": "home", "NewWalkScreen": "new_walk", "VisitScreen": "visit",
    "IntervalVisitScreen": "intervals", "DebriefScreen": "debrief", "NextStepList": "next_steps",
    "NextStepForm": "next_step_form", "NoteList": "notes", "NoteEditor": "note_editor",
    "ReportsScreen": "reports", "ProtocolsScreen": "protocols", "HelpScreen": "help",
    "ClassroomDialog": "classroom", "HallwayNoteDialog": "hallway_note", "GroupsDialog": "groups",
    "ConfirmDialog": "confirm", "DeleteWalkDialog": "delete_walk", "ExportDialog": "export",
    "WhichSetDialog": "which_set", "FeedbackDialog": "feedback", "CountsDialog": "counts",
    "NotObservedDialog": "not_observed", "TimeAwayDialog": "time_away",
}
"""Which part of the table each screen, dialog or widget class takes its keys from (by class name)."""


def bindings(where: str) -> list[Binding]:
    """The Textual bindings of ``where``'s keys (those with an action), in the table's order."""
    return [Binding(key.keys, key.action, key.label, show=key.show, key_display=key.display,
                    priority=key.priority)
            for key in KEYMAP[where] if key.action]


def owner_of(node) -> str | None:
    """The part of the table ``node`` (a screen, dialog, widget or the app) takes its keys from."""
    for cls in type(node).__mro__:
        if cls.__name__ in OWNERS:
            return OWNERS[cls.__name__]
    return None


def entry_for(node, action: str) -> Key | None:
    """The table's row for ``action`` on ``node``, if it has one."""
    where = owner_of(node)
    return next((key for key in KEYMAP.get(where, ()) if key.action == action), None) if where else None


KEY_NAMES = {
    "question_mark": "?", "escape": "Esc", "enter": "Enter", "tab": "Tab", "delete": "Del",
    "space": "space", "f1": "F1", "slash": "/", "full_stop": ".", "comma": ",", "minus": "-",
    "plus": "+", "up": "↑", "down": "↓", "left": "←", "right": "→", "backspace": "Backspace",
}


def key_name(key: str) -> str:
    """``shift+tab`` -> ``shift+Tab``, ``question_mark`` -> ``?``: a key as the help writes it."""
    *modifiers, last = key.strip().split("+")
    return "+".join([*modifiers, KEY_NAMES.get(last, last)])


def key_names(key: Key) -> list[str]:
    """How help writes ``key``'s keys: each in backticks, or a widget's key in words (``a code's key``)."""
    if not key.action and key.display:
        return [key.display]
    return [f"`{key_name(name)}`" for name in key.keys.split(",")]


def help_rows(*where: str) -> list[tuple[str, str]]:
    """(keys, what they do) for ``where``'s keys in the table's order; keys of one action in the same words join."""
    rows: dict[tuple[str, str], list[str]] = {}
    for part in where:
        for key in KEYMAP[part]:
            shown = rows.setdefault((key.action or key.keys, key.words), [])
            shown.extend(name for name in key_names(key) if name not in shown)
    return [(" or ".join(shown), words) for (_action, words), shown in rows.items()]
