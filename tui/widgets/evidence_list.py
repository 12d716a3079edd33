"""The evidence recorded in this visit, newest last, each with its time in the room."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from classwalk.core.timing import format_clock
from classwalk.tui.literal import literal, styled


def entry_line(evidence, visit, protocol, key_of: dict[str, str]) -> Content:
    """``02:05 observation [a c] 22 of 24 students...``, the note's text exactly as written."""
    seconds = max(0.0, (evidence.captured_at - visit.started_at).total_seconds())
    if evidence.video_offset_seconds is not None:
        seconds = evidence.video_offset_seconds
    kind = protocol.evidence_kind(evidence.kind)
    label = kind.label if kind else evidence.kind
    tags = " ".join(key_of.get(tag, tag) for tag in evidence.look_fors)
    parts = [styled((format_clock(seconds), "bold")), styled((label, "dim"))]
    if tags:
        parts.append(literal(f"[{tags}]"))
    if evidence.mark:
        parts.append(literal(f"({evidence.mark})"))
    if evidence.student_label:
        parts.append(literal(f"{evidence.student_label}:"))
    groups = [protocol.student_group(g).label if protocol.student_group(g) else g for g in evidence.student_groups]
    if groups:
        parts.append(styled((", ".join(groups), "italic")))
    parts.append(literal(evidence.text))
    return literal(" ").join(parts)


class EvidenceList(VerticalScroll):
    """What has been saved in this visit; the newest entry stays in view."""

    def __init__(self, protocol, visit, key_of: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.protocol = protocol
        self.visit = visit
        self.key_of = key_of
        self.border_title = "Evidence (this visit)"

    def add(self, evidence) -> None:
        self.query(".empty").remove()
        self.mount(Static(entry_line(evidence, self.visit, self.protocol, self.key_of), classes="entry"))
        self.scroll_end(animate=False)

    def fill(self, evidence_items) -> None:
        self.remove_children()
        if not evidence_items:
            self.mount(Static("Nothing recorded yet: type what you see and press Enter.", classes="empty"))
        for item in evidence_items:
            self.add(item)
