"""The report's drawings, made by ``chainmap.render`` like every other diagram.

A report draws three kinds: the whole map, one department's part of it (when
the whole map would be unreadably small on a page), and the chain around one
team.  The page's own heading says what a drawing is, so the drawings carry
no title of their own.
"""

from __future__ import annotations

import dataclasses

from ..departments import department_graph
from ..graph import downstream, upstream
from ..i18n import translator
from ..render import FORMATS, RenderOptions, prepare
from ..render.graphviz import draw as graphviz
from ..render.mermaid import label as mermaid_label  # the escaping of every other Mermaid label
from ..render.overview import counted, overview_dot, overview_engine, state_counts
from ..render.theme import DEFAULT

# The chain around a team: customers and their customers, and direct suppliers.
TEAM_DEPTH = 2
TEAM_UP = 1


def job(report, diagram, *, legend: bool = True, theme: str = "default"):
    """The :class:`~chainmap.render.RenderJob` that draws ``diagram``."""
    options = RenderOptions(legend=legend, theme=theme, as_of=report.as_of, lang=report.lang)
    if diagram.kind in ("overview", "department-view"):
        view = dict(overview=True) if diagram.kind == "overview" else dict(department=diagram.key)
        return dataclasses.replace(prepare(report.graph, dataclasses.replace(options, **view), report.findings),
                                   title=None)
    if diagram.kind == "team":
        options = dataclasses.replace(options, focus=diagram.key, depth=TEAM_DEPTH, up=TEAM_UP)
        graph = report.graph
    elif diagram.kind == "department":
        graph = department_part(report.graph, diagram.key)
    else:
        graph = report.graph
    prepared = prepare(graph, options, report.findings)
    if diagram.kind == "team":
        prepared = dataclasses.replace(prepared, shown=team_chain(graph, diagram.key))
    return dataclasses.replace(prepared, title=None)


def team_chain(graph, team_id: str):
    """The team, its suppliers, its customers and their customers, and only the links of that chain.

    A plain focus view also draws every other link among those teams (a
    supplier's other customers, links back from the far end); on a team's
    page they only distract from the chain that runs through the team.
    """
    customers = downstream(graph, team_id, TEAM_DEPTH)
    suppliers = upstream(graph, team_id, TEAM_UP)
    keep = set(customers) | set(suppliers)
    part = graph.__class__(**graph.graph)
    part.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if node in keep)
    for supplier, customer, data in graph.edges(data=True):
        into_team = customer == team_id and supplier in suppliers
        down_chain = customers.get(supplier, TEAM_DEPTH) < TEAM_DEPTH and customer in customers
        if into_team or down_chain:
            part.add_edge(supplier, customer, **data)
    return part


def draw(report, diagram, fmt: str, **options) -> bytes:
    """``diagram`` as ``svg`` or ``pdf`` bytes, drawn by Graphviz."""
    if diagram.kind == "department-view" and fmt == "svg":
        return _department_svg(report, diagram, legend=options.get("legend", True))

    return FORMATS[fmt](job(report, diagram, **options))


def department_part(graph, department: str):
    """One department's teams, plus the teams its links reach or come from, and those links.

    Links between two teams outside the department are left out: they are
    drawn in their own department's part.
    """
    inside = {node for node, data in graph.nodes(data=True) if (data["department"] or "") == department}
    keep = set(inside)
    for supplier, customer in graph.edges():
        if supplier in inside or customer in inside:
            keep.update((supplier, customer))
    part = graph.__class__(**graph.graph)
    part.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if node in keep)
    part.add_edges_from((s, c, data) for s, c, data in graph.edges(data=True) if s in inside or c in inside)
    return part


def department_mermaid(report, diagram) -> str:
    """The overview or a department's view as a Mermaid flowchart: a box per department, an arrow per pair.

    Mermaid draws no tables; each arrow says how many links it stands for and how many need work.
    """
    t = translator(report.lang)
    if diagram.kind == "department-view":
        overview = department_view(report, diagram.key)
    else:
        overview = department_graph(report.graph, report.as_of, report.findings)
    ids = {node: f"n{index}" for index, node in enumerate(overview)}
    lines = ["flowchart LR"]
    for node, data in overview.nodes(data=True):
        name = data["name"] if data["kind"] != "none" else t("overview.no-department")
        label = mermaid_label(name)
        if data["kind"] in ("department", "none"):
            label += "<br/>" + mermaid_label(counted(t, "overview.teams", len(data["teams"])))
        shape = ('(["', '"])') if data["kind"] == "external" else ('["', '"]')
        lines.append(f"  {ids[node]}{shape[0]}{label}{shape[1]}")
    for source, target, data in overview.edges(data=True):
        words = counted(t, "overview.links", data["links"])
        marks = state_counts(data["states"], t)
        label = mermaid_label(words + (f": {marks}" if marks else ""))
        arrow = "-.->" if data["states"]["no-feedback"] or data["states"]["stale"] else "-->"
        lines.append(f'  {ids[source]} {arrow}|"{label}"| {ids[target]}')
    return "\n".join(lines) + "\n"


def department_view(report, department: str):
    """``department``'s view (its teams in full, with only the departments it has links with),
    built from the links that touch its teams only.

    Collapsing the whole map once per department costs a second each at 5,000 teams; the
    other departments' boxes take their figures (teams, coverage, links inside, first
    finding) from the overview, collapsed once per report.
    """
    overview = report.department_overview
    graph = report.graph
    members = {node for node, data in graph.nodes(data=True)
               if not data["external"] and (data["department"] or "") == department}
    touching = [(s, c) for s in members for c in graph.successors(s)]
    touching += [(s, c) for c in members for s in graph.predecessors(c) if s not in members]
    keep = members | {node for pair in touching for node in pair}
    part = graph.__class__(**graph.graph)
    part.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if node in keep)
    part.add_edges_from((s, c, graph.edges[s, c]) for s, c in touching)
    view = department_graph(part, report.as_of, report.findings, expand=department)
    for node, data in view.nodes(data=True):
        if data["kind"] in ("department", "none") and node in overview:
            full = overview.nodes[node]
            data.update({key: full[key] for key in ("teams", "links_inside", "states_inside", "coverage", "worst")})
    return view


def _department_svg(report, diagram, legend: bool) -> bytes:
    """A department's view, as on paper (:func:`department_view`): its teams and what touches them."""
    part = department_view(report, diagram.key)
    dot = overview_dot(part, DEFAULT, as_of=report.as_of, title=None, legend=legend, lang=report.lang)
    return graphviz(dot, "svg", engine=overview_engine(part), team_count=part.number_of_nodes())
