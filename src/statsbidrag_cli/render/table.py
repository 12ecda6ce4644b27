"""``--format table``: a report as a Rich table for people, on a terminal or in a file.

Rich is imported only here, only when a table is drawn; CSV and JSON never pass through it
(it would wrap lines and read ``[...]`` as markup). On a terminal the table takes the
terminal's width and colours; in a file it is plain text 120 columns wide, the same bytes on
every machine.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import _
from ..reports.report import Cell, Column, Report
from .cells import cell_text, group_tables, people_text, table_columns
from .registry import RenderOptions
from .wrap import prose


class TableRenderer:
    """A Rich table with a title, a totals row and notes beneath, then its sections."""

    def render(self, report: Report, options: RenderOptions) -> bytes:
        from rich.console import Console

        if options.terminal:  # the terminal's own width and colours, as Rich detects them
            console = Console()
            with console.capture() as captured:
                draw_table(report, console)
            return captured.get().encode("utf-8")
        buffer = io.StringIO()
        console = Console(file=buffer, width=120, color_system=None, force_terminal=False)
        draw_table(report, console)
        return buffer.getvalue().encode("utf-8")


def draw_table(report: Report, console: Any) -> None:
    """Draw ``report`` as a Rich table on ``console``, then its notes and sections."""
    from rich.text import Text

    console.print(Text(prose(report.title, console.width), style="bold"), soft_wrap=True)
    columns = table_columns(report)
    left_out: list[str] = []
    if report.extras.group_by is None:
        left_out += _draw_rows(columns, report.rows, report.totals, console)
    else:
        for group, inner, rows in group_tables(report):
            console.print()
            console.print(Text(prose(group, console.width), style="bold"), soft_wrap=True)
            left_out += _draw_rows(inner, rows, None, console)
    if left_out:  # said once, under the last of a report's tables
        note = _(
            "At {width} columns the table leaves out {columns}: see them in a wider window, "
            "or with --format csv, json or xlsx."
        ).format(width=console.width, columns=", ".join(dict.fromkeys(left_out)))
        console.print(Text(prose(note, console.width), style="dim"), soft_wrap=True)
    for note in report.notes:
        console.print(Text(prose(note, console.width)), soft_wrap=True)
    for section in report.sections:
        console.print()
        draw_table(section, console)


def _draw_rows(
    columns: Sequence[Column],
    rows: Sequence[dict[str, Cell]],
    totals: dict[str, Cell] | None,
    console: Any,
) -> list[str]:
    """Draw the rows as one table, or as several stacked ones when one would not fit; return
    the headings of the columns left out.

    No id, code, name or figure is ever split across lines: such a column is as wide as its
    widest cell; only prose (a text column with a cell over :data:`PROSE_WIDTH`) wraps, and
    only between words. When the table is wider than the console, headings wrap at their
    spaces, and if it is still too wide the columns are packed into blocks that fit, each
    repeating the leading key columns (code, name) so every line can be read on its own.
    Before that, a table that would not fit leaves out its wide-only columns (details that
    CSV, JSON and workbooks carry; the caller names them in a note). Nothing else is dropped
    or cut; only a single column wider than the console runs long.
    """
    grid = _Grid.of(columns, rows, totals)
    width = console.width
    dropped = _left_out(grid, width)
    left_out = [columns[index].heading for index in dropped]
    if dropped:  # by position: two columns may share a heading (each part's Befolkning)
        columns = [column for index, column in enumerate(columns) if index not in dropped]
        grid = _Grid.of(columns, rows, totals)
    keys = list(range(_key_column_count(grid, width)))
    rest = list(range(len(keys), len(columns)))
    if grid.least_width(keys + rest, compact=False) <= width:
        tables = [grid.table(keys + rest, compact=False, width=width)]
    else:
        blocks = _blocks(grid, keys, rest, width)
        tables = [grid.table(block, compact=True, width=width) for block in blocks]
    for table, needed in tables:  # each starts with a blank line of its own
        console.width = max(width, needed)  # a line may run long, never be cut
        console.print(table)
        console.width = width  # notes and titles are prose: they wrap at the terminal's width
    return left_out


def _left_out(grid: _Grid, width: int) -> list[int]:
    """The wide-only columns (:attr:`Column.wide_only`) to leave out so the table fits
    ``width`` in one block (headings wrapped): none when it fits, else the fewest, taken from
    the right (at 120 columns ``allocate`` leaves out only the published amount, at 80 also
    the samverkansregion, its persons and the code); all of them when nothing less fits."""
    everything = list(range(len(grid.columns)))
    candidates = [index for index in reversed(everything) if grid.columns[index].wide_only]
    left_out: list[int] = []
    for index in [None, *candidates]:
        if index is not None:
            left_out.append(index)
        kept = [at for at in everything if at not in left_out]
        if grid.least_width(kept, compact=True) <= width:
            return sorted(left_out)
    return sorted(left_out)


@dataclass(frozen=True)
class _Grid:
    """A report's table as text cells, ready to be drawn with any subset of its columns."""

    columns: Sequence[Column]
    cells: list[list[str]]
    footers: list[str]

    @classmethod
    def of(
        cls,
        columns: Sequence[Column],
        rows: Sequence[dict[str, Cell]],
        totals: dict[str, Cell] | None,
    ) -> _Grid:
        cells = [[people_text(row.get(col.key), col) for col in columns] for row in rows]
        footers = [cell_text((totals or {}).get(col.key), col.kronor) for col in columns]
        return cls(columns, cells, footers if totals else [])

    def values(self, index: int) -> list[str]:
        """The texts of column ``index``: its totals cell and every row's cell."""
        return [self.footers[index] if self.footers else "", *(row[index] for row in self.cells)]

    def sizing(self, index: int, compact: bool) -> tuple[int, int]:
        """Column ``index``'s (least, natural) width: equal for ids, names and figures, which
        never wrap; for prose, its longest word and its widest cell. ``compact``: the heading
        may wrap at its spaces, so only its longest word counts."""
        from rich.cells import cell_len

        column = self.columns[index]
        heading = _HEADING_WORD.findall(column.heading) if compact else [column.heading]
        texts = [*heading, *self.values(index)]
        widest = max(cell_len(text) for text in texts)
        if not self.is_prose(index):
            return widest, widest
        return max(cell_len(word) for text in texts for word in [*text.split(), ""]), widest

    def is_prose(self, index: int) -> bool:
        """Whether column ``index`` holds prose: text with a cell over :data:`PROSE_WIDTH`."""
        from rich.cells import cell_len

        column = self.columns[index]
        if column.numeric:
            return False
        return column.wraps or any(cell_len(v) > PROSE_WIDTH for v in self.values(index))

    def least_width(self, indices: Sequence[int], compact: bool) -> int:
        """The fewest terminal columns a table of the columns at ``indices`` needs."""
        return sum(self.sizing(index, compact)[0] for index in indices) + _overhead(indices)

    def widths(self, indices: Sequence[int], compact: bool, width: int) -> list[int]:
        """Each column's width: the least, then any room left up to ``width`` given first to
        short text that may wrap (:attr:`Column.wraps`, whole where it fits), then shared out
        one character at a time to the prose column furthest from its natural width."""
        sizes = [self.sizing(index, compact) for index in indices]
        widths = [least for least, _ in sizes]
        spare = width - sum(widths) - _overhead(indices)
        for at, index in enumerate(indices):  # short text that may wrap: whole where it can
            if self.columns[index].wraps:
                grown = min(sizes[at][1], widths[at] + max(spare, 0))
                spare -= grown - widths[at]
                widths[at] = grown
        while spare > 0:
            shortfall, position = max(
                (natural - widths[at], at) for at, (_least, natural) in enumerate(sizes)
            )
            if shortfall <= 0:
                break
            widths[position] += 1
            spare -= 1
        return widths

    def table(self, indices: Sequence[int], compact: bool, width: int) -> tuple[Any, int]:
        """A Rich table of the columns at ``indices`` sized to fit ``width`` where it can, and
        the width it takes."""
        from rich import box
        from rich.table import Table
        from rich.text import Text

        widths = self.widths(indices, compact, width)
        table = Table(box=box.SIMPLE_HEAD, show_footer=bool(self.footers), pad_edge=False)
        for index, column_width in zip(indices, widths, strict=True):
            column = self.columns[index]
            table.add_column(
                Text(column.heading),
                footer=Text(self.footers[index] if self.footers else ""),
                justify="right" if column.numeric else "left",
                overflow="fold",
                width=column_width,
            )
        for row in self.cells:
            table.add_row(*(Text(row[index]) for index in indices))
        return table, sum(widths) + _overhead(indices)


PROSE_WIDTH = 30
"""A text column with a cell wider than this holds prose (a purpose, a list of sources): it
wraps between words. Narrower text columns hold ids, codes and names and never wrap."""


def _overhead(indices: Sequence[int]) -> int:
    """Terminal columns a SIMPLE_HEAD table without edge padding adds to its columns' widths:
    one space at each edge and three between columns."""
    return 3 * len(indices) - 1


def _key_column_count(grid: _Grid, width: int) -> int:
    """How many leading columns identify a row, to repeat in every block of a wide table.

    The leading columns up to and including the second text column (code and name; year, UO,
    anslag and anslagspost), stopping before prose and before they would take more than half
    the width; at least one.
    """
    texts = 0
    for index, column in enumerate(grid.columns):
        if index and (
            grid.is_prose(index) or grid.least_width(range(index + 1), compact=True) > width // 2
        ):
            return index
        texts += not column.numeric
        if texts == 2:
            return index + 1
    return len(grid.columns)


def _blocks(grid: _Grid, keys: list[int], rest: list[int], width: int) -> list[list[int]]:
    """The ``rest`` columns, in order, in as few blocks beside ``keys`` as fit, balanced.

    Packing greedily gives the fewest blocks; among the ways to cut the columns into that many,
    the one that parts the fewest column groups (:attr:`Column.group`) and then has the
    narrowest widest block is taken, so a component's columns stay together and the blocks are
    of a size (at 80 columns: the published amount beside its difference, not alone). A column
    too wide to fit beside all the keys gets a block with the first key only.
    """
    count = len(_greedy_blocks(grid, keys, rest, width))
    blocks = _balanced_blocks(grid, keys, rest, width, count)
    return [
        [*keys[:1], *block]
        if grid.least_width(keys + block, compact=True) > width
        else keys + block
        for block in blocks
    ]


def _greedy_blocks(grid: _Grid, keys: list[int], rest: list[int], width: int) -> list[list[int]]:
    """``rest`` packed greedily: each block takes columns while they fit (the fewest blocks)."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for index in rest:
        trial = [*current, index]
        if current and grid.least_width(keys + trial, compact=True) > width:
            blocks.append(current)
            current = [index]
        else:
            current = trial
    blocks.append(current)
    return blocks


def _balanced_blocks(
    grid: _Grid, keys: list[int], rest: list[int], width: int, count: int
) -> list[list[int]]:
    """``rest`` cut into ``count`` contiguous blocks: splitting as few column groups as it can
    (a component's unit, persons and part stay together), then with the widest block as
    narrow as it can be.

    Dynamic programming over the cut points: ``best[(end, parts)]`` is the best (groups split,
    widest block, cuts) for the first ``end`` columns in ``parts`` blocks. A block wider than
    ``width`` is allowed only as a single column (which runs long, as it must).
    """
    columns = grid.columns

    def cost(start: int, end: int) -> int | None:
        needed = grid.least_width(keys + rest[start:end], compact=True)
        return needed if needed <= width or end - start == 1 else None

    def splits(cut: int) -> int:
        """1 when the cut before ``rest[cut]`` parts two columns of one group."""
        if cut in (0, len(rest)):
            return 0
        left, right = columns[rest[cut - 1]].group, columns[rest[cut]].group
        return int(left is not None and left == right)

    best: dict[tuple[int, int], tuple[int, int, tuple[int, ...]]] = {(0, 0): (0, 0, ())}
    for parts in range(1, count + 1):
        for end in range(parts, len(rest) + 1):
            for start in range(parts - 1, end):
                before = best.get((start, parts - 1))
                block = cost(start, end)
                if before is None or block is None:
                    continue
                split, widest, cuts = before
                candidate = (split + splits(start), max(widest, block), (*cuts, end))
                if (end, parts) not in best or candidate[:2] < best[(end, parts)][:2]:
                    best[(end, parts)] = candidate
    cuts = (0, *best[(len(rest), count)][2])
    return [rest[a:b] for a, b in itertools.pairwise(cuts)]


_HEADING_WORD = re.compile(r"(?:[^\w\s]+ )?\S+")
"""A heading's words, a lone sign kept with the word after it (``Published`` / ``− computed``)."""
