"""``classwalk sync URL``: merge this database's walks into a ``classwalk serve`` server."""

from __future__ import annotations

import click

from classwalk.core.errors import ClasswalkError
from .common import cli, get_classwalk


@cli.command("sync")
@click.argument("url")
@click.option("--login", required=True, help="Your account on that server.")
@click.option("--walk", "walks", multiple=True, metavar="WALK",
              help="Only this walk (an id or unique id prefix); may be given more than once.")
@click.pass_context
def sync(ctx: click.Context, url: str, login: str, walks: tuple[str, ...]) -> None:
    """Send your walks to the server at URL (https://, or this machine), merged like 'classwalk import'.

    The password is asked for (or read from standard input). Sending again changes nothing.
    """
    from classwalk.features.bundles.sync import SyncClient, sync_walks
    from .users import read_password

    classwalk = get_classwalk(ctx)
    client = SyncClient(url)
    walk_ids = [classwalk.walk(ref, deleted=None).id for ref in walks] or None
    client.log_in(login, read_password(confirm=False, check=False))
    refused = sent = 0
    for answer in sync_walks(classwalk, client, walk_ids):
        sent += 1
        if answer.ok:
            click.echo(answer.message)
        else:
            refused += 1
            click.echo(f"walk {answer.walk_id[:8]}: refused: {answer.message}", err=True)
    if not sent:
        click.echo("no walks to send")
    if refused:
        raise ClasswalkError(f"{refused} of {sent} walks were refused by the server (see above)")
