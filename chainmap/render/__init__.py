"""Rendering: one module per output kind, picked from a registry keyed by format.

>>> from chainmap.render import render, RenderOptions
>>> svg = render(graph, "svg", RenderOptions(theme="print", focus="payroll"))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import UsageError, did_you_mean, usage_problem

ENGINES = ("dot", "sfdp", "neato", "fdp")


@dataclass(frozen=True)
class RenderOptions:
    """What to draw and how.  ``focus`` is a team name or id."""

    title: str | None = None
    legend: bool = True
    theme: str = "default"
    focus: str | None = None
    depth: int | None = 2
    up: int | None = 1
    as_of: date | None = None
    engine: str = "dot"
    dpi: float | None = None


def _render_dot(graph, options, dot_text, team_count) -> bytes:
    return dot_text.encode("utf-8")


def _render_graphviz(fmt):
    def render_format(graph, options, dot_text, team_count) -> bytes:
        from .graphviz import draw

        return draw(dot_text, fmt, engine=options.engine, dpi=options.dpi, team_count=team_count)

    return render_format


FORMATS = {
    "svg": _render_graphviz("svg"),
    "png": _render_graphviz("png"),
    "pdf": _render_graphviz("pdf"),
    "dot": _render_dot,
}


def select(graph, options: RenderOptions):
    """The part of ``graph`` to draw and the focused team id (None without focus)."""
    if not options.focus:
        return graph, None
    from ..graph import focus_subgraph, resolve_team

    team_id = resolve_team(graph, options.focus)
    if team_id is None:
        names = [data["name"] for _, data in graph.nodes(data=True)]
        raise UsageError([usage_problem("unknown-team", f"no team called {options.focus!r} in the map",
                                        did_you_mean(options.focus, names, cutoff=0.6))])
    return focus_subgraph(graph, team_id, options.depth, options.up), team_id


def render(graph, fmt: str, options: RenderOptions | None = None, findings=None) -> bytes:
    """The map drawn as ``fmt`` (``svg``, ``png``, ``pdf`` or ``dot``) bytes."""
    from ..rules import findings as all_findings
    from .dot import to_dot
    from .theme import THEMES

    options = options or RenderOptions()
    if fmt not in FORMATS:
        raise UsageError([usage_problem("format", f"unknown format {fmt!r}",
                                        f"use one of: {', '.join(FORMATS)}")])
    if options.theme not in THEMES:
        raise UsageError([usage_problem("theme", f"unknown theme {options.theme!r}",
                                        f"use one of: {', '.join(THEMES)}")])
    as_of = options.as_of or date.today()
    if findings is None:
        findings = all_findings(graph, as_of)
    shown, focus = select(graph, options)
    title = options.title or graph.graph.get("organization")
    dot_text = to_dot(shown, THEMES[options.theme], as_of=as_of, findings=findings, title=title,
                      legend=options.legend, focus=focus)
    return FORMATS[fmt](shown, options, dot_text, shown.number_of_nodes())
