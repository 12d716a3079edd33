"""``classwalk protocols``: list, show and check protocols."""

from __future__ import annotations

from pathlib import Path

import click

from classwalk.core.protocols.capture import capture_brief, capture_outline
from classwalk.core.errors import UserDataError
from classwalk.core.protocols.protocol import MODE_LABELS
from classwalk.core.protocols.toml_files import protocol_to_toml
from .common import cli, get_classwalk


def _timing_text(protocol) -> str:
    t = protocol.timing
    text = f"{t.target_minutes:g} min ({t.min_minutes:g}-{t.max_minutes:g})"
    if t.interval_minutes:
        text += f", every {t.interval_minutes:g} min"
    return text


@cli.group(invoke_without_command=True)
@click.pass_context
def protocols(ctx: click.Context) -> None:
    """List the protocols you can walk with (built-in, plugins, TOML files)."""
    if ctx.invoked_subcommand is not None:
        return
    classwalk = get_classwalk(ctx)
    rows = [("id", "name", "source", "version", "look-fors", "timing")]
    for entry in classwalk.protocols:
        p = entry.protocol
        rows.append((p.id, p.name, entry.source, p.version, str(len(p.look_fors())), _timing_text(p)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    for failure in classwalk.protocols.failures:
        click.echo(f"not loaded: {failure.source}: {failure.error}", err=True)


@protocols.command("show")
@click.argument("protocol_id")
@click.pass_context
def show(ctx: click.Context, protocol_id: str) -> None:
    """Show one protocol: timing, look-fors, evidence kinds, debrief prompts."""
    protocol = get_classwalk(ctx).protocols.get(protocol_id)
    click.echo(f"{protocol.name} ({protocol.id}, version {protocol.version})")
    if protocol.based_on:
        click.echo("Based on: " + " < ".join(protocol.based_on))
    click.echo(" ".join(protocol.description.split()))
    click.echo(f"\nTiming: {_timing_text(protocol)}")
    for variant in protocol.timing.variants:
        click.echo(f"  variant {variant.id}: {variant.label}, {variant.target_minutes:g} min "
                   f"({variant.min_minutes:g}-{variant.max_minutes:g})")
    observers = "one observer" if protocol.solo else f"{protocol.min_observers} or more observers"
    click.echo(f"Observers: {observers}; modes: {', '.join(MODE_LABELS[m] for m in protocol.modes)}")
    needs = [n for n, flag in (("a focus", protocol.requires_focus),
                               ("a guiding question", protocol.requires_guiding_question),
                               ("a slice of learning", protocol.requires_slice)) if flag]
    if needs:
        click.echo("A walk needs: " + ", ".join(needs))
    if protocol.roles:
        click.echo("Roles: " + ", ".join(r.label for r in protocol.roles))
    click.echo("\nLook-fors:")
    for category in protocol.categories:
        click.echo(f"  {category.label}")
        for look_for in category.look_fors:
            click.echo(f"    - {look_for.label}  [{look_for.id}]")
    outline = capture_outline(protocol)
    if outline:
        click.echo("")
        for line in outline:
            click.echo(line)
    click.echo("\nEvidence kinds: " + ", ".join(k.label for k in protocol.evidence_kinds))
    if protocol.interview_questions:
        click.echo("\nStudent interview questions:")
        for question in protocol.interview_questions:
            click.echo(f"  - {question.text}")
    if protocol.debrief_prompts:
        click.echo("\nDebrief prompts:")
        for prompt in protocol.debrief_prompts:
            click.echo(f"  - {prompt.text}")


@protocols.command("check")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def check(ctx: click.Context, file: Path) -> None:
    """Check a TOML protocol file; print every problem, exit non-zero if any."""
    registry = get_classwalk(ctx).protocols
    try:
        protocol, problems = registry.check_file(file)
        problems = [f"{file}: {problem}" for problem in problems]
    except UserDataError as error:
        problems = [f"{error.source}: {problem}" for problem in error.problems]
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        ctx.exit(1)
    click.echo(f"{file}: ok ({protocol.id}: {capture_brief(protocol)})")


@protocols.command("export")
@click.argument("protocol_id")
@click.pass_context
def export(ctx: click.Context, protocol_id: str) -> None:
    """Print a protocol as TOML, to start a district's own from."""
    click.echo(protocol_to_toml(get_classwalk(ctx).protocols.get(protocol_id)), nl=False)
