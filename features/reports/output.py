"""Reports as text: Markdown for reading, CSV for spreadsheets and scripts."""

from __future__ import annotations

import json

from classwalk.core.errors import ClasswalkError
from classwalk.core.records.patterns import Pattern
from classwalk.features.outputs.render import csv_text, pattern_to_markdown

FORMATS = ("md", "csv", "json")
LONG_COLUMNS = ("table", "row", "column", "value", "row_id", "count", "denominator", "share")
SHARE_PARTS = ("count", "denominator", "share")


def _numbers(cell) -> tuple:
    """(count, denominator, share) of a share cell (``43% (6 of 14)``); empty for any other cell."""
    count = getattr(cell, "count", None)
    denominator = getattr(cell, "denominator", None)
    if not isinstance(cell, str) or count is None or denominator is None:
        return (None, None, None)
    return (count, denominator, round(count / denominator, 6) if denominator else None)


def _machine(cell):
    """A cell as CSV and JSON carry it: a timeline's ``■`` as 1, anything else as shown."""
    return getattr(cell, "machine_value", cell)


def _row_id(pattern: Pattern, index: int) -> str | None:
    return pattern.row_ids[index] if index < len(pattern.row_ids) else None


def _wide(pattern: Pattern) -> tuple[list, list]:
    """A pattern's columns and rows for CSV: each column of shares followed by its count,
    denominator and share as numbers; the row ids last when the pattern has them."""
    share_columns = {i for row in pattern.rows for i, cell in enumerate(row) if _numbers(cell)[0] is not None}
    columns, ids = [], bool(pattern.row_ids)
    for i, column in enumerate(pattern.columns):
        columns.append(column)
        if i in share_columns:
            columns += [f"{column}: {part}" for part in SHARE_PARTS]
    if ids:
        columns.append("id")
    rows = []
    for index, row in enumerate(pattern.rows):
        cells = []
        for i, cell in enumerate(row):
            cells.append(_machine(cell))
            if i in share_columns:
                cells += list(_numbers(cell))
        rows.append(cells + ([_row_id(pattern, index)] if ids else []))
    return columns, rows


def report_markdown(title: str, patterns: list[Pattern]) -> str:
    """A Markdown document: a title, then each pattern as a table."""
    parts = [f"# {title}", ""]
    for pattern in patterns:
        parts += [pattern_to_markdown(pattern, level=2), ""]
    return "\n".join(parts).rstrip() + "\n"


def report_csv(patterns: list[Pattern], table: str | None = None) -> str:
    """One pattern as a plain CSV table, or every pattern in long form (table,row,column,value)."""
    if table is not None:
        for pattern in patterns:
            if pattern.id == table:
                return csv_text(*_wide(pattern))
        known = ", ".join(p.id for p in patterns)
        raise ClasswalkError(f"no table {table!r} in this report (tables: {known})")
    rows = []
    for pattern in patterns:
        for index, row in enumerate(pattern.rows):
            label = row[0] if row else ""
            for column, value in zip(pattern.columns[1:], row[1:]):
                rows.append([pattern.id, label, column, _machine(value), _row_id(pattern, index), *_numbers(value)])
    return csv_text(LONG_COLUMNS, rows)


def _data(pattern: Pattern) -> list[dict]:
    """Every cell of a pattern as a record: its row and column, and a share's numbers apart."""
    records = []
    for index, row in enumerate(pattern.rows):
        for column, value in zip(pattern.columns[1:], row[1:]):
            record = {"row": row[0] if row else "", "row_id": _row_id(pattern, index), "column": column,
                      "value": _machine(value) if hasattr(value, "machine_value") else
                      (str(value) if isinstance(value, str) else value)}
            count, denominator, share = _numbers(value)
            if count is not None:
                record.update(count=count, denominator=denominator, share=share)
            records.append(record)
    return records


def report_json(title: str, patterns: list[Pattern]) -> str:
    """The report as JSON: its title and each table with its columns, rows (as shown) and note,
    and ``data``: every cell as a record, a share's count, denominator and share as numbers."""
    tables = [{"id": p.id, "title": p.title, "columns": list(p.columns),
               "rows": [[str(c) if isinstance(c, str) else c for c in r] for r in p.rows],
               "row_ids": list(p.row_ids), "note": p.note, "data": _data(p)} for p in patterns]
    return json.dumps({"title": title, "tables": tables}, ensure_ascii=False, indent=2) + "\n"


def render_report(title: str, patterns: list[Pattern], fmt: str, table: str | None = None) -> str:
    if fmt == "md":
        if table is not None:
            patterns = [p for p in patterns if p.id == table] or _missing(table, patterns)
        return report_markdown(title, patterns)
    if fmt == "csv":
        return report_csv(patterns, table)
    if fmt == "json":
        if table is not None:
            patterns = [p for p in patterns if p.id == table] or _missing(table, patterns)
        return report_json(title, patterns)
    raise ClasswalkError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")


def _missing(table: str, patterns: list[Pattern]):
    raise ClasswalkError(f"no table {table!r} in this report (tables: {', '.join(p.id for p in patterns)})")
