"""``classwalk report``: patterns for a walk, a school, a cycle or a district, as Markdown or CSV.

Also ``classwalk coverage`` (observers' time in classrooms) and ``classwalk calibration``
(two observers' agreement on a shared walk).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import click

from classwalk.features.reports.calibration import walk_calibration
from classwalk.features.reports import FORMATS, render_report
from classwalk.features.reports.school import range_text
from .params import DATE, DAYS, WEEKLY_MINUTES
from .common import cli, get_classwalk, write_output



def report_output(command):
    """--format, --table and --output for a report command, which returns (title, patterns):
    the report is rendered and written as asked."""

    @functools.wraps(command)
    def written(*args, fmt: str, table: str | None, output: Path | None, **kwargs) -> None:
        title, patterns = command(*args, **kwargs)
        write_output(render_report(title, patterns, fmt, table), output)

    written = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                           help="Write to this file (owner-only) instead of printing.")(written)
    written = click.option("--table", metavar="ID",
                           help="Only this table (its id, e.g. look_fors_seen); CSV then has its own columns.")(written)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
                        help="Markdown to read, CSV (every table in long form: table,row,column,value) or JSON.")(written)


def walk_dates(command):
    """--from and --to: the first and last walk date a report reads."""
    command = click.option("--to", "date_to", type=DATE, help="Last walk date (YYYY-MM-DD).")(command)
    return click.option("--from", "date_from", type=DATE, help="First walk date (YYYY-MM-DD).")(command)


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


@cli.group("report")
def report() -> None:
    """Patterns across classrooms: no teacher is named, scored or ranked."""


@report.command("walk")
@click.argument("walk")
@report_output
@click.pass_context
def report_walk(ctx: click.Context, walk: str) -> tuple[str, list]:
    """Patterns of one WALK (an id or unique id prefix), classrooms as Room A, B, ..."""
    found = get_classwalk(ctx).walk(walk)
    return f"Walk at {found.school}, {found.date.isoformat()}", get_classwalk(ctx).walk_report(found)


@report.command("school")
@click.argument("name")
@walk_dates
@report_output
@click.pass_context
def report_school(ctx: click.Context, name: str, date_from, date_to) -> tuple[str, list]:
    """How often each look-for was seen at school NAME over a date range."""
    start, end = _day(date_from), _day(date_to)
    patterns = get_classwalk(ctx).school_report(name, start, end)
    return f"{name}{range_text(start, end)}", patterns


@report.command("cycle")
@click.argument("cycle")
@report_output
@click.pass_context
def report_cycle(ctx: click.Context, cycle: str) -> tuple[str, list]:
    """A CYCLE's walks side by side, what changed, and where the next walk starts."""
    classwalk = get_classwalk(ctx)
    found = classwalk.cycle(cycle)
    title = f"Cycle {found.name} at {found.school}"
    return title, classwalk.cycle_report(found.id)


@report.command("district")
@walk_dates
@report_output
@click.pass_context
def report_district(ctx: click.Context, date_from, date_to) -> tuple[str, list]:
    """Every school in the database side by side."""
    start, end = _day(date_from), _day(date_to)
    patterns = get_classwalk(ctx).district_report(start, end)
    return f"District{range_text(start, end)}", patterns


@cli.command("coverage")
@click.option("--from", "date_from", type=DATE, help="First day (default: four weeks before --to).")
@click.option("--to", "date_to", type=DATE, help="Last day (default: today).")
@click.option("--school", help="Only this school.")
@click.option("--target-minutes", type=WEEKLY_MINUTES,
              help="Weekly minutes in classrooms to aim for (default: settings.toml, else a third of 40 hours).")
@click.option("--days", type=DAYS,
              help="List classrooms not visited in this many days (default: settings.toml, else 30).")
@report_output
@click.pass_context
def coverage(ctx: click.Context, date_from, date_to, school, target_minutes, days) -> tuple[str, list]:
    """Observers' minutes in classrooms per week against the target; classrooms not visited."""
    patterns = get_classwalk(ctx).coverage_report(_day(date_from), _day(date_to), school=school,
                                                  target_minutes=target_minutes, days=days)
    return "Time in classrooms", patterns


@cli.command("calibration")
@click.argument("walk")
@report_output
@click.pass_context
def calibration(ctx: click.Context, walk: str) -> tuple[str, list]:
    """Agreement between observers who recorded the same visits of WALK (percent and kappa)."""
    classwalk = get_classwalk(ctx)
    found = classwalk.walk(walk)
    title = f"Observer calibration: walk at {found.school}, {found.date.isoformat()}"
    return title, walk_calibration(classwalk, found.id)
