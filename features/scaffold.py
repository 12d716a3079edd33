"""``classwalk new-protocol NAME``: write a protocol plugin package a developer can install.

The package holds a pyproject with the ``classwalk`` entry point, a module of hook
implementations, the protocol as TOML content, and a test that passes once the package
is installed. Templates live in ``scaffold_templates/`` beside this module.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from attrs import frozen

from classwalk.core.errors import ClasswalkError
from classwalk.core.storage.files import write_file

TEMPLATES = Path(__file__).with_name("scaffold_templates")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$")
MAX_NAME_LENGTH = 40


@frozen
class PluginNames:
    """The names one NAME turns into: protocol id, module, distribution, title."""

    protocol_id: str
    module: str
    distribution: str
    title: str


def plugin_names(name: str) -> PluginNames:
    """The names for NAME, or a ClasswalkError saying what a good NAME looks like."""
    if not NAME_PATTERN.match(name or "") or len(name) > MAX_NAME_LENGTH:
        raise ClasswalkError(
            f"{name!r} cannot name a protocol: use lowercase letters and digits, words joined by "
            f"'_' or '-', starting with a letter, at most {MAX_NAME_LENGTH} characters (e.g. district_walk)"
        )
    protocol_id = name.replace("-", "_")
    taken = built_in_protocol_ids()
    if protocol_id in taken:
        raise ClasswalkError(
            f"{name!r} is the id of a protocol that ships with classwalk ({', '.join(taken)}); "
            f"choose another NAME, or adapt it with a TOML file that says extends = {protocol_id!r}"
        )
    words = protocol_id.replace("_", " ").capitalize()
    return PluginNames(
        protocol_id=protocol_id,
        module=f"classwalk_{protocol_id}",
        distribution=f"classwalk-{protocol_id.replace('_', '-')}",
        title=words if words.lower().endswith("walk") else f"{words} walk",
    )


def built_in_protocol_ids() -> list[str]:
    """Ids of the protocols that ship with classwalk (a new plugin may not take them)."""
    from classwalk.core.plugins.loader import Plugins, built_in_names
    from classwalk.core.registry import load_registry

    return sorted(load_registry(Plugins(only=built_in_names()), []).entries)


def _layout(names: PluginNames) -> dict[str, str]:
    """Where each template goes in the new package."""
    return {
        "pyproject.toml": "pyproject.toml.tmpl",
        "README.md": "README.md.tmpl",
        f"{names.module}/__init__.py": "__init__.py.tmpl",
        f"{names.module}/plugin.py": "plugin.py.tmpl",
        f"{names.module}/protocol.toml": "protocol.toml.tmpl",
        f"tests/test_{names.protocol_id}.py": "test_plugin.py.tmpl",
    }


def write_plugin_package(name: str, parent: Path) -> Path:
    """Create ``parent/classwalk-NAME`` with the plugin package; return its folder."""
    names = plugin_names(name)
    target = parent / names.distribution
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ClasswalkError(f"{target}: already exists and is not empty; choose another --dir or NAME")
    values = {
        "protocol_id": names.protocol_id, "module": names.module,
        "distribution": names.distribution, "title": names.title, "plugin_name": names.protocol_id,
    }
    try:
        for relative, template in _layout(names).items():
            text = string.Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)
            path = target / relative
            write_file(path, text, private=False)
    except OSError as error:
        raise ClasswalkError(f"{target}: {error.strerror or 'cannot be written'}") from None
    return target
