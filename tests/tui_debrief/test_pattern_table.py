"""Any pattern draws: counts shaded by size, sentences as records, odd rows tolerated."""

from __future__ import annotations

import asyncio
import html

from textual.app import App

from classwalk.core.records.patterns import Pattern
from classwalk.tui.widgets.pattern_table import (
    PatternRecords, PatternTable, pattern_widget, record_text, shade_scale, table_cells,
)


def texts(pattern):
    return [[cell.plain for cell in row] for row in table_cells(pattern)]


def test_counts_are_shaded_against_the_largest_outside_totals():
    pattern = Pattern(id="m", title="m", columns=("look-for", "Room A", "Room B", "total"),
                      rows=[["a", 8, 2, 10], ["b", 0, 5, 5]], shade=True)
    assert shade_scale(pattern) == 8
    assert texts(pattern) == [["a", "███   8", "░░░   2", "10"], ["b", "      0", "▓▓▓   5", "5"]]


def test_unshaded_patterns_print_numbers_and_text_as_given():
    pattern = Pattern(id="k", title="k", columns=("kind", "notes", "share"),
                      rows=[["quote", 3, 0.25], ["none", None, True]])
    assert texts(pattern) == [["quote", "3", "0.2"], ["none", "", "True"]]


def test_ragged_and_empty_patterns_still_draw():
    patterns = [
        Pattern(id="r", title="ragged", columns=("a", "b", "c"), rows=[["x"], ["y", 1, 2, 3]]),
        Pattern(id="e", title="empty", columns=("a", "b"), rows=[]),
    ]

    class Show(App):
        def compose(self):
            for pattern in patterns:
                yield PatternTable(pattern)

    async def main():
        async with Show().run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            ragged, empty = pilot.app.query(PatternTable)
            assert ragged.row_count == 2 and ragged.get_row_at(0)[0].plain == "x"
            assert empty.row_count == 1 and empty.get_row_at(0)[0].plain == "nothing noted yet"
    asyncio.run(main())


def test_sentences_are_drawn_as_records():
    quotes = Pattern(id="q", title="Quotes", columns=("room", "teacher said", "students said"),
                     rows=[["Room A", "Use the number line to show why three quarters is more.",
                            "It's bigger because the pieces are bigger"]])
    widget = pattern_widget(quotes)
    assert isinstance(widget, PatternRecords)
    assert record_text(quotes).plain == (
        "Room A\n  teacher said: Use the number line to show why three quarters is more.\n"
        "  students said: It's bigger because the pieces are bigger")
    counts = Pattern(id="c", title="c", columns=("a", "b"), rows=[["x", 1]], shade=True)
    assert isinstance(pattern_widget(counts), PatternTable)


def test_a_label_and_one_count_column_is_drawn_as_bars():
    groups = Pattern(id="g", title="g", columns=("group", "notes"),
                     rows=[["multilingual learners", 2], ["none", 0], ["all notes", 8]])
    cells = texts(groups)
    assert cells[0] == ["multilingual learners", "█████" + " " * 15 + "    2"]
    assert cells[1] == ["none", " " * 20 + "    0"]
    assert cells[2] == ["all notes", "█" * 20 + "    8"]
    assert texts(Pattern(id="h", title="h", columns=("x", "y"), rows=[["a", 1]], shade=True))[0][1] == "███   1"


def test_square_brackets_in_a_pattern_are_shown_not_read_as_markup():
    odd = Pattern(id="o", title="Seen [/] by [bold grade", columns=("look-for [/]", "Room [A]"),
                  rows=[["[/] talk", 1]], note="[red]not red")
    quotes = Pattern(id="q", title="Quotes [/]", columns=("room", "said [/]"),
                     rows=[["Room A", "[/] " + "words " * 10]])

    class Show(App):
        def compose(self):
            yield PatternTable(odd)
            yield pattern_widget(quotes)

    async def main():
        async with Show().run_test(size=(100, 24)) as pilot:
            await pilot.pause()
            shown = html.unescape(pilot.app.export_screenshot()).replace("\xa0", " ")
            assert "Seen [/] by [bold grade" in shown
            assert "[red]not red" in shown
            assert "Quotes [/]" in shown
    asyncio.run(main())


def test_long_labels_wrap_whole_words_and_wide_terminals_give_them_room():
    label = "students describe what good work is and how they would get there"
    pattern = Pattern(id="m", title="m", columns=("look-for", "Room A"), rows=[[label, 2], ["short", 1]],
                      shade=True)

    class Show(App):
        def compose(self):
            yield PatternTable(pattern)

    async def main(size):
        async with Show().run_test(size=size) as pilot:
            await pilot.pause()
            shown = html.unescape(pilot.app.export_screenshot()).replace("\xa0", " ")
            assert "…" not in shown  # nothing is cut off
            table = pilot.app.query_one(PatternTable)
            return table.columns[table.ordered_columns[0].key].width, table.rows["r0"].height
    narrow_width, narrow_height = asyncio.run(main((80, 24)))
    wide_width, wide_height = asyncio.run(main((160, 40)))
    assert narrow_height >= 2 and wide_width > narrow_width and wide_height <= narrow_height
