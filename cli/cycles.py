"""``classwalk cycles``: the cycles of walks, and starting a cycle's next walk."""

from __future__ import annotations

import click

from classwalk.features.debriefs.cycles import next_walk_start, start_next_walk
from .params import DATE
from .common import cli, get_classwalk
from classwalk.core.text import plural



@cli.group("cycles", invoke_without_command=True)
@click.option("--school", help="Only cycles at this school.")
@click.pass_context
def cycles(ctx: click.Context, school: str | None) -> None:
    """List cycles of walks (id, school, name, walks, focus)."""
    if ctx.invoked_subcommand is not None:
        return
    classwalk = get_classwalk(ctx)
    found = classwalk.cycles(school)
    if not found:
        click.echo("no cycles yet: 'classwalk cycles new NAME --school SCHOOL' starts one")
        return
    walks_in: dict[str, int] = {}
    for walk in classwalk.walks():
        if walk.cycle_id:
            walks_in[walk.cycle_id] = walks_in.get(walk.cycle_id, 0) + 1
    for cycle in found:
        focus = f"  focus: {cycle.focus}" if cycle.focus else ""
        click.echo(f"{cycle.id[:8]}  {cycle.school}  {cycle.name}  {plural(walks_in.get(cycle.id, 0), 'walk')}{focus}")


@cycles.command("new")
@click.argument("name")
@click.option("--school", required=True, help="The school the cycle's walks visit.")
@click.option("--focus", default="", help="The cycle's target skill or focus.")
@click.pass_context
def new(ctx: click.Context, name: str, school: str, focus: str) -> None:
    """Start a cycle called NAME at a school."""
    if not name.strip() or not school.strip():
        raise click.UsageError("a cycle needs a name and a school")
    cycle = get_classwalk(ctx).start_cycle(name, school=school, focus=focus)
    click.echo(f"{cycle.id[:8]}  cycle {cycle.name!r} at {cycle.school}")


@cycles.command("next")
@click.argument("cycle")
@click.option("--date", "day", type=DATE, help="The walk's date (default: today).")
@click.option("--protocol", "protocol_id", help="Protocol of the walk (default: the last walk's).")
@click.option("--dry-run", is_flag=True, help="Only show where the next walk starts; create nothing.")
@click.pass_context
def next_(ctx: click.Context, cycle: str, day, protocol_id: str | None, dry_run: bool) -> None:
    """Start CYCLE's next walk from the last focus; list the open next steps it carries."""
    import datetime as dt

    classwalk = get_classwalk(ctx)
    start = next_walk_start(classwalk, classwalk.cycle(cycle).id)  # NotFound outside the scope
    if not dry_run:
        walk = start_next_walk(classwalk, start.cycle_id, day.date() if day else dt.date.today(),
                               protocol_id=protocol_id)
        click.echo(f"{walk.id[:8]}  {walk.date.isoformat()}  {walk.school}  {walk.protocol_id}  new walk")
    if start.focus:
        click.echo(f"focus: {start.focus}")
    if start.guiding_question:
        click.echo(f"guiding question: {start.guiding_question}")
    for step in start.open_next_steps:
        due = f", due {step.due.isoformat()}" if step.due else ""
        click.echo(f"open next step: {step.text} ({step.kind or 'next step'}{due})")
