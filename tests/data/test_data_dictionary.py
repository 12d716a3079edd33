"""docs/data.md is generated from the dataset's schema code: it fails here while they differ."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from classwalk.features.dataset.schema import TABLES

DATA_MD = Path(__file__).resolve().parents[2] / "docs" / "data.md"


@pytest.fixture(scope="module")
def dictionary() -> str:
    """docs/data.md as it stands."""
    return DATA_MD.read_text(encoding="utf-8")


def test_data_dictionary_matches_the_schema_code(dictionary):
    spec = importlib.util.spec_from_file_location("generate_data", DATA_MD.with_name("generate_data.py"))
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert dictionary == generator.generate(), "docs/data.md is out of date: run 'make docs'"


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.name)
def test_every_table_and_column_is_in_the_dictionary(dictionary, table):
    assert f"## {table.name}\n" in dictionary
    for column in table.columns:
        assert f"| `{column.name}` | {column.type} |" in dictionary
