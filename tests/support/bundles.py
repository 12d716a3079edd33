"""Import bundles in tests: the demo walk as a bundle, a bundle with one value changed, and
imports that must be refused with nothing written."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

from classwalk.api import Classwalk
from classwalk.core.errors import ClasswalkError
from classwalk.core.records.model import Walk
from classwalk.features.bundles.importer import import_bundle
from classwalk.features.demo.school import demo_records
from classwalk.features.outputs.export import export_walk
from tests.safety.safety_helpers import assert_one_line_error, table_rows


def demo_bundle_data(folder: Path) -> dict:
    """The demo school's Downey walk exported as a bundle (its JSON data), made in ``folder``."""
    classwalk = Classwalk(db_path=folder / "demo.db")
    try:
        records = demo_records(dt.date(2026, 11, 23), {"downey"})
        classwalk.store.save_many(records)
        walk_id = next(r.id for r in records if isinstance(r, Walk))
        return json.loads(export_walk(classwalk, walk_id, "json"))
    finally:
        classwalk.close()


def changed(data: dict, path: list, value) -> str:
    """``data`` as JSON text with the value at ``path`` (keys and indexes) set to ``value``;
    ``data`` itself is left as it was."""
    data = copy.deepcopy(data)
    place = data
    for key in path[:-1]:
        place = place[key]
    place[path[-1]] = value
    return json.dumps(data, ensure_ascii=False)


def tables(classwalk) -> dict[str, list]:
    """Every table's rows in a stable order (the migrations table aside): compare before and
    after to see that nothing was written."""
    db = classwalk.store.db
    names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {name: table_rows(db.conn, name) for name in names if name != "_sqlite_migrations"}


def refusal(classwalk, text: str, filename: str = "bundle.json") -> ClasswalkError | None:
    """Import ``text``: None if accepted; if refused, the error, after checking that it is one
    line and that nothing was written."""
    before = tables(classwalk)
    try:
        import_bundle(classwalk, text, filename)
    except ClasswalkError as error:
        assert_one_line_error(error)
        assert tables(classwalk) == before, "a refused bundle changed the database"
        return error
    return None


def import_or_refusal(classwalk, text: str) -> bool:
    """Import ``text``; True if accepted, False if refused in one line with nothing written."""
    return refusal(classwalk, text) is None


def refused(classwalk, text: str, expected: str) -> str:
    """The message refusing ``text``, which must be refused in one line holding ``expected``
    with nothing written."""
    error = refusal(classwalk, text)
    assert error is not None, "the bundle was imported"
    assert expected in str(error), str(error)
    return str(error)
