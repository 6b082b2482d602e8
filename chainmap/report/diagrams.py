"""The report's drawings, made by ``chainmap.render`` like every other diagram.

A report draws three kinds: the whole map, one department's part of it (when
the whole map would be unreadably small on a page), and the chain around one
team.  The page's own heading says what a drawing is, so the drawings carry
no title of their own.
"""

from __future__ import annotations

import dataclasses

from ..render import RenderOptions, prepare

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
        graph = department_graph(report.graph, diagram.key)
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
    from ..graph import downstream, upstream

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
    from ..render import FORMATS

    if diagram.kind == "department-view" and fmt == "svg":
        return _department_svg(report, diagram, legend=options.get("legend", True))

    return FORMATS[fmt](job(report, diagram, **options))


def department_graph(graph, department: str):
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
    from ..departments import department_graph
    from ..i18n import translator
    from ..render.mermaid import label as _mermaid_text  # the escaping of every other Mermaid label
    from ..render.overview import counted, state_counts

    t = translator(report.lang)
    from .pdf_diagrams import department_view

    if diagram.kind == "department-view":
        overview = department_view(report, diagram.key)
    else:
        overview = department_graph(report.graph, report.as_of, report.findings)
    ids = {node: f"n{index}" for index, node in enumerate(overview)}
    lines = ["flowchart LR"]
    for node, data in overview.nodes(data=True):
        name = data["name"] if data["kind"] != "none" else t("overview.no-department")
        label = _mermaid_text(name)
        if data["kind"] in ("department", "none"):
            label += "<br/>" + _mermaid_text(counted(t, "overview.teams", len(data["teams"])))
        shape = ('(["', '"])') if data["kind"] == "external" else ('["', '"]')
        lines.append(f"  {ids[node]}{shape[0]}{label}{shape[1]}")
    for source, target, data in overview.edges(data=True):
        words = counted(t, "overview.links", data["links"])
        marks = state_counts(data["states"], t)
        label = _mermaid_text(words + (f": {marks}" if marks else ""))
        arrow = "-.->" if data["states"]["no-feedback"] or data["states"]["stale"] else "-->"
        lines.append(f'  {ids[source]} {arrow}|"{label}"| {ids[target]}')
    return "\n".join(lines) + "\n"


def _department_svg(report, diagram, legend: bool) -> bytes:
    """A department's view, as on paper (``pdf_diagrams.department_view``): its teams and what touches them."""
    from ..render.graphviz import draw as graphviz
    from ..render.overview import overview_dot, overview_engine
    from ..render.theme import DEFAULT
    from .pdf_diagrams import department_view

    part = department_view(report, diagram.key)
    dot = overview_dot(part, DEFAULT, as_of=report.as_of, title=None, legend=legend, lang=report.lang)
    return graphviz(dot, "svg", engine=overview_engine(part), team_count=part.number_of_nodes())
