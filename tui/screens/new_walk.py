"""A new walk: the protocol (read before choosing), school, date, focus, slice, observers, mode."""

from __future__ import annotations

import datetime as dt
import json
import re
from contextlib import contextmanager

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Header, Input, Label, Select, SelectionList, Static
from classwalk.tui import keymap
from classwalk.tui.widgets.safe_input import SafeInput

from classwalk.core.errors import ClasswalkError
from classwalk.core.records.model import Observer, Slice, Walk
from classwalk.core.protocols.protocol import MODE_LABELS
from classwalk.tui import clock, form_draft
from classwalk.tui.data import app_door
from classwalk.tui.literal import terminal_choices, terminal_content
from classwalk.core.escape import for_terminal
from classwalk.core.text import plural
from classwalk.tui.text import TextProblem, clean_name, clean_text
from classwalk.tui.widgets.protocol_preview import ProtocolPreview
from classwalk.tui.widgets.help_footer import HelpFooter
from classwalk.tui.widgets.ticked import TickedSelectionList


FORM_DRAFT_KEY = "new-walk-form"
FORM_FIELDS = ("protocol", "school", "date", "focus", "question", "shaped-by", "focus-categories", "slice-kind",
               "slice-tier", "slice-description", "observers", "mode", "timing")


class FormProblem(ValueError):
    """A field of the form that cannot be used as it is (the message names it)."""


class FieldProblem(ValueError):
    """A problem with one field of the form: ``field_id`` is where the cursor goes."""

    def __init__(self, field_id: str, message: str):
        super().__init__(message)
        self.field_id = field_id


@contextmanager
def field(field_id: str):
    """Read one field: a problem inside names ``field_id`` as the field at fault."""
    try:
        yield
    except (TextProblem, FormProblem) as problem:
        raise FieldProblem(field_id, str(problem)) from None


def describe_observers(text: str, protocol) -> str:
    """What the observers field holds, read as the observer types: names and roles, or the problem."""
    try:
        observers = parse_observers(text, protocol)
    except (TextProblem, FormProblem) as problem:
        names = [part.partition(":")[0].strip() for part in text.split(",") if part.strip()]
        if names and isinstance(problem, FormProblem) and "at least" in str(problem):
            return f"{plural(len(names), 'observer')}: {', '.join(names)}; {str(problem).split(': ', 1)[1]}"
        return str(problem)
    if not observers:
        return "No observers yet."
    labels = {r.id: r.label for r in protocol.roles}
    named = ", ".join(f"{o.name} ({labels.get(o.role, o.role)})" if o.role else o.name for o in observers)
    return f"{plural(len(observers), 'observer')}: {named}"


def parse_observers(text: str, protocol) -> tuple[Observer, ...]:
    """``Ana: facilitator, Ben`` -> observers with role ids; roles must be the protocol's."""
    roles = {r.id.lower(): r.id for r in protocol.roles} | {r.label.lower(): r.id for r in protocol.roles}
    observers = []
    for part in clean_text(text, "Observers", max_length=1000, required=False).split(","):
        if not part.strip():
            continue
        name, _, role = part.partition(":")
        name = clean_name(name, "An observer's name")
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


class FieldRow(Horizontal):
    """One line of the form: a label on the left, its field on the right."""

    def __init__(self, label: str, *children, id: str, label_id: str | None = None):
        super().__init__(Label(label, id=label_id, classes="field-label"), *children, id=id, classes="field-row")


class NewWalkScreen(Screen):
    """The form for a new walk; ctrl+s (or the button) starts it and asks for the first room.

    Each field is one line (label, then the field), so the whole form fits an 80×24
    terminal with little scrolling; only the fields the chosen protocol asks for show.
    """

    BINDINGS = keymap.bindings("new_walk")

    def compose(self) -> ComposeResult:
        classwalk = self.app.api
        self.protocols = [entry.protocol for entry in classwalk.protocols]
        schools = app_door(self.app).schools()
        self.sub_title = "New walk"
        yield Header()
        with Horizontal(id="new-walk"):
            with VerticalScroll(id="walk-form"):
                yield FieldRow("Protocol", Select(
                    terminal_choices((p.name, p.id) for p in self.protocols), allow_blank=False, id="protocol",
                    value=self.protocols[0].id if self.protocols else Select.NULL, compact=True), id="protocol-row")
                limit = getattr(self.app, "school_limit", None)
                yield FieldRow("School", SafeInput(
                    placeholder="school name", id="school", compact=True,
                    suggester=SuggestFromList(schools, case_sensitive=False),
                    value=limit or (schools[0] if len(schools) == 1 else ""), disabled=bool(limit)),
                    id="school-row")
                yield FieldRow("Date", SafeInput(value=clock.today().isoformat(), id="date", compact=True),
                               id="date-row")
                yield FieldRow("Focus", SafeInput(placeholder="what this walk looks at", id="focus", compact=True),
                               id="focus-row", label_id="focus-label")
                yield FieldRow("Question", SafeInput(placeholder="the question the walk tries to answer",
                                                 id="question", compact=True),
                               id="question-row", label_id="question-label")
                yield FieldRow("Shaped by", SafeInput(placeholder="optional: who chose the focus, e.g. grade 4 team",
                                                  id="shaped-by", compact=True), id="shaped-by-row")
                with Vertical(id="focus-categories-box", classes="field-block"):
                    yield Label("Look-fors to keep to (space picks; none picked: all)", classes="field-label")
                    yield TickedSelectionList(id="focus-categories", compact=True)
                yield FieldRow("Slice kind", Select([], id="slice-kind", prompt="choose one",
                                                    compact=True), id="slice-kind-row", label_id="slice-label")
                yield FieldRow("Tier", SafeInput(placeholder="1, 2 or 3", id="slice-tier", compact=True),
                               id="slice-tier-row")
                yield FieldRow("Slice detail", SafeInput(placeholder="optional: e.g. phonics block, 15 min",
                                                     id="slice-description", compact=True),
                               id="slice-description-row")
                yield FieldRow("Observers", SafeInput(placeholder="Name: role, comma-separated", id="observers",
                                                  value=getattr(self.app, "fixed_observer", None) or "",
                                                  compact=True), id="observers-row", label_id="observers-label")
                yield Static("", id="observers-read", classes="field-hint")
                yield FieldRow("Mode", Select([(label, mode) for mode, label in MODE_LABELS.items()],
                                              id="mode", allow_blank=False, compact=True), id="mode-row")
                yield FieldRow("Visit length", Select([("usual", "")], id="timing", allow_blank=False,
                                                      compact=True), id="timing-row")
                yield Button("Start walk (ctrl+s)", variant="primary", id="start", compact=True)
            yield VerticalScroll(ProtocolPreview(id="preview"), id="preview-box")
        yield Static("", id="form-message", classes="message")
        yield HelpFooter()

    def on_mount(self) -> None:
        if not self.protocols:
            self.query_one("#form-message", Static).update("No protocols are installed: see 'classwalk plugins'.")
            return
        self.show_protocol(self.protocols[0])
        self.query_one("#protocol", Select).focus()
        self._untouched = form_draft.read_fields(self, FORM_FIELDS)  # before any key can arrive
        self.call_after_refresh(self._bring_back_draft)

    # the form kept as a draft on every change ------------------------------------

    def _bring_back_draft(self) -> None:
        """Put back what was typed in the form last time (a crash, or Esc before starting)."""
        try:
            self._walks_before = {walk.id for walk in app_door(self.app).walks()}
        except Exception:
            self._walks_before = None
        now = form_draft.read_fields(self, FORM_FIELDS)
        untouched = getattr(self, "_untouched", now)
        # the form's draft comes before any walk, so no walk's door holds it: it is the store's own
        draft = form_draft.load(self.app.api.store, self.draft_key)
        # a field typed in already (keys may arrive before this runs) keeps what was typed
        draft = {k: v for k, v in draft.items() if now.get(k) == untouched.get(k)}
        if draft:
            if draft.get("protocol") and draft["protocol"] != self.query_one("#protocol", Select).value:
                form_draft.fill_fields(self, {"protocol": draft["protocol"]})
                if self.protocol is not None:
                    self.show_protocol(self.protocol)
            form_draft.fill_fields(self, {k: v for k, v in draft.items() if k != "protocol"})
            self.notify("The form is as you left it.", markup=False, timeout=3)
        self._keeping_draft = True
        self._keep_draft()  # what was typed before the draft came back is kept too

    @property
    def draft_key(self) -> str:
        """This form's draft: one per observer and device, so nobody else's form shows it."""
        from classwalk.core.storage.paths import this_device

        observer = getattr(self.app, "fixed_observer", None) or ""
        device = this_device()
        if not (observer or device):
            return FORM_DRAFT_KEY
        return f"{FORM_DRAFT_KEY}:" + json.dumps([observer, device], ensure_ascii=False)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _keep_draft(self) -> None:
        if not getattr(self, "_keeping_draft", False):
            return
        try:
            form_draft.save(self.app.api.store, self.draft_key, form_draft.read_fields(self, FORM_FIELDS),
                            self._untouched)
        except Exception as error:  # the fields keep what was typed; the next change tries again
            self.query_one("#form-message", Static).update(terminal_content(f"Draft not written ({error})."))

    def on_unmount(self) -> None:
        """A walk started from this form: its draft has done its job."""
        before = getattr(self, "_walks_before", None)
        if before is None:
            return
        try:
            if {walk.id for walk in app_door(self.app).walks()} - before:
                self.app.api.store.clear_draft(self.draft_key)  # no walk's draft: see _bring_back_draft
        except Exception:  # a leftover draft only fills the next form
            pass

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
        self.query_one("#focus-label", Label).update("Focus" + (" *" if protocol.requires_focus else ""))
        self.query_one("#question-label", Label).update(
            "Question" + (" *" if protocol.requires_guiding_question else ""))
        self.query_one("#slice-label", Label).update("Slice kind" + (" *" if protocol.requires_slice else ""))
        categories = self.query_one("#focus-categories", SelectionList)
        categories.clear_options()
        categories.add_options([(terminal_content(c.label), c.id) for c in protocol.categories])
        self.query_one("#focus-categories-box").display = protocol.focus_narrows_look_fors
        self.query_one("#slice-kind", Select).set_options(terminal_choices((k.label, k.id) for k in protocol.slice_kinds))
        has_slice = bool(protocol.requires_slice or protocol.slice_kinds)
        for row in ("#slice-kind-row", "#slice-description-row"):
            self.query_one(row).display = has_slice
        self._show_tier()
        self.query_one("#mode", Select).set_options(terminal_choices((MODE_LABELS.get(m, m), m) for m in protocol.modes))
        self.query_one("#mode-row").display = len(protocol.modes) > 1
        timing = self.query_one("#timing", Select)
        timing.set_options(terminal_choices([(f"usual ({protocol.timing.target_minutes:g} min)", "")] +
                                   [(f"{v.label} ({v.target_minutes:g} min)", v.id) for v in protocol.timing.variants]))
        if protocol.timing.variants:  # the value stays "usual": pass by a variant so its label redraws
            timing.value = protocol.timing.variants[0].id
            timing.value = ""
        self.query_one("#timing-row").display = bool(protocol.timing.variants)
        self.query_one("#observers-label", Label).update(
            "Observers" + (" *" if protocol.min_observers else ""))
        self._read_observers()

    def _slice_kind(self):
        protocol, value = self.protocol, self.query_one("#slice-kind", Select).value
        if protocol is None or value == Select.NULL:
            return None
        return next((k for k in protocol.slice_kinds if k.id == value), None)

    def _show_tier(self) -> None:
        """The tier line shows whenever the protocol has a tiered kind of slice, so choosing a
        kind never moves the fields below it; it is needed (and read) for a tiered kind only."""
        protocol = self.protocol
        self.query_one("#slice-tier-row").display = bool(protocol and any(k.tiered for k in protocol.slice_kinds))

    @on(Select.Changed, "#slice-kind")
    def _slice_kind_changed(self) -> None:
        self._show_tier()
        self._clear_fixed_message()

    @on(Input.Changed, "#observers")
    def _read_observers(self) -> None:
        """Names register as they are typed: the line below says who the walk's observers are."""
        protocol = self.protocol
        if protocol is None:
            return
        roles = ", ".join(r.label for r in protocol.roles)
        text = self.query_one("#observers", Input).value
        reading = describe_observers(text, protocol) if text.strip() else (
            f"Names, comma-separated; a role after a colon ({roles})." if roles
            else "Names, comma-separated.")
        self.query_one("#observers-read", Static).update(terminal_content(reading))

    @on(Input.Changed)
    @on(SelectionList.SelectedChanged)
    def _field_changed(self) -> None:
        self._clear_fixed_message()

    def _clear_fixed_message(self) -> None:
        """An error message goes away once its field reads cleanly."""
        problem = getattr(self, "_problem", None)
        if problem is None:
            return
        try:
            self._walk()
        except FieldProblem as current:
            if current.field_id == problem.field_id and str(current) == str(problem):
                return
        self._problem = None
        self.query_one("#form-message", Static).update("")

    def _walk(self) -> Walk:
        protocol = self.protocol
        if protocol is None:
            raise FieldProblem("protocol", "Choose a protocol first")
        value = lambda field_id: self.query_one(f"#{field_id}", Input).value  # noqa: E731
        with field("school"):
            school = clean_name(value("school"), "The school")
        with field("date"):
            date = parse_date(value("date"))
        with field("focus"):
            focus = clean_name(value("focus"), "The focus", required=protocol.requires_focus)
        with field("question"):
            question = clean_name(value("question"), "The guiding question", max_length=500,
                                  required=protocol.requires_guiding_question)
        with field("shaped-by"):
            shaped_by = clean_name(value("shaped-by"), "Focus shaped by", required=False)
        walk_slice = None
        kind = self._slice_kind()
        if protocol.slice_kinds and kind is not None:
            with field("slice-tier"):
                tier = parse_tier(value("slice-tier"), kind.tiered) if kind.tiered else None
            with field("slice-description"):
                description = clean_text(value("slice-description"), "The slice description",
                                         max_length=500, required=False)
            walk_slice = Slice(kind=kind.id, tier=tier, description=description)
        elif protocol.requires_slice:
            raise FieldProblem("slice-kind", "The slice of learning is needed: choose its kind")
        with field("observers"):
            observers = parse_observers(value("observers"), protocol)
        mode = self.query_one("#mode", Select).value
        variant = self.query_one("#timing", Select).value
        return Walk(
            protocol_id=protocol.id, protocol_version=protocol.version,
            school=school, date=date, focus=focus, guiding_question=question, focus_shaped_by=shaped_by,
            focus_categories=tuple(self.query_one("#focus-categories", SelectionList).selected)
            if protocol.focus_narrows_look_fors else (),
            slice=walk_slice, observers=observers,
            mode=mode if isinstance(mode, str) else protocol.modes[0],
            timing_variant=variant if isinstance(variant, str) and variant else None,
        )

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        """The button (a click or a tap) starts the walk just as ctrl+s does: from the app, so
        the room dialog's answer reaches the app after this form has closed."""
        self.app.call_later(self._start_if_open)

    def _start_if_open(self) -> None:
        if self.app.screen is self:  # a second click after the walk started starts nothing
            self.action_start()

    def action_start(self) -> None:
        try:
            walk = self._walk()
        except FieldProblem as problem:
            self._problem = problem
            self.query_one("#form-message", Static).update(terminal_content(str(problem)))
            self.notify(for_terminal(problem, lines=True), severity="error", markup=False)
            self.query_one(f"#{problem.field_id}").focus()
            return
        try:  # the door checks the walk once more, with this run's scope (its school, its own walks)
            walk = app_door(self.app).start_walk(
                walk.protocol_id, school=walk.school, date=walk.date, observers=walk.observers, focus=walk.focus,
                guiding_question=walk.guiding_question, focus_shaped_by=walk.focus_shaped_by,
                focus_categories=walk.focus_categories, slice=walk.slice, mode=walk.mode,
                timing_variant=walk.timing_variant, cycle_id=walk.cycle_id, name_rooms=walk.name_rooms)
        except ClasswalkError as error:
            self.query_one("#form-message", Static).update(terminal_content(str(error)))
            self.notify(for_terminal(error, lines=True), severity="error", markup=False)
            return
        from classwalk.tui.screens.visit import start_or_resume

        start_or_resume(self.app, walk.id)
