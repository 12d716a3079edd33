"""Labels from a protocol file reach the interval grid as text: an escape sequence in a
code or item label is shown as its escape, never sent to the terminal."""

import pytest

from classwalk.core.protocols.capture import Choice, Code, CodeSet, IntervalItem
from classwalk.tui.widgets.interval_grid import CodeSetGrid, ItemLine

CLEAR, CLIPBOARD, RED, CSI = "\x1b[2J", "\x1b]52;c;aGk=\x07", "\x1b[31m", "\x9b"


def _grid_text() -> str:
    code_set = CodeSet(id="talk", label=f"Talk{CLEAR}", codes=(Code(id="asks", label=f"Asks{CLIPBOARD}"),))
    return CodeSetGrid(code_set, {"talk.asks": "a"}).render().plain


def _item_text() -> str:
    item = IntervalItem(id="engaged", label=f"Engaged{RED}", choices=(Choice(id="few", label=f"few{CSI}"),))
    return ItemLine(item, {("engaged", "few"): "1"}).render().plain


@pytest.mark.parametrize("shown", [_grid_text, _item_text], ids=["code set", "one-choice item"])
def test_no_control_character_reaches_the_terminal(shown):
    text = shown()
    assert not any(ord(ch) < 32 and ch != "\n" or 0x7f <= ord(ch) < 0xa0 for ch in text), repr(text)


def test_the_escapes_are_shown_as_written():
    assert "Talk\\x1b[2J" in _grid_text() and "Asks\\x1b]52;c;aGk=\\x07" in _grid_text()
    assert "Engaged\\x1b[31m" in _item_text() and "few\\x9b" in _item_text()
