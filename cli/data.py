"""``classwalk demo``: fill a database with a sample school to explore."""

from __future__ import annotations

import click

from classwalk.features.demo import SCHOOL, seed_demo
from .common import cli, get_classwalk


@cli.command("demo")
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Add a sample school and its walks to the database (safe to run again)."""
    classwalk = get_classwalk(ctx)
    counts = seed_demo(classwalk)
    summary = ", ".join(f"{n} {name.lower()}" for name, n in sorted(counts.items()))
    click.echo(f"{SCHOOL}: {summary} in {classwalk.db_path}")
    click.echo("Try: classwalk walks   |   classwalk export WALK --format md   |   classwalk")
