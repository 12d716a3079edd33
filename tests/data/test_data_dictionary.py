"""docs/data.md is generated from the dataset's schema code: it fails here while they differ."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
sys.path.insert(0, str(DOCS))

import generate_data  # noqa: E402


def test_data_dictionary_matches_the_schema_code():
    assert (DOCS / "data.md").read_text(encoding="utf-8") == generate_data.generate(), \
        "docs/data.md is out of date: run 'make docs'"


def test_every_table_and_column_is_in_the_dictionary():
    from classwalk.features.dataset.schema import TABLES

    text = (DOCS / "data.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"## {table.name}\n" in text
        for column in table.columns:
            assert f"| `{column.name}` | {column.type} |" in text
