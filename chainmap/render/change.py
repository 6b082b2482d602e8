"""The picture of a change (``chainmap diff OLD NEW -o change.svg``): the NEW map, what changed marked.

A changed link keeps the pattern, weight and colour of its state in NEW, is drawn
heavier, and carries its change in words after a symbol: ``+ NEW``, ``▲ BETTER``,
``▼ WORSE`` (with what it was), so it reads without colour.  A link that is gone is
drawn from OLD on the NEW map: grey, dashed, ending in a bar, ``− GONE``.  The rest
is dimmed: unchanged links in light grey, and the teams no change touches.

The SVG contract: a changed link's ``<g>`` has the classes ``link <state> change
<kind>`` (kind ``new``, ``better``, ``worse`` or ``gone``; a gone link's state is its
state in OLD), an unchanged one ``link <state> unchanged``; ids are the map's
(``link-<supplier>--<customer>``).  A team has ``change new``, ``change gone`` or
``change renamed``, or ``unchanged``.  On the overview a department arrow with changed
links has ``change`` and each kind among them, and counts them per kind.

The interactive page of a change (``render -f html --since REV``, ``diff -o change.html``)
draws with ``dim=False`` and ``drawn_legend=False``: it dims the unchanged itself, with a
toggle, and has a legend of its own.

The library's picture needs no ``chainmap.diff``: :class:`Changes` says what
changed by team ids, and ``chainmap diff`` fills it from its comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..departments import department_graph
from .dot import html, number

KINDS = ("new", "better", "worse", "gone")
# Each kind's symbol, printed before its word, so a mark reads in black and white.  Gone is a
# minus, not the table's ✗, which says "no feedback loop" (chainmap.render.matrix).
SYMBOLS = {"new": "+", "better": "\u25b2", "worse": "\u25bc", "gone": "\u2212"}
# Dimmed: what did not change.  Gone: drawn from the old map.  Greys read on every theme.
DIM_LINE, DIM_TEXT = "#cfcfcf", "#8c8c8c"
GONE_LINE, GONE_TEXT, GONE_FILL = "#6b6b6b", "#555555", "#f0f0f0"
# How much heavier a changed link is drawn than its state's line.
CHANGED_WIDTH = 1.6


@dataclass(frozen=True)
class Changes:
    """What changed from OLD to NEW, by team ids.

    ``links``: (supplier id, customer id) -> ``new``, ``better``, ``worse`` or ``gone``;
    ``before``: the state in OLD of each better, worse and gone link; ``teams``: team
    id -> ``new``, ``gone`` or ``renamed``; ``renamed``: team id -> its name in OLD.
    """

    links: dict
    before: dict = field(default_factory=dict)
    teams: dict = field(default_factory=dict)
    renamed: dict = field(default_factory=dict)
    old_label: str = "old"
    new_label: str = "new"
    # True when NEW is the map of now and OLD a revision (``--since REV``): "What changed since REV".
    since: bool = False
    # The interactive page draws with ``dim=False`` (it dims the unchanged itself, with a toggle) and
    # ``drawn_legend=False`` (it has a legend of its own).
    dim: bool = True
    drawn_legend: bool = True

    def title(self, t) -> str:
        """``What changed since main``, or ``What changed from v1 to HEAD``."""
        if self.since:
            return t("page.change.since", old=self.old_label)
        return t("change.legend.title", old=self.old_label, new=self.new_label)

    def counts(self) -> dict:
        """How many links changed, per kind."""
        return {kind: sum(1 for value in self.links.values() if value == kind) for kind in KINDS}

    def _dimmed(self) -> dict:
        return {"class": "unchanged", "color": DIM_LINE, "fontcolor": DIM_TEXT} if self.dim else {"class": "unchanged"}

    def touched(self) -> set:
        """The teams a change touches: changed teams and both ends of each changed link."""
        return set(self.teams) | {team for link in self.links for team in link}

    def team_look(self, node: str, theme, t, touched: set) -> dict:
        """How a team's box differs in the picture: classes, a line under its name, colours."""
        kind = self.teams.get(node)
        if kind == "new":
            return {"class": "change new", "subtitle": self.team_mark(node, t), "penwidth": 3.0 * theme.line_scale}
        if kind == "gone":
            return {"class": "change gone", "subtitle": self.team_mark(node, t),
                    "style": "dashed", "fill": GONE_FILL, "color": GONE_LINE, "fontcolor": GONE_TEXT}
        if kind == "renamed":
            return {"class": "change renamed", "subtitle": self.team_mark(node, t)}
        if node in touched:
            return {"class": "unchanged"}
        return self._dimmed()

    def team_mark(self, node: str, t) -> str:
        """``+ new team``, ``− team gone`` or ``renamed from HR Advisory``: a changed team's change in words."""
        kind = self.teams[node]
        if kind == "renamed":
            return t("change.team.renamed", name=self.renamed[node])
        return f"{SYMBOLS[kind]} {t(f'change.team.{kind}')}"

    def link_look(self, link, state: str, theme, t) -> dict:
        """How a link differs in the picture: classes, its change in words, colours and weight."""
        kind = self.links.get((link.supplier, link.customer))
        if kind is None:
            return self._dimmed()
        look = {"class": f"change {kind}", "mark": self.mark(kind, (link.supplier, link.customer), t),
                "width": CHANGED_WIDTH}
        if kind == "gone":
            look.update(color=GONE_LINE, fontcolor=GONE_TEXT, style="dashed", arrowhead="tee", width=1.0)
        return look

    def mark(self, kind: str, key: tuple, t) -> str:
        """``▼ WORSE (was healthy)``: the symbol, the word, and for better and worse what it was."""
        words = f"{SYMBOLS[kind]} {t(f'change.{kind}.mark')}"
        if kind in ("better", "worse"):
            words += f" ({t('change.was', state=t(f'state.{self.before[key]}'))})"
        return words

    def group_look(self, data: dict, t) -> dict:
        """How a department arrow differs in the picture: the kinds of its changed links, counted."""
        counts = data.get("changes") or {}
        if not any(counts.values()):
            return self._dimmed()
        kinds = [kind for kind in KINDS if counts.get(kind)]
        look = {"class": "change " + " ".join(kinds), "mark": _counted(counts, t), "width": CHANGED_WIDTH}
        if kinds == ["gone"]:  # only links that are gone: drawn as a gone link
            look.update(color=GONE_LINE, fontcolor=GONE_TEXT, style="dashed", arrowhead="tee", width=1.0)
        return look

    def cell_look(self, counts: dict | None) -> dict:
        """How a cell of the overview's table differs: its changed links per kind in symbols (``+2 ▼1``)."""
        if not counts or not any(counts.values()):
            return self._dimmed()
        kinds = [kind for kind in KINDS if counts[kind]]
        return {"class": "change " + " ".join(kinds), "mark": " ".join(f"{SYMBOLS[kind]}{counts[kind]}" for kind in kinds)}

    def box_look(self, data: dict, theme, t) -> dict:
        """How a box of the overview differs: a team's own change, or a department's changed links inside."""
        if data["kind"] in ("team", "external"):
            kind = self.teams.get(data["teams"][0])
            if kind is None:
                return {"class": "unchanged"}
            look = self.team_look(data["teams"][0], theme, t, set())
            return {**look, "mark": look.pop("subtitle")}
        counts = data.get("changes_inside") or {}
        if not any(counts.values()):
            return {"class": "unchanged"}
        kinds = [kind for kind in KINDS if counts.get(kind)]
        return {"class": "change " + " ".join(kinds), "mark": t("change.inside", changes=_counted(counts, t))}

    def legend(self, theme, t) -> str:
        """An HTML-like table: what each mark means, under the map's legend (empty for the page)."""
        if not self.drawn_legend:
            return ""
        size = number(theme.edge_fontsize)
        # Changed links keep their state's pattern and colour: the sample is a heavy plain line.
        samples = [(kind, theme.text if kind != "gone" else GONE_LINE,
                    "dashed" if kind == "gone" else "solid", 3 if kind != "gone" else 2,
                    f"<B>{html(SYMBOLS[kind] + ' ' + t(f'change.{kind}.mark'))}</B>  {html(t(f'change.{kind}.legend'))}")
                   for kind in KINDS]
        samples.append(("unchanged", DIM_LINE, "solid", 2, f'<FONT COLOR="{DIM_TEXT}">'
                                                           f"{html(t('change.unchanged.legend'))}</FONT>"))
        cells = [f'<TD WIDTH="{number(4 * theme.edge_fontsize)}" HEIGHT="{number(1.6 * theme.edge_fontsize)}" '
                 f'SIDES="B" BORDER="{width}"' + ("" if style == "solid" else f' STYLE="{style}"')
                 + f' COLOR="{color}"> </TD><TD ALIGN="LEFT">{words}</TD><TD WIDTH="12"> </TD>'
                 for _, color, style, width, words in samples]
        rows = "".join(f"<TR>{''.join(cells[i:i + 3])}</TR>" for i in range(0, len(cells), 3))
        title = html(self.title(t))
        return (f'<TABLE BORDER="1" STYLE="rounded" COLOR="{theme.cluster_line}" CELLBORDER="0" CELLSPACING="4" '
                f'CELLPADDING="2"><TR><TD ALIGN="LEFT" COLSPAN="9"><FONT POINT-SIZE="{size}">'
                f"<B>{title}</B></FONT></TD></TR>{rows}</TABLE>")


def _counted(counts: dict, t) -> str:
    """``+2 NEW  ▼1 WORSE``: each kind of change with its count."""
    return "  ".join(f"{SYMBOLS[kind]}{counts[kind]} {t(f'change.{kind}.mark')}" for kind in KINDS if counts.get(kind))


def changed_map(new_graph, old_graph, changes: Changes):
    """The NEW map with what is gone added back from OLD: the teams and links the picture draws grey."""
    graph = new_graph.copy()
    for node, kind in changes.teams.items():
        if kind == "gone" and node in old_graph:
            graph.add_node(node, **old_graph.nodes[node])
    for (supplier, customer), kind in changes.links.items():
        if kind == "gone":
            for node in (supplier, customer):
                if node not in graph:  # an end customer only the gone link named
                    graph.add_node(node, **old_graph.nodes[node])
            graph.add_edge(supplier, customer, **old_graph.edges[supplier, customer])
    return graph


def present_map(graph, changes: Changes):
    """:func:`changed_map`'s ``graph`` without what is gone: the NEW map, as its figures count it."""
    present = graph.copy()
    present.remove_edges_from([key for key, kind in changes.links.items() if kind == "gone"])
    present.remove_nodes_from([node for node, kind in changes.teams.items() if kind == "gone" and node in present])
    return present


def changed_overview(graph, changes: Changes, as_of, findings=(), expand: str | None = None):
    """The department graph of :func:`changed_map`'s ``graph``, each arrow counting its changes per kind.

    Departments' figures and the arrows' links per state are NEW's: the links that
    are gone are counted only as gone.  An arrow that only links gone from OLD keeps
    their states, so it is drawn, as a gone link.
    """

    present = present_map(graph, changes)
    whole = department_graph(graph, as_of, findings, expand=expand)
    now = department_graph(present, as_of, findings, expand=expand)
    for node, data in whole.nodes(data=True):
        teams = set(data["teams"])  # NEW's teams and the gone ones
        data["changes_inside"] = counts = {kind: 0 for kind in KINDS}
        for (supplier, customer), kind in changes.links.items():
            if supplier in teams and customer in teams:
                counts[kind] += 1
        if node in now:
            data.update(now.nodes[node])
    for source, target, data in whole.edges(data=True):
        counts = {kind: 0 for kind in KINDS}
        for pair in data["pairs"]:  # NEW's links and the gone ones
            kind = changes.links.get(pair)
            if kind:
                counts[kind] += 1
        if now.has_edge(source, target):
            data.update(now.edges[source, target])
        data["changes"] = counts
    return whole
