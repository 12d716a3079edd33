"""The root command group and what every command shares: root options and the run context.

Root options (``--db``, ``--observer``) may be given before the command or after it
(``classwalk --db X walks`` and ``classwalk walks --db X`` are the same): every command
gets a copy of them (:func:`share_root_options`), and the run's :class:`Classwalk` is
made on first use, once every option has been read.
"""

from __future__ import annotations

from pathlib import Path

import click

from classwalk.core import __version__
from classwalk.api import Classwalk

ROOT_OPTIONS_KEY = "root_options"
UI_ONLY_OPTIONS = ("only_school",)
"""Root options that mean something only to the UI: not offered (nor listed in --help) after a command."""


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="classwalk")
@click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), envvar="CLASSWALK_DB",
    help="Database file (default: your user data folder; or set CLASSWALK_DB). May also follow the command.",
)
@click.option(
    "--observer", "observer", metavar="NAME",
    help="Type every note of this run as NAME (no switching who types; for one person per session).",
)
@click.option(
    "--only-school", "only_school", metavar="SCHOOL",
    help="Open the UI on one school's walks only (what an account limited to a school sees).",
)
@click.option(
    "--tz", "time_zone", metavar="ZONE", envvar="CLASSWALK_TZ", is_eager=True, expose_value=False,
    callback=lambda ctx, param, value: time_zone_option(value),
    help="Show and read times in ZONE, e.g. America/Chicago (default: this machine's; or set CLASSWALK_TZ).",
)
@click.option(
    "--own-walks", "own_walks", is_flag=True, default=None,
    help="Open the UI on the walks the --observer is an observer of only (an own-walks account).",
)
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, observer: str | None, only_school: str | None,
        own_walks: bool | None) -> None:
    """classwalk: classroom walkthroughs and learning walks, on your own machine.

    Run with no command to open the observer's terminal UI.
    """
    obj = ctx.ensure_object(dict)
    obj.setdefault(ROOT_OPTIONS_KEY, {}).update(ctx.params)
    obj["command"] = ctx.invoked_subcommand
    observer_option(observer)
    if only_school is not None and ctx.invoked_subcommand is not None:
        raise click.BadParameter("opens the UI only: give it without a command", param_hint="'--only-school'")
    if own_walks and ctx.invoked_subcommand is not None:
        raise click.BadParameter("opens the UI only: give it without a command", param_hint="'--own-walks'")
    if own_walks and not observer:
        raise click.BadParameter("needs --observer NAME: whose walks", param_hint="'--own-walks'")
    if ctx.invoked_subcommand is None:
        open_ui = obj.get("open_ui")
        if open_ui is None:
            click.echo(ctx.get_help())
            return
        code = open_ui(get_classwalk(ctx), observer=get_observer(ctx), school=only_school)
        if code:
            ctx.exit(code)


def time_zone_option(name: str | None) -> None:
    """Use the ``--tz`` zone for every time shown or read in this run; an unknown one is a usage error."""
    from classwalk.features.outputs import localtime

    if not name:
        return
    try:
        localtime.use_zone(name)
    except localtime.UnknownTimeZone as problem:
        raise click.BadParameter(str(problem), param_hint="'--tz'") from None


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
    return observer_option(root_option(ctx, "observer"))


def root_option(ctx: click.Context, name: str):
    """The value of a root option, wherever on the command line it was given."""
    return ctx.find_root().ensure_object(dict).get(ROOT_OPTIONS_KEY, {}).get(name)


def get_classwalk(ctx: click.Context) -> Classwalk:
    """This run's Classwalk, made on first use from the root options."""
    root = ctx.find_root()
    obj = root.ensure_object(dict)
    if "classwalk" not in obj:
        from classwalk.api import Classwalk as PublicClasswalk

        from classwalk.core.scope import Scope

        scope = Scope(observer=get_observer(ctx) or None, school=root_option(ctx, "only_school") or None,
                      own_walks=bool(root_option(ctx, "own_walks")))
        classwalk = PublicClasswalk(db_path=root_option(ctx, "db_path"), scope=scope)
        obj["classwalk"] = classwalk
        root.call_on_close(classwalk.close)
    return obj["classwalk"]


def _keep_root_value(name: str):
    def keep(ctx: click.Context, _param: click.Parameter, value):
        if value is None:
            return
        root = ctx.find_root()
        obj = root.ensure_object(dict)
        if "classwalk" in obj:
            raise click.UsageError(f"--{name.replace('_', '-')} must come before anything that uses the database")
        obj.setdefault(ROOT_OPTIONS_KEY, {})[name] = value

    return keep


def share_root_options(group: click.Group) -> None:
    """Give every command below ``group`` a copy of the group's own options."""
    shared = [p for p in group.params if isinstance(p, click.Option) and p.name and not p.is_eager
              and p.name not in UI_ONLY_OPTIONS]
    for command in _commands_below(group):
        taken = {opt for param in command.params for opt in param.opts}
        for option in shared:
            if taken & set(option.opts):
                continue
            command.params.append(click.Option(
                option.opts, type=option.type, is_flag=option.is_flag, multiple=option.multiple,
                help=option.help, metavar=option.metavar, expose_value=False,
                callback=_keep_root_value(option.name), default=None,
            ))


def _commands_below(group: click.Group):
    for command in group.commands.values():
        yield command
        if isinstance(command, click.Group):
            yield from _commands_below(command)


def write_output(text: str, output: Path | None, *, json_text: bool = False) -> None:
    """Print ``text``, or write it owner-only to ``output`` (it may hold notes).

    A file gets the text exactly, written whole or not at all (never through a symbolic
    link); printed text shows control characters as escapes, JSON as ``\\uXXXX`` so
    it stays valid JSON.
    """
    if output is None:
        from classwalk.core.escape import json_for_terminal

        click.echo(json_for_terminal(text) if json_text else text, nl=False)
        return
    from classwalk.core.storage.files import write_file

    write_file(output, text)
    click.echo(f"wrote {output}", err=True)
