"""The organisation at a glance: one node per department, one grouped link per pair.

A map of a thousand teams cannot be read team by team; its departments can.
:func:`department_graph` collapses the chain graph with networkx's
``quotient_graph`` (the links between departments found in one pass): every
department becomes one node, teams without a department share one, and end customers stay
as they are (they are outside the organisation, and the chain ends at them).
Each grouped link carries how many team links it stands for and how many of
them are in each state; links inside a department are summarised on its node.
"""

from __future__ import annotations

import weakref
from datetime import date
from typing import NamedTuple

from .errors import SEVERITY_RANK
from .rules import LINK_STATES, link_states

# The group of teams that name no department.
NO_DEPARTMENT = ""


def group_of(graph, node: str, expand: str | None = None) -> str:
    """The id of the node ``node`` falls into.

    ``department:<name>``, ``none:`` (teams without a department) or
    ``team:<id>`` (an end customer); with ``expand``, the teams of that
    department stay teams: ``member:<id>``.
    """
    data = graph.nodes[node]
    if data["external"]:
        return f"team:{node}"
    if expand is not None and data["department"] == expand:
        return f"member:{node}"
    return f"department:{data['department']}" if data["department"] else f"none:{NO_DEPARTMENT}"


def departments(graph) -> list[str]:
    """The department names of the map, in the order they first appear."""
    return list(dict.fromkeys(data["department"] for _, data in graph.nodes(data=True) if data["department"]))


def find_department(graph, reference: str) -> str:
    """The department ``reference`` names (its name, any case or accents); ``unknown-department`` if none."""
    from .errors import UsageError, did_you_mean, usage_problem
    from .model import slugify

    names = departments(graph)
    wanted = slugify(reference)
    for name in names:
        if name == reference or slugify(name) == wanted:
            return name
    shown = sorted(names, key=str.casefold)
    listed = ", ".join(shown[:_LISTED]) + (f", … ({len(names)} in all: render --overview shows them)"
                                           if len(names) > _LISTED else "")
    hint = did_you_mean(reference, names, cutoff=0.6) or (f"the map's departments: {listed}" if names
                                                         else "no team in the map names a department")
    raise UsageError([usage_problem("unknown-department", f"no department called {reference!r} in the map", hint)])


# An unknown department's error names up to this many of the map's departments.
_LISTED = 5


def department_graph(graph, as_of: date, findings=(), expand: str | None = None, overview=None):
    """The quotient of the chain ``graph`` by department, as a ``networkx.DiGraph``.

    Node ids are ``department:<name>``, ``none:`` (teams without a department)
    and ``team:<id>`` (end customers).  Node attributes: ``name``, ``kind``
    (``department``, ``none`` or ``external``), ``teams`` (team ids, in the
    map's order), ``links_inside`` and ``states_inside`` (links between its own
    teams, per state), ``coverage`` (percentage of links from its teams that
    have a feedback loop), and ``worst`` (its most severe finding, or None).
    With ``expand`` (a department's name), that department's teams are nodes
    of their own (``member:<id>``, kind ``team``), so the department is drawn
    in full, with each other department it has links with collapsed to one
    node carrying those links (links between two other departments are left out);
    the view's graph attribute ``department`` names it.
    Edge attributes: ``links`` (how many team links the arrow stands for),
    ``states`` (a dict state -> count, every state present), ``pairs``
    (the ``(supplier, customer)`` team ids) and ``link`` (the
    :class:`~chainmap.model.Link` when the arrow stands for one link, else
    None).  Order follows the input.

    A department's view is built from the links that touch its teams only; the
    other boxes take their figures from the overview (``department_graph(graph,
    as_of, findings)``).  Pass that as ``overview`` when drawing many departments'
    views of one map: it is then collapsed once, not once per department.

    >>> overview = department_graph(graph, date(2026, 11, 22))
    >>> overview.edges["department:Finance", "department:People"]["states"]
    {'no-feedback': 1, 'stale': 0, 'hearing-only': 0, 'healthy': 2}
    """
    if expand is None:
        return _overview(graph, as_of, findings)
    if overview is None:
        overview = _overview(graph, as_of, findings)
    return _department_view(graph, as_of, findings, expand, overview)


def _overview(graph, as_of: date, findings):
    import networkx as nx

    index = _indexed(graph, findings, as_of)
    order, states = index.order, index.states
    group = {node: group_of(graph, node) for node in graph}
    blocks: dict[str, list[str]] = {}
    for node in graph:
        blocks.setdefault(group[node], []).append(node)
    # The links between each two blocks, in one pass over the links: networkx's quotient_graph asks
    # its edge relation about every pair of blocks, and by default that compares every pair of their
    # teams (0.4 s more on 5,000 teams); asked of this table, it takes 0.1 s.
    between: dict[tuple[str, str], list] = {}
    for supplier, customer in graph.edges:
        pair = (group[supplier], group[customer])
        if pair[0] != pair[1]:
            between.setdefault(pair, []).append((supplier, customer))
    block_id = {frozenset(members): name for name, members in blocks.items()}

    def blocks_of(suppliers, customers) -> tuple[str, str]:
        return block_id[frozenset(suppliers)], block_id[frozenset(customers)]

    quotient = nx.quotient_graph(graph, [set(members) for members in blocks.values()],
                                 edge_relation=lambda suppliers, customers: blocks_of(suppliers, customers) in between,
                                 edge_data=lambda suppliers, customers: {"blocks": blocks_of(suppliers, customers)},
                                 relabel=False, create_using=nx.DiGraph)

    overview = nx.DiGraph(organization=graph.graph.get("organization"))
    for name, members in blocks.items():
        overview.add_node(name, **_node_data(graph, name, members, as_of, states))
    first = {name: order[members[0]] for name, members in blocks.items()}  # members are in the map's order
    linked = [data["blocks"] for _, _, data in quotient.edges(data=True)]
    for supplier, customer in sorted(linked, key=lambda pair: (first[pair[0]], first[pair[1]])):
        pairs = sorted(between[supplier, customer], key=lambda pair: (order[pair[0]], order[pair[1]]))
        _add_group_edge(overview, graph, supplier, customer, pairs, states)
    _add_worst(overview, group, findings)
    _INDEXES[overview] = index
    return overview


def _department_view(graph, as_of: date, findings, expand: str, overview):
    """``expand``'s view: its teams, and the boxes of ``overview`` it has links with."""
    import networkx as nx

    index = _index(graph, overview, findings, as_of)
    order, about, rank, states = index.order, index.about, index.rank, index.states
    members = overview.nodes[f"department:{expand}"]["teams"] if f"department:{expand}" in overview else []
    member_set = set(members)
    touching = [(s, c) for s in members for c in graph.successors(s)]
    touching += [(s, c) for c in members for s in graph.predecessors(c) if s not in member_set]
    group = {node: group_of(graph, node, expand) for pair in touching for node in pair}
    group.update((node, f"member:{node}") for node in members)
    # A box sits where its first team does, in the map's order, as in the overview.
    first = {name: order[data["teams"][0]] for name, data in overview.nodes(data=True)}
    position = {name: (order[name.partition(":")[2]] if name.startswith("member:") else first[name])
                for name in set(group.values())}

    view = nx.DiGraph(organization=graph.graph.get("organization"), department=expand)
    for name in sorted(position, key=position.get):
        if name.startswith("member:"):
            view.add_node(name, **_node_data(graph, name, [name.partition(":")[2]], as_of, states))
        else:
            view.add_node(name, **overview.nodes[name])
    grouped: dict[tuple[str, str], list] = {}
    for pair in touching:
        grouped.setdefault((group[pair[0]], group[pair[1]]), []).append(pair)
    for supplier, customer in sorted(grouped, key=lambda e: (position[e[0]], position[e[1]])):
        pairs = sorted(grouped[supplier, customer], key=lambda pair: (order[pair[0]], order[pair[1]]))
        _add_group_edge(view, graph, supplier, customer, pairs, states)
    _add_worst(view, {node: f"member:{node}" for node in members},
               sorted((problem for node in members for problem in about.get(node, ())), key=lambda p: rank[id(p)]))
    return view


# Per overview: the map's order, the findings by the team they are about and each link's state, made
# once for the overview and all its departments' views (over a map of 5,000 teams, each view would
# go through 40,000 findings).
_INDEXES = weakref.WeakKeyDictionary()


class _Index(NamedTuple):
    graph: object
    findings: object
    as_of: date
    order: dict  # node -> its place in the map
    about: dict  # team id -> the findings about it
    rank: dict  # id(finding) -> its place in the findings
    states: dict  # (supplier, customer) -> the link's state


def _index(graph, overview, findings, as_of: date) -> _Index:
    cached = _INDEXES.get(overview)
    if cached is None or cached.graph is not graph or cached.findings is not findings or cached.as_of != as_of:
        cached = _indexed(graph, findings, as_of)
        _INDEXES[overview] = cached
    return cached


def _indexed(graph, findings, as_of: date) -> _Index:
    about: dict = {}
    rank: dict = {}
    for index, problem in enumerate(findings):
        subject = problem.subject or ()
        if len(subject) > 1:
            about.setdefault(subject[1], []).append(problem)
            rank[id(problem)] = index
    states = link_states(graph, as_of)  # judged once per graph and day: mostly by the rules already
    return _Index(graph, findings, as_of, {node: index for index, node in enumerate(graph)}, about, rank, states)


def _add_group_edge(overview, graph, supplier: str, customer: str, pairs: list, states: dict) -> None:
    only = graph.edges[pairs[0]]["link"] if len(pairs) == 1 else None
    overview.add_edge(supplier, customer, links=len(pairs), states=_states(pairs, states), pairs=pairs, link=only)


def _node_data(graph, group: str, members: list[str], as_of: date, states: dict) -> dict:
    kind, _, name = group.partition(":")
    member_set = set(members)
    inside = [(s, c) for s in members for c in graph.successors(s) if c in member_set]
    leaving = [(s, c) for s in members for c in graph.successors(s)]
    with_loop = sum(1 for s, c in leaving if graph.edges[s, c]["link"].feedback)
    return {
        "name": graph.nodes[name]["name"] if kind in ("team", "member") else name,
        "kind": {"department": "department", "none": "none", "team": "external", "member": "team"}[kind],
        "teams": members,
        "links_inside": len(inside),
        "states_inside": _states(inside, states),
        "coverage": round(100.0 * with_loop / len(leaving), 1) if leaving else None,
        "worst": None,
    }


def _states(pairs, state_of: dict) -> dict:
    """How many of the links ``pairs`` are in each state (``state_of``: each link's, by pair)."""
    states = {state: 0 for state in LINK_STATES}
    for pair in pairs:
        states[state_of[pair]] += 1
    return states


def _add_worst(overview, owner: dict, findings) -> None:
    """Each node's most severe finding about one of its teams or links (the first one, when tied)."""
    for problem in findings:
        subject = problem.subject or ()
        nodes = [node for node in subject[1:2] if node in owner]
        if not nodes:
            continue
        if owner[nodes[0]] not in overview:  # a department a department's view leaves out
            continue
        data = overview.nodes[owner[nodes[0]]]
        worst = data["worst"]
        if worst is None or SEVERITY_RANK[problem.severity] < SEVERITY_RANK[worst.severity]:
            data["worst"] = problem
