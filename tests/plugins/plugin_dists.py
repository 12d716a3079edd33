"""Installed-looking plugin distributions for tests: a package plus a dist-info folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

SINGLE_PATTERN = textwrap.dedent('''
    from classwalk.core import hookimpl
    from classwalk.core.records.patterns import Pattern

    @hookimpl
    def classwalk_debrief_patterns(protocol, walk, visits, evidence):
        # wrong: one Pattern, not a list, and for every protocol
        return Pattern(id="oops", title="Oops", columns=("a",), rows=[[1]])
''')


def write_dist(site: Path, name: str, module_source: str, version: str = "0.1",
               extra_files: dict[str, str] | None = None, distribution: str | None = None) -> None:
    """Lay out an installed distribution whose entry point ``name`` is its own module.

    ``distribution`` is the pip package's name (default: ``name``).
    """
    package = site / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(module_source))
    for filename, text in (extra_files or {}).items():
        (package / filename).write_text(text)
    dist = distribution or name
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[classwalk]\n{name} = {name}\n")


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A folder on sys.path where tests 'install' plugins."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder
