"""Interviews on the capture page: question by question, each answer under its question."""

from __future__ import annotations

import pytest
from tests.support.capture_page import all_sent, answer, enter_room, evidence, start_ilw_walk, write_note
from tests.support.pages import capture_page_for_ana

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_an_ilw_room_with_an_interview_files_each_answer_under_its_student_and_question(db_path):
    with capture_page_for_ana(db_path, "phone") as (page, _base):
        walk_id = start_ilw_walk(page)
        enter_room(page, "Room 3")
        write_note(page, "Six students read a short passage aloud with a partner")
        assert page.locator("#answer-label").inner_text() == "Student A: What are you working on learning right now?"
        answer(page, "finding the main idea")
        assert "question 2 of 4" in page.locator("#interview-where").inner_text()
        answer(page, "when my partner can say it back")
        page.get_by_role("button", name="Skip question").tap()
        answer(page, "the word wall")
        assert page.locator("#answer-label").inner_text().startswith("Student B:")
        page.fill("#answer", "how to find the main idea")
        page.locator("#answer").press("Enter")
        page.get_by_role("button", name="Next student").tap()
        assert page.locator("#answer-label").inner_text().startswith("Student C:")
        all_sent(page)
        assert "Student A · Where in this room can you go for help?" in page.locator("#my-notes").inner_text()
        assert page.problems == []

    found = [(n.student_label, n.question_id, n.text, n.kind, n.observer) for n in evidence(db_path, walk_id)]
    assert found == [
        (None, None, "Six students read a short passage aloud with a partner", "instructions", "Ana Ruiz"),
        ("Student A", "learning", "finding the main idea", "interview", "Ana Ruiz"),
        ("Student A", "going_well", "when my partner can say it back", "interview", "Ana Ruiz"),
        ("Student A", "help", "the word wall", "interview", "Ana Ruiz"),
        ("Student B", "learning", "how to find the main idea", "interview", "Ana Ruiz"),
    ]
