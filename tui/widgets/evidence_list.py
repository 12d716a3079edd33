"""The evidence recorded in this visit, newest last, each with its time in the room.

The list can take the keyboard (↑ from the note line): a highlighted note can then be
edited or deleted by the visit screen.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from classwalk.core.protocols.timing import format_clock
from classwalk.tui.literal import terminal_content, terminal_line


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
    parts = [terminal_line((format_clock(seconds), "bold")), terminal_line((label, "dim"))]
    if by:
        parts.insert(1, terminal_line((f"{by}:", "bold italic")))
    if tags:
        parts.append(terminal_content(f"[{tags}]"))
    if evidence.mark:
        mark = next((m.label for m in kind.marks if m.id == evidence.mark), None) if kind else None
        parts.append(terminal_content(f"({mark or evidence.mark})"))  # the protocol's words, not its id
    if evidence.student_label:
        parts.append(terminal_content(f"{evidence.student_label}:"))
    groups = [protocol.student_group(g).label if protocol.student_group(g) else g for g in evidence.student_groups]
    if groups:
        parts.append(terminal_line((", ".join(groups), "italic")))
    if getattr(evidence, "conflict_note", ""):  # deleted on another device without seeing an edit: kept
        parts.append(terminal_line(("⚑ kept after a deletion elsewhere", "bold")))
    parts.append(terminal_content(evidence.text))
    if getattr(evidence, "edited_at", None) is not None:
        parts.append(terminal_line(("(edited)", "dim")))
    return terminal_content(" ").join(parts)


class EvidenceEntry(Static):
    """One saved note in the list."""

    def __init__(self, evidence, line: Content, **kwargs):
        super().__init__(line, **kwargs)
        self.evidence = evidence


class EvidenceList(VerticalScroll, can_focus=True):
    """What has been saved in this visit; the newest entry stays in view; one can be highlighted."""

    def __init__(self, protocol, visit, key_of: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.protocol = protocol
        self.visit = visit
        self.key_of = key_of
        self.border_title = "Evidence (this visit)"
        self.shown: set[str] = set()
        self.highlighted: int | None = None

    @property
    def entries(self) -> list[EvidenceEntry]:
        return list(self.query(EvidenceEntry))

    def author(self, evidence) -> str | None:
        """The name to mark ``evidence`` with: its observer's, unless it is whoever types here."""
        me = getattr(self.app, "active_observer", "") or ""
        return evidence.observer if evidence.observer and evidence.observer != me else None

    def _line(self, evidence, by: str | None) -> Content:
        return entry_line(evidence, self.visit, self.protocol, self.key_of, by or self.author(evidence))

    def add(self, evidence, by: str | None = None) -> None:
        if evidence.id in self.shown:
            return
        by = by or self.author(evidence)  # a teammate's note keeps their name, after a reload too
        self.shown.add(evidence.id)
        self.query(".empty").remove()
        entry = EvidenceEntry(evidence, self._line(evidence, by), classes="entry")
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
        self.highlighted = None
        if not evidence_items:
            self.mount(Static("Nothing recorded yet: type what you see and press Enter.", classes="empty"))
        for item in evidence_items:
            self.add(item)

    # choosing a note -------------------------------------------------------------

    def highlight(self, index: int | None) -> None:
        """Highlight the entry at ``index`` (clamped; None: none) and keep it in view."""
        entries = self.entries
        if not entries:
            index = None
        elif index is not None:
            index = max(0, min(len(entries) - 1, index))
        self.highlighted = index
        for number, entry in enumerate(entries):
            entry.set_class(number == index, "-highlighted")
        if index is not None:
            self.scroll_to_widget(entries[index], animate=False)

    def move(self, step: int) -> None:
        current = self.highlighted if self.highlighted is not None else len(self.entries)
        self.highlight(current + step)

    @property
    def chosen(self):
        """The highlighted note, or None."""
        entries = self.entries
        if self.highlighted is None or not 0 <= self.highlighted < len(entries):
            return None
        return entries[self.highlighted].evidence

    def replace(self, evidence) -> None:
        """Show ``evidence`` (edited) in place of the entry with its id."""
        for entry in self.entries:
            if entry.evidence.id == evidence.id:
                entry.evidence = evidence
                entry.update(self._line(evidence, None))

    def drop(self, evidence_id: str) -> None:
        """Take the entry with ``evidence_id`` away (a deleted note)."""
        for entry in self.entries:
            if entry.evidence.id == evidence_id:
                entry.remove()
        self.shown.discard(evidence_id)
        if not self.entries:
            self.highlighted = None

    def on_blur(self) -> None:
        self.highlight(None)
