"""Markdown and CSV exports speak each built-in protocol's words: kinds, look-fors, student
groups, marks and interview questions by their labels, never the ids behind them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from classwalk.core.records.model import DebriefResponse, Evidence, Observer, Slice, Visit, Walk
from classwalk.features.demo.school import seed_demo
from classwalk.features.outputs.export import export_walk

PROTOCOLS = ("downey", "ifl_learning_walk", "ilw_tiered")
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


def internal_ids(protocol) -> set[str]:
    """Ids a reader would not understand (they hold a dot or an underscore)."""
    ids = {lf.id for lf in protocol.look_fors()} | {k.id for k in protocol.evidence_kinds}
    ids |= {g.id for g in protocol.student_groups} | {q.id for q in protocol.interview_questions}
    ids |= {m.id for k in protocol.evidence_kinds for m in k.marks} | {r.id for r in protocol.roles}
    ids |= {s.id for s in protocol.slice_kinds}
    return {i for i in ids if re.search(r"[._]", i)}


def _walk_with_everything(classwalk, protocol_id: str) -> tuple[Walk, object]:
    """A walk of ``protocol_id`` whose notes use every kind, a group, a mark and an interview answer."""
    protocol = classwalk.protocols.get(protocol_id)
    roles = [r.id for r in protocol.roles]
    observers = tuple(Observer(name=name, role=roles[i % len(roles)] if roles else "")
                      for i, name in enumerate(["Ana Ruiz", "Ben Cho"][:max(protocol.min_observers, 1)]))
    tiered = next((k for k in protocol.slice_kinds if k.tiered), None)
    walk = Walk(protocol_id=protocol_id, school="Lincoln Elem", date=dt.date(2026, 11, 23), observers=observers,
                focus="talk", guiding_question="Who talks?",
                slice=Slice(kind=tiered.id, tier=2, description="phonics") if tiered else None)
    classwalk.store.save_walk(walk)
    visit = Visit(walk_id=walk.id, classroom="Room 12", teacher="Ms. Alvarez", started_at=START,
                  ended_at=START + dt.timedelta(minutes=5))
    classwalk.store.save_visit(visit)
    look_fors = protocol.look_fors()
    questions = protocol.interview_questions
    for index, kind in enumerate(protocol.evidence_kinds):
        answer = questions and kind.id == protocol.interview_evidence_kind
        classwalk.store.add_evidence(Evidence(
            walk_id=walk.id, visit_id=visit.id, kind=kind.id, text=f"note number {index}",
            look_fors=(look_fors[index % len(look_fors)].id,),
            student_groups=(protocol.student_groups[0].id,), observer=observers[-1].name,
            mark=kind.marks[0].id if kind.marks else None,
            student_label="Student A" if answer else None, question_id=questions[0].id if answer else None,
            captured_at=START + dt.timedelta(seconds=10 * (index + 1))))
    return walk, protocol


@pytest.mark.parametrize("protocol_id", PROTOCOLS)
def test_markdown_speaks_the_protocols_labels(classwalk, protocol_id):
    walk, protocol = _walk_with_everything(classwalk, protocol_id)
    markdown = export_walk(classwalk, walk.id, "md")
    leaked = sorted(i for i in internal_ids(protocol) if re.search(rf"(?<![\w.]){re.escape(i)}(?![\w.])", markdown))
    assert not leaked, f"internal ids in the Markdown export: {leaked}"
    for index, kind in enumerate(protocol.evidence_kinds):
        line = next(line for line in markdown.splitlines() if line.startswith("- ") and f"note number {index}" in line)
        assert f"**{kind.label}**" in line
        assert protocol.student_groups[0].label in line
        if kind.marks:
            assert f"mark: {kind.marks[0].label}" in line
        if kind.id == protocol.interview_evidence_kind and protocol.interview_questions:
            assert "Student A" in line and protocol.interview_questions[0].text in line
    assert "Ms. Alvarez" not in markdown and "Room 12" not in markdown


@pytest.mark.parametrize("protocol_id", PROTOCOLS)
def test_csv_speaks_the_protocols_labels(classwalk, protocol_id):
    walk, protocol = _walk_with_everything(classwalk, protocol_id)
    rows = list(csv.DictReader(io.StringIO(export_walk(classwalk, walk.id, "csv"))))
    assert len(rows) == len(protocol.evidence_kinds)
    for row, kind in zip(rows, protocol.evidence_kinds):
        assert row["kind"] == kind.label
        assert row["student_groups"] == protocol.student_groups[0].label
        assert row["mark"] == (kind.marks[0].label if kind.marks else "")
        assert row["look_fors"] in {lf.label for lf in protocol.look_fors()}
        if row["student"]:
            assert row["question"] == protocol.interview_questions[0].text
    assert not any(i in row.values() for row in rows for i in internal_ids(protocol))


@pytest.mark.parametrize("protocol_id", PROTOCOLS)
def test_matrix_caption_matches_its_cells(classwalk, protocol_id):
    walk, protocol = _walk_with_everything(classwalk, protocol_id)
    markdown = export_walk(classwalk, walk.id, "md")
    table = markdown.split("### Look-fors × classrooms", 1)[1].split("\n\n_", 1)
    caption = table[1].split("_", 1)[0]
    cells = [cell.strip() for line in table[0].splitlines() if line.startswith("| ") for cell in line.split("|")]
    assert "0" in cells, "the walk leaves some look-fors unnoted"
    assert "blank" not in caption and "0 means" in caption


def test_demo_walks_of_every_protocol_export_without_ids(classwalk):
    seed_demo(classwalk, dt.date(2026, 11, 23))
    walks = classwalk.store.list_walks()
    assert {w.protocol_id for w in walks} >= set(PROTOCOLS)
    for walk in walks:
        protocol = classwalk.protocols.get(walk.protocol_id)
        for fmt in ("md", "csv"):
            text = export_walk(classwalk, walk.id, fmt)
            leaked = sorted(i for i in internal_ids(protocol) if re.search(rf"(?<![\w.]){re.escape(i)}(?![\w.])", text))
            assert not leaked, f"{walk.protocol_id} {fmt}: {leaked}"


def test_a_second_version_of_an_answer_says_when_each_came(classwalk):
    walk, protocol = _walk_with_everything(classwalk, "ilw_tiered")
    prompt = protocol.debrief_prompts[0]
    first = DebriefResponse(walk_id=walk.id, prompt_id=prompt.id, text="Frames kept it demanding",
                            author="Ana Ruiz", updated_at=START)
    second = DebriefResponse(walk_id=walk.id, prompt_id=prompt.id, text="Frames helped only in Room B",
                             author="Ana Ruiz", updated_at=START + dt.timedelta(hours=2), conflict_of=first.id)
    classwalk.store.save_response(first)
    classwalk.store.save_response(second)
    markdown = export_walk(classwalk, walk.id, "md")
    section = markdown.split(f"### {prompt.text}", 1)[1].split("###", 1)[0]
    assert section.index("Frames kept") < section.index("2026-11-23 09:00") < section.index("Frames helped")
    assert "2026-11-23 11:00, a second version kept by an import" in section
