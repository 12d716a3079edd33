"""The one cattrs converter: records to and from plain data (JSON, TOML, SQLite rows).

Unknown keys are refused (``forbid_extra_keys``), so a typo in a district's TOML file
is caught. :func:`structure` turns every problem into a :class:`UserDataError` that
names each bad field and what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import make_converter

from classwalk.core.errors import UserDataError

T = TypeVar("T")


def _structure_datetime(value: Any, _type: type) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str):
        moment = dt.datetime.fromisoformat(value)
    else:
        raise TypeError(f"expected an ISO date-time string, got {type(value).__name__}")
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _structure_date(value: Any, _type: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise TypeError("expected a date (YYYY-MM-DD), got a date-time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"expected a date (YYYY-MM-DD), got {type(value).__name__}")


def _structure_str(value: Any, _type: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {_kind(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text holds an invalid character (a lone surrogate)") from None
    return value


def _structure_bool(value: Any, _type: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {_kind(value)}")
    return value


def _structure_int(value: Any, _type: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {_kind(value)}")
    return value


def _structure_float(value: Any, _type: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {_kind(value)}")
    return float(value)


def _kind(value: Any) -> str:
    names = {dict: "a table", list: "a list", str: "text", bool: "a boolean"}
    return names.get(type(value), type(value).__name__)


def _table_first(conv: cattrs.Converter):
    """Hook factory for attrs classes: refuse anything but a table before structuring."""

    def factory(cls):
        inner = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)

        def structure_table(value: Any, type_: type) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected a table, got {_kind(value)}")
            return inner(value, type_)

        return structure_table

    return factory


def _is_list_type(type_: Any) -> bool:
    """``tuple[X, ...]`` or ``list[X]``: a list of any length in TOML or JSON."""
    origin, args = typing.get_origin(type_), typing.get_args(type_)
    return (origin is tuple and len(args) == 2 and args[1] is Ellipsis) or (origin is list and len(args) == 1)


def _lists_not_text(conv: cattrs.Converter):
    """Hook factory for lists: text (which Python would split into letters) or a table is refused."""

    def factory(type_):
        if typing.get_origin(type_) is tuple:
            inner = homogenous_tuple_structure_factory(type_, conv)
        else:
            inner = list_structure_factory(type_, conv)

        def structure_list(value: Any, structured_type: type) -> Any:
            if isinstance(value, (str, bytes, Mapping)):
                raise TypeError(f"expected a list, got {_kind(value)} (write [\"...\"] for a list of one)")
            return inner(value, structured_type)

        return structure_list

    return factory


def build_converter() -> cattrs.Converter:
    """Make the converter; call once (module import does) and use :data:`converter`."""
    conv = make_converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_unstructure_hook(dt.datetime, lambda v: v.isoformat())
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda v: v.isoformat())
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook_factory(attrs.has, _table_first(conv))
    conv.register_structure_hook_factory(_is_list_type, _lists_not_text(conv))
    return conv


converter = build_converter()


def unstructure(record: Any) -> Any:
    """A record as plain data (dicts, lists, strings, numbers)."""
    return converter.unstructure(record)


def structure(data: Any, cls: type[T], source: str) -> T:
    """Build ``cls`` from plain ``data``; raise one :class:`UserDataError` naming ``source``."""
    try:
        return converter.structure(data, cls)
    except cattrs.BaseValidationError as error:
        raise UserDataError(source, describe_errors(error)) from None
    except (ValueError, TypeError, KeyError) as error:
        raise UserDataError(source, [str(error)]) from None


def describe_errors(error: BaseException) -> list[str]:
    """One "path: problem" line per bad field of a cattrs validation error."""
    lines = []
    for message in cattrs.transform_error(error, path="", format_exception=_format_exception):
        what, _, where = message.rpartition(" @ ")
        path = where.lstrip("$").lstrip(".")
        attribute, sep, problem = what.partition(_FIELD_SEP)
        if sep:
            path = f"{path}.{attribute}" if path else attribute
            what = problem
        lines.append(f"{path or '(top level)'}: {what}")
    return lines


_FIELD_SEP = "\x1f"
_EMPTY_MESSAGE = re.compile(r"^Length of '(\w+)' must be >= 1")
_ATTRS_MESSAGE = re.compile(r"^'(\w+)' must (.*)$", re.DOTALL)


def _format_exception(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return "unknown key(s): " + ", ".join(sorted(exc.extra_fields))
    first = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ""
    text = first or str(exc) or type(exc).__name__
    empty = _EMPTY_MESSAGE.match(text)
    if empty:
        return f"{empty.group(1)}{_FIELD_SEP}must not be empty"
    found = _ATTRS_MESSAGE.match(text)
    if not found:
        return text
    attribute, rule = found.groups()
    if rule.startswith("match regex"):
        rule = "be lowercase letters, digits, '_', '.' or '-', starting with a letter or digit"
    elif rule.startswith("be in "):
        rule = "be one of " + rule[len("be in ") :]
    elif "length" in rule:
        rule = "not be empty"
    return f"{attribute}{_FIELD_SEP}must {rule}"
