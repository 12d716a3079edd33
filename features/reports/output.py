"""Reports as text: Markdown for reading, CSV for spreadsheets and scripts."""

from __future__ import annotations

import json

from classwalk.core.errors import ClasswalkError
from classwalk.core.patterns import Pattern
from ..render import csv_text, pattern_to_markdown

FORMATS = ("md", "csv", "json")
LONG_COLUMNS = ("table", "row", "column", "value")


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
                return csv_text(pattern.columns, pattern.rows)
        known = ", ".join(p.id for p in patterns)
        raise ClasswalkError(f"no table {table!r} in this report (tables: {known})")
    rows = []
    for pattern in patterns:
        for row in pattern.rows:
            label = row[0] if row else ""
            for column, value in zip(pattern.columns[1:], row[1:]):
                rows.append([pattern.id, label, column, value])
    return csv_text(LONG_COLUMNS, rows)


def report_json(title: str, patterns: list[Pattern]) -> str:
    """The report as JSON: its title and each table with its columns, rows and note."""
    tables = [{"id": p.id, "title": p.title, "columns": list(p.columns), "rows": [list(r) for r in p.rows],
               "note": p.note} for p in patterns]
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
