"""The docs hold: the TOML reference example loads, and every hook is tested and documented.

Each hook's example in docs/hooks.md is run here as a real plugin, so the reference
cannot drift from what classwalk calls.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import types
from pathlib import Path

import attrs
import pytest

from classwalk.core.plugins import hookspecs
from classwalk.core.protocols.capture import (
    Choice, Code, CodeGroup, CodeSet, IntervalItem, Intervals, Snapshot, VisitItem,
)
from classwalk.api import Classwalk
from classwalk.core.records.model import Evidence, Visit, Walk
from classwalk.core.records.patterns import FollowUpSuggestion, Pattern
from classwalk.core.plugins.loader import Plugins
from classwalk.core.protocols.protocol import (
    Category, EvidenceKind, InterviewQuestion, LookFor, Mark, Prompt, Protocol, Role, SliceKind,
    StudentGroup, Timing, TimingVariant,
)
from classwalk.core.protocols.toml_files import protocol_from_toml
from classwalk.core.protocols.timing import TimingStatus

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
HOOKS = sorted(name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
               if name.startswith("classwalk_"))
DAY = dt.date(2026, 11, 16)


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def hook_sections() -> dict[str, str]:
    text = (DOCS / "hooks.md").read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    sections = {part.split("\n", 1)[0].strip(): part for part in parts}
    return {name: part for name, part in sections.items() if name.startswith("classwalk_")}


# -- the TOML format reference -----------------------------------------------------------

def test_complete_example_in_the_format_reference_loads(classwalk):
    complete, extending, *_shapes = code_blocks((DOCS / "protocols-in-toml.md").read_text(encoding="utf-8"), "toml")
    protocol = protocol_from_toml(complete, "docs example")
    assert protocol.id == "riverside_math_walk" and protocol.timing.variants[0].id == "short"
    assert protocol.evidence_kind("hallway").when == "after"
    district = protocol_from_toml(extending, "docs extends example", classwalk.protocols.find)
    assert district.look_for("curricular.vocabulary") is not None


FILLED_IN_BY_EXTENDS = {"based_on"}  # recorded by extends and export, never written by hand


def test_complete_example_uses_every_key_of_the_format():
    """The complete example, with the interval and snapshot examples for the capture shapes."""
    text = (DOCS / "protocols-in-toml.md").read_text(encoding="utf-8")
    complete = code_blocks(text, "toml")[0]
    shapes = "\n".join(path.read_text(encoding="utf-8") for path in sorted((DOCS / "examples").glob("*.toml")))
    keys = set(re.findall(r"^\[*([a-z_.]+)\]*(?: =|$)", complete + "\n" + shapes, re.MULTILINE))
    keys = {key.split(".")[-1] for key in keys}
    for cls in (Protocol, Category, LookFor, EvidenceKind, Mark, Timing, TimingVariant, Role, Prompt,
                InterviewQuestion, SliceKind, StudentGroup, Intervals, CodeSet, Code, Choice, IntervalItem,
                CodeGroup, Snapshot, VisitItem):
        for field in attrs.fields(cls):
            if cls is Protocol and field.name in FILLED_IN_BY_EXTENDS:
                assert f"| `{field.name}` |" in text, f"{field.name} is missing from the reference table"
                continue
            assert field.name in keys, f"{cls.__name__}.{field.name} is missing from the complete example"


# -- every hook: tested, documented, and its documented example works ----------------------

def test_every_hook_has_a_test():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    for hook in HOOKS:
        assert re.search(rf"^def test_hook_{hook}\b", sources, re.MULTILINE), f"no test_hook_{hook}"


def test_every_hook_is_documented_with_an_example():
    sections = hook_sections()
    assert sorted(sections) == HOOKS
    for hook in HOOKS:
        examples = code_blocks(sections[hook], "python")
        assert examples and f"def {hook}(" in examples[0], hook
        spec = inspect.signature(getattr(hookspecs, hook))
        assert f"{hook}({', '.join(spec.parameters)})" in sections[hook]


def example_plugin(hook: str, folder: Path) -> types.ModuleType:
    """The documented example for ``hook`` as a module, as if it were a plugin's plugin.py."""
    module = types.ModuleType(f"docs_example_{hook}")
    module.__file__ = str(folder / "plugin.py")
    exec(compile(code_blocks(hook_sections()[hook], "python")[0], module.__file__, "exec"), module.__dict__)
    module.CLASSWALK_EXTENDS = ["district_walk"]  # the rest of the plugin registers it
    return module


def district_protocol() -> Protocol:
    complete = code_blocks((DOCS / "protocols-in-toml.md").read_text(encoding="utf-8"), "toml")[0]
    return attrs.evolve(protocol_from_toml(complete, "docs example"), id="district_walk")


@pytest.fixture
def with_example(tmp_path, db_path):
    opened = []

    def make(hook: str) -> Classwalk:
        plugins = Plugins(load_entry_points=False)
        plugins.register_module(example_plugin(hook, tmp_path), name="docs_example")
        instance = Classwalk(db_path=db_path, plugins=plugins, protocol_dirs_=[])
        opened.append(instance)
        return instance

    yield make
    for instance in opened:
        instance.close()


def small_walk():
    walk = Walk(protocol_id="district_walk", school="Test School", date=DAY)
    start = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.timezone.utc)
    visits = [Visit(walk_id=walk.id, classroom=f"Room {n}", teacher="Teacher Name",
                    started_at=start + dt.timedelta(minutes=15 * n)) for n in (1, 2)]
    evidence = [Evidence(walk_id=walk.id, visit_id=visits[0].id, kind="observation",
                         text="Two students compared methods", captured_at=start + dt.timedelta(minutes=16))]
    return walk, visits, evidence


def test_hook_classwalk_register_protocols(with_example, tmp_path):
    complete = code_blocks((DOCS / "protocols-in-toml.md").read_text(encoding="utf-8"), "toml")[0]
    (tmp_path / "protocol.toml").write_text(complete, encoding="utf-8")
    classwalk = with_example("classwalk_register_protocols")
    entry = classwalk.protocols.entries["riverside_math_walk"]
    assert entry.source == "plugin docs_example"


def test_hook_classwalk_timing_status(with_example):
    classwalk = with_example("classwalk_timing_status")
    protocol = district_protocol()
    target = protocol.timing.target_minutes * 60
    status = classwalk.timing_status(protocol, None, target)
    assert isinstance(status, TimingStatus) and status.message == "note one last exchange, then move on"
    assert classwalk.timing_status(protocol, None, target - 1).phase == "before_target"
    other = attrs.evolve(protocol, id="other")
    assert classwalk.timing_status(other, None, target).message == "target reached: wrap up when ready"  # the fallback


def test_hook_classwalk_debrief_patterns(with_example):
    classwalk = with_example("classwalk_debrief_patterns")
    walk, visits, evidence = small_walk()
    patterns = classwalk.extra_patterns(district_protocol(), walk, visits, evidence)
    assert patterns == [Pattern(id="district_notes", title="Notes per room", columns=("room", "notes"),
                                rows=[["Room A", 1], ["Room B", 0]], shade=True)]
    assert classwalk.extra_patterns(attrs.evolve(district_protocol(), id="other"), walk, visits, evidence) == []


def test_hook_classwalk_judgement_words(with_example):
    classwalk = with_example("classwalk_judgement_words")
    words = classwalk.judgement_words(district_protocol())
    assert {"low group", "high flyers", "great", "off task"} <= set(words)
    assert "high flyers" not in classwalk.judgement_words(attrs.evolve(district_protocol(), id="other"))


def test_hook_classwalk_reflective_question(with_example):
    classwalk = with_example("classwalk_reflective_question")
    walk, visits, evidence = small_walk()
    question = classwalk.reflective_question(district_protocol(), visits[0], evidence)
    assert question.startswith("I noticed: \u201cTwo students compared methods\u201d") and question.endswith("?")
    assert classwalk.reflective_question(district_protocol(), visits[0], []) is None


def test_hook_classwalk_follow_up_due(with_example):
    classwalk = with_example("classwalk_follow_up_due")
    walk, visits, evidence = small_walk()
    soon = classwalk.follow_up_due(district_protocol(), visits, evidence, today=DAY + dt.timedelta(days=1))
    assert soon == FollowUpSuggestion(due=True, reason="last visit on 2026-11-16")
    assert not classwalk.follow_up_due(district_protocol(), visits, evidence, today=DAY + dt.timedelta(days=9)).due


def test_a_hook_that_raises_is_listed_and_the_others_still_answer(db_path):
    broken = types.ModuleType("broken_example")
    exec("from classwalk.core import hookimpl\n"
         "@hookimpl\ndef classwalk_debrief_patterns(protocol, walk, visits, evidence):\n"
         "    raise RuntimeError('boom')\n", broken.__dict__)
    plugins = Plugins()
    plugins.register_module(broken, name="broken_example")
    classwalk = Classwalk(db_path=db_path, plugins=plugins, protocol_dirs_=[])
    protocol = classwalk.protocols.get("ilw_tiered")
    walk, visits, evidence = small_walk()
    patterns = classwalk.extra_patterns(protocol, attrs.evolve(walk, protocol_id="ilw_tiered"), visits, evidence)
    assert {p.id for p in patterns} >= {"ilw_snapshot", "ilw_challenge"}
    assert any(f.name == "broken_example" and "boom" in f.error for f in plugins.failures)
    classwalk.close()


@pytest.mark.parametrize("hook", [h for h in HOOKS if h != "classwalk_register_protocols"])
def test_every_documented_example_answers_for_a_protocol_based_on_its_own(with_example, hook):
    classwalk = with_example(hook)
    walk, visits, evidence = small_walk()
    call = {
        "classwalk_timing_status": lambda p: classwalk.timing_status(p, None, p.timing.target_minutes * 60),
        "classwalk_debrief_patterns": lambda p: classwalk.extra_patterns(p, walk, visits, evidence),
        "classwalk_judgement_words": lambda p: classwalk.judgement_words(p),
        "classwalk_reflective_question": lambda p: classwalk.reflective_question(p, visits[0], evidence),
        "classwalk_follow_up_due": lambda p: classwalk.follow_up_due(p, visits, evidence, today=DAY),
    }[hook]
    adapted = attrs.evolve(district_protocol(), id="adapted_walk", based_on=("district_walk",))
    assert call(adapted) == call(district_protocol())
    assert call(adapted) != call(attrs.evolve(district_protocol(), id="other"))
    assert classwalk.plugins.failures == []
