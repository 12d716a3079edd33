"""The protocol declares which evidence kind interview answers are saved as.

``interview_evidence_kind`` is a field of the protocol file, inherited through
``extends``, checked by ``protocols check`` and written back by ``export``. The
built-in plugins read it, so nothing depends on how a kind's id is spelled.
"""

from __future__ import annotations

import textwrap

import pytest

from classwalk.cli import main
from classwalk.core.protocols.toml_files import check_protocol_toml, protocol_from_toml, protocol_to_toml
from tests.protocols.protocol_helpers import make_visit, make_walk, note

QUESTION = '''
    [[add_interview_questions]]
    id = "learning"
    text = "What are you working on right now?"
    '''


def _check(text: str, classwalk) -> tuple:
    return check_protocol_toml(textwrap.dedent(text), "district.toml", classwalk.protocols.find)


def _load(text: str, classwalk):
    return protocol_from_toml(textwrap.dedent(text), "district.toml", classwalk.protocols.find)


def test_built_ins_with_interview_questions_declare_their_answer_kind(classwalk):
    for entry in classwalk.protocols:
        protocol = entry.protocol
        if protocol.interview_questions:
            assert protocol.interview_kind() is not None, protocol.id
    assert classwalk.protocols.get("ilw_tiered").interview_evidence_kind == "interview"
    assert classwalk.protocols.get("ifl_learning_walk").interview_evidence_kind == "student_talk"
    assert classwalk.protocols.get("downey").interview_evidence_kind is None


def test_questions_without_a_declared_kind_are_reported_with_line_and_field(classwalk):
    protocol, problems = _check('''\
        extends = "downey"
        id = "asking_downey"
        name = "Downey with questions"
        ''' + QUESTION, classwalk)
    assert protocol is None
    assert len(problems) == 1
    assert problems[0].startswith("line 5: interview_evidence_kind: is required")
    assert "'observation'" in problems[0]


def test_a_kind_that_is_not_declared_is_reported_at_its_line(classwalk):
    protocol, problems = _check('''\
        extends = "downey"
        id = "asking_downey"
        name = "Downey with questions"
        interview_evidence_kind = "talk"
        ''' + QUESTION, classwalk)
    assert protocol is None
    assert problems == ["line 4: interview_evidence_kind: names 'talk', which is not one of the "
                        "evidence kinds ('observation', 'objective', 'walls', 'safety')"]


def test_dropping_the_declared_kind_while_keeping_questions_points_at_the_drop(classwalk):
    _protocol, problems = _check('''\
        extends = "ilw_tiered"
        id = "district_ilw"
        name = "District ILW"
        drop_evidence_kinds = ["interview"]
        ''', classwalk)
    assert len(problems) == 1
    assert problems[0].startswith("line 4: interview_evidence_kind: names 'interview', which is not one")


def test_a_stand_alone_file_is_checked_too(classwalk):
    exported = protocol_to_toml(classwalk.protocols.get("ilw_tiered"))
    without = exported.replace('interview_evidence_kind = "interview"\n', "").replace(
        'id = "ilw_tiered"', 'id = "copy_ilw"', 1)
    _protocol, problems = check_protocol_toml(without, "copy.toml")
    assert [p for p in problems if "interview_evidence_kind: is required" in p]
    assert all(p.startswith("line ") for p in problems)


def test_the_declared_kind_is_inherited_through_extends(classwalk):
    district = _load('''\
        extends = "ilw_tiered"
        id = "district_ilw"
        name = "District ILW"
        ''', classwalk)
    assert district.interview_evidence_kind == "interview"
    ifl = _load('''\
        extends = "ifl_learning_walk"
        id = "asking_ifl"
        name = "IFL with interviews"
        ''' + QUESTION, classwalk)
    assert ifl.interview_evidence_kind == "student_talk"
    assert [q.id for q in ifl.interview_questions] == ["learning"]


def test_a_district_with_its_own_kinds_and_no_questions_is_not_held_to_the_base_kind(classwalk):
    district = _load('''\
        extends = "ifl_learning_walk"
        id = "plain_notes"
        name = "Plain notes"
        [[evidence_kinds]]
        id = "observation"
        label = "observation"
        ''', classwalk)
    assert district.interview_evidence_kind is None and district.interview_kind() is None


def test_export_writes_the_field_and_reads_it_back(classwalk, db_path, capsys):
    renamed = _renamed_ilw(classwalk)
    text = protocol_to_toml(renamed)
    assert 'interview_evidence_kind = "asked"' in text
    assert protocol_from_toml(text, "copy.toml") == renamed
    assert main(["--db", str(db_path), "protocols", "export", "ilw_tiered"]) == 0
    assert 'interview_evidence_kind = "interview"' in capsys.readouterr().out


def test_protocols_check_fails_with_one_line_per_problem(tmp_path, db_path, capsys):
    path = tmp_path / "asking.toml"
    path.write_text(textwrap.dedent('''\
        extends = "downey"
        id = "asking_downey"
        name = "Downey with questions"
        interview_evidence_kind = "talk"
        ''' + QUESTION), encoding="utf-8")
    assert main(["--db", str(db_path), "protocols", "check", str(path)]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"{path}: line 4: interview_evidence_kind: names 'talk', which is not one of the "
                   "evidence kinds ('observation', 'objective', 'walls', 'safety')"]


def _renamed_ilw(classwalk):
    """An ILW adaptation whose interview answers are a kind called "asked"."""
    return _load('''\
        extends = "ilw_tiered"
        id = "renamed_ilw"
        name = "ILW with its own kind"
        drop_evidence_kinds = ["interview"]
        interview_evidence_kind = "asked"
        [[add_evidence_kinds]]
        id = "asked"
        label = "what a student told us"
        ''', classwalk)


def test_ilw_plugin_reads_answers_of_the_declared_kind(classwalk):
    protocol = _renamed_ilw(classwalk)
    walk = make_walk(protocol.id)
    room = make_visit(walk, "Room 5", 0)
    evidence = [
        note(room, "asked", "I look at the chart", student_label="Student A", question_id="stuck"),
        note(room, "asked", "We are finding the main idea", student_label="Student A",
             question_id="learning", minute=1),
        note(room, "asked", "I ask my partner", student_label="Student B", question_id="stuck", minute=2),
    ]
    patterns = {p.id: p for p in classwalk.extra_patterns(protocol, walk, [room], evidence)}
    assert [row[3] for row in patterns["ilw_interviews"].rows] == [
        "We are finding the main idea", "I look at the chart", "I ask my partner"]
    snapshot = patterns["ilw_snapshot"]
    column = snapshot.columns.index("what a student told us")
    assert snapshot.rows[0][column] == "3 answers from 2 students"
    at_target = classwalk.timing_status(protocol, walk, protocol.timing.target_minutes * 60)
    assert "interview" in at_target.message
    assert classwalk.plugins.failures == []


@pytest.mark.parametrize("kind_line, kind", [("", "student_talk"),
                                              ('interview_evidence_kind = "asked"', "asked")])
def test_ifl_students_talked_with_counts_interview_answers_of_the_declared_kind(classwalk, kind_line, kind):
    protocol = _load(f'''\
        extends = "ifl_learning_walk"
        id = "asking_ifl"
        name = "IFL with interviews"
        {kind_line}
        [[add_evidence_kinds]]
        id = "asked"
        label = "interview answer"
        ''' + QUESTION, classwalk)
    assert protocol.interview_evidence_kind == kind
    walk = make_walk(protocol.id)
    room = make_visit(walk, "Room 5", 0)
    evidence = [
        note(room, "observation", "Pairs compare two methods"),
        note(room, kind, "We are proving it", student_label="Student A", question_id="learning", minute=1),
        note(room, kind, "I ask my group", student_label="Student B", question_id="learning", minute=2),
        note(room, kind, "Then I check the chart", student_label="Student B", question_id="learning",
             minute=3),
    ]
    patterns = {p.id: p for p in classwalk.extra_patterns(protocol, walk, [room], evidence)}
    rooms = patterns["ifl_rooms"]
    assert rooms.rows[0][rooms.columns.index("students talked with")] == 2
    assert rooms.rows[0][rooms.columns.index("notes in the room")] == 1
