"""The ``classwalk`` command line. Bare ``classwalk`` opens the terminal UI.

Each command group lives in its own module below and is added to :data:`cli` by
:func:`_add_commands`. User mistakes print one line to stderr and exit non-zero.
"""

from __future__ import annotations

import sys
from typing import Callable

import click

from classwalk.core.errors import ClasswalkError
from .common import cli


def _add_commands() -> None:
    from . import bundles, cycles, data, feedback, plugins, protocols, reports, scaffold, walks  # noqa: F401  (registers commands)


_add_commands()


def main(argv: list[str] | None = None, open_ui: Callable | None = None) -> int:
    """Run the CLI; ``open_ui(classwalk)`` is called when no command is given."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=args, prog_name="classwalk", standalone_mode=False, obj={"open_ui": open_ui})
    except click.exceptions.Abort:
        click.echo("classwalk: aborted", err=True)
        return 1
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx else "classwalk"
        click.echo(f"{where}: error: {error.format_message()} (see '{where} --help')", err=True)
        return 2
    except click.ClickException as error:
        click.echo(f"classwalk: error: {error.format_message()}", err=True)
        return error.exit_code
    except ClasswalkError as error:
        click.echo(f"classwalk: error: {error}", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0
