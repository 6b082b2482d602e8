"""What a report says, before it is laid out: a pure function of the map.

``build_report`` turns the graph, its findings, the date and the language into
a structured document: the title page, the key figures, the gaps grouped by
rule, one section per described team (its customers, their feedback loops,
its suppliers, the chain around it and its next steps) and the diagrams to
draw.  The PDF, HTML and Markdown writers only lay this out; none of them
decides what a reader is told.

Every text a reader sees is already in ``lang`` here, except the fixed
headings, which the writers take from ``chainmap.i18n`` (``report.*``).
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ..departments import department_graph, departments as department_names, find_department
from ..errors import SEVERITY_RANK, UsageError, did_you_mean, usage_problem
from ..graph import downstream, resolve_team
from ..i18n import cadence_text, kind_text, next_step, number_text, percent_text, text, translator
from ..model import latest_score
from ..render.overview import is_table
from ..rules import (LINK_STATES, RULES, PromiseRecord, acting_teams, downstream_needs, link_state, promise_record,
                     referrers, summarise, team_promise_record)
from ..scores import LOYAL_SCORE, score_trend
from ..text import document_text

# How a team is drawn and listed: a team of the organisation, an end customer
# outside it, or a team referenced but described nowhere.
TEAM, EXTERNAL, UNDESCRIBED = "team", "external", "undescribed"


@dataclass(frozen=True)
class Loop:
    """One feedback loop on a link, in the reader's words."""

    kind: str
    listening: bool
    cadence: str
    last: str
    overdue: bool
    score: str
    note: str


@dataclass(frozen=True)
class CustomerRow:
    """One customer of a team: what it gets and how the team hears back."""

    id: str
    name: str
    kind: str  # TEAM, EXTERNAL or UNDESCRIBED
    delivers: str
    need: str
    agreement: str
    state: str  # a link state: no-feedback, stale, hearing-only, healthy
    loops: tuple[Loop, ...]
    implied: bool  # known only from the customer's suppliers list
    approval: str = ""  # the agreement: "" (none written), "never" (approved), "current" or "overdue"
    approved: str = ""  # when the customer approved it, ISO
    promises: PromiseRecord | None = None  # how this link's promises went; None: no promise on record
    trend: tuple[float, ...] = ()  # the link's scores, oldest first (chainmap.scores); shown from two on


@dataclass(frozen=True)
class SupplierRow:
    """One supplier of a team: what it delivers and whether it asks the team."""

    id: str
    name: str
    kind: str
    delivers: str
    state: str


@dataclass(frozen=True)
class Step:
    """A finding phrased as what to do next."""

    text: str
    rule: str
    severity: str


@dataclass(frozen=True)
class Diagram:
    """A drawing to place: the whole map, one department's part, or the chain around a team."""

    # "map" (every team), "overview" (one box per department), "department-view" (a department's
    # teams in full, the others as one box each: `render --department`), "department" (a part of
    # the whole map, for a map too large for a page) or "team"
    kind: str
    key: str  # "map", "overview", the department's name, or the team id
    caption: str


@dataclass(frozen=True)
class Need:
    """A need further down a team's chain, and the links that carry it (``Supplier → Customer``)."""

    need: str
    links: tuple[str, ...]


@dataclass(frozen=True)
class TeamChanges:
    """What changed on a team's links since ``--since REV``: each a line in the reader's language."""

    better: tuple[str, ...]
    worse: tuple[str, ...]
    opened: tuple[str, ...]  # next steps that are new


@dataclass(frozen=True)
class MapChanges:
    """The whole map's "What changed since": coverage, links per state, links better and worse, new findings."""

    title: str
    coverage: str  # "Links with a feedback loop: 80% → 90%"
    states: tuple[tuple[str, int, int], ...]  # (state, before, after), worst first
    better: tuple[str, ...]
    worse: tuple[str, ...]
    opened: tuple[str, ...]  # "Team: next step"
    more: dict  # "better"/"worse"/"opened" -> how many more than listed
    chart: dict  # "svg"/"png" -> the coverage chart; empty when there is none
    chart_caption: str


@dataclass(frozen=True)
class Since:
    """What ``report --since REV`` compares with: the map as it was in a git revision (``chainmap.since``)."""

    revision: str
    day: date  # the revision's commit date
    diff: object  # a chainmap.diff.MapDiff from REV to now (the report sits below diff: not imported)
    old_graph: object  # the map at REV: the score each link had then
    opened: frozenset  # the findings of now that REV did not have
    chart: dict = dataclasses.field(default_factory=dict)  # "svg"/"png" -> bytes


@dataclass(frozen=True)
class TeamSection:
    id: str
    name: str
    department: str
    description: str
    contact: str
    customers: tuple[CustomerRow, ...]
    customers_of_customers: tuple[str, ...]  # names, depth 2: "de klant van je klant"
    end_customers: tuple[str, ...]  # external customers the chain reaches, at any depth
    suppliers: tuple[SupplierRow, ...]
    steps: tuple[Step, ...]
    diagram: Diagram
    promises: PromiseRecord = PromiseRecord()  # the team's promises to its customers
    needs: tuple[Need, ...] = ()  # what the customers' customers need, nearest first
    more_needs: int = 0  # needs further down the chain, not listed
    changes: TeamChanges | None = None  # with --since


@dataclass(frozen=True)
class Gap:
    """One finding in the summary: whose page it is on, and the next step."""

    owners: tuple[str, ...]  # ids of the teams whose pages carry it
    who: str  # the names shown before the step
    text: str


@dataclass(frozen=True)
class GapGroup:
    rule: str
    severity: str
    title: str
    gaps: tuple[Gap, ...]


@dataclass(frozen=True)
class Figures:
    """The map in numbers, for the summary."""

    teams: int  # every team in the map, as `chainmap check` counts them
    described: int
    end_customers: int
    undescribed: int
    links: int
    without_feedback: int
    coverage: float  # percent of links with at least one feedback loop
    states: tuple[tuple[str, int], ...]  # (link state, count), strongest mark first
    warnings: int
    infos: int


@dataclass(frozen=True)
class Department:
    name: str  # "" for teams without a department
    teams: tuple[str, ...]  # ids, in report order


@dataclass(frozen=True)
class WorstLink:
    """A link to act on first, for a department's row of the summary."""

    supplier: str  # id: the team whose page carries the next step
    supplier_name: str
    customer_name: str
    state: str


@dataclass(frozen=True)
class DepartmentRow:
    """A department in the summary: its size, its feedback coverage, its links per state, what to fix first."""

    name: str  # "" for teams without a department
    teams: int
    links: int  # links from its teams
    coverage: float | None  # percent of those links with a feedback loop
    states: tuple[tuple[str, int], ...]
    worst: tuple[WorstLink, ...]


@dataclass(frozen=True)
class Report:
    lang: str
    as_of: date
    title: str
    date_text: str
    single_team: bool  # --team: one team's page, no title page, summary or map
    figures: Figures | None
    gaps: tuple[GapGroup, ...]
    overview: Diagram | None  # the whole map ("map") or, with departments, the "overview"
    departments: tuple[Department, ...]
    teams: tuple[TeamSection, ...]
    # What the diagrams are drawn from; not part of the text.
    graph: object
    findings: tuple
    # A department's map ("department-view") each, when the overview stands for the whole map.
    department_maps: tuple[Diagram, ...] = ()
    summary_rows: tuple[DepartmentRow, ...] = ()
    department: str | None = None  # --department: that department's pack
    changes: MapChanges | None = None  # --since: what changed in the whole map
    changes_title: str = ""  # --since: "What changed since 1 October 2026 (v1)"

    def team(self, team_id: str) -> TeamSection:
        return self._sections[team_id]

    def has_page(self, team_id: str) -> bool:
        return team_id in self._sections

    @cached_property
    def _sections(self) -> dict:
        """The team pages by id, made once: summaries of thousands of teams look names up often."""
        return {section.id: section for section in self.teams}

    @cached_property
    def department_overview(self):
        """The whole map collapsed by department (``departments.department_graph``), once per report:
        each department's view takes the other departments' figures from it."""
        return department_graph(self.graph, self.as_of, self.findings)


def build_report(graph, findings, as_of: date, lang: str = "en", team: str | None = None,
                 title: str | None = None, department: str | None = None, since: Since | None = None) -> Report:
    """The report's content: the whole map, with ``team`` only that team's page, with
    ``department`` that department's pack (its map, its summary row, its teams' pages).

    Raises :class:`~chainmap.errors.UsageError` when ``team`` is not a
    described team of the map (unknown, described nowhere, or an end customer),
    or ``department`` is not a department of the map (``unknown-department``).

    With ``since`` (:func:`chainmap.since.since`), each team page says what
    changed on its links, and the whole map's report what changed in the map.
    """
    t = translator(lang)
    if department is not None:
        department = find_department(graph, department)
        ids = [node for node in _report_order(graph) if graph.nodes[node]["department"] == department]
    else:
        ids = [_select(graph, team)] if team else _report_order(graph)
    # From here on every text from the YAML is as a document shows it, in the
    # drawings too: control and direction characters as escapes (chainmap.text).
    opened = [problem in since.opened for problem in findings] if since else []
    graph, findings = shown_map(graph, findings)
    opened = {id(problem) for problem, new in zip(findings, opened) if new}
    owners = _owners(graph, findings, lang)
    changes_title = t("report.changes.title", date=date_text(since.day, lang),
                      revision=document_text(since.revision)) if since else ""
    sections = tuple(_team_section(graph, node, owners, as_of, t, since, opened) for node in ids)
    departments = _departments(graph, ids)
    title = document_text(title or graph.graph.get("organization") or t("report.default-title"))
    if department is not None:
        title = f"{title} · {document_text(department)}"
    names = department_names(graph)
    maps, rows = (), ()
    if team:
        figures, gaps, overview = None, (), None
    elif department is not None:
        figures, gaps, overview = None, (), None
        maps = (Diagram("department-view", department, t("report.department.caption", department=department)),)
        rows = _summary_rows(graph, findings, as_of, [department], t)
    else:
        figures = _figures(graph, summarise(graph, findings), as_of)
        gaps = _gap_groups(graph, findings, t)
        if len(names) > 1:
            overview = Diagram("overview", "overview", t(f"report.overview.caption{_table(graph, as_of, findings)}"))
            maps = tuple(Diagram("department-view", name, t("report.department.caption", department=name))
                         for name in sorted(names, key=str.casefold))
            rows = _summary_rows(graph, findings, as_of, sorted(names, key=str.casefold)
                                 + ([""] if any(d.name == "" for d in departments) else []), t)
        else:
            overview = Diagram("map", "map", t("report.map.caption"))
    changes = None
    if since is not None and figures is not None:
        changes = _map_changes(graph, findings, opened, since, changes_title, t)
    return Report(lang=lang, as_of=as_of, title=title, date_text=date_text(as_of, lang),
                  single_team=bool(team), figures=figures, gaps=gaps, overview=overview,
                  departments=departments, teams=sections, graph=graph, findings=findings,
                  department_maps=maps, summary_rows=rows, department=department, changes=changes,
                  changes_title=changes_title)


def shown_map(graph, findings):
    """A copy of the map and its findings with every text from the YAML as a document shows it.

    Names, departments, descriptions, contacts, what is delivered, needs,
    agreements, notes and the findings' words go through
    :func:`chainmap.text.document_text`: a control or direction character
    shows as its escape (``\\x1b``, ``\\u202e``), a line break as a space.
    Ids are slugs and stay as they are.
    """
    findings = tuple(findings)
    if not _has_unsafe_text(graph, findings):
        return graph, findings  # the usual map: nothing to show differently

    def safe(value):
        return None if value is None else document_text(value)

    shown = copy.deepcopy(graph)  # a deep copy keeps the order of every team's customers and suppliers
    for key, value in shown.graph.items():
        if isinstance(value, str):
            shown.graph[key] = safe(value)
    for _, data in shown.nodes(data=True):
        data["name"], data["department"] = safe(data["name"]), safe(data["department"])
        if data.get("team") is not None:
            team = data["team"]
            data["team"] = dataclasses.replace(team, name=safe(team.name), department=safe(team.department),
                                               description=safe(team.description), contact=safe(team.contact))
    for _, _, data in shown.edges(data=True):
        link = data["link"]
        data["link"] = dataclasses.replace(
            link, delivers=safe(link.delivers), need=safe(link.need), agreement=safe(link.agreement),
            feedback=tuple(dataclasses.replace(loop, note=safe(loop.note)) for loop in link.feedback))
    return shown, tuple(_shown_problem(problem) for problem in findings)


def _has_unsafe_text(graph, findings) -> bool:
    texts = [value for value in graph.graph.values() if isinstance(value, str)]
    for _, data in graph.nodes(data=True):
        texts += [data["name"], data["department"]]
        if data.get("team") is not None:
            texts += [data["team"].description, data["team"].contact]
    for _, _, link in graph.edges(data="link"):
        texts += [link.delivers, link.need, link.agreement, *(loop.note for loop in link.feedback)]
    for problem in findings:
        texts += [problem.message, problem.hint]
    return any(document_text(text) != text for text in texts if text)


def _shown_problem(problem):
    def safe(value):
        return None if value is None else document_text(value)

    return dataclasses.replace(
        problem, message=safe(problem.message), hint=safe(problem.hint), team=safe(problem.team),
        supplier=safe(problem.supplier), customer=safe(problem.customer), suggestion=safe(problem.suggestion),
        teams=None if problem.teams is None else tuple(safe(name) for name in problem.teams))


def date_text(day: date, lang: str) -> str:
    """``22 November 2026`` / ``22 november 2026``."""
    return f"{day.day} {text(f'report.month.{day.month}', lang)} {day.year}"


# -- choosing the teams -----------------------------------------------------

def _select(graph, reference: str) -> str:
    """The id of the described team ``reference`` names, or a usage error that says why not."""
    node = resolve_team(graph, reference)
    if node is None:
        described = [data["name"] for _, data in graph.nodes(data=True) if data["described"]]
        raise UsageError([usage_problem("unknown-team", f"no team called {reference!r} in the map",
                                        did_you_mean(reference, described, cutoff=0.6)
                                        or "run 'chainmap check' to list the teams")])
    data = graph.nodes[node]
    if data["external"]:
        serving = ", ".join(graph.nodes[s]["name"] for s in graph.predecessors(node))
        raise UsageError([usage_problem(
            "external-team", f"{data['name']!r} is an end customer, outside the organisation: it has no team page",
            f"choose a team that serves it: {serving}" if serving else None)])
    if not data["described"]:
        referenced = ", ".join(graph.nodes[s]["name"] for s in referrers(graph, node))
        named = f" ({referenced} names it)" if referenced else ""
        raise UsageError([usage_problem(
            "undescribed-team", f"{data['name']!r} is not described yet, so it has no team page{named}",
            f"add a team file for {data['name']} (see examples/team.yaml)")])
    return node


def _report_order(graph) -> list[str]:
    """Described teams by department (alphabetically, teams without one last), then by name."""
    described = [(node, data) for node, data in graph.nodes(data=True) if data["described"]]
    return [node for node, data in sorted(described, key=lambda item: (
        item[1]["department"] is None, (item[1]["department"] or "").casefold(),
        item[1]["name"].casefold(), item[0]))]


def _departments(graph, ids: list[str]) -> tuple[Department, ...]:
    grouped: dict[str, list[str]] = {}
    for node in ids:
        grouped.setdefault(graph.nodes[node]["department"] or "", []).append(node)
    return tuple(Department(name, tuple(members)) for name, members in grouped.items())


def _kind(data) -> str:
    if data["external"]:
        return EXTERNAL
    return TEAM if data["described"] else UNDESCRIBED


# -- a team's section ---------------------------------------------------------

def _team_section(graph, node: str, owners: dict, as_of: date, t, since: Since | None = None,
                  opened=frozenset()) -> TeamSection:
    data = graph.nodes[node]
    team = data["team"]
    customers = tuple(_customer_row(graph, graph.edges[node, c]["link"], as_of, t, since)
                      for c in graph.successors(node))
    needs = [Need(item.need, tuple(f"{graph.nodes[s]['name']} \u2192 {graph.nodes[c]['name']}"
                                   for s, c in item.links))
             for item in downstream_needs(graph, node)]
    reach = downstream(graph, node)
    # Whom our customers serve: their own customers, some of whom may be ours too.
    second = []
    for customer in graph.successors(node):
        second += [c for c in graph.successors(customer) if c != node and c not in second]
    ends = [c for c, depth in reach.items() if depth >= 1 and graph.nodes[c]["external"]]
    suppliers = tuple(_supplier_row(graph, graph.edges[s, node]["link"], as_of)
                      for s in graph.predecessors(node))
    return TeamSection(
        id=node, name=data["name"], department=data["department"] or "",
        description=team.description or "", contact=team.contact or "",
        customers=customers,
        customers_of_customers=tuple(graph.nodes[c]["name"] for c in second),
        end_customers=tuple(graph.nodes[c]["name"] for c in ends),
        suppliers=suppliers,
        steps=_steps(graph, node, owners.get(node, ()), t),
        diagram=Diagram("team", node, t("report.team.diagram", team=data["name"])),
        promises=team_promise_record(graph, node),
        needs=tuple(needs[:NEEDS_LISTED]), more_needs=max(0, len(needs) - NEEDS_LISTED),
        changes=_team_changes(graph, node, owners.get(node, ()), since, opened, t) if since else None,
    )


def _customer_row(graph, link, as_of: date, t, since: Since | None = None) -> CustomerRow:

    data = graph.nodes[link.customer]
    approval = ""
    if link.agreement:
        approval = ("never" if link.agreement_approved is None
                    else "current" if link.agreement_is_current(as_of) else "overdue")
    before = None
    if since is not None and since.old_graph.has_edge(link.supplier, link.customer):
        before = latest_score(since.old_graph.edges[link.supplier, link.customer]["link"])
    return CustomerRow(
        id=link.customer, name=data["name"], kind=_kind(data),
        delivers=link.delivers or "", need=link.need or "", agreement=link.agreement or "",
        state=link_state(link, as_of), loops=tuple(_loop(loop, as_of, t) for loop in link.feedback),
        implied=link.declared_by == "customer", approval=approval,
        approved=link.agreement_approved.isoformat() if link.agreement_approved else "",
        promises=promise_record([link]) if link.promises else None,
        trend=score_trend(link, before, since.day if since else None),
    )


def _supplier_row(graph, link, as_of: date) -> SupplierRow:
    data = graph.nodes[link.supplier]
    return SupplierRow(id=link.supplier, name=data["name"], kind=_kind(data),
                       delivers=link.delivers or "", state=link_state(link, as_of))


def _loop(loop, as_of: date, t) -> Loop:
    return Loop(kind=kind_text(loop.kind, t.lang), listening=loop.listening,
                cadence=cadence_text(loop.cadence or "yearly", t.lang),
                last=loop.last.isoformat() if loop.last else "",
                overdue=not loop.is_current(as_of),
                score=number_text(loop.score, t.lang) if loop.score is not None else "",
                note=loop.note or "")


def _steps(graph, node: str, owned, t) -> tuple[Step, ...]:
    """Next steps, warnings first, each said once; the scores in one step for the team, not one a link."""
    steps, seen = [], set()

    order = list(RULES)
    for problem, wording in sorted(owned, key=lambda item: (SEVERITY_RANK[item[0].severity],
                                                           order.index(item[0].rule))):
        if problem.rule == SCORE_RULE:
            continue
        if wording not in seen:
            seen.add(wording)
            steps.append(Step(wording, problem.rule, problem.severity))
    steps += [Step(wording, SCORE_RULE, RULES[SCORE_RULE].severity)
              for wording in _score_steps(graph, node, [problem for problem, _ in owned], t)]
    return tuple(steps)


# Loyalty starts at 9: score-below-9 fires on most scored links, so a team page says it once, for the team.
SCORE_RULE = "score-below-9"
# What a team page lists of the needs further down its chain.
NEEDS_LISTED = 6


def _score_steps(graph, node: str, problems, t) -> list[str]:
    """``3 of 5 scored customers are satisfied, not loyal (below 9): ask what would make it a 9 (…)``,
    and for the customers who gave a 9 or 10: ask why, and what would keep it there."""
    below = [problem.subject[1:] for problem in problems if problem.rule == SCORE_RULE]
    scored = {(s, c): score for s, c, link in graph.out_edges(node, data="link")
              if (score := latest_score(link)) is not None}
    for s, c in below:  # a supplier described nowhere: its customer acts on the link
        scored.setdefault((s, c), latest_score(graph.edges[s, c]["link"]))

    def names(pairs):
        return ", ".join(f"{graph.nodes[c if s == node else s]['name']} {number_text(scored[s, c], t.lang)}"
                         for s, c in pairs)

    steps = []
    if below:
        key = ("report.score.below.only" if len(scored) == 1 else
               "report.score.below.one" if len(below) == 1 else "report.score.below")
        steps.append(t(key, count=len(below), scored=len(scored), names=names(below)))
    loyal = [pair for pair, score in scored.items() if score >= LOYAL_SCORE]
    if loyal:
        steps.append(t("report.score.loyal", names=names(loyal)))
    return steps


# -- who acts on a finding ------------------------------------------------------

def _wording(problem, owner: str, lang: str) -> str:
    """The next step as the owner's page says it."""
    subject = problem.subject or ()
    if problem.rule == "unacknowledged" and subject[0] == "link" and owner == subject[2]:
        return text("report.step.unacknowledged.customer", lang, supplier=problem.supplier,
                    customer=problem.customer)
    return next_step(problem, lang)


def _owners(graph, findings, lang: str) -> dict[str, list]:
    """Team id -> [(finding, next step)]: what each team page lists."""
    owned: dict[str, list] = {}
    for problem in findings:
        for node in acting_teams(graph, problem):
            owned.setdefault(node, []).append((problem, _wording(problem, node, lang)))
    return owned


# -- the summary ----------------------------------------------------------------

def _figures(graph, summary, as_of: date) -> Figures:

    kinds = [_kind(data) for _, data in graph.nodes(data=True)]
    states = [link_state(link, as_of) for _, _, link in graph.edges(data="link")]
    return Figures(
        teams=summary.teams, described=kinds.count(TEAM), end_customers=kinds.count(EXTERNAL),
        undescribed=kinds.count(UNDESCRIBED), links=summary.links,
        without_feedback=summary.links_without_feedback, coverage=summary.feedback_coverage,
        states=tuple((state, states.count(state)) for state in LINK_STATES),
        warnings=summary.warnings, infos=summary.infos,
    )


def _gap_groups(graph, findings, t) -> tuple[GapGroup, ...]:
    """The findings grouped by rule, warnings first, in the order of the rules table."""

    groups = []
    order = sorted(RULES, key=lambda rule: (SEVERITY_RANK[RULES[rule].severity], list(RULES).index(rule)))
    for rule in order:
        gaps = []
        if rule == SCORE_RULE:
            gaps = _score_gaps(graph, findings, t)
        for problem in findings:
            if problem.rule != rule or rule == SCORE_RULE:
                continue
            owners = tuple(acting_teams(graph, problem))
            who = ", ".join(graph.nodes[node]["name"] for node in owners) or _subject_names(graph, problem)
            gaps.append(Gap(owners, who, next_step(problem, t.lang)))
        if gaps:
            groups.append(GapGroup(rule, RULES[rule].severity, t(f"report.rule.{rule}"), tuple(gaps)))
    return tuple(groups)


def _score_gaps(graph, findings, t) -> list[Gap]:
    """The scores under 9 in the summary: a gap per team that can ask, as its page says it."""
    owned: dict[str, list] = {}
    for problem in findings:
        if problem.rule == SCORE_RULE:
            for node in acting_teams(graph, problem):
                owned.setdefault(node, []).append(problem)
    return [Gap((node,), graph.nodes[node]["name"], _score_steps(graph, node, problems, t)[0])
            for node, problems in owned.items()]


def _table(graph, as_of: date, findings) -> str:
    """``.table`` when the overview is drawn as a table (a dense map), for its caption; else ``""``."""
    return ".table" if is_table(department_graph(graph, as_of, findings)) else ""


# How many links a department's row names as the ones to act on first.
WORST_LINKS = 3
_STATE_RANK = {"no-feedback": 0, "stale": 1, "hearing-only": 2, "healthy": 3}


def _summary_rows(graph, findings, as_of: date, names: list[str], t) -> tuple[DepartmentRow, ...]:
    """One row per department (``""``: the teams without one), in ``names``' order.

    Its worst links: the links from its described teams in the worst state,
    those with more findings first, then in the map's order.
    """
    counts: dict[tuple[str, str], int] = {}
    for problem in findings:
        subject = problem.subject or ()
        if subject and subject[0] == "link" and problem.severity == "warning":
            counts[subject[1], subject[2]] = counts.get((subject[1], subject[2]), 0) + 1
    members: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        if not data["external"]:
            members.setdefault(data["department"] or "", []).append(node)
    rows = []
    for name in names:
        teams = members.get(name, [])
        links = [(s, c, link_state(graph.edges[s, c]["link"], as_of)) for s in teams for c in graph.successors(s)]
        with_loop = sum(1 for s, c, _ in links if graph.edges[s, c]["link"].feedback)
        states = tuple((state, sum(1 for *_, st in links if st == state)) for state in LINK_STATES)
        order = sorted((item for item in links if item[2] != "healthy" and graph.nodes[item[0]]["described"]),
                       key=lambda item: (_STATE_RANK[item[2]], -counts.get(item[:2], 0)))
        worst = tuple(WorstLink(s, graph.nodes[s]["name"], graph.nodes[c]["name"], state)
                      for s, c, state in order[:WORST_LINKS])
        rows.append(DepartmentRow(name, sum(1 for node in teams if graph.nodes[node]["described"]), len(links),
                                  round(100.0 * with_loop / len(links), 1) if links else None, states, worst))
    return tuple(rows)


def _subject_names(graph, problem) -> str:
    subject = problem.subject or ()
    return ", ".join(graph.nodes[node]["name"] for node in subject[1:])


# -- what changed since --since REV ----------------------------------------------------------

# The whole map's "What changed" lists this many of each kind; the team pages have the rest.
CHANGES_LISTED = 12


def _link_change(change, t) -> str:
    return t("report.changes.link", supplier=document_text(change.supplier), customer=document_text(change.customer),
             before=t(f"state.{change.before}"), after=t(f"state.{change.after}"))


def _team_changes(graph, node: str, owned, since: Since, opened, t) -> TeamChanges:
    """The team's links (as supplier or customer) that got better or worse, and its new next steps."""
    diff = since.diff

    def touches(change):
        return change.ids is not None and node in change.ids

    new, seen = [], set()
    for problem, wording in owned:
        if id(problem) in opened and wording not in seen:
            seen.add(wording)
            new.append(wording)
    return TeamChanges(better=tuple(_link_change(c, t) for c in diff.better if touches(c)),
                       worse=tuple(_link_change(c, t) for c in diff.worse if touches(c)),
                       opened=tuple(new))


def _map_changes(graph, findings, opened, since: Since, title: str, t) -> MapChanges:

    diff = since.diff
    before, after = diff.coverage_before, diff.coverage_after
    new = []
    for problem in findings:
        if id(problem) in opened:
            owners = acting_teams(graph, problem)
            who = ", ".join(graph.nodes[n]["name"] for n in owners) or _subject_names(graph, problem)
            new.append(f"{who}: {next_step(problem, t.lang)}")
    better = [_link_change(c, t) for c in diff.better]
    worse = [_link_change(c, t) for c in diff.worse]
    return MapChanges(
        title=title,
        coverage=t("report.changes.coverage", before=percent_text(before.percent, t.lang),
                   after=percent_text(after.percent, t.lang)),
        states=tuple((state, before.states[state], after.states[state]) for state in LINK_STATES),
        better=tuple(better[:CHANGES_LISTED]), worse=tuple(worse[:CHANGES_LISTED]),
        opened=tuple(new[:CHANGES_LISTED]),
        more={"better": max(0, len(better) - CHANGES_LISTED), "worse": max(0, len(worse) - CHANGES_LISTED),
              "opened": max(0, len(new) - CHANGES_LISTED)},
        chart=dict(since.chart),
        chart_caption=t("report.changes.chart", date=date_text(since.day, t.lang),
                        as_of=date_text(diff.as_of, t.lang)))
