"""The root command group and what every command shares: --db and the run context."""

from __future__ import annotations

from pathlib import Path

import click

from classwalk.core import __version__
from classwalk.core.context import Classwalk


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="classwalk")
@click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), envvar="CLASSWALK_DB",
    help="Database file (default: your user data folder; or set CLASSWALK_DB).",
)
@click.option(
    "--observer", "observer", metavar="NAME",
    help="Type every note of this run as NAME (no switching who types; for one person per session).",
)
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, observer: str | None) -> None:
    """classwalk: classroom walkthroughs and learning walks, on your own machine.

    Run with no command to open the observer's terminal UI.
    """
    obj = ctx.ensure_object(dict)
    obj["observer"] = observer_option(observer)
    classwalk = Classwalk(db_path=db_path)
    obj["classwalk"] = classwalk
    ctx.call_on_close(classwalk.close)
    if ctx.invoked_subcommand is None:
        open_ui = obj.get("open_ui")
        if open_ui is None:
            click.echo(ctx.get_help())
            return
        open_ui(classwalk, observer=obj["observer"])


def observer_option(name: str | None) -> str | None:
    """The ``--observer`` name, checked: a bad one is a one-line usage error."""
    if name is None:
        return None
    from classwalk.tui.observer import TextProblem, check_observer_name

    try:
        return check_observer_name(name)
    except TextProblem as problem:
        raise click.BadParameter(str(problem), param_hint="'--observer'") from None


def get_observer(ctx: click.Context) -> str | None:
    """The name given to the root ``--observer`` option, if any (who this run types as)."""
    return ctx.find_root().obj.get("observer")


def get_classwalk(ctx: click.Context) -> Classwalk:
    return ctx.find_root().obj["classwalk"]


def write_output(text: str, output: Path | None) -> None:
    """Print ``text``, or write it owner-only to ``output`` (it may hold notes)."""
    if output is None:
        click.echo(text, nl=False)
        return
    from classwalk.core.store import create_private_file

    try:
        create_private_file(output)
        output.chmod(0o600)
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"{output}: {error.strerror or 'cannot be written'}") from None
    click.echo(f"wrote {output}", err=True)
