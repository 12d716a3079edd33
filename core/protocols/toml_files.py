"""Protocols written as TOML files: read them, check them, write them back out.

A file's tables mirror :class:`classwalk.core.protocols.protocol.Protocol`; docs/protocols-in-toml.md
documents the format. Every problem comes back as one :class:`UserDataError` naming the
file, the line where it can be found, and the field.
"""

from __future__ import annotations

import copy
import difflib
import functools
import os
import re
import stat
import sys
import types
import typing
from pathlib import Path
from typing import Any, Callable

import attrs
import cattrs
import tomli_w

from classwalk.core.protocols.capture import (
    Choice, Code, CodeGroup, CodeSet, IntervalItem, Intervals, Snapshot, VisitItem, capture_rule_problems,
)
from classwalk.core.convert import converter, unstructure
from classwalk.core.errors import UserDataError
from classwalk.core.protocols.protocol import (
    Category, EvidenceKind, InterviewQuestion, LookFor, Mark, Prompt, Protocol, Role, SliceKind,
    StudentGroup, Timing, TimingVariant, interview_kind_problem,
)
from classwalk.core.protocols.extends import EXTENSION_KEYS, exception_problems, extend, extension_keys
from classwalk.core.protocols.toml_lines import format_path, key_lines, line_of, parse_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ProtocolLookup = Callable[[str], "Protocol | None"]


MAX_PROTOCOL_BYTES = 256 * 1024
"""The largest protocol file read (the shipped ones are under 20 KB)."""
MAX_NESTING = 10
"""The deepest nesting of tables and lists in a protocol file (the shipped ones use 6)."""
MAX_LIST_ITEMS = 500
"""The most items in any one list of a protocol file (look-fors of a category, categories...)."""

BOM = "\ufeff"


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error or a limit passed becomes a UserDataError with its line.

    A leading byte-order mark (which some editors write) is ignored. Limits:
    :data:`MAX_PROTOCOL_BYTES`, :data:`MAX_NESTING`, :data:`MAX_LIST_ITEMS`.
    """
    text = text.removeprefix(BOM)
    if len(text) > MAX_PROTOCOL_BYTES and len(text.encode("utf-8", "surrogatepass")) > MAX_PROTOCOL_BYTES:
        raise UserDataError(source, [_too_big(len(text.encode("utf-8", "surrogatepass")))])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if found:
            reason = message[: found.start()].strip()
            raise UserDataError(
                f"{source}:{found.group(1)}", [f"TOML syntax error: {reason} (column {found.group(2)})"]
            ) from None
        raise UserDataError(source, [f"TOML syntax error: {message}"]) from None
    except RecursionError:
        deep = re.search(r"(?:[\[{](?:\s*[\w\"'.-]+\s*=)?\s*){%d,}" % (MAX_NESTING + 1), text)
        where = f"{source}:{text.count(chr(10), 0, deep.start()) + 1}" if deep else source
        raise UserDataError(where, [f"values are nested too deeply; a protocol file may nest "
                                    f"tables and lists at most {MAX_NESTING} levels"]) from None
    limit = _limit_problem(data)
    if limit is not None:
        path, message = limit
        line = _line_for(_safe_key_lines(text), path) or _top_key_line(text, path)
        raise UserDataError(source, [_with_line(line, path, message)])
    return data


def _too_big(size: int) -> str:
    return (f"is {size / 1024:.0f} KB; a protocol file may be at most {MAX_PROTOCOL_BYTES // 1024} KB "
            "(split it, or drop what it does not use)")


def _limit_problem(data: dict[str, Any]) -> tuple[tuple, str] | None:
    """The first value nested deeper than :data:`MAX_NESTING` or list longer than
    :data:`MAX_LIST_ITEMS`, as (path, message); checked without recursion."""
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_NESTING:
            return path[:MAX_NESTING + 1], (f"nested more than {MAX_NESTING} levels deep; a protocol "
                                            f"file may nest tables and lists at most {MAX_NESTING} levels")
        if isinstance(value, dict):
            stack.extend((item, path + (key,)) for key, item in value.items())
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                return path, f"has {len(value)} items; a protocol file's lists hold at most {MAX_LIST_ITEMS}"
            stack.extend((item, path + (index,)) for index, item in enumerate(value))
    return None


def _top_key_line(text: str, path: tuple) -> int | None:
    """The line of the top-level key of ``path``, found by a plain search (a last resort)."""
    if not path or not isinstance(path[0], str):
        return None
    found = re.search(rf"^[ \t]*\[*[ \t]*{re.escape(path[0])}[ \t.=\]]", text, flags=re.M)
    return text.count("\n", 0, found.start()) + 1 if found else None


def read_text(path: Path) -> str:
    """A protocol file's text, or a UserDataError saying why it cannot be read.

    Only a regular file of at most :data:`MAX_PROTOCOL_BYTES` is read (a pipe or a device
    would never end); a byte-order mark at the start is dropped.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise UserDataError(str(path), ["not a regular file"])
        if info.st_size > MAX_PROTOCOL_BYTES:
            raise UserDataError(str(path), [_too_big(info.st_size)])
        with open(path, "rb") as handle:
            raw = handle.read(MAX_PROTOCOL_BYTES + 1)
        if len(raw) > MAX_PROTOCOL_BYTES:
            raise UserDataError(str(path), [_too_big(len(raw))])
        return raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise UserDataError(str(path), ["no such file"]) from None
    except UnicodeDecodeError:
        raise UserDataError(str(path), ["not UTF-8 text"]) from None
    except OSError as error:
        raise UserDataError(str(path), [error.strerror or "cannot be read"]) from None


def load_protocol_file(path: Path, lookup: ProtocolLookup | None = None) -> Protocol:
    """Read and validate one TOML protocol file."""
    text = read_text(path)
    return protocol_from_toml(text, str(path), lookup)


def protocol_from_toml(text: str, source: str, lookup: ProtocolLookup | None = None) -> Protocol:
    """Build a protocol from TOML text (``source`` names it in errors).

    Every problem in the file is reported at once, each as "line N: field: what".
    """
    protocol, problems = check_protocol_toml(text, source, lookup)
    if problems:
        raise UserDataError(source, problems)
    return protocol


def check_protocol_toml(text: str, source: str,
                        lookup: ProtocolLookup | None = None) -> tuple[Protocol | None, list[str]]:
    """(the protocol or None, every problem as "line N: field: what").

    A TOML syntax error stops reading and is raised as a UserDataError with its line.
    """
    text = text.removeprefix(BOM)
    data = parse_toml(text, source)
    problems: list[tuple] = []
    if "extends" in data:
        merged, problems = extend(data, source, lookup)
    else:
        for key in extension_keys(data):
            problems.append(((key,), "only allowed in a file that extends another protocol "
                             "(add extends = \"ID\")"))
        merged = {k: v for k, v in data.items() if k not in EXTENSION_KEYS}
    protocol = None
    if merged is None:  # the base is unknown: still check what this file itself says
        own = {k: v for k, v in data.items() if k not in EXTENSION_KEYS and k != "based_on"}
        problems += [p for p in data_problems(own)
                     if p[1] != "required field missing" and p[0] != ("interview_evidence_kind",)]
    else:
        problems += data_problems(merged)
        if not problems:
            try:
                fields = _structured_fields(merged)
            except (cattrs.BaseValidationError, ValueError, TypeError, AttributeError) as error:
                problems += exception_problems(error, ())
            else:
                problems += _capture_problems(fields)
                if not problems:
                    try:
                        protocol = Protocol(**fields)
                    except (cattrs.BaseValidationError, ValueError, TypeError, AttributeError) as error:
                        problems += exception_problems(error, ())
    lines = _safe_key_lines(text)
    located = [(_line_for(lines, path), path, _first_use_line(lines, message))
               for path, message in _split(problems)]
    located.sort(key=lambda entry: entry[0] or 10**9)
    return protocol, _unique([_with_line(line, path, message) for line, path, message in located])


def _capture_problems(fields: dict[str, Any]) -> list[tuple]:
    """The capture shape's rules (short codes, groups, choices...), each at its own field."""
    shape = attrs.make_class("CaptureFields", ["capture", "intervals", "snapshots", "visit_items"])(
        fields.get("capture", "notes"), fields.get("intervals"), fields.get("snapshots", ()),
        fields.get("visit_items", ()),
    )
    return capture_rule_problems(shape)


def _safe_key_lines(text: str) -> dict:
    """Line numbers for messages; a file the scanner cannot follow just gets none."""
    try:
        return key_lines(text)
    except (ValueError, IndexError, RecursionError):
        return {}


def data_problems(data: dict[str, Any]) -> list[tuple]:
    """Every problem of protocol data as (path, message): types, unknown keys, duplicates..."""
    problems: list[tuple] = []
    fields = _protocol_fields()
    for key in data:
        if key not in fields:
            problems.append(((key,), "unknown key" + _suggest(key, set(fields) | EXTENSION_KEYS)))
    for name, attribute in fields.items():
        if name not in data:
            if attribute.default is attrs.NOTHING:
                problems.append(((name,), "required field missing"))
            continue
        problems += _field_problems(name, attribute, data[name])
        problems += _record_problems(data[name], attribute.type, (name,))
    problems += _duplicate_problems(data)
    problems += _rule_problems(data)
    return problems


def _field_problems(name: str, attribute: attrs.Attribute, value: Any) -> list[tuple]:
    """Problems of one top-level field; unknown keys are set aside so the rest is checked too."""
    problems: list[tuple] = []
    value = copy.deepcopy(value)
    for _attempt in range(100):
        try:
            structured = converter.structure(value, attribute.type)
            if attribute.converter is not None:
                structured = attribute.converter(structured)
            if attribute.validator is not None:
                attribute.validator(None, attribute, structured)
            return problems
        except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError) as error:
            found = [((name,), message) if path == (name, name) else (path, message)
                     for path, message in exception_problems(error, (name,))]
        extra = [(path, message) for path, message in found if message.startswith(_UNKNOWN)]
        if not extra:
            return problems + found
        for path, message in extra:
            problems.append((path, message))
            table = _at(value, path[1:])
            for key in message[len(_UNKNOWN):].split(", "):
                if isinstance(table, dict):
                    table.pop(key, None)
    return problems


_UNKNOWN = "unknown key(s): "
_CHECK_ERRORS = (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError)


def _record_class(field_type: Any) -> type | None:
    """The record class a field holds, alone or as a tuple of them; None for plain values."""
    if attrs.has(field_type):
        return field_type
    if typing.get_origin(field_type) in (typing.Union, types.UnionType):
        records = [arg for arg in typing.get_args(field_type) if attrs.has(arg)]
        return records[0] if len(records) == 1 else None
    if typing.get_origin(field_type) is tuple:
        args = typing.get_args(field_type)
        if args and attrs.has(args[0]):
            return args[0]
    return None


def _record_problems(value: Any, field_type: Any, path: tuple) -> list[tuple]:
    """Each field of each nested record checked on its own, so one bad field never hides another.

    Record validators stop at their first failure; checking field by field finds the rest.
    The messages match cattrs', so a problem found both ways is reported once.
    """
    cls = _record_class(field_type)
    if cls is None:
        return []
    if typing.get_origin(field_type) is not tuple:
        return _fields_of_record(value, cls, path)
    items = value if isinstance(value, list) else []
    return [problem for index, item in enumerate(items)
            for problem in _fields_of_record(item, cls, path + (index,))]


def _fields_of_record(value: Any, cls: type, path: tuple) -> list[tuple]:
    if not isinstance(value, dict):
        return []
    attrs.resolve_types(cls)
    problems: list[tuple] = []
    for attribute in attrs.fields(cls):
        if attribute.name not in value:
            continue
        where = path + (attribute.name,)
        if _record_class(attribute.type) is not None:
            problems += _record_problems(value[attribute.name], attribute.type, where)
            continue
        try:
            structured = converter.structure(value[attribute.name], attribute.type)
            if attribute.converter is not None:
                structured = attribute.converter(structured)
        except _CHECK_ERRORS as error:
            problems += exception_problems(error, where)
            continue
        try:
            if attribute.validator is not None:
                attribute.validator(None, attribute, structured)
        except AttributeError:
            continue  # a rule across several fields (timing order): checked with the whole record
        except _CHECK_ERRORS as error:
            problems += exception_problems(error, path)
    return problems


def _at(value: Any, path: tuple) -> Any:
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _structured_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = _protocol_fields()
    return {name: converter.structure(value, fields[name].type) for name, value in data.items()}


@functools.cache
def _protocol_fields() -> dict[str, attrs.Attribute]:
    attrs.resolve_types(Protocol)
    return {attribute.name: attribute for attribute in attrs.fields(Protocol)}


def _known_keys() -> set[str]:
    known = set(EXTENSION_KEYS) | {"after", "before", "category", "code_set"}
    for cls in (Protocol, Category, LookFor, EvidenceKind, Mark, Timing, TimingVariant, Role, Prompt,
                InterviewQuestion, SliceKind, StudentGroup, Intervals, CodeSet, Code, Choice, IntervalItem,
                CodeGroup, Snapshot, VisitItem):
        known.update(attribute.name for attribute in attrs.fields(cls))
    return known


def _suggest(key: str, candidates) -> str:
    close = difflib.get_close_matches(key, sorted(candidates), n=1, cutoff=0.7)
    return f" (did you mean {close[0]!r}?)" if close else ""


_UNIQUE_LISTS = {
    "categories": "category", "evidence_kinds": "evidence kind", "roles": "role",
    "debrief_prompts": "debrief prompt", "feedback_prompts": "feedback prompt",
    "interview_questions": "interview question", "student_groups": "student group",
    "slice_kinds": "slice kind",
}


def _duplicate_problems(data: dict[str, Any]) -> list[tuple]:
    """Ids used twice (look-fors across all categories; marks within a kind; variants)."""
    groups: list[tuple[str, list[tuple[tuple, Any]]]] = []
    for key, what in _UNIQUE_LISTS.items():
        groups.append((what, [((key, i, "id"), item.get("id")) for i, item in _tables(data.get(key))]))
    look_fors = []
    for c, category in _tables(data.get("categories")):
        look_fors += [(("categories", c, "look_fors", i, "id"), lf.get("id"))
                      for i, lf in _tables(category.get("look_fors"))]
    groups.append(("look-for", look_fors))
    for k, kind in _tables(data.get("evidence_kinds")):
        groups.append(("mark", [(("evidence_kinds", k, "marks", i, "id"), m.get("id"))
                                for i, m in _tables(kind.get("marks"))]))
    based_on = data.get("based_on")
    if isinstance(based_on, list):
        groups.append(("based_on", [(("based_on", i), item) for i, item in enumerate(based_on)]))
    timing = data.get("timing")
    if isinstance(timing, dict):
        groups.append(("timing variant", [(("timing", "variants", i, "id"), v.get("id"))
                                          for i, v in _tables(timing.get("variants"))]))
    problems = []
    for what, entries in groups:
        seen: dict[str, tuple] = {}
        for path, item_id in entries:
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                problems.append((path, f"duplicate {what} id {item_id!r} (first used at "
                                 f"{format_path(seen[item_id])})"))
            else:
                seen[item_id] = path
    return problems


def _rule_problems(data: dict[str, Any]) -> list[tuple]:
    problems = []
    low, high = data.get("min_observers", 1), data.get("max_observers")
    if type(low) is int and type(high) is int and high < low:
        problems.append((("max_observers",), f"must not be less than min_observers ({low})"))
    if data.get("requires_slice") is True and not data.get("slice_kinds"):
        problems.append((("requires_slice",), "is true but no [[slice_kinds]] are defined"))
    based_on = data.get("based_on")
    if isinstance(based_on, list) and data.get("id") in based_on:
        problems.append((("based_on",), f"names this protocol itself ({data['id']!r}); list only "
                         "the protocols it is based on"))
    problems += _interview_kind_problems(data)
    return problems


def _interview_kind_problems(data: dict[str, Any]) -> list[tuple]:
    """``interview_evidence_kind`` names a declared kind, and is there when questions are."""
    kind_id = data.get("interview_evidence_kind")
    if kind_id is not None and not isinstance(kind_id, str):
        return []  # its type is reported with the other field problems
    declared = [item.get("id") for _, item in _tables(data.get("evidence_kinds"))
                if isinstance(item.get("id"), str)]
    questions = data.get("interview_questions")
    problem = interview_kind_problem(kind_id, declared, bool(questions) and isinstance(questions, list))
    return [(("interview_evidence_kind",), problem)] if problem else []


# Where to point when a problem's own key is not in the file (inherited through extends,
# or missing): the first of these keys the file has.
_FALLBACK_KEYS = {
    "interview_evidence_kind": (("add_interview_questions",), ("interview_questions",),
                                ("drop_evidence_kinds",), ("extends",)),
}


def _line_for(lines: dict, path: tuple) -> int | None:
    line = line_of(lines, path)
    if line is None and path:
        for fallback in _FALLBACK_KEYS.get(path[0], ()):
            line = line_of(lines, fallback)
            if line is not None:
                break
    return line


def _tables(value) -> list[tuple[int, dict]]:
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _split(problems: list[tuple]) -> list[tuple]:
    """One problem per unknown key, at the key itself, with a suggestion where one is close."""
    out = []
    known = _known_keys()
    top_level = set(_protocol_fields()) | EXTENSION_KEYS
    for path, message in problems:
        if message.startswith(_UNKNOWN):
            for key in message[len(_UNKNOWN):].split(", "):
                if key in top_level:
                    hint = " here: it belongs at the top of the file, before the first [table]"
                else:
                    hint = _suggest(key, known - {key})
                out.append((path + (key,), "unknown key" + hint))
        else:
            out.append((path, message))
    return out


def _first_use_line(lines: dict, message: str) -> str:
    """"(first used at PATH)" becomes "(first used on line N)" where the line is known."""
    found = re.search(r"\(first used at (.+)\)$", message)
    line = line_of(lines, parse_path(found.group(1))) if found else None
    return message[: found.start()] + f"(first used on line {line})" if line else message


def _with_line(line: int | None, path: tuple, message: str) -> str:
    where = f"line {line}: " if line else ""
    return f"{where}{format_path(path)}: {message}"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def locate(text: str, problem: str) -> str:
    """Prefix a "path: what" problem with the line where its field appears."""
    path, sep, _ = problem.partition(": ")
    if not sep or path == "(top level)":
        return problem
    line = line_of(key_lines(text), parse_path(path))
    return f"line {line}: {problem}" if line else problem


def protocol_to_toml(protocol: Protocol) -> str:
    """The protocol as a TOML document that :func:`protocol_from_toml` reads back.

    An adapted protocol keeps its ``based_on`` lineage, so the copy loads back equal and
    keeps the behaviour of the plugins it is based on; an empty lineage is left out.
    """
    data = _drop_nones(unstructure(protocol))
    if not data.get("based_on"):
        data.pop("based_on", None)
    if data.get("capture") == "notes":
        data.pop("capture")
    for key in ("snapshots", "visit_items"):
        if not data.get(key):
            data.pop(key, None)
    return tomli_w.dumps(data)


def _drop_nones(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nones(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_drop_nones(v) for v in value]
    return value
