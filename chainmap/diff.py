"""What changed between two versions of a map: teams, links, link states, findings, scores.

Both maps are judged on the same day (``as_of``), so what shows is what the
files changed, not what time did.  Teams are matched by id: a team renamed but
keeping its ``id:`` is the same team; one whose id changed is removed and added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .api import analyse
from .i18n import counted, number_text, percent_text, text
from .model import latest_score
from .render import RenderOptions, render
from .render.change import Changes, changed_map
from .report.markdown import md as escape_markdown
from .revisions import map_at
from .rules import LINK_STATES, link_state
from .text import shown

# Worse to better: no feedback, then hearing only (a signal, nobody asks why), then
# stale (someone listened, but too long ago), then healthy.
STATE_ORDER = ("no-feedback", "hearing-only", "stale", "healthy")
assert set(STATE_ORDER) == set(LINK_STATES)


@dataclass(frozen=True)
class Where:
    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}" if self.line else self.path


@dataclass(frozen=True)
class TeamChange:
    id: str
    name: str
    where: Where | None


@dataclass(frozen=True)
class LinkChange:
    supplier: str
    customer: str
    where: Where | None
    before: str | None = None  # the state before, or None for a new link
    after: str | None = None   # the state after, or None for a link that is gone
    ids: tuple[str, str] | None = None  # (supplier id, customer id): which link, for a team's own page

    @property
    def arrow(self) -> str:
        return f"{self.supplier} -> {self.customer}"


@dataclass(frozen=True)
class ScoreChange:
    supplier: str
    customer: str
    before: float
    after: float
    where: Where | None


@dataclass(frozen=True)
class FindingChange:
    rule: str
    severity: str
    message: str
    where: Where | None


@dataclass(frozen=True)
class Coverage:
    links: int
    with_feedback: int
    states: dict

    @property
    def percent(self) -> float:
        return 100.0 if not self.links else round(100.0 * self.with_feedback / self.links, 1)


@dataclass
class MapDiff:
    """Everything that changed from ``old`` to ``new``, each list in the new map's order."""

    old_label: str
    new_label: str
    as_of: date
    teams_added: list[TeamChange] = field(default_factory=list)
    teams_removed: list[TeamChange] = field(default_factory=list)
    teams_renamed: list[tuple[TeamChange, str]] = field(default_factory=list)
    links_added: list[LinkChange] = field(default_factory=list)
    links_removed: list[LinkChange] = field(default_factory=list)
    better: list[LinkChange] = field(default_factory=list)
    worse: list[LinkChange] = field(default_factory=list)
    scores: list[ScoreChange] = field(default_factory=list)
    findings_opened: list[FindingChange] = field(default_factory=list)
    findings_closed: list[FindingChange] = field(default_factory=list)
    coverage_before: Coverage | None = None
    coverage_after: Coverage | None = None

    @property
    def changed(self) -> bool:
        return any((self.teams_added, self.teams_removed, self.teams_renamed, self.links_added,
                    self.links_removed, self.better, self.worse, self.scores,
                    self.findings_opened, self.findings_closed))

    @property
    def coverage_dropped(self) -> bool:
        return self.coverage_after.percent < self.coverage_before.percent

    @property
    def got_worse(self) -> bool:
        """What ``--fail-on worse`` fails on: a link that got worse, or lower coverage."""
        return bool(self.worse) or self.coverage_dropped


def compare(old, new, as_of: date, old_label: str = "old", new_label: str = "new") -> MapDiff:
    """The change from ``old`` to ``new``, each an ``(graph, findings)`` pair from :func:`chainmap.analyse`."""
    (old_graph, old_findings), (new_graph, new_findings) = old, new
    diff = MapDiff(old_label, new_label, as_of)
    for node, data in new_graph.nodes(data=True):
        if node not in old_graph:
            diff.teams_added.append(TeamChange(node, data["name"], _where(data["source"])))
        elif data["described"] and old_graph.nodes[node]["described"] and \
                old_graph.nodes[node]["name"] != data["name"]:
            diff.teams_renamed.append((TeamChange(node, data["name"], _where(data["source"])),
                                       old_graph.nodes[node]["name"]))
    for node, data in old_graph.nodes(data=True):
        if node not in new_graph:
            diff.teams_removed.append(TeamChange(node, data["name"], _where(data["source"])))

    old_links = {(s, c): link for s, c, link in old_graph.edges(data="link")}
    for s, c, link in new_graph.edges(data="link"):
        names = (new_graph.nodes[s]["name"], new_graph.nodes[c]["name"])
        after = link_state(link, as_of)
        where = _where(link.source)
        if (s, c) not in old_links:
            diff.links_added.append(LinkChange(*names, where, None, after, (s, c)))
            continue
        before = link_state(old_links[(s, c)], as_of)
        if before != after:
            change = LinkChange(*names, where, before, after, (s, c))
            better = STATE_ORDER.index(after) > STATE_ORDER.index(before)
            (diff.better if better else diff.worse).append(change)
        old_score, new_score = latest_score(old_links[(s, c)]), latest_score(link)
        if old_score is not None and new_score is not None and old_score != new_score:
            diff.scores.append(ScoreChange(*names, old_score, new_score, where))
    for s, c, link in old_graph.edges(data="link"):
        if not new_graph.has_edge(s, c):
            names = (old_graph.nodes[s]["name"], old_graph.nodes[c]["name"])
            diff.links_removed.append(LinkChange(*names, _where(link.source), link_state(link, as_of), None, (s, c)))

    old_keys = {_finding_key(p) for p in old_findings}
    new_keys = {_finding_key(p) for p in new_findings}
    diff.findings_opened = [_finding(p) for p in new_findings if _finding_key(p) not in old_keys]
    diff.findings_closed = [_finding(p) for p in old_findings if _finding_key(p) not in new_keys]
    diff.coverage_before = coverage(old_graph, as_of)
    diff.coverage_after = coverage(new_graph, as_of)
    return diff


def coverage(graph, as_of: date) -> Coverage:
    links = [link for _, _, link in graph.edges(data="link")]
    states = {state: 0 for state in STATE_ORDER}
    for link in links:
        states[link_state(link, as_of)] += 1
    return Coverage(len(links), sum(1 for link in links if link.feedback), states)


def _where(source) -> Where | None:
    return Where(source.path, source.line, source.col) if source else None


def _finding_key(problem) -> tuple:
    # The subject and rule say which finding it is; the message may hold a date count that
    # changes every day, and the position moves with every edit above it.
    return (problem.rule, problem.subject or (problem.team, problem.supplier, problem.customer))


def finding_key(problem) -> tuple:
    """Which finding ``problem`` is, the same in both versions of a map: its rule and its subject."""
    return _finding_key(problem)


def _finding(problem) -> FindingChange:
    return FindingChange(problem.rule, problem.severity, problem.message,
                         Where(problem.path, problem.line, problem.col) if problem.path else None)


# -- how a diff is shown ----------------------------------------------------------------------

def state_word(state: str | None) -> str:
    return text(f"state.{state}", "en") if state else ""




def summary_line(diff: MapDiff) -> str:
    """One line: what got better and worse, what came and went, and the coverage."""
    if not diff.changed:
        return (f"no changes from {diff.old_label} to {diff.new_label}; "
                f"feedback coverage {percent_text(diff.coverage_after.percent)}")
    before, after = diff.coverage_before, diff.coverage_after
    return (f"{counted(len(diff.better), 'link')} better, {len(diff.worse)} worse, "
            f"{len(diff.links_added)} added, {len(diff.links_removed)} removed; "
            f"{counted(len(diff.teams_added), 'team')} added, {len(diff.teams_removed)} removed; "
            f"{counted(len(diff.findings_opened), 'finding')} opened, {len(diff.findings_closed)} closed; "
            f"feedback coverage {percent_text(before.percent)} -> {percent_text(after.percent)}")


def _sections(diff: MapDiff):
    """``(title, [(where, text)])`` for each kind of change, in the order a reader wants them."""
    yield "links worse", [(c.where, f"{c.arrow}: {state_word(c.before)} -> {state_word(c.after)}")
                          for c in diff.worse]
    yield "links better", [(c.where, f"{c.arrow}: {state_word(c.before)} -> {state_word(c.after)}")
                           for c in diff.better]
    yield "scores", [(c.where, f"{c.supplier} -> {c.customer}: {number_text(c.before)} -> {number_text(c.after)}")
                     for c in diff.scores]
    yield "links added", [(c.where, f"{c.arrow} ({state_word(c.after)})") for c in diff.links_added]
    yield "links removed", [(c.where, f"{c.arrow} (was {state_word(c.before)})") for c in diff.links_removed]
    yield "teams added", [(c.where, c.name) for c in diff.teams_added]
    yield "teams removed", [(c.where, c.name) for c in diff.teams_removed]
    yield "teams renamed", [(c.where, f"{old} -> {c.name}") for c, old in diff.teams_renamed]
    yield "findings opened", [(c.where, f"{c.severity}[{c.rule}]: {c.message}") for c in diff.findings_opened]
    yield "findings closed", [(c.where, f"{c.severity}[{c.rule}]: {c.message}") for c in diff.findings_closed]


def as_text(diff: MapDiff) -> str:
    """The diff for a terminal: a summary first, then each change as ``path:line:col: what``."""

    before, after = diff.coverage_before, diff.coverage_after
    lines = [f"{diff.old_label} -> {diff.new_label} (judged on {diff.as_of.isoformat()})",
             summary_line(diff),
             "links per state: " + ", ".join(f"{state_word(s)} {before.states[s]} -> {after.states[s]}"
                                             for s in STATE_ORDER)]
    for title, items in _sections(diff):
        if items:
            lines.append("")
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {where}: {what}" if where else f"  {what}" for where, what in items)
    # Names are shown, never interpreted: the same escaping as check's lines.
    return "\n".join(shown(line) for line in lines) + "\n"


def as_markdown(diff: MapDiff, limit: int = 15) -> str:
    """The diff as a pull-request comment: the summary first, then short lists."""

    before, after = diff.coverage_before, diff.coverage_after
    lines = [f"### chainmap: {escape_markdown(diff.old_label)} → {escape_markdown(diff.new_label)}", "",
             f"**{escape_markdown(summary_line(diff))}**", "",
             "| state | before | after |", "|---|---:|---:|"]
    lines += [f"| {state_word(s)} | {before.states[s]} | {after.states[s]} |" for s in STATE_ORDER]
    lines.append(f"| feedback coverage | {percent_text(before.percent)} | {percent_text(after.percent)} |")
    for title, items in _sections(diff):
        if not items:
            continue
        lines += ["", f"**{title.capitalize()} ({len(items)})**", ""]
        for where, what in items[:limit]:
            shown = f" (`{where}`)" if where else ""
            lines.append(f"- {escape_markdown(what)}{shown}")
        if len(items) > limit:
            lines.append(f"- … and {len(items) - limit} more (`chainmap diff` shows all)")
    return "\n".join(lines) + "\n"


def as_json(diff: MapDiff) -> dict:
    """Everything, for scripts."""
    def where(w):
        return {"file": w.path, "line": w.line or None, "col": w.col or None} if w else None

    def link(c):
        return {"supplier": c.supplier, "customer": c.customer, "before": c.before, "after": c.after,
                **{"where": where(c.where)}}

    def cover(c):
        return {"links": c.links, "with_feedback": c.with_feedback, "feedback_coverage": c.percent,
                "states": dict(c.states)}

    return {
        "old": diff.old_label, "new": diff.new_label, "as_of": diff.as_of.isoformat(),
        "summary": summary_line(diff),
        "coverage": {"before": cover(diff.coverage_before), "after": cover(diff.coverage_after)},
        "teams_added": [{"id": c.id, "name": c.name, "where": where(c.where)} for c in diff.teams_added],
        "teams_removed": [{"id": c.id, "name": c.name, "where": where(c.where)} for c in diff.teams_removed],
        "teams_renamed": [{"id": c.id, "before": old, "after": c.name, "where": where(c.where)}
                          for c, old in diff.teams_renamed],
        "links_added": [link(c) for c in diff.links_added],
        "links_removed": [link(c) for c in diff.links_removed],
        "links_better": [link(c) for c in diff.better],
        "links_worse": [link(c) for c in diff.worse],
        "scores": [{"supplier": c.supplier, "customer": c.customer, "before": c.before, "after": c.after,
                    "where": where(c.where)} for c in diff.scores],
        "findings_opened": [{"rule": c.rule, "severity": c.severity, "message": c.message,
                             "where": where(c.where)} for c in diff.findings_opened],
        "findings_closed": [{"rule": c.rule, "severity": c.severity, "message": c.message,
                             "where": where(c.where)} for c in diff.findings_closed],
    }


# -- the picture of a change ------------------------------------------------------------------

PICTURE_FORMATS = ("svg", "png", "pdf", "dot")


def changes_of(diff: MapDiff):
    """What ``diff`` changed, by team ids, for the picture (:class:`chainmap.render.change.Changes`)."""

    links = {c.ids: "new" for c in diff.links_added}
    links.update((c.ids, "better") for c in diff.better)
    links.update((c.ids, "worse") for c in diff.worse)
    links.update((c.ids, "gone") for c in diff.links_removed)
    before = {c.ids: c.before for c in (*diff.better, *diff.worse, *diff.links_removed)}
    teams = {c.id: "new" for c in diff.teams_added}
    teams.update((c.id, "gone") for c in diff.teams_removed)
    teams.update((c.id, "renamed") for c, _ in diff.teams_renamed)
    renamed = {c.id: old for c, old in diff.teams_renamed}
    return Changes(links, before, teams, renamed, diff.old_label, diff.new_label)


def picture(diff: MapDiff, old_graph, new_graph, findings, fmt: str, options=None,
            warnings: list | None = None) -> bytes:
    """The NEW map drawn as ``fmt`` (``svg``, ``png``, ``pdf``, ``dot``) with what changed marked.

    ``options`` (:class:`chainmap.render.RenderOptions`) may ask for the overview or a
    ``focus``; ``findings`` are NEW's.  A link gone from OLD is drawn grey and dashed.
    ``warnings`` receives what the drawing gave up, as :func:`chainmap.render.render` says.
    """
    from dataclasses import replace

    changes = changes_of(diff)
    graph = changed_map(new_graph, old_graph, changes)
    options = replace(options or RenderOptions(), changes=changes, as_of=diff.as_of)
    return render(graph, fmt, options, findings=findings, warnings=warnings)


def changed_since(paths, revision: str, graph, findings, as_of: date, label: str | None = None):
    """``(graph, changes)``: the map of now (``graph``, ``findings``) with what changed since ``revision`` marked.

    The graph is :func:`chainmap.render.change.changed_map`'s (what is gone drawn
    back from ``revision``); pass ``changes`` as ``RenderOptions(changes=)``.
    Errors are ``chainmap diff``'s (not a repository, an unknown revision, a map
    invalid in ``revision``).
    """
    from dataclasses import replace

    old_graph, old_findings, _ = analyse(map_at(list(paths), revision), as_of)
    result = compare((old_graph, old_findings), (graph, findings), as_of, label or revision, "now")
    changes = replace(changes_of(result), since=True)
    return changed_map(graph, old_graph, changes), changes
