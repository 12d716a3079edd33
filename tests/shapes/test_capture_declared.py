"""Capture shapes declared in TOML: intervals, snapshots and typed items load, check and round-trip."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classwalk.cli import main
from classwalk.core.protocols.capture import CodeSet, Code, Intervals, interval_keys
from classwalk.core.protocols.toml_files import check_protocol_toml, load_protocol_file, protocol_from_toml, protocol_to_toml
from tests.shapes.interval_toml import check_file, intervals_toml
from tests.support.intervals import EXAMPLES

INTERVALS = EXAMPLES / "interval-lesson-coding.toml"
SNAPSHOTS = EXAMPLES / "snapshot-counts.toml"

HEAD = '''\
id = "coded"
name = "Coded lesson"
capture = "intervals"
[timing]
min_minutes = 10
target_minutes = 40
max_minutes = 60
[[categories]]
id = "c"
label = "C"
[[evidence_kinds]]
id = "observation"
label = "seen and heard"
'''


def problems(text: str, lookup=None) -> list[str]:
    protocol, found = check_protocol_toml(textwrap.dedent(text), "coded.toml", lookup)
    assert protocol is None
    return found


def test_the_interval_example_declares_sets_items_and_groups():
    protocol = load_protocol_file(INTERVALS)
    assert protocol.interval_coding and protocol.intervals.minutes == 2.0
    assert [s.id for s in protocol.intervals.code_sets] == ["students", "instructor"]
    assert protocol.intervals.item("engagement").choices[2].id == "most"
    assert protocol.intervals.code_label("students.waiting") == "Students: waiting"
    assert protocol.intervals.code_label("instructor.waiting") == "Instructor: waiting"
    assert [i.type for i in protocol.visit_items] == ["choice", "count", "text"]


@pytest.mark.parametrize("protocol_id", ["downey", "ifl_learning_walk", "ilw_tiered"])
def test_built_ins_are_note_protocols_and_export_without_capture_keys(classwalk, protocol_id):
    protocol = classwalk.protocols.get(protocol_id)
    assert protocol.capture == "notes" and protocol.intervals is None and not protocol.snapshots
    text = protocol_to_toml(protocol)
    assert "capture" not in text and "snapshots" not in text and "visit_items" not in text


@pytest.mark.parametrize("path", [INTERVALS, SNAPSHOTS])
def test_examples_round_trip_through_export(capsys, tmp_path, path, monkeypatch):
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", str(EXAMPLES))
    protocol = load_protocol_file(path)
    assert main(["--db", str(tmp_path / "w.db"), "protocols", "export", protocol.id]) == 0
    out = capsys.readouterr().out
    assert protocol_from_toml(out, "exported.toml") == protocol


def test_check_reports_every_capture_problem_with_line_and_field(capsys, tmp_path):
    text = HEAD + intervals_toml([("s", "Students", [("a", "listening", "L"), ("a", "working", "l")])],
                                 [("engaged", "Engaged", [("most", "most")])]) + textwrap.dedent('''\
        [[intervals.groups]]
        id = "g"
        label = "Group"
        codes = ["s.nothere"]
        [[visit_items]]
        id = "layout"
        label = "Layout"
        type = "choice"
        ''')
    assert problems(text) == [
        "line 24: intervals.code_sets[0].codes[1].id: duplicate code id 'a' (first used on line 20)",
        "line 26: intervals.code_sets[0].codes[1].short: short code 'l' is used twice in code set 's': "
        "give each code of a set its own (first used on line 22)",
        "line 30: intervals.items[0].choices: a one-choice item needs at least two choices",
        "line 36: intervals.groups[0].codes[0]: no code 's.nothere': name codes as set.code (e.g. 's.a')",
        'line 37: visit_items[0].choices: a "choice" item needs at least two [[visit_items.choices]]',
    ]
    assert check_file(tmp_path, text) == 1
    err = capsys.readouterr()
    assert "line 26: intervals.code_sets[0].codes[1].short" in err.out + err.err


@pytest.mark.parametrize("change, expected", [
    ('[intervals]\nminutes = 0\n[[intervals.code_sets]]\nid = "s"\nlabel = "S"\n'
     '[[intervals.code_sets.codes]]\nid = "a"\nlabel = "A"\n',
     "line 15: intervals.minutes: must be more than 0 (got 0.0)"),
    ('[intervals]\nminutes = 2\n[[intervals.code_sets]]\nid = "s"\nlabel = "S"\nseveral = "yes"\n'
     '[[intervals.code_sets.codes]]\nid = "a"\nlabel = "A"\nshort = "long"\n',
     "line 19: intervals.code_sets[0].several: expected true or false, got text"),
    ('[intervals]\nminutes = 2\n[[intervals.code_sets]]\nid = "s"\nlabel = "S"\n'
     '[[intervals.code_sets.codes]]\nid = "a"\nlabel = "A"\nshort = "long"\n',
     "line 22: intervals.code_sets[0].codes[0].short: must be one to three letters or digits (got 'long')"),
    ('[intervals]\nminutes = 2\n[[intervals.code_sets]]\nid = "s"\nlabel = "S"\ncodes = []\n',
     "line 19: intervals.code_sets[0].codes: must not be empty"),
    ("", 'line 3: capture: is "intervals" but the file has no [intervals] table'),
    ('[[snapshots]]\nid = "t"\nlabel = "on task"\nat_minutes = [2, 2]\n',
     "line 17: snapshots[0].at_minutes[1]: duplicate minute 2.0 (first used on line 17)"),
    ('[[visit_items]]\nid = "n"\nlabel = "N"\ntype = "rating"\n',
     "line 17: visit_items[0].type: must be one of ('choice', 'count', 'text') (got 'rating')"),
    ('[[visit_items]]\nid = "n"\nlabel = "N"\ntype = "text"\nmax_count = 3\n',
     'line 18: visit_items[0].max_count: only "count" items have a max_count (this one is "text")'),
])
def test_each_capture_mistake_gets_its_line(change, expected):
    found = problems(HEAD + change)
    assert expected in found, found


def test_intervals_table_without_the_capture_line_is_refused():
    text = HEAD.replace('capture = "intervals"\n', "") + (
        '[intervals]\nminutes = 2\n[[intervals.code_sets]]\nid = "s"\nlabel = "S"\n'
        '[[intervals.code_sets.codes]]\nid = "a"\nlabel = "A"\n')
    assert problems(text) == ['line 13: intervals: is only used with capture = "intervals" (add that line, '
                              'or remove [intervals])']


def test_extends_adapts_codes_items_and_lists_with_placement(tmp_path):
    (tmp_path / "base.toml").write_text(INTERVALS.read_text(encoding="utf-8"), encoding="utf-8")
    district = tmp_path / "district.toml"
    district.write_text(textwrap.dedent('''\
        extends = "base.toml"
        id = "district_intervals"
        name = "District lesson coding"
        add_judgement_words = ["lazy", "off task"]
        drop_codes = ["students.predict"]
        [relabel.codes]
        "instructor.admin" = { label = "taking attendance", short = "Att" }
        [[add_codes]]
        code_set = "students"
        before = "waiting"
        id = "reading"
        label = "reading a text"
        short = "R"
        [[add_visit_items]]
        after = "layout"
        id = "devices"
        label = "Students with a device"
        type = "count"
        [[add_debrief_prompts]]
        before = "time"
        id = "first"
        text = "What did students spend most intervals doing?"
        [[add_interval_items]]
        id = "noise"
        label = "Noise level"
        choices = [{ id = "quiet", label = "quiet" }, { id = "busy", label = "busy" }]
        '''), encoding="utf-8")
    protocol = load_protocol_file(district)
    students = protocol.intervals.code_sets[0]
    assert [c.id for c in students.codes][-3:] == ["reading", "waiting", "other"]
    assert "predict" not in [c.id for c in students.codes]
    assert all("students.predict" not in g.codes for g in protocol.intervals.groups)
    assert protocol.intervals.code("instructor.admin")[1].short == "Att"
    assert [i.id for i in protocol.visit_items] == ["layout", "devices", "present", "topic"]
    assert [p.id for p in protocol.debrief_prompts] == ["first", "time"]
    assert protocol.judgement_words == ("lazy", "off task")
    assert [i.id for i in protocol.intervals.items] == ["engagement", "noise"]
    assert protocol_from_toml(protocol_to_toml(protocol), "copy") == protocol


def test_extends_placement_and_list_mistakes_are_named(classwalk):
    text = '''\
        extends = "downey"
        id = "riverside"
        add_judgement_words = ["nice"]
        drop_next_step_kinds = ["nothing like it"]
        [[add_debrief_prompts]]
        before = "nowhere"
        id = "extra"
        text = "Extra?"
        [[add_roles]]
        before = "observer"
        after = "observer"
        id = "second"
        label = "second"
        [[add_look_fors]]
        category = "curricular"
        before = "curricular.objective"
        id = "curricular.vocabulary"
        label = "subject vocabulary in use"
        '''
    found = problems(text, classwalk.protocols.find)
    assert found == [
        "line 4: drop_next_step_kinds[0]: 'nothing like it' is not in next_step_kinds of the protocol being extended",
        "line 6: add_debrief_prompts[0].before: no debrief prompt with id 'nowhere' where this one goes",
        "line 10: add_roles[0].before: give after or before, not both",
    ]
    fixed = text.replace('before = "nowhere"\n', "").replace('        before = "observer"\n', "").replace(
        'drop_next_step_kinds = ["nothing like it"]', 'drop_next_step_kinds = ["PLC"]')
    protocol = protocol_from_toml(textwrap.dedent(fixed), "riverside.toml", classwalk.protocols.find)
    curricular = next(c for c in protocol.categories if c.id == "curricular")
    ids = [lf.id for lf in curricular.look_fors]
    assert ids.index("curricular.vocabulary") + 1 == ids.index("curricular.objective")
    assert protocol.judgement_words[-1] == "nice" and "PLC" not in protocol.next_step_kinds


def test_a_look_for_label_shared_by_two_categories_is_shown_with_its_category(classwalk):
    text = '''\
        extends = "downey"
        id = "riverside"
        [[add_look_fors]]
        category = "curricular"
        id = "curricular.same"
        label = "students explain"
        [[add_look_fors]]
        category = "walls"
        id = "walls.same"
        label = "students explain"
        '''
    protocol = protocol_from_toml(textwrap.dedent(text), "riverside.toml", classwalk.protocols.find)
    first, second = protocol.look_for_label("curricular.same"), protocol.look_for_label("walls.same")
    assert first != second and first.endswith(": students explain")
    assert protocol.look_for_label("curricular.objective") == protocol.look_for("curricular.objective").label
    from classwalk.features.debriefs.debrief import look_for_matrix
    from classwalk.features.outputs.labels import Labels

    assert Labels(protocol).look_for("walls.same") == second  # exports
    matrix = look_for_matrix(protocol, [], [], {})  # debriefs and reports
    assert first in [row[0] for row in matrix.rows] and second in [row[0] for row in matrix.rows]


def _intervals(count: int, shorts: list[str]) -> Intervals:
    codes = [Code(id=f"c{i}", label=f"code number {i}", short=shorts[i] if i < len(shorts) else "")
             for i in range(count)]
    return Intervals(minutes=2, code_sets=[CodeSet(id="s", label="S", codes=codes)])


@settings(max_examples=40, deadline=None)
@given(count=st.integers(1, 400),
       shorts=st.lists(st.text("abcdefgh", min_size=1, max_size=3), max_size=10, unique=True))
def test_every_code_gets_a_key_however_many_there_are(count, shorts):
    keys = interval_keys(_intervals(count, shorts))
    assert len(keys) == count  # one key per code, none shared
    given_shorts = set(shorts[:count])
    made = [key for key in keys if key not in given_shorts]
    for key in made:  # a key classwalk chose never starts another key, so it acts at once
        assert not any(other != key and (other.startswith(key) or key.startswith(other)) for other in keys)


def test_the_docs_show_the_shipped_examples_whole():
    docs = (EXAMPLES.parent / "protocols-in-toml.md").read_text(encoding="utf-8")
    for path in (INTERVALS, SNAPSHOTS):
        assert f"```toml\n{path.read_text(encoding='utf-8')}```" in docs, path.name


def test_show_and_check_describe_the_capture_shape(capsys, examples, tmp_path):
    assert main(["--db", str(tmp_path / "w.db"), "protocols", "show", "lesson_intervals"]) == 0
    out = capsys.readouterr().out
    assert "Interval coding: 2-minute intervals" in out
    assert "Lec  presenting content  [instructor.lecturing]" in out
    assert "One choice per interval: Students engaged: few (under a fifth)" in out
    assert main(["--db", str(tmp_path / "w.db"), "protocols", "check", str(SNAPSHOTS)]) == 0
    assert "ok (engagement_snapshots: 2 look-fors, 2 counts, 2 typed items)" in capsys.readouterr().out
