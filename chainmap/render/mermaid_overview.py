"""The overview and a department's view as Mermaid, for wikis.

The same department graph (:func:`chainmap.departments.department_graph`) and the
same words as the Graphviz overview (:mod:`chainmap.render.overview`): one box per
department saying how many teams it has, how much of their work has a feedback
loop, the links inside it and the finding to look at first; one arrow per pair of
departments, counting its links per state and drawn as its worst state with the
detailed Mermaid map's arrows and dash patterns (:mod:`chainmap.render.mermaid`),
so it reads without colour.

Mermaid draws at most 500 links and 50,000 characters (its defaults, which a
diagram cannot raise).  An overview beyond that (forty departments that all deliver
to each other make 750 arrows) is refused with a hint to draw the table in SVG or
PDF, where Graphviz draws a dense overview as a table; Mermaid has no table.
"""

from __future__ import annotations

from ..errors import Problem, UsageError, usage_problem
from ..i18n import percent_text, translator
from ..model import slugify
from .mermaid import (ARROWS, DASHES, MAX_LINKS, MAX_TEXT, PX_PER_PEN, frontmatter, legend_lines, px_text,
                      unique_ids, wrapped, label, node_ids)
from .matrix import SYMBOLS
from .overview import LABELLED_ARROWS, counted, state_counts, worst_state

# The shape of each kind of box, as in the detailed Mermaid map.
_SHAPES = {"department": '("{}")', "none": '("{}")', "external": '(["{}"])', "team": '("{}")'}


def overview_mermaid(job) -> str:
    """Mermaid flowchart text for ``job``'s department graph (the overview, or a department's view)."""
    overview = job.departments
    t = translator(job.options.lang)
    theme = job.theme
    wrap, edge_wrap = theme.mermaid_wrap
    legend_links = 2 * len(ARROWS) - 1 if job.options.legend else 0  # sample arrows, invisible links
    if overview.number_of_edges() + legend_links > MAX_LINKS:
        raise _too_large(f"{overview.number_of_edges():,} arrows between departments", t)

    ids = _ids(job, overview)
    lines = frontmatter(job.title, theme)
    lines.append("flowchart LR")
    kinds: dict[str, list[str]] = {}
    members = [node for node, kind in overview.nodes(data="kind") if kind == "team"]
    if members:  # a department's view: its teams inside a box with its name
        name = job.department
        cluster = unique_ids("d_", {**{ids[node]: ids[node][2:] for node in ids}, name: slugify(name)})[name]
        kinds["cluster"] = [cluster]
        lines.append(f'  subgraph {cluster}["{wrapped(name, 40)}"]')
    for node in members:
        lines.append(f"    {ids[node]}{_box(overview.nodes[node], wrap, t)}")
    if members:
        lines.append("  end")
    for node, data in overview.nodes(data=True):
        kinds.setdefault("department" if data["kind"] == "none" else data["kind"], []).append(ids[node])
        if data["kind"] != "team":
            lines.append(f"  {ids[node]}{_box(data, wrap, t)}")

    # Above LABELLED_ARROWS, where Graphviz draws a table, the arrows count in the table's symbols.
    dense = overview.number_of_edges() > LABELLED_ARROWS
    if dense and not members:  # a department's view is arrows in Graphviz too
        job.warnings.append(Problem("", 0, 0, "warning", "mermaid-dense", (
            f"{overview.number_of_edges()} arrows between departments are hard to follow; "
            "Mermaid has no table"), "the overview in SVG or PDF draws them as a table (-o overview.svg)"))
    styles: dict[str, list[int]] = {}
    for index, (source, target, data) in enumerate(overview.edges(data=True)):
        worst = worst_state(data["states"])
        text = _symbols(data) if dense else _arrow_label(data, worst, t, edge_wrap)
        lines.append(f"  {ids[source]} {ARROWS[worst]}" + (f'|"{text}"|' if text else "") + f" {ids[target]}")
        styles.setdefault(_link_style(theme, worst, data["links"]), []).append(index)

    if job.options.legend:
        states: dict[str, list[int]] = {}
        samples = [("department", _SHAPES["department"], t("view.department")),
                   ("external", _SHAPES["external"], t("node.external"))]
        if members:
            samples.append(("team", _SHAPES["team"], t("node.team")))
        if dense:
            samples.append(("legendnote", '["{}"]', t("view.symbols", none=SYMBOLS["no-feedback"],
                                                         stale=SYMBOLS["stale"], hearing=SYMBOLS["hearing-only"])))
        lines.extend(legend_lines(t, False, overview.number_of_edges(), states, kinds, edge_wrap, samples))
        for state, indices in states.items():
            styles.setdefault(_link_style(theme, state, 1), []).extend(indices)
    lines.extend(_class_defs(theme, job.options.legend, bool(members)))
    lines.extend(f"  class {','.join(nodes)} {kind}" for kind, nodes in sorted(kinds.items()))
    lines.extend(f"  linkStyle {','.join(map(str, indices))} {style}"
                 for style, indices in sorted(styles.items(), key=lambda item: item[1][0]))
    text = "\n".join(lines) + "\n"
    if len(text) > MAX_TEXT:
        raise _too_large(f"{len(text):,} characters", t)
    return text


def _too_large(what: str, t) -> UsageError:
    return UsageError([usage_problem(
        "mermaid-size", f"this view has {what}, more than Mermaid draws ({MAX_LINKS} links, "
                        f"{MAX_TEXT:,} characters)",
        "draw the overview as a table in SVG or PDF (-o overview.svg), "
        "or one department's view in Mermaid with --department NAME")])


def _ids(job, overview) -> dict[str, str]:
    """``t_<team id>`` for an end customer or a team drawn in full (as in the detailed map); ``d_<slug>`` for a department."""
    teams = node_ids(job.graph)
    ids = unique_ids("d_", {node: (slugify(data["name"]) or "unnamed") if data["kind"] == "department" else "none"
                         for node, data in overview.nodes(data=True) if data["kind"] in ("department", "none")})
    ids.update((node, teams[data["teams"][0]]) for node, data in overview.nodes(data=True)
               if data["kind"] in ("external", "team"))
    return ids


def _box(data: dict, wrap: int, t) -> str:
    """A box's shape and words: the same facts as the Graphviz overview's box."""
    if data["kind"] == "team":
        return _SHAPES["team"].format(wrapped(data["name"], wrap))
    if data["kind"] == "external":
        return _SHAPES["external"].format(
            f"{wrapped(data['name'], wrap)}<br/>{label('(' + t('node.external.subtitle') + ')')}")
    name = data["name"] if data["kind"] == "department" else t("overview.no-department")
    facts = counted(t, "overview.teams", len(data["teams"]))
    if data["coverage"] is not None:
        facts += " · " + t("overview.coverage", percent=percent_text(data["coverage"], t.lang))
    rows = [wrapped(name, wrap + 4), wrapped(facts, wrap + 4)]
    if data["links_inside"]:
        inside = state_counts(data["states_inside"], t)
        rows.append(wrapped(counted(t, "overview.inside", data["links_inside"]) + (f": {inside}" if inside else ""),
                             wrap + 4))
    if data["worst"] is not None:
        rows.append(wrapped(t("overview.worst", finding=t(f"page.rule.{data['worst'].rule}")), wrap + 4))
    return _SHAPES[data["kind"]].format("<br/>".join(rows))


def _arrow_label(data: dict, worst: str, t, wrap: int) -> str:
    """What an arrow says: for one link, what it delivers and its mark; else the links per state."""
    if data["links"] == 1:
        parts = [wrapped(data["link"].delivers, wrap)] if data["link"].delivers else []
        if worst != "healthy":
            parts.append(label(t(f"state.{worst}.mark")))
        return "<br/>".join(parts)
    return "<br/>".join([label(counted(t, "overview.links", data["links"])),
                         wrapped(state_counts(data["states"], t, healthy=True), wrap)])


def _symbols(data: dict) -> str:
    """``12<br/>2✗ 1! 3~``: the links, and those that need work in the table's symbols."""
    marks = " ".join(f"{data['states'][state]}{symbol}" for state, symbol in SYMBOLS.items() if data["states"][state])
    return label(str(data["links"])) + (f"<br/>{label(marks)}" if marks else "")


def _link_style(theme, state: str, links: int) -> str:
    """The state's colour and dashes; thicker for more links, as in the Graphviz overview."""
    look = theme.links[state]
    width = look.penwidth * theme.line_scale * (1 + min(links, 50) / 50) * PX_PER_PEN
    style = f"stroke:{look.color},stroke-width:{px_text(width)}"
    return style + (f",stroke-dasharray:{DASHES[state]}" if state in DASHES else "")


def _class_defs(theme, legend: bool, expanded: bool) -> list[str]:
    """Boxes as in the Graphviz overview: a department's border thicker than a team's."""
    text = f"color:{theme.text}"
    lines = [f"  classDef department fill:{theme.team_fill},stroke:{theme.team_line},"
             f"stroke-width:{px_text(2.2 * theme.line_scale)},{text}",
             f"  classDef external fill:{theme.external_fill},stroke:{theme.team_line},"
             f"stroke-width:{px_text(2.8 * theme.line_scale)},{text}"]
    if expanded:
        lines.append(f"  classDef cluster fill:{theme.cluster_fill},stroke:{theme.cluster_line},color:{theme.muted}")
        lines.append(f"  classDef team fill:{theme.team_fill},stroke:{theme.team_line},"
                     f"stroke-width:{px_text(1.4 * theme.line_scale)},{text}")
    if legend:
        lines.append("  classDef legendpoint fill:none,stroke:none,color:none")
        lines.append(f"  classDef legendnote fill:none,stroke:none,{text}")
    return lines
