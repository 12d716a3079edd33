"""A new walk: the protocol (read before choosing), school, date, focus, slice, observers, mode."""

from __future__ import annotations

import datetime as dt
import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Header, Input, Label, Select, SelectionList, Static

from classwalk.core.model import Observer, Slice, Walk
from classwalk.core.protocol import MODE_LABELS
from classwalk.tui import clock
from classwalk.tui.literal import choices, literal
from classwalk.tui.text import TextProblem, clean_text
from classwalk.tui.widgets.protocol_preview import ProtocolPreview


class FormProblem(ValueError):
    """A field of the form that cannot be used as it is (the message names it)."""


def parse_observers(text: str, protocol) -> tuple[Observer, ...]:
    """``Ana: facilitator, Ben`` -> observers with role ids; roles must be the protocol's."""
    roles = {r.id.lower(): r.id for r in protocol.roles} | {r.label.lower(): r.id for r in protocol.roles}
    observers = []
    for part in clean_text(text, "Observers", max_length=1000, required=False).split(","):
        if not part.strip():
            continue
        name, _, role = part.partition(":")
        name = clean_text(name, "An observer's name")
        role = role.strip()
        if role and role.lower() not in roles:
            known = ", ".join(r.label for r in protocol.roles) or "none"
            raise FormProblem(f"Observers: {role!r} is not a role of this protocol (roles: {known})")
        observers.append(Observer(name=name, role=roles.get(role.lower(), "") if role else ""))
    if len(observers) < protocol.min_observers:
        raise FormProblem(f"Observers: this protocol needs at least {protocol.min_observers} (names, comma-separated)")
    if protocol.max_observers and len(observers) > protocol.max_observers:
        raise FormProblem(f"Observers: this protocol allows at most {protocol.max_observers}")
    return tuple(observers)


def parse_date(text: str) -> dt.date:
    cleaned = clean_text(text, "The date", max_length=10)
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise FormProblem(f"The date {cleaned!r} is not a date like 2026-11-23") from None


def parse_tier(text: str, tiered: bool) -> int | None:
    cleaned = clean_text(text, "The tier", max_length=3, required=False)
    if not cleaned:
        if tiered:
            raise FormProblem("The tier is needed for this kind of slice (1, 2 or 3)")
        return None
    if not re.fullmatch(r"[1-9]\d?", cleaned):
        raise FormProblem(f"The tier {cleaned!r} is not a number like 2")
    return int(cleaned)


class NewWalkScreen(Screen):
    """The form for a new walk; ctrl+s (or the button) starts it and asks for the first room."""

    BINDINGS = [
        Binding("ctrl+s", "start", "Start walk", priority=True),
        Binding("escape", "app.home", "Back"),
    ]

    def compose(self) -> ComposeResult:
        classwalk = self.app.classwalk
        self.protocols = [entry.protocol for entry in classwalk.protocols]
        schools = classwalk.store.schools()
        self.sub_title = "New walk"
        yield Header()
        with Horizontal(id="new-walk"):
            with VerticalScroll(id="walk-form"):
                yield Label("Protocol")
                yield Select(choices((p.name, p.id) for p in self.protocols), allow_blank=False, id="protocol",
                             value=self.protocols[0].id if self.protocols else Select.NULL)
                yield Label("School")
                yield Input(placeholder="school name", id="school",
                            suggester=SuggestFromList(schools, case_sensitive=False),
                            value=schools[0] if len(schools) == 1 else "")
                yield Label("Date")
                yield Input(value=clock.today().isoformat(), id="date")
                yield Label("Focus", id="focus-label")
                yield Input(placeholder="what this walk looks at", id="focus")
                yield Label("Guiding question", id="question-label")
                yield Input(placeholder="the question the walk tries to answer", id="question")
                yield Label("Focus shaped by (optional)")
                yield Input(placeholder="who chose the focus, e.g. grade 4 team", id="shaped-by")
                with Vertical(id="focus-categories-box"):
                    yield Label("Look-fors to keep to (none: all)")
                    yield SelectionList[str](id="focus-categories")
                with Vertical(id="slice-box"):
                    yield Label("Slice of learning")
                    yield Select([], id="slice-kind", prompt="kind of slice")
                    yield Input(placeholder="tier (1, 2, 3)", id="slice-tier")
                    yield Input(placeholder="e.g. Tier 2 phonics block, 15 min", id="slice-description")
                yield Label("Observers (Name: role, comma-separated)", id="observers-label")
                yield Input(placeholder="e.g. Ana: facilitator, Ben", id="observers")
                yield Label("Mode")
                yield Select([(label, mode) for mode, label in MODE_LABELS.items()], id="mode", allow_blank=False)
                with Vertical(id="timing-box"):
                    yield Label("Visit length")
                    yield Select([("usual", "")], id="timing", allow_blank=False)
                yield Button("Start walk (ctrl+s)", variant="primary", id="start")
            yield VerticalScroll(ProtocolPreview(id="preview"), id="preview-box")
        yield Static("", id="form-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        if not self.protocols:
            self.query_one("#form-message", Static).update("No protocols are installed: see 'classwalk plugins'.")
            return
        self.show_protocol(self.protocols[0])
        self.query_one("#protocol", Select).focus()

    @property
    def protocol(self):
        value = self.query_one("#protocol", Select).value
        return next((p for p in self.protocols if p.id == value), None)

    @on(Select.Changed, "#protocol")
    def _protocol_changed(self) -> None:
        if self.protocol is not None:
            self.show_protocol(self.protocol)

    def show_protocol(self, protocol) -> None:
        """Show the protocol and only the fields it asks for."""
        self.query_one(ProtocolPreview).show(protocol)
        self.query_one("#focus-label", Label).update("Focus" + (" (needed)" if protocol.requires_focus else ""))
        self.query_one("#question-label", Label).update(
            "Guiding question" + (" (needed)" if protocol.requires_guiding_question else ""))
        roles = ", ".join(r.label for r in protocol.roles)
        self.query_one("#observers-label", Label).update(
            literal("Observers (Name: role, comma-separated)" + (f"\nroles: {roles}" if roles else "")))
        categories = self.query_one("#focus-categories", SelectionList)
        categories.clear_options()
        categories.add_options([(literal(c.label), c.id) for c in protocol.categories])
        self.query_one("#focus-categories-box").display = protocol.focus_narrows_look_fors
        self.query_one("#slice-kind", Select).set_options(choices((k.label, k.id) for k in protocol.slice_kinds))
        self.query_one("#slice-box").display = bool(protocol.requires_slice or protocol.slice_kinds)
        self.query_one("#mode", Select).set_options(choices((MODE_LABELS.get(m, m), m) for m in protocol.modes))
        timing = self.query_one("#timing", Select)
        timing.set_options(choices([(f"usual ({protocol.timing.target_minutes:g} min)", "")] +
                                   [(f"{v.label} ({v.target_minutes:g} min)", v.id) for v in protocol.timing.variants]))
        self.query_one("#timing-box").display = bool(protocol.timing.variants)

    def _walk(self) -> Walk:
        protocol = self.protocol
        if protocol is None:
            raise FormProblem("Choose a protocol first")
        value = lambda field_id: self.query_one(f"#{field_id}", Input).value  # noqa: E731
        focus = clean_text(value("focus"), "The focus", required=protocol.requires_focus)
        question = clean_text(value("question"), "The guiding question", max_length=500,
                              required=protocol.requires_guiding_question)
        walk_slice = None
        kind_value = self.query_one("#slice-kind", Select).value
        if protocol.slice_kinds and kind_value != Select.NULL:
            kind = next(k for k in protocol.slice_kinds if k.id == kind_value)
            walk_slice = Slice(kind=kind.id, tier=parse_tier(value("slice-tier"), kind.tiered),
                               description=clean_text(value("slice-description"), "The slice description",
                                                      max_length=500, required=False))
        elif protocol.requires_slice:
            raise FormProblem("The slice of learning is needed: choose its kind")
        mode = self.query_one("#mode", Select).value
        variant = self.query_one("#timing", Select).value
        return Walk(
            protocol_id=protocol.id, protocol_version=protocol.version,
            school=clean_text(value("school"), "The school"), date=parse_date(value("date")),
            focus=focus, guiding_question=question,
            focus_shaped_by=clean_text(value("shaped-by"), "Focus shaped by", required=False),
            focus_categories=tuple(self.query_one("#focus-categories", SelectionList).selected)
            if protocol.focus_narrows_look_fors else (),
            slice=walk_slice, observers=parse_observers(value("observers"), protocol),
            mode=mode if isinstance(mode, str) else protocol.modes[0],
            timing_variant=variant if isinstance(variant, str) and variant else None,
        )

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        try:
            walk = self._walk()
        except (TextProblem, FormProblem) as problem:
            self.query_one("#form-message", Static).update(literal(str(problem)))
            self.notify(str(problem), severity="error", markup=False)
            return
        self.app.classwalk.store.save_walk(walk)
        from classwalk.tui.screens.visit import start_or_resume

        start_or_resume(self.app, walk.id)
