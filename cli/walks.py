"""``classwalk walks`` and ``classwalk export``: what is recorded, and getting it out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from classwalk.core.errors import ClasswalkError
from classwalk.features.outputs.export import FORMATS
from .common import cli, get_classwalk, get_observer, write_output
from classwalk.core.text import plural

STATUS_WORDS = {"in_progress": "in progress", "debriefing": "debriefing", "closed": "closed"}


@cli.group("walks", invoke_without_command=True)
@click.option("--school", help="Only walks at this school.")
@click.option("--status", type=click.Choice(["in_progress", "debriefing", "closed"]), help="Only walks in this state.")
@click.option("--deleted", is_flag=True, help="List deleted walks instead (what 'walks undelete' can bring back).")
@click.pass_context
def walks(ctx: click.Context, school: str | None, status: str | None, deleted: bool) -> None:
    """List walks, newest first (id, date, school, protocol, visits, notes, status).

    'classwalk walks delete WALK' deletes a walk (it leaves every listing and report);
    'classwalk walks undelete' brings back the last one deleted.
    """
    if ctx.invoked_subcommand is not None:
        return
    classwalk = get_classwalk(ctx)
    if deleted:
        _list_deleted(classwalk)
        return
    found = classwalk.walks(status=status, school=school)
    if not found:
        click.echo("no walks yet: 'classwalk demo' adds a sample school, 'classwalk' starts a walk")
        return
    counts = classwalk.walk_counts(found)
    for walk in found:
        c = counts[walk.id]
        focus = f"  focus: {walk.focus}" if walk.focus else ""
        click.echo(
            f"{walk.id[:8]}  {walk.date.isoformat()}  {walk.school}  {walk.protocol_id}  "
            f"{plural(c['visits'], 'visit')}  {plural(c['notes'], 'note')}  {STATUS_WORDS.get(walk.status, walk.status)}{focus}"
        )


def _list_deleted(classwalk) -> None:
    from classwalk.features.outputs import localtime

    found = classwalk.deleted_walks()
    if not found:
        click.echo("no deleted walks")
        return
    for walk in found:
        by = f" by {walk.deleted_by}" if walk.deleted_by else ""
        click.echo(f"{walk.id[:8]}  {walk.date.isoformat()}  {walk.school}  {walk.protocol_id}  "
                   f"deleted {localtime.stamp(walk.deleted_at)} {localtime.zone_label(walk.deleted_at)}{by}")


def _describe(classwalk, walk) -> str:
    counts = classwalk.walk_counts([walk])[walk.id]
    visits, notes = plural(counts['visits'], "visit"), plural(counts['notes'], "note")
    return f"walk {walk.id[:8]} ({walk.date.isoformat()}, {walk.school}, {walk.protocol_id}: {visits}, {notes})"


def stdin_is_terminal() -> bool:
    """Whether someone can answer a question (stdin is a terminal)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed or detached
        return False


@walks.command("delete")
@click.argument("walk")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking (needed when no one is at a terminal).")
@click.pass_context
def delete(ctx: click.Context, walk: str, yes: bool) -> None:
    """Delete WALK (an id or unique id prefix): it leaves every listing and report.

    Nothing is erased: 'classwalk walks undelete' brings the walk back, and its JSON
    export still holds everything, marked as deleted.
    """
    classwalk = get_classwalk(ctx)
    found = classwalk.walk(walk)
    described = _describe(classwalk, found)
    if not yes:
        if not stdin_is_terminal():
            raise ClasswalkError(f"not deleting {described}: no terminal to confirm at; add --yes to delete it")
        if not click.confirm(f"Delete {described}? It leaves every listing and report", default=False):
            click.echo("kept: nothing deleted")
            return
    classwalk.delete_walk(found, by=get_observer(ctx) or "")
    click.echo(f"deleted {described}; 'classwalk walks undelete {found.id[:8]}' brings it back")


@walks.command("undelete")
@click.argument("walk", required=False)
@click.pass_context
def undelete(ctx: click.Context, walk: str | None) -> None:
    """Bring back a deleted WALK (default: the walk deleted last)."""
    classwalk = get_classwalk(ctx)
    if walk is None:
        found = classwalk.last_deleted_walk()
        if found is None:
            raise ClasswalkError("no deleted walk to bring back (see 'classwalk walks --deleted')")
    else:
        found = classwalk.walk(walk, deleted=True)
    classwalk.restore_walk(found)
    click.echo(f"restored {_describe(classwalk, found)}")


@cli.command("export")
@click.argument("walk")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (owner-only) instead of printing.")
@click.pass_context
def export(ctx: click.Context, walk: str, fmt: str, output: Path | None) -> None:
    """Export WALK (an id or unique id prefix) as a JSON bundle, CSV of evidence, or Markdown.

    A deleted walk can still be exported as JSON: the bundle says it is deleted.
    """
    write_output(get_classwalk(ctx).export(walk, fmt), output, json_text=fmt == "json")
