"""``extends``: a TOML protocol that starts from another and changes only what differs.

A district adapts a protocol rather than starting over::

    extends = "downey"            # a protocol id, or a path to a .toml file beside this one
    id = "district_walkthrough"   # required: the new protocol's own id
    name = "District walkthrough" # any ordinary top-level key replaces the base's value

    drop_look_fors = ["safety.conditions"]      # drop_<section> = [ids]
    [relabel.look_fors]                          # relabel.<section>: id = "new text" ...
    "walls.anchor_charts" = "charts students use while working"
    [relabel.debrief_prompts.walls]              # ... or a table of the text fields to change
    help = "Think of a visitor from another school."
    [[add_look_fors]]                            # add_<section>: whole new items
    category = "curricular"                      # look-fors say which category they join
    after = "curricular.aligned"                 # optional: placed after this id, else last
    id = "curricular.vocabulary"
    label = "subject vocabulary in use"

Sections: categories, look_fors, evidence_kinds, roles, debrief_prompts,
feedback_prompts, interview_questions, student_groups, slice_kinds. Edits apply in
this order: replaced keys, drops, relabels, additions. The result records its lineage in
``based_on`` (the base's id, then the base's own ``based_on``), which is why a file that
extends may not set ``based_on`` itself. docs/protocols-in-toml.md is the
full reference. Every mistake (an unknown id to drop, an added id that already exists)
is reported with the path of the key that holds it.
"""

from __future__ import annotations

import contextvars
import difflib
import re
from pathlib import Path
from typing import Any, Callable

import attrs
import cattrs

from classwalk.core.convert import _FIELD_SEP, _format_exception, converter, describe_errors, unstructure
from classwalk.core.errors import UserDataError
from classwalk.core.protocols.capture import Code, CodeGroup, CodeSet, IntervalItem, Snapshot, VisitItem
from classwalk.core.protocols.protocol import (
    Category, EvidenceKind, InterviewQuestion, LookFor, Prompt, Role, SliceKind, StudentGroup,
)
from classwalk.core.protocols.toml_lines import parse_path

Problem = tuple  # (path tuple, message)


@attrs.frozen
class Section:
    """A list of protocol items an extending file can add to, drop from and relabel.

    ``where`` is the path of the list in the protocol's data (``("intervals", "code_sets")``).
    An item of a nested list (a look-for in a category, a code in a code set) names its
    parent with ``parent_key``; a code's id is qualified by its set's (``students.listening``).
    """

    name: str
    item: type
    singular: str
    text_fields: tuple[str, ...]
    where: tuple[str, ...] = ()
    parent: str | None = None
    parent_key: str | None = None
    qualified: bool = False

    @property
    def default_text(self) -> str:
        return self.text_fields[0]

    @property
    def path(self) -> tuple[str, ...]:
        return self.where or (self.name,)


SECTIONS = {
    s.name: s for s in (
        Section("categories", Category, "category", ("label", "description")),
        Section("look_fors", LookFor, "look-for", ("label", "description"), where=("look_fors",),
                parent="categories", parent_key="category"),
        Section("evidence_kinds", EvidenceKind, "evidence kind", ("label", "description")),
        Section("roles", Role, "role", ("label", "description")),
        Section("debrief_prompts", Prompt, "debrief prompt", ("text", "help")),
        Section("feedback_prompts", Prompt, "feedback prompt", ("text", "help")),
        Section("interview_questions", InterviewQuestion, "interview question", ("text",)),
        Section("student_groups", StudentGroup, "student group", ("label",)),
        Section("slice_kinds", SliceKind, "slice kind", ("label",)),
        Section("snapshots", Snapshot, "snapshot", ("label", "description")),
        Section("visit_items", VisitItem, "visit item", ("label", "description")),
        Section("code_sets", CodeSet, "code set", ("label", "description"), where=("intervals", "code_sets")),
        Section("codes", Code, "code", ("label", "description", "short"), where=("codes",),
                parent="code_sets", parent_key="code_set", qualified=True),
        Section("interval_items", IntervalItem, "interval item", ("label", "description"),
                where=("intervals", "items")),
        Section("code_groups", CodeGroup, "code group", ("label",), where=("intervals", "groups")),
    )
}
LIST_FIELDS = ("judgement_words", "next_step_kinds", "modes")
"""Plain lists of words an extending file can add to (``add_judgement_words``) or drop from."""
PLACEMENT_KEYS = ("after", "before")
EXTENSION_KEYS = frozenset(
    {"extends", "relabel"} | {f"{verb}_{name}" for name in (*SECTIONS, *LIST_FIELDS) for verb in ("add", "drop")}
)
_loading = contextvars.ContextVar("classwalk_extends_loading", default=())


def extension_keys(data: dict[str, Any]) -> list[str]:
    """The keys of ``data`` that only make sense in a file that extends another."""
    return [key for key in data if key in EXTENSION_KEYS]


def extend(data: dict[str, Any], source: str, lookup: Callable | None) -> tuple[dict | None, list[Problem]]:
    """(merged data, problems). Merged data is None when the base cannot be found."""
    problems: list[Problem] = []
    base = _base_data(data.get("extends"), source, lookup, problems)
    if "id" not in data:
        problems.append((("id",), "required: a protocol that extends another needs its own id"))
    _check_shapes(data, problems)
    if "based_on" in data:
        problems.append((("based_on",), "set from extends (the protocols this one is based on): "
                         "remove this key"))
    if base is None:
        _check_additions(data, problems)
        return None, problems
    merged = dict(base)
    merged.update({k: v for k, v in data.items() if k not in EXTENSION_KEYS and k != "based_on"})
    merged["based_on"] = _lineage(base, data, problems)
    before = {name: {entry_id for entry_id, _item, _holder in _entries(merged, section)}
              for name, section in SECTIONS.items()}
    for name, section in SECTIONS.items():
        _drop(merged, data, section, before[name], problems)
    _relabel(merged, data, problems)
    for name, section in SECTIONS.items():
        _add(merged, data, section, problems)
    for name in LIST_FIELDS:
        _extend_list(merged, data, name, problems)
    _forget_unused_interview_kind(merged, data)
    return merged, problems


def _forget_unused_interview_kind(merged: dict, data: dict) -> None:
    """An inherited ``interview_evidence_kind`` whose kind this file removed, with no questions left.

    TOML cannot unset a key, so a district that replaces the base's evidence kinds and asks
    no interview questions would otherwise be stuck with a kind it no longer has. With
    questions left, the stale kind stays and ``protocols check`` asks for a declared one.
    """
    if "interview_evidence_kind" in data or _list(merged.get("interview_questions")):
        return
    declared = {item.get("id") for item in _list(merged.get("evidence_kinds")) if isinstance(item, dict)}
    if merged.get("interview_evidence_kind") not in declared:
        merged.pop("interview_evidence_kind", None)


def _extend_list(merged: dict, data: dict, name: str, problems: list[Problem]) -> None:
    """``add_<list>`` appends words the base lacks; ``drop_<list>`` removes words it has."""
    current = merged.get(name)
    current = list(current) if isinstance(current, list) else []
    dropped, added = data.get(f"drop_{name}"), data.get(f"add_{name}")
    for key, values in ((f"drop_{name}", dropped), (f"add_{name}", added)):
        if values is not None and not (isinstance(values, list) and all(isinstance(v, str) for v in values)):
            problems.append(((key,), "expected a list of text"))
    if isinstance(dropped, list):
        for index, value in enumerate(dropped):
            if isinstance(value, str) and value not in current:
                problems.append(((f"drop_{name}", index), f"{value!r} is not in {name} of the protocol being extended"))
        current = [value for value in current if value not in dropped]
    if isinstance(added, list):
        for index, value in enumerate(added):
            if not isinstance(value, str):
                continue
            if value in current:
                problems.append(((f"add_{name}", index), f"{value!r} is already in {name}"))
            else:
                current.append(value)
    if dropped is not None or added is not None:
        merged[name] = current


def _lineage(base: dict, data: dict, problems: list[Problem]) -> list:
    """The merged protocol's ``based_on``: the base's id, then what the base is based on."""
    earlier = base.get("based_on")
    lineage = [base.get("id"), *(earlier if isinstance(earlier, list) else [])]
    own_id = data.get("id", base.get("id"))  # a missing id is reported on its own
    if "id" in data and own_id in lineage:
        problems.append((("id",), f"must differ from {own_id!r}: this protocol is based on it "
                         "(choose a new id)"))
    return [item for item in lineage if item != own_id]


def _base_data(base_id, source: str, lookup, problems: list[Problem]) -> dict | None:
    if not isinstance(base_id, str) or not base_id.strip():
        problems.append((("extends",), "expected the id of another protocol (or a .toml path) as text"))
        return None
    if base_id.endswith(".toml"):
        return _base_from_file(base_id, source, lookup, problems)
    base = lookup(base_id) if lookup else None
    if base is None:
        problems.append((("extends",), f"no protocol with id {base_id!r} is loaded "
                         "(built-in, from a plugin, or a TOML file in a protocol folder)"))
        return None
    return unstructure(base)


def _base_from_file(name: str, source: str, lookup, problems: list[Problem]) -> dict | None:
    from classwalk.core.protocols.toml_files import load_protocol_file

    path = (Path(source).parent / name).resolve()
    if path in _loading.get():
        problems.append((("extends",), f"{name} extends this file again (a loop)"))
        return None
    token = _loading.set(_loading.get() + (path,))
    try:
        return unstructure(load_protocol_file(path, lookup))
    except UserDataError as error:
        problems.append((("extends",), f"the base file cannot be used: {error}"))
        return None
    finally:
        _loading.reset(token)


def _check_shapes(data: dict, problems: list[Problem]) -> None:
    for name in SECTIONS:
        dropped = data.get(f"drop_{name}")
        if dropped is not None and not (
            isinstance(dropped, list) and all(isinstance(item, str) for item in dropped)
        ):
            problems.append(((f"drop_{name}",), "expected a list of ids (text)"))
        added = data.get(f"add_{name}")
        if added is not None and not (isinstance(added, list) and all(isinstance(i, dict) for i in added)):
            problems.append(((f"add_{name}",), f"expected tables: write [[add_{name}]]"))
    relabel = data.get("relabel")
    if relabel is not None and not isinstance(relabel, dict):
        problems.append((("relabel",), "expected a table: write [relabel.<section>]"))


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _container(merged: dict, path: tuple, create: bool = False) -> list | None:
    """The list at ``path`` in the merged data (made empty on the way when ``create``)."""
    node: Any = merged
    for part in path[:-1]:
        if not isinstance(node, dict):
            return None
        if create and part not in node:
            node[part] = {}
        node = node.get(part)
    if not isinstance(node, dict):
        return None
    if create and path[-1] not in node:
        node[path[-1]] = []
    found = node.get(path[-1])
    return found if isinstance(found, list) else None


def _entries(merged: dict, section: Section) -> list[tuple[str, dict, list]]:
    """(id, item, the list holding it) for every item of ``section``."""
    if section.parent is None:
        holder = _container(merged, section.path) or []
        return [(item.get("id"), item, holder) for item in holder if isinstance(item, dict)]
    found = []
    for parent_id, parent, _holder in _entries(merged, SECTIONS[section.parent]):
        children = parent.get(section.path[-1])
        for item in _list(children):
            if isinstance(item, dict):
                item_id = f"{parent_id}.{item.get('id')}" if section.qualified else item.get("id")
                found.append((item_id, item, children))
    return found


def _items(merged: dict, section: Section) -> list[dict]:
    return [item for _id, item, _holder in _entries(merged, section)]


def _unknown(section: Section, item_id: str, merged: dict) -> str:
    ids = [str(entry_id) for entry_id, _item, _holder in _entries(merged, section)]
    close = difflib.get_close_matches(item_id, ids, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"no {section.singular} with id {item_id!r} in the protocol being extended{hint}"


def _drop(merged: dict, data: dict, section: Section, existing: set, problems: list[Problem]) -> None:
    key = f"drop_{section.name}"
    dropped = data.get(key)
    if not isinstance(dropped, list):
        return
    for index, item_id in enumerate(dropped):
        if isinstance(item_id, str) and item_id not in existing:
            problems.append(((key, index), _unknown(section, item_id, merged)))
    gone = {i for i in dropped if isinstance(i, str)}
    for item_id, item, holder in _entries(merged, section):
        if item_id in gone and item in holder:
            holder.remove(item)
    if section.name == "codes":  # a dropped code leaves the groups that collected it
        groups = _container(merged, SECTIONS["code_groups"].path) or []
        for group in groups:
            if isinstance(group, dict) and isinstance(group.get("codes"), list):
                group["codes"] = [code for code in group["codes"] if code not in gone]
        groups[:] = [g for g in groups if not (isinstance(g, dict) and g.get("codes") == [])]


def _relabel(merged: dict, data: dict, problems: list[Problem]) -> None:
    relabel = data.get("relabel")
    if not isinstance(relabel, dict):
        return
    for name, changes in relabel.items():
        section = SECTIONS.get(name)
        if section is None:
            close = difflib.get_close_matches(name, list(SECTIONS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f"; one of {', '.join(SECTIONS)}"
            problems.append((("relabel", name), f"unknown section{hint}"))
            continue
        if not isinstance(changes, dict):
            problems.append((("relabel", name), "expected a table of id = new text"))
            continue
        by_id = {entry_id: item for entry_id, item, _holder in _entries(merged, section)}
        for item_id, change in changes.items():
            path = ("relabel", name, item_id)
            item = by_id.get(item_id)
            if item is None:
                problems.append((path, _unknown(section, item_id, merged)))
                continue
            if isinstance(change, str):
                change = {section.default_text: change}
            if not isinstance(change, dict):
                problems.append((path, f"expected new text, or a table of {', '.join(section.text_fields)}"))
                continue
            for field_name, value in change.items():
                if field_name not in section.text_fields:
                    problems.append((path + (field_name,), "cannot be relabelled; only "
                                     + ", ".join(section.text_fields)))
                elif not isinstance(value, str):
                    problems.append((path + (field_name,), "expected text"))
                else:
                    item[field_name] = value


_SHAPES = (
    (re.compile(r"^'(\w+)' object has no attribute '(keys|items|get)'$"), "expected a table, got {0}"),
    (re.compile(r"^'(\w+)' object is not iterable$"), "expected a list, got {0}"),
    (re.compile(r"^must be ([<>]=?) (\S+): (.*)$"), "must be {0} {1} (got {2})"),
)
_KINDS = {"str": "text", "int": "a number", "float": "a number", "bool": "a boolean", "list": "a list",
          "dict": "a table", "date": "a date", "datetime": "a date-time", "NoneType": "nothing"}


def plain_message(message: str) -> str:
    """Python's wording for a wrongly shaped value, said the way a TOML author would."""
    for pattern, wording in _SHAPES:
        found = pattern.match(message)
        if found:
            first, *rest = found.groups()
            return wording.format(_KINDS.get(first, first), *rest)
    return message


def exception_problems(error: Exception, path: tuple) -> list[Problem]:
    """A structuring error as (path, message) problems below ``path``."""
    if isinstance(error, cattrs.BaseValidationError):
        found = []
        for line in describe_errors(error):
            where, _, message = line.partition(": ")
            inner = () if where == "(top level)" else parse_path(where)
            found.append((path + inner, plain_message(message)))
        return found
    if isinstance(error, (AttributeError, TypeError)) and not isinstance(error, cattrs.BaseValidationError):
        shaped = plain_message(str(error))
        if shaped != str(error):
            return [(path, shaped)]
    text = _format_exception(error, None)
    attribute, sep, message = text.partition(_FIELD_SEP)
    return [(path + (attribute,), plain_message(message))] if sep else [(path, plain_message(text))]


def _structure_problems(item: dict, cls: type, path: tuple) -> list[Problem]:
    try:
        converter.structure(item, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError) as error:
        return exception_problems(error, path)
    return []


def _bare(item: dict, section: Section) -> dict:
    """An added item without the keys that only say where it goes."""
    where = {*PLACEMENT_KEYS, *([section.parent_key] if section.parent_key else ["category"])}
    return {k: v for k, v in item.items() if k not in where}


def _check_additions(data: dict, problems: list[Problem]) -> None:
    for name, section in SECTIONS.items():
        key = f"add_{name}"
        for index, item in enumerate(_list(data.get(key))):
            if isinstance(item, dict):
                problems.extend(_structure_problems(_bare(item, section), section.item, (key, index)))


def _add(merged: dict, data: dict, section: Section, problems: list[Problem]) -> None:
    key = f"add_{section.name}"
    added = data.get(key)
    if not isinstance(added, list):
        return
    for index, item in enumerate(added):
        if not isinstance(item, dict):
            continue
        path = (key, index)
        bare = _bare(item, section)
        found = _structure_problems(bare, section.item, path)
        problems.extend(found)
        if found:
            continue
        if "after" in item and "before" in item:
            problems.append((path + ("before",), "give after or before, not both"))
            continue
        target = _target_list(merged, item, section, path, problems)
        if target is None:
            continue
        if any(isinstance(existing, dict) and existing.get("id") == bare["id"] for existing in target) or (
            not section.qualified and any(entry_id == bare["id"] for entry_id, _i, _h in _entries(merged, section))
        ):
            problems.append((path + ("id",), f"{section.singular} {bare['id']!r} is already in the "
                             f"protocol: relabel it, or drop it first"))
            continue
        _insert(target, bare, item, section, path, problems)


def _target_list(merged: dict, item: dict, section: Section, path, problems) -> list | None:
    if section.parent is None:
        if "category" in item:
            problems.append((path + ("category",), "only look-fors belong to a category"))
            return None
        if section.path[0] == "intervals" and not isinstance(merged.get("intervals"), dict):
            problems.append((path, "the protocol being extended has no [intervals] to add to"))
            return None
        target = _container(merged, section.path, create=True)
        if target is None:
            problems.append((path, f"cannot be added: {section.name} is not a list of tables"))
        return target
    parent_section = SECTIONS[section.parent]
    parent_id = item.get(section.parent_key)
    if not isinstance(parent_id, str):
        problems.append((path + (section.parent_key,),
                         f"required: the id of the {parent_section.singular} this {section.singular} joins"))
        return None
    for entry_id, parent, _holder in _entries(merged, parent_section):
        if entry_id == parent_id:
            target = parent.setdefault(section.path[-1], [])
            return target if isinstance(target, list) else None
    problems.append((path + (section.parent_key,), _unknown(parent_section, parent_id, merged)))
    return None


def _insert(target: list, bare: dict, item: dict, section: Section, path, problems) -> None:
    """Place ``bare`` after or before the item ``item`` names, else last."""
    for placement in PLACEMENT_KEYS:
        anchor = item.get(placement)
        if anchor is None:
            continue
        if section.qualified and isinstance(anchor, str) and anchor.startswith(f"{item.get(section.parent_key)}."):
            anchor = anchor.split(".", 1)[1]
        for position, existing in enumerate(target):
            if isinstance(existing, dict) and existing.get("id") == anchor:
                target.insert(position + (placement == "after"), bare)
                return
        problems.append((path + (placement,), f"no {section.singular} with id {item.get(placement)!r} "
                         "where this one goes"))
        return
    target.append(bare)
