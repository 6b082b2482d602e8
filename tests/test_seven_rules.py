"""The seven rules on the map (issue 14): the need behind the question, approved agreements,
promises, scores under 9, and what the customer's customers need.

Each rule on real YAML with the dates worked out at its limit: the day before, on and after.
"""

from __future__ import annotations

import json
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import chainmap
from chainmap.cli import main
from chainmap.i18n import next_step
from chainmap.rules import downstream_needs, promise_record, team_promise_record

AS_OF = date(2026, 11, 22)
PATH = "teams.yaml"


def yaml_text(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def analyse(text: str, as_of: date = AS_OF):
    return chainmap.analyse(chainmap.loads(yaml_text(text), PATH), as_of=as_of)


def of_rule(text: str, rule: str, as_of: date = AS_OF):
    return [problem for problem in analyse(text, as_of)[1] if problem.rule == rule]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(yaml_text(text).splitlines(), 1) if fragment in line)


# -- rule 3: the question behind the question --------------------------------------------------

NEEDS = """
    team: Lab
    customers:
      - team: Wards
        delivers: Blood results
      - team: Surgery
        need: Results before the first incision
      - Outpatients
    suppliers: [Pharmacy]
    """


def test_no_need_fires_on_each_supplier_declared_link_without_a_need():
    found = of_rule(NEEDS, "no-need")
    assert [(p.customer, p.line, p.severity) for p in found] == [
        ("Wards", line_of(NEEDS, "team: Wards"), "info"), ("Outpatients", line_of(NEEDS, "- Outpatients"), "info")]
    assert found[0].hint == "ask what problem they are solving with it"
    # Pharmacy -> Lab is known only from Lab's suppliers list: Pharmacy has no file to write a need in.
    assert all(p.supplier == "Lab" for p in found)


def test_a_blank_need_is_no_need():
    assert len(of_rule("team: A\ncustomers:\n  - team: B\n    need: '  '\n", "no-need")) == 1


# -- rule 5: write it down, and have it approved -----------------------------------------------

def agreement_map(agreement: str) -> str:
    return f"""
        team: Lab
        customers:
          - team: Wards
            external: true
            need: Results before the round
            agreement: {agreement}
            feedback: [{{kind: review, cadence: quarterly, last: 2026-11-01, score: 9}}]
        """


def test_a_plain_agreement_still_means_where_and_is_unapproved():
    text = agreement_map("https://intranet.example/sla")
    graph, found, _ = analyse(text)
    link = graph.edges["lab", "wards"]["link"]
    assert (link.agreement, link.agreement_approved, link.agreement_review) == ("https://intranet.example/sla", None, None)
    assert [(p.rule, p.severity, p.line) for p in found] == [("agreement-unapproved", "info", 3)]
    assert "never approved by Wards" in found[0].message


def test_the_mapping_form_reads_where_approved_and_review():
    text = agreement_map("{where: https://intranet.example/sla, approved: 2026-03-02, review: half-yearly}")
    graph, found, _ = analyse(text)
    link = graph.edges["lab", "wards"]["link"]
    assert (link.agreement, link.agreement_approved, link.agreement_review) == (
        "https://intranet.example/sla", date(2026, 3, 2), "half-yearly")
    assert found == []


@pytest.mark.parametrize("review, days", [(None, 365.25), ("yearly", 365.25), ("quarterly", 3 * 365.25 / 12),
                                          ("6 weeks", 42)])
def test_agreement_overdue_boundary(review, days):
    """Current while (as_of - approved) <= 1.5 x the review cadence, as a feedback loop."""
    limit = int(1.5 * days)  # the last day on which the approval is current
    approved = AS_OF - timedelta(days=limit)
    extra = f", review: {review}" if review else ""
    text = agreement_map(f"{{where: x, approved: {approved.isoformat()}{extra}}}")
    assert of_rule(text, "agreement-overdue", AS_OF - timedelta(days=1)) == []
    assert of_rule(text, "agreement-overdue", AS_OF) == []
    (late,) = of_rule(text, "agreement-overdue", AS_OF + timedelta(days=1))
    assert late.severity == "warning"
    assert f"approved on {approved.isoformat()} ({limit + 1} days ago)" in late.message
    assert f"reviewed {review or 'yearly'}" in late.message


def test_an_approved_agreement_is_never_unapproved():
    text = agreement_map("{where: x, approved: 2020-01-01}")
    assert of_rule(text, "agreement-unapproved") == []
    assert len(of_rule(text, "agreement-overdue")) == 1


@pytest.mark.parametrize("agreement, rule, at, words", [
    ("{where: x, approved: 2026-02-30}", "bad-date", "2026-02-30", "'approved' '2026-02-30' is not a valid date"),
    ("{where: x, approved: soon}", "bad-date", "soon", "'approved' 'soon' is not a valid date"),
    ("{where: x, approved: 20260101}", "bad-date", "20260101", "'approved' must be a date"),
    ("{where: x, review: fortnightly}", "bad-cadence", "fortnightly", "unknown cadence 'fortnightly'"),
    ("{where: x, aproved: 2026-01-01}", "unknown-key", "aproved", "unknown key 'aproved' in an agreement"),
    ("{approved: 2026-01-01}", "missing-key", "{approved", "agreement has no 'where:'"),
])
def test_bad_agreements_are_located_errors(tmp_path, agreement, rule, at, words):
    text = agreement_map(agreement)
    line = line_of(text, "agreement:")
    col = yaml_text(text).splitlines()[line - 1].index(at) + 1
    path = tmp_path / "lab.yaml"
    path.write_text(yaml_text(text), encoding="utf-8")
    result = run("check", path, "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 2
    (problem,) = [p for p in json.loads(result.stdout)["findings"] if p["severity"] == "error"]
    assert (problem["rule"], problem["line"], problem["col"]) == (rule, line, col)
    assert words in problem["message"]
    if rule == "unknown-key":
        assert "did you mean 'approved'" in problem["hint"]


# -- rules 4, 6 and 7: promise less, deliver more, call before you are called --------------------

def promise_map(*promises: str) -> str:
    items = "\n".join(f"              - {{{p}}}" for p in promises)
    return f"""
        team: Lab
        customers:
          - team: Wards
            external: true
            need: Results before the round
            agreement: {{where: x, approved: 2026-06-01}}
            feedback: [{{kind: review, cadence: quarterly, last: 2026-11-01, score: 9}}]
            promises:
{items}
        """


PROMISED = date(2026, 11, 10)


def test_promise_overdue_boundary():
    """Overdue from the day after the promised date, while nothing is delivered and nobody was told."""
    text = promise_map(f"what: New analyser, promised: {PROMISED}")
    assert of_rule(text, "promise-overdue", PROMISED - timedelta(days=1)) == []
    assert of_rule(text, "promise-overdue", PROMISED) == []
    (overdue,) = of_rule(text, "promise-overdue", PROMISED + timedelta(days=1))
    assert overdue.severity == "warning"
    assert overdue.line == line_of(text, "New analyser")
    assert "'New analyser' was promised for 2026-11-10 (1 days ago), is not delivered" in overdue.message
    assert "call before you're called" in overdue.hint


@pytest.mark.parametrize("told, fires", [
    (PROMISED - timedelta(days=1), False),  # called before
    (PROMISED, False),  # on the day: still before they call
    (PROMISED + timedelta(days=1), True),  # too late: they were waiting
])
def test_promise_overdue_is_quiet_when_the_customer_was_told_in_time(told, fires):
    text = promise_map(f"what: New analyser, promised: {PROMISED}, told: {told}")
    assert bool(of_rule(text, "promise-overdue", PROMISED + timedelta(days=5))) is fires


def test_a_promise_delivered_after_as_of_is_still_overdue_then():
    text = promise_map(f"what: New analyser, promised: {PROMISED}, delivered: 2026-11-20")
    assert len(of_rule(text, "promise-overdue", date(2026, 11, 19))) == 1
    assert of_rule(text, "promise-overdue", date(2026, 11, 20)) == []


@pytest.mark.parametrize("delivered, late", [(PROMISED - timedelta(days=1), False), (PROMISED, False),
                                             (PROMISED + timedelta(days=1), True)])
def test_promise_late_boundary(delivered, late):
    text = promise_map(f"what: New analyser, promised: {PROMISED}, delivered: {delivered}")
    found = of_rule(text, "promise-late")
    assert bool(found) is late
    assert of_rule(text, "promise-overdue") == []
    if late:
        (problem,) = found
        assert problem.severity == "info"
        assert "delivered on 2026-11-11, 1 days after the promised 2026-11-10" in problem.message
        assert problem.hint.startswith("say sorry")
        assert problem.variant == "sorry"
        assert next_step(problem).startswith("Say sorry to Wards")
        assert next_step(problem, "nl").startswith("Zeg sorry tegen Wards")


def test_a_late_promise_told_in_advance_needs_no_sorry_in_the_hint():
    text = promise_map(f"what: New analyser, promised: {PROMISED}, delivered: 2026-11-15, told: {PROMISED}")
    (problem,) = of_rule(text, "promise-late")
    assert "told in advance" in problem.message and "sorry" not in problem.hint
    assert problem.variant is None


def test_promises_per_link_per_team_and_in_the_summary():
    text = promise_map(f"what: Early, promised: {PROMISED}, delivered: 2026-11-01",
                       f"what: On the day, promised: {PROMISED}, delivered: {PROMISED}",
                       f"what: Late, promised: {PROMISED}, delivered: 2026-11-12",
                       f"what: Open, promised: 2026-12-01")
    graph, _, summary = analyse(text)
    record = promise_record([graph.edges["lab", "wards"]["link"]])
    assert (record.early, record.on_time, record.late, record.open) == (1, 1, 1, 1)
    assert team_promise_record(graph, "lab") == record
    assert (record.delivered, record.kept) == (3, 2)
    assert summary.promises == record
    assert summary.promises_kept_share == 66.7


def test_bad_promises_are_located_errors(tmp_path):
    text = promise_map("what: X, promised: 2026-13-01", "promised: 2026-01-01", "what: Y",
                       "what: Z, promised: 2026-01-01, deliverd: 2026-01-02")
    path = tmp_path / "lab.yaml"
    path.write_text(yaml_text(text), encoding="utf-8")
    result = run("check", path, "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 2
    errors = [(p["rule"], p["line"]) for p in json.loads(result.stdout)["findings"] if p["severity"] == "error"]
    first = line_of(text, "what: X")
    assert errors == [("bad-date", first), ("missing-key", first + 1), ("missing-key", first + 2),
                      ("unknown-key", first + 3)]


# -- loyalty starts at 9 ---------------------------------------------------------------------

def scored(*loops: str) -> str:
    items = "\n".join(f"              - {{{loop}}}" for loop in loops)
    return f"""
        team: Lab
        customers:
          - team: Wards
            external: true
            need: Results before the round
            agreement: {{where: x, approved: 2026-06-01}}
            feedback:
{items}
        """


@pytest.mark.parametrize("score, fires", [(8.9, True), (9, False), (9.5, False), (3, True)])
def test_score_below_9_boundary(score, fires):
    found = of_rule(scored(f"kind: review, cadence: monthly, last: 2026-11-01, score: {score}"), "score-below-9")
    assert bool(found) is fires
    if fires:
        assert found[0].severity == "info"
        assert found[0].message.endswith(f"the latest score is {'an' if f'{score:g}'.startswith('8') else 'a'} {score:g}")
        assert found[0].hint == "ask what would make it a 9"


def test_score_below_9_reads_the_latest_score_by_date():
    newer_9 = scored("kind: review, cadence: monthly, last: 2026-11-01, score: 9",
                     "kind: survey, cadence: yearly, last: 2026-06-01, score: 6")
    assert of_rule(newer_9, "score-below-9") == []
    newer_6 = scored("kind: review, cadence: monthly, last: 2026-10-01, score: 9",
                     "kind: survey, cadence: yearly, last: 2026-11-01, score: 6")
    assert len(of_rule(newer_6, "score-below-9")) == 1


def test_the_summary_counts_the_share_of_scored_links_at_9_or_more():
    text = """
        team: Lab
        customers:
          - team: A
            feedback: [{kind: review, last: 2026-11-01, score: 9}]
          - team: B
            feedback: [{kind: review, last: 2026-11-01, score: 7}]
          - team: C
            feedback: [{kind: review, last: 2026-11-01, score: 10}]
          - team: D
            feedback: [{kind: review, last: 2026-11-01}]
        """
    summary = analyse(text)[2]
    assert (summary.scored_links, summary.loyal_links, summary.loyal_share) == (3, 2, 66.7)
    assert analyse("team: Lab\ncustomers: [A]\n")[2].loyal_share is None


def test_hearing_only_names_the_score_and_keeps_its_hint():
    (problem,) = of_rule(scored("kind: nps, cadence: monthly, last: 2026-11-01, score: 6"), "hearing-only")
    assert "nps 6, and nobody asked why" in problem.message
    assert problem.hint == "call back and ask why the score is a 6 and not a 9"


# -- rule 2: your customer's customer ----------------------------------------------------------

CHAIN = """
    teams:
      - team: IT
        customers:
          - team: Lab
            need: Analysers never wait
      - team: Lab
        customers:
          - team: Wards
            need: Results before the round
          - team: GPs
            external: true
            need: Abnormal values phoned through
      - team: Wards
        customers:
          - team: Patients
            external: true
            need: Results before the round
          - team: IT
            need: Tickets with a bed number
      - team: Pharmacy
        customers:
          - team: Wards
            need: Not downstream of IT
      - team: Kitchen
        customers:
          - team: Patients
            need: Food they like
    """


def test_downstream_needs_nearest_first_deduplicated_and_without_own_links():
    graph = analyse(CHAIN)[0]
    needs = downstream_needs(graph, "it")
    assert [(n.need, n.links, n.depth) for n in needs] == [
        ("Results before the round", (("lab", "wards"), ("wards", "patients")), 1),
        ("Abnormal values phoned through", (("lab", "gps"),), 1),
    ]  # IT's own link is what its customer needs; Wards -> IT comes back to IT: what IT needs
    assert [n.need for n in downstream_needs(graph, "it", depth=1)] == []
    assert [n.need for n in downstream_needs(graph, "it", depth=2)] == [
        "Results before the round", "Abnormal values phoned through"]
    assert downstream_needs(graph, "wards") == [
        type(needs[0])("Analysers never wait", (("it", "lab"),), 1),
        type(needs[0])("Abnormal values phoned through", (("lab", "gps"),), 2),
    ]


def test_chain_shows_what_the_customers_customers_need(tmp_path):
    path = tmp_path / "chain.yaml"
    path.write_text(yaml_text(CHAIN), encoding="utf-8")
    out = run("chain", "IT", path, "--as-of", AS_OF, "--no-color").stdout.splitlines()
    start = out.index("What your customer's customers need (who needs it, from whom; nearest first)")
    assert out[start + 1:start + 3] == ["  Results before the round · Wards from Lab; Patients from Wards",
                                        "  Abnormal values phoned through · GPs from Lab"]
    # A team whose customers serve nobody further has no such section.
    assert "What your customer's customers need" not in run("chain", "Kitchen", path, "--as-of", AS_OF).stdout


def test_chain_says_when_no_need_is_written_down_further_down(tmp_path):
    path = tmp_path / "chain.yaml"
    path.write_text("teams:\n  - team: A\n    customers: [B]\n  - team: B\n    customers: [C]\n", encoding="utf-8")
    out = run("chain", "A", path, "--as-of", AS_OF).stdout
    assert "none written down yet: ask your customers whom they serve" in out


# -- everywhere the findings go ------------------------------------------------------------------

def test_a_late_promise_gets_a_card_that_starts_with_sorry(tmp_path):
    text = promise_map(f"what: New analyser, promised: {PROMISED}, delivered: 2026-11-15")
    path = tmp_path / "lab.yaml"
    path.write_text(yaml_text(text), encoding="utf-8")
    out = tmp_path / "cards.html"
    result = run("cards", path, "--as-of", AS_OF, "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert ('<p class="sorry">Sorry: New analyser came on 2026-11-15, later than the 2026-11-10 we promised.</p>'
            in html)
    nl = tmp_path / "kaarten.html"
    run("cards", path, "--as-of", AS_OF, "--lang", "nl", "-o", nl)
    assert "Sorry: New analyser kwam op 2026-11-15, later dan de 2026-11-10 die we beloofden." in nl.read_text(
        encoding="utf-8")


def test_the_new_rules_reach_check_json_and_the_svg_tooltips(tmp_path):
    text = promise_map(f"what: New analyser, promised: {PROMISED}")
    path = tmp_path / "lab.yaml"
    path.write_text(yaml_text(text), encoding="utf-8")
    found = json.loads(run("check", path, "--as-of", AS_OF, "--format", "json").stdout)["findings"]
    assert [f["rule"] for f in found if f["supplier"] == "Lab"] == ["promise-overdue"]
    svg = tmp_path / "map.dot"
    assert run("render", path, "--as-of", AS_OF, "-o", svg).exit_code == 0
    assert "Call Wards before they call you" in svg.read_text(encoding="utf-8")


def test_files_valid_before_stay_valid_and_mean_the_same():
    text = """
        team: Lab
        customers:
          - team: Wards
            agreement: https://intranet.example/sla
        """
    graph = analyse(text)[0]
    link = graph.edges["lab", "wards"]["link"]
    assert link.agreement == "https://intranet.example/sla" and link.promises == ()
