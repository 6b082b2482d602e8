"""Findings: one small function per rule, each a pure function of the graph.

Rule ids and severities are part of chainmap's interface (README, "Rules").
"""

from __future__ import annotations

import difflib
import weakref
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import chain

from . import forking
from .errors import SEVERITY_RANK, Problem
from .model import STALE_FACTOR, Link, latest_score

# How alike (0-1) a reference and a described team must be to suspect a typo.
TYPO_CUTOFF = 0.85

# The four states a link is drawn in, strongest mark first.
LINK_STATES = ("no-feedback", "stale", "hearing-only", "healthy")
# The symbol beside each state wherever colour may be missing (terminal, tables, print).
STATE_SYMBOLS = {"no-feedback": "\u2717", "stale": "!", "hearing-only": "~", "healthy": "\u2713"}


def link_state(link: Link, as_of: date) -> str:
    """``no-feedback``, ``stale``, ``hearing-only`` or ``healthy``, from the loops that are current.

    A current score does not hide an overdue conversation: a link whose only
    current loops are hearing kinds is ``hearing-only``, whatever it had before.
    """
    if not link.feedback:
        return "no-feedback"
    current = [loop for loop in link.feedback if loop.is_current(as_of)]
    if not current:
        return "stale"
    if not any(loop.listening for loop in current):
        return "hearing-only"
    return "healthy"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    summary: str
    check: object


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, summary: str):
    def register(check):
        RULES[rule_id] = Rule(rule_id, severity, summary, check)
        return check

    return register


def _name(graph, node: str) -> str:
    return _names(graph)[node]


def _names(graph) -> dict[str, str]:
    """Each team's display name, by id: rules name hundreds of thousands of links on a large map."""
    return _remembered(graph, "names", lambda: dict(graph.nodes(data="name")))


def _arrow(graph, link: Link) -> str:
    return _arrows(graph)[id(link)]


def _arrows(graph) -> dict[int, str]:
    """``Supplier -> Customer`` of every link, keyed by the link's ``id``: most links are named by two rules or more."""
    names = _names(graph)
    return _remembered(graph, "arrows", lambda: {id(link): f"{names[link.supplier]} -> {names[link.customer]}"
                                                 for link in _links(graph)})


def _on_link(graph, link: Link, rule_id: str, message: str, hint: str | None = None, where=None,
             variant: str | None = None) -> Problem:
    where = where or link.source
    names = _names(graph)
    supplier, customer = link.supplier, link.customer
    return Problem.on_link(where.path, where.line, where.col, RULES[rule_id].severity, rule_id, message, hint,
                           names[supplier], names[customer], ("link", supplier, customer), variant)


def _on_team(graph, node: str, rule_id: str, message: str, hint: str | None = None, where=None) -> Problem:
    where = where or graph.nodes[node]["source"]
    return Problem(where.path, where.line, where.col, RULES[rule_id].severity, rule_id, message, hint,
                   team=_name(graph, node), subject=("team", node))


# What several rules work out from one graph (its links, their states, the typo matches), kept
# as long as the graph lives.  Rules never change the graph; a graph changed after its findings
# were asked for must be a new graph.  ``history`` asks for the findings of one map per commit,
# where walking networkx's edge view and judging every loop once per rule was a fifth of the time.
_GRAPH_MEMO: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


# The graph asked about last (a weak reference) and its memo: rules ask for it once per link.
_LAST: tuple = (lambda: None, None)


def _remembered(graph, key, make):
    """``make()``, worked out once per graph: kept in the graph's memo under ``key``."""
    memo = _memo(graph)
    value = memo.get(key)
    if value is None:
        value = memo[key] = make()
    return value


def _memo(graph) -> dict:
    global _LAST
    last, memo = _LAST
    if last() is graph:
        return memo
    memo = _GRAPH_MEMO.get(graph)
    if memo is None:
        memo = _GRAPH_MEMO[graph] = {}
    _LAST = (weakref.ref(graph), memo)
    return memo


def _links(graph) -> list[Link]:
    """Every link of the graph, in the graph's order."""
    return _remembered(graph, "links", lambda: [link for _, _, link in graph.edges(data="link")])


def _edge_order(graph) -> dict[tuple[str, str], int]:
    """Each link's place in the map's order (the order of the files, then of the customers)."""
    return _remembered(graph, "edge order", lambda: {edge: index for index, edge in enumerate(graph.edges())})


def link_states(graph, as_of: date) -> dict[tuple[str, str], str]:
    """Every link's state on ``as_of``, keyed ``(supplier, customer)``, in the graph's order."""
    states = _states(graph, as_of)
    return {(link.supplier, link.customer): states[id(link)] for link in _links(graph)}


def _scores(graph) -> dict[int, float | None]:
    """``latest_score`` of every link, keyed by the link's ``id``: for a rule and for the summary."""
    return _remembered(graph, "scores", lambda: {id(link): latest_score(link) for link in _links(graph)})


def _states(graph, as_of: date) -> dict[int, str]:
    """``link_state`` of every link of the graph, keyed by the link's ``id``, judged once per day for this graph."""
    # The graph holds the links, so their ids are not reused while the memo lives.
    return _remembered(graph, ("states", as_of), lambda: {id(link): link_state(link, as_of) for link in _links(graph)})


@rule("no-feedback", "warning", "a link with no feedback loop")
def no_feedback(graph, as_of: date):
    for link in _links(graph):
        if not link.feedback:
            supplier, customer = _name(graph, link.supplier), _name(graph, link.customer)
            if link.declared_by == "customer":
                message = (f"{supplier} -> {customer}: no feedback loop "
                           f"(the link is known only from {customer}'s suppliers list)")
            else:
                message = f"{supplier} -> {customer}: no feedback loop"
            yield _on_link(graph, link, "no-feedback", message,
                           "ask them: what should we keep, stop and start doing?")


@rule("stale-feedback", "warning", "a link whose feedback loops are all overdue")
def stale_feedback(graph, as_of: date):
    arrows = _arrows(graph)
    states = _states(graph, as_of)
    for link in _links(graph):
        if states[id(link)] == "stale":
            latest = max(loop.last for loop in link.feedback)
            days = (as_of - latest).days
            yield _on_link(graph, link, "stale-feedback",
                           f"{arrows[id(link)]}: "
                           f"feedback is overdue, last on {latest.isoformat()} ({days} days ago)",
                           "a loop is current within 1.5 x its cadence")


@rule("hearing-only", "warning", "a link whose current loops are all hearing kinds (scores, no conversation)")
def hearing_only(graph, as_of: date):
    arrows = _arrows(graph)
    states = _states(graph, as_of)
    for link in _links(graph):
        if states[id(link)] != "hearing-only":
            continue
        current = [loop for loop in link.feedback if loop.is_current(as_of)]
        kinds = ", ".join(sorted({loop.kind for loop in current}))
        listening = [loop for loop in link.feedback if loop.listening]
        graded = next((loop for loop in sorted(current, key=_latest_first) if loop.score is not None), None)
        # The score the customer gave, named: "survey 6, and nobody asked why".
        asked = f": {graded.kind} {graded.score:g}, and nobody asked why" if graded else ""
        if listening:  # all overdue, or the link would not be hearing-only
            last = max(listening, key=lambda loop: (loop.last, loop.kind))
            message = (f"{arrows[id(link)]}: only {kinds} is current; "
                       f"the last {last.kind} was {last.last.isoformat()}{asked + ' since' if asked else ''}")
        else:
            message = f"{arrows[id(link)]}: only {kinds}; hearing is not listening{asked}"
        if _scored(current):
            variant = "scores"
            score = graded.score if graded else None
            if score is not None and score >= 9:
                hint = f"call back and ask why it is {_a(score)}, and what would keep it there"
            else:
                hint = f"call back and ask why the score is {_a(score if score is not None else 7)} and not a 9"
        else:
            signals = sorted({loop.kind for loop in current})  # tickets, complaints or both
            variant = signals[0] if len(signals) == 1 else "signals"
            hint = f"ask what is behind the {' and '.join(signals)}"
        yield _on_link(graph, link, "hearing-only", message, hint, variant=variant)


def _a(score: float) -> str:
    """``a 7``, ``an 8``: a score as English says it."""
    text = f"{score:g}"
    return f"an {text}" if text.startswith(("8", "11", "18")) else f"a {text}"


# Hearing kinds that carry a grade: "why a 7 and not a 9?" is their question.
_SCORING_KINDS = ("survey", "nps", "score")


def _scored(loops) -> bool:
    return any(loop.score is not None or loop.kind in _SCORING_KINDS for loop in loops)


def _latest_first(loop):
    return (loop.last is None, -(loop.last.toordinal() if loop.last else 0))


@rule("undated-feedback", "info", "a feedback loop without a date, counted as current")
def undated_feedback(graph, as_of: date):
    arrows = _arrows(graph)
    for link in _links(graph):
        for loop in link.feedback:
            if loop.last is None:
                yield _on_link(graph, link, "undated-feedback",
                               f"{arrows[id(link)]}: the {loop.kind} loop has no date, so it counts as current",
                               "when did you last ask them? add last: YYYY-MM-DD", where=loop.source)


@rule("no-customers", "warning", "a described team with no customers")
def no_customers(graph, as_of: date):
    for node, data in graph.nodes(data=True):
        if data["described"] and not data["team"].customers:
            yield _on_team(graph, node, "no-customers", f"{data['name']} lists no customers",
                           "who would have a problem if you stopped?")


@rule("no-end-customer", "info", "a team whose chain never reaches an external customer")
def no_end_customer(graph, as_of: date):
    external = [node for node, data in graph.nodes(data=True) if data["external"]]
    if not external:
        return
    import networkx as nx

    # One search up the chain from all external customers at once (an ancestors
    # search per end customer would walk the shared part of the chain again each time).
    reaches = nx.multi_source_dijkstra_path_length(graph.reverse(copy=False), set(external))
    for node, data in graph.nodes(data=True):
        if data["described"] and data["team"].customers and node not in reaches:
            yield _on_team(graph, node, "no-end-customer",
                           f"no chain from {data['name']} reaches an external customer",
                           "know your customer's customer: whom do they serve?")


@rule("undescribed", "info", "a referenced team that no file describes")
def undescribed(graph, as_of: date):
    for node, data in graph.nodes(data=True):
        # End customers are outside the organisation: nobody expects a file from them.
        if not data["described"] and not data["external"] and _typo_of(graph, node) is None:
            yield _on_team(graph, node, "undescribed", f"team {data['name']!r} is described nowhere",
                           "add a file for it, or ask that team to write one")


@rule("possible-typo", "warning", "a reference that looks like a misspelt team name")
def possible_typo(graph, as_of: date):
    """One finding per reference, on the link it makes, naming the team whose file wrote it.

    ``supplier`` is that team (it acts: the spelling is in its file) and ``team``
    the misspelt name, whether it was written under ``customers:`` or ``suppliers:``.
    """
    for node, data in graph.nodes(data=True):
        if data["described"] or data["external"]:
            continue
        match = _typo_of(graph, node)
        if match is None:
            continue
        source = graph.nodes[match]["source"]
        meant = _name(graph, match)
        references = [(link, link.supplier) for _, _, link in graph.in_edges(node, data="link")]
        references += [(link, link.customer) for _, _, link in graph.out_edges(node, data="link")]
        for link, writer in references:
            where = link.source
            yield Problem(where.path, where.line, where.col, RULES["possible-typo"].severity, "possible-typo",
                          f"{data['name']!r} is described nowhere", f"did you mean {meant!r} ({source})?",
                          team=data["name"], supplier=_name(graph, writer), suggestion=meant,
                          subject=("link", link.supplier, link.customer))


def _typo_of(graph, node: str) -> str | None:
    """The described team whose id or name is close to an undescribed reference."""
    return _typos(graph).get(node)


def _typos(graph) -> dict[str, str]:
    """Undescribed reference -> the described team it probably misspells.

    Computed once per graph (two rules need it).  Candidates must share a
    third of the reference's character trigrams before difflib compares them,
    which keeps this fast on thousands of teams.
    """
    return _remembered(graph, "typos", lambda: _judged_elsewhere(graph)[0] if "elsewhere" in _memo(graph)
                       else _typo_matches(graph))


def _typo_matches(graph) -> dict[str, str]:
    references = {}
    described = []
    for node, data in graph.nodes(data=True):
        if data["external"] and not data["described"]:
            continue
        name = data["name"].lower()
        grams = _trigrams(node) | _trigrams(name)
        if data["described"]:
            described.append((node, grams))
        else:
            references[node] = (name, grams, [])
    if references:
        # The references are few and the described teams many: index the references, each by
        # its rarest trigrams only.  Sharing a third of its n trigrams means sharing at least one of
        # any n - ceil(n / 3) + 1 of them, so a team that shares none of those is no candidate.
        often = Counter(chain.from_iterable(grams for _, grams in described))
        index: dict[str, list[str]] = {}
        for node, (_, grams, _) in references.items():
            for gram in sorted(grams, key=lambda gram: (often[gram], gram))[:len(grams) - -(-len(grams) // 3) + 1]:
                index.setdefault(gram, []).append(node)
        get = index.get
        for node, grams in described:
            for reference in set(chain.from_iterable(get(gram, ()) for gram in grams)):
                _, reference_grams, candidates = references[reference]
                if 3 * len(reference_grams & grams) >= len(reference_grams):
                    candidates.append(node)
    found = {}
    code = _Letters().code
    seen: dict[str, tuple] = {}
    for node, (name, _, candidates) in references.items():
        best = None
        node_code, name_code = code(node), code(name)
        for candidate in candidates:
            other = seen.get(candidate)
            if other is None:
                lowered = graph.nodes[candidate]["name"].lower()
                other = seen[candidate] = (code(candidate), lowered, code(lowered))
            score = max(_similarity(node, candidate, node_code, other[0]),
                        _similarity(name, other[1], name_code, other[2]))
            if score >= TYPO_CUTOFF and (best is None or (score, candidate) > best):
                best = (score, candidate)
        if best:
            found[node] = best[1]
    return found


def _similarity(a: str, b: str, code_a: int, code_b: int) -> float:
    """difflib's ratio, or 0 when its cheap upper bounds already fall below TYPO_CUTOFF.

    The same shortcut as ``difflib.get_close_matches``: ``real_quick_ratio`` (from
    the lengths), then ``quick_ratio`` (from the letters both texts hold: their
    ``_Letters`` codes), before difflib indexes anything.  Only scores at or above
    the cutoff are ever used, and those are exact.
    """
    length = len(a) + len(b)
    if length and (2.0 * min(len(a), len(b)) / length < TYPO_CUTOFF
                   or 2.0 * (code_a & code_b).bit_count() / length < TYPO_CUTOFF):
        return 0.0
    return difflib.SequenceMatcher(None, a, b).ratio()


class _Letters:
    """Each text's letters as the bits of a number: one bit for each letter and each time it occurs.

    The first ``e`` of a text is one bit, its second ``e`` another, and so on, so
    the bits two texts share (``(x & y).bit_count()``) count the letters they have
    in common, repeats included: difflib's ``quick_ratio`` matches, worked out in C.
    """

    def __init__(self):
        self.bits: dict[tuple[str, int], int] = {}

    def code(self, text: str) -> int:
        code, seen, bits = 0, {}, self.bits
        for letter in text:
            times = seen[letter] = seen.get(letter, 0) + 1
            bit = bits.get((letter, times))
            if bit is None:
                bit = bits[(letter, times)] = 1 << len(bits)
            code |= bit
        return code


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


@rule("unacknowledged", "warning", "a customer whose suppliers list lacks the team serving it")
def unacknowledged(graph, as_of: date):
    teams = dict(graph.nodes(data="team"))
    listed: dict[str, set[str]] = {}  # each customer's suppliers list, as ids
    for link in _links(graph):
        customer = teams[link.customer]
        if link.declared_by != "supplier" or customer is None or customer.suppliers is None:
            continue
        suppliers = listed.get(customer.id)
        if suppliers is None:
            suppliers = listed[customer.id] = {ref.id for ref in customer.suppliers}
        if link.supplier not in suppliers:
            supplier_name = _name(graph, link.supplier)
            yield _on_link(graph, link, "unacknowledged",
                           f"{supplier_name} lists {customer.name} as a customer, "
                           f"but {customer.name}'s suppliers list ({customer.source.path}) lacks {supplier_name}",
                           "tell your customer they are your customer")


@rule("unrecognised-customer", "warning", "a supplier that does not list a team naming it as supplier")
def unrecognised_customer(graph, as_of: date):
    for link in _links(graph):
        if link.declared_by == "customer" and graph.nodes[link.supplier]["described"]:
            supplier, customer = _name(graph, link.supplier), _name(graph, link.customer)
            yield _on_link(graph, link, "unrecognised-customer",
                           f"{customer} names {supplier} as a supplier, but {supplier} does not list "
                           f"{customer} as a customer",
                           f"know your customer: add {customer} to {supplier}'s customers")


@rule("no-agreement", "info", "a link without a written agreement")
def no_agreement(graph, as_of: date):
    arrows = _arrows(graph)
    for link in _links(graph):
        if link.declared_by == "supplier" and not link.agreement:
            yield _on_link(graph, link, "no-agreement",
                           f"{arrows[id(link)]}: "
                           "no written agreement",
                           "write the agreement down and let the customer approve it")


@rule("no-need", "info", "a link whose customer's need is not written down")
def no_need(graph, as_of: date):
    """The question behind the question: what problem does the customer solve with it?"""
    arrows = _arrows(graph)
    for link in _links(graph):
        if link.declared_by == "supplier" and not link.need:
            yield _on_link(graph, link, "no-need", f"{arrows[id(link)]}: the need behind it is not written down",
                           "ask what problem they are solving with it")


@rule("agreement-unapproved", "info", "a written agreement the customer never approved")
def agreement_unapproved(graph, as_of: date):
    arrows, names = _arrows(graph), _names(graph)
    for link in _links(graph):
        if link.agreement and link.agreement_approved is None:
            yield _on_link(graph, link, "agreement-unapproved",
                           f"{arrows[id(link)]}: the agreement is written down but never approved by "
                           f"{names[link.customer]}",
                           "have the customer approve it, and add approved: YYYY-MM-DD")


@rule("agreement-overdue", "warning", "an agreement approved longer ago than 1.5 x its review cadence")
def agreement_overdue(graph, as_of: date):
    for link in _links(graph):
        if link.agreement_approved is not None and not link.agreement_is_current(as_of):
            days = (as_of - link.agreement_approved).days
            review = link.agreement_review or "yearly"
            yield _on_link(graph, link, "agreement-overdue",
                           f"{_arrow(graph, link)}: the agreement was approved on "
                           f"{link.agreement_approved.isoformat()} ({days} days ago) and is reviewed {review}",
                           f"review it with the customer: an approval is current within {STALE_FACTOR:g} x "
                           "its review cadence")


@rule("promise-overdue", "warning", "a promise past its date, not delivered, and the customer not told in time")
def promise_overdue(graph, as_of: date):
    """Call before you are called: a customer who hears nothing finds out for themselves."""
    for link in _links(graph):
        for promise in link.promises:
            if promise.is_overdue(as_of) and not promise.told_in_time:
                days = (as_of - promise.promised).days
                yield _on_link(graph, link, "promise-overdue",
                               f"{_arrow(graph, link)}: {promise.what!r} was promised for "
                               f"{promise.promised.isoformat()} ({days} days ago), is not delivered, "
                               f"and {_name(graph, link.customer)} was not told",
                               "call before you're called: tell them now when it will come, and say sorry",
                               where=promise.source)


@rule("promise-late", "info", "a promise delivered after its date")
def promise_late(graph, as_of: date):
    """Promise less, deliver more; and when it went wrong, say sorry."""
    for link in _links(graph):
        for promise in link.promises:
            if promise.outcome != "late":
                continue
            days = (promise.delivered - promise.promised).days
            message = (f"{_arrow(graph, link)}: {promise.what!r} was delivered on "
                       f"{promise.delivered.isoformat()}, {days} days after the promised "
                       f"{promise.promised.isoformat()}")
            if promise.told_in_time:
                problem = _on_link(graph, link, "promise-late", message + "; the customer was told in advance",
                                   "promise less and deliver more: promise a date you can beat",
                                   where=promise.source)
                yield problem
            else:
                yield _on_link(graph, link, "promise-late", message + "; the customer was not told in advance",
                               "say sorry, and next time call before you're called", where=promise.source,
                               variant="sorry")


@rule("score-below-9", "info", "a link whose latest score is under 9")
def score_below_9(graph, as_of: date):
    """Loyalty starts at 9: a 7 is satisfied, not loyal."""
    arrows = _arrows(graph)
    scores = _scores(graph)
    for link in _links(graph):
        score = scores[id(link)]
        if score is not None and score < 9:
            yield _on_link(graph, link, "score-below-9",
                           f"{arrows[id(link)]}: the latest score is {_a(score)}",
                           "ask what would make it a 9")


@rule("cycle", "info", "teams that are each other's customers through a loop")
def cycle(graph, as_of: date):
    import networkx as nx

    order = {node: index for index, node in enumerate(graph)}
    components = [sorted(c, key=order.__getitem__) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    for members in sorted(components, key=lambda c: order[c[0]]):
        names = [_name(graph, node) for node in members]
        problem = _on_team(graph, members[0], "cycle",
                           f"{', '.join(names)} are each other's customers through a loop")
        yield Problem(problem.path, problem.line, problem.col, problem.severity, "cycle", problem.message,
                      teams=tuple(names), subject=("teams", *members))


# -- know your customer's customer -------------------------------------------------

@dataclass(frozen=True)
class DownstreamNeed:
    """A need further down a team's chain, and who needs it from whom.

    ``links`` are (supplier id, customer id) pairs, nearest first: the same
    need written on several links is one entry.  ``depth`` is how far the
    nearest supplier is from the team (1: a customer of the team).
    """

    need: str
    links: tuple[tuple[str, str], ...]
    depth: int


def downstream_needs(graph, team_id: str, depth: int | None = None) -> list[DownstreamNeed]:
    """What your customer's customers need: the ``need`` of every link below the team's own.

    The links whose supplier is a customer of the team, a customer's
    customer, ... down to the end customers (``depth``: at most that many
    levels of customers below the team, as ``chainmap chain --depth``).  The
    team's own links are left out (that is what its customers need), and so
    are links back to the team in a cycle (that is what the team needs).
    Nearest first, then in the map's order; the same need (case and spaces
    aside) is listed once, with every link that has it.

    >>> downstream_needs(graph, "it-service-desk")[0]
    DownstreamNeed(need='Seen quickly, told what happens next', links=(('emergency-department', 'patients'),), depth=1)
    """
    from .graph import downstream

    distance = downstream(graph, team_id, None if depth is None else depth - 1)
    order = _edge_order(graph)
    # Only the links out of the teams reached: a report asks this of every team of the map.
    ordered = sorted(((level, order[s, c], s, c, link) for s, level in distance.items() if level >= 1
                      for _, c, link in graph.out_edges(s, data="link") if c != team_id and link.need),
                     key=lambda item: item[:2])
    found: dict[str, list] = {}
    for level, _, supplier, customer, link in ordered:
        key = " ".join(link.need.split()).casefold()
        if key in found:
            found[key][1].append((supplier, customer))
        else:
            found[key] = [link.need, [(supplier, customer)], level]
    return [DownstreamNeed(need, tuple(links), level) for need, links, level in found.values()]


# -- who acts on a finding --------------------------------------------------------

def acting_teams(graph, problem) -> list[str]:
    """The described teams whose pages carry a finding: who can act on it.

    A link's findings belong to its supplier.  An ``unacknowledged`` link is
    on the customer's page too: adding the supplier to its list is the
    customer's job.  A finding about a team described nowhere belongs to the
    teams that name it.  A cycle belongs to each of its teams.  A link from a
    supplier described nowhere falls to its customer.
    """
    subject = problem.subject or ()
    if not subject:
        return []
    if subject[0] == "link":
        supplier, customer = subject[1], subject[2]
        owners = [supplier] if graph.nodes[supplier]["described"] else []
        if (problem.rule == "unacknowledged" or not owners) and graph.nodes[customer]["described"]:
            owners.append(customer)
        return owners
    if subject[0] == "team":
        node = subject[1]
        return [node] if graph.nodes[node]["described"] else referrers(graph, node)
    return [node for node in subject[1:] if graph.nodes[node]["described"]]


def referrers(graph, node: str) -> list[str]:
    """Described teams that name ``node``: as a customer, or in their suppliers list."""
    found = [s for s in graph.predecessors(node) if graph.nodes[s]["described"]]
    found += [c for c in graph.successors(node) if graph.nodes[c]["described"] and c not in found]
    return found


# The rules that need the typo matches.  From TYPOS_ELSEWHERE_FROM teams on, a forked copy of
# the process works the matches out while the other rules run, and runs the rules of
# _ALSO_ELSEWHERE too: their work keeps both cores equally busy, and their findings are few.
_NEED_TYPOS = ("undescribed", "possible-typo")
_ALSO_ELSEWHERE = ("cycle", "no-end-customer")
TYPOS_ELSEWHERE_FROM = 5000


def findings(graph, as_of: date | None = None, rules=None) -> list[Problem]:
    """Every finding of every rule (or of ``rules``), sorted by file and line.

    The rules run in any order (the findings are sorted, and no two rules give the
    same finding): those that need the typo matches last, so that on a large map a
    forked copy can match the names meanwhile, on another core.
    """
    as_of = as_of or date.today()
    selected = sorted([RULES[r] for r in rules] if rules else RULES.values(), key=lambda r: r.id in _NEED_TYPOS)
    copies: list = []
    try:
        elsewhere = _judge_elsewhere(graph, as_of, [r.id for r in selected], copies)
        found = [problem for r in selected if r.id not in elsewhere for problem in r.check(graph, as_of)]
        for rule_id in elsewhere:
            found.extend(_judged_elsewhere(graph)[1][rule_id])
    finally:
        for copy in copies:  # used, or the rules were cut short: end it, and forget it and what it found
            _memo(graph).pop("elsewhere", None)
            _memo(graph).pop("judged elsewhere", None)
            copy.end()
    return sorted(found, key=Problem.sort_key)


def _judge_elsewhere(graph, as_of: date, rule_ids: list[str], copies: list) -> list[str]:
    """For a large map, a forked copy (added to ``copies``) that works out ``_typos`` and judges the
    rules of ``_ALSO_ELSEWHERE``; the ids of those rules it judges (none when no copy is worth it)."""
    memo = _memo(graph)
    if ("typos" in memo or not any(rule_id in _NEED_TYPOS for rule_id in rule_ids)
            or graph.number_of_nodes() < TYPOS_ELSEWHERE_FROM or not forking.available() or forking.processes() < 2):
        return []
    elsewhere = [rule_id for rule_id in rule_ids if rule_id in _ALSO_ELSEWHERE]
    forking.Copy(_judge, (graph, as_of, elsewhere), copies, what="matching misspelt team names",
                 hint=f"out of memory? try again, or with one process: {forking.JOBS_VARIABLE}=1")
    memo["elsewhere"] = copies[-1]
    return elsewhere


def _judge(graph, as_of: date, rule_ids: list[str]):
    """What the copy works out: the typo matches, and each rule's findings."""
    return _typo_matches(graph), {rule_id: list(RULES[rule_id].check(graph, as_of)) for rule_id in rule_ids}


def _judged_elsewhere(graph):
    """What the copy worked out, once it is done (kept in the memo)."""
    memo = _memo(graph)
    judged = memo.get("judged elsewhere")
    if judged is None:
        judged = memo["judged elsewhere"] = memo.pop("elsewhere").result()
        memo.setdefault("typos", judged[0])
    return judged


@dataclass(frozen=True)
class PromiseRecord:
    """How promises went: delivered early, on the day, late, and still open."""

    early: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0

    @property
    def delivered(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def kept(self) -> int:
        """Delivered on or before the promised date."""
        return self.early + self.on_time

    def __add__(self, other: "PromiseRecord") -> "PromiseRecord":
        return PromiseRecord(self.early + other.early, self.on_time + other.on_time,
                             self.late + other.late, self.open + other.open)


def promise_record(links) -> PromiseRecord:
    """Early, on-time, late and open promises over ``links`` (one link: ``promise_record([link])``)."""
    counts = {"early": 0, "on-time": 0, "late": 0, None: 0}
    for link in links:
        for promise in link.promises:
            counts[promise.outcome] += 1
    return PromiseRecord(counts["early"], counts["on-time"], counts["late"], counts[None])


def team_promise_record(graph, team_id: str) -> PromiseRecord:
    """How the promises a team made to its customers went."""
    return promise_record(link for _, _, link in graph.out_edges(team_id, data="link"))


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class Summary:
    teams: int
    links: int
    links_without_feedback: int
    errors: int
    warnings: int
    infos: int
    scored_links: int = 0  # links with a score
    loyal_links: int = 0  # of those, links whose latest score is 9 or more
    promises: PromiseRecord = PromiseRecord()

    @property
    def feedback_coverage(self) -> float:
        """Percentage of links with at least one feedback loop."""
        if not self.links:
            return 100.0
        return round(100.0 * (self.links - self.links_without_feedback) / self.links, 1)

    @property
    def loyal_share(self) -> float | None:
        """Percentage of scored links whose latest score is 9 or more; None when no link has a score."""
        return _percent(self.loyal_links, self.scored_links)

    @property
    def promises_kept_share(self) -> float | None:
        """Percentage of delivered promises delivered on or before their date; None when none was delivered."""
        return _percent(self.promises.kept, self.promises.delivered)


def summarise(graph, problems) -> Summary:
    counts = {severity: 0 for severity in SEVERITY_RANK}
    for problem in problems:
        counts[problem.severity] += 1
    links = _links(graph)
    scores = [score for score in _scores(graph).values() if score is not None]
    return Summary(
        teams=graph.number_of_nodes(),
        links=len(links),
        links_without_feedback=sum(1 for link in links if not link.feedback),
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
        scored_links=len(scores),
        loyal_links=sum(1 for score in scores if score >= 9),
        promises=promise_record(links),
    )
