"""How reports name protocols, look-fors, evidence kinds and student groups."""

from __future__ import annotations

from collections import Counter
from typing import Iterable


class Labels:
    """Names from the loaded protocols; an id no protocol knows is shown as it is.

    Protocols and look-for labels are looked up once per report (a district report asks
    for the same few hundred labels again and again).
    """

    def __init__(self, registry):
        self.registry = registry
        self._protocols: dict[str, object] = {}
        self._look_fors: dict[str, dict[str, str]] = {}

    def protocol(self, protocol_id: str):
        if protocol_id not in self._protocols:
            self._protocols[protocol_id] = self.registry.find(protocol_id)
        return self._protocols[protocol_id]

    def protocol_name(self, protocol_id: str) -> str:
        protocol = self.protocol(protocol_id)
        return protocol.name if protocol else protocol_id

    def look_for_ids(self, protocol_id: str, seen: Iterable[str] = ()) -> list[str]:
        """The protocol's look-fors in its own order, then any other ids seen, sorted."""
        protocol = self.protocol(protocol_id)
        known = [look_for.id for look_for in protocol.look_fors()] if protocol else []
        return known + sorted(set(seen) - set(known))

    def look_for(self, protocol_id: str, look_for_id: str) -> str:
        if protocol_id not in self._look_fors:
            self._look_fors[protocol_id] = _look_for_labels(self.protocol(protocol_id))
        return self._look_fors[protocol_id].get(look_for_id, look_for_id)

    def kind(self, protocol_id: str, kind_id: str) -> str:
        protocol = self.protocol(protocol_id)
        found = protocol.evidence_kind(kind_id) if protocol else None
        return found.label if found else kind_id

    def kind_ids(self, protocol_id: str, seen: Iterable[str] = ()) -> list[str]:
        protocol = self.protocol(protocol_id)
        known = [kind.id for kind in protocol.evidence_kinds] if protocol else []
        return known + sorted(set(seen) - set(known))

    def student_group(self, protocol_id: str, group_id: str) -> str:
        protocol = self.protocol(protocol_id)
        found = protocol.student_group(group_id) if protocol else None
        return found.label if found else group_id

    def student_group_ids(self, protocol_id: str, seen: Iterable[str] = ()) -> list[str]:
        protocol = self.protocol(protocol_id)
        known = [group.id for group in protocol.student_groups] if protocol else []
        return known + sorted(set(seen) - set(known))


def _look_for_labels(protocol) -> dict[str, str]:
    """Every look-for's label as ``Protocol.look_for_label`` gives it (its category's label
    in front where two look-fors share a label), made in one pass over the protocol."""
    if protocol is None:
        return {}
    shared = Counter(look_for.label for look_for in protocol.look_fors())
    labels: dict[str, str] = {}
    for category in protocol.categories:
        for look_for in category.look_fors:
            if look_for.id not in labels:
                labels[look_for.id] = (f"{category.label}: {look_for.label}" if shared[look_for.label] > 1
                                       else look_for.label)
    return labels
