"""The organisation at a glance: one node per department, one grouped link per pair.

A map of a thousand teams cannot be read team by team; its departments can.
:func:`department_graph` collapses the chain graph with networkx's
``quotient_graph``: every department becomes one node, teams without a
department share one, and end customers stay as they are (they are outside the
organisation, and the chain ends at them).  Each grouped link carries how many
team links it stands for and how many of them are in each state; links inside a
department are summarised on its node.
"""

from __future__ import annotations

from datetime import date

from .errors import SEVERITY_RANK
from .rules import LINK_STATES, link_state

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
    raise UsageError([usage_problem("unknown-department", f"no department called {reference!r} in the map",
                                    did_you_mean(reference, names, cutoff=0.6))])


def department_graph(graph, as_of: date, findings=(), expand: str | None = None):
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
    node carrying those links (links between two other departments are left out).
    Edge attributes: ``links`` (how many team links the arrow stands for),
    ``states`` (a dict state -> count, every state present), ``pairs``
    (the ``(supplier, customer)`` team ids) and ``link`` (the
    :class:`~chainmap.model.Link` when the arrow stands for one link, else
    None).  Order follows the input.

    >>> overview = department_graph(graph, date(2026, 11, 22))
    >>> overview.edges["department:Finance", "department:People"]["states"]
    {'no-feedback': 1, 'stale': 0, 'hearing-only': 0, 'healthy': 2}
    """
    import networkx as nx

    group = {node: group_of(graph, node, expand) for node in graph}
    blocks: dict[str, list[str]] = {}
    for node in graph:
        blocks.setdefault(group[node], []).append(node)
    partition = [set(members) for members in blocks.values()]
    block_id = {frozenset(members): name for name, members in blocks.items()}

    linked = {(group[s], group[c]) for s, c in graph.edges}

    def edge_relation(suppliers, customers):
        # One pass over the links found which blocks are linked; networkx's default
        # relation compares every pair of teams of every pair of blocks.
        return (block_id[frozenset(suppliers)], block_id[frozenset(customers)]) in linked

    def edge_data(suppliers, customers):
        return {"pairs": [(s, c) for s in suppliers for c in graph.successors(s) if c in customers]}

    quotient = nx.quotient_graph(graph, partition, edge_relation=edge_relation, edge_data=edge_data,
                                 relabel=False, create_using=nx.DiGraph)

    overview = nx.DiGraph(organization=graph.graph.get("organization"))
    order = {node: index for index, node in enumerate(graph)}
    for name, members in blocks.items():
        overview.add_node(name, **_node_data(graph, name, members, as_of))
    for suppliers, customers, data in sorted(quotient.edges(data=True),
                                             key=lambda e: (min(map(order.get, e[0])), min(map(order.get, e[1])))):
        pairs = sorted(data["pairs"], key=lambda pair: (order[pair[0]], order[pair[1]]))
        states = _states(graph, pairs, as_of)
        only = graph.edges[pairs[0]]["link"] if len(pairs) == 1 else None
        overview.add_edge(block_id[frozenset(suppliers)], block_id[frozenset(customers)],
                          links=len(pairs), states=states, pairs=pairs, link=only)
    if expand is not None:
        # A department's view: only the links to, from and inside it; the other departments
        # (and end customers) it has no link with are left out.
        mine = {name for name in overview if name.startswith("member:")}
        overview.remove_edges_from([(a, b) for a, b in list(overview.edges) if a not in mine and b not in mine])
        overview.remove_nodes_from([name for name in list(overview) if name not in mine and not overview.degree(name)])
    _add_worst(overview, group, findings)
    return overview


def _node_data(graph, group: str, members: list[str], as_of: date) -> dict:
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
        "states_inside": _states(graph, inside, as_of),
        "coverage": round(100.0 * with_loop / len(leaving), 1) if leaving else None,
        "worst": None,
    }


def _states(graph, pairs, as_of: date) -> dict:
    states = {state: 0 for state in LINK_STATES}
    for supplier, customer in pairs:
        states[link_state(graph.edges[supplier, customer]["link"], as_of)] += 1
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
