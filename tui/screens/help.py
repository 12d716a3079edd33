"""Help: how a walk goes and every key, one screen.

The key tables are read from the screens' own BINDINGS, so a key added or changed on a
screen shows here without a second list to keep in step; ``EXPLAIN`` only words what
each action does more fully than the footer has room for.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

INTRO = """\
# classwalk

Walks are **descriptive, never evaluative**: write what students and the teacher said
and did, with counts where you can. Nothing here scores or ranks anyone. Students are
never named: interview answers are kept under *Student A*, *Student B*...

Keys sent all at once (a paste, a text expander, a fast burst) land where typing them
slowly would, on every screen and dialog: each key acts only once the one before it has
finished, and keys typed while a screen or dialog opens go to it. Times are shown in
this machine's time zone (`classwalk --tz ZONE` chooses another).
"""

VISIT_INTRO = """\
The note line always has the cursor. **Enter saves the note at once** (it cannot be
lost); what you type is kept as a draft until then, even if the laptop dies.
"""

VISIT_NOTES = """\
**Tagging.** Esc (or ctrl+t) moves to the look-fors. There each look-for's letter tags
the next note; Enter, Esc or ctrl+t go back to the note, and any other character (a
capital, a space, punctuation) goes back to the note and is typed into it. So
`Esc a The teacher asks...` tags *a* and starts the note with "The". Keys sent all at
once (a paste, a text expander, a fast burst) land exactly where typing them slowly
would. A paste into the note keeps every line, joined with spaces.

**Student groups** go with the next note only; tick *Pin* (p) in the groups dialog to
keep them on every note until unpinned ("(pinned)" shows beside them). The kind of
evidence chosen with Tab goes with the next note too, then is back to the first kind.

**Interviews.** ctrl+s interviews the next student (Student A, B...; never a name). The
question shown is the one the answer goes to: Enter saves the answer and shows the next
question; ↑/↓ pick another question; after the last question, or on ctrl+s, the
interview ends and notes are ordinary notes again.

**Changing a saved note.** ↑ from the note line moves into the room's notes; ↑/↓
choose one, e (or Enter) puts it back in the note line with its tags, groups and mark:
Enter saves the change (the earlier text is kept as a revision), Esc cancels, ctrl+t
reaches the look-fors meanwhile. d deletes the chosen note after asking; ctrl+z brings
back the last note deleted in the room.

**Leaving.** ctrl+n leaves the room; Esc in the next-room (or hallway note) dialog goes
back into the room, timer running on. ctrl+e asks once before ending the walk's visits.
If the database refuses a write (a full disk), the note stays in the line, a line on
screen says so, and the write is tried again (Enter, or every few seconds for drafts).

The timer shows time in the room against the protocol's target: amber at the target,
red past the longest visit. In video mode, start a note with `@m:ss` to say where in
the video it was seen.

A ⚠ line appears while the note holds a judgement word ("great", "should"...). It is
advice only: the note saves either way.

Inside tmux, set `escape-time` to a few milliseconds (`set -sg escape-time 10`) so Esc
is not read together with the next key; ctrl+t does the same as Esc.
"""

INTERVALS_INTRO = """\
For a protocol that codes the lesson in intervals. The grid shows each code set's codes
by the latest intervals, the current one highlighted. **Type a code's key** (its short
code, shown beside it): a key that is not the start of another ticks at once, otherwise
Enter or space confirms it. Typing it again unticks it. Digits (or the keys shown)
answer the one-choice items. Every tick is saved at once with its interval number.

The interval moves on by itself on the clock, with a bell and a highlighted line.

**Not observed.** Called away, interrupted, out of the room: ctrl+x marks the interval
being coded not observed (type other intervals, `2-4, 6`, to mark those). It shows as ×
in the grid and leaves every count and denominator in the reports; its ticks are kept.
ctrl+x on a marked interval takes the mark back, and ctrl+z undoes the last such change
(in the grid letters type codes, so `u` is not undo here). Coming back to a lesson whose
clock ran on while the program was closed, the grid names the intervals that went by
with nothing coded and offers to mark them; Enter keeps them as they are, Esc changes
nothing.

**A team walk.** When a teammate who was in this room moves on, a line says where they
went; ctrl+f follows them, or stay and keep coding.
"""

REPORTS_INTRO = """\
Choose the report at the top: a school over a date range (YYYY-MM-DD; the school year by
default), a cycle, the district, feedback past its due date, or time in classrooms.
Counts only: no teacher is named, and nothing ranks a classroom.
"""

DEBRIEF_INTRO = """\
Rooms show as Room A, B... unless the team names them for its own debrief; teachers never
appear. Answers to the prompts are saved at every key. Times are in the zone the header
names.
"""

EXPLAIN = {
    "app.new_walk": "start a new walk",
    "app.protocols": "browse protocols",
    "resume": "resume the highlighted walk (a debriefed one takes up its visits again)",
    "debrief": "open the highlighted walk's debrief",
    "app.reports": "reports: a school, a cycle, the district, feedback due, time in classrooms",
    "delete_walk": "delete the highlighted walk (after asking): it leaves every list and report",
    "undelete_walk": "bring back the walk deleted last",
    "app.quit": "quit",
    "search": "search the walks as you type: school, protocol, focus, question or date (Enter: to the list)",
    "clear_search": "clear the search and show every walk again",
    "app.pop_screen": "back",
    "app.home": "back home without starting a walk",
    "start": "start the walk and choose the first room",
    "next_room": "leave this room, go to the next",
    "end_visits": "leave this room and end the walk's visits (then the debrief)",
    "next_kind": "next kind of evidence",
    "previous_kind": "previous kind of evidence",
    "groups": "student groups the note is about",
    "next_mark": "mark (e.g. level of thinking) where the kind has marks",
    "start_interview": "interview the next student (where the protocol has interviews)",
    "end_interview": "end the interview: notes are ordinary notes again",
    "next_question": "interview: show the next question (the answer goes to the question shown)",
    "previous_question": "interview: show the previous question",
    "toggle_tags": "switch between the note and the look-fors; there a letter tags the next note",
    "to_note": "in the look-fors: back to the note",
    "show_tab('patterns')": "patterns across the visits",
    "show_tab('prompts')": "debrief prompts and the team's answers",
    "show_tab('steps')": "next steps",
    "show_tab('notes')": "the walk's notes: edit, delete, every version",
    "edit_note": "edit the highlighted note's text (the old text stays in its history)",
    "delete_note": "delete the highlighted note after asking (kept as deleted; u or ctrl+z brings it back)",
    "undo_note_delete": "bring back the note just deleted",
    "stop_editing_note": "in the note editor: leave the note as it was",
    "export": "export the walk as Markdown, CSV or JSON",
    "feedback": "the reflective question to one room's teacher: draft it, set when it is due, mark it "
                "shared or discussed (private to you)",
    "toggle_room_names": "rooms by classroom name, or anonymous (Room A, B...)",
    "toggle_closed": "close the walk, or reopen it",
    "leave": "back to where the debrief was opened",
    "leave_field": "in a text field: leave it for the tabs",
    "add": "add a next step",
    "edit": "edit the highlighted next step",
    "toggle_done": "mark the highlighted step done, or open again",
    "delete": "delete the highlighted step after asking",
    "undo_delete": "undo the last delete",
    "stop_editing": "in the next-step form: back to the list",
    "run_report": "run the chosen report again (Enter in a date field does too)",
    "export_report": "export the report shown as Markdown or CSV (an owner-only file)",
    "close_reports": "back to where the reports were opened",
    "help": "this help, open at the screen you are on (`?` too, outside a text field)",
    "counts": "snapshot counts (k of N present) and the visit's typed items, where the protocol has them",
    "advance": "end the current interval now; the next one begins",
    "pause": "pause the interval clock (a fire drill, a visitor), or let it run again",
    "correct": "for a few seconds after an interval ends: keys correct that interval, or back to the current one",
    "switch": "between the code line and a note on the interval (where the protocol allows notes)",
    "focus_set(1)": "focus the next code set: a short code several sets share ticks that set's code",
    "focus_set(-1)": "focus the previous code set; past the first, none is focused and a shared code asks which set",
    "not_observed": "mark the interval being coded (or others typed: 2-4, 6) not observed: left out of every "
                    "count; on marked intervals, take the mark back",
    "undo": "undo the last not-observed change in the grid",
    "follow": "follow the teammate who last left this room into the room they are in now",
    "next_observer": "who is typing: the walk's next observer; notes, answers and next steps are saved under that name",
}

KEY_NAMES = {
    "question_mark": "?", "escape": "Esc", "enter": "Enter", "tab": "Tab", "delete": "Del",
    "space": "space", "f1": "F1", "slash": "/", "full_stop": ".", "comma": ",", "minus": "-",
    "plus": "+", "up": "↑", "down": "↓", "left": "←", "right": "→", "backspace": "Backspace",
}


def key_name(key: str) -> str:
    """``shift+tab`` -> ``shift+Tab``, ``question_mark`` -> ``?``: a key as the help writes it."""
    *modifiers, last = key.strip().split("+")
    return "+".join([*modifiers, KEY_NAMES.get(last, last)])


ROOM_EXPLAIN = {
    "next_room": "leave this room for the next: only you move, your teammates stay where they are; a "
                 "facilitator with teammates in rooms is asked whether to move the whole team",
}
"""How an action reads in a notes room where it does more than on other screens (a team walk)."""


def binding_rows(bindings, explain: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(keys, what they do) for each action of ``bindings``, in their order; keys of one action join.

    ``explain`` words some actions for this screen in particular, ahead of ``EXPLAIN``.
    """
    explain = {**EXPLAIN, **(explain or {})}
    keys: dict[str, list[str]] = {}
    described: dict[str, str] = {}
    for binding in bindings:
        binding = binding if isinstance(binding, Binding) else Binding(*binding)
        names = keys.setdefault(binding.action, [])
        names.extend(name for name in map(key_name, binding.key.split(",")) if name not in names)
        described.setdefault(binding.action, binding.description)
    return [(" or ".join(f"`{name}`" for name in names), explain.get(action, described[action]))
            for action, names in keys.items()]


def key_table(rows: list[tuple[str, str]]) -> str:
    """A Markdown table of (keys, what they do) rows."""
    lines = ["| key | |", "|---|---|"]
    lines.extend(f"| {keys} | {what} |" for keys, what in rows)
    return "\n".join(lines) + "\n"


def help_markdown() -> str:
    """The whole help: how a walk goes, and each screen's keys read from its BINDINGS."""
    from classwalk.tui.app import ClasswalkApp
    from classwalk.tui.screens.debrief import DebriefScreen
    from classwalk.tui.screens.home import HomeScreen
    from classwalk.tui.screens.interval_visit import IntervalVisitScreen
    from classwalk.tui.screens.new_walk import NewWalkScreen
    from classwalk.tui.screens.protocols import ProtocolsScreen
    from classwalk.tui.screens.reports import ReportsScreen
    from classwalk.tui.screens.visit import VisitScreen
    from classwalk.tui.widgets.debrief_notes import NoteEditor, NoteList
    from classwalk.tui.widgets.next_steps import NextStepForm, NextStepList

    sections = [
        INTRO,
        "## Home\n" + key_table(
            [("`Enter`", "resume a walk in progress; on a finished walk, open its debrief")]
            + binding_rows(HomeScreen.BINDINGS)),
        "## New walk\n" + key_table(binding_rows(NewWalkScreen.BINDINGS)),
        "## In a classroom\n" + VISIT_INTRO + "\n" + key_table(
            [("`Enter`", "save the note with its kind, tags and groups")]
            + binding_rows(VisitScreen.BINDINGS, ROOM_EXPLAIN)) + "\n" + VISIT_NOTES,
        "## Coding in intervals\n" + INTERVALS_INTRO + "\n" + key_table(
            [("a code's key", "tick or untick the code in the current interval")]
            + binding_rows(IntervalVisitScreen.BINDINGS)),
        "## Debrief\n" + DEBRIEF_INTRO + "\n" + key_table(binding_rows(DebriefScreen.BINDINGS)),
        "### Next steps (tab 3)\n" + key_table(
            binding_rows(NextStepList.BINDINGS) + binding_rows(NextStepForm.BINDINGS)
            + [("`Enter` in the form", "save the next step")]),
        "### Notes (tab 4)\n" + key_table(binding_rows(NoteList.BINDINGS) + binding_rows(NoteEditor.BINDINGS)
                                          + [("`Enter` in the editor", "save the note's new text")]),
        "## Reports\n" + REPORTS_INTRO + "\n" + key_table(binding_rows(ReportsScreen.BINDINGS)),
        "## Protocols\n" + key_table(binding_rows(ProtocolsScreen.BINDINGS)),
        "## Anywhere\n" + key_table(
            binding_rows(ClasswalkApp.BINDINGS)
            + [("`ctrl+p`", "command palette: new walk, protocols, home, and every key of the screen you are on "
                            "(those the footer has no room for too)"),
               ("`ctrl+q`", "quit (everything saved stays saved)")]),
    ]
    return "\n".join(sections)


# The help's section for each screen (by class name, so help needs no screen imported).
SECTIONS = {
    "HomeScreen": "Home", "NewWalkScreen": "New walk", "VisitScreen": "In a classroom",
    "IntervalVisitScreen": "Coding in intervals",
    "DebriefScreen": "Debrief", "ReportsScreen": "Reports", "ProtocolsScreen": "Protocols",
}


FIRST_SECTION = "Home"


def section_for(screen_stack) -> str | None:
    """The help section of the top-most screen that has one (a dialog's screen underneath counts)."""
    for screen in reversed(list(screen_stack)):
        section = SECTIONS.get(type(screen).__name__)
        if section:
            return section
    return None


def anchor(title: str) -> str:
    """A heading's anchor as Markdown documents make it: ``New walk`` -> ``new-walk``."""
    return "-".join(title.lower().split())


class HelpScreen(ModalScreen[None]):
    """Keys and how a walk goes, open at ``section`` (the screen it was asked from); Escape or q closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def __init__(self, section: str | None = None):
        super().__init__()
        self.section = section

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Markdown(help_markdown())

    def on_markdown_table_of_contents_updated(self) -> None:
        if self.section and self.section != FIRST_SECTION:  # Home's keys sit under the intro, at the top
            self.call_after_refresh(self.query_one(Markdown).goto_anchor, anchor(self.section))
