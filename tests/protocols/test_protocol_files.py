"""Protocols as TOML: export round-trips, districts extend built-ins, every problem has a line."""

from __future__ import annotations

import textwrap

import pytest

from classwalk.api import Classwalk
from classwalk.core.errors import UserDataError
from classwalk.core.protocols.toml_files import check_protocol_toml, protocol_from_toml, protocol_to_toml
from tests.support.cli import run_cli
from tests.support.plugins import protocol_toml

BUILT_INS = ["downey", "ifl_learning_walk", "ilw_tiered"]


@pytest.mark.parametrize("protocol_id", BUILT_INS)
def test_export_loads_back_identically(capsys, classwalk, db_path, protocol_id):
    code, out, _ = run_cli(capsys, "--db", str(db_path), "protocols", "export", protocol_id)
    assert code == 0
    assert protocol_from_toml(out, "exported.toml") == classwalk.protocols.get(protocol_id)


@pytest.mark.parametrize("protocol_id", BUILT_INS)
def test_every_built_in_is_listed_with_real_look_fors(capsys, db_path, protocol_id, classwalk):
    code, out, _ = run_cli(capsys, "--db", str(db_path), "protocols")
    assert code == 0 and protocol_id in out
    protocol = classwalk.protocols.get(protocol_id)
    assert len(protocol.look_fors()) >= 15
    assert all(lf.description for lf in protocol.look_fors())


DISTRICT = textwrap.dedent('''\
    extends = "downey"
    id = "riverside_walkthrough"
    name = "Riverside walkthrough"
    drop_look_fors = ["safety.conditions"]
    drop_debrief_prompts = ["walls"]

    [relabel.look_fors]
    "walls.anchor_charts" = "charts students use while working"
    "orientation.on_task" = { description = "Count students at work on the task (e.g. 18 of 22)." }

    [relabel.categories]
    safety = "5 Safety, health and wellbeing"

    [[add_look_fors]]
    category = "curricular"
    after = "curricular.objective"
    id = "curricular.vocabulary"
    label = "subject vocabulary in use"
    description = "Students use the unit's key words when they explain."

    [[add_debrief_prompts]]
    id = "vocabulary"
    text = "Where did we hear students use the unit's vocabulary on their own?"
''')


def test_district_file_extending_a_built_in_loads(classwalk):
    district = protocol_from_toml(DISTRICT, "riverside.toml", classwalk.protocols.find)
    downey = classwalk.protocols.get("downey")
    assert district.id == "riverside_walkthrough" and district.timing == downey.timing
    assert district.look_for("safety.conditions") is None
    assert district.look_for("walls.anchor_charts").label == "charts students use while working"
    on_task = district.look_for("orientation.on_task")
    assert on_task.label == downey.look_for("orientation.on_task").label and "18 of 22" in on_task.description
    curricular = [lf.id for lf in district.categories[1].look_fors]
    assert curricular[:2] == ["curricular.objective", "curricular.vocabulary"]
    assert district.categories[4].label == "5 Safety, health and wellbeing"
    assert [p.id for p in district.debrief_prompts][-1] == "vocabulary"
    assert "walls" not in [p.id for p in district.debrief_prompts]


def test_district_file_in_a_protocol_folder_is_listed(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "district"
    folder.mkdir()
    (folder / "riverside.toml").write_text(DISTRICT, encoding="utf-8")
    (folder / "riverside_short.toml").write_text(
        'extends = "riverside_walkthrough"\nid = "riverside_short"\nname = "Riverside short"\n'
        '[timing]\nmin_minutes = 1\ntarget_minutes = 2\nmax_minutes = 3\n', encoding="utf-8")
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", str(folder))
    code, out, err = run_cli(capsys, "--db", str(tmp_path / "x.db"), "protocols")
    assert code == 0 and err == ""
    assert "riverside_walkthrough" in out and "riverside_short" in out and "2 min (1-3)" in out


def test_extends_a_file_beside_it(tmp_path):
    (tmp_path / "base.toml").write_text(DISTRICT, encoding="utf-8")
    child = tmp_path / "child.toml"
    child.write_text('extends = "base.toml"\nid = "child"\ndrop_look_fors = ["curricular.vocabulary"]\n')
    instance = Classwalk(db_path=tmp_path / "x.db", protocol_dirs_=[])
    protocol = protocol_from_toml(child.read_text(), str(child), instance.protocols.find)
    assert protocol.look_for("curricular.vocabulary") is None
    assert protocol.look_for("walls.anchor_charts").label == "charts students use while working"


def test_files_extending_each_other_in_a_loop_are_refused(tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b.toml"\nid = "a"\n')
    (tmp_path / "b.toml").write_text('extends = "a.toml"\nid = "b"\n')
    with pytest.raises(UserDataError) as caught:
        protocol_from_toml((tmp_path / "a.toml").read_text(), str(tmp_path / "a.toml"))
    assert "loop" in str(caught.value) and "\n" not in str(caught.value)


def problems_of(text: str, classwalk) -> list[str]:
    protocol, problems = check_protocol_toml(textwrap.dedent(text), "district.toml", classwalk.protocols.find)
    assert protocol is None
    return problems


MINIMAL = protocol_toml()


def edited(*changes: tuple[str, str]) -> str:
    """MINIMAL with each ``(old, new)`` change made once; ``old`` must be there."""
    text = MINIMAL
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("change, expected", [
    (("id = \"mini\"", "id = \"mini\"\ncolour = \"blue\""), "line 2: colour: unknown key"),
    (("label = \"Talk\"", "label = \"Talk\"\nlable = \"x\""), "line 10: categories[0].lable: unknown key (did you mean 'label'?)"),
    (("name = \"Mini\"", "name = 7"), "line 2: name: expected text, got int"),
    (("min_minutes = 2", "min_minutes = \"two\""), "line 4: timing.min_minutes: expected a number, got text"),
    (("max_minutes = 5", "max_minutes = 1"), "line 3: timing: timing must satisfy min_minutes <= target_minutes <= max_minutes"),
    (("id = \"talk.reasons\"", "id = \"Talk Reasons\""), "line 11: categories[0].look_fors[0].id: must be lowercase letters"),
    (("label = \"observation\"", "label = \"observation\"\nwhen = \"later\""), "line 16: evidence_kinds[0].when: must be one of ('during', 'after')"),
    (("id = \"mini\"", "id = \"mini\"\nmodes = [\"in_person\", \"telepathy\"]"), "line 2: modes: must be one of"),
    (("label = \"students give reasons\"", "label = \"students give reasons\"\n[[categories.look_fors]]\nid = \"talk.reasons\"\nlabel = \"again\""),
     "line 14: categories[0].look_fors[1].id: duplicate look-for id 'talk.reasons' (first used on line 11)"),
    (("id = \"mini\"", "id = \"mini\"\nextends = \"nowhere\""), "line 2: extends: no protocol with id 'nowhere' is loaded"),
    (("id = \"mini\"", "id = \"mini\"\ndrop_look_fors = [\"talk.reasons\"]"), "line 2: drop_look_fors: only allowed in a file that extends"),
    (("[[evidence_kinds]]\nid = \"observation\"\nlabel = \"observation\"\n", ""), "evidence_kinds: required field missing"),
])
def test_each_kind_of_mistake_gets_a_clear_message_with_its_line(classwalk, change, expected):
    problems = problems_of(edited(change), classwalk)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_syntax_error_names_file_line_and_column(classwalk):
    with pytest.raises(UserDataError) as caught:
        check_protocol_toml('id = "x"\nname = \n', "district.toml")
    assert str(caught.value).startswith("district.toml:2: TOML syntax error") and "column" in str(caught.value)


def test_every_problem_is_reported_at_once(classwalk):
    problems = problems_of(edited(
        ('id = "mini"', 'id = "Bad Id"'),
        ('name = "Mini"', 'nmae = "x"'),
        ("min_minutes = 2", "min_minutes = 5"),
        ("max_minutes = 5", "max_minutes = 4"),
        ('label = "Talk"', 'label = ""'),
        ('label = "students give reasons"',
         'label = "one"\nbogus = 1\n[[categories.look_fors]]\nid = "talk.reasons"\nlabel = "two"'),
        ('label = "observation"', 'label = "observation"\nwhen = "sometime"'),
    ), classwalk)
    lines = [p.split(":", 1)[0] for p in problems]
    assert lines == ["line 1", "line 2", "line 3", "line 9", "line 13", "line 15", "line 20", "name"], problems
    assert "line 2: nmae: unknown key (did you mean 'name'?)" in problems
    assert problems[-1] == "name: required field missing"


def test_extension_mistakes_name_the_key_that_holds_them(classwalk):
    problems = problems_of('''\
        extends = "downey"
        drop_look_fors = ["walls.nope"]
        [relabel.look_fors]
        "walls.missing" = "x"
        [relabel.lookfors]
        x = "y"
        [[add_look_fors]]
        category = "nothere"
        id = "x.y"
        label = "l"
        [[add_look_fors]]
        category = "walls"
        id = "walls.objectives"
        label = "again"
        ''', classwalk)
    assert problems == [
        "line 2: drop_look_fors[0]: no look-for with id 'walls.nope' in the protocol being extended "
        "(did you mean 'walls.objectives'?)",
        'line 4: relabel.look_fors."walls.missing": no look-for with id \'walls.missing\' in the protocol '
        "being extended",
        "line 5: relabel.lookfors: unknown section (did you mean 'look_fors'?)",
        "line 8: add_look_fors[0].category: no category with id 'nothere' in the protocol being extended",
        "line 13: add_look_fors[1].id: look-for 'walls.objectives' is already in the protocol: relabel it, "
        "or drop it first",
        "id: required: a protocol that extends another needs its own id",
    ]


def test_check_command_prints_every_problem_and_never_stops(capsys, tmp_path, db_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "downey"\nname = 3\n', encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", str(db_path), "protocols", "check", str(bad))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"{bad}: line 1: id: 'downey' is already used by built-in")
    assert f"{bad}: line 2: name: expected text, got int" in lines
    assert all(line.startswith(str(bad)) for line in lines) and "Traceback" not in err


def test_a_bad_file_in_a_protocol_folder_is_listed_and_the_rest_loads(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "protocols"
    folder.mkdir()
    (folder / "broken.toml").write_text('id = "broken"\nname = [\n', encoding="utf-8")
    (folder / "riverside.toml").write_text(DISTRICT, encoding="utf-8")
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", str(folder))
    code, out, err = run_cli(capsys, "--db", str(tmp_path / "x.db"), "protocols")
    assert code == 0 and "riverside_walkthrough" in out and "downey" in out
    assert "broken.toml" in err and "syntax error" in err


def test_export_of_an_extended_protocol_round_trips(classwalk):
    district = protocol_from_toml(DISTRICT, "riverside.toml", classwalk.protocols.find)
    assert protocol_from_toml(protocol_to_toml(district), "again.toml") == district


def test_one_bad_field_never_hides_another_in_the_same_table(classwalk):
    problems = problems_of(edited(
        ('id = "talk"', 'id = "A b"'),
        ('label = "Talk"', 'label = ""'),
        ('id = "talk.reasons"', 'id = "Bad"'),
        ('label = "students give reasons"', 'label = ""'),
        ('id = "observation"', 'id = "o"'),
        ('label = "observation"',
         'label = "o"\nmax_per_visit = 0\n[[evidence_kinds.marks]]\nid = "M"\nlabel = ""'),
    ), classwalk)
    assert [p.split(": ")[1] for p in problems] == [
        "categories[0].id", "categories[0].label", "categories[0].look_fors[0].id",
        "categories[0].look_fors[0].label", "evidence_kinds[0].max_per_visit",
        "evidence_kinds[0].marks[0].id", "evidence_kinds[0].marks[0].label",
    ]
    assert "line 16: evidence_kinds[0].max_per_visit: must be >= 1 (got 0)" in problems


@pytest.mark.parametrize("protocol_id", BUILT_INS)
def test_checking_a_plugins_own_protocol_file_is_fine(capsys, db_path, protocol_id):
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "protocols" / protocol_id / "protocol.toml"
    code, out, err = run_cli(capsys, "--db", str(db_path), "protocols", "check", str(path))
    assert code == 0 and "ok" in out and err == ""
