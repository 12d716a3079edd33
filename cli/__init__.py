"""The ``classwalk`` command line. Bare ``classwalk`` opens the terminal UI.

Each command group lives in its own module below and is added to :data:`cli` by
:func:`_add_commands`. User mistakes print one line to stderr and exit non-zero.
"""

from __future__ import annotations

import sys
from typing import Callable

import click

from classwalk.core.errors import ClasswalkError, printable
from .common import cli, share_root_options

COMMANDS_WITHOUT_PLUGIN_WARNING = ("plugins", None)


def _add_commands() -> None:
    from . import bundles, cycles, data, feedback, plugins, protocols, reports, scaffold, walks  # noqa: F401  (registers commands)


_add_commands()
share_root_options(cli)


def plugin_warnings(obj: dict) -> list[str]:
    """One line for what plugins did wrong during this command (nothing if plugins never loaded)."""
    classwalk = obj.get("classwalk")
    if classwalk is None or "plugins" not in vars(classwalk) or obj.get("command") in COMMANDS_WITHOUT_PLUGIN_WARNING:
        return []
    plugins = classwalk.plugins
    lines = [f"classwalk: warning: {warning}" for warning in plugins.warnings]
    failing = plugins.failing()
    if failing:
        first = plugins.failures[0]
        detail = f" ({first.where}: {first.error})" if len(failing) == 1 else ""
        names = ", ".join(failing)
        lines.append(f"classwalk: warning: plugin{'s' if len(failing) > 1 else ''} {names} failed{detail}; "
                     "what it adds is left out (see 'classwalk plugins')")
    return [printable(line) for line in lines]


def main(argv: list[str] | None = None, open_ui: Callable | None = None) -> int:
    """Run the CLI; ``open_ui(classwalk)`` is called when no command is given."""
    args = list(sys.argv[1:] if argv is None else argv)
    obj: dict = {"open_ui": open_ui}
    try:
        return _run(args, obj)
    finally:
        for line in plugin_warnings(obj):
            click.echo(line, err=True)


def _run(args: list[str], obj: dict) -> int:
    try:
        result = cli.main(args=args, prog_name="classwalk", standalone_mode=False, obj=obj)
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
