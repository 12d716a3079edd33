"""Where each key of a TOML document sits: the line of every table, key and array item.

The standard library parser gives values but no positions, so error messages about a
field could not say where it is. :func:`key_lines` scans text that already parsed and
maps every path (``("categories", 0, "look_fors", 1, "id")``) to its line number.
"""

from __future__ import annotations

import bisect
import json
import re
import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

Path = tuple  # of str keys and int indexes

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_PATH_PART = re.compile(r"\[(\d+)\]|\"((?:[^\"\\]|\\.)*)\"|([^.\[\]\"]+)")


def key_lines(text: str) -> dict[Path, int]:
    """Every table, key and array item path in ``text`` (valid TOML), with its 1-based line."""
    scanner = _Scanner(text)
    scanner.document()
    return scanner.found


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its nearest enclosing table or key that has one."""
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def parse_path(text: str) -> Path:
    """``'categories[0].look_fors[1].id'`` as ``('categories', 0, 'look_fors', 1, 'id')``."""
    parts: list = []
    for index, quoted, bare in _PATH_PART.findall(text):
        if index:
            parts.append(int(index))
        elif quoted:
            parts.append(quoted)
        elif bare.strip():
            parts.append(bare.strip())
    return tuple(parts)


def format_path(path: Path) -> str:
    """The reverse of :func:`parse_path`; keys that are not bare are quoted."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = part if _BARE_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
            out += f".{key}" if out else key
    return out or "(top level)"


def _unescape(raw: str) -> str:
    """A quoted key's text with its escapes (\\n, \\u001f...) resolved."""
    try:
        return tomllib.loads(f'k = "{raw}"')["k"]
    except tomllib.TOMLDecodeError:
        return raw


class _Scanner:
    """A lenient reader of already-valid TOML that records positions, not values."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.newlines = [i for i, char in enumerate(text) if char == "\n"]
        self.found: dict[Path, int] = {}
        self.array_tables: dict[Path, int] = {}

    def guard(self) -> None:
        """Make progress on every loop turn, whatever the text holds."""
        if self.pos == getattr(self, "_last_guarded", -1):
            self.pos += 1
        self._last_guarded = self.pos

    def line(self) -> int:
        return bisect.bisect_left(self.newlines, self.pos) + 1

    def peek(self, count: int = 1) -> str:
        return self.text[self.pos:self.pos + count]

    def skip(self, newlines: bool = True) -> None:
        """Skip spaces, comments and (if asked) line ends."""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.pos += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                return

    def document(self) -> None:
        table: Path = ()
        while True:
            self.skip()
            if self.pos >= len(self.text):
                return
            self.guard()
            line = self.line()
            if self.peek(2) == "[[":
                self.pos += 2
                keys = self.keys()
                self.pos += 2
                parent = self.resolve(keys[:-1]) + (keys[-1],)
                count = self.array_tables.get(parent, 0)
                self.array_tables[parent] = count + 1
                self.found.setdefault(parent, line)
                table = parent + (count,)
            elif self.peek() == "[":
                self.pos += 1
                keys = self.keys()
                self.pos += 1
                table = self.resolve(keys)
            else:
                keys = self.keys()
                self.pos += 1  # "="
                self.record(table + keys, line)
                self.value(table + keys)
                continue
            self.record(table, line)

    def record(self, path: Path, line: int) -> None:
        """``path`` is on ``line``; so are tables it implies that have no header of their own."""
        self.found[path] = line
        for end in range(1, len(path)):
            self.found.setdefault(path[:end], line)

    def resolve(self, keys: Path) -> Path:
        """A dotted header's path, stepping into the latest item of any array of tables."""
        path: Path = ()
        for key in keys:
            path += (key,)
            if path in self.array_tables:
                path += (self.array_tables[path] - 1,)
        return path

    def keys(self) -> Path:
        parts = []
        while True:
            self.skip(newlines=False)
            char = self.peek()
            if char == '"':
                parts.append(_unescape(self.basic_string()))
            elif char == "'":
                end = self.text.index("'", self.pos + 1)
                parts.append(self.text[self.pos + 1:end])
                self.pos = end + 1
            else:
                found = _BARE_KEY.match(self.text, self.pos)
                parts.append(found.group(0) if found else "")
                self.pos = found.end() if found else self.pos + 1
            self.skip(newlines=False)
            if self.peek() != ".":
                return tuple(parts)
            self.pos += 1

    def basic_string(self) -> str:
        start = self.pos + 1
        self.pos = start
        while self.pos < len(self.text) and self.text[self.pos] != '"':
            self.pos += 2 if self.text[self.pos] == "\\" else 1
        self.pos += 1
        return self.text[start:self.pos - 1]

    def value(self, path: Path) -> None:
        self.skip(newlines=False)
        if self.peek(3) in ('"""', "'''"):
            self.multiline_string(self.peek(3))
        elif self.peek() == '"':
            self.basic_string()
        elif self.peek() == "'":
            self.pos = self.text.index("'", self.pos + 1) + 1
        elif self.peek() == "[":
            self.array(path)
        elif self.peek() == "{":
            self.inline_table(path)
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}\n#":
                self.pos += 1

    def multiline_string(self, quote: str) -> None:
        self.pos += 3
        while self.pos < len(self.text):
            if quote == '"""' and self.text[self.pos] == "\\":
                self.pos += 2
            elif self.peek(3) == quote:
                self.pos += 3
                while self.peek() == quote[0]:
                    self.pos += 1
                return
            else:
                self.pos += 1

    def array(self, path: Path) -> None:
        self.pos += 1
        index = 0
        while self.pos < len(self.text):
            self.skip()
            self.guard()
            if self.peek() == "]":
                self.pos += 1
                return
            self.found[path + (index,)] = self.line()
            self.value(path + (index,))
            self.skip()
            if self.peek() == ",":
                self.pos += 1
                index += 1

    def inline_table(self, path: Path) -> None:
        self.pos += 1
        while self.pos < len(self.text):
            self.skip(newlines=False)
            self.guard()
            if self.peek() == "}":
                self.pos += 1
                return
            if self.peek() == ",":
                self.pos += 1
                continue
            keys = self.keys()
            self.pos += 1  # "="
            self.found[path + keys] = self.line()
            self.value(path + keys)
