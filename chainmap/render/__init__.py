"""Rendering: one module per output kind, picked from a registry keyed by format.

>>> from chainmap.render import render, RenderOptions
>>> svg = render(graph, "svg", RenderOptions(theme="print", focus="payroll"))

A format is a function ``(job: RenderJob) -> bytes`` registered in ``FORMATS``
(a :class:`chainmap.formats.Formats`, as ``report`` and ``cards`` have) with
the file suffixes that choose it.  Its module is imported only when the
format is used, so adding formats costs ``--help`` nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from ..departments import department_graph, departments, find_department
from ..errors import UsageError, usage_problem
from ..formats import Format, Formats
from ..graph import find_team, focus_subgraph
from ..i18n import LANGUAGES
from ..rules import findings as all_findings
from .change import changed_overview
from .dot import to_dot
from .overview import overview_dot, overview_engine
from .theme import THEMES

ENGINES = ("dot", "sfdp", "neato", "fdp")
# Above this many described teams, a drawing of every team is no longer read: the command line
# draws the overview instead (README, "Large maps").
READABLE_TEAMS = 150
def described_teams(graph) -> int:
    """How many teams the map describes (end customers and teams described nowhere not counted)."""
    return sum(1 for _, data in graph.nodes(data=True) if data["described"])


def too_large_to_read(graph) -> bool:
    """True for a map drawn team by team no one can read: over READABLE_TEAMS teams, in two departments or more."""

    return described_teams(graph) > READABLE_TEAMS and len(departments(graph)) > 1


# The formats Graphviz draws: a large map's overview is drawn in them by default.
GRAPHVIZ_FORMATS = ("svg", "png", "pdf", "dot")
# The formats that draw the overview and a department's view.
DEPARTMENT_FORMATS = GRAPHVIZ_FORMATS + ("mermaid",)
# The formats people look at (the others are data for other tools).
DRAWINGS = DEPARTMENT_FORMATS + ("html",)


@dataclass(frozen=True)
class RenderOptions:
    """What to draw and how.  ``focus`` is a team name or id; ``lang`` is ``en`` or ``nl``."""

    title: str | None = None
    legend: bool = True
    theme: str = "default"
    focus: str | None = None
    depth: int | None = 2
    up: int | None = 1
    as_of: date | None = None
    engine: str = "dot"
    dpi: float | None = None
    lang: str = "en"
    # The organisation at a glance: one box per department (see chainmap.departments).
    overview: bool = False
    # One department's teams in full, every other department collapsed to one box.
    department: str | None = None
    # The picture of a change (chainmap.render.change.Changes): the map given is its changed_map.
    changes: object | None = None


@dataclass(frozen=True)
class RenderJob:
    """Everything a format needs: the whole map, the part to draw, and the findings."""

    graph: object  # the whole map (networkx.DiGraph)
    shown: object  # the part to draw: the whole map, or the chain around ``focus``
    focus: str | None  # the focused team's id
    options: RenderOptions
    findings: tuple
    as_of: date
    title: str | None
    # What a format had to tell the caller (chainmap.errors.Problem, severity "warning"): a PNG
    # shrunk to fit, say.  The library never prints; the command line shows these on stderr.
    warnings: list = field(default_factory=list, compare=False)

    @cached_property
    def theme(self):
        return THEMES[self.options.theme]

    @cached_property
    def dot(self) -> str:
        """The DOT text of the drawing, which every Graphviz format draws."""
        if self.departments is not None:
            return overview_dot(self.departments, self.theme, as_of=self.as_of, title=self.title,
                                legend=self.options.legend, lang=self.options.lang, engine=self.engine,
                                changes=self.options.changes)

        return to_dot(self.shown, self.theme, as_of=self.as_of, findings=self.findings, title=self.title,
                      legend=self.options.legend, focus=self.focus, lang=self.options.lang,
                      engine=self.options.engine, changes=self.options.changes)

    @property
    def engine(self) -> str:
        """The Graphviz engine that lays the drawing out: the option's, unless a dense overview needs sfdp."""
        if self.departments is None:
            return self.options.engine

        return overview_engine(self.departments, self.options.engine)

    @cached_property
    def departments(self):
        """The department graph drawn instead of teams, for ``overview`` and ``department``; else None."""
        if not (self.options.overview or self.options.department):
            return None
        if self.options.changes is not None:
            return changed_overview(self.graph, self.options.changes, self.as_of, self.findings,
                                    expand=self.department)

        return department_graph(self.graph, self.as_of, self.findings, expand=self.department)

    @property
    def department(self) -> str | None:
        """The department drawn in full (its name as written in the team files), or None."""
        if not self.options.department:
            return None

        return find_department(self.graph, self.options.department)


FORMATS = Formats("render", *(Format(name, f"chainmap.render.{function}", suffixes, binary) for name, function, suffixes, binary in (
    ("svg", "graphviz:render_svg", (".svg",), False),
    ("png", "graphviz:render_png", (".png",), True),
    ("pdf", "graphviz:render_pdf", (".pdf",), True),
    ("dot", "graphviz:render_dot", (".dot", ".gv"), False),
    ("html", "page:render_html", (".html", ".htm"), False),
    ("mermaid", "mermaid:render_mermaid", (".mmd", ".mermaid"), False),
    ("graphml", "exports:render_graphml", (".graphml",), False),
    ("gexf", "exports:render_gexf", (".gexf",), False),
    ("json", "exports:render_json", (".json",), False),
    ("kumu", "exports:render_kumu", (".zip",), True),
    ("csv", "exports:render_csv", (".csv",), False),
)))


def format_for_suffix(suffix: str) -> str | None:
    """The format a file suffix such as ``.svg`` chooses, or None."""
    return FORMATS.for_suffix(suffix)


def select(graph, options: RenderOptions):
    """The part of ``graph`` to draw and the focused team id (None without focus)."""
    if not options.focus:
        return graph, None

    team_id = find_team(graph, options.focus)
    return focus_subgraph(graph, team_id, options.depth, options.up), team_id


def prepare(graph, options: RenderOptions | None = None, findings=None) -> RenderJob:
    """Check ``options`` against ``graph`` and gather what every format needs."""

    options = options or RenderOptions()
    if options.theme not in THEMES:
        raise UsageError([usage_problem("theme", f"unknown theme {options.theme!r}",
                                        f"use one of: {', '.join(THEMES)}")])
    if options.lang not in LANGUAGES:
        raise UsageError([usage_problem("lang", f"unknown language {options.lang!r}",
                                        f"use one of: {', '.join(LANGUAGES)}")])
    as_of = options.as_of or date.today()
    views = [name for name, on in (("--overview", options.overview), ("--department", options.department),
                                   ("--focus", options.focus)) if on]
    if len(views) > 1:
        raise UsageError([usage_problem("view", f"{' and '.join(views)} are different views of the map",
                                        "choose one of them")])
    if options.department:
        find_department(graph, options.department)  # an unknown department fails before any work
    if findings is None:
        findings = all_findings(graph, as_of)
    shown, focus = select(graph, options)
    title = options.title or graph.graph.get("organization")
    return RenderJob(graph, shown, focus, options, tuple(findings), as_of, title)


def render(graph, fmt: str, options: RenderOptions | None = None, findings=None,
           warnings: list | None = None) -> bytes:
    """The map drawn as ``fmt`` bytes: one of ``FORMATS`` (``svg``, ``png``, ``pdf``, ``dot``, ...).

    Pass a list as ``warnings`` to receive what the drawing had to give up, as
    :class:`~chainmap.errors.Problem` warnings: a PNG too large for Graphviz
    is drawn smaller, say.  Nothing is printed.
    """
    writer = FORMATS.get_or_fail(fmt)
    job = prepare(graph, options, findings)
    data = writer(job)
    if warnings is not None:
        warnings.extend(job.warnings)
    return data
