"""Helpers shared by the crash-safety and bad-input tests."""

from __future__ import annotations

from pathlib import Path

from classwalk.core.errors import ClasswalkError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def assert_one_line_error(error: BaseException) -> None:
    """A refusal the user can read: a ClasswalkError whose message is one non-empty line."""
    assert isinstance(error, ClasswalkError), f"{type(error).__name__}: {error}"
    message = str(error)
    assert message.strip(), "empty error message"
    assert "\n" not in message and "\r" not in message, f"multi-line error: {message!r}"


def table_rows(connection, table: str) -> list:
    """Every row of ``table`` in a stable order: by its primary key, else by rowid (a
    WITHOUT ROWID table has no rowid to order by)."""
    columns = sorted(connection.execute(f"PRAGMA table_info([{table}])").fetchall(), key=lambda row: row[5])
    order = ", ".join(f"[{row[1]}]" for row in columns if row[5]) or "rowid"
    return connection.execute(f"SELECT * FROM [{table}] ORDER BY {order}").fetchall()


def paths(value, prefix=()):
    """Every path (a tuple of keys and indexes) into nested dicts and lists, the empty one
    first: to pick a place to change."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))
