"""Writing generated pages: ``write_pages({path: make, ...})`` for each generator's ``__main__``.

With ``--check`` nothing is written: the exit status is 1 when a page is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable


def write_pages(pages: dict[Path, Callable[[], str]], argv: list[str] | None = None) -> int:
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    stale = []
    for path, make in pages.items():
        text = make()
        if check:
            if path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
                print(f"out of date: docs/{path.name}")
            continue
        path.write_text(text, encoding="utf-8")
        print(f"wrote docs/{path.name}")
    return 1 if stale else 0
