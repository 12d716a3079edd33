"""A dialog that answers once.

A second answer from the same dialog (an Enter typed twice, a click on top of a key)
is ignored rather than acted on again or closing the screen underneath.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

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
