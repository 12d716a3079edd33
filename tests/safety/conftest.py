"""Fixtures for the bad-input tests: the demo walk as a bundle, and a database to import into."""

from __future__ import annotations

import pytest

from classwalk.api import Classwalk
from tests.support.bundles import demo_bundle_data


@pytest.fixture(scope="module")
def demo_bundle(tmp_path_factory) -> dict:
    """The demo school's Downey walk as bundle data (copy it before changing it)."""
    return demo_bundle_data(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def target(tmp_path):
    """An empty database to import bundles into."""
    classwalk = Classwalk(db_path=tmp_path / "walks.db")
    yield classwalk
    classwalk.close()
