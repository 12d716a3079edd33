"""One documented surface: each hook's contract is one typed spec, everything a plugin needs
comes from ``classwalk.plugin`` (and ``classwalk``), the reference page is made from the
code, and the docs' examples agree with each other."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import re
from pathlib import Path

import pytest

import classwalk
import classwalk.plugin
import classwalk.testing
from classwalk.core.plugins import hookspecs
from classwalk.core.records.patterns import Pattern
from classwalk.core.plugins.loader import PluginFailure
from classwalk.core.protocols.timing import TimingStatus
from tests.plugins.plugin_dists import SINGLE_PATTERN, write_dist

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(r"```python\n(.*?)```", re.S)
PUBLIC_MODULES = {"classwalk", "classwalk.plugin", "classwalk.testing"}


def python_blocks(name: str) -> list[str]:
    return BLOCK.findall((DOCS / name).read_text(encoding="utf-8"))


def test_each_hook_has_one_typed_spec_matching_pluggy():
    assert list(hookspecs.HOOKS) == [name for name in vars(hookspecs) if name.startswith("classwalk_")]
    for name, spec in hookspecs.HOOKS.items():
        function = getattr(hookspecs, name)
        pluggy_opts = function.classwalk_spec
        assert pluggy_opts["firstresult"] == spec.first_wins, name
        assert spec.argument_names == tuple(inspect.signature(function).parameters), name
        assert spec.per_protocol == ("protocol" in spec.argument_names)
        assert spec.when and spec.shows and spec.result and spec.summary
    assert hookspecs.HOOKS["classwalk_timing_status"].result_type is TimingStatus
    assert hookspecs.HOOKS["classwalk_debrief_patterns"].result_type == list[Pattern]
    assert hookspecs.HOOKS["classwalk_timing_status"].check("red") == "returned str, not a TimingStatus"


def test_everything_a_plugin_needs_is_in_classwalk_plugin_and_in_classwalk():
    for name in classwalk.plugin.__all__:
        assert getattr(classwalk, name) is getattr(classwalk.plugin, name), name
        assert name in classwalk.__all__
    assert classwalk.plugin.HOOK_API == classwalk.HOOK_API


@pytest.mark.parametrize("doc", ["hooks.md", "writing-a-plugin.md"])
def test_the_plugin_docs_import_only_the_public_surface(doc):
    for source in python_blocks(doc):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("classwalk"):
                assert node.module in PUBLIC_MODULES or node.module.startswith("classwalk_district_walk"), \
                    f"{doc} imports from {node.module}"


def _timing_function(source: str) -> str:
    tree = ast.parse(source)
    [function] = [node for node in tree.body if isinstance(node, ast.FunctionDef)
                  and node.name == "classwalk_timing_status"]
    return ast.dump(function)


def test_the_two_docs_timing_examples_agree():
    [in_hooks] = [block for block in python_blocks("hooks.md") if "def classwalk_timing_status" in block]
    [in_guide] = [block for block in python_blocks("writing-a-plugin.md") if "def classwalk_timing_status" in block]
    assert _timing_function(in_hooks) == _timing_function(in_guide)
    assert "protocol.timing.for_walk(walk)" in in_hooks


def test_the_reference_lists_every_hook_and_kit_helper():
    text = (DOCS / "plugin-reference.md").read_text(encoding="utf-8")
    for name, spec in hookspecs.HOOKS.items():
        section = text.split(f"### {name}\n", 1)[1].split("\n### ", 1)[0]
        for argument in spec.argument_names:
            assert f"- `{argument}`:" in section, (name, argument)
        assert "Called:" in section and "Shows in:" in section and "Type:" in section
        assert ("first good answer wins" if spec.first_wins else "every good answer is used") in section
    for helper in ("record_walk", "pattern", "rows_by_label", "assert_no_plugin_failures", "check_plugins",
                   "assert_plugins_pass_check"):
        assert f"#### `{helper}(" in text, helper
    assert "`protocols.find(" in text and "`protocols.get(" in text
    assert "Classwalk.record(" in text  # what a note of record_walk may hold
    for name in classwalk.plugin.__all__:
        assert f"- `{name}" in text, name


def test_plugin_failures_returns_the_documented_type(site, db_path):
    write_dist(site, "onepattern", SINGLE_PATTERN, distribution="classwalk-one-pattern")
    with classwalk.open_db(db_path) as db:
        walk = db.start_walk("downey", school="Lincoln", date=dt.date(2026, 11, 23), observers=["Ana"])
        db.debrief(walk)
    with classwalk.open_db(db_path) as db:  # a later run: the failure comes from the records
        [failure] = db.plugin_failures()
    assert type(failure) is PluginFailure
    assert (failure.name, failure.where, failure.error_type) == ("onepattern", "classwalk_debrief_patterns",
                                                                 "WrongResult")
    assert failure.distribution == "classwalk-one-pattern" and failure.count == 1
    assert inspect.signature(type(db).plugin_failures).return_annotation == "list[PluginFailure]"
