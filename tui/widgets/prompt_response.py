"""One debrief prompt with the team's answer, saved as it is typed.

Every change hands the text to the ``save`` callback the screen gives, before the next
key is read, so a crash mid-sentence loses nothing typed. Other observers' answers to
the prompt show below.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text

from classwalk.core.escape import for_editable_field, is_terminal_safe
from classwalk.tui.literal import terminal_text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from classwalk.core.records.model import DebriefResponse
from classwalk.features.outputs import localtime
from classwalk.core.protocols.protocol import Prompt

MAX_RESPONSE = 20_000


def when(response: DebriefResponse) -> str:
    return localtime.stamp(response.updated_at)


def describe_other(response: DebriefResponse, mine: DebriefResponse | None) -> str:
    """Another answer to the prompt: who wrote it, when, and whether an import kept it as a second version."""
    author = response.author or "another observer"
    text = " ".join(response.text.split())
    if response.conflict_of is not None:
        whose = "this answer" if mine is not None and response.conflict_of == mine.id else f"{author}'s answer"
        return f"another version of {whose}, kept by an import (written {when(response)}): {text}"
    return f"{author} ({when(response)}): {text}"


class ResponseArea(TextArea):
    """The text area holding the observer's answer to one prompt.

    A control character in an answer (one imported from another device) is drawn as a
    picture (``␛``), one for one so the cursor stays right; the text itself is unchanged.
    """

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if not is_terminal_safe(line.plain):
            line.plain = for_editable_field(line.plain)
        return line


class PromptResponse(Vertical):
    """A prompt, its help, the observer's answer, and what others answered."""

    DEFAULT_CSS = """
    PromptResponse { height: auto; margin: 0 0 1 0; }
    PromptResponse .prompt-text { text-style: bold; }
    PromptResponse .prompt-help { color: $text-muted; }
    PromptResponse ResponseArea { height: 5; border-subtitle-color: $text-muted; }
    PromptResponse .prompt-others { color: $text-muted; }
    """

    def __init__(self, number: int, total: int, prompt: Prompt, mine: DebriefResponse | None,
                 others: list[DebriefResponse], save: Callable[[str, str], None]):
        super().__init__(id=f"prompt-{prompt.id}")
        self.number = number
        self.total = total
        self.prompt = prompt
        self.mine = mine
        self.saved_text = mine.text if mine else ""
        self.others = others
        self._save = save
        self._pending: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(terminal_text(f"{self.number}/{self.total} {self.prompt.text}"), classes="prompt-text")
        if self.prompt.help:
            yield Static(terminal_text(self.prompt.help), classes="prompt-help")
        area = ResponseArea(self.saved_text, id=f"answer-{self.prompt.id}",
                            placeholder="Type the team's answer; it is saved as you type.")
        mine = self.mine
        conflicted = mine is not None and any(o.conflict_of == mine.id for o in self.others)
        area.border_title = f"answer (this version written {when(mine)})" if conflicted else "answer"
        area.border_subtitle = "saved" if self.saved_text else ""
        yield area
        for other in self.others:
            yield Static(terminal_text(describe_other(other, self.mine)), classes="prompt-others")

    @property
    def text(self) -> str:
        return self.query_one(ResponseArea).text

    @property
    def pending(self) -> bool:
        return self._pending is not None

    def on_descendant_blur(self) -> None:
        """Leaving the field saves at once."""
        self.flush()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if len(text) > MAX_RESPONSE:
            self.app.notify(f"Answers are kept to {MAX_RESPONSE} characters; the rest was cut.",
                            severity="warning")
            event.text_area.load_text(text[:MAX_RESPONSE])
            return
        if text == self.saved_text and self._pending is None:
            return
        self._pending = text
        self.flush()

    def flush(self) -> None:
        """Ask for a save of what is typed, if it is not saved yet."""
        if self._pending is None:
            return
        text, self._pending = self._pending, None
        if text != self.saved_text:
            self.saved_text = text
            self.query_one(ResponseArea).border_subtitle = "saving…"
            self._save(self.prompt.id, text)

    def show_written(self, text: str, error: str | None = None) -> None:
        """The screen reports that ``text`` reached the database (or did not)."""
        area = self.query_one(ResponseArea)
        if error is not None:
            self.saved_text = None
            area.border_subtitle = "NOT SAVED: keep this text; it is retried when you type"
        elif text == area.text and self._pending is None:
            area.border_subtitle = "saved"

    def on_unmount(self) -> None:
        self.flush()
