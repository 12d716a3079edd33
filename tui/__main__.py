"""``classwalk`` and ``python -m classwalk.tui``: the CLI, opening the TUI when bare.

Bare ``classwalk`` (or with only ``--db PATH``) opens the UI straight away, without
loading every CLI command first; anything else goes through the CLI.
"""

from __future__ import annotations

import sys


UI_OPTIONS = ("--db", "--observer", "--only-school", "--tz")


def open_ui(classwalk, observer: str | None = None, school: str | None = None) -> int:
    """Run the observer's terminal UI on this run's database (typing as ``observer`` if given,
    on ``school``'s walks only if given).

    Returns the exit status: non-zero when the UI ended in a crash.
    """
    from .app import run

    return run(classwalk, observer=observer, school=school)


def ui_only(argv: list[str]) -> tuple[bool, dict[str, str]]:
    """(True, {"--db": path, "--observer": name}) when ``argv`` asks for nothing but the UI.

    Only ``--db`` and ``--observer``, each at most once, as ``--opt VALUE`` or ``--opt=VALUE``;
    anything else (or a value that looks like an option) goes through the full CLI, which
    explains the mistake.
    """
    options: dict[str, str] = {}
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        name, equals, value = word.partition("=")
        if name not in UI_OPTIONS or name in options:
            return False, {}
        if not equals:
            if not rest:
                return False, {}
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return False, {}
        options[name] = value
    return True, options


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    bare, options = ui_only(args)
    if bare and "--observer" in options:
        from .observer import TextProblem, check_observer_name

        try:
            options["--observer"] = check_observer_name(options["--observer"])
        except TextProblem:
            bare = False  # the CLI prints the one-line usage error
    if bare and "--tz" in options:
        from classwalk.features.outputs import localtime

        try:
            localtime.use_zone(options["--tz"])
        except localtime.UnknownTimeZone:
            bare = False  # the CLI prints the one-line usage error
    if bare:
        from classwalk.api import Classwalk
        from classwalk.core.errors import ClasswalkError

        from classwalk.core.text import argument_problem
        from classwalk.core.escape import for_terminal

        unreadable = argument_problem(args)
        if unreadable:
            print(f"classwalk: error: {unreadable} (see 'classwalk --help')", file=sys.stderr)
            return 2
        if sys.stdout is None:
            print("classwalk: error: cannot write the output: standard output is closed (the "
                  "terminal UI needs a terminal)", file=sys.stderr)
            return 1

        classwalk = Classwalk(db_path=options.get("--db"))
        try:
            return open_ui(classwalk, observer=options.get("--observer"),
                           school=options.get("--only-school")) or 0
        except ClasswalkError as error:
            print(f"classwalk: error: {for_terminal(error)}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130
        except Exception as error:  # outside the app's own handling: still a non-zero status
            print(f"classwalk: unexpected error: {for_terminal(type(error).__name__)}: {for_terminal(error)}",
                  file=sys.stderr)
            return 70
        finally:
            classwalk.close()
    from classwalk.cli import main as cli_main

    return cli_main(args, open_ui=open_ui)


if __name__ == "__main__":
    sys.exit(main())
