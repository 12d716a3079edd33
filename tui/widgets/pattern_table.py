"""A pattern drawn as a table; counts shaded by size so a matrix reads at a glance.

Patterns whose cells hold sentences (quotes from a classroom, say) read better as
records, one row a block of wrapped lines: :func:`pattern_widget` picks the form.
"""

from __future__ import annotations

from numbers import Real

from rich.text import Text

from classwalk.tui.literal import terminal_text
from classwalk.core.escape import for_terminal
from textual.widget import Widget
from textual.widgets import DataTable, Static

from classwalk.core.records.patterns import Pattern

SHADES = ("░", "▒", "▓", "█")
SHADE_COLOURS = ("#5f87af", "#5f9fd7", "#5fbfff", "#87dfff")
BAR_WIDTH = 3
LABEL_WIDTH = 34
TEXT_WIDTH = 36
TOTAL_COLUMNS = {"total", "all"}
BAR_CHART_WIDTH = 20
EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")


def is_count(value) -> bool:
    """Numbers are counts; booleans are not."""
    return isinstance(value, Real) and not isinstance(value, bool)


def plain_cell(value) -> Text:
    """A cell as text: numbers right-aligned, anything else as written on one line."""
    if value is None:
        return terminal_text("")
    if is_count(value):
        return terminal_text(_number(value), justify="right")
    return terminal_text(" ".join(str(value).split()))


def shaded_cell(value, largest: float) -> Text:
    """A count with a bar whose block and colour grow with ``value / largest``."""
    if not value:
        return terminal_text(f"{'':>{BAR_WIDTH}} {0:>3}", style="dim", justify="right")  # a 0, as the caption says
    level = min(len(SHADES) - 1, int((value / largest) * len(SHADES) - 1e-9)) if largest else 0
    level = max(level, 0)
    cell = terminal_text(SHADES[level] * BAR_WIDTH, style=SHADE_COLOURS[level])
    cell.append(f" {_number(value):>3}")
    cell.justify = "right"
    return cell


def _number(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return str(int(value))


def shade_scale(pattern: Pattern) -> float:
    """The largest count outside total columns: the full-block value."""
    skip = {i for i, name in enumerate(pattern.columns) if str(name).lower() in TOTAL_COLUMNS}
    counts = [v for row in pattern.rows for i, v in enumerate(row) if i not in skip and is_count(v)]
    return float(max(counts, default=0))


def is_bar_chart(pattern: Pattern) -> bool:
    """A label column and one column of counts: drawn as a bar chart."""
    return (len(pattern.columns) == 2 and bool(pattern.rows)
            and all(len(row) == 2 and is_count(row[1]) for row in pattern.rows))


def bar_cell(value, largest: float) -> Text:
    """A horizontal bar (eighth-block precision) then the count."""
    eighths = round(BAR_CHART_WIDTH * 8 * value / largest) if largest and value > 0 else 0
    bar = "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")
    cell = terminal_text(bar.ljust(BAR_CHART_WIDTH), style=SHADE_COLOURS[-2])
    cell.append(f" {_number(value):>4}")
    return cell


def table_cells(pattern: Pattern) -> list[list[Text]]:
    """Every row of ``pattern`` as styled cells: shaded counts, bars, or plain values."""
    if not pattern.shade and is_bar_chart(pattern):
        largest = float(max(row[1] for row in pattern.rows))
        return [[plain_cell(row[0]), bar_cell(row[1], largest)] for row in pattern.rows]
    largest = shade_scale(pattern)
    totals = {i for i, name in enumerate(pattern.columns) if str(name).lower() in TOTAL_COLUMNS}
    rows = []
    for row in pattern.rows:
        cells = []
        for index, value in enumerate(row):
            if pattern.shade and is_count(value) and index not in totals:
                cells.append(shaded_cell(value, largest))
            elif index in totals and is_count(value):
                cells.append(terminal_text(_number(value), style="bold", justify="right"))
            else:
                cells.append(plain_cell(value))
        rows.append(cells)
    return rows


class PatternTable(DataTable):
    """One :class:`Pattern`: its title on the border, its note below, rows that scroll sideways."""

    DEFAULT_CSS = """
    PatternTable {
        height: auto;
        max-height: 20;
        border: round $primary 50%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        margin: 0 0 1 0;
    }
    PatternTable:focus {
        border: round $accent;
    }
    """

    def __init__(self, pattern: Pattern, *, id: str | None = None, classes: str | None = None, fit: bool = False):
        names = label_columns(pattern) if fit else 1
        super().__init__(
            fixed_columns=names, cursor_type="cell", zebra_stripes=False, id=id, classes=classes,
            header_height=2 if fit and any(len(wrap_header(name, 1)) > 1 for name in pattern.columns[1:]) else 1,
        )
        self.pattern = pattern
        self.fit = fit
        self.border_title = terminal_text(pattern.title)
        self.border_subtitle = terminal_text(pattern.note)

    def on_mount(self) -> None:
        if self.fit:
            self._fill_fitted()
            return
        pattern = self.pattern
        rows = table_cells(pattern)
        label_width = max(LABEL_WIDTH, self.app.size.width // 3)  # wider terminals give labels more room
        for index, name in enumerate(pattern.columns):
            if index == 0:
                widest = max([len(str(name))] + [len(cells[0].plain) for cells in rows if cells])
                self.add_column(terminal_text(str(name)), width=min(widest, label_width), key=f"c{index}")
            else:
                self.add_column(terminal_text(str(name), justify="right"), key=f"c{index}")
        for number, cells in enumerate(rows):
            padded = cells + [terminal_text("")] * (len(pattern.columns) - len(cells))
            long_label = bool(cells) and len(cells[0].plain) > label_width
            # a label too long for its column wraps onto a second line rather than being cut mid-word
            self.add_row(*padded[: len(pattern.columns)], key=f"r{number}", height=None if long_label else 1)
        if not rows:
            self.add_row(terminal_text("nothing noted yet", style="dim"),
                         *[terminal_text("")] * (len(pattern.columns) - 1))

    def _fill_fitted(self) -> None:
        """Names in narrowed columns kept in view (wrapping as needed), so the counts fit the screen width."""
        pattern = self.pattern
        rows = table_cells(pattern)
        names = label_columns(pattern)
        widths = fitted_widths(pattern, rows, self.app.size.width)
        for index, name in enumerate(pattern.columns):
            label = terminal_text("\n".join(wrap_header(name, widths[index])),
                          justify="left" if index < names else "right")
            self.add_column(label, width=widths[index], key=f"c{index}")
        previous = None
        for number, cells in enumerate(rows):
            padded = (cells + [terminal_text("")] * (len(pattern.columns) - len(cells)))[: len(pattern.columns)]
            group = padded[0].plain if names > 1 else None
            if group is not None and group == previous:
                padded[0] = terminal_text(group, style="dim")  # the same group as the row above: quieter, still there
            previous = group
            wraps = any(len(padded[i].plain) > widths[i] for i in range(names))
            self.add_row(*padded, key=f"r{number}", height=None if wraps else 1)
        if not rows:
            self.add_row(terminal_text("nothing noted yet", style="dim"), *[terminal_text("")] * (len(pattern.columns) - 1))

    def cell_texts(self) -> list[list[str]]:
        """The values the table shows, as plain strings (rows of cells)."""
        return [[cell.plain for cell in cells] for cells in table_cells(self.pattern)]


FIT_CHROME = 8
"""Columns a fitted table loses to its screen's padding (2), its border (2) and two scrollbars (4)."""
MIN_LABEL_WIDTH = 12


def label_columns(pattern: Pattern) -> int:
    """How many leading columns name the row (no counts in them): they stay in view as the counts scroll."""
    names = 0
    for index in range(len(pattern.columns) - 1):  # at least one column of values is left
        if any(is_count(row[index]) for row in pattern.rows if len(row) > index):
            break
        names += 1
    return max(names, 1)


def wrap_header(name, width: int) -> list[str]:
    """A column's name on at most two lines of ``width`` (wider if a word needs it)."""
    import textwrap

    text = " ".join(str(name).split())
    for tried in range(max(width, 1), len(text) + 1):
        lines = textwrap.wrap(text, tried, break_long_words=False) or [""]
        if len(lines) <= 2:
            return lines
    return [text]


def fitted_widths(pattern: Pattern, rows: list[list[Text]], screen_width: int) -> list[int]:
    """Each column's width so the counts fit ``screen_width``: names share what the counts leave.

    A count column is as wide as its widest value, or half its name (which then takes two
    header lines); name columns share the rest in proportion to their longest entry.
    """
    names = label_columns(pattern)
    natural = [max([0] + [len(cells[index].plain) for cells in rows if len(cells) > index])
               for index in range(len(pattern.columns))]
    widths = []
    for index, name in enumerate(pattern.columns):
        if index < names:
            widths.append(max(natural[index], min(len(str(name)), MIN_LABEL_WIDTH), 1))
        else:
            widths.append(max(natural[index], max(len(line) for line in wrap_header(name, 1))))
    for index in range(names, len(widths)):  # the header wraps onto two lines at the narrowest
        widths[index] = max(widths[index], *(len(line) for line in wrap_header(pattern.columns[index], widths[index])))
    room = screen_width - FIT_CHROME - sum(width + 2 for width in widths[names:]) - 2 * names
    wanted = sum(widths[:names])
    if wanted > room:
        share = [max(MIN_LABEL_WIDTH, room * width // wanted) for width in widths[:names]]
        widths[:names] = [min(width, shared) for width, shared in zip(widths[:names], share)]
    return widths


def holds_sentences(pattern: Pattern) -> bool:
    """True when some cell after the first is long text, too wide for a table row."""
    return any(isinstance(value, str) and len(value) > TEXT_WIDTH
               for row in pattern.rows for value in row[1:])


def record_text(pattern: Pattern) -> Text:
    """Each row as a heading (its first cell) and one wrapped line per other column."""
    blocks = []
    for row in pattern.rows:
        block = terminal_text(" ".join(str(row[0]).split()) if row else "", style="bold")
        for name, value in zip(pattern.columns[1:], row[1:]):
            cell_text = plain_cell(value).plain
            if cell_text:
                block.append(f"\n  {for_terminal(name, lines=True)}: ", style="dim")
                block.append(cell_text)
        blocks.append(block)
    return terminal_text("\n").join(blocks) if blocks else terminal_text("nothing noted yet", style="dim")


class PatternRecords(Static):
    """One :class:`Pattern` whose cells are sentences: a block of wrapped lines per row."""

    DEFAULT_CSS = """
    PatternRecords {
        height: auto;
        border: round $primary 50%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    """

    def __init__(self, pattern: Pattern, *, id: str | None = None, classes: str | None = None):
        super().__init__(record_text(pattern), id=id, classes=classes)
        self.pattern = pattern
        self.border_title = terminal_text(pattern.title)
        self.border_subtitle = terminal_text(pattern.note)


def pattern_widget(pattern: Pattern, *, id: str | None = None, fit: bool = False) -> Widget:
    """The widget that shows ``pattern`` best: a table, or records for sentences.

    ``fit`` narrows a table's name columns (wrapping them) so its counts fit the screen's width.
    """
    if holds_sentences(pattern) and not pattern.shade:
        return PatternRecords(pattern, id=id)
    return PatternTable(pattern, id=id, fit=fit)
