"""The words a protocol uses for what a record keeps by id: kinds, look-fors, groups, marks.

Exports and screens show these labels, never the ids behind them. An id the protocol no
longer knows (a record from an older version of the protocol) shows as it is, so nothing
recorded disappears from an export.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from typing import Iterable

from attrs import frozen

from classwalk.core.records.model import Evidence, Observer, Slice
from classwalk.core.protocols.protocol import Protocol


def note_credit(item) -> str:
    """Who wrote a note, the same way everywhere: ``Ana``, ``Ana, edited by Ben``, ``Ana, edited``."""
    if item.edited_at is None:
        return item.observer
    author = item.observer or "an observer"
    if item.edited_by and item.edited_by != item.observer:
        return f"{author}, edited by {item.edited_by}"
    return f"{author}, edited"


@frozen(slots=False)  # slots off: the look-for labels are worked out once, on first use
class Labels:
    """Look up the protocol's labels for the ids a walk's records hold."""

    protocol: Protocol | None

    def kind(self, kind_id: str) -> str:
        found = self.protocol.evidence_kind(kind_id) if self.protocol else None
        return found.label if found else kind_id

    def look_for(self, look_for_id: str) -> str:
        """The look-for's label (with its category's where two look-fors share a label)."""
        return self._look_for_labels.get(look_for_id, look_for_id)

    @cached_property
    def _look_for_labels(self) -> dict[str, str]:
        """Every look-for's label as ``Protocol.look_for_label`` gives it, made in one pass."""
        if self.protocol is None:
            return {}
        shared = Counter(look_for.label for look_for in self.protocol.look_fors())
        labels: dict[str, str] = {}
        for category in self.protocol.categories:
            for look_for in category.look_fors:
                if look_for.id not in labels:
                    labels[look_for.id] = (f"{category.label}: {look_for.label}" if shared[look_for.label] > 1
                                           else look_for.label)
        return labels

    def look_fors(self, look_for_ids) -> list[str]:
        return [self.look_for(item) for item in look_for_ids]

    def look_for_ids(self, seen: Iterable[str] = ()) -> list[str]:
        """The protocol's look-fors in its own order, then any other ids seen, sorted."""
        return _known_first([look_for.id for look_for in self.protocol.look_fors()] if self.protocol else [], seen)

    def kind_ids(self, seen: Iterable[str] = ()) -> list[str]:
        """The protocol's evidence kinds in its own order, then any other ids seen, sorted."""
        return _known_first([kind.id for kind in self.protocol.evidence_kinds] if self.protocol else [], seen)

    def group_ids(self, seen: Iterable[str] = ()) -> list[str]:
        """The protocol's student groups in its own order, then any other ids seen, sorted."""
        return _known_first([group.id for group in self.protocol.student_groups] if self.protocol else [], seen)

    def group(self, group_id: str) -> str:
        found = self.protocol.student_group(group_id) if self.protocol else None
        return found.label if found else group_id

    def groups(self, group_ids) -> list[str]:
        return [self.group(item) for item in group_ids]

    def mark(self, kind_id: str, mark_id: str | None) -> str:
        """The label of ``mark_id`` among the marks of evidence kind ``kind_id`` ("" for none)."""
        if not mark_id:
            return ""
        kind = self.protocol.evidence_kind(kind_id) if self.protocol else None
        found = next((m for m in kind.marks if m.id == mark_id), None) if kind else None
        return found.label if found else mark_id

    def question(self, question_id: str | None) -> str:
        """The text of interview question ``question_id`` ("" for none)."""
        if not question_id:
            return ""
        questions = self.protocol.interview_questions if self.protocol else ()
        found = next((q for q in questions if q.id == question_id), None)
        return found.text if found else question_id

    def role(self, role_id: str) -> str:
        found = next((r for r in self.protocol.roles if r.id == role_id), None) if self.protocol else None
        return found.label if found else role_id

    def observer(self, observer: Observer) -> str:
        """``Ana (facilitator)``, or the name alone when the observer has no role."""
        return f"{observer.name} ({self.role(observer.role)})" if observer.role else observer.name

    def slice(self, walk_slice: Slice | None) -> str:
        """``Tier 2 intervention block, tier 2: phonics, 15 min`` ("" for none)."""
        if walk_slice is None:
            return ""
        found = next((k for k in self.protocol.slice_kinds if k.id == walk_slice.kind), None) \
            if self.protocol else None
        text = found.label if found else walk_slice.kind
        if walk_slice.tier is not None and f"tier {walk_slice.tier}" not in text.lower():
            text += f", tier {walk_slice.tier}"
        if walk_slice.description:
            text += f": {walk_slice.description}"
        return text

    def details(self, item: Evidence) -> list[tuple[str, str]]:
        """(what, value) pairs about one note beyond its kind and text, for a reader."""
        pairs = [
            ("look-fors", "; ".join(self.look_fors(item.look_fors))),
            ("student groups", "; ".join(self.groups(item.student_groups))),
            ("mark", self.mark(item.kind, item.mark)),
            ("by", note_credit(item)),
        ]
        return [(what, value) for what, value in pairs if value]


def _known_first(known: list[str], seen: Iterable[str]) -> list[str]:
    return known + sorted(set(seen) - set(known))


class LabelsByProtocol:
    """:class:`Labels` for records of any loaded protocol, looked up by protocol id (reports
    span several protocols); an id no protocol knows is shown as it is."""

    def __init__(self, registry):
        self.registry = registry
        self._of: dict[str, Labels] = {}  # looked up once per report: a district asks again and again

    def protocol(self, protocol_id: str) -> Protocol | None:
        return self.of(protocol_id).protocol

    def of(self, protocol_id: str) -> Labels:
        """The labels of one protocol (of none, when no loaded protocol has that id)."""
        if protocol_id not in self._of:
            self._of[protocol_id] = Labels(self.registry.find(protocol_id))
        return self._of[protocol_id]

    def protocol_name(self, protocol_id: str) -> str:
        protocol = self.protocol(protocol_id)
        return protocol.name if protocol else protocol_id

    def look_for(self, protocol_id: str, look_for_id: str) -> str:
        return self.of(protocol_id).look_for(look_for_id)

    def look_for_ids(self, protocol_id: str, seen: Iterable[str] = ()) -> list[str]:
        return self.of(protocol_id).look_for_ids(seen)

    def kind(self, protocol_id: str, kind_id: str) -> str:
        return self.of(protocol_id).kind(kind_id)

    def kind_ids(self, protocol_id: str, seen: Iterable[str] = ()) -> list[str]:
        return self.of(protocol_id).kind_ids(seen)

    def student_group(self, protocol_id: str, group_id: str) -> str:
        return self.of(protocol_id).group(group_id)

    def student_group_ids(self, protocol_id: str, seen: Iterable[str] = ()) -> list[str]:
        return self.of(protocol_id).group_ids(seen)
