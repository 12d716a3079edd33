"""A district's adaptation of a built-in protocol keeps the built-in plugin's behaviour.

``extends`` records the lineage in ``Protocol.based_on``; the Downey, IFL and ILW hooks
answer for every protocol based on theirs, cope with what the district dropped or
relabelled, and never fail. A protocol merely shaped like a built-in gets none of it.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import attrs
import pytest

from classwalk.cli import main
from classwalk.api import Classwalk
from classwalk.core.protocols.toml_files import check_protocol_toml, protocol_from_toml, protocol_to_toml
from tests.protocols.protocol_helpers import DAY, make_visit, make_walk, note
from tests.support.plugins import protocol_toml

BUILT_INS = ("downey", "ifl_learning_walk", "ilw_tiered")


def district_toml(base: str, protocol_id: str, name: str, body: str = "") -> str:
    """A district file extending ``base``: its own id and name, then ``body`` (dedented)."""
    return f'extends = "{base}"\nid = "{protocol_id}"\nname = "{name}"\n' + textwrap.dedent(body)


PLAIN = {base: district_toml(base, f"district_{base}", f"District {base}") for base in BUILT_INS}
CHANGED = {
    "downey": district_toml("downey", "changed_downey", "Changed Downey walkthrough", '''\
        drop_categories = ["curricular"]
        drop_evidence_kinds = ["objective"]
        drop_feedback_prompts = ["instructional"]
        [relabel.categories]
        orientation = "1 Where attention is"
        [relabel.feedback_prompts]
        orientation = "What did you want students to be doing in that moment?"
        '''),
    "ifl_learning_walk": district_toml("ifl_learning_walk", "changed_ifl", "Changed learning walk", '''\
        drop_categories = ["discourse"]
        drop_evidence_kinds = ["hallway"]
        drop_feedback_prompts = ["focus"]
        drop_student_groups = ["whole_class"]
        [relabel.categories]
        accountable_talk = "Talk that holds up"
        '''),
    "ilw_tiered": district_toml("ilw_tiered", "changed_ilw", "Changed tiered walk", '''\
        drop_categories = ["access"]
        drop_evidence_kinds = ["scaffold", "interview"]
        drop_feedback_prompts = ["coaching_access"]
        interview_questions = []
        [relabel.feedback_prompts]
        coaching_scaffolds = "Which support would you keep for this group next week?"
        '''),
}
# Everything the plugins look up by id is gone: one category, one evidence kind, no prompts.
BARE = protocol_toml("bare_{base}", "Bare {base}", timing=None,
                     top='extends = "{base}"\nfeedback_prompts = []\nstudent_groups = []\ninterview_questions = []',
                     category=("notes", "what we saw"), look_for=("notes.any", "anything worth noting"))
PLUGIN_PATTERNS = {
    "downey": {"downey_steps", "downey_cognitive_levels"},
    "ifl_learning_walk": {"ifl_focus", "ifl_equity", "ifl_rooms"},
    "ilw_tiered": {"ilw_snapshot", "ilw_challenge", "ilw_interviews", "ilw_coaching"},
}


@pytest.fixture
def district(tmp_path, db_path):
    """A Classwalk whose protocol folder holds every district file of this module."""
    folder = tmp_path / "protocols"
    folder.mkdir()
    for base in BUILT_INS:
        (folder / f"plain_{base}.toml").write_text(PLAIN[base], encoding="utf-8")
        (folder / f"changed_{base}.toml").write_text(CHANGED[base], encoding="utf-8")
        (folder / f"bare_{base}.toml").write_text(BARE.format(base=base), encoding="utf-8")
    (folder / "second_hand.toml").write_text(
        'extends = "district_downey"\nid = "second_hand"\nname = "Second-hand Downey"\n', encoding="utf-8")
    instance = Classwalk(db_path=db_path, protocol_dirs_=[folder])
    assert instance.protocols.failures == []
    yield instance
    instance.close()


def _walk_for(base: str):
    """Three visits over two days, with evidence every plugin reads."""
    walk = make_walk(base, focus="talk", focus_categories=("accountable_talk", "discourse"))
    a, c = make_visit(walk, "Room 5", 0), make_visit(walk, "Room 5", 40)
    next_day = make_visit(walk, "Room 9", 20)
    b = attrs.evolve(next_day, started_at=next_day.started_at + dt.timedelta(days=1),
                     ended_at=next_day.ended_at + dt.timedelta(days=1))
    evidence = {
        "downey": [
            note(a, "observation", "Students on the carpet turn and talk", "orientation.on_task"),
            note(a, "objective", "Compare two fractions", "curricular.objective", minute=1, mark="analyse"),
            note(b, "observation", "Pairs explain a method", "instructional.strategy"),
        ],
        "ifl_learning_walk": [
            note(a, "observation", "Two multilingual learners share after rehearsing",
                 "discourse.who_speaks", student_groups=("multilingual",)),
            note(a, "student_talk", "Student A: we have to prove it", "talk.press", minute=2,
                 student_label="Student A", student_groups=("whole_class",)),
            note(a, "hallway", "We wonder how pairs were chosen", mark="wondering", minute=13),
        ],
        "ilw_tiered": [
            note(a, "scaffold", "Worksheet instead of the essay", mark="removes_challenge"),
            note(a, "scaffold", "Word bank beside the prompt", mark="keeps_challenge", minute=1),
            note(a, "interview", "I wait", student_label="Student A", question_id="stuck", minute=2),
            note(b, "student_talk", "I tried it another way", "persistence.retry"),
        ],
    }[base]
    return walk, [a, b, c], evidence


def _behaviour(classwalk, protocol, base: str):
    """Everything the plugins add for ``protocol``, with the evidence of ``base``'s walk."""
    walk, visits, evidence = _walk_for(base)
    walk = attrs.evolve(walk, protocol_id=protocol.id)
    timing = protocol.timing
    return {
        "before": classwalk.timing_status(protocol, walk, timing.target_minutes * 60 - 60),
        "at": classwalk.timing_status(protocol, walk, timing.target_minutes * 60),
        "past": classwalk.timing_status(protocol, walk, timing.max_minutes * 60 + 1),
        "question": classwalk.reflective_question(protocol, visits[0], evidence),
        "follow_up": classwalk.follow_up_due(protocol, visits, evidence, today=DAY + dt.timedelta(days=2)),
        "patterns": classwalk.extra_patterns(protocol, walk, visits, evidence),
    }


@pytest.mark.parametrize("base", BUILT_INS)
def test_extends_records_the_lineage(district, base):
    protocol = district.protocols.get(f"district_{base}")
    assert protocol.based_on == (base,)
    assert protocol.is_a(base) and protocol.is_a(protocol.id)
    assert not any(protocol.is_a(other) for other in BUILT_INS if other != base)
    assert district.protocols.get(base).based_on == ()


def test_a_file_extending_a_district_file_is_based_on_both(district):
    protocol = district.protocols.get("second_hand")
    assert protocol.based_on == ("district_downey", "downey")
    assert protocol.is_a("downey") and protocol.is_a("district_downey")


@pytest.mark.parametrize("base", BUILT_INS)
def test_a_plain_district_copy_behaves_exactly_like_the_built_in(district, base):
    copy = _behaviour(district, district.protocols.get(f"district_{base}"), base)
    original = _behaviour(district, district.protocols.get(base), base)
    assert copy == original
    assert copy["question"] and copy["follow_up"] is not None
    assert {p.id for p in copy["patterns"]} == PLUGIN_PATTERNS[base]
    assert district.plugins.failures == []


def test_the_downey_copy_follows_the_second_hand_file_too(district):
    second = _behaviour(district, district.protocols.get("second_hand"), "downey")
    assert second == _behaviour(district, district.protocols.get("downey"), "downey")
    assert district.plugins.failures == []


@pytest.mark.parametrize("base", BUILT_INS)
def test_timing_messages_carry_over(district, base):
    copy = _behaviour(district, district.protocols.get(f"district_{base}"), base)
    if base == "downey":  # Downey keeps the plain rule: the copy gets the same plain messages
        assert copy["at"].message == "target reached: wrap up when ready"
        return
    assert copy["at"].phase == "at_target" and copy["at"].message != "target reached: wrap up when ready"
    assert copy["past"].phase == "past_max" and "past the longest" not in copy["past"].message
    assert copy["before"].prompt


def test_changed_downey_asks_from_what_is_left(district):
    protocol = district.protocols.get("changed_downey")
    found = _behaviour(district, protocol, "downey")
    assert found["question"] == ("I noticed: \u201cStudents on the carpet turn and talk\u201d. "
                                 "What did you want students to be doing in that moment?")
    patterns = {p.id: p for p in found["patterns"]}
    assert set(patterns) == {"downey_steps"}  # the level-of-thinking marks went with "objective"
    assert patterns["downey_steps"].rows[0] == ("1 Where attention is", 1, 3)
    assert found["follow_up"] == _behaviour(district, district.protocols.get("downey"), "downey")["follow_up"]
    assert district.plugins.failures == []


def test_changed_ifl_keeps_its_timer_and_leaves_out_the_hallway(district):
    protocol = district.protocols.get("changed_ifl")
    found = _behaviour(district, protocol, "ifl_learning_walk")
    assert "12-15 minute window" in found["at"].message and "hallway" in found["past"].message
    patterns = {p.id: p for p in found["patterns"]}
    assert set(patterns) == PLUGIN_PATTERNS["ifl_learning_walk"]
    assert patterns["ifl_rooms"].columns == ("room", "notes in the room", "students talked with")
    assert [row[0] for row in patterns["ifl_equity"].rows] == [
        "multilingual learners", "students with disabilities", "students experiencing difficulty"]
    assert patterns["ifl_focus"].rows == (("Talk that holds up", 1, 1, 2),)
    assert found["question"].startswith("We noticed: \u201cStudent A: we have to prove it\u201d.")
    assert "feedback to every teacher" in found["follow_up"].reason
    assert district.plugins.failures == []


def test_changed_ilw_leaves_out_the_tables_whose_kinds_are_gone(district):
    protocol = district.protocols.get("changed_ilw")
    found = _behaviour(district, protocol, "ilw_tiered")
    assert found["before"].prompt == "before leaving: a work sample?"
    assert found["at"].message == "slice time reached: finish the exchange you are in"
    assert found["past"].message == "past 15 minutes on the slice: move to the next room"
    patterns = {p.id: p for p in found["patterns"]}
    assert set(patterns) == {"ilw_snapshot", "ilw_coaching"}
    assert "scaffold" not in patterns["ilw_snapshot"].columns
    starts = dict(patterns["ilw_coaching"].rows)
    assert starts["Which support would you keep for this group next week?"] == \
        "Room A: Word bank beside the prompt"
    assert "Word bank beside the prompt" in found["question"]  # the removed-challenge stem is gone
    assert "coaching conversation" in found["follow_up"].reason
    assert district.plugins.failures == []


@pytest.mark.parametrize("base", BUILT_INS)
def test_a_district_that_removed_everything_the_plugin_reads_never_breaks_it(district, base):
    protocol = district.protocols.get(f"bare_{base}")
    found = _behaviour(district, protocol, base)
    if base == "ilw_tiered":  # no prompt left: only the question built on a kept scaffold remains
        assert found["question"].startswith("We noticed: \u201cWord bank beside the prompt\u201d.")
    else:
        assert found["question"] is None
    assert found["follow_up"] is not None and found["at"].phase == "at_target"
    ids = {p.id for p in found["patterns"]}
    assert ids <= PLUGIN_PATTERNS[base]
    walk, visits, _ = _walk_for(base)
    district.reflective_question(protocol, visits[0], [])
    district.extra_patterns(protocol, walk, [], [])
    assert district.plugins.failures == []


@pytest.mark.parametrize("base", BUILT_INS)
def test_a_lookalike_that_extends_nothing_gets_none_of_the_behaviour(district, base):
    original = district.protocols.get(base)
    lookalike = protocol_from_toml(protocol_to_toml(attrs.evolve(original, id="lookalike")), "lookalike.toml")
    assert lookalike.based_on == () and not lookalike.is_a(base)
    found = _behaviour(district, lookalike, base)
    assert found["question"] is None and found["follow_up"] is None and found["patterns"] == []
    assert found["at"].message == "target reached: wrap up when ready" and found["before"].prompt == ""
    assert district.plugins.failures == []


@pytest.mark.parametrize("name", [f"district_{b}" for b in BUILT_INS] + ["changed_downey", "changed_ifl",
                                                                         "changed_ilw", "second_hand"])
def test_export_of_an_extended_protocol_loads_back_equal(district, tmp_path, db_path, capsys,
                                                          monkeypatch, name):
    protocol = district.protocols.get(name)
    exported = protocol_to_toml(protocol)
    assert "based_on" in exported and "extends" not in exported
    again = protocol_from_toml(exported, "exported.toml")
    assert again == protocol and again.based_on == protocol.based_on != ()
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", str(tmp_path / "protocols"))
    assert main(["--db", str(db_path), "protocols", "export", name]) == 0
    assert capsys.readouterr().out == exported


def test_an_exported_copy_in_a_protocol_folder_keeps_the_behaviour(district, tmp_path, db_path):
    exported = protocol_to_toml(district.protocols.get("changed_ilw"))
    folder = tmp_path / "copies"
    folder.mkdir()
    (folder / "copy.toml").write_text(exported.replace('id = "changed_ilw"', 'id = "copied_ilw"'),
                                      encoding="utf-8")
    copies = Classwalk(db_path=db_path, protocol_dirs_=[folder])
    try:
        copied = copies.protocols.get("copied_ilw")
        assert copied.based_on == ("ilw_tiered",)
        found = _behaviour(copies, copied, "ilw_tiered")
        assert {p.id for p in found["patterns"]} == {"ilw_snapshot", "ilw_coaching"}
        assert copies.plugins.failures == [] and copies.protocols.failures == []
    finally:
        copies.close()


def _problems(text: str, classwalk) -> list[str]:
    return check_protocol_toml(textwrap.dedent(text), "district.toml", classwalk.protocols.find)[1]


def test_a_file_that_extends_may_not_set_based_on(district):
    problems = _problems('''\
        extends = "downey"
        id = "ours"
        name = "Ours"
        based_on = ["ifl_learning_walk"]
        ''', district)
    assert problems == ["line 4: based_on: set from extends (the protocols this one is based on): "
                        "remove this key"]


def test_an_extending_file_may_not_take_an_id_it_is_based_on(district):
    problems = _problems('extends = "district_downey"\nid = "downey"\nname = "Ours"\n', district)
    assert problems == ["line 2: id: must differ from 'downey': this protocol is based on it (choose a new id)"]


def test_based_on_in_a_complete_file_is_checked(district):
    exported = protocol_to_toml(district.protocols.get("second_hand"))
    bad = exported.replace('id = "second_hand"', 'id = "district_downey"', 1)
    problems = _problems(bad, district)
    assert any(p.endswith("based_on: names this protocol itself ('district_downey'); list only the "
                          "protocols it is based on") for p in problems), problems
    twice = exported.replace('"district_downey",', '"downey",', 1)
    assert any("duplicate based_on id 'downey'" in p for p in _problems(twice, district))
    malformed = exported.replace('"district_downey",', '"Not An Id",', 1)
    assert any("based_on" in p and "lowercase" in p for p in _problems(malformed, district))
