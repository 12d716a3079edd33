"""``classwalk users``: the observer accounts that may log in to ``classwalk serve``."""

from __future__ import annotations

import sys

import click

from classwalk.core.errors import ClasswalkError
from classwalk.features.accounts import Accounts, check_login, check_password
from .common import cli, get_classwalk


def read_password(confirm: bool = True, check: bool = True) -> str:
    """A password from a hidden prompt (twice) on a terminal, else the first line of stdin.

    ``check`` holds a new password to the length rules (not needed to log in with one).
    """
    stream = sys.stdin
    if stream.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=confirm,
                                err=True, show_default=False)
    else:
        line = stream.readline()
        if not line:
            raise ClasswalkError("password: none given on standard input")
        password = line.rstrip("\r\n")
    if not password:
        raise ClasswalkError("password: none given")
    return check_password(password) if check else password


def _accounts(ctx: click.Context) -> Accounts:
    return get_classwalk(ctx).accounts()


@cli.group("users")
def users() -> None:
    """Observer accounts for 'classwalk serve' (passwords are stored only as scrypt hashes)."""


@users.command("add")
@click.argument("login")
@click.option("--observer", "observer", help="The observer's name on walks and notes (default: the login).")
@click.option("--school", help="Limit this account to one school's walks.")
@click.option("--own-walks", "own_walks", is_flag=True,
              help="Limit this account to the walks its observer is an observer of (walks kept private).")
@click.pass_context
def users_add(ctx: click.Context, login: str, observer: str | None, school: str | None, own_walks: bool) -> None:
    """Add an account LOGIN; the password is asked for (or read from standard input)."""
    accounts = _accounts(ctx)
    check_login(login)
    if accounts.find(login) is not None:
        raise ClasswalkError(f"account {login!r} exists already ('classwalk users passwd {login}' changes its password)")
    account = accounts.add(login, read_password(), observer=observer, school=school, own_walks=own_walks)
    limit = f", limited to {account.school}" if account.school else ""
    limit += ", own walks only" if account.own_walks else ""
    click.echo(f"added {account.login} (observer {account.observer}{limit})")


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List accounts: login, observer name, school limit and own-walks limit."""
    found = _accounts(ctx).list()
    if not found:
        click.echo("no accounts yet: 'classwalk users add LOGIN' adds one")
        return
    for account in found:
        school = account.school or "all schools"
        own = "  own walks only" if account.own_walks else ""
        click.echo(f"{account.login}  {account.observer}  {school}{own}")


@users.command("remove")
@click.argument("login")
@click.pass_context
def users_remove(ctx: click.Context, login: str) -> None:
    """Remove account LOGIN; its browser sessions end at their next request."""
    _accounts(ctx).remove(login)
    click.echo(f"removed {login}")


@users.command("passwd")
@click.argument("login")
@click.pass_context
def users_passwd(ctx: click.Context, login: str) -> None:
    """Set a new password for LOGIN; sessions opened with the old one end."""
    accounts = _accounts(ctx)
    accounts.get(login)
    accounts.set_password(login, read_password())
    click.echo(f"password changed for {login}")
