"""Fixtures for the plugin contract tests.

The test kit's fixtures are imported here as well, so these tests run even in a checkout
whose install predates the kit's ``pytest11`` entry point.
"""

import datetime as dt

import pytest

import classwalk as cw
from classwalk.testing import classwalk_db, classwalk_plugin_names  # noqa: F401  (fixtures)
from tests.plugins.plugin_dists import site  # noqa: F401  (a fixture)


@pytest.fixture
def walk_id(db_path) -> str:
    """The id of an ended Downey walk with one visit (Room 12) and one note."""
    with cw.open_db(db_path) as db:
        walk = db.start_walk("downey", school="Lincoln", date=dt.date(2026, 11, 23), observers=["Ana"])
        visit = db.start_visit(walk, "Room 12", teacher="J. Park")
        db.record(visit, "Pairs explaining their method", look_fors=["orientation.can_explain"])
        db.end_walk(walk)
        return walk.id
