"""The reports screen's work: which report to run, running it, writing it to a file.

Jobs run on the app's database thread (:mod:`classwalk.tui.database`) and take its scoped
door: a run limited to one school (or to its own walks) reports on nothing outside it. Reports name no teacher: the core
reports are anonymous, and the feedback list here shows ids, schools and dates only.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from attrs import frozen

from classwalk.features.outputs import localtime
from classwalk.core.errors import ClasswalkError
from classwalk.core.records.patterns import Pattern
from classwalk.features.reports import render_report
from classwalk.features.reports.school import range_text

from .debrief_jobs import write_private

KINDS = (
    ("school", "School"),
    ("cycle", "Cycle"),
    ("district", "District"),
    ("feedback", "Feedback due"),
    ("coverage", "Time in classrooms"),
)
DATED_KINDS = ("school", "district", "coverage")
REPORT_SUFFIXES = {"md": ".md", "csv": ".csv"}


@frozen(kw_only=True)
class ReportRequest:
    """Which report, about what, over which dates (None: no bound)."""

    kind: str
    school: str | None = None
    cycle_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@frozen(kw_only=True)
class ReportResult:
    """A report's title, its patterns, and what to say when it found nothing."""

    title: str
    patterns: tuple[Pattern, ...]
    empty: str = ""


def school_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """The school year holding ``today``: August 1 to July 31."""
    start = today.year if today.month >= 8 else today.year - 1
    return dt.date(start, 8, 1), dt.date(start + 1, 7, 31)


def parse_day(text: str, which: str) -> dt.date | None:
    """A typed YYYY-MM-DD date (empty: None); a ClasswalkError says what is wrong."""
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ClasswalkError(f"the {which} date {text!r} is not written YYYY-MM-DD (e.g. 2026-08-01)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ClasswalkError(f"the {which} date {text!r} is not a day of the calendar") from None


def report_choices(door) -> tuple[list[str], list[tuple[str, str]]]:
    """The schools that have walks, and the cycles as (label, id), oldest first (those in scope)."""
    cycle_list = [(f"{cycle.name} · {cycle.school}", cycle.id) for cycle in door.cycles()]
    return door.schools(), cycle_list


def feedback_due_pattern(door, at: dt.datetime) -> Pattern:
    """Feedback still drafted after its due date: ids, schools and dates, no teacher."""
    rows = []
    for item in door.feedback_due(at):
        visit = door.visit(item.visit_id)
        walk = door.walk(visit.walk_id)
        rows.append([item.id[:8], walk.school, localtime.day(visit.started_at).isoformat(),
                     localtime.stamp(item.due), (at - item.due).days])
    return Pattern(
        id="feedback_due", title="Feedback drafted and past its due date",
        columns=("feedback", "school", "visit", f"due ({localtime.zone_label()})", "days late"), rows=rows,
        note="'classwalk feedback status ID shared' marks an item shared.",
    )


def run_report(door, request: ReportRequest, today: dt.date, at: dt.datetime) -> ReportResult:
    """Run the report ``request`` names; ClasswalkError for a bad choice."""
    dates = range_text(request.date_from, request.date_to)
    if request.kind == "school":
        if not request.school:
            raise ClasswalkError("choose a school")
        patterns = door.school_report(request.school, request.date_from, request.date_to)
        empty = "" if patterns[0].rows else f"No walks at {request.school} in that range{dates}."
        return ReportResult(title=f"{request.school}{dates}", patterns=tuple(patterns), empty=empty)
    if request.kind == "cycle":
        if not request.cycle_id:
            raise ClasswalkError("choose a cycle")
        cycle = door.cycle(request.cycle_id)
        patterns = door.cycle_report(cycle.id)
        empty = "" if door.cycle_walks(cycle.id) else "This cycle has no walks yet."
        return ReportResult(title=f"Cycle {cycle.name} at {cycle.school}", patterns=tuple(patterns), empty=empty)
    if request.kind == "district":
        patterns = door.district_report(request.date_from, request.date_to)
        empty = "" if patterns[0].rows else f"No walks in that range{dates}."
        return ReportResult(title=f"District{dates}", patterns=tuple(patterns), empty=empty)
    if request.kind == "feedback":
        pattern = feedback_due_pattern(door, at)
        return ReportResult(title="Feedback due", patterns=(pattern,),
                            empty="" if pattern.rows else "No feedback is past its due date.")
    if request.kind == "coverage":
        patterns = door.coverage_report(request.date_from, request.date_to, today=today)
        empty = "" if patterns[0].rows else f"No visits ended in that range{dates}."
        return ReportResult(title=f"Time in classrooms{dates}", patterns=tuple(patterns), empty=empty)
    raise ClasswalkError(f"unknown report {request.kind!r}")


def report_file_name(title: str, fmt: str) -> str:
    """The title with anything but letters and digits turned into dashes, then .md or .csv."""
    stem = re.sub(r"[^\w]+", "-", title.lower()).strip("-_") or "report"
    return f"{stem[:80]}{REPORT_SUFFIXES[fmt]}"


def write_report(door, result: ReportResult, fmt: str, folder: Path) -> Path:
    """Write the report as ``fmt`` to a new owner-only file in ``folder``; returns its path."""
    text = render_report(result.title, list(result.patterns), fmt)
    return write_private(folder, report_file_name(result.title, fmt), text)
