"""An [intervals] table written out in TOML as a district writes it (one field a line), and
``protocols check`` run on a protocol file."""

from __future__ import annotations

from classwalk.cli import main


def entry(table: str, entry_id: str, label: str, short: str | None = None) -> str:
    """One ``[[table]]`` entry: its id, label and (if given) short code."""
    text = f'[[{table}]]\nid = "{entry_id}"\nlabel = "{label}"\n'
    return text + (f'short = "{short}"\n' if short is not None else "")


def intervals_toml(code_sets, items=(), minutes: int = 2) -> str:
    """``[intervals]`` with ``code_sets`` as (id, label, codes) and ``items`` as (id, label,
    choices); each code or choice is (id, label) or (id, label, short)."""
    text = f"[intervals]\nminutes = {minutes}\n"
    for set_id, label, codes in code_sets:
        text += entry("intervals.code_sets", set_id, label)
        text += "".join(entry("intervals.code_sets.codes", *code) for code in codes)
    for item_id, label, choices in items:
        text += entry("intervals.items", item_id, label)
        text += "".join(entry("intervals.items.choices", *choice) for choice in choices)
    return text


def check_file(tmp_path, text: str) -> int:
    """Write ``text`` to coded.toml and run ``classwalk protocols check`` on it: its exit code."""
    path = tmp_path / "coded.toml"
    path.write_text(text, encoding="utf-8")
    return main(["--db", str(tmp_path / "w.db"), "protocols", "check", str(path)])
