"""Themes: how teams and the four link states look.

The four link states differ by line pattern, thickness, arrowhead and a
text mark, so they read without colour (black-and-white print, colour-blind
readers).  Colour only adds to that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FONT = "Helvetica,Arial,sans-serif"


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

THEMES = {theme.name: theme for theme in (DEFAULT, PROJECTOR, PRINT)}
