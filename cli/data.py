"""``classwalk demo``: fill a database with a sample school to explore."""

from __future__ import annotations

import click

from classwalk.features.demo.school import SCHOOL, seed_demo
from .common import cli, get_classwalk


_NOUNS = {"Walk": "walk", "Visit": "visit", "Evidence": "note", "DebriefResponse": "debrief answer",
          "NextStep": "next step", "Feedback": "feedback note", "Cycle": "cycle"}
_ORDER = {name: place for place, name in enumerate(_NOUNS)}


def _count(n: int, record: str) -> str:
    noun = _NOUNS.get(record, record.lower())
    return f"{n} {noun}" + ("" if n == 1 else "s")


@cli.command("demo")
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Add a sample school and its walks to the database (safe to run again)."""
    classwalk = get_classwalk(ctx)
    counts = seed_demo(classwalk)
    summary = ", ".join(_count(n, name) for name, n in sorted(counts.items(), key=lambda c: _ORDER.get(c[0], 9)))
    summary = summary or "already there, nothing added"
    click.echo(f"{SCHOOL}: {summary} in {classwalk.db_path}")
    click.echo("Try: classwalk walks   |   classwalk export WALK --format md   |   classwalk")
