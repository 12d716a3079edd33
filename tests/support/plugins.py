"""Protocol files for plugin and protocol tests, written once."""

from __future__ import annotations


def protocol_toml(protocol_id: str = "mini", name: str = "Mini", *, top: str = "",
                  timing: tuple[int, int, int] | None = (2, 3, 5),
                  category: tuple[str, str] = ("talk", "Talk"),
                  look_for: tuple[str, str] = ("talk.reasons", "students give reasons")) -> str:
    """The text of a small protocol file: one category holding one look-for, and one evidence
    kind, ``observation``.

    ``top`` holds more top-level lines (``extends = ...``), put after the name; ``timing`` is
    (min, target, max) minutes, or None for no ``[timing]`` table. With the defaults the file
    has ``id`` on line 1, ``name`` on line 2 and ``[timing]`` on line 3.
    """
    lines = [f'id = "{protocol_id}"', f'name = "{name}"', *top.splitlines()]
    if timing is not None:
        low, target, high = timing
        lines += ["[timing]", f"min_minutes = {low}", f"target_minutes = {target}", f"max_minutes = {high}"]
    lines += ["[[categories]]", f'id = "{category[0]}"', f'label = "{category[1]}"',
              "[[categories.look_fors]]", f'id = "{look_for[0]}"', f'label = "{look_for[1]}"',
              "[[evidence_kinds]]", 'id = "observation"', 'label = "observation"']
    return "\n".join(lines) + "\n"

