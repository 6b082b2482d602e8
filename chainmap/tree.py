"""One team's chain as a tree of text: its customers down to the end customers, and its suppliers.

The view is made of lines of styled segments, so the command line can colour
it and anything else can print it plain::

    Payroll · Corporate Services
    ├── HR Advisory  ✓ healthy · Monthly salary cost overview
    │   └── ↺ back to Payroll (cycle)  ! stale · Contract changes before cut-off
    └── Employees (not described yet)  ✗ no feedback

Every link is marked with its feedback state in words and a symbol, so the
view reads without colour.  A team reached again through another path is
shown once and referred back to; a cycle is marked, not followed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .graph import downstream
from .i18n import text
from .rules import LINK_STATES, STATE_SYMBOLS, downstream_needs, link_state
from .text import shown


def state_word(state: str) -> str:
    """The word beside a state's symbol (``no feedback``); the terminal's tree stays English, like ``check``."""
    return text(f"state.{state}.word")


@dataclass(frozen=True)
class Glyphs:
    """The drawing characters: box drawing and symbols, or plain ASCII for terminals without UTF-8."""

    branch: str
    last: str
    pipe: str
    space: str
    states: dict
    cycle: str
    dot: str


UNICODE = Glyphs("├── ", "└── ", "│   ", "    ", STATE_SYMBOLS, "↺", " · ")
ASCII = Glyphs("|-- ", "`-- ", "|   ", "    ",
               {"no-feedback": "x", "stale": "!", "hearing-only": "~", "healthy": "+"}, "<-", " - ")


@dataclass(frozen=True)
class Segment:
    """A piece of a line, with what it is (for colour): ``team``, ``root``, a link state, ``note``, ``cycle``..."""

    text: str
    kind: str | None = None


@dataclass
class ChainView:
    """The lines of the view, and what the summary line counts."""

    lines: list[tuple[Segment, ...]] = field(default_factory=list)
    links: dict = field(default_factory=dict)  # (supplier, customer) -> state, each link once
    end_customers: set = field(default_factory=set)
    depth: int | None = None  # set when --depth left customers out

    def summary(self) -> tuple[Segment, ...]:
        """``5 links in this chain: 1 without feedback, 1 stale, 0 hearing only, 3 healthy; reaches 2 end customers``."""
        counts = {state: 0 for state in LINK_STATES}
        for state in self.links.values():
            counts[state] += 1
        total = len(self.links)
        segments = [Segment(f"{total} link{'' if total == 1 else 's'} in this chain: "),
                    Segment(f"{counts['no-feedback']} without feedback", "no-feedback" if counts["no-feedback"] else None)]
        for state in ("stale", "hearing-only", "healthy"):
            segments.append(Segment(", "))
            segments.append(Segment(f"{counts[state]} {state_word(state)}", state if counts[state] else None))
        reached = len(self.end_customers)
        within = f" within depth {self.depth}" if self.depth is not None else ""
        segments.append(Segment(f"; reaches {reached or 'no'} end customer{'' if reached == 1 else 's'}{within}"))
        return tuple(segments)


def chain_view(graph, team_id: str, as_of: date, *, depth: int | None = None, up: int = 0,
               glyphs: Glyphs = UNICODE) -> ChainView:
    """The chain around ``team_id``: ``depth`` levels of customers (None: to the end customers), ``up`` of suppliers."""
    view = ChainView()
    data = graph.nodes[team_id]
    root = [Segment(display(data["name"]), "root")]
    if data["department"]:
        root.append(Segment(glyphs.dot + display(data["department"]), "note"))
    root.extend(_team_notes(data))
    view.lines.append(tuple(root))
    if graph.out_degree(team_id):
        _Walker(graph, view, as_of, glyphs, downstream=True).walk(team_id, depth)
    else:
        view.lines.append((Segment(glyphs.last), Segment("no customers in the map", "note")))
    view.lines.extend(_needs_section(graph, team_id, depth, glyphs))
    if up:
        view.lines.append(())
        view.lines.append((Segment(f"Suppliers of {display(data['name'])}", "heading"),
                           Segment(" (each delivers to the team above it)", "note")))
        if graph.in_degree(team_id):
            _Walker(graph, view, as_of, glyphs, downstream=False).walk(team_id, up)
        else:
            view.lines.append((Segment(glyphs.last), Segment("no suppliers in the map", "note")))
    return view


class _Walker:
    """Depth-first through customers (or suppliers), in the order the input lists them."""

    def __init__(self, graph, view: ChainView, as_of: date, glyphs: Glyphs, downstream: bool):
        self.graph, self.view, self.as_of, self.glyphs = graph, view, as_of, glyphs
        self.downstream = downstream
        self.next = graph.successors if downstream else graph.predecessors
        self.expanded: dict[str, float] = {}  # team -> levels shown below it when it was expanded

    def _cut(self, levels: int) -> None:
        """Customers were left out: the summary says its end customers are those within the depth."""
        if self.downstream:
            self.view.depth = levels

    def walk(self, team: str, levels: int | None) -> None:
        self.levels = levels
        if levels == 0:
            count = sum(1 for _ in self.next(team))
            noun = ("customer" if self.downstream else "supplier") + ("" if count == 1 else "s")
            self.view.lines.append((Segment(self.glyphs.last, "tree"), Segment(f"{count} {noun} not shown", "note")))
            self._cut(0)
            return
        self._children(team, (team,), "", float("inf") if levels is None else levels)

    def _children(self, team: str, path: tuple, prefix: str, levels: float) -> None:
        # Depth first with a stack of its own, not recursion: a chain thousands of teams deep
        # would exceed Python's recursion limit.
        pending: list = []
        self._push(pending, team, path, prefix, levels)
        while pending:
            self._child(pending, *pending.pop())

    def _push(self, pending: list, team: str, path: tuple, prefix: str, levels: float) -> None:
        """Put ``team``'s children on ``pending``, last first, so the first comes off first."""
        children = list(self.next(team))
        for index in range(len(children) - 1, -1, -1):
            last = index == len(children) - 1
            branch = self.glyphs.last if last else self.glyphs.branch
            below = prefix + (self.glyphs.space if last else self.glyphs.pipe)
            pending.append((team, children[index], path, prefix + branch, below, levels - 1))

    def _child(self, pending: list, team: str, child: str, path: tuple, lead: str, below: str, levels: float) -> None:
        supplier, customer = (team, child) if self.downstream else (child, team)
        link = self.graph.edges[supplier, customer]["link"]
        state = link_state(link, self.as_of)
        self.view.links[(supplier, customer)] = state
        data = self.graph.nodes[child]
        if self.downstream and data["external"]:
            self.view.end_customers.add(child)
        line = [Segment(lead, "tree")]
        further = sum(1 for _ in self.next(child))
        expand = False
        if child in path:
            name = display(data["name"])
            line.append(Segment(f"{self.glyphs.cycle} back to {name} (cycle)", "cycle"))
        else:
            line.append(Segment(display(data["name"]), "team"))
            line.extend(_team_notes(data))
            if further and self.expanded.get(child, -1) >= levels:
                line.append(Segment(" (see above)", "note"))
            elif further and levels <= 0:
                noun = ("customer" if self.downstream else "supplier") + ("" if further == 1 else "s")
                line.append(Segment(f" ({further} {noun} not shown)", "note"))
                self._cut(self.levels)
            elif further:
                expand = True
        line.append(Segment("  "))
        line.extend(_link_segments(link, state, self.glyphs))
        self.view.lines.append(tuple(line))
        if expand:
            self.expanded[child] = levels
            self._push(pending, child, path + (child,), below, levels)


def _needs_section(graph, team_id: str, depth: int | None, glyphs: Glyphs) -> list[tuple[Segment, ...]]:
    """"What your customer's customers need": each need, and who needs it from whom, nearest first.

    Left out when no link lies below the team's own (within ``depth``).
    """

    distance = downstream(graph, team_id, None if depth is None else depth - 1)
    further = any(s != team_id and c != team_id for s in distance for c in graph.successors(s))
    if not further:
        return []
    lines = [(), (Segment("What your customer's customers need", "heading"),
                  Segment(" (who needs it, from whom; nearest first)", "note"))]
    needs = downstream_needs(graph, team_id, depth)
    if not needs:
        lines.append((Segment("  "), Segment("none written down yet: ask your customers whom they serve, "
                                             "and what those need", "note")))
    for item in needs:
        who = "; ".join(f"{display(graph.nodes[c]['name'])} from {display(graph.nodes[s]['name'])}"
                        for s, c in item.links)
        lines.append((Segment("  "), Segment(display(item.need)), Segment(glyphs.dot + who, "note")))
    return lines


def _team_notes(data) -> list[Segment]:
    if data["external"]:
        return [Segment(" (end customer)", "external")]
    if not data["described"]:
        return [Segment(" (not described yet)", "undescribed")]
    return []


def _link_segments(link, state: str, glyphs: Glyphs) -> list[Segment]:
    segments = [Segment(f"{glyphs.states[state]} {state_word(state)}", state)]
    if link.delivers:
        segments.append(Segment(glyphs.dot + display(link.delivers), "delivers"))
    return segments


def display(value: str) -> str:
    """A name on one terminal line, as ``check`` shows it: control and direction characters as escapes.

    ESC above all would otherwise reach the terminal and could recolour, move
    or hide what follows; a line break would break the tree, and a direction
    override (U+202E) would show the rest of the line backwards.  They show as
    ``\\x1b``, ``\\n``, ``\\u202e`` (see :func:`chainmap.text.shown`).
    """
    return shown(value)


def plain(line) -> str:
    return "".join(segment.text for segment in line)
