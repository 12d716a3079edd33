"""Write docs/keys.md, every key of the terminal UI, from the key table (tui/keymap.py) that the
screens, the footer and the in-app help read. Run ``make docs`` after changing a key; a test
fails while the file and the table differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUTPUT = Path(__file__).with_name("keys.md")

INTRO = """\
# Keys

Generated from `tui/keymap.py` by `docs/generate_keys.py`; do not edit by hand.

Every key of the terminal UI is declared once, in one table: each screen, dialog and
list takes its key bindings from it, and the footer, the command palette (`ctrl+p`) and
the help (`F1`) read their words from it, so what a key is said to do is what it does.
The footer shows the keys of the mode you are in (an interview, the look-fors) when it
has room; *footer* below says which it shows. Every key is in the palette either way.
Keys written in words (a look-for's letter, a code's key) are handled by the list or the
field itself.
"""


def rows(parts: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(keys, what they do, footer or not) for the table's ``parts``, keys of one action joined."""
    from classwalk.tui.keymap import KEYMAP, key_names

    grouped: dict[tuple[str, str], tuple[list[str], list[bool]]] = {}
    for part in parts:
        for key in KEYMAP[part]:
            names, shown = grouped.setdefault((key.action or key.keys, key.words), ([], []))
            names.extend(name for name in key_names(key) if name not in names)
            shown.append(bool(key.action) and key.show)
    return [(" or ".join(names), words.replace("|", "\\|"), "footer" if any(shown) else "")
            for (_action, words), (names, shown) in grouped.items()]


def generate() -> str:
    from classwalk.tui.keymap import PLACES

    sections = [INTRO]
    for title, level, parts in PLACES:
        lines = [f"{'#' * level} {title}", "", "| key | what it does | |", "|---|---|---|"]
        lines += [f"| {keys} | {words} | {footer} |" for keys, words, footer in rows(parts)]
        sections.append("\n".join(lines) + "\n")
    return "\n".join(sections)


if __name__ == "__main__":
    from pages import write_pages

    sys.exit(write_pages({OUTPUT: generate}))
