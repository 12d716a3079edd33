"""The interval coding grid: each code set's codes (rows) by the latest intervals (columns).

The current interval's column is highlighted; a tick shows where a code was seen, and an
interval marked not observed shows × (its number struck through). Each
code shows the key the observer types (its short code, or one made from its label), so
every code can be reached however many there are. One-choice items show their choices
for the interval being coded, the chosen one highlighted.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget

from classwalk.core.escape import for_terminal
from classwalk.tui.literal import for_widget_id

TICK, BLANK, AWAY = "■", "·", "×"
"""A code seen, not seen, and an interval marked not observed (its ticks stay, dimmed)."""


class CodeSetGrid(Widget):
    """One code set: a header line, then one line per code with a cell per interval shown."""

    DEFAULT_CSS = """
    CodeSetGrid {
        height: auto;
        width: 1fr;
        padding: 0 1 0 0;
    }
    """

    def __init__(self, code_set, keys_of: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.code_set = code_set
        self.keys_of = keys_of
        self.coding = None
        self.current = 1
        self.target = 1
        self.focused = False

    def show(self, coding, current: int, target: int) -> None:
        self.coding, self.current, self.target = coding, current, target
        self.refresh(layout=True)

    def set_focused(self, focused: bool) -> None:
        self.focused = focused
        self.refresh()

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.code_set.codes) + 1

    def columns(self, width: int) -> list[int]:
        """The intervals shown: the latest ones up to the current, as many as fit."""
        fit = max(1, min(8, (width - 18) // 3))
        last = max(self.current, self.target)
        return list(range(max(1, last - fit + 1), last + 1))

    def render(self) -> Text:
        width = self.size.width or 40
        columns = self.columns(width)
        label_width = max(6, width - 5 - 3 * len(columns))
        title = f"{'▶ ' if self.focused else ''}{for_terminal(self.code_set.label)}" \
                f"{'' if self.code_set.several else ' (one per interval)'}"
        header = Text(_fit(title, label_width + 4), style="reverse bold" if self.focused else "bold")
        away = self.coding.not_observed if self.coding is not None else frozenset()
        for number in columns:
            style = "reverse bold" if number == self.target else ("bold" if number == self.current else "dim")
            header.append(f"{number % 100:>3}", style=style + (" strike" if number in away else ""))
        lines = [header]
        prefix = f"{self.code_set.id}."
        for code in self.code_set.codes:
            code_id = prefix + code.id
            key = self.keys_of.get(code_id, "")
            line = Text(f"{key:>3} ", style="bold")
            ticked_now = self.coding is not None and code_id in self.coding.ticked(self.target)
            line.append(_fit(for_terminal(code.label), label_width), style="bold" if ticked_now else "")
            for number in columns:
                seen = self.coding is not None and code_id in self.coding.ticked(number)
                style = "reverse" if number == self.target else ""
                if number in away:
                    line.append(f" {TICK if seen else AWAY} ", style=(style + " dim").strip())
                    continue
                cell = f" {TICK if seen else BLANK} "
                line.append(cell, style=(style + (" bold" if seen else "")).strip())
            lines.append(line)
        return Text("\n").join(lines)


class ItemLine(Widget):
    """One one-choice item for the interval being coded: ``Students engaged: 1 few  2 some  3 most``."""

    DEFAULT_CSS = """
    ItemLine {
        height: auto;
    }
    """

    def __init__(self, item, keys_of: dict[tuple[str, str], str], **kwargs):
        super().__init__(**kwargs)
        self.item = item
        self.keys_of = keys_of
        self.chosen: str | None = None
        self.target = 1
        self.away = False

    def show(self, chosen: str | None, target: int, away: bool = False) -> None:
        self.chosen, self.target, self.away = chosen, target, away
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.render().wrap(self.app.console, max(1, width))))

    def render(self) -> Text:
        shown = f"interval {self.target}, not observed" if self.away else f"interval {self.target}"
        line = Text(f"{for_terminal(self.item.label)} ({shown}): ", style="bold")
        for choice in self.item.choices:
            key = self.keys_of.get((self.item.id, choice.id), "")
            chosen = choice.id == self.chosen
            line.append(f" {key} {for_terminal(choice.label)} ", style="reverse bold" if chosen else "")
            line.append(" ")
        return line


class IntervalGrid(VerticalScroll):
    """Every code set side by side (wrapping to rows on a narrow screen), then the items."""

    DEFAULT_CSS = """
    IntervalGrid {
        height: 1fr;
        border: round $primary;
        padding: 0 1;
    }
    IntervalGrid > Horizontal {
        height: auto;
    }
    """

    def __init__(self, intervals, keys: dict, **kwargs):
        super().__init__(**kwargs)
        self.intervals = intervals
        self.focused_set: str | None = None
        pairs = [(key, target) for key, targets in keys.items() for target in targets]
        self.code_keys = {target.code: key_label(intervals, key, target) for key, target in pairs if target.code}
        self.choice_keys = {(target.item, target.choice): key_label(intervals, key, target)
                            for key, target in pairs if target.item}

    def compose(self):
        with Horizontal():
            for code_set in self.intervals.code_sets:
                yield CodeSetGrid(code_set, self.code_keys, id=f"set-{for_widget_id(code_set.id)}")
        for item in self.intervals.items:
            yield ItemLine(item, self.choice_keys, id=f"item-{for_widget_id(item.id)}")

    def focus_set(self, set_id: str | None) -> None:
        """Highlight the code set shared short codes apply to (None: no set)."""
        self.focused_set = set_id
        for grid in self.query(CodeSetGrid):
            grid.set_focused(grid.code_set.id == set_id)

    def show(self, coding, current: int, target: int) -> None:
        for grid in self.query(CodeSetGrid):
            grid.show(coding, current, target)
        for line in self.query(ItemLine):
            line.show(coding.chosen(target).get(line.item.id), target, target in coding.not_observed)


def key_label(intervals, key: str, target) -> str:
    """How a key is shown: the protocol's short code as written, else the key in capitals."""
    if target.code:
        found = intervals.code(target.code)
        short = found[1].short if found else ""
    else:
        item = intervals.item(target.item)
        short = next((c.short for c in item.choices if c.id == target.choice), "") if item else ""
    return short or key.upper()


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[:width - 1] + "…"
