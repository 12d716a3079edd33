"""Fixtures for the dataset tests: the demo school and interval lessons, in one database."""

from __future__ import annotations

from pathlib import Path

import pytest

from classwalk.api import Classwalk
from tests.support.intervals import examples  # noqa: F401  (a fixture of this folder)


@pytest.fixture
def open_classwalk(examples):
    """open_classwalk(path): a Classwalk on that database with the docs' example protocols; closed after."""
    opened = []

    def make(path: Path) -> Classwalk:
        instance = Classwalk(db_path=path)
        opened.append(instance)
        return instance

    yield make
    for instance in opened:
        instance.close()
