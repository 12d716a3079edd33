"""The results as a plain-text table (and as JSON, for keeping)."""

from __future__ import annotations

import json
from pathlib import Path

from attrs import asdict

from .stats import Result

COLUMNS = ("benchmark", "measure", "value", "baseline", "ratio", "target", "met")


def _number(value: float, unit: str) -> str:
    return f"{value:,.3g} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def rows(results: list[Result]) -> list[tuple[str, ...]]:
    table = []
    for r in results:
        met = "" if r.met is None else ("yes" if r.met else "NO")
        table.append((r.benchmark, r.measure, _number(r.value, r.unit),
                      f"{_number(r.baseline, r.unit)} ({r.baseline_name})", f"{r.ratio:.2f}x", r.target, met))
    return table


def render(results: list[Result]) -> str:
    table = [COLUMNS, *rows(results)]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def save_json(results: list[Result], path: Path, machine: dict) -> None:
    data = {"machine": machine, "results": [{**asdict(r), "ratio": r.ratio} for r in results]}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
