"""Reports: patterns for one walk, a school over a date range, a cycle, a district.

Each report is a list of :class:`~classwalk.core.records.patterns.Pattern` tables that the TUI
draws and :mod:`.output` writes as Markdown or CSV. No report names a teacher or ranks one.
"""

from classwalk.features.reports.cycle import cycle_report
from classwalk.features.reports.district import district_report
from classwalk.features.reports.output import FORMATS, render_report
from classwalk.features.reports.school import school_report
from classwalk.features.reports.walk import walk_report

__all__ = ["FORMATS", "cycle_report", "district_report", "render_report", "school_report", "walk_report"]
