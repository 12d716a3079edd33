"""A form's fields kept as a draft on every change, so a crash or a closed lid loses nothing typed.

The draft is one JSON object of field id -> value under a key of the form's own; it is
put back when the form opens again and cleared once the form has done its job.
"""

from __future__ import annotations

import json

from textual.widgets import Input, Select, SelectionList


def read_fields(screen, field_ids) -> dict:
    """The current values of ``field_ids`` on ``screen`` (text, a choice, or a list of picks)."""
    values: dict = {}
    for field_id in field_ids:
        found = screen.query(f"#{field_id}")
        if not found:
            continue
        widget = found.first()
        if isinstance(widget, Input):
            values[field_id] = widget.value
        elif isinstance(widget, Select):
            values[field_id] = widget.value if isinstance(widget.value, str) else None
        elif isinstance(widget, SelectionList):
            values[field_id] = list(widget.selected)
    return values


def fill_fields(screen, values: dict) -> None:
    """Put ``values`` back into the fields of ``screen`` (a choice no longer offered is skipped)."""
    for field_id, value in values.items():
        found = screen.query(f"#{field_id}")
        if not found:
            continue
        widget = found.first()
        try:
            if isinstance(widget, Input) and isinstance(value, str) and not widget.disabled:
                widget.value = value
                widget.cursor_position = len(value)
            elif isinstance(widget, Select) and isinstance(value, str):
                widget.value = value
            elif isinstance(widget, SelectionList) and isinstance(value, list):
                widget.deselect_all()
                for pick in value:
                    widget.select(pick)
        except Exception:  # a choice the form no longer offers (another protocol installed)
            continue


def load(store, key: str) -> dict:
    """The draft kept under ``key`` (empty if none, or unreadable)."""
    try:
        value = json.loads(store.get_draft(key) or "{}")
    except (ValueError, Exception):
        return {}
    return value if isinstance(value, dict) else {}


def save(store, key: str, values: dict, untouched: dict) -> None:
    """Keep ``values`` under ``key``; a form as it first opened is no draft (the key is cleared)."""
    store.save_draft(key, "" if values == untouched else json.dumps(values, ensure_ascii=False), durable=False)
