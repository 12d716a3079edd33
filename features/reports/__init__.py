"""Reports: patterns for one walk, a school over a date range, a cycle, a district.

Each report is a list of :class:`~classwalk.core.patterns.Pattern` tables that the TUI
draws and :mod:`.output` writes as Markdown or CSV. No report names a teacher or ranks one.
"""

from .cycle import cycle_report
from .district import district_report
from .output import FORMATS, render_report
from .school import school_report
from .walk import walk_report

__all__ = ["FORMATS", "cycle_report", "district_report", "render_report", "school_report", "walk_report"]
