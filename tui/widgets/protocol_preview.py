"""A protocol at a glance: description, timing, look-fors, what it asks of a walk."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from classwalk.core.protocol import MODE_LABELS


def _minutes(value: float) -> str:
    return f"{value:g} min"


def describe_protocol(protocol) -> str:
    """Rich markup describing ``protocol`` for the picker and the protocols screen."""
    timing = protocol.timing
    lines = [f"[b]{escape(protocol.name)}[/b]  [dim](version {escape(protocol.version)})[/dim]",
             escape(" ".join(protocol.description.split())), ""]
    lines.append(
        f"[b]Timing[/b] about {_minutes(timing.target_minutes)} a room "
        f"({_minutes(timing.min_minutes)} to {_minutes(timing.max_minutes)})"
        + (f", a prompt every {_minutes(timing.interval_minutes)}" if timing.interval_minutes else "")
    )
    for variant in timing.variants:
        lines.append(f"  or {escape(variant.label)}: about {_minutes(variant.target_minutes)}")
    observers = f"{protocol.min_observers}" + (
        f" to {protocol.max_observers}" if protocol.max_observers and protocol.max_observers != protocol.min_observers
        else "" if protocol.max_observers else " or more")
    lines.append(f"[b]Observers[/b] {observers}; modes: "
                 + ", ".join(MODE_LABELS.get(m, m) for m in protocol.modes))
    needs = [name for flag, name in (
        (protocol.requires_focus, "a focus"), (protocol.requires_guiding_question, "a guiding question"),
        (protocol.requires_slice, "a slice of learning")) if flag]
    if needs:
        lines.append("[b]Needs[/b] " + ", ".join(needs))
    lines.append("")
    lines.append("[b]Look-fors[/b]" + (" (in order)" if protocol.ordered_categories else ""))
    for category in protocol.categories:
        lines.append(f"  [b]{escape(category.label)}[/b]")
        for look_for in category.look_fors:
            lines.append(f"    · {escape(look_for.label)}")
    lines.append("")
    lines.append("[b]Evidence kinds[/b] " + ", ".join(
        escape(k.label) + (" (after the room)" if k.when == "after" else "") for k in protocol.evidence_kinds))
    if protocol.interview_questions:
        lines.append("[b]Student questions[/b]")
        lines.extend(f"  · {escape(q.text)}" for q in protocol.interview_questions)
    if protocol.debrief_prompts:
        lines.append("[b]Debrief prompts[/b]")
        lines.extend(f"  · {escape(p.text)}" for p in protocol.debrief_prompts)
    return "\n".join(lines)


class ProtocolPreview(Static):
    """Shows one protocol's description, timing and look-fors."""

    def show(self, protocol) -> None:
        self.update(describe_protocol(protocol) if protocol else "No protocol chosen.")
