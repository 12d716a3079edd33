"""The plugin docs work as written: every import resolves, every example runs, the complete
plugin in writing-a-plugin.md installs and its own tests pass, and records.md matches the code."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import re
import sys
import types
from pathlib import Path

import attrs
import pytest

from classwalk.api import Classwalk
from classwalk.core.records.model import Evidence, Visit, Walk
from classwalk.core.plugins.loader import Plugins, built_in_names

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDE = DOCS / "writing-a-plugin.md"
HOOKS = DOCS / "hooks.md"
BLOCK = re.compile(r"(?:<!-- file: (?P<file>[^ ]+) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S)
DOC_PACKAGE = "classwalk_district_walk"

sys.path.insert(0, str(DOCS))
import generate_records  # noqa: E402

sys.path.remove(str(DOCS))


def blocks(path: Path):
    return [(m["file"], m["lang"], m["body"]) for m in BLOCK.finditer(path.read_text(encoding="utf-8"))]


def python_blocks(path: Path) -> list[str]:
    return [body for file, lang, body in blocks(path) if lang == "python"]


@pytest.fixture(scope="module")
def guide_package(tmp_path_factory) -> Path:
    """The complete plugin of writing-a-plugin.md, written out file by file."""
    folder = tmp_path_factory.mktemp("guide") / "classwalk-district-walk"
    files = [(file, body) for file, _lang, body in blocks(GUIDE) if file]
    assert {f for f, _ in files} >= {"pyproject.toml", f"{DOC_PACKAGE}/plugin.py", f"{DOC_PACKAGE}/protocol.toml",
                                     "tests/test_district_walk.py"}
    for file, body in files:
        path = folder / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return folder


def _imports(source: str):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module != "__future__":
            for alias in node.names:
                yield node.module, alias.name


@pytest.mark.parametrize("doc", [GUIDE, HOOKS], ids=lambda p: p.name)
def test_every_import_in_the_docs_resolves(doc, guide_package, monkeypatch):
    monkeypatch.syspath_prepend(str(guide_package))
    sources = python_blocks(doc)
    assert sources
    for source in sources:
        for module_name, name in _imports(source):
            module = importlib.import_module(module_name)
            if name is not None and not hasattr(module, name):
                importlib.import_module(f"{module_name}.{name}")


def _sample(protocol):
    walk = Walk(protocol_id=protocol.id, school="S", date=dt.date(2026, 11, 23))
    visit = Visit(walk_id=walk.id, classroom="Room 1",
                  started_at=dt.datetime(2026, 11, 1, 9, tzinfo=dt.timezone.utc))
    note = Evidence(walk_id=walk.id, visit_id=visit.id, kind=protocol.evidence_kinds[0].id,
                    text="Two students compared methods", look_fors=[protocol.look_fors()[0].id],
                    captured_at=dt.datetime(2026, 11, 1, 9, 1, tzinfo=dt.timezone.utc))
    return walk, visit, note


def _call(function, **values):
    names = function.__code__.co_varnames[:function.__code__.co_argcount]
    return function(**{name: values[name] for name in names})


@pytest.mark.parametrize("index", range(len(python_blocks(HOOKS))))
def test_every_hook_example_runs_and_answers_for_its_protocol(index, db_path, tmp_path):
    guide_toml = next(body for file, _lang, body in blocks(GUIDE) if file and file.endswith("protocol.toml"))
    (tmp_path / "protocol.toml").write_text(guide_toml, encoding="utf-8")
    module = types.ModuleType(f"hooks_example_{index}")
    module.__file__ = str(tmp_path / "plugin.py")
    exec(compile(python_blocks(HOOKS)[index], f"hooks.md example {index}", "exec"), module.__dict__)
    hooks = [name for name in vars(module) if name.startswith("classwalk_")]
    module.CLASSWALK_EXTENDS = ["district_walk"]  # the rest of the plugin registers it
    plugins = Plugins(only=built_in_names())
    if hooks:
        plugins.register_module(module, name=module.__name__)
    classwalk = Classwalk(db_path=db_path, plugins=plugins, protocol_dirs_=[])
    downey = classwalk.protocols.get("downey")
    ours = classwalk.protocols.find("district_walk") or attrs.evolve(downey, id="district_walk")
    if "classwalk_register_protocols" in hooks:
        assert classwalk.protocols.entries["district_walk"].plugin == module.__name__
    walk, visit, note = _sample(ours)
    values = dict(walk=walk, elapsed_seconds=250, visits=[visit], visit=visit, evidence=[note],
                  today=dt.date(2026, 11, 3))
    for hook in hooks:
        if hook == "classwalk_register_protocols":
            continue
        function = getattr(module, hook)
        assert _call(function, protocol=ours, **values) is not None, f"{hook} does not answer for its protocol"
        assert _call(function, protocol=downey, **values) is None, f"{hook} answers for another protocol"
        method = {"classwalk_timing_status": "first", "classwalk_reflective_question": "first",
                  "classwalk_follow_up_due": "first"}.get(hook, "call")
        names = function.__code__.co_varnames[:function.__code__.co_argcount]
        assert getattr(plugins, method)(hook, **{n: ({"protocol": ours} | values)[n] for n in names})
    assert plugins.failures == []


def test_the_script_example_runs(tmp_path, monkeypatch):
    script = next(body for body in python_blocks(GUIDE) if "open_db" in body)
    monkeypatch.chdir(tmp_path)
    exec(compile(script, "writing-a-plugin.md script", "exec"), {"__name__": "__doc_example__"})
    import classwalk

    with classwalk.open_db(tmp_path / "walks.db") as db:
        walk = db.walks()[0]
        assert walk.status == "debriefing" and db.debrief(walk).responses
        assert len(db.evidence(walk)) == 1 and db.store.next_steps_for_walk(walk.id)


def test_the_readme_api_example_runs(tmp_path, monkeypatch):
    readme = DOCS.parent / "README.md"
    script = next(body for body in python_blocks(readme) if "open_db" in body)
    monkeypatch.chdir(tmp_path)
    exec(compile(script, "README.md example", "exec"), {"__name__": "__doc_example__"})
    import classwalk

    with classwalk.open_db(tmp_path / "walks.db") as db:
        assert [w.protocol_id for w in db.walks()] == ["downey"]


@pytest.mark.parametrize("path", sorted(generate_records.OUTPUTS), ids=lambda p: p.name)
def test_generated_references_match_the_code(path):
    assert path.read_text(encoding="utf-8") == generate_records.OUTPUTS[path](), \
        f"docs/{path.name} is out of date: run python docs/generate_records.py (make docs)"


def test_python_api_md_documents_every_public_call():
    from classwalk import api

    text = (DOCS / "python-api.md").read_text(encoding="utf-8")
    for name, member in vars(api.Classwalk).items():
        if not name.startswith("_") and callable(member):
            assert f"### `{name}(" in text, name
            assert (member.__doc__ or "").strip(), f"Classwalk.{name} has no docstring"
    assert "### `classwalk.open_db(" in text


def test_the_python_api_example_runs(tmp_path, monkeypatch):
    script = next(body for body in python_blocks(DOCS / "python-api.md") if "open_db" in body)
    monkeypatch.chdir(tmp_path)
    exec(compile(script, "python-api.md example", "exec"), {"__name__": "__doc_example__"})
    assert (tmp_path / "walks.db").exists()


@pytest.mark.parametrize("module_name", ["classwalk.core.records.model", "classwalk.core.protocols.protocol",
                                         "classwalk.core.records.patterns", "classwalk.core.protocols.timing",
                                         "classwalk.core.protocols.capture", "classwalk.core.records.capture"])
def test_records_md_lists_every_record_and_field(module_name):
    text = (DOCS / "records.md").read_text(encoding="utf-8")
    module = importlib.import_module(module_name)
    for cls in vars(module).values():
        if isinstance(cls, type) and attrs.has(cls) and cls.__module__ == module_name:
            assert f"### {cls.__name__}\n" in text
            section = text.split(f"### {cls.__name__}\n", 1)[1].split("\n### ", 1)[0]
            for field in attrs.fields(cls):
                assert f"| `{field.name}` |" in section, (cls.__name__, field.name)
