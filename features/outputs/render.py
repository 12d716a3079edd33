"""Patterns and records as Markdown and CSV text."""

from __future__ import annotations

from classwalk.core.escape import for_csv, for_markdown_cell
from classwalk.core.records.patterns import Pattern


def markdown_table(columns, rows) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(for_markdown_cell(c) for c in columns) + " |"]
    lines.append("|" + "|".join(" --- " for _ in columns) + "|")
    lines.extend("| " + " | ".join(for_markdown_cell(v) for v in row) + " |" for row in rows)
    return "\n".join(lines)


def pattern_to_markdown(pattern: Pattern, level: int = 3) -> str:
    parts = [f"{'#' * level} {pattern.title}", "", markdown_table(pattern.columns, pattern.rows)]
    if pattern.note:
        parts += ["", f"_{pattern.note}_"]
    return "\n".join(parts)


def csv_text(columns, rows) -> str:
    """CSV with a header row; any cell, header or data, that a spreadsheet would read as a
    formula (``=``, ``+``, ``-``, ``@``, tab, CR, LF first) gets a leading ``'``."""
    lines = [_csv_line(columns), *(_csv_line(row) for row in rows)]
    return "".join(line + "\n" for line in lines)


def _csv_line(cells) -> str:
    """One CSV record: a cell holding a comma, a quote, CR or LF is quoted (the csv module
    leaves a lone CR unquoted when records end in LF, which splits the record)."""
    fields = [_csv_field(for_csv(value)) for value in cells]
    return '""' if fields == [""] else ",".join(fields)


def _csv_field(value) -> str:
    text = str(value)
    if any(char in text for char in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
