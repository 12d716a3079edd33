"""Help: how a walk goes and every key, one screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# classwalk

Walks are **descriptive, never evaluative**: write what students and the teacher said
and did, with counts where you can. Nothing here scores or ranks anyone. Students are
never named: interview answers are kept under *Student A*, *Student B*...

## Home
| key | |
|---|---|
| `n` | start a new walk |
| `r` or Enter | resume the highlighted walk in progress |
| `d` | open a walk's debrief |
| `p` | browse protocols |
| `q` | quit |

## In a classroom
The note line always has the cursor. **Enter saves the note at once** (it cannot be
lost); what you type is kept as a draft until then, even if the laptop dies.

| key | |
|---|---|
| Enter | save the note with its kind, tags and groups |
| Esc or ctrl+t | switch between the note and the look-fors; there a letter tags the next note (Enter goes back) |
| Tab / shift+Tab | next / previous kind of evidence |
| ctrl+r | mark (e.g. level of thinking) where the kind has marks |
| ctrl+g | student groups the note is about |
| ctrl+s / ctrl+y | interview: next student / next question (where the protocol has them) |
| ctrl+n | leave this room, go to the next |
| ctrl+o | leave this room and end the walk's visits (then the debrief) |

The timer shows time in the room against the protocol's target: amber at the target,
red past the longest visit. In video mode, start a note with `@m:ss` to say where in
the video it was seen.

A ⚠ line appears while the note holds a judgement word ("great", "should"...). It is
advice only: the note saves either way.

Inside tmux, set `escape-time` to a few milliseconds (`set -sg escape-time 10`) so Esc
is not read together with the next key; ctrl+t does the same as Esc.

## Anywhere
| key | |
|---|---|
| `?` or F1 | this help |
| ctrl+p | command palette (new walk, protocols, home, next room...) |
| ctrl+q | quit (everything saved stays saved) |
"""


class HelpScreen(ModalScreen[None]):
    """Keys and how a walk goes; Escape or q closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Markdown(HELP)
