"""Student interviews: the protocol's questions and answers kept under Student A, B...

No student is named: the label is all that is kept.
"""

from __future__ import annotations

import string

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from classwalk.tui.literal import literal, styled

STUDENT_LABELS = tuple(f"Student {letter}" for letter in string.ascii_uppercase)


def next_label(current: str | None) -> str | None:
    """Student A, B, ... then back to no interview (so plain notes can follow)."""
    if current is None:
        return STUDENT_LABELS[0]
    index = STUDENT_LABELS.index(current) + 1
    return STUDENT_LABELS[index] if index < len(STUDENT_LABELS) else None


class InterviewPanel(VerticalScroll):
    """Questions (the current one marked) and this visit's answers by student label."""

    def __init__(self, questions, **kwargs):
        super().__init__(**kwargs)
        self.questions = tuple(questions)
        self.border_title = "Student interviews"
        self.border_subtitle = "ctrl+s next student · ctrl+y next question"

    def compose(self) -> ComposeResult:
        yield Static("", id="interview-questions")
        yield Static("", id="interview-answers")

    def show(self, student: str | None, question_index: int, answers) -> None:
        lines = []
        for index, question in enumerate(self.questions):
            pointer = "▶" if index == question_index else " "
            lines.append(literal(f"{pointer} {question.text}"))
        who = student or "no student (ctrl+s to interview one)"
        self.query_one("#interview-questions", Static).update(literal("\n").join([styled((who, "bold")), *lines]))
        texts = {q.id: q.text for q in self.questions}
        answer_lines = [
            styled((a.student_label, "bold"), f" {texts.get(a.question_id, a.question_id or '')}\n  > {a.text}")
            for a in answers
        ]
        self.query_one("#interview-answers", Static).update(literal("\n").join(answer_lines))
