"""Write docs/records.md (every record's fields, from the attrs classes),
docs/python-api.md (every call of the Python API, from its signatures and docstrings) and
docs/plugin-reference.md (every hook's contract and the plugin kit, see
generate_plugin_reference.py).

Run ``python docs/generate_records.py`` (or ``make docs``) after changing a record or
the API; a test fails while the files and the code differ.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
import textwrap
from pathlib import Path

import attrs

OUTPUT = Path(__file__).with_name("records.md")
API_OUTPUT = Path(__file__).with_name("python-api.md")

API_INTRO = """\
# The Python API

Generated from `classwalk/api.py` by `docs/generate_records.py`; do not edit by hand.

Scripts, integrations and tests use the same object the command line and the terminal
UI use. Open a database with `classwalk.open_db`, use it in a `with` block (or call
`close()`), and pass records or their ids to its methods:

```python
import classwalk

with classwalk.open_db("walks.db") as db:
    walk = db.start_walk("downey", school="Lincoln Elementary", observers=["A. Rivera"])
    visit = db.start_visit(walk, "Room 12")
    db.record(visit, "14 of 22 students explaining their method", look_fors=["orientation.can_explain"])
    db.end_walk(walk)
    print(db.report(walk))
```

Every method checks its arguments against the walk's protocol and raises
`classwalk.ClasswalkError` (one line naming the field; `classwalk.NotFound` for an
unknown walk or protocol) before writing anything. Records are described field by field
in [records.md](records.md); plugins and their hooks in [hooks.md](hooks.md).
"""

SECTIONS = [
    ("What an observer records", "classwalk.core.records.model", None),
    ("What an observer records", "classwalk.core.records.capture", None),
    ("Protocols", "classwalk.core.protocols.protocol", None),
    ("Protocols", "classwalk.core.protocols.capture", None),
    ("What hooks return", "classwalk.core.records.patterns", None),
    ("What hooks return", "classwalk.core.protocols.timing", None),
    ("Debriefs", "classwalk.features.debriefs.debrief", ["DebriefView"]),
    ("Plugins", "classwalk.core.plugins.loader", ["PluginInfo", "PluginFailure"]),
    ("Plugins", "classwalk.core.plugins.hookspecs", ["HookSpec"]),
]

INTRO = """\
# Records: every field

Generated from the attrs classes by `docs/generate_records.py`; do not edit by hand.
Records are frozen: make a changed copy with `attrs.evolve(record, field=value)`. Times
are timezone-aware UTC datetimes; ids are UUID strings made by classwalk. Import each
record from the module named in its heading.
"""


def _validator_text(validator) -> list[str]:
    if validator is None:
        return []
    name = type(validator).__name__
    if name == "_AndValidator":
        return [text for inner in validator._validators for text in _validator_text(inner)]
    if isinstance(validator, (list, tuple)):
        return [text for inner in validator for text in _validator_text(inner)]
    if name == "_OptionalValidator":
        inner = _validator_text(validator.validator)
        return [f"{text} (or None)" for text in inner] if inner else []
    if name == "_InValidator":
        return ["one of " + ", ".join(f"`{option}`" for option in validator.options)]
    if name == "_MatchesReValidator":
        pattern = validator.pattern.pattern
        return ["a UUID" if pattern.startswith("^[0-9a-f]{8}") else f"matches `{pattern}`"]
    if name == "_MinLengthValidator":
        return ["not empty"] if validator.min_length == 1 else [f"at least {validator.min_length} long"]
    if name == "_NumberValidator":
        return [f"{validator.compare_op} {validator.bound}"]
    if name == "_DeepIterable":
        inner = _validator_text(validator.member_validator)
        return [f"each {text}" for text in inner if not text.startswith("a ")] if inner else []
    return []


def _default_text(field: attrs.Attribute) -> str:
    default = field.default
    if default is attrs.NOTHING:
        return "required"
    if isinstance(default, attrs.Factory):
        factory = default.factory
        name = getattr(factory, "__name__", "")
        if name == "new_id":
            return "a new id"
        if name in ("now", "_now", "now_to_the_second"):
            return "now"
        try:
            value = factory()
        except TypeError:
            return f"`{name}()`"
        return f"`{value!r}`" if value not in ((), [], {}) else "empty"
    if isinstance(default, tuple) and default and attrs.has(type(default[0])):
        return f"{len(default)} {type(default[0]).__name__} records"
    return f"`{default!r}`"


def _attribute_docs(cls: type) -> dict[str, str]:
    """Docstrings written under a field (a string right after its line)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        return {}
    docs: dict[str, str] = {}
    body = tree.body[0].body
    for current, following in zip(body, body[1:]):
        if isinstance(current, ast.AnnAssign) and isinstance(current.target, ast.Name) \
                and isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant) \
                and isinstance(following.value.value, str):
            docs[current.target.id] = " ".join(following.value.value.split())
    return docs


def _type_text(cls: type, field: attrs.Attribute) -> str:
    kind = cls.__annotations__.get(field.name, field.type)  # as written (cattrs may resolve field.type)
    text = kind if isinstance(kind, str) else getattr(kind, "__name__", repr(kind))
    return text.replace("|", "or")


def _members(cls: type) -> list[str]:
    own = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, property):
            own.append(f"`{name}` (property)")
        elif inspect.isfunction(value):
            own.append(f"`{name}()`")
    return own


def record_section(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    lines = [f"### {cls.__name__}", "", f"`from {cls.__module__} import {cls.__name__}`", "", doc, "",
             "| field | type | default | rules and notes |", "| --- | --- | --- | --- |"]
    notes = _attribute_docs(cls)
    for field in attrs.fields(cls):
        rules = _validator_text(field.validator)
        if field.name in notes:
            rules.append(notes[field.name])
        cell = "; ".join(rules).replace("|", "\\|")
        lines.append(f"| `{field.name}` | `{_type_text(cls, field)}` | {_default_text(field)} | {cell} |")
    members = _members(cls)
    if members:
        lines += ["", "Also: " + ", ".join(members) + "."]
    return "\n".join(lines)


def records_of(module_name: str, names: list[str] | None) -> list[type]:
    module = importlib.import_module(module_name)
    found = [value for value in vars(module).values()
             if inspect.isclass(value) and attrs.has(value) and value.__module__ == module_name]
    if names is not None:
        found = [cls for cls in found if cls.__name__ in names]
    return sorted(found, key=lambda cls: inspect.getsourcelines(cls)[1])


def extra_notes(module_name: str) -> str:
    if module_name == "classwalk.core.protocols.timing":
        from classwalk.core.protocols.timing import PHASES

        return ("Phases, in order: " + ", ".join(f"`{p}`" for p in PHASES) + ". The plain rule "
                "(`status_from_timing`) is `at_target` from `elapsed >= target_seconds`, and "
                "`past_max` only when `elapsed > max_seconds` (strictly greater): a visit of exactly "
                "the maximum is still `at_target`.")
    return ""


def generate() -> str:
    parts = [INTRO]
    current = None
    for title, module_name, names in SECTIONS:
        if title != current:
            parts.append(f"## {title}")
            current = title
        for cls in records_of(module_name, names):
            parts.append(record_section(cls))
        note = extra_notes(module_name)
        if note:
            parts.append(note)
    return "\n\n".join(part.rstrip() for part in parts) + "\n"


def _api_entry(name: str, member) -> str:
    if isinstance(member, property):
        function = member.fget
        heading = f"### `{name}` (attribute)"
    elif type(member).__name__ == "cached_property":
        function = member.func
        heading = f"### `{name}` (attribute)"
    else:
        function = member
        heading = f"### `{signature_text(function, name)}`"
    return f"{heading}\n\n{inspect.getdoc(function) or ''}".rstrip()


def generate_api() -> str:
    from classwalk import api

    parts = [API_INTRO, "## Opening a database", _api_entry("classwalk.open_db", api.open_db),
             ]
    seen: set[str] = set()
    for cls in api.Classwalk.__mro__:
        if cls is object:
            continue
        section = []
        for name, member in vars(cls).items():
            if name.startswith("_") or name in seen:
                continue
            if not (inspect.isfunction(member) or isinstance(member, property)
                    or type(member).__name__ == "cached_property"):
                continue
            seen.add(name)
            section.append(_api_entry(name, member))
        if section:
            title = ("Walks, visits, evidence, debriefs, reports and bundles" if cls is api.Classwalk
                     else "Plugins, protocols, the store and the hooks")
            parts.append(f"## {title}")
            parts.extend(section)
    return "\n\n".join(part.rstrip() for part in parts) + "\n"


sys.path.insert(0, str(Path(__file__).parent))
from generate_plugin_reference import PLUGIN_REFERENCE_OUTPUT, signature_text, generate_plugin_reference  # noqa: E402

OUTPUTS = {OUTPUT: generate, API_OUTPUT: generate_api, PLUGIN_REFERENCE_OUTPUT: generate_plugin_reference}


if __name__ == "__main__":
    from pages import write_pages

    sys.exit(write_pages(OUTPUTS))
