"""Patterns and records as Markdown and CSV text."""

from __future__ import annotations

import csv
import io

from classwalk.core.patterns import Pattern


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table(columns, rows) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(_cell(c) for c in columns) + " |"]
    lines.append("|" + "|".join(" --- " for _ in columns) + "|")
    lines.extend("| " + " | ".join(_cell(v) for v in row) + " |" for row in rows)
    return "\n".join(lines)


def pattern_to_markdown(pattern: Pattern, level: int = 3) -> str:
    parts = [f"{'#' * level} {pattern.title}", "", markdown_table(pattern.columns, pattern.rows)]
    if pattern.note:
        parts += ["", f"_{pattern.note}_"]
    return "\n".join(parts)


def csv_text(columns, rows) -> str:
    """CSV with a header row; cells that look like formulas are quoted with a leading '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_safe(value) for value in row])
    return buffer.getvalue()


def _csv_safe(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value
