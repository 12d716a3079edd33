"""Student interviews: the protocol's questions and the answers kept under Student A, B...

No student is named: the label is all that is kept. The panel shows who is being
interviewed and which question the next answer goes to; answers are listed by student,
each under the question it answers.
"""

from __future__ import annotations

import string

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from classwalk.tui.literal import terminal_content, terminal_line

STUDENT_LABELS = tuple(f"Student {letter}" for letter in string.ascii_uppercase)


def next_free_label(used) -> str | None:
    """The first of Student A, B, ... not in ``used`` (None once all 26 are taken)."""
    taken = set(used)
    return next((label for label in STUDENT_LABELS if label not in taken), None)


class InterviewPanel(VerticalScroll):
    """Who is being interviewed, the questions (the one shown marked), and the answers so far."""

    def __init__(self, questions, **kwargs):
        super().__init__(**kwargs)
        self.questions = tuple(questions)
        self.border_title = "Student interviews"
        self.border_subtitle = "ctrl+s start/end · ↑↓ question"

    def compose(self) -> ComposeResult:
        yield Static("", id="interview-head")
        for index, _question in enumerate(self.questions):
            yield Static("", id=f"interview-question-{index}", classes="interview-question")
        yield Static("", id="interview-answers")

    def show(self, student: str | None, question_index: int, answers) -> None:
        if student:
            head = terminal_line((student, "bold"), f" · question {question_index + 1} of {len(self.questions)}")
        else:
            head = terminal_line(("no interview", "bold"), " (ctrl+s interviews the next student)")
        self.query_one("#interview-head", Static).update(head)
        for index, question in enumerate(self.questions):
            pointer = "▶" if student and index == question_index else " "
            row = self.query_one(f"#interview-question-{index}", Static)
            row.update(terminal_content(f"{pointer} {index + 1}. {question.text}"))
            row.set_class(bool(student) and index == question_index, "-active")
        if student and 0 <= question_index < len(self.questions):  # the question the answer goes to shows
            self.call_after_refresh(self.scroll_to_widget, self.query_one(f"#interview-question-{question_index}"),
                                    animate=False)
        number = {q.id: index + 1 for index, q in enumerate(self.questions)}
        answer_lines = []
        for label in dict.fromkeys(a.student_label for a in answers):
            answer_lines.append(terminal_line((label, "bold")))
            for answer in (a for a in answers if a.student_label == label):
                asked = number.get(answer.question_id)
                answer_lines.append(terminal_content(f"  {asked if asked else '?'}. {answer.text}"))
        self.query_one("#interview-answers", Static).update(terminal_content("\n").join(answer_lines))
