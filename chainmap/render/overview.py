"""The organisation at a glance as DOT: one box per department, one arrow per pair of departments.

Built from :func:`chainmap.departments.department_graph`.  Each department's box
says how many teams it has, how much of its work has a feedback loop, what the
links inside it look like, and its most pressing finding.  Each arrow stands for
every link from one department to another: its label counts them per state, and
it is drawn in the style of the worst state among them, so the map reads without
colour as the detailed map does.

The SVG contract (README): every department's ``<g>`` has the class ``department``
(plus ``external`` for an end customer, ``no-department`` for the teams without
one) and the id ``department-<slug>`` (``team-<id>`` for an end customer); every
grouped link's ``<g>`` has the classes ``link group`` plus its worst state, and the
id ``group-<from>--<to>`` from those ids.
"""

from __future__ import annotations

import itertools
import math
from datetime import date

from ..i18n import percent_text, translator
from ..model import slugify
from ..rules import LINK_STATES
from .dot import (LARGE_MAP_ATTRS, HtmlLabel, attrs, department_frame, heading, html, number, quote,
                  tooltip_text, wrapped)
from .theme import FONT, Theme

# Up to this many arrows, the overview draws boxes and arrows, each arrow saying in words what
# it stands for.  A denser department graph is a tangle as arrows (40 departments that all
# deliver to each other: 750 arrows), so it is drawn as a table instead: a row per
# department, a column per customer, and in each cell the links from one to the other.
LABELLED_ARROWS = 60


def is_table(overview) -> bool:
    """True when ``overview`` is drawn as a department-by-department table rather than arrows.

    A department's own view (its teams drawn in full) stays boxes and arrows: it is about
    its teams and their links, which a table of teams would hide.
    """
    if any(kind == "team" for _, kind in overview.nodes(data="kind")):
        return False
    return overview.number_of_edges() > LABELLED_ARROWS


def overview_engine(overview, engine: str = "dot") -> str:
    """The Graphviz engine for ``overview``: ``engine``, or ``nop`` for a table, whose cells chainmap places."""
    return "nop" if is_table(overview) else engine


# Worst first: the style of a grouped link is that of its worst link.
_WORST_FIRST = ("no-feedback", "stale", "hearing-only", "healthy")
assert set(_WORST_FIRST) == set(LINK_STATES)


def worst_state(states: dict) -> str:
    """The worst state with a link in ``states`` (a count per state): the one a grouped link is drawn in."""
    return next(state for state in _WORST_FIRST if states[state])


def element_id(overview, node: str) -> str:
    """``department-<slug>``, ``department-none`` or ``team-<id>``: stable, from names and ids only."""
    data = overview.nodes[node]
    if data["kind"] in ("external", "team"):
        return f"team-{data['teams'][0]}"
    if data["kind"] == "none":
        return "department-none"
    return f"department-{slugify(data['name']) or 'unnamed'}"


def overview_dot(overview, theme: Theme, *, as_of: date, title: str | None = None, legend: bool = True,
                 lang: str = "en", engine: str = "dot", changes=None, boxes: dict | None = None) -> str:
    """DOT text for the department graph ``overview``, its words in ``lang``.

    ``changes`` (a :class:`chainmap.render.change.Changes`) marks the arrows (or the table's
    cells) whose links changed, for the picture of a change.  ``boxes`` remembers the boxes
    around a department's view, which are the same in every view of one map drawn with the
    same theme, language and changes: pass one dict to all of them (the page draws 200).
    """
    t = translator(lang)
    ids = {node: element_id(overview, node) for node in overview}
    lines = ["digraph chainmap_overview {"]
    graph_attrs = dict(rankdir="LR", newrank="true", splines="true", outputorder="edgesfirst",
                       nodesep=theme.nodesep * 1.4, ranksep=theme.ranksep * 1.6, pad="0.4",
                       bgcolor=theme.background, fontname=FONT, fontsize=theme.edge_fontsize,
                       fontcolor=theme.text)
    if is_table(overview):
        from .matrix import matrix_dot  # here, not at the top: matrix.py imports this module

        return matrix_dot(overview, theme, title=title, legend=legend, lang=lang, changes=changes)
    # A department's own view with more arrows than can carry words: the counts go into each
    # arrow's tooltip and the arrows are drawn straight (routing the labels takes dot minutes).
    labelled = overview.number_of_edges() <= LABELLED_ARROWS
    if not labelled:
        graph_attrs.update(LARGE_MAP_ATTRS)
    expanded = overview.graph.get("department")
    if expanded is not None and not labelled:
        # Without words on the arrows, the boxes in a column (and the arrows' bends) can stand close:
        # a department with a hundred neighbours then fits a screen, not a strip four screens tall.
        graph_attrs["nodesep"] = theme.nodesep * 0.45
    label = heading(title, legend, theme, False, t, changes)
    if label:
        graph_attrs.update(label=HtmlLabel(label), labelloc="t", labeljust="l")
    lines.append("  graph " + attrs(**graph_attrs) + ";")
    lines.append("  node " + attrs(fontname=FONT, fontsize=theme.fontsize, fontcolor=theme.text,
                                    margin="0.25,0.14", penwidth=1.4 * theme.line_scale) + ";")
    lines.append("  edge " + attrs(fontname=FONT, fontsize=theme.edge_fontsize, fontcolor=theme.text,
                                    arrowsize=1.0) + ";")
    # A department's view: its teams inside its frame, as on the detailed map; the boxes around
    # it say only who they are (their insides are the overview's business, not this view's).
    members = []
    remembered = boxes if boxes is not None and expanded is not None else {}
    for node, data in overview.nodes(data=True):
        statement = remembered.get(node) if data["kind"] != "team" else None
        if statement is None:
            statement = _department_statement(node, data, ids[node], theme, t,
                                              changes.box_look(data, theme, t) if changes is not None else None,
                                              brief=expanded is not None)
            if data["kind"] != "team":
                remembered[node] = statement
        if data["kind"] == "team":
            members.append(statement)
        else:
            lines.append("  " + statement)
    sides = _sides(overview) if members else {}
    if members:
        lines.extend(_framed(overview, expanded, members, sides, theme))
    for source, target, data in overview.edges(data=True):
        # An arrow against the view's flow (into a customer's box on the left) does not pull it over.
        against = sides.get(source) == "sink" or sides.get(target) == "source"
        lines.append("  " + _group_statement(overview, source, target, data, ids, theme, t, labelled,
                                             changes.group_look(data, t) if changes is not None else None,
                                             constraint=False if against else None))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _department_statement(node: str, data: dict, element: str, theme: Theme, t, change: dict | None = None,
                          brief: bool = False) -> str:
    small = number(theme.small_fontsize)
    # The picture of a change (chainmap.render.change): a line saying what changed, classes, colours.
    change = change or {}
    marked = f'<BR/><FONT POINT-SIZE="{small}"><B>{html(change["mark"])}</B></FONT>' if change.get("mark") else ""
    extra = f" {change['class']}" if change.get("class") else ""
    if data["kind"] == "team":  # a team of the department drawn in full
        return f"{quote(node)} " + attrs(
            id=element, label=HtmlLabel(f"<B>{wrapped(data['name'], theme.wrap)}</B>{marked}"), shape="box",
            style="filled,rounded" + (f",{change['style']}" if change.get("style") else ""),
            fillcolor=change.get("fill", theme.team_fill), color=change.get("color", theme.team_line),
            fontcolor=change.get("fontcolor"), tooltip=tooltip_text(data["name"]), **{"class": "team" + extra}) + ";"
    if data["kind"] == "external":
        label = (f"<B>{wrapped(data['name'], theme.wrap)}</B><BR/>"
                 f'<FONT POINT-SIZE="{small}" COLOR="{theme.muted}"><I>{html(t("node.external.subtitle"))}</I></FONT>'
                 f"{marked}")
        return f"{quote(node)} " + attrs(
            id=element, label=HtmlLabel(label), shape="ellipse", style="filled", peripheries=2,
            fillcolor=theme.external_fill, color=change.get("color", theme.team_line), fontcolor=change.get("fontcolor"),
            tooltip=tooltip_text(data["name"]), **{"class": "department external" + extra}) + ";"
    name = data["name"] if data["kind"] == "department" else t("overview.no-department")
    rows = [f"<B>{wrapped(name, theme.wrap + 4)}</B>",
            html(counted(t, "overview.teams", len(data["teams"]))) + (
                " · " + html(t("overview.coverage", percent=percent_text(data["coverage"], t.lang)))
                if data["coverage"] is not None else "")]
    inside = state_counts(data["states_inside"], t)
    if data["links_inside"] and not brief:
        rows.append(html(counted(t, "overview.inside", data["links_inside"])) + (f": {html(inside)}" if inside else ""))
    worst = data["worst"]
    if worst is not None and not brief:
        color = theme.links["no-feedback"].color if worst.severity == "warning" else theme.muted
        rows.append(f'<FONT COLOR="{color}"><B>{html(t("overview.worst", finding=t(f"page.rule.{worst.rule}")))}</B></FONT>')
    label = "<BR/>".join(rows[:1] + [f'<FONT POINT-SIZE="{small}">{row}</FONT>' for row in rows[1:]]) + marked
    classes = "department" + (" no-department" if data["kind"] == "none" else "") + extra
    tooltip = "\n".join([name, counted(t, "overview.teams", len(data["teams"]))])
    return f"{quote(node)} " + attrs(
        id=element, label=HtmlLabel(label), shape="box", style="filled,rounded", fillcolor=theme.team_fill,
        color=theme.team_line, penwidth=2.2 * theme.line_scale, tooltip=tooltip_text(tooltip),
        **{"class": classes}) + ";"


def _group_statement(overview, source: str, target: str, data: dict, ids: dict, theme: Theme, t,
                     labelled: bool = True, change: dict | None = None, constraint: bool | None = None) -> str:
    states = data["states"]
    worst = worst_state(states)
    look = theme.links[worst]
    counts = state_counts(states, t, healthy=True)
    if not labelled:
        label = ""
    elif data["links"] == 1:  # one link: say what it delivers, as the detailed map does
        delivers = data["link"].delivers
        label = wrapped(delivers, theme.wrap + 4) if delivers else ""
        if look.marked:
            mark = f'<FONT POINT-SIZE="{number(theme.small_fontsize)}"><B>{html(t(f"state.{worst}.mark"))}</B></FONT>'
            label = f"{label}<BR/>{mark}" if label else mark
    else:
        label = f"<B>{html(counted(t, 'overview.links', data['links']))}</B>"
        if counts:
            label += f'<BR/><FONT POINT-SIZE="{number(theme.small_fontsize)}">{html(counts)}</FONT>'
    change = change or {}
    if change.get("mark") and labelled:  # the picture of a change: its changed links, counted per kind
        label = f"{label}<BR/><B>{html(change['mark'])}</B>" if label else f"<B>{html(change['mark'])}</B>"
    # Thicker for more links, within reason: 1 link as drawn on the detailed map, 50 about twice that.
    weight = look.penwidth * theme.line_scale * (1 + min(data["links"], 50) / 50) * change.get("width", 1)
    tooltip = f"{overview.nodes[source]['name']} -> {overview.nodes[target]['name']}\n" + "\n".join(
        f"{t(f'state.{state}')}: {states[state]}" for state in _WORST_FIRST)
    return f"{quote(source)} -> {quote(target)} " + attrs(
        id=f"group-{ids[source]}--{ids[target]}", label=HtmlLabel(label) if label else None,
        style=change.get("style", look.style), penwidth=weight, color=change.get("color", look.color),
        arrowhead=change.get("arrowhead", look.arrowhead), fontcolor=change.get("fontcolor", theme.text),
        weight=data["links"], constraint=None if constraint is None else str(constraint).lower(),
        tooltip=tooltip_text(tooltip),
        **{"class": f"link group {worst}" + (f" {change['class']}" if change else "")}) + ";"


def _framed(view, department: str, members: list[str], sides: dict, theme: Theme) -> list[str]:
    """A department's view: its teams in a frame that names it, as on the detailed map; the boxes that
    deliver to it in columns on the left, those that receive from it in columns on the right.

    Graphviz's ``rank=source`` gives way to a cluster's own first rank, so invisible arrows hold
    the columns: from the left column nearest the frame to every team that nothing else puts after
    it (a team, or a box of that column), from every team nothing else puts before it to the right
    column nearest the frame, and from each column to the next one out.
    """
    lines = department_frame(department, slugify(department) or "department", members, theme)
    teams = [node for node, kind in view.nodes(data="kind") if kind == "team"]
    for side in ("source", "sink"):
        columns = _columns(view, [node for node, where in sides.items() if where == side])
        if not columns:
            continue
        # Left of the frame the arrows run outwards-in, right of it from the frame outwards.
        onwards = (lambda outer, inner: (outer, inner)) if side == "source" else (lambda outer, inner: (inner, outer))
        neighbours = view.predecessors if side == "source" else view.successors
        for column in columns:
            lines.append("  { rank=same; " + " ".join(map(quote, column)) + " }")
        pairs = [onwards(outer[0], inner[0]) for inner, outer in itertools.pairwise(columns)]
        # A team already beside a team, or beside a box of the nearest column, needs no arrow of its own.
        nearest = set(columns[0])
        pairs += [onwards(columns[0][0], team) for team in teams
                  if not any(node not in sides or node in nearest for node in neighbours(team))]
        lines.extend(f"  {quote(first)} -> {quote(then)} [style=invis];" for first, then in pairs)
    return lines


def _columns(view, boxes: list[str]) -> list[list[str]]:
    """``boxes`` of one side in columns, the one nearest the frame first: about as many columns as
    keep the view near a screen's shape (the square root of an eighth of the boxes: one column up to
    17 boxes, two up to 49, three up to 97), the boxes with the most links nearest the frame."""
    if not boxes:
        return []
    count = round(math.sqrt(len(boxes) / 8))
    if count < 2:
        return [boxes]
    rows = -(-len(boxes) // count)
    links = {box: sum(data["links"] for data in view.succ[box].values()) +
             sum(data["links"] for data in view.pred[box].values()) for box in boxes}
    ordered = sorted(boxes, key=lambda box: -links[box])  # stable: the view's order among equals
    return [ordered[start:start + rows] for start in range(0, len(ordered), rows)]


def _sides(view) -> dict:
    """In a department's view, which side each other box stands on: ``source`` (left, where the chain
    comes from) for a box that mostly delivers to the department's teams, ``sink`` (right) for one
    that mostly receives from them, and every end customer."""
    sides = {}
    for node, data in view.nodes(data=True):
        if data["kind"] == "team":
            continue
        delivers = sum(view.edges[node, member]["links"] for member in view.successors(node))
        receives = sum(view.edges[member, node]["links"] for member in view.predecessors(node))
        sides[node] = "source" if delivers > receives and data["kind"] != "external" else "sink"
    return sides


def state_counts(states: dict, t, healthy: bool = False) -> str:
    """``2 NO FEEDBACK LOOP · 1 STALE``: the states that need work, in words, worst first."""
    parts = [f"{states[state]} {t(f'state.{state}.mark')}" for state in _WORST_FIRST[:3] if states[state]]
    if healthy and states["healthy"]:
        parts.append(f"{states['healthy']} {t('state.healthy')}")
    return " · ".join(parts)


def counted(t, key: str, count: int) -> str:
    return t(f"{key}.one") if count == 1 else t(key, count=count)


