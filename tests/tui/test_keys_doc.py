"""docs/keys.md is generated from the key table the screens and help read: it fails here while they differ."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
sys.path.insert(0, str(DOCS))

import generate_keys  # noqa: E402

from classwalk.tui import keymap  # noqa: E402


def test_the_keys_page_matches_the_key_table():
    assert (DOCS / "keys.md").read_text(encoding="utf-8") == generate_keys.generate(), \
        "docs/keys.md is out of date: run `make docs`"


def test_every_part_of_the_table_is_on_the_keys_page_and_in_help():
    placed = [part for _title, _level, parts in keymap.PLACES for part in parts]
    assert sorted(placed) == sorted(keymap.KEYMAP), "each part of the key table is placed once"


def test_the_footer_column_follows_the_table():
    rows = {words: footer for keys, words, footer in generate_keys.rows(("home",))}
    assert rows["start a new walk"] == "footer" and rows["bring back the walk deleted last"] == ""
