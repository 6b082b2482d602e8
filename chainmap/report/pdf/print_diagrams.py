"""Diagrams for print: drawn compact, scaled to fit, and never scaled below readable type.

A screen can zoom; paper cannot.  So the PDF report draws its diagrams with
a compact variant of the default theme and tries a few ways of drawing each
(left to right or top to bottom; with what each link delivers, or only the
marks), on a portrait or a landscape page, and takes the first that fits
with its smallest text (the marks on links) at ``MIN_TEXT_PT`` or more.
When none does, the map is split by department, and a drawing that is too
large even then is cut into overlapping pieces over several pages.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from ...departments import department_graph
from ...pdf import Drawing, from_graphviz_json
from ...render.dot import to_dot
from ...render.graphviz import draw as graphviz
from ...render.matrix import matrix_dot, table_parts
from ...render.overview import is_table, overview_dot, overview_engine
from ...theme import PAPER, REPORT, Theme
from ..diagrams import department_view, job

# The smallest type a printed diagram may have, in points.
MIN_TEXT_PT = PAPER.min_diagram_text

# What the links say: "all" (what each delivers, and the marks), "team" (what
# is delivered only on the focused team's own links), "marks" (only NO
# FEEDBACK LOOP, STALE, HEARING ONLY).
LABELS = ("all", "team", "marks")


def min_scale(text: float = MIN_TEXT_PT) -> float:
    """The smallest scale at which a drawing's smallest text is still ``text`` points (``MIN_TEXT_PT``)."""
    return text / min(REPORT.small_fontsize, REPORT.edge_fontsize)


@dataclass(frozen=True)
class Tile:
    """A part of a drawing, in the drawing's millimetres from its top-left corner."""

    x: float
    y: float
    w: float
    h: float


def variants(diagram) -> list[tuple[str, str]]:
    """The ways to draw ``diagram``, best first: (direction, labels)."""
    if diagram.kind == "team":
        # Top to bottom suits a portrait page under the team's text.
        return [("TB", "team"), ("LR", "team"), ("TB", "marks"), ("LR", "marks")]
    if diagram.kind in ("overview", "department-view"):
        return [("LR", "all"), ("TB", "all")]
    if diagram.kind == "department":
        # Parts of a large map: its shape matters; what each link delivers is on the team pages,
        # and with every label a busy part gets labels over lines.
        return [("LR", "marks"), ("TB", "marks")]
    return [("LR", "all"), ("LR", "marks"), ("TB", "marks")]


def draw(report, diagram, direction: str = "LR", labels: str = "all") -> Drawing:
    """``diagram`` laid out for print, left to right (``LR``) or top to bottom (``TB``)."""
    if diagram.kind in ("overview", "department-view"):
        return _draw_departments(report, diagram, direction)
    prepared = job(report, diagram, legend=False)
    shown = _for_print(prepared.shown, diagram, labels)
    theme = theme_for([data["name"] for _, data in shown.nodes(data=True)],
                      [link.delivers for _, _, link in shown.edges(data="link")])
    dot = to_dot(shown, theme, as_of=prepared.as_of, findings=prepared.findings, title=None, legend=False,
                 focus=prepared.focus, lang=report.lang)
    return from_graphviz_json(graphviz(_page_attributes(dot, direction), "json", team_count=shown.number_of_nodes()))


def theme_for(names, labels=()) -> Theme:
    """The print theme, its wrap width wide enough that no name is broken inside a word.

    Graphviz labels are wrapped at ``wrap`` characters (names) and ``wrap + 4``
    (what a link delivers, a department's name); a word longer than that
    (``Klantcontactcentrum``) would be cut in two, so the width grows to the
    longest word drawn.
    """
    def longest(texts) -> int:
        return max((len(word) for text in texts for word in (text or "").split()), default=0)

    wrap = max(REPORT.wrap, longest(names), longest(labels) - 4)
    return REPORT if wrap == REPORT.wrap else dataclasses.replace(REPORT, wrap=wrap)


def _draw_departments(report, diagram, direction: str) -> Drawing:
    """The overview (one box per department) or one department's view, as ``render`` draws them."""
    if diagram.kind == "department-view":
        overview = department_view(report, diagram.key)
    else:
        overview = department_graph(report.graph, report.as_of, report.findings)
    dot = overview_dot(overview, _departments_theme(overview), as_of=report.as_of, title=None, legend=False,
                       lang=report.lang)
    dot = _page_attributes(dot, direction)
    return from_graphviz_json(graphviz(dot, "json", engine=overview_engine(overview),
                                       team_count=overview.number_of_nodes()))


def table_pieces(report, boxes) -> tuple[tuple[str, float, float], list[Drawing]] | None:
    """The overview, when it is a table, in parts at readable type (:func:`min_scale`), each with
    its own headings: on the box of ``boxes`` ((orientation, width, height) in mm) that needs the
    fewest parts, the first of them when as few; ``None`` when the overview is no table."""
    overview = department_graph(report.graph, report.as_of, report.findings)
    if not is_table(overview):
        return None
    theme = _departments_theme(overview)
    points = 72 / 25.4 / min_scale()
    box, parts = min(((box, table_parts(overview, theme, report.lang, box[1] * points, box[2] * points))
                      for box in boxes), key=lambda found: len(found[1]))
    return box, [from_graphviz_json(graphviz(_page_attributes(matrix_dot(overview, theme, title=None, legend=False,
                                                                         lang=report.lang, part=part), "LR"),
                                             "json", engine="nop"))
                 for part in parts]


def _departments_theme(overview) -> Theme:
    return theme_for([data["name"] for _, data in overview.nodes(data=True) if data["kind"] in ("team", "external")],
                     [data["name"] for _, data in overview.nodes(data=True) if data["kind"] == "department"]
                     + [data["link"].delivers for _, _, data in overview.edges(data=True) if data["link"]])


def _page_attributes(dot: str, direction: str) -> str:
    """The DOT with the drawing's direction, and with little white border: the page gives one anyway."""
    lines = dot.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("  graph ["))
    line = lines[index].replace('pad="0.4"', 'pad="0.08"', 1)
    line = line.replace('rankdir="LR"', f'rankdir="{direction}"', 1)
    lines[index] = line.replace("  graph [", '  graph [margin="0", ', 1)
    return "\n".join(lines)


def _for_print(graph, diagram, labels: str):
    """The graph to draw, made compact for paper.

    A team's chain has no department boxes (its page names the team's
    department); a department's part boxes only that department, so its
    suppliers stand left of the box and its customers right.  Labels:
    see ``LABELS``; the marks stay in every case.
    """
    part = graph.copy()
    for node, data in part.nodes(data=True):
        if diagram.kind == "team" or (diagram.kind == "department" and (data["department"] or "") != diagram.key):
            data["department"] = None
    for supplier, customer, data in part.edges(data=True):
        own = diagram.kind == "team" and diagram.key in (supplier, customer)
        if labels == "marks" or (labels == "team" and not own):
            data["link"] = dataclasses.replace(data["link"], delivers=None)
    return part


def tiles(drawing: Drawing, scale: float, width: float, height: float) -> list[Tile]:
    """Cut a drawing at ``scale`` into pieces of at most ``width`` x ``height`` mm on paper.

    Pieces are equal and overlap a little, so a team cut in two shows whole
    on one of them; they run left to right, then top to bottom, as one reads.
    """
    overlap = 12.0  # mm of the drawing repeated on the next piece
    columns, piece_w = _split(drawing.width, width / scale, overlap)
    rows, piece_h = _split(drawing.height, height / scale, overlap)
    return [Tile(column * (piece_w - overlap), row * (piece_h - overlap), piece_w, piece_h)
            for row in range(rows) for column in range(columns)]


def _split(length: float, most: float, overlap: float) -> tuple[int, float]:
    """How many equal, overlapping pieces of at most ``most`` cover ``length``, and their length."""
    if length <= most:
        return 1, length
    count = math.ceil((length - overlap) / (most - overlap))
    return count, (length + (count - 1) * overlap) / count
