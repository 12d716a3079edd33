"""``classwalk`` and ``python -m classwalk.tui``: the CLI, opening the TUI when bare.

Bare ``classwalk`` (or with only ``--db PATH``) opens the UI straight away, without
loading every CLI command first; anything else goes through the CLI.
"""

from __future__ import annotations

import sys


def open_ui(classwalk) -> None:
    """Start the observer's terminal UI on this run's database."""
    from .app import run

    run(classwalk)


def ui_only(argv: list[str]) -> tuple[bool, str | None]:
    """(True, db path or None) when ``argv`` asks for nothing but the UI."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        return True, argv[0][len("--db="):]
    return False, None


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    bare, db_path = ui_only(args)
    if bare:
        from classwalk.core.context import Classwalk
        from classwalk.core.errors import ClasswalkError

        classwalk = Classwalk(db_path=db_path)
        try:
            open_ui(classwalk)
        except ClasswalkError as error:
            print(f"classwalk: error: {error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130
        finally:
            classwalk.close()
        return 0
    from classwalk.cli import main as cli_main

    return cli_main(args, open_ui=open_ui)


if __name__ == "__main__":
    sys.exit(main())
