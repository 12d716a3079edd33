"""``extends = "ID"``: a TOML protocol that starts from another and changes a little.

Any top-level key given in the file replaces the base's. Finer edits (adding, dropping
or relabelling single look-fors and prompts) are documented in docs/protocols-in-toml.md.
"""

from __future__ import annotations

from typing import Any, Callable

from .convert import unstructure
from .errors import UserDataError


def apply_extends(data: dict[str, Any], source: str, lookup: Callable | None) -> dict[str, Any]:
    """The plain data of the base protocol with this file's keys laid over it."""
    base_id = data.get("extends")
    if not isinstance(base_id, str):
        raise UserDataError(source, ["extends: expected the id of another protocol as text"])
    base = lookup(base_id) if lookup else None
    if base is None:
        raise UserDataError(source, [f"extends: no protocol with id {base_id!r} is loaded"])
    merged = unstructure(base)
    merged.update({k: v for k, v in data.items() if k != "extends"})
    return merged
