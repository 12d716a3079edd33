"""``classwalk new-protocol NAME``: start a protocol plugin package."""

from __future__ import annotations

from pathlib import Path

import click

from classwalk.features.scaffold import write_plugin_package
from .common import cli


@cli.command("new-protocol")
@click.argument("name")
@click.option("--dir", "parent", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder to create the package in.")
def new_protocol(name: str, parent: Path) -> None:
    """Write an installable plugin package for a new protocol called NAME."""
    target = write_plugin_package(name, parent)
    click.echo(f"wrote {target}")
    click.echo(f"Next: cd {target} && pip install -e '.[test]' && pytest && classwalk protocols")
