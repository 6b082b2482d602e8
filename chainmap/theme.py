"""The theme registry: every palette (screen, print, paper) and every size, in one place.

``THEMES`` are the diagram themes a user chooses (``--theme``); ``PAGE_THEMES``
the ones the interactive page swaps between; ``REPORT`` the compact print
variant the PDF report draws its diagrams with; ``PAPER`` the colours and type
sizes of the PDF documents (report and cards).

The four link states differ by line pattern, thickness, arrowhead and a
text mark, so they read without colour (black-and-white print, colour-blind
readers).  Colour only adds to that.

This module imports nothing of chainmap's: every layer may read it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

FONT = "Helvetica,Arial,sans-serif"

# Line patterns, in points: (dash, gap).  The diagrams in the PDF report and the legend under
# them draw with these; Graphviz's own SVG and PDF use its built-in patterns.
LINE_PATTERNS = {"dashed": (4.5, 2.8), "dotted": (0.85, 2.55)}


@dataclass(frozen=True)
class LinkStyle:
    style: str
    penwidth: float
    color: str
    arrowhead: str
    marked: bool  # print the state's words under the label (see chainmap.i18n, "state.*.mark")


@dataclass(frozen=True)
class Theme:
    name: str
    fontsize: float
    small_fontsize: float
    edge_fontsize: float
    title_fontsize: float
    line_scale: float
    text: str
    muted: str
    team_fill: str
    team_line: str
    external_fill: str
    undescribed_fill: str
    focus_fill: str
    cluster_fill: str
    cluster_line: str
    background: str
    links: dict = field(default_factory=dict)
    wrap: int = 22
    nodesep: float = 0.35
    ranksep: float = 0.9
    # Characters per line of a Mermaid label: (a team's name, what a link delivers).
    mermaid_wrap: tuple = (24, 28)
    # Drawn on the interactive page, which swaps between these themes.
    page: bool = False
    # Light tints of the link states behind the overview table's cells (none on paper: white).
    state_tints: dict = field(default_factory=dict)
    # The overview table for paper: each cell only its count (its border and tint still say its
    # worst state), each row one line, so 40 departments print on one A4 page at 6 pt or more.
    compact_table: bool = False


_STATE_TINTS = {"no-feedback": "#fde3e3", "stale": "#fdebd3", "hearing-only": "#ece3f5", "healthy": "#e4f2e5"}


def _links(no_feedback: str, stale: str, hearing: str, healthy: str) -> dict:
    return {
        "no-feedback": LinkStyle("dashed", 3.2, no_feedback, "normal", True),
        "stale": LinkStyle("dotted", 2.4, stale, "normal", True),
        "hearing-only": LinkStyle("solid", 1.2, hearing, "empty", True),
        "healthy": LinkStyle("solid", 2.0, healthy, "normal", False),
    }


DEFAULT = Theme(
    name="default",
    fontsize=14,
    small_fontsize=10,
    edge_fontsize=11,
    title_fontsize=26,
    line_scale=1.0,
    text="#1a1a1a",
    muted="#555555",
    team_fill="#eef4fb",
    team_line="#2b4c7e",
    external_fill="#fdf3e1",
    undescribed_fill="#ffffff",
    focus_fill="#ffe066",
    cluster_fill="#f6f6f6",
    cluster_line="#9a9a9a",
    background="white",
    links=_links(no_feedback="#c62828", stale="#b35c00", hearing="#6a3d9a", healthy="#2e7d32"),
    page=True,
    state_tints=_STATE_TINTS,
)

PROJECTOR = Theme(
    name="projector",
    fontsize=22,
    small_fontsize=15,
    edge_fontsize=17,
    title_fontsize=36,
    line_scale=1.8,
    text="#000000",
    muted="#333333",
    team_fill="#dbe9ff",
    team_line="#0b2a66",
    external_fill="#ffe3b3",
    undescribed_fill="#ffffff",
    focus_fill="#ffd500",
    cluster_fill="#f0f0f0",
    cluster_line="#606060",
    background="white",
    links=_links(no_feedback="#d00000", stale="#a04800", hearing="#5b1f99", healthy="#006b1b"),
    wrap=20,
    nodesep=0.5,
    ranksep=1.2,
    mermaid_wrap=(18, 18),
    page=True,
    state_tints=_STATE_TINTS,
)

# Greyscale only: everything must be told apart by pattern, weight and words.
PRINT = Theme(
    name="print",
    fontsize=13,
    small_fontsize=9.5,
    edge_fontsize=10,
    title_fontsize=22,
    line_scale=1.0,
    text="#000000",
    muted="#444444",
    team_fill="#ffffff",
    team_line="#000000",
    external_fill="#e6e6e6",
    undescribed_fill="#ffffff",
    focus_fill="#cccccc",
    cluster_fill="#f4f4f4",
    cluster_line="#777777",
    background="white",
    links=_links(no_feedback="#000000", stale="#333333", hearing="#555555", healthy="#000000"),
)

# The themes a user chooses from (``--theme``), by name.
THEMES = {theme.name: theme for theme in (DEFAULT, PROJECTOR, PRINT)}
# The interactive page's themes (its Projector button swaps between them).
PAGE_THEMES = tuple(name for name, theme in THEMES.items() if theme.page)

# The PDF report's diagrams: the default colours, compact, for paper.
REPORT = dataclasses.replace(DEFAULT, name="report", fontsize=11, small_fontsize=10, edge_fontsize=10,
                             title_fontsize=18, ranksep=0.35, nodesep=0.2, wrap=16, page=False,
                             compact_table=True)


@dataclass(frozen=True)
class Paper:
    """The PDF documents' colours (RGB) and type sizes (points)."""

    text: tuple = (33, 37, 41)  # near-black body text
    muted: tuple = (95, 99, 104)  # secondary text
    rule: tuple = (190, 194, 198)  # thin rules, table lines
    shade: tuple = (241, 243, 245)  # table headers
    accent: tuple = (43, 76, 126)  # the report's titles
    writing_line: tuple = (175, 180, 186)  # the cards' lines to write on
    cut: tuple = (150, 150, 150)  # the cards' cut marks
    body: float = 10.5
    headings: tuple = (20, 15, 12)  # levels 1, 2, 3
    line: float = 1.35  # line height as a multiple of the type size
    footer: float = 8
    caption: float = 8
    table: float = 8.2
    legend: float = 7.2
    # The smallest type a printed diagram may have; a diagram that would be smaller is drawn
    # another way, on a page of its own, or cut into pieces.
    min_diagram_text: float = 6.0
    # The conversation cards: the link's names (largest that fits in three lines), the questions,
    # body text, the small labels and the footer.
    card_titles: tuple = (14, 12.5, 11)
    card_question: float = 10
    card_body: float = 9.5
    card_label: float = 7
    card_footer: float = 7
    # A department's map stays whole on one sheet down to this size (one sheet to pin up is worth
    # a point); below it, it is cut into pieces at min_diagram_text.
    min_sheet_text: float = 5.0

    def state(self, state: str) -> tuple:
        """The colour of a link state on paper (the report's diagrams and the cards share it)."""
        return rgb(REPORT.links[state].color)


PAPER = Paper()


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as a tuple of three integers: ``rgb("#c62828") == (198, 40, 40)``."""
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))
