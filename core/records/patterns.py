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
    """Stable id, unique in a debrief (``report --table ID`` picks it); prefix yours with your protocol's."""
    title: str
    """The heading shown above the table."""
    columns: tuple[str, ...] = field(converter=tuple)
    """Column names, as text."""
    rows: tuple[tuple, ...] = field(converter=lambda rows: tuple(tuple(r) for r in rows))
    """One tuple per row, as many cells as columns; each cell text, a number or None."""
    note: str = ""
    """A line shown under the table (what the counts mean)."""
    shade: bool = False
    """Shade numeric cells by size (for counts)."""
    row_ids: tuple[str, ...] = field(default=(), converter=tuple)
    """A stable id per row (a code's ``set.code``), given in CSV and JSON reports; may be empty."""


@frozen(kw_only=True)
class FollowUpSuggestion:
    """A plugin's advice that a teacher is due a reflective conversation, and why."""

    due: bool
    """True when a reflective conversation is due now."""
    reason: str
    """Why, in a few words the observer reads ("three visits on different days")."""
