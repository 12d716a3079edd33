"""``classwalk walks`` and ``classwalk export``: what is recorded, and getting it out."""

from __future__ import annotations

from pathlib import Path

import click

from classwalk.features.export import FORMATS, export_walk
from .common import cli, get_classwalk, write_output


@cli.command("walks")
@click.option("--school", help="Only walks at this school.")
@click.option("--status", type=click.Choice(["in_progress", "debriefing", "closed"]), help="Only walks in this state.")
@click.pass_context
def walks(ctx: click.Context, school: str | None, status: str | None) -> None:
    """List walks, newest first (id, date, school, protocol, visits, notes, status)."""
    store = get_classwalk(ctx).store
    found = store.list_walks(status=status, school=school)
    if not found:
        click.echo("no walks yet: 'classwalk demo' adds a sample school, 'classwalk' starts a walk")
        return
    counts = store.walk_counts([walk.id for walk in found])
    for walk in found:
        c = counts[walk.id]
        focus = f"  focus: {walk.focus}" if walk.focus else ""
        click.echo(
            f"{walk.id[:8]}  {walk.date.isoformat()}  {walk.school}  {walk.protocol_id}  "
            f"{c['visits']} visits  {c['notes']} notes  {walk.status}{focus}"
        )


@cli.command("export")
@click.argument("walk")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (owner-only) instead of printing.")
@click.pass_context
def export(ctx: click.Context, walk: str, fmt: str, output: Path | None) -> None:
    """Export WALK (an id or unique id prefix) as a JSON bundle, CSV of evidence, or Markdown."""
    write_output(export_walk(get_classwalk(ctx), walk, fmt), output, json_text=fmt == "json")
