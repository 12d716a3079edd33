"""The ``classwalk`` command line. Bare ``classwalk`` opens the terminal UI.

Each command group lives in its own module below and is added to :data:`cli` by
:func:`_add_commands`. User mistakes print one line to stderr and exit non-zero.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from typing import Callable

import click

from classwalk.core.storage.dbfile import database_problem
from classwalk.core.errors import ClasswalkError
from classwalk.core.escape import for_terminal
from classwalk.core.text import argument_problem
from .common import cli, share_root_options
from .terminal import OutputFailed, flush_output, silence_stdout, visible_output

COMMANDS_WITHOUT_PLUGIN_WARNING = ("plugins", None)


def _add_commands() -> None:
    from . import bundles, cycles, data, dataset, feedback, plugins, protocols, reports, scaffold, serve, sync, users, walks  # noqa: F401  (registers commands)


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
        names = ", ".join(plugins.failing_labels())
        only_printed = all(failure.error_type == "WroteOutput" for failure in plugins.failures)
        outcome = "what it printed is kept out of the output" if only_printed else "what it adds is left out"
        lines.append(f"classwalk: warning: plugin{'s' if len(failing) > 1 else ''} {names} failed{detail}; "
                     f"{outcome} (see 'classwalk plugins')")
    return [for_terminal(line) for line in lines]


def main(argv: list[str] | None = None, open_ui: Callable | None = None) -> int:
    """Run the CLI; ``open_ui(classwalk)`` is called when no command is given.

    Everything printed shows control characters as escapes; stdout that cannot be
    written (full, or closed with ``>&-``) is one line on stderr (or a quiet exit when the
    reader went away). An argument that is not UTF-8 text is a usage error (2).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    unreadable = argument_problem(args)
    if unreadable:
        _say(f"classwalk: error: {unreadable} (see 'classwalk --help')")
        return 2
    obj: dict = {"open_ui": open_ui}
    try:
        with visible_output():
            try:
                code = _run(args, obj)
            finally:
                for line in plugin_warnings(obj):
                    click.echo(line, err=True)
            flush_output()
            return code
    except OutputFailed as failure:
        silence_stdout()
        if failure.reader_gone:
            return 141  # as a Unix tool killed by SIGPIPE
        _say(f"classwalk: error: cannot write the output: {failure}")
        return 1


def _say(line: str) -> None:
    """One line on stderr, control characters visible; a stderr that fails is let go."""
    try:
        print(for_terminal(line), file=sys.__stderr__ if sys.stderr is None else sys.stderr, flush=True)
    except (OSError, OutputFailed, AttributeError):
        pass


def _run(args: list[str], obj: dict) -> int:
    try:
        result = cli.main(args=args, prog_name="classwalk", standalone_mode=False, obj=obj)
    except OutputFailed:
        raise
    except click.exceptions.Abort:
        _say("classwalk: aborted")
        return 1
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx else "classwalk"
        _say(f"{where}: error: {error.format_message()} (see '{where} --help')")
        return 2
    except click.ClickException as error:
        _say(f"classwalk: error: {error.format_message()}")
        return error.exit_code
    except ClasswalkError as error:
        _say(f"classwalk: error: {error}")
        return 1
    except KeyboardInterrupt:
        return 130
    except sqlite3.DatabaseError as error:  # read from a damaged file, or a disk that failed
        classwalk = obj.get("classwalk")
        problem = database_problem(classwalk.db_path, error) if classwalk is not None else None
        if problem is None and not os.environ.get("CLASSWALK_DEBUG"):
            _say(f"classwalk: database error: {error}")
            return 1
        if problem is None:
            raise
        _say(f"classwalk: error: {problem}")
        return 1
    except Exception as error:  # a fault of ours: still one line, and a non-zero status
        if os.environ.get("CLASSWALK_DEBUG"):
            raise
        _say(f"classwalk: unexpected error: {type(error).__name__}: {error} "
             "(please report it; CLASSWALK_DEBUG=1 shows the details)")
        return 70
    return result if isinstance(result, int) else 0
