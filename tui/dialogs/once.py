"""A dialog that answers once.

A second answer from the same dialog (an Enter typed twice, a click on top of a key)
is ignored rather than acted on again or closing the screen underneath.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.screen import ModalScreen
from textual.widgets import Button

Result = TypeVar("Result")


class OnceDialog(ModalScreen[Result]):
    """A modal screen whose first answer closes it; any answer after that does nothing."""

    answered: bool = False

    def dismiss(self, result=None):
        if self.answered or not self.is_current:
            from textual.await_complete import AwaitComplete

            async def nothing() -> None:
                return None

            return AwaitComplete(nothing())
        self.answered = True
        return super().dismiss(result)


class ButtonsDialog(OnceDialog[Result]):
    """A dialog answered by its buttons, or by keys that stand for them.

    ``ANSWERS`` maps each button's id to the answer it gives; ``FOCUSED`` is the button
    focused when the dialog opens (Enter presses it). A key's action calls :meth:`answer`.
    """

    ANSWERS: ClassVar[dict[str, object]] = {}
    FOCUSED: ClassVar[str] = ""

    def on_mount(self) -> None:
        self.query_one(f"#{self.FOCUSED}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id in self.ANSWERS:
            event.stop()
            self.answer(event.button.id)

    def answer(self, button: str) -> None:
        self.dismiss(self.ANSWERS[button])
