"""A protocol at a glance: description, timing, look-fors, what it asks of a walk."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from classwalk.core.protocols.protocol import MODE_LABELS
from classwalk.tui.literal import terminal_content, terminal_line

BOLD = "bold"


def _minutes(value: float) -> str:
    return f"{value:g} min"


def describe_protocol(protocol) -> Content:
    """``protocol`` described for the picker and the protocols screen (its text shown literally)."""
    timing = protocol.timing
    lines = [terminal_line((protocol.name, BOLD), "  ", (f"(version {protocol.version})", "dim")),
             terminal_content(" ".join(protocol.description.split())), terminal_content("")]
    lines.append(terminal_line(
        ("Timing", BOLD), f" about {_minutes(timing.target_minutes)} a room "
        f"({_minutes(timing.min_minutes)} to {_minutes(timing.max_minutes)})"
        + (f", a prompt every {_minutes(timing.interval_minutes)}" if timing.interval_minutes else "")
    ))
    for variant in timing.variants:
        lines.append(terminal_content(f"  or {variant.label}: about {_minutes(variant.target_minutes)}"))
    observers = f"{protocol.min_observers}" + (
        f" to {protocol.max_observers}" if protocol.max_observers and protocol.max_observers != protocol.min_observers
        else "" if protocol.max_observers else " or more")
    lines.append(terminal_line(("Observers", BOLD), f" {observers}; modes: "
                        + ", ".join(MODE_LABELS.get(m, m) for m in protocol.modes)))
    needs = [name for flag, name in (
        (protocol.requires_focus, "a focus"), (protocol.requires_guiding_question, "a guiding question"),
        (protocol.requires_slice, "a slice of learning")) if flag]
    if needs:
        lines.append(terminal_line(("Needs", BOLD), " " + ", ".join(needs)))
    lines.append(terminal_content(""))
    lines.append(terminal_line(("Look-fors", BOLD), " (in order)" if protocol.ordered_categories else ""))
    for category in protocol.categories:
        lines.append(terminal_line("  ", (category.label, BOLD)))
        for look_for in category.look_fors:
            lines.append(terminal_content(f"    · {look_for.label}"))
    lines.append(terminal_content(""))
    lines.append(terminal_line(("Evidence kinds", BOLD), " " + ", ".join(
        k.label + (" (after the room)" if k.when == "after" else "") for k in protocol.evidence_kinds)))
    if protocol.interview_questions:
        lines.append(terminal_line(("Student questions", BOLD)))
        lines.extend(terminal_content(f"  · {q.text}") for q in protocol.interview_questions)
    if protocol.debrief_prompts:
        lines.append(terminal_line(("Debrief prompts", BOLD)))
        lines.extend(terminal_content(f"  · {p.text}") for p in protocol.debrief_prompts)
    return Content("\n").join(lines)


class ProtocolPreview(Static):
    """Shows one protocol's description, timing and look-fors."""

    def show(self, protocol) -> None:
        self.update(describe_protocol(protocol) if protocol else "No protocol chosen.")
