"""The import rules of docs/architecture.md, checked on every module of the source tree.

Each room of the house may import only the rooms below it; a new import that breaks a rule
fails here with the file, the line and the rule, before it reaches a reviewer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = {"classwalk": "classwalk", "core": "classwalk.core", "features": "classwalk.features",
          "protocols": "classwalk.protocols", "cli": "classwalk.cli", "tui": "classwalk.tui",
          "serve": "classwalk.serve"}

# "=name" allows that module only; "name" allows it and everything under it
KERNEL_BASE = ("=classwalk.core", "=classwalk.core.errors", "=classwalk.core.text", "=classwalk.core.escape",
               "=classwalk.core.scope", "=classwalk.core.convert", "=classwalk.core.clock", "=classwalk.core.ids",
               "=classwalk.core.fields")
PUBLIC = ("classwalk", "classwalk.api", "classwalk.plugin", "classwalk.testing")

# room (a module prefix) -> the prefixes it may import; the longest matching room applies
RULES: dict[str, tuple[str, ...]] = {
    "classwalk.core": KERNEL_BASE,
    "classwalk.core.protocols": KERNEL_BASE + ("classwalk.core.protocols",),
    "classwalk.core.records": KERNEL_BASE + ("classwalk.core.protocols", "classwalk.core.records"),
    "classwalk.core.storage": KERNEL_BASE + ("classwalk.core.protocols", "classwalk.core.records",
                                             "classwalk.core.storage"),
    "classwalk.core.plugins": KERNEL_BASE + ("classwalk.core.protocols", "classwalk.core.records",
                                             "classwalk.core.storage", "classwalk.core.plugins"),
    "classwalk.core.registry": ("classwalk.core",),
    "classwalk.core.kernel": ("classwalk.core",),
    "classwalk.features": ("classwalk.core", "classwalk.features"),
    "classwalk.protocols": ("classwalk.core", "classwalk.features", "classwalk.protocols", *PUBLIC),
    "classwalk": ("classwalk.core", "classwalk.features", *PUBLIC),
    "classwalk.cli": ("classwalk",),
    "classwalk.tui": ("classwalk.core", "classwalk.features", "classwalk.tui", *PUBLIC),
    "classwalk.tui.__main__": ("classwalk.core", "classwalk.features", "classwalk.tui", "classwalk.cli", *PUBLIC),
    "classwalk.serve": ("classwalk.core", "classwalk.features", "classwalk.serve", "classwalk.tui", *PUBLIC),
}

# third-party packages only some rooms may use: the kernel and the protocols stay free of the UI
UI_PACKAGES = ("textual", "rich", "textual_serve")
UI_ROOMS = ("classwalk.tui", "classwalk.serve", "classwalk.cli")


def module_name(path: Path) -> str:
    top, *rest = path.relative_to(ROOT).with_suffix("").parts
    parts = [SOURCE[top], *rest]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    return sorted(p for top in SOURCE for p in (ROOT / top).rglob("*.py") if "__pycache__" not in p.parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports (at the top or inside a function), with its line."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from classwalk.core import store` imports the module classwalk.core.store
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names
                      if module.startswith("classwalk") and _is_module(f"{module}.{alias.name}")]
    return found


def _is_module(dotted: str) -> bool:
    package = max((p for p in SOURCE.values() if within(dotted, p)), key=len, default=None)
    if package is None:
        return False
    folder = {p: f for f, p in SOURCE.items()}[package]
    target = ROOT / folder / Path(*dotted.removeprefix(package).strip(".").split("."))
    return target.with_suffix(".py").exists() or (target / "__init__.py").exists()


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def room_of(module: str) -> str:
    return max((room for room in RULES if within(module, room)), key=len)


def broken_rules(path: Path) -> list[str]:
    me = module_name(path)
    room = room_of(me)
    problems = []
    for line, target in imports(path):
        where = f"{path.relative_to(ROOT)}:{line}"
        if target.split(".")[0] in UI_PACKAGES and not any(within(me, r) for r in UI_ROOMS):
            problems.append(f"{where}: {me} imports {target}; only {', '.join(UI_ROOMS)} may use the UI")
        if not within(target, "classwalk") or within(target, me):
            continue
        allowed = RULES[room]
        if any(target == a[1:] if a.startswith("=") else within(target, a) for a in allowed):
            continue
        problems.append(f"{where}: {me} ({room}) imports {target}; it may import only "
                        f"{', '.join(a.lstrip('=') for a in allowed)}")
    return problems


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_rules_of_docs_architecture(path):
    assert broken_rules(path) == []


def test_every_room_in_the_rules_is_in_the_architecture_doc():
    doc = (ROOT / "docs" / "architecture.md").read_text()
    missing = [room for room in RULES if f"`{room.removeprefix('classwalk.').replace('.', '/') or 'classwalk'}" not in doc
               and f"`{room}`" not in doc]
    assert missing == []


def test_the_rules_catch_an_upward_import(tmp_path, monkeypatch):
    fake = ROOT / "core" / "storage" / "store.py"
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: "from classwalk.tui.app import ClasswalkApp\n"
                        if self == fake else Path.read_bytes(self).decode())
    assert any("classwalk.tui.app" in problem for problem in broken_rules(fake))
