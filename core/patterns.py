"""Pattern tables: what a debrief or report shows, in a form every output can render.

A :class:`Pattern` is a titled table of plain cells. The TUI draws it, Markdown and CSV
exports print it; plugins add their own through ``classwalk_debrief_patterns``.
"""

from __future__ import annotations

from attrs import field, frozen


@frozen(kw_only=True)
class Pattern:
    """A titled table. ``shade`` marks the numeric cells as counts to shade by size."""

    id: str
    title: str
    columns: tuple[str, ...] = field(converter=tuple)
    rows: tuple[tuple, ...] = field(converter=lambda rows: tuple(tuple(r) for r in rows))
    note: str = ""
    shade: bool = False


@frozen(kw_only=True)
class FollowUpSuggestion:
    """A plugin's advice that a teacher is due a reflective conversation, and why."""

    due: bool
    reason: str
