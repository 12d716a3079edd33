"""The look-fors of a visit, each with one key that tags the next note with it.

Categories stay in the protocol's order; where the order matters (Downey's steps),
the first step not yet noted in this visit is marked as the current one.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from classwalk.tui.literal import for_widget_id, terminal_content

KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"


def look_for_keys(categories) -> dict[str, str]:
    """Key -> look-for id, in the order shown (look-fors past the last key get none)."""
    ids = [lf.id for category in categories for lf in category.look_fors]
    return dict(zip(KEYS, ids))


class LookForRow(Static):
    """One look-for: its key, its label, and a tick when the next note carries it."""

    def __init__(self, key: str, look_for, **kwargs):
        super().__init__("", **kwargs)
        self.key = key
        self.look_for = look_for
        self.tooltip = terminal_content(look_for.description) if look_for.description else None

    def show(self, chosen: bool) -> None:
        self.set_class(chosen, "-chosen")
        mark = "✓" if chosen else " "
        self.update(terminal_content(f"{self.key or ' '} {mark} {self.look_for.label}"))

    def on_click(self) -> None:
        self.post_message(LookForList.Toggled(self.look_for.id, by_click=True))


class LookForList(VerticalScroll, can_focus=True):
    """Categories and look-fors, each with its key (the visit screen reads the keys as they arrive)."""

    class Toggled(Message):
        """The observer toggled a look-for tag (by key or by click)."""

        def __init__(self, look_for_id: str, by_click: bool = False) -> None:
            super().__init__()
            self.look_for_id = look_for_id
            self.by_click = by_click

    def __init__(self, categories, ordered: bool, **kwargs):
        super().__init__(**kwargs)
        self.categories = categories
        self.ordered = ordered
        self.keys = look_for_keys(categories)
        self.key_of = {look_for_id: key for key, look_for_id in self.keys.items()}

    def compose(self) -> ComposeResult:
        for category in self.categories:
            yield Static(terminal_content(category.label), classes="category", id=f"cat-{for_widget_id(category.id)}")
            for look_for in category.look_fors:
                yield LookForRow(self.key_of.get(look_for.id, ""), look_for, id=f"lf-{for_widget_id(look_for.id)}")

    def show(self, chosen: set[str], noted_categories: set[str]) -> None:
        """Tick the chosen look-fors; mark the current step when the order matters.

        A look-for just ticked is scrolled into view, so the tag a key set is never on a
        row out of sight.
        """
        before = getattr(self, "_chosen", set())
        self._chosen = set(chosen)
        newly = None
        for row in self.query(LookForRow):
            row.show(row.look_for.id in chosen)
            if row.look_for.id in chosen and row.look_for.id not in before:
                newly = row
        if newly is not None:
            self.call_after_refresh(self.scroll_to_widget, newly, animate=False)
        current = None
        if self.ordered:
            current = next((c.id for c in self.categories if c.id not in noted_categories), None)
        for category in self.categories:
            header = self.query_one(f"#cat-{for_widget_id(category.id)}", Static)
            header.set_class(category.id == current, "-current")
            header.set_class(category.id in noted_categories, "-noted")
