"""Tables for the PDF report: cells of mixed styles, rows with sub-rows, never split across pages.

fpdf2's own table styles a cell as a whole; a customer's cell needs its name
in bold with "end customer" under it in grey, and a customer with three
feedback loops needs one row whose loop columns hold three sub-rows.  So the
report measures and draws its tables itself: a row (a *block*) moves to the
next page whole, and the header row is repeated there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...theme import PAPER

PAD_X = 1.4  # mm inside a cell, left and right
PAD_Y = 1.1  # mm inside a cell, top and bottom


@dataclass(frozen=True)
class Part:
    """A run of text in one style; each part starts on a new line of its cell."""

    text: str
    bold: bool = False
    color: tuple = PAPER.text
    size: float | None = None  # points; default: the table's size


@dataclass(frozen=True)
class Cell:
    parts: tuple[Part, ...] = ()
    align: str = "L"
    span: int = 1  # columns this cell covers, in a sub-row


def cell(*parts, align: str = "L", span: int = 1) -> Cell:
    """A cell from parts or plain strings (plain strings are regular text)."""
    return Cell(tuple(p if isinstance(p, Part) else Part(str(p)) for p in parts if p not in ("", None)),
                align, span)


@dataclass(frozen=True)
class Block:
    """One row of a table.

    ``cells`` maps column index -> cell for the columns the block spans
    top to bottom.  ``sub_rows`` (lists of cells, left to right, a cell's
    ``span`` covering several columns) fill the columns in ``sub_columns``,
    one under the other.
    """

    cells: dict
    sub_rows: tuple = ()
    sub_columns: tuple = field(default=())


class Table:
    def __init__(self, pdf, widths, header, *, size: float = 8.5):
        self.pdf = pdf
        self.widths = list(widths)
        self.header = header  # list of Cell, one per column
        self.size = size

    # -- measuring -------------------------------------------------------------------

    def _line(self, size: float) -> float:
        return self.pdf.line_height(size)

    def cell_height(self, content: Cell, width: float) -> float:
        height = 0.0
        for part in content.parts:
            size = part.size or self.size
            height += self._lines(part, size, width - 2 * PAD_X) * self._line(size)
        return height + 2 * PAD_Y

    def _lines(self, part: Part, size: float, width: float) -> int:
        """How many lines ``part`` takes in ``width`` mm: measured by fpdf2 once per text, font and width.

        A table of a thousand teams repeats the same words ("review", "quarterly", "Agreement: not
        written down") thousands of times, and fpdf2's line breaking is the costliest part of a report.
        """
        key = (part.text, part.bold, size, round(width, 3))
        cache = self.pdf.table_lines
        count = cache.get(key)
        if count is None:
            self._font(part)
            if "\n" not in part.text and self.pdf.get_string_width(part.text) <= width - 0.5:
                count = 1  # the usual short cell: one line, without breaking it into words
            else:
                count = len(self.pdf.multi_cell(width, self._line(size), part.text, dry_run=True,
                                                output="LINES", align="L"))
            cache[key] = count
        return count

    def _sub_heights(self, block: Block) -> list[float]:
        heights = []
        for row in block.sub_rows:
            column, tallest = 0, 0.0
            for content in row:
                columns = block.sub_columns[column:column + content.span]
                tallest = max(tallest, self.cell_height(content, sum(self.widths[c] for c in columns)))
                column += content.span
            heights.append(tallest)
        return heights

    def block_height(self, block: Block) -> float:
        spanning = max((self.cell_height(content, self.widths[c]) for c, content in block.cells.items()),
                       default=0.0)
        return max(spanning, sum(self._sub_heights(block)))

    # -- drawing ---------------------------------------------------------------------------

    def _font(self, part: Part) -> None:
        self.pdf.body(part.size or self.size, bold=part.bold, color=part.color)

    def _x(self, column: int) -> float:
        return self.pdf.l_margin + sum(self.widths[:column])

    def _draw_cell(self, content: Cell, x: float, y: float, width: float) -> None:
        y += PAD_Y
        for part in content.parts:
            size = part.size or self.size
            self._font(part)
            self.pdf.set_xy(x + PAD_X, y)
            self.pdf.multi_cell(width - 2 * PAD_X, self._line(size), part.text, align=content.align,
                                new_x="LEFT", new_y="NEXT")
            y = self.pdf.get_y()

    def _rule(self, x1: float, x2: float, y: float, colour=PAPER.rule, width: float = 0.2) -> None:
        self.pdf.set_draw_color(*colour)
        self.pdf.set_line_width(width)
        self.pdf.line(x1, y, x2, y)

    def draw_header(self) -> None:
        pdf = self.pdf
        header = Block({c: content for c, content in enumerate(self.header)})
        height = self.block_height(header)
        y = pdf.get_y()
        pdf.set_fill_color(*PAPER.shade)
        pdf.rect(pdf.l_margin, y, sum(self.widths), height, style="F")
        for column, content in header.cells.items():
            self._draw_cell(content, self._x(column), y, self.widths[column])
        self._rule(pdf.l_margin, pdf.l_margin + sum(self.widths), y + height, PAPER.muted, 0.3)
        pdf.set_xy(pdf.l_margin, y + height)

    def draw(self, blocks) -> None:
        """The header, then every block; a block that does not fit on this page starts the next."""
        pdf = self.pdf
        auto, margin = pdf.auto_page_break, pdf.b_margin
        cell_margin, pdf.c_margin = pdf.c_margin, 0  # the table pads its cells itself
        header_height = self.block_height(Block({c: content for c, content in enumerate(self.header)}))
        first = self.block_height(blocks[0]) if blocks else 0.0
        if pdf.get_y() + header_height + first > pdf.page_break_trigger:
            pdf.add_page()
        pdf.set_auto_page_break(False, margin=margin)
        try:
            self.draw_header()
            for block in blocks:
                height = self.block_height(block)
                if pdf.get_y() + height > pdf.page_break_trigger and height < pdf.page_break_trigger - pdf.t_margin:
                    pdf.add_page()
                    self.draw_header()
                self._draw_block(block, height)
        finally:
            pdf.set_auto_page_break(auto, margin=margin)
            pdf.c_margin = cell_margin
        pdf.body()

    def _draw_block(self, block: Block, height: float) -> None:
        pdf = self.pdf
        top = pdf.get_y()
        for column, content in block.cells.items():
            self._draw_cell(content, self._x(column), top, self.widths[column])
        y = top
        heights = self._sub_heights(block)
        for index, (row, row_height) in enumerate(zip(block.sub_rows, heights)):
            column = 0
            for content in row:
                columns = block.sub_columns[column:column + content.span]
                self._draw_cell(content, self._x(columns[0]), y, sum(self.widths[c] for c in columns))
                column += content.span
            y += row_height
            if index < len(heights) - 1:  # a faint line between a customer's loops
                first = block.sub_columns[0]
                self._rule(self._x(first), self._x(block.sub_columns[-1] + 1), y, PAPER.shade, 0.3)
        self._rule(pdf.l_margin, pdf.l_margin + sum(self.widths), top + height)
        pdf.set_xy(pdf.l_margin, top + height)
