"""The evidence recorded in this visit, newest last, each with its time in the room."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from classwalk.core.timing import format_clock
from classwalk.tui.literal import literal, styled


def entry_line(evidence, visit, protocol, key_of: dict[str, str], by: str | None = None) -> Content:
    """``02:05 observation [a c] 22 of 24 students...``, the note's text exactly as written.

    ``by`` (a teammate's name) marks a note someone else took; an edited note ends with
    "(edited)", and one an import kept although another device deleted it is flagged.
    """
    seconds = max(0.0, (evidence.captured_at - visit.started_at).total_seconds())
    if evidence.video_offset_seconds is not None:
        seconds = evidence.video_offset_seconds
    kind = protocol.evidence_kind(evidence.kind)
    label = kind.label if kind else evidence.kind
    tags = " ".join(key_of.get(tag, tag) for tag in evidence.look_fors)
    parts = [styled((format_clock(seconds), "bold")), styled((label, "dim"))]
    if by:
        parts.insert(1, styled((f"{by}:", "bold italic")))
    if tags:
        parts.append(literal(f"[{tags}]"))
    if evidence.mark:
        parts.append(literal(f"({evidence.mark})"))
    if evidence.student_label:
        parts.append(literal(f"{evidence.student_label}:"))
    groups = [protocol.student_group(g).label if protocol.student_group(g) else g for g in evidence.student_groups]
    if groups:
        parts.append(styled((", ".join(groups), "italic")))
    if getattr(evidence, "conflict_note", ""):  # deleted on another device without seeing an edit: kept
        parts.append(styled(("⚑ kept after a deletion elsewhere", "bold")))
    parts.append(literal(evidence.text))
    if getattr(evidence, "edited_at", None) is not None:
        parts.append(styled(("(edited)", "dim")))
    return literal(" ").join(parts)


class EvidenceList(VerticalScroll):
    """What has been saved in this visit; the newest entry stays in view."""

    def __init__(self, protocol, visit, key_of: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.protocol = protocol
        self.visit = visit
        self.key_of = key_of
        self.border_title = "Evidence (this visit)"
        self.shown: set[str] = set()

    def add(self, evidence, by: str | None = None) -> None:
        if evidence.id in self.shown:
            return
        self.shown.add(evidence.id)
        self.query(".empty").remove()
        entry = Static(entry_line(evidence, self.visit, self.protocol, self.key_of, by), classes="entry")
        entry.set_class(bool(by), "-team")
        self.mount(entry)
        self.scroll_end(animate=False)

    def merge(self, notes, me: str) -> int:
        """Add the notes not shown yet, marking those another observer took; how many were new."""
        new = [note for note in notes if note.id not in self.shown]
        for note in new:
            self.add(note, by=note.observer if note.observer and note.observer != me else None)
        return len(new)

    def fill(self, evidence_items) -> None:
        self.remove_children()
        self.shown.clear()
        if not evidence_items:
            self.mount(Static("Nothing recorded yet: type what you see and press Enter.", classes="empty"))
        for item in evidence_items:
            self.add(item)
