"""Help: how a walk goes and every key, one screen.

The key tables are read from the key table (:mod:`classwalk.tui.keymap`) that the screens
take their bindings from, so a key added or changed shows here without a second list to
keep in step.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from classwalk.tui.keymap import bindings, help_rows, key_name  # noqa: F401  (key_name: help's way of writing keys)

INTRO = """\
# classwalk

Walks are **descriptive, never evaluative**: write what students and the teacher said
and did, with counts where you can. Nothing here scores or ranks anyone. Students are
never named: interview answers are kept under *Student A*, *Student B*...

Keys sent all at once (a paste, a text expander, a fast burst) land where typing them
slowly would, on every screen and dialog: each key acts only once the one before it has
finished, and keys typed while a screen or dialog opens go to it. Times are shown in
this machine's time zone (`classwalk --tz ZONE` chooses another); in a browser, in the
browser's zone.
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

def key_table(rows: list[tuple[str, str]]) -> str:
    """A Markdown table of (keys, what they do) rows."""
    lines = ["| key | |", "|---|---|"]
    lines.extend(f"| {keys} | {what} |" for keys, what in rows)
    return "\n".join(lines) + "\n"


def help_markdown() -> str:
    """The whole help: how a walk goes, and the keys of each place, from the key table in its order."""
    from classwalk.tui.keymap import PLACES

    before = {"In a classroom": VISIT_INTRO, "Coding in intervals": INTERVALS_INTRO,
              "Debrief": DEBRIEF_INTRO, "Reports": REPORTS_INTRO}
    after = {"In a classroom": VISIT_NOTES}
    sections = [INTRO]
    for title, level, parts in PLACES:
        intro = before.get(title, "")
        sections.append(f"{'#' * level} {title}\n" + (intro + "\n" if intro else "")
                        + key_table(help_rows(*parts)) + ("\n" + after[title] if title in after else ""))
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

    BINDINGS = bindings("help")

    def __init__(self, section: str | None = None):
        super().__init__()
        self.section = section

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Markdown(help_markdown())

    def on_markdown_table_of_contents_updated(self) -> None:
        if self.section and self.section != FIRST_SECTION:  # Home's keys sit under the intro, at the top
            self.call_after_refresh(self.query_one(Markdown).goto_anchor, anchor(self.section))
