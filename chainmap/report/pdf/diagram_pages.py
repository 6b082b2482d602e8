"""Where the PDF report's diagrams go: the map's pages, and the chain on each team's page.

Every diagram is placed at a readable size (``print_diagrams.min_scale``): in
the room left on the page, on a page of its own (portrait or landscape,
whichever shows it larger), or in pieces.  The whole map that does not fit
one page is split by department.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...i18n import text
from ...pdf import Box, Drawing
from ...theme import PAPER
from ..content import Diagram
from .legend import draw_legend, legend_height
from .print_diagrams import min_scale, table_pieces, tiles, variants

CAPTION = 6.0  # mm under a diagram for its caption
HEADING = 14.0  # mm a page heading takes
# Below this much room left under a team's text, its diagram goes to a page of its own.
MIN_ROOM = 45.0
PAGE_SIZES = {"P": (210.0, 297.0), "L": (297.0, 210.0)}


@dataclass(frozen=True)
class Choice:
    """A way to show a diagram readably: the drawing, the page's orientation and the scale on it."""

    drawing: Drawing
    orientation: str
    scale: float


def fit(pdf, diagram, boxes) -> Choice | None:
    """The best way to draw ``diagram`` readably in one of ``boxes`` ((orientation, w, h)), or None.

    The first kind of labels (``print_diagrams.variants``) that fits wins;
    among its directions and boxes, the one that shows it largest.
    """
    best = None
    labels = None
    for direction, kind in variants(diagram):
        if best is not None and (kind != labels or best.scale >= 1.0):
            break  # a drawing at its full size cannot be shown larger: no need to draw another way
        drawing = pdf.drawing(diagram, direction, kind)
        for orientation, width, height in boxes:
            scale = drawing.scale_to_fit(width, height)
            if scale >= min_scale() and (best is None or scale > best.scale + 0.01):
                best, labels = Choice(drawing, orientation, scale), kind
    return best


def page_boxes(pdf, heading: float, focus: bool) -> list[tuple[str, float, float]]:
    """The room for a drawing on a fresh portrait and a fresh landscape page, under ``heading`` mm."""
    found = []
    for orientation, (width, height) in PAGE_SIZES.items():
        body = height - pdf.t_margin - pdf.b_margin - heading - CAPTION - legend_height(pdf, focus) - 4
        found.append((orientation, width - pdf.l_margin - pdf.r_margin, body))
    return found


def place_here(pdf, choice: Choice, caption: str, focus: bool = False) -> None:
    """The drawing at the current position, its caption and the legend under it."""
    pdf.ln(2)
    drawing = choice.drawing
    width, height = drawing.width * choice.scale, drawing.height * choice.scale
    box = Box(pdf.page, pdf.l_margin + (pdf.epw - width) / 2, pdf.get_y(), width, height)
    pdf.place_drawing(drawing, box, max_scale=choice.scale)
    pdf.set_y(box.y + box.h)
    _caption(pdf, caption)
    draw_legend(pdf, focus)


def place_in_pieces(pdf, diagram, heading, caption: str, focus: bool = False, room: float = HEADING + 10) -> None:
    """A drawing too large for any page, in overlapping pieces at the smallest readable size.

    ``heading(number, count, orientation)`` starts each piece's page, and
    takes at most ``room`` mm of it.
    """
    smallest = min_scale()
    _, kind = variants(diagram)[-1]
    candidates = []
    for direction in ("LR", "TB"):
        drawing = pdf.drawing(diagram, direction, kind)
        for orientation, width, height in page_boxes(pdf, room, focus):
            pieces = tiles(drawing, smallest, width, height)
            # As many pieces, as large as the page takes them: fewer half-empty pages, larger type.
            scale = max(smallest, min(1.0, width / pieces[0].w, height / pieces[0].h))
            # A piece of white between the drawing's branches is no page.
            pieces = [piece for piece in pieces if drawing.shows_anything((piece.x, piece.y, piece.w, piece.h))]
            candidates.append((len(pieces), direction, orientation, drawing, pieces, scale))
    count, _, orientation, drawing, pieces, scale = min(candidates, key=lambda c: c[:3])
    for number, piece in enumerate(pieces, 1):
        heading(number, count, orientation)
        _locator(pdf, drawing, pieces, piece)
        pdf.ln(2)
        box = Box(pdf.page, pdf.l_margin, pdf.get_y(), piece.w * scale, piece.h * scale)
        pdf.place_drawing(drawing, box, region=(piece.x, piece.y, piece.w, piece.h))
        pdf.set_y(box.y + box.h)
        _caption(pdf, caption)
        draw_legend(pdf, focus)


# The map of the pieces at the top right of a piece's page: at most this wide and high, in mm.
LOCATOR = (28.0, 12.0)


def _locator(pdf, drawing: Drawing, pieces: list, piece) -> None:
    """Where this piece sits in the whole: a small map of the pieces in the page's top right corner, this
    one filled, so that a reader (or whoever tapes the pages into a poster) can place it."""
    scale = min(LOCATOR[0] / drawing.width, LOCATOR[1] / drawing.height)
    left = pdf.w - pdf.r_margin - drawing.width * scale
    top = pdf.t_margin
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*PAPER.rule)
    pdf.set_fill_color(*PAPER.shade)
    pdf.rect(left, top, drawing.width * scale, drawing.height * scale, style="DF")
    for other in pieces:
        shown = other is piece
        pdf.set_draw_color(*(PAPER.accent if shown else PAPER.muted))
        pdf.set_fill_color(*PAPER.accent)
        pdf.rect(left + other.x * scale, top + other.y * scale, other.w * scale, other.h * scale,
                 style="DF" if shown else "D")
    pdf.set_draw_color(*PAPER.text)


def _caption(pdf, caption: str) -> None:
    pdf.ln(1.5)
    pdf.body(PAPER.caption, color=PAPER.muted)
    pdf.multi_cell(0, pdf.line_height(PAPER.caption), caption, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.body()


# -- the map ----------------------------------------------------------------------------------

def fit_page(pdf, diagram, boxes) -> Choice:
    """The way to draw ``diagram`` largest in one of ``boxes``, however small: a map that must be one page."""
    best = None
    for direction, kind in variants(diagram):
        if best is not None and best.scale >= 1.0:
            break
        drawing = pdf.drawing(diagram, direction, kind)
        for orientation, width, height in boxes:
            scale = drawing.scale_to_fit(width, height)
            if best is None or scale > best.scale + 0.01:
                best = Choice(drawing, orientation, scale)
    return best


def overview_page(pdf) -> None:
    """The organisation at a glance on one page: landscape when that shows it larger.

    An organisation too large to read on one page (200 departments make a table of 200 rows)
    still gets that page, for its shape, and then the same at a readable size over several:
    a table in parts that each carry their rows' names and their columns' numbers, boxes and
    arrows in overlapping pieces ("The organisation at a glance (2/9)").
    """
    report, t = pdf.report, pdf.t
    title = t("report.overview.title")
    choice = fit_page(pdf, report.overview, page_boxes(pdf, HEADING, focus=False))
    pdf.add_page(orientation=choice.orientation)
    pdf.start_section(title, level=0)
    pdf.big_title(title)
    place_here(pdf, choice, report.overview.caption)
    if choice.scale >= min_scale():
        return

    def start(number: int, count: int, orientation: str) -> None:
        pdf.add_page(orientation=orientation)
        pdf.big_title(f"{title} ({number}/{count})", size=14)

    # A table's parts: on the page that needs the fewest (landscape when as few).
    table = _table_pieces(pdf, sorted(page_boxes(pdf, HEADING, focus=False), key=lambda box: box[0] != "L"))
    if table is None:
        place_in_pieces(pdf, report.overview, start, report.overview.caption)
        return
    (orientation, width, height), drawings = table
    for number, drawing in enumerate(drawings, 1):
        start(number, len(drawings), orientation)
        place_here(pdf, Choice(drawing, orientation, min(1.0, drawing.scale_to_fit(width, height))),
                   report.overview.caption)


def _table_pieces(pdf, boxes: list):
    """``print_diagrams.table_pieces``, once per report (both layout passes share drawings)."""
    key = ("table-pieces", tuple(boxes))
    if key not in pdf.drawings:
        pdf.drawings[key] = table_pieces(pdf.report, boxes)
    return pdf.drawings[key]


def department_map(pdf, diagram, first: bool) -> None:
    """One department's map (``render --department``): a page of its own, or pieces, at a readable size.

    A department of a hundred teams shrunk onto one sheet prints its names
    at 3 pt; in pieces every name keeps ``print_diagrams.MIN_TEXT_PT`` or more.
    """
    t = pdf.t

    def start(orientation: str, title: str, opening: bool) -> None:
        pdf.add_page(orientation=orientation)
        if opening and first:
            pdf.start_section(t("report.departments.title"), level=0)
            pdf.big_title(t("report.departments.title"))
        if opening:
            pdf.start_section(diagram.key, level=1)
        pdf.big_title(title, size=14)

    _readably(pdf, diagram, HEADING + (12 if first else 0), start, diagram.key,
              whole_from=min_scale(PAPER.min_sheet_text))


def _readably(pdf, diagram, heading: float, start, title: str, whole_from: float | None = None) -> None:
    """``diagram`` on a page of its own if it is readable there, else in pieces over several pages.

    ``start(orientation, title, opening)`` begins each page, in at most
    ``heading`` mm; ``opening`` is true for the diagram's first page.
    ``whole_from``: a scale below the readable one at which the diagram
    still stays whole on one page.
    """
    boxes = page_boxes(pdf, heading, focus=False)
    choice = fit(pdf, diagram, boxes)
    if choice is None and whole_from is not None:
        choice = fit_page(pdf, diagram, boxes)
        choice = choice if choice.scale >= whole_from else None
    if choice:
        start(choice.orientation, title, True)
        place_here(pdf, choice, diagram.caption)
        return
    place_in_pieces(pdf, diagram, lambda number, count, orientation: start(
        orientation, f"{title} ({number}/{count})", number == 1), diagram.caption, room=heading)


def map_pages(pdf) -> None:
    """The whole map on one page if it is readable there; else one page (or more) per department."""
    report, t = pdf.report, pdf.t
    if report.overview.kind == "overview":
        overview_page(pdf)
        return
    choice = fit(pdf, report.overview, page_boxes(pdf, HEADING, focus=False))
    if choice:
        pdf.add_page(orientation=choice.orientation)
        pdf.start_section(t("report.map.title"), level=0)
        pdf.big_title(t("report.map.title"))
        place_here(pdf, choice, report.overview.caption)
        return
    for index, department in enumerate(report.departments):
        _department(pdf, department, first=index == 0)


def _department(pdf, department, first: bool) -> None:
    t = pdf.t
    name = department.name or t("report.no-department")
    diagram = Diagram("department", department.name, text("report.map.part", pdf.report.lang, department=name))

    def start(orientation: str, title: str, opening: bool) -> None:
        pdf.add_page(orientation=orientation)
        if opening and first:  # the first part's page also carries the section's heading and a word on the split
            pdf.start_section(t("report.map.title"), level=0)
            pdf.big_title(t("report.map.title"))
            pdf.para(t("report.map.split"), color=PAPER.muted, after=2)
        pdf.big_title(title, size=14)

    _readably(pdf, diagram, HEADING + (22 if first else 0), start, diagram.caption)


# -- a team's chain -----------------------------------------------------------------------------

def team_diagram(pdf, section) -> None:
    """The chain around the team: under its text if it fits readably there, else on a page of its own."""
    diagram = section.diagram
    room = pdf.page_break_trigger - pdf.get_y() - 6 - CAPTION - legend_height(pdf, True) - 4
    if room >= MIN_ROOM:
        choice = fit(pdf, diagram, [(pdf.cur_orientation, pdf.epw, room)])
        if choice:
            place_here(pdf, choice, diagram.caption, focus=True)
            return

    def start(orientation: str, title: str) -> None:
        pdf.add_page(orientation=orientation)
        pdf.big_title(title, size=14)

    choice = fit(pdf, diagram, page_boxes(pdf, HEADING, focus=True))
    if choice:
        start(choice.orientation, section.name)
        place_here(pdf, choice, diagram.caption, focus=True)
        return
    place_in_pieces(pdf, diagram, lambda number, count, orientation: start(
        orientation, f"{section.name} ({number}/{count})"), diagram.caption, focus=True)
