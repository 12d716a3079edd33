"""``classwalk plugins``: what is loaded, what failed and why; exit 1 while any is failing."""

from __future__ import annotations

import click

from classwalk.core.escape import for_terminal
from .common import cli, get_classwalk


@cli.command("plugins")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; only the exit status tells (for scripts).")
@click.option("--clear", is_flag=True, help="Forget the failures recorded by earlier runs, then check again.")
@click.option("--check", is_flag=True,
              help="Also run every hook of every plugin on sample walks of each protocol, and list what fails.")
@click.pass_context
def plugins(ctx: click.Context, quiet: bool, clear: bool, check: bool) -> None:
    """List installed protocol plugins and their failures.

    Failures are those of this run (a plugin that cannot be loaded, or is written for a
    newer hook API) and those recorded by earlier runs (a hook that raised or answered
    with the wrong type), kept until the plugin's version changes or --clear. --check
    runs every hook now, on sample walks of every protocol (nothing is saved), so a
    failure shows before an observer meets it. Exits 1 while any plugin is failing.
    """
    classwalk = get_classwalk(ctx)
    if clear:
        forgotten = classwalk.failure_log.clear()
        if not quiet:
            click.echo(f"forgot {forgotten} recorded failure(s)", err=True)
    registry = classwalk.protocols  # loading protocols runs the register hooks
    if check:
        from classwalk.features.debriefs.debrief import core_pattern_ids

        classwalk.check_plugins(taken_ids=core_pattern_ids)
    failures = classwalk.plugin_failures()
    if quiet:
        ctx.exit(1 if failures else 0)
    by_plugin: dict[str, list[str]] = {}
    for entry in registry:
        if entry.plugin:
            by_plugin.setdefault(entry.plugin, []).append(entry.protocol.id)
    failing = {failure.plugin for failure in failures}
    for info in classwalk.plugins.loaded:
        kind = "built-in" if info.built_in else f"{info.distribution} {info.version}"
        ids = ", ".join(by_plugin.get(info.name, [])) or "no protocols"
        hooks = ", ".join(hook.removeprefix("classwalk_") for hook in _hooks_of(classwalk.plugins, info.name))
        state = "  FAILING" if info.name in failing else ""
        click.echo(for_terminal(f"{info.name}  ({kind})  {info.module}  protocols: {ids}  hooks: {hooks or 'none'}{state}"))
    for failure in failures:
        label = "INCOMPATIBLE" if failure.error_type == "IncompatibleHookAPI" else "FAILED"
        times = f", {failure.count} times" if failure.count > 1 else ""
        click.echo(for_terminal(f"{label} {failure.label}  ({failure.hook})  {failure.error}  "
                             f"[last {failure.last_at}{times}]"))
    for failure in registry.failures:
        if not failure.source.startswith(("built-in", "plugin ")):
            click.echo(for_terminal(f"FAILED {failure.source}  {failure.error}"))
    if check and not failures:
        click.echo(f"checked {len(classwalk.plugins.loaded)} plugin(s) on sample walks of "
                   f"{len(registry)} protocol(s): no failures", err=True)
    if failures:
        click.echo("A failing plugin's part is left out; everything else works. Fix it, or uninstall its "
                   "pip package (or leave it out with CLASSWALK_LOAD_PLUGINS), then 'classwalk plugins --clear'.",
                   err=True)
        ctx.exit(1)


def _hooks_of(plugins, name: str) -> list[str]:
    """The hooks plugin ``name`` implements, with tryfirst/trylast where marked."""
    module = plugins.manager.get_plugin(name)
    found = []
    for caller in plugins.manager.get_hookcallers(module) or []:
        for impl in caller.get_hookimpls():
            if impl.plugin_name == name:
                order = " (tryfirst)" if impl.tryfirst else " (trylast)" if impl.trylast else ""
                found.append(caller.name + order)
    return sorted(found)
