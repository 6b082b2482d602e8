"""One focused group of tests per rule, each on real YAML text.

Every rule is checked where it must fire (severity, file:line, names) and on a
healthy counterpart where it must stay quiet.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

import chainmap

AS_OF = date(2026, 11, 22)
PATH = "teams.yaml"
ACME = Path(__file__).resolve().parents[1] / "examples" / "acme"


def yaml_text(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# The rules of issue 14 ("all seven rules on the map") have their own tests in
# tests/test_seven_rules.py.  The small maps here were written before them and
# leave needs, approvals and 9s out: this file looks at the other rules only.
SEVEN_RULES = {"no-need", "agreement-unapproved", "agreement-overdue", "promise-overdue", "promise-late",
               "score-below-9"}


def analyse(text: str, as_of: date = AS_OF, path: str = PATH):
    graph, found, summary = chainmap.analyse(chainmap.loads(yaml_text(text), path), as_of=as_of)
    return graph, [problem for problem in found if problem.rule not in SEVEN_RULES]


def findings(text: str, as_of: date = AS_OF):
    return analyse(text, as_of)[1]


def of_rule(found, rule: str):
    return [problem for problem in found if problem.rule == rule]


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``fragment``."""
    hits = [number for number, line in enumerate(yaml_text(text).splitlines(), 1) if fragment in line]
    assert len(hits) >= occurrence, f"{fragment!r} not in the YAML"
    return hits[occurrence - 1]


def loop(kind: str = "review", cadence: str | None = None, last: date | None = None) -> str:
    parts = [f"kind: {kind}"]
    if cadence:
        parts.append(f"cadence: {cadence}")
    if last:
        parts.append(f"last: {last.isoformat()}")
    return "{" + ", ".join(parts) + "}"


# A healthy link: agreement, one current listening loop.  Patients is external,
# so chains that reach it have an end customer.
HEALTHY_TAIL = """\
    agreement: https://intranet.example/sla
    feedback:
      - kind: review
        cadence: quarterly
        last: 2026-10-01
"""


# -- no-feedback --------------------------------------------------------------------------------

NO_FEEDBACK_CASES = {
    "feedback key missing": """
        team: Payroll
        customers:
          - team: HR Advisory
            delivers: Salary overview
            agreement: https://intranet.example/sla
          - team: Patients
            external: true
        """,
    "empty feedback list": """
        team: Payroll
        customers:
          - team: HR Advisory
            agreement: https://intranet.example/sla
            feedback: []
          - team: Patients
            external: true
        """,
    "short form": """
        team: Payroll
        customers:
          - HR Advisory
          - team: Patients
            external: true
        """,
}


@pytest.mark.parametrize("text", NO_FEEDBACK_CASES.values(), ids=NO_FEEDBACK_CASES.keys())
def test_no_feedback_fires_on_a_link_without_loops(text):
    found = findings(text)
    no_feedback = of_rule(found, "no-feedback")
    hr_line = line_of(text, "HR Advisory")
    hr = [p for p in no_feedback if p.customer == "HR Advisory"]
    assert len(hr) == 1
    problem = hr[0]
    assert problem.severity == "warning"
    assert (problem.path, problem.line) == (PATH, hr_line)
    assert (problem.supplier, problem.customer, problem.team) == ("Payroll", "HR Advisory", None)
    assert "Payroll -> HR Advisory" in problem.message
    assert "no feedback" in problem.message
    # no-feedback is the only state of the link: not also stale or hearing-only.
    assert not of_rule(found, "stale-feedback")
    assert not of_rule(found, "hearing-only")


def test_no_feedback_is_quiet_on_a_link_with_a_loop():
    text = """
        team: Payroll
        customers:
          - team: HR Advisory
            agreement: https://intranet.example/sla
            feedback:
              - kind: review
          - team: Patients
            external: true
            feedback:
              - kind: survey
        """
    assert of_rule(findings(text), "no-feedback") == []


# -- stale-feedback -----------------------------------------------------------------------------

def stale_text(cadence: str | None, last: date | None) -> str:
    lines = ["team: Lab", "customers:", "  - team: Patients", "    external: true",
             "    agreement: https://intranet.example/sla", "    feedback:", "      - kind: review"]
    if cadence is not None:
        lines.append(f"        cadence: {cadence}")
    if last is not None:
        lines.append(f"        last: {last.isoformat()}")
    return "\n".join(lines) + "\n"


# (cadence, last current day, first stale day): current while days <= 1.5 x cadence,
# with months of 365.25 / 12 days and years of 365.25 days.
STALE_BOUNDARIES = [
    ("quarterly", 136, 137),   # 1.5 x 91.3125 = 136.97
    ("6 weeks", 63, 64),       # 1.5 x 42 = 63 exactly
    ("weekly", 10, 11),        # 1.5 x 7 = 10.5
    ("monthly", 45, 46),       # 1.5 x 30.4375 = 45.66
    ("2 months", 91, 92),      # 1.5 x 60.875 = 91.31
    ("10 days", 15, 16),
    ("half-yearly", 273, 274), # 1.5 x 182.625 = 273.94
    ("yearly", 547, 548),      # 1.5 x 365.25 = 547.875
    (None, 547, 548),          # no cadence: yearly
]


@pytest.mark.parametrize("cadence, current_days, stale_days", STALE_BOUNDARIES,
                         ids=[str(c) for c, _, _ in STALE_BOUNDARIES])
def test_stale_feedback_boundary(cadence, current_days, stale_days):
    at_limit = stale_text(cadence, AS_OF - timedelta(days=current_days))
    assert of_rule(findings(at_limit), "stale-feedback") == []
    assert chainmap.link_state(chainmap.loads(at_limit).teams[0].customers[0], AS_OF) == "healthy"

    last = AS_OF - timedelta(days=stale_days)
    past_limit = stale_text(cadence, last)
    stale = of_rule(findings(past_limit), "stale-feedback")
    assert len(stale) == 1
    problem = stale[0]
    assert problem.severity == "warning"
    assert (problem.path, problem.line) == (PATH, 3)
    assert (problem.supplier, problem.customer) == ("Lab", "Patients")
    assert last.isoformat() in problem.message
    assert f"{stale_days} days" in problem.message
    assert chainmap.link_state(chainmap.loads(past_limit).teams[0].customers[0], AS_OF) == "stale"


def test_a_loop_without_last_is_current():
    text = stale_text("weekly", None)
    assert of_rule(findings(text), "stale-feedback") == []
    # ... even on a date far in the future
    assert of_rule(findings(text, as_of=date(2040, 1, 1)), "stale-feedback") == []


def test_stale_feedback_needs_every_loop_overdue():
    text = """
        team: Lab
        customers:
          - team: Patients
            external: true
            agreement: https://intranet.example/sla
            feedback:
              - {kind: review, cadence: quarterly, last: 2025-01-01}
              - {kind: visit, cadence: monthly, last: 2026-11-01}
          - team: Wards
            agreement: https://intranet.example/sla
            feedback:
              - {kind: review, cadence: quarterly, last: 2025-01-01}
              - {kind: conversation, cadence: monthly, last: 2025-06-30}
        """
    stale = of_rule(findings(text), "stale-feedback")
    assert [(p.supplier, p.customer, p.line) for p in stale] == [("Lab", "Wards", line_of(text, "team: Wards"))]
    # The message gives the most recent of the overdue loops.
    assert "2025-06-30" in stale[0].message
    assert "510 days" in stale[0].message


# -- hearing-only -------------------------------------------------------------------------------

HEARING_KINDS = ["survey", "nps", "score", "complaints", "tickets"]
LISTENING_KINDS = ["conversation", "review", "retro", "callback", "interview", "visit", "demo", "workshop"]


def one_link(feedback: list[str]) -> str:
    loops = "".join(f"      - {item}\n" for item in feedback)
    return ("team: Helpdesk\n"
            "customers:\n"
            "  - team: Patients\n"
            "    external: true\n"
            "    agreement: https://intranet.example/sla\n"
            "    feedback:\n" + loops)


@pytest.mark.parametrize("kinds", [[k] for k in HEARING_KINDS] + [["tickets", "score"], ["nps", "complaints"]],
                         ids=lambda kinds: "+".join(kinds))
def test_hearing_only_fires_when_every_loop_is_a_hearing_kind(kinds):
    text = one_link([loop(kind, "monthly", date(2026, 11, 1)) for kind in kinds])
    found = findings(text)
    hearing = of_rule(found, "hearing-only")
    assert len(hearing) == 1
    problem = hearing[0]
    assert problem.severity == "warning"
    assert (problem.path, problem.line) == (PATH, 3)
    assert (problem.supplier, problem.customer) == ("Helpdesk", "Patients")
    for kind in kinds:
        assert kind in problem.message
    assert of_rule(found, "stale-feedback") == []


@pytest.mark.parametrize("kinds", [[k] for k in LISTENING_KINDS] + [["review", "survey"], ["tickets", "callback"]],
                         ids=lambda kinds: "+".join(kinds))
def test_hearing_only_is_quiet_when_someone_listens(kinds):
    text = one_link([loop(kind, "monthly", date(2026, 11, 1)) for kind in kinds])
    assert of_rule(findings(text), "hearing-only") == []
    assert findings(text) == []


def test_hearing_only_does_not_fire_on_a_link_without_loops():
    found = findings("""
        team: Helpdesk
        customers:
          - team: Patients
            external: true
            agreement: https://intranet.example/sla
        """)
    assert of_rule(found, "hearing-only") == []
    assert len(of_rule(found, "no-feedback")) == 1


# -- no-customers -------------------------------------------------------------------------------

@pytest.mark.parametrize("customers", ["", "customers: []\n"], ids=["no key", "empty list"])
def test_no_customers_fires_on_a_team_without_customers(customers):
    text = ("teams:\n"
            "  - team: Cardiology\n"
            "    customers:\n"
            "      - team: Patients\n"
            "        external: true\n" + textwrap.indent(HEALTHY_TAIL, "    ") +
            "  - team: Communications\n"
            "    department: Corporate\n" + textwrap.indent(customers, "    "))
    found = findings(text)
    problems = of_rule(found, "no-customers")
    assert len(problems) == 1
    problem = problems[0]
    assert problem.severity == "warning"
    assert (problem.path, problem.line, problem.col) == (PATH, line_of(text, "team: Communications"), 5)
    assert problem.team == "Communications"
    assert (problem.supplier, problem.customer) == (None, None)
    # A team without customers is not also blamed for having no end customer.
    assert of_rule(found, "no-end-customer") == []


# -- no-end-customer ----------------------------------------------------------------------------

END_CUSTOMER_MAP = """
    teams:
      - team: Lab
        customers: [Wards]
      - team: Wards
        customers:
          - team: Patients
            external: true
      - team: Payroll
        customers: [HR Advisory]
      - team: HR Advisory
        customers: [Payroll]
      - team: Kitchen
        customers: [Cleaning]
      - team: Cleaning
        customers: [Kitchen, Wards]
    """


def test_no_end_customer_fires_on_a_cycle_without_exit():
    text = END_CUSTOMER_MAP
    problems = of_rule(findings(text), "no-end-customer")
    assert [(p.team, p.line, p.severity) for p in problems] == [
        ("Payroll", line_of(text, "team: Payroll"), "info"),
        ("HR Advisory", line_of(text, "team: HR Advisory"), "info"),
    ]
    assert all(p.path == PATH and p.supplier is None and p.customer is None for p in problems)
    # Lab -> Wards -> Patients and the Kitchen/Cleaning cycle (exit via Wards) reach an end customer.


def test_no_end_customer_needs_an_external_customer_in_the_map():
    text = END_CUSTOMER_MAP.replace("external: true", "external: false")
    assert of_rule(findings(text), "no-end-customer") == []


def test_no_end_customer_for_a_chain_ending_at_an_internal_team():
    text = """
        teams:
          - team: Lab
            customers:
              - team: Patients
                external: true
          - team: Payroll
            customers: [Employees]
        """
    problems = of_rule(findings(text), "no-end-customer")
    assert [(p.team, p.line) for p in problems] == [("Payroll", line_of(text, "team: Payroll"))]


# -- undescribed --------------------------------------------------------------------------------

def test_undescribed_one_node_for_every_spelling_of_a_name():
    text = """
        teams:
          - team: Wards
            customers: [Patienten]
          - team: Pharmacy
            customers:
              - team: patiënten
          - team: Kitchen
            customers: [PATIËNTEN]
          - team: Lab
            customers:
              - team: Clients
                external: true
        """
    graph, found = analyse(text)
    assert sorted(node for node in graph if not graph.nodes[node]["described"]) == ["clients", "patienten"]
    assert sorted(graph.predecessors("patienten")) == ["kitchen", "pharmacy", "wards"]
    undescribed = of_rule(found, "undescribed")
    assert len(undescribed) == 1
    problem = undescribed[0]
    assert problem.severity == "info"
    assert problem.team == "Patienten"  # the first spelling met
    assert (problem.path, problem.line) == (PATH, line_of(text, "[Patienten]"))
    assert of_rule(found, "possible-typo") == []


def test_undescribed_is_quiet_for_described_and_external_teams():
    text = """
        teams:
          - team: Wards
            customers:
              - team: Patients
                external: true
          - team: Lab
            customers: [wards, Patients]
        """
    assert of_rule(findings(text), "undescribed") == []


def test_undescribed_includes_teams_known_only_from_a_suppliers_list():
    text = """
        team: Wards
        suppliers: [Medical Physics]
        customers:
          - team: Patients
            external: true
        """
    problems = of_rule(findings(text), "undescribed")
    assert [(p.team, p.line, p.severity) for p in problems] == [
        ("Medical Physics", line_of(text, "suppliers:"), "info")]


# -- possible-typo ------------------------------------------------------------------------------

TYPO_MAP = """
    teams:
      - team: Cardiologie
        customers:
          - team: Patients
            external: true
      - team: Radiologie
        customers: [Cardiologie]
      - team: Lab
        customers:
          - team: {reference}
            agreement: https://intranet.example/sla
            feedback: [{{kind: review}}]
          - team: Patients
    """


def test_possible_typo_suggests_the_closest_described_team():
    text = TYPO_MAP.format(reference="Cardiolgie")
    found = findings(text)
    typos = of_rule(found, "possible-typo")
    assert len(typos) == 1
    problem = typos[0]
    assert problem.severity == "warning"
    assert (problem.path, problem.line) == (PATH, line_of(text, "team: Cardiolgie"))
    assert problem.team == "Cardiolgie"
    assert "did you mean 'Cardiologie'" in problem.hint
    # ... and the typo is not also reported as an undescribed team.
    assert of_rule(found, "undescribed") == []


def test_possible_typo_is_quiet_for_the_right_spelling_and_for_unrelated_names():
    found = findings(TYPO_MAP.format(reference="CARDIOLOGIE"))
    assert of_rule(found, "possible-typo") == []
    assert of_rule(found, "undescribed") == []

    found = findings(TYPO_MAP.format(reference="Pharmacy"))
    assert of_rule(found, "possible-typo") == []
    assert [p.team for p in of_rule(found, "undescribed")] == ["Pharmacy"]


# -- unacknowledged -----------------------------------------------------------------------------

def acknowledgement_map(surgery_suppliers: str | None) -> str:
    suppliers = f"    suppliers: {surgery_suppliers}\n" if surgery_suppliers is not None else ""
    return ("teams:\n"
            "  - team: Logistics\n"
            "    customers:\n"
            "      - team: Surgery\n" + textwrap.indent(HEALTHY_TAIL, "    ") +
            "  - team: Sterilisation\n"
            "    customers:\n"
            "      - team: Surgery\n" + textwrap.indent(HEALTHY_TAIL, "    ") +
            "  - team: Surgery\n" + suppliers +
            "    customers:\n"
            "      - team: Patients\n"
            "        external: true\n" + textwrap.indent(HEALTHY_TAIL, "    "))


def test_unacknowledged_fires_when_the_customer_suppliers_list_lacks_the_team():
    text = acknowledgement_map("[Sterilisation]")
    found = findings(text)
    problems = of_rule(found, "unacknowledged")
    assert len(problems) == 1
    problem = problems[0]
    assert problem.severity == "warning"
    # Reported on the customer entry in Logistics' list.
    assert (problem.path, problem.line) == (PATH, line_of(text, "team: Surgery", 1))
    assert (problem.supplier, problem.customer) == ("Logistics", "Surgery")
    assert of_rule(found, "unrecognised-customer") == []
    assert [p.rule for p in found] == ["unacknowledged"]


@pytest.mark.parametrize("suppliers", [None, "[Sterilisation, Logistics]", "[STERILISATION, logistics]"],
                         ids=["no suppliers list", "complete list", "other spelling"])
def test_unacknowledged_is_quiet(suppliers):
    assert findings(acknowledgement_map(suppliers)) == []


def test_unacknowledged_with_an_empty_suppliers_list():
    problems = of_rule(findings(acknowledgement_map("[]")), "unacknowledged")
    assert sorted(p.supplier for p in problems) == ["Logistics", "Sterilisation"]


# -- unrecognised-customer ----------------------------------------------------------------------

UNRECOGNISED_MAP = """
    teams:
      - team: IT Service Desk
        customers:
          - team: Radiology
            agreement: https://intranet.example/sla
            feedback: [{{kind: review}}]
{extra}
      - team: Radiology
        suppliers: [IT Service Desk]
        customers: [Emergency Department]
      - team: Emergency Department
        suppliers: [Radiology, IT Service Desk]
        customers:
          - team: Patients
            external: true
    """


def test_unrecognised_customer_fires_on_the_implied_link():
    text = UNRECOGNISED_MAP.format(extra="")
    graph, found = analyse(text)
    line = line_of(text, "suppliers: [Radiology, IT Service Desk]")
    problems = of_rule(found, "unrecognised-customer")
    assert len(problems) == 1
    problem = problems[0]
    assert problem.severity == "warning"
    assert (problem.path, problem.line) == (PATH, line)
    assert (problem.supplier, problem.customer) == ("IT Service Desk", "Emergency Department")
    # The link is real: an edge IT Service Desk -> Emergency Department, without feedback.
    assert graph.has_edge("it-service-desk", "emergency-department")
    no_feedback = [p for p in of_rule(found, "no-feedback") if p.customer == "Emergency Department"
                   and p.supplier == "IT Service Desk"]
    assert len(no_feedback) == 1
    assert (no_feedback[0].path, no_feedback[0].line) == (PATH, line)
    # Radiology -> ED is listed by both sides: nothing about it.
    assert not [p for p in found if p.rule in ("unrecognised-customer", "unacknowledged")
                and p.supplier == "Radiology"]


def test_unrecognised_customer_is_quiet_when_the_supplier_lists_the_customer():
    extra = textwrap.indent(yaml_text("""
        - team: emergency department
          agreement: https://intranet.example/sla
          feedback: [{kind: review, last: 2026-11-01}]
        """), " " * 10).rstrip("\n")
    found = findings(UNRECOGNISED_MAP.format(extra=extra))
    assert of_rule(found, "unrecognised-customer") == []
    assert of_rule(found, "unacknowledged") == []


def test_unrecognised_customer_needs_a_described_supplier():
    text = """
        team: Emergency Department
        suppliers: [Blood Bank]
        customers:
          - team: Patients
            external: true
        """
    found = findings(text)
    assert of_rule(found, "unrecognised-customer") == []
    assert [p.team for p in of_rule(found, "undescribed")] == ["Blood Bank"]


# -- no-agreement -------------------------------------------------------------------------------

def test_no_agreement():
    text = """
        team: Patient Transport
        customers:
          - team: Radiology
            delivers: Patients on time
            feedback:
              - {kind: conversation, cadence: monthly, last: 2026-11-01}
          - team: Patients
            external: true
            agreement: https://intranet.example/sla/transport
            feedback:
              - {kind: callback, cadence: monthly, last: 2026-11-01}
        """
    found = findings(text)
    problems = of_rule(found, "no-agreement")
    assert len(problems) == 1
    problem = problems[0]
    assert problem.severity == "info"
    assert (problem.path, problem.line) == (PATH, line_of(text, "team: Radiology"))
    assert (problem.supplier, problem.customer) == ("Patient Transport", "Radiology")
    # A current conversation and no agreement: no-agreement is all there is to say
    # (Radiology is undescribed, which is reported on the team).
    assert sorted(p.rule for p in found) == ["no-agreement", "undescribed"]


# -- cycle --------------------------------------------------------------------------------------

def test_cycle_one_finding_per_loop_of_teams():
    text = """
        teams:
          - team: Payroll
            customers: [HR Advisory]
          - team: HR Advisory
            customers: [Payroll, Finance]
          - team: Finance
            customers:
              - team: Shareholders
                external: true
          - team: Kitchen
            customers: [Cleaning]
          - team: Cleaning
            customers: [Laundry]
          - team: Laundry
            customers: [Kitchen, Finance]
        """
    cycles = of_rule(findings(text), "cycle")
    assert len(cycles) == 2
    assert all(p.severity == "info" and p.path == PATH for p in cycles)
    assert [set(p.teams) for p in cycles] == [{"Payroll", "HR Advisory"}, {"Kitchen", "Cleaning", "Laundry"}]
    assert [p.line for p in cycles] == [line_of(text, "team: Payroll"), line_of(text, "team: Kitchen")]
    for problem in cycles:
        for name in problem.teams:
            assert name in problem.message


def test_no_cycle_in_an_acyclic_chain():
    text = """
        teams:
          - team: Payroll
            customers: [HR Advisory, Finance]
          - team: HR Advisory
            customers: [Finance]
          - team: Finance
            customers:
              - team: Shareholders
                external: true
        """
    assert of_rule(findings(text), "cycle") == []


# -- references by name or by id ----------------------------------------------------------------

def test_reference_by_name_or_id_reaches_a_team_with_its_own_id():
    text = """
        teams:
          - team: IT Service Desk
            id: servicedesk
            customers:
              - team: Radiology
                agreement: https://intranet.example/sla
                feedback: [{kind: review, last: 2026-11-01}]
              - team: Laboratory
                agreement: https://intranet.example/sla
                feedback: [{kind: review, last: 2026-11-01}]
          - team: Radiology
            suppliers: [IT Service Desk]
            customers:
              - team: Patients
                external: true
                agreement: https://intranet.example/sla
                feedback: [{kind: review, last: 2026-11-01}]
          - team: Laboratory
            suppliers: [servicedesk]
            customers:
              - team: Patients
                agreement: https://intranet.example/sla
                feedback: [{kind: review, last: 2026-11-01}]
          - team: Wards
            customers:
              - team: IT Service Desk
                agreement: https://intranet.example/sla
                feedback: [{kind: review, last: 2026-11-01}]
          - team: Pharmacy
            customers:
              - team: servicedesk
                agreement: https://intranet.example/sla
                feedback: [{kind: review, last: 2026-11-01}]
        """
    graph, found = analyse(text)
    assert sorted(graph) == ["laboratory", "patients", "pharmacy", "radiology", "servicedesk", "wards"]
    assert graph.nodes["servicedesk"]["name"] == "IT Service Desk"
    assert sorted(graph.predecessors("servicedesk")) == ["pharmacy", "wards"]
    assert sorted(graph.successors("servicedesk")) == ["laboratory", "radiology"]
    # Both spellings of the supplier acknowledge it; nothing is a typo or undescribed.
    assert found == []


# -- the Acme example, end to end ---------------------------------------------------------------

def test_acme_findings_are_exactly_the_documented_ones():
    chain_map = chainmap.load(sorted(str(p) for p in ACME.glob("*.yaml")))
    graph, found, summary = chainmap.analyse(chain_map, as_of=AS_OF)
    got = sorted((Path(p.path).name, p.severity, p.rule,
                  (p.team or "").lower(), (p.supplier or "").lower(), (p.customer or "").lower())
                 for p in found)
    link = lambda file, severity, rule, supplier, customer: (file, severity, rule, "", supplier.lower(), customer.lower())
    team = lambda file, severity, rule, name: (file, severity, rule, name.lower(), "", "")
    # Every link whose latest score is under 9: all scored links but the three at 9
    # (Nursing Wards -> Patients, Pharmacy -> Patients, Sterilisation -> Surgery).
    loyal = {("nursing-wards.yaml", "patients"), ("pharmacy.yaml", "patients"), ("sterilisation.yaml", "surgery")}
    below_9 = []
    for path in sorted(ACME.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in document.get("customers") or []:
            if isinstance(entry, dict) and any(loop.get("score") is not None for loop in entry.get("feedback") or []):
                if (path.name, entry["team"].lower()) not in loyal:
                    below_9.append(link(path.name, "info", "score-below-9", document["team"], entry["team"]))
    assert len(below_9) == 37
    expected = sorted([
        link("building-maintenance.yaml", "warning", "no-feedback", "Building Maintenance", "Café & Catering"),
        link("payroll.yaml", "warning", "no-feedback", "Payroll", "Employees"),
        link("it-service-desk.yaml", "warning", "no-feedback", "IT Service Desk", "Communications"),
        link("emergency-department.yaml", "warning", "no-feedback", "IT Service Desk", "Emergency Department"),
        link("cleaning-services.yaml", "warning", "stale-feedback", "Cleaning Services", "Outpatient Clinics"),
        link("hr-advisory.yaml", "warning", "stale-feedback", "HR Advisory", "Payroll"),
        link("outpatient-clinics.yaml", "warning", "stale-feedback", "Outpatient Clinics", "General Practitioners"),
        link("emergency-department.yaml", "warning", "hearing-only", "Emergency Department", "General Practitioners"),
        link("outpatient-clinics.yaml", "warning", "hearing-only", "Outpatient Clinics", "Patients"),
        link("it-service-desk.yaml", "warning", "hearing-only", "IT Service Desk", "Laboratory"),
        team("communications.yaml", "warning", "no-customers", "Communications"),
        team("payroll.yaml", "info", "no-end-customer", "Payroll"),
        team("hr-advisory.yaml", "info", "no-end-customer", "HR Advisory"),
        team("payroll.yaml", "info", "undescribed", "Employees"),
        # The typo is in Laboratory's file: Laboratory acts on it.
        ("laboratory.yaml", "warning", "possible-typo", "cardiolgy", "laboratory", ""),
        link("logistics.yaml", "info", "undated-feedback", "Logistics", "Nursing Wards"),
        link("logistics.yaml", "warning", "unacknowledged", "Logistics", "Surgery"),
        link("emergency-department.yaml", "warning", "unrecognised-customer", "IT Service Desk",
             "Emergency Department"),
        link("building-maintenance.yaml", "info", "no-agreement", "Building Maintenance", "Café & Catering"),
        link("patient-transport.yaml", "info", "no-agreement", "Patient Transport", "Radiology"),
        link("payroll.yaml", "info", "no-agreement", "Payroll", "Employees"),
        team("hr-advisory.yaml", "info", "cycle", ""),
        # The seven rules (issue 14).
        link("payroll.yaml", "info", "no-need", "Payroll", "Employees"),
        link("it-service-desk.yaml", "info", "agreement-unapproved", "IT Service Desk", "Communications"),
        link("laboratory.yaml", "info", "agreement-unapproved", "Laboratory", "General Practitioners"),
        link("quality-and-safety.yaml", "info", "agreement-unapproved", "Quality and Safety", "Surgery"),
        link("emergency-department.yaml", "warning", "agreement-overdue", "Emergency Department",
             "General Practitioners"),
        link("it-service-desk.yaml", "warning", "promise-overdue", "IT Service Desk", "Communications"),
        link("laboratory.yaml", "info", "promise-late", "Laboratory", "General Practitioners"),
        link("radiology.yaml", "info", "promise-late", "Radiology", "Surgery"),
        *below_9,
    ])
    assert got == expected
    (cycle,) = of_rule(found, "cycle")
    assert set(cycle.teams) == {"Payroll", "HR Advisory"}
    typo = of_rule(found, "possible-typo")[0]
    assert "did you mean 'Cardiology'" in typo.hint


def test_a_finding_on_a_link_made_quickly_is_the_finding_problem_makes():
    """Problem.on_link (the rules' quick way to make the findings of a large map) equals Problem(...), field by field."""
    from chainmap.errors import Problem

    quick = Problem.on_link("teams/a.yaml", 4, 5, "warning", "no-feedback", "A -> B: no feedback loop", "ask them",
                            "A", "B", ("link", "a", "b"), "scores")
    made = Problem("teams/a.yaml", 4, 5, "warning", "no-feedback", "A -> B: no feedback loop", "ask them",
                   supplier="A", customer="B", subject=("link", "a", "b"), variant="scores")
    assert vars(quick) == vars(made) and list(vars(quick)) == list(vars(made))
    assert quick == made and hash(quick) == hash(made) and repr(quick) == repr(made)


def test_findings_formatted_in_one_go_read_as_each_formatted_on_its_own():
    """check's text: the findings' lines made at once are each finding's format(), unsafe characters shown."""
    from chainmap.errors import Problem, formatted

    plain = [Problem(f"teams/t{n}.yaml", n, 3, "info", "no-need", f"T{n} -> U: the need behind it is not written down",
                     "ask what problem they are solving with it") for n in range(1, 4)]
    hostile = Problem("teams/x.yaml", 2, 1, "warning", "no-feedback", "Pay\nroll\x1b[2J -> U\u202e\t: no loop")
    for problems in (plain, plain + [hostile], [hostile], []):
        assert formatted(problems) == "\n".join(problem.format() for problem in problems)
    assert formatted([hostile]).count("\n") == 0 and "\\x1b" in formatted([hostile])
