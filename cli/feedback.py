"""``classwalk feedback``: reflective questions for one teacher, their status and due dates."""

from __future__ import annotations

from pathlib import Path

import click

from classwalk.features.debriefs.feedback import feedback_list_pattern
from classwalk.core.clock import now
from classwalk.core.records.model import FEEDBACK_STATUSES
from classwalk.features.reports import render_report
from .params import DATE_TIME
from .common import cli, get_classwalk, get_observer, write_output



def _visits_of(classwalk, items) -> dict:
    visits = {}
    for item in items:
        if item.visit_id not in visits:
            visits[item.visit_id] = classwalk.visit(item.visit_id)
    return visits


@cli.group("feedback", invoke_without_command=True)
@click.option("--due", "only_due", is_flag=True, help="Only feedback still drafted after its due date.")
@click.pass_context
def feedback(ctx: click.Context, only_due: bool) -> None:
    """List feedback to teachers (each private to one teacher), or work with one item."""
    if ctx.invoked_subcommand is not None:
        return
    classwalk = get_classwalk(ctx)
    items = classwalk.feedback_due() if only_due else classwalk.all_feedback()
    if not items:
        click.echo("nothing overdue" if only_due else "no feedback yet: 'classwalk feedback draft VISIT'")
        return
    pattern = feedback_list_pattern(items, _visits_of(classwalk, items), now())
    click.echo(render_report("Overdue feedback" if only_due else "Feedback", [pattern], "md"), nl=False)


@feedback.command("draft")
@click.argument("visit")
@click.option("--question", help="Your own question (default: the protocol's reflective question).")
@click.option("--due-by", type=DATE_TIME, help="When it is due, in local time (default: 48 hours after the visit).")
@click.pass_context
def draft(ctx: click.Context, visit: str, question: str | None, due_by) -> None:
    """Draft feedback for the teacher of VISIT (an id or unique id prefix).

    It is written by the observer named with 'classwalk --observer NAME', else by the
    visit's observer.
    """
    from classwalk.features.outputs import localtime

    due = localtime.from_local(due_by) if due_by else None
    item = get_classwalk(ctx).draft_feedback(visit, question, due, author=get_observer(ctx) or "")
    click.echo(f"{item.id[:8]}  drafted, due {localtime.stamp(item.due)} {localtime.zone_label(item.due)}: "
               f"{item.question}")


@feedback.command("status")
@click.argument("feedback_id")
@click.argument("status", type=click.Choice(FEEDBACK_STATUSES))
@click.pass_context
def status(ctx: click.Context, feedback_id: str, status: str) -> None:
    """Mark feedback FEEDBACK_ID as drafted, shared or discussed."""
    item = get_classwalk(ctx).set_feedback_status(feedback_id, status)
    click.echo(f"{item.id[:8]}  {item.status}")


@feedback.command("teacher")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["md", "csv"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (owner-only) instead of printing.")
@click.pass_context
def teacher(ctx: click.Context, name: str, fmt: str, output: Path | None) -> None:
    """One teacher's own visits, whether a conversation is due, and their feedback."""
    patterns = get_classwalk(ctx).teacher_feedback(name)
    write_output(render_report(f"Feedback for {name}", patterns, fmt), output)
