"""``classwalk import``: merge a walk bundle another observer or device exported."""

from __future__ import annotations

from pathlib import Path

import click

from classwalk.features.reports.output import FORMATS, render_report
from .common import cli, get_classwalk, get_observer


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def import_(ctx: click.Context, file: Path) -> None:
    """Import FILE, a JSON bundle from 'classwalk export WALK --format json'.

    Safe to repeat; merges with the same walk recorded elsewhere; refuses a damaged file
    without changing anything.
    """
    result = get_classwalk(ctx).import_bundle(file, sent_by=get_observer(ctx) or "")
    click.echo(f"{file}: {result.summary()}")


@cli.command("conflicts")
@click.argument("walk")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.pass_context
def conflicts(ctx: click.Context, walk: str, fmt: str) -> None:
    """List the versions imports kept of WALK's records (an id or unique id prefix).

    When a record was edited differently on two devices, one version stays live and the
    other is kept: each row shows a field where they differ. Then who sent each record
    that arrived by import or sync, and when.
    """
    classwalk = get_classwalk(ctx)
    found = classwalk.walk(walk)
    pattern, arrived = classwalk.conflicts(found)
    if not pattern.rows:
        click.echo(f"walk {found.id[:8]}: no versions kept by imports")
    if not pattern.rows and not arrived.rows:
        return
    shown = [p for p in (pattern, arrived) if p.rows]
    click.echo(render_report(f"Walk at {found.school}, {found.date.isoformat()}", shown, fmt), nl=False)
