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
