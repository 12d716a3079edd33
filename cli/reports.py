"""``classwalk report``: patterns for a walk, a school, a cycle or a district, as Markdown or CSV.

Also ``classwalk coverage`` (observers' time in classrooms) and ``classwalk calibration``
(two observers' agreement on a shared walk).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from classwalk.features.reports.calibration import walk_calibration
from classwalk.features.reports import FORMATS, render_report
from classwalk.features.reports.school import range_text
from .params import DATE, DAYS, WEEKLY_MINUTES
from .common import cli, get_classwalk, write_output



def output_options(command):
    """--format, --table and --output, shared by every report command."""
    command = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                           help="Write to this file (owner-only) instead of printing.")(command)
    command = click.option("--table", metavar="ID",
                           help="Only this table (its id, e.g. look_fors_seen); CSV then has its own columns.")(command)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
                        help="Markdown to read, CSV (every table in long form: table,row,column,value) or JSON.")(command)


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


@cli.group("report")
def report() -> None:
    """Patterns across classrooms: no teacher is named, scored or ranked."""


@report.command("walk")
@click.argument("walk")
@output_options
@click.pass_context
def report_walk(ctx: click.Context, walk: str, fmt: str, table: str | None, output: Path | None) -> None:
    """Patterns of one WALK (an id or unique id prefix), classrooms as Room A, B, ..."""
    classwalk = get_classwalk(ctx)
    write_output(classwalk.report(classwalk.walk(walk), fmt, table), output)


@report.command("school")
@click.argument("name")
@click.option("--from", "date_from", type=DATE, help="First walk date (YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, help="Last walk date (YYYY-MM-DD).")
@output_options
@click.pass_context
def report_school(ctx: click.Context, name: str, date_from, date_to, fmt: str, table: str | None,
                  output: Path | None) -> None:
    """How often each look-for was seen at school NAME over a date range."""
    start, end = _day(date_from), _day(date_to)
    patterns = get_classwalk(ctx).school_report(name, start, end)
    write_output(render_report(f"{name}{range_text(start, end)}", patterns, fmt, table), output)


@report.command("cycle")
@click.argument("cycle")
@output_options
@click.pass_context
def report_cycle(ctx: click.Context, cycle: str, fmt: str, table: str | None, output: Path | None) -> None:
    """A CYCLE's walks side by side, what changed, and where the next walk starts."""
    classwalk = get_classwalk(ctx)
    found = classwalk.cycle(cycle)
    title = f"Cycle {found.name} at {found.school}"
    write_output(render_report(title, classwalk.cycle_report(found.id), fmt, table), output)


@report.command("district")
@click.option("--from", "date_from", type=DATE, help="First walk date (YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, help="Last walk date (YYYY-MM-DD).")
@output_options
@click.pass_context
def report_district(ctx: click.Context, date_from, date_to, fmt: str, table: str | None,
                    output: Path | None) -> None:
    """Every school in the database side by side."""
    start, end = _day(date_from), _day(date_to)
    patterns = get_classwalk(ctx).district_report(start, end)
    write_output(render_report(f"District{range_text(start, end)}", patterns, fmt, table), output)


@cli.command("coverage")
@click.option("--from", "date_from", type=DATE, help="First day (default: four weeks before --to).")
@click.option("--to", "date_to", type=DATE, help="Last day (default: today).")
@click.option("--school", help="Only this school.")
@click.option("--target-minutes", type=WEEKLY_MINUTES,
              help="Weekly minutes in classrooms to aim for (default: settings.toml, else a third of 40 hours).")
@click.option("--days", type=DAYS,
              help="List classrooms not visited in this many days (default: settings.toml, else 30).")
@output_options
@click.pass_context
def coverage(ctx: click.Context, date_from, date_to, school, target_minutes, days, fmt: str,
             table: str | None, output: Path | None) -> None:
    """Observers' minutes in classrooms per week against the target; classrooms not visited."""
    patterns = get_classwalk(ctx).coverage_report(_day(date_from), _day(date_to), school=school,
                                                  target_minutes=target_minutes, days=days)
    write_output(render_report("Time in classrooms", patterns, fmt, table), output)


@cli.command("calibration")
@click.argument("walk")
@output_options
@click.pass_context
def calibration(ctx: click.Context, walk: str, fmt: str, table: str | None, output: Path | None) -> None:
    """Agreement between observers who recorded the same visits of WALK (percent and kappa)."""
    classwalk = get_classwalk(ctx)
    found = classwalk.walk(walk)
    title = f"Observer calibration: walk at {found.school}, {found.date.isoformat()}"
    write_output(render_report(title, walk_calibration(classwalk, found.id), fmt, table), output)
