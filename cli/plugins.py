"""``classwalk plugins``: what is loaded, and what failed and why."""

from __future__ import annotations

import click

from .common import cli, get_classwalk


@cli.command("plugins")
@click.pass_context
def plugins(ctx: click.Context) -> None:
    """List installed protocol plugins and any that failed to load."""
    classwalk = get_classwalk(ctx)
    registry = classwalk.protocols  # loading protocols runs the register hooks
    by_plugin: dict[str, list[str]] = {}
    for entry in registry:
        if entry.plugin:
            by_plugin.setdefault(entry.plugin, []).append(entry.protocol.id)
    for info in classwalk.plugins.loaded:
        kind = "built-in" if info.built_in else f"{info.distribution} {info.version}"
        ids = ", ".join(by_plugin.get(info.name, [])) or "no protocols"
        click.echo(f"{info.name}  ({kind})  {info.module}  protocols: {ids}")
    for failure in classwalk.plugins.failures:
        click.echo(f"FAILED {failure.name}  ({failure.where})  {failure.error}")
    for failure in registry.failures:
        if not failure.source.startswith(("built-in", "plugin ")):
            click.echo(f"FAILED {failure.source}  {failure.error}")
