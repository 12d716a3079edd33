"""Protocols written as TOML files: read them, check them, write them back out.

A file's tables mirror :class:`classwalk.core.protocol.Protocol`; docs/protocols-in-toml.md
documents the format. Every problem comes back as one :class:`UserDataError` naming the
file, the line where it can be found, and the field.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Callable

import tomli_w

from .convert import structure, unstructure
from .errors import UserDataError
from .protocol import Protocol

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ProtocolLookup = Callable[[str], "Protocol | None"]


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes a UserDataError with its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if found:
            reason = message[: found.start()].strip()
            raise UserDataError(
                f"{source}:{found.group(1)}", [f"TOML syntax error: {reason} (column {found.group(2)})"]
            ) from None
        raise UserDataError(source, [f"TOML syntax error: {message}"]) from None


def read_text(path: Path) -> str:
    """A file's text, or a UserDataError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
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
    """Build a protocol from TOML text (``source`` names it in errors)."""
    data = parse_toml(text, source)
    if "extends" in data:
        from .protocol_extend import apply_extends

        data = apply_extends(data, source, lookup)
    try:
        return structure(data, Protocol, source)
    except UserDataError as error:
        raise UserDataError(source, [locate(text, problem) for problem in error.problems]) from None


def locate(text: str, problem: str) -> str:
    """Prefix a "path: what" problem with the line where its last key appears."""
    path = problem.split(":", 1)[0]
    key = re.split(r"[.\[]", path.split(".")[-1])[0] if path and path != "(top level)" else ""
    if key:
        for number, line in enumerate(text.splitlines(), start=1):
            if re.match(rf"\s*\[*\s*{re.escape(key)}\s*[=\]]", line):
                return f"line {number}: {problem}"
    return problem


def protocol_to_toml(protocol: Protocol) -> str:
    """The protocol as a TOML document that :func:`protocol_from_toml` reads back."""
    return tomli_w.dumps(_drop_nones(unstructure(protocol)))


def _drop_nones(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nones(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_drop_nones(v) for v in value]
    return value
