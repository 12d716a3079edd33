"""The store's side of the capture shapes: interval marks, clock events, snapshot counts
and typed answers. Mixed into :class:`classwalk.core.storage.store.Store`; every write commits
before it returns.
"""

from __future__ import annotations

from typing import Any

from classwalk.core.records.capture import ClockEvent, IntervalMark, ItemAnswer, SnapshotCount


class CaptureStore:
    """Methods :class:`~classwalk.core.storage.store.Store` gains for the capture shapes."""

    def save_mark(self, mark: IntervalMark) -> None:
        """Tick, untick or answer in one interval; committed on return."""
        self.save(mark)

    def marks_for_visit(self, visit_id: str) -> list[IntervalMark]:
        return self._where(IntervalMark, "visit_id = ?", [visit_id], order_by="interval, code, observer")

    def marks_for_walk(self, walk_id: str) -> list[IntervalMark]:
        return self._where(IntervalMark, "walk_id = ?", [walk_id], order_by="visit_id, interval, code, observer")

    def add_clock_event(self, event: ClockEvent) -> None:
        """A pause, resume or early advance of a visit's interval clock; committed on return."""
        self.save(event)

    def clock_events(self, visit_id: str) -> list[ClockEvent]:
        return self._where(ClockEvent, "visit_id = ?", [visit_id], order_by="at, id")

    def clock_events_for_walk(self, walk_id: str) -> list[ClockEvent]:
        return self._where(ClockEvent, "walk_id = ?", [walk_id], order_by="at, id")

    def add_snapshot(self, count: SnapshotCount) -> None:
        self.save(count)

    def snapshots_for_visit(self, visit_id: str) -> list[SnapshotCount]:
        return self._where(SnapshotCount, "visit_id = ?", [visit_id], order_by="taken_at, id")

    def snapshots_for_walk(self, walk_id: str) -> list[SnapshotCount]:
        return self._where(SnapshotCount, "walk_id = ?", [walk_id], order_by="taken_at, id")

    def save_answer(self, answer: ItemAnswer) -> None:
        self.save(answer)

    def answers_for_visit(self, visit_id: str) -> list[ItemAnswer]:
        return self._where(ItemAnswer, "visit_id = ?", [visit_id], order_by="item, observer")

    def answers_for_walk(self, walk_id: str) -> list[ItemAnswer]:
        return self._where(ItemAnswer, "walk_id = ?", [walk_id], order_by="visit_id, item, observer")

    def capture_for_walk(self, walk_id: str) -> dict[str, Any]:
        """Everything the capture shapes hold for a walk, as :class:`WalkBundle` fields."""
        return {
            "interval_marks": self.marks_for_walk(walk_id),
            "clock_events": self.clock_events_for_walk(walk_id),
            "snapshot_counts": self.snapshots_for_walk(walk_id),
            "item_answers": self.answers_for_walk(walk_id),
        }
