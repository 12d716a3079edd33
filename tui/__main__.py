"""``classwalk`` and ``python -m classwalk.tui``: the CLI, opening the TUI when bare."""

from __future__ import annotations

import sys


def open_ui(classwalk) -> None:
    """Start the observer's terminal UI on this run's database."""
    from .app import run

    run(classwalk)


def main(argv: list[str] | None = None) -> int:
    from classwalk.core.cli import main as cli_main

    return cli_main(argv, open_ui=open_ui)


if __name__ == "__main__":
    sys.exit(main())
