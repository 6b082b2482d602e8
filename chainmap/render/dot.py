"""The map as DOT text: the one place that decides what a diagram shows.

Every other format is Graphviz drawing this text, so SVG, PNG and PDF agree.
Names from the input are escaped here and only here.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date
from functools import lru_cache

from ..i18n import cadence_text, kind_text, next_step, translator
from ..rules import link_state
from ..text import document_layout
from ..model import slugify
from .theme import FONT, Theme

# Above this many teams, dot's crossing minimisation takes minutes; these
# settings keep dot's left-to-right chain layout but bound the work.
LARGE_MAP = 400
LARGE_MAP_ATTRS = {"nslimit": "0.5", "nslimit1": "0.5", "mclimit": "0.05", "searchsize": "20", "remincross": "false",
                   "splines": "line"}
# The bundled Graphviz has no triangulation library, which the force-directed
# engines' default overlap removal ("prism") and spline routing need: scaling
# removes overlaps without it, and edges are drawn straight.
FORCE_DIRECTED_ATTRS = {"overlap": "scale", "splines": "false"}


def layout_attributes(team_count: int, engine: str = "dot") -> dict:
    """The graph attributes that bound Graphviz's work for ``engine`` on a map of ``team_count`` teams.

    The one place that decides them: :func:`to_dot` writes them into the DOT
    text, so the DOT that ``-f dot`` exports is the DOT chainmap draws.
    """
    if engine == "nop":  # chainmap placed every node itself (the overview's table): nothing to bound
        return {}
    if engine != "dot":
        return dict(FORCE_DIRECTED_ATTRS)
    return dict(LARGE_MAP_ATTRS) if team_count > LARGE_MAP else {}

# Graphviz reads \N, \G, \E ... (node, graph, edge name) even inside HTML-like
# labels; a doubled backslash is shown as one.
_HTML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
                               "\\": "\\\\"})


# The same names, colours and words recur in every view of a large map (a page of 5,000 teams
# writes 200 views): the escaped forms below are remembered, up to this many of each.
_REMEMBERED = 1 << 16


def quote(value: str) -> str:
    """A DOT double-quoted string whose text Graphviz shows literally.

    Backslashes are doubled because Graphviz reads ``\\N``, ``\\G``, ``\\l``
    and friends in labels and tooltips; a newline becomes ``\\n``.
    """
    return _quoted(value if type(value) is str else str(value))


@lru_cache(maxsize=_REMEMBERED)
def _quoted(value: str) -> str:
    value = _printable(value)
    value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{value}"'


def tooltip_text(value: str) -> str:
    """Text for a tooltip, which Graphviz unescapes twice: backslashes are doubled once more here."""
    return value.replace("\\", "\\\\")


def html(value: str) -> str:
    """Text for inside an HTML-like label: markup characters become entities."""
    return _html(value if type(value) is str else str(value))


@lru_cache(maxsize=_REMEMBERED)
def _html(value: str) -> str:
    value = _printable(value)
    # str.translate() looks up every character; most names need no escape at all.
    return value.translate(_HTML_ESCAPES) if _HTML_SPECIAL.search(value) else value


_HTML_SPECIAL = re.compile(r"""[&<>"'\\]""")


_LAYOUT_SPACES = re.compile("[\t\r]")


def _printable(value: str) -> str:
    """Tabs and carriage returns as spaces; every other control or direction character shown as its escape.

    The same rule as every other output (chainmap.text); line breaks stay, for wrapping and tooltips.
    """
    return _printable_text(value if type(value) is str else str(value))


@lru_cache(maxsize=_REMEMBERED)
def _printable_text(value: str) -> str:
    return document_layout(_LAYOUT_SPACES.sub(" ", str(value)))


def wrapped(value: str, width: int) -> str:
    lines = []
    for paragraph in _printable(value).split("\n"):
        if 0 < len(paragraph) <= width and not (paragraph[0].isspace() or paragraph[-1].isspace()):
            lines.append(paragraph)  # fits on one line, as most names do: what textwrap gives
        else:
            lines.extend(textwrap.wrap(paragraph, width, break_long_words=False) or [""])
    return "<BR/>".join(html(line) for line in lines)


def attrs(**attributes) -> str:
    parts = []
    for key, value in attributes.items():
        if value is None:
            continue
        kind = type(value)  # the common kinds first, by type: this runs for every team and link of every view
        if kind is str:
            parts.append(f"{key}={_quoted(value)}")
        elif kind is HtmlLabel or isinstance(value, HtmlLabel):
            parts.append(f"{key}=<{value}>")
        elif isinstance(value, (int, float)):
            parts.append(f"{key}={number(value)}")
        else:
            parts.append(f"{key}={quote(value)}")
    return "[" + ", ".join(parts) + "]"


@lru_cache(maxsize=_REMEMBERED)
def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


class HtmlLabel(str):
    """Marks a string as an HTML-like label (already escaped)."""


def team_element_id(team_id: str) -> str:
    return f"team-{team_id}"


def link_element_id(supplier: str, customer: str) -> str:
    return f"link-{supplier}--{customer}"


def to_dot(graph, theme: Theme, *, as_of: date, findings=(), title: str | None = None,
           legend: bool = True, focus: str | None = None, lang: str = "en", engine: str = "dot",
           changes=None) -> str:
    """DOT text for ``graph`` (already cut down to a focus, if any), its words in ``lang``.

    The text carries the layout attributes for ``engine`` (:func:`layout_attributes`):
    Graphviz's ``engine`` draws it as chainmap does.  ``changes`` (a
    :class:`chainmap.render.change.Changes`) makes it the picture of a change.
    """
    t = translator(lang)
    by_subject = _findings_by_subject(findings)
    lines = ["digraph chainmap {"]
    graph_attrs = dict(
        rankdir="LR", newrank="true", compound="true", splines="true", outputorder="edgesfirst",
        nodesep=theme.nodesep, ranksep=theme.ranksep, pad="0.4", bgcolor=theme.background,
        fontname=FONT, fontsize=theme.edge_fontsize, fontcolor=theme.text,
    )
    graph_attrs.update(layout_attributes(graph.number_of_nodes(), engine))
    label = heading(title, legend, theme, focus is not None, t, changes)
    if label:
        graph_attrs.update(label=HtmlLabel(label), labelloc="t", labeljust="l")
    lines.append("  graph " + attrs(**graph_attrs) + ";")
    lines.append("  node " + attrs(fontname=FONT, fontsize=theme.fontsize, fontcolor=theme.text,
                                     margin="0.18,0.1", penwidth=1.4 * theme.line_scale) + ";")
    touched = changes.touched() if changes is not None else None
    lines.append("  edge " + attrs(fontname=FONT, fontsize=theme.edge_fontsize, fontcolor=theme.text,
                                     arrowsize=0.9) + ";")

    departments: dict[str, list[str]] = {}
    loose: list[str] = []
    for node, data in graph.nodes(data=True):
        statement = _team_statement(graph, node, data, theme, by_subject, focus, t,
                                    changes.team_look(node, theme, t, touched) if changes is not None else None)
        if data["department"]:
            departments.setdefault(data["department"], []).append(statement)
        else:
            loose.append(statement)
    for index, (department, statements) in enumerate(departments.items()):
        lines.extend(department_frame(department, slugify(department) or str(index), statements, theme))
    lines.extend("  " + statement for statement in loose)
    for _, _, link in graph.edges(data="link"):
        lines.append("  " + _link_statement(graph, link, theme, as_of, by_subject, t, changes))
    lines.append("}")
    return "\n".join(lines) + "\n"


def department_frame(department: str, key: str, statements: list[str], theme: Theme) -> list[str]:
    """The lines of a department's frame (a Graphviz cluster named ``cluster_<key>``): a rounded,
    filled box with the department's name at its top left, around its teams' ``statements``."""
    return [f"  subgraph {quote('cluster_' + key)} {{",
            "    graph " + attrs(label=HtmlLabel(f"<B>{html(department)}</B>"), labeljust="l",
                                 style="rounded,filled", fillcolor=theme.cluster_fill, color=theme.cluster_line,
                                 fontsize=theme.fontsize, fontcolor=theme.muted, margin=14) + ";",
            *("    " + statement for statement in statements),
            "  }"]


def _findings_by_subject(findings) -> dict:
    grouped: dict = {}
    for problem in findings:
        if problem.subject and problem.subject[0] == "teams":
            for node in problem.subject[1:]:
                grouped.setdefault(("team", node), []).append(problem)
        elif problem.subject:
            grouped.setdefault(problem.subject, []).append(problem)
    return grouped


def _team_statement(graph, node: str, data: dict, theme: Theme, by_subject: dict, focus: str | None, t,
                    change: dict | None = None) -> str:
    classes = ["team"]
    style = ["filled"]
    shape = "box"
    fill = theme.team_fill
    subtitle = None
    peripheries = None
    if data["external"]:
        classes.append("external")
        shape, fill, peripheries = "ellipse", theme.external_fill, 2
        subtitle = t("node.external.subtitle")
    else:
        style.append("rounded")
    if not data["described"]:
        classes.append("undescribed")
        # End customers are outside: nobody expects a file from them, so no dashes.
        if not data["external"]:
            style.append("dashed")
            fill = theme.undescribed_fill
            subtitle = t("node.undescribed.subtitle")
    penwidth = 1.4 * theme.line_scale
    if node == focus:
        classes.append("focus")
        fill, penwidth = theme.focus_fill, 3.5 * theme.line_scale
    change = change or {}
    label = f"<B>{wrapped(data['name'], theme.wrap)}</B>"
    if subtitle:
        label += f'<BR/><FONT POINT-SIZE="{number(theme.small_fontsize)}" COLOR="{theme.muted}"><I>{html(subtitle)}</I></FONT>'
    if change.get("subtitle"):  # the picture of a change: what changed about the team
        label += f'<BR/><FONT POINT-SIZE="{number(theme.small_fontsize)}"><B>{html(change["subtitle"])}</B></FONT>'
    if change.get("style"):
        style.append(change["style"])
    return f"{quote(node)} " + attrs(
        id=team_element_id(node), label=HtmlLabel(label), shape=shape, style=",".join(style),
        fillcolor=change.get("fill", fill), color=change.get("color", theme.team_line),
        penwidth=change.get("penwidth", penwidth), peripheries=peripheries, fontcolor=change.get("fontcolor"),
        tooltip=tooltip_text(_team_tooltip(graph, node, data, by_subject.get(("team", node), ()), t)),
        **{"class": " ".join(classes + ([change["class"]] if change.get("class") else []))},
    ) + ";"


def _team_tooltip(graph, node: str, data: dict, findings, t) -> str:
    team = data["team"]
    lines = [data["name"]]
    if team is None:
        lines.append(t("tip.external") if data["external"] else t("tip.undescribed"))
    else:
        if team.department:
            lines[0] += f" ({team.department})"
        if team.description:
            lines.append(team.description)
        if team.contact:
            lines.append(t("tip.contact", value=team.contact))
    customers = [graph.nodes[c]["name"] for c in graph.successors(node)]
    suppliers = [graph.nodes[s]["name"] for s in graph.predecessors(node)]
    if customers:
        lines.append(t("tip.customers", value=_listed(customers, t)))
    if suppliers:
        lines.append(t("tip.suppliers", value=_listed(suppliers, t)))
    lines.extend(_finding_lines(findings, t))
    return "\n".join(lines)


# Graphviz fails on a tooltip line of about 16 KB; names are at most 200 characters
# (4 bytes each at worst), so a line of names stops well before that.
_LISTED_CHARACTERS = 1_000


def _listed(names: list[str], t) -> str:
    """``A, B, C``; a long list is cut after about 1,000 characters: ``A, B, ... and 75 more``."""
    shown, length = [], 0
    for name in names:
        if shown and length + len(name) > _LISTED_CHARACTERS:
            return t("tip.more", names=", ".join(shown), count=len(names) - len(shown))
        shown.append(name)
        length += len(name) + 2
    return ", ".join(shown)


def _finding_lines(findings, t) -> list[str]:
    """Each finding as its next step, with the rule id to look it up by."""
    return [f"\u2192 {next_step(p, t.lang)} [{p.rule}]" for p in findings]


def _link_statement(graph, link, theme: Theme, as_of: date, by_subject: dict, t, changes=None) -> str:
    state = link_state(link, as_of)
    look = theme.links[state]
    change = changes.link_look(link, state, theme, t) if changes is not None else {}
    color = change.get("color", look.color)
    label = wrapped(link.delivers, theme.wrap + 4) if link.delivers else ""
    if look.marked:
        mark = (f'<FONT POINT-SIZE="{number(theme.small_fontsize)}" COLOR="{color}">'
                f'<B>{html(t(f"state.{state}.mark"))}</B></FONT>')
        label = f"{label}<BR/>{mark}" if label else mark
    if change.get("mark"):  # the picture of a change: + NEW, ▲ BETTER, ▼ WORSE, ✗ GONE
        mark = f'<B>{html(change["mark"])}</B>'
        label = f"{label}<BR/>{mark}" if label else mark
    findings = by_subject.get(("link", link.supplier, link.customer), ())
    return f"{quote(link.supplier)} -> {quote(link.customer)} " + attrs(
        id=link_element_id(link.supplier, link.customer),
        label=HtmlLabel(label) if label else None,
        style=change.get("style", look.style), penwidth=look.penwidth * theme.line_scale * change.get("width", 1),
        color=color, arrowhead=change.get("arrowhead", look.arrowhead), fontcolor=change.get("fontcolor", theme.text),
        tooltip=tooltip_text(_link_tooltip(graph, link, state, as_of, findings, t)),
        **{"class": f"link {state}" + (f" {change['class']}" if change else "")},
    ) + ";"


def _link_tooltip(graph, link, state: str, as_of: date, findings, t) -> str:
    lines = [f"{graph.nodes[link.supplier]['name']} -> {graph.nodes[link.customer]['name']}",
             t("tip.state", value=t(f"state.{state}"))]
    for key, value in (("delivers", link.delivers), ("need", link.need), ("agreement", link.agreement)):
        if value:
            lines.append(t(f"tip.{key}", value=value))
    if link.agreement_approved:
        lines.append(t("tip.approved", date=link.agreement_approved.isoformat(),
                       review=cadence_text(link.agreement_review or "yearly", t.lang)))
    for promise in link.promises:
        status = promise.outcome or ("overdue" if promise.is_overdue(as_of) else "open")
        lines.append(t("tip.promise", what=promise.what, promised=promise.promised.isoformat(),
                       status=t(f"tip.promise.{status}",
                                date=promise.delivered.isoformat() if promise.delivered else "")))
    if link.declared_by == "customer":
        lines.append(t("tip.implied"))
    for loop in link.feedback:
        line = t("tip.feedback", value=loop_text(loop, as_of, t))
        if loop.note:
            line += f" ({loop.note})"
        lines.append(line)
    if not link.feedback:
        lines.append(t("tip.feedback.none"))
    lines.extend(_finding_lines(findings, t))
    return "\n".join(lines)


def loop_text(loop, as_of: date, t) -> str:
    """A feedback loop in a few words: ``review, quarterly, last 2026-09-14 (overdue), score 8``."""
    parts = [kind_text(loop.kind, t.lang)]
    if loop.cadence:
        parts.append(cadence_text(loop.cadence, t.lang))
    if loop.last:
        last = t("loop.last", date=loop.last.isoformat())
        parts.append(last if loop.is_current(as_of) else f"{last} ({t('loop.overdue')})")
    if loop.score is not None:
        parts.append(t("loop.score", score=number(loop.score)))
    return ", ".join(parts)


def heading(title: str | None, legend: bool, theme: Theme, focused: bool, t, changes=None) -> str | None:
    """The graph label: the title, and under it a legend strip.

    A graph label keeps the legend out of the layout, so it never pushes the
    teams around, and it carries no team/link classes, so it never counts
    as data.  Line samples are table cells with only a bottom border in the
    link's pattern, weight and colour; a glyph shows the arrowhead.
    """
    rows = []
    if title:
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{number(theme.title_fontsize)}">'
                    f"<B>{wrapped(title, 60)}</B></FONT></TD></TR>")
    if legend:
        rows.append(f'<TR><TD ALIGN="LEFT">{_legend_table(theme, focused, t)}</TD></TR>')
    if changes is not None and changes.drawn_legend:  # the picture of a change: what its marks mean
        rows.append(f'<TR><TD ALIGN="LEFT">{changes.legend(theme, t)}</TD></TR>')
    if not rows:
        return None
    return f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="4">{"".join(rows)}</TABLE>'


def _legend_table(theme: Theme, focused: bool, t) -> str:
    small = number(theme.small_fontsize)
    size = number(theme.edge_fontsize)
    links = []
    for state, look in theme.links.items():
        width = max(1, round(look.penwidth * theme.line_scale))
        pattern = "" if look.style == "solid" else f' STYLE="{look.style}"'
        arrow = "\u25b7" if look.arrowhead == "empty" else "\u25b6"
        mark = (f'<BR/><FONT POINT-SIZE="{small}" COLOR="{look.color}"><B>{html(t(f"state.{state}.mark"))}</B></FONT>'
                if look.marked else "")
        links.append(
            f'<TD WIDTH="{number(4 * theme.edge_fontsize)}" HEIGHT="{number(1.6 * theme.edge_fontsize)}" '
            'SIDES="B" '
            f'BORDER="{width}"{pattern} COLOR="{look.color}"> </TD>'
            f'<TD><FONT COLOR="{look.color}">{arrow}</FONT></TD>'
            f'<TD ALIGN="LEFT" BALIGN="LEFT">{html(t(f"state.{state}.legend"))}{mark}</TD>'
            '<TD WIDTH="12"> </TD>')
    kinds = [("team", theme.team_fill, "rounded"), ("external", theme.external_fill, "rounded"),
             ("undescribed", theme.undescribed_fill, "dashed")]
    if focused:
        kinds.append(("focus", theme.focus_fill, "rounded"))
    samples = [(t(f"node.{kind}"), fill, style, t(f"node.{kind}.legend")) for kind, fill, style in kinds]
    nodes = [f'<TD COLSPAN="2" BORDER="1" STYLE="{style}" BGCOLOR="{fill}" COLOR="{theme.team_line}">'
             f'<FONT POINT-SIZE="{small}">{html(text)}</FONT></TD>'
             f'<TD ALIGN="LEFT">{html(explanation)}</TD><TD WIDTH="12"> </TD>'
             for text, fill, style, explanation in samples]
    # Two entries a row keeps the legend narrow enough for a small focused map.
    cells = links + nodes
    rows = "".join(f"<TR>{''.join(cells[i:i + 2])}</TR>" for i in range(0, len(cells), 2))
    return (f'<TABLE BORDER="1" STYLE="rounded" COLOR="{theme.cluster_line}" CELLBORDER="0" CELLSPACING="4" '
            f'CELLPADDING="2"><TR><TD ALIGN="LEFT" COLSPAN="8"><FONT POINT-SIZE="{size}">'
            f'<B>{html(t("legend.title"))}</B></FONT></TD></TR>{rows}</TABLE>')
