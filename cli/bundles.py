"""``classwalk import``: merge a walk bundle another observer or device exported."""

from __future__ import annotations

from pathlib import Path

import click

from classwalk.features.bundles import import_file
from .common import cli, get_classwalk


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def import_(ctx: click.Context, file: Path) -> None:
    """Import FILE, a JSON bundle from 'classwalk export WALK --format json'.

    Safe to repeat; merges with the same walk recorded elsewhere; refuses a damaged file
    without changing anything.
    """
    result = import_file(get_classwalk(ctx), file)
    click.echo(f"{file}: {result.summary()}")
