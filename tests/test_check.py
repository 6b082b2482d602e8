"""`chainmap check` through click's CliRunner, as a user or a CI job runs it."""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from chainmap.cli import main

ACME = Path(__file__).resolve().parents[1] / "examples" / "acme"
AS_OF = "2026-11-22"
ALL_RULES = {"no-feedback", "stale-feedback", "hearing-only", "no-customers", "no-end-customer", "undescribed",
             "possible-typo", "unacknowledged", "unrecognised-customer", "no-agreement", "cycle",
             "undated-feedback", "no-need", "agreement-unapproved", "agreement-overdue", "promise-overdue",
             "promise-late", "score-below-9"}
FINDING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>warning|info)\[(?P<rule>[a-z0-9-]+)\]: ")
SUMMARY_LINE = re.compile(r"^(\d+) teams?, (\d+) links?, (\d+) without feedback \((\d+(?:\.\d)?)% feedback coverage\); "
                          r"(\d+) warnings?, (\d+) infos?(?:;.*)?$")
FINDING_KEYS = {"rule", "severity", "message", "file", "line", "team", "supplier", "customer", "teams", "suggestion"}
OPTIONAL_KEYS = {"hint", "col"}


def check(*args: str):
    return CliRunner().invoke(main, ["check", *map(str, args)])


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# -- the expected numbers, worked out from the Acme YAML itself ----------------------------------

def slug(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def acme_counts() -> dict:
    teams, links, without_feedback, without_agreement = set(), {}, set(), 0
    without_need, unapproved, below_9, at_9 = 0, 0, 0, 0
    suppliers_lists = []
    for path in sorted(ACME.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for team in [document] if "team" in document else document.get("teams") or []:
            me = slug(team.get("id") or team["team"])
            teams.add(me)
            for entry in team.get("customers") or []:
                customer = slug(entry if isinstance(entry, str) else entry["team"])
                details = {} if isinstance(entry, str) else entry
                links[me, customer] = details
                if not details.get("feedback"):
                    without_feedback.add((me, customer))
                if not details.get("agreement"):
                    without_agreement += 1
                elif not isinstance(details["agreement"], dict) or not details["agreement"].get("approved"):
                    unapproved += 1
                if not details.get("need"):
                    without_need += 1
                scored = [loop for loop in details.get("feedback") or [] if loop.get("score") is not None]
                if scored:
                    latest = max(scored, key=lambda loop: str(loop.get("last") or ""))["score"]
                    below_9 += latest < 9
                    at_9 += latest >= 9
            suppliers_lists.append((me, [slug(s) for s in team.get("suppliers") or []]))
    for me, suppliers in suppliers_lists:
        for supplier in suppliers:
            if (supplier, me) not in links:  # known only from the customer's side: a link without loops
                links[supplier, me] = None
                without_feedback.add((supplier, me))
    nodes = teams | {node for pair in links for node in pair}
    return {"teams": len(nodes), "links": len(links), "without_feedback": len(without_feedback),
            "without_agreement": without_agreement, "without_need": without_need, "unapproved": unapproved,
            "below_9": below_9, "at_9": at_9}


# Per rule, from the example author's notes (examples/acme), not from the tool.
ACME_RULE_COUNTS = {"no-feedback": 4, "stale-feedback": 3, "hearing-only": 3, "no-customers": 1,
                    "no-end-customer": 2, "undescribed": 1, "possible-typo": 1, "unacknowledged": 1,
                    "unrecognised-customer": 1, "no-agreement": 3, "cycle": 1, "undated-feedback": 1,
                    # The seven rules (issue 14): one link without a need (Payroll -> Employees), three
                    # agreements never approved, one approval overdue (ED -> GPs, half-yearly since 2025-01-10),
                    # an early promise (no finding), two late ones (Lab -> GPs told, Radiology -> Surgery not),
                    # one overdue and not told (IT -> Communications), and every latest score under 9 but three.
                    "no-need": 1, "agreement-unapproved": 3, "agreement-overdue": 1, "promise-overdue": 1,
                    "promise-late": 2, "score-below-9": 37}
# From the example's files: 40 links have a score, three of them a 9 (Nursing Wards', Pharmacy's and
# Sterilisation's latest); four promises: Outpatient Clinics -> Patient Billing early, Laboratory -> General
# practitioners and Radiology -> Surgery late, IT Service Desk -> Communications still open.
ACME_LOYALTY = {"scored_links": 40, "links_at_9": 3, "share_at_9": 7.5,
                "promises": {"early": 1, "on_time": 0, "late": 2, "open": 1}, "promises_kept_share": 33.3}
WARNING_RULES = {"no-feedback", "stale-feedback", "hearing-only", "no-customers", "possible-typo",
                 "unacknowledged", "unrecognised-customer", "agreement-overdue", "promise-overdue"}


@pytest.fixture(scope="module")
def acme_text():
    return check(ACME, "--as-of", AS_OF)


@pytest.fixture(scope="module")
def acme_json():
    result = check(ACME, "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


# -- text output --------------------------------------------------------------------------------

def test_text_output_one_finding_a_line_sorted_by_file_and_line(acme_text):
    assert acme_text.exit_code == 1, acme_text.output
    lines = acme_text.stdout.splitlines()
    findings = [FINDING_LINE.match(line) for line in lines[:-1]]
    assert all(findings), [line for line, match in zip(lines, findings) if not match]
    assert len(findings) == sum(ACME_RULE_COUNTS.values())
    for match in findings:
        path = Path(match["path"])
        assert path.parent == ACME and path.exists()
        assert 1 <= int(match["line"]) <= len(path.read_text(encoding="utf-8").splitlines())
    places = [(m["path"], int(m["line"])) for m in findings]
    assert places == sorted(places)
    assert Counter(m["rule"] for m in findings) == ACME_RULE_COUNTS
    assert {m["rule"] for m in findings} == ALL_RULES
    for match in findings:
        assert match["severity"] == ("warning" if match["rule"] in WARNING_RULES else "info")


def test_text_output_points_at_the_yaml_that_causes_a_finding(acme_text):
    lines = acme_text.stdout.splitlines()

    def located(rule: str, file: str) -> str:
        (line,) = [line for line in lines if f"[{rule}]" in line and f"/{file}:" in line]
        number = int(FINDING_LINE.match(line)["line"])
        return (ACME / file).read_text(encoding="utf-8").splitlines()[number - 1]

    assert located("unacknowledged", "logistics.yaml").strip() == "- team: Surgery"
    assert located("possible-typo", "laboratory.yaml").strip() == "- team: Cardiolgy"
    assert located("no-customers", "communications.yaml").startswith("team: Communications")
    assert "IT Service Desk" in located("unrecognised-customer", "emergency-department.yaml")
    assert located("stale-feedback", "hr-advisory.yaml").strip() == "- team: Payroll"
    assert located("undescribed", "payroll.yaml").strip() == "- Employees"


def test_text_output_ends_with_the_summary(acme_text):
    expected = acme_counts()
    assert expected == {"teams": 26, "links": 47, "without_feedback": 4, "without_agreement": 3, "without_need": 1,
                        "unapproved": 3, "below_9": 37, "at_9": 3}
    match = SUMMARY_LINE.match(acme_text.stdout.splitlines()[-1])
    assert match, acme_text.stdout.splitlines()[-1]
    teams, links, without, coverage, warnings, infos = match.groups()
    assert int(teams) == expected["teams"]
    assert int(links) == expected["links"]
    assert int(without) == expected["without_feedback"]
    assert float(coverage) == round(100 * (expected["links"] - expected["without_feedback"]) / expected["links"], 1)
    assert float(coverage) == 91.5
    assert int(warnings) == sum(n for rule, n in ACME_RULE_COUNTS.items() if rule in WARNING_RULES)
    assert int(infos) == sum(n for rule, n in ACME_RULE_COUNTS.items() if rule not in WARNING_RULES)
    assert ACME_RULE_COUNTS["no-agreement"] == expected["without_agreement"]
    assert ACME_RULE_COUNTS["no-feedback"] == expected["without_feedback"]
    assert ACME_RULE_COUNTS["no-need"] == expected["without_need"]
    assert ACME_RULE_COUNTS["agreement-unapproved"] == expected["unapproved"]
    assert ACME_RULE_COUNTS["score-below-9"] == expected["below_9"]


def test_a_clean_map_has_only_the_summary(tmp_path):
    path = write(tmp_path, "wards.yaml", """
        team: Wards
        customers:
          - team: Patients
            external: true
            need: Care they can count on
            agreement: {where: https://intranet.example/sla, approved: 2026-06-01}
            feedback:
              - {kind: callback, cadence: weekly, last: 2026-11-20}
        """)
    result = check(path, "--as-of", AS_OF, "--fail-on", "info")
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    match = SUMMARY_LINE.match(line)
    assert match, line
    assert match.groups() == ("2", "1", "0", "100", "0", "0")
    assert "(100% feedback coverage)" in line


# -- JSON output --------------------------------------------------------------------------------

def test_json_document(acme_json):
    assert set(acme_json) == {"as_of", "summary", "findings"}
    assert acme_json["as_of"] == AS_OF
    expected = acme_counts()
    assert acme_json["summary"] == {
        "teams": expected["teams"],
        "links": expected["links"],
        "links_without_feedback": expected["without_feedback"],
        "feedback_coverage": 91.5,
        "errors": 0,
        "warnings": sum(n for rule, n in ACME_RULE_COUNTS.items() if rule in WARNING_RULES),
        "infos": sum(n for rule, n in ACME_RULE_COUNTS.items() if rule not in WARNING_RULES),
        **ACME_LOYALTY,
    }
    assert Counter(f["rule"] for f in acme_json["findings"]) == ACME_RULE_COUNTS


def test_json_findings_name_teams_and_leave_the_rest_null(acme_json):
    findings = acme_json["findings"]
    for finding in findings:
        assert FINDING_KEYS <= set(finding) <= FINDING_KEYS | OPTIONAL_KEYS
        assert Path(finding["file"]).parent == ACME
        assert isinstance(finding["line"], int) and finding["line"] >= 1
        assert finding["severity"] == ("warning" if finding["rule"] in WARNING_RULES else "info")

    def only(rule, **match):
        hits = [f for f in findings if f["rule"] == rule and all(f[k] == v for k, v in match.items())]
        assert len(hits) == 1, (rule, match, hits)
        return hits[0]

    link = only("unacknowledged")
    assert (link["supplier"], link["customer"], link["team"], link["teams"]) == ("Logistics", "Surgery", None, None)
    assert Path(link["file"]).name == "logistics.yaml"

    team = only("no-customers")
    assert (team["team"], team["supplier"], team["customer"], team["teams"]) == ("Communications", None, None, None)
    assert (Path(team["file"]).name, team["line"]) == ("communications.yaml", 1)

    cycle = only("cycle")
    assert sorted(cycle["teams"]) == ["HR Advisory", "Payroll"]
    assert (cycle["team"], cycle["supplier"], cycle["customer"]) == (None, None, None)

    inferred = only("unrecognised-customer")
    assert (inferred["supplier"], inferred["customer"]) == ("IT Service Desk", "Emergency Department")
    assert Path(inferred["file"]).name == "emergency-department.yaml"
    only("no-feedback", supplier="IT Service Desk", customer="Emergency Department")

    typo = only("possible-typo")
    assert typo["team"] == "Cardiolgy"
    assert "Cardiology" in typo["hint"]
    assert only("undescribed")["team"] == "Employees"


def test_json_is_printed_for_invalid_input_too(tmp_path):
    path = write(tmp_path, "bad.yaml", "team: Wards\ncustomers:\n  - team: Patients\n    feedbak: []\n")
    result = check(path, "--format", "json", "--as-of", AS_OF)
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["summary"]["errors"] == 1
    (problem,) = document["findings"]
    assert (problem["severity"], problem["rule"], problem["line"]) == ("error", "unknown-key", 4)
    assert "feedback" in problem["hint"]


# -- exit codes ---------------------------------------------------------------------------------

INFO_ONLY = """
    team: Wards
    customers:
      - team: Patients
        external: true
        need: Care they can count on
        feedback:
          - {kind: callback, cadence: weekly, last: 2026-11-20}
    """
WARNING = """
    team: Wards
    customers:
      - team: Patients
        external: true
        need: Care they can count on
        agreement: {where: https://intranet.example/sla, approved: 2026-06-01}
    """


@pytest.mark.parametrize("text, fail_on, code", [
    (INFO_ONLY, None, 0),
    (INFO_ONLY, "warning", 0),
    (INFO_ONLY, "info", 1),
    (INFO_ONLY, "never", 0),
    (WARNING, None, 1),
    (WARNING, "warning", 1),
    (WARNING, "info", 1),
    (WARNING, "never", 0),
])
def test_exit_code_follows_fail_on(tmp_path, text, fail_on, code):
    path = write(tmp_path, "wards.yaml", text)
    args = [path, "--as-of", AS_OF] + (["--fail-on", fail_on] if fail_on else [])
    result = check(*args)
    assert result.exit_code == code, result.output
    rules = [FINDING_LINE.match(line)["rule"] for line in result.stdout.splitlines()[:-1]]
    assert rules == (["no-agreement"] if text is INFO_ONLY else ["no-feedback"])


def test_acme_fails_on_warnings_unless_told_never(acme_text):
    assert acme_text.exit_code == 1
    assert check(ACME, "--as-of", AS_OF, "--fail-on", "never").exit_code == 0


@pytest.mark.parametrize("fail_on", ["warning", "info", "never"])
def test_invalid_input_exits_2(tmp_path, fail_on):
    path = write(tmp_path, "wards.yaml", """
        team: Wards
        customers:
          - team: Patients
            feedback:
              - kind: surevy
        """)
    result = check(path, "--fail-on", fail_on, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert re.search(r"wards\.yaml:5:\d+: error\[bad-kind\]: .*did you mean 'survey'", result.stderr)
    assert "nothing was checked" in result.stderr
    assert result.stdout == ""


def test_missing_path_and_bad_date_exit_2(tmp_path):
    assert check(tmp_path / "nope.yaml").exit_code == 2
    path = write(tmp_path, "wards.yaml", WARNING)
    result = check(path, "--as-of", "22-11-2026")
    assert result.exit_code == 2
    assert "not a date" in result.stderr


# -- --as-of ------------------------------------------------------------------------------------

def test_as_of_decides_what_is_stale(tmp_path):
    path = write(tmp_path, "lab.yaml", """
        team: Lab
        customers:
          - team: Patients
            external: true
            need: Results they understand
            agreement: {where: https://intranet.example/sla, approved: 2026-09-01}
            feedback:
              - kind: review
                cadence: quarterly
                last: 2026-09-01
        """)
    fresh = check(path, "--as-of", "2026-11-22")
    assert fresh.exit_code == 0, fresh.output
    assert "stale-feedback" not in fresh.stdout

    stale = check(path, "--as-of", "2027-03-01")
    assert stale.exit_code == 1
    (line, summary) = stale.stdout.splitlines()
    assert FINDING_LINE.match(line)["rule"] == "stale-feedback"
    assert line.startswith(f"{path}:3:")
    assert "181 days ago" in line
    assert summary.endswith("1 warning, 0 infos")

    as_json = json.loads(check(path, "--as-of", "2027-03-01", "--format", "json").stdout)
    assert as_json["as_of"] == "2027-03-01"
    assert [f["rule"] for f in as_json["findings"]] == ["stale-feedback"]


# -- determinism --------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json"])
def test_two_runs_give_identical_output(fmt, acme_text, acme_json):
    first = check(ACME, "--as-of", AS_OF, "--format", fmt)
    second = check(ACME, "--as-of", AS_OF, "--format", fmt)
    assert first.stdout == second.stdout
    assert first.stdout == (acme_text.stdout if fmt == "text" else json.dumps(acme_json, indent=2,
                                                                              ensure_ascii=False) + "\n")


def test_control_characters_in_names_never_reach_the_terminal(tmp_path):
    # YAML's "\e" escape puts a real ESC into a name; check output must show it, not send it.
    path = tmp_path / "team.yaml"
    path.write_text('team: "Red\\e[31mTeam"\ncustomers: ["Bell\\a", "Two\\nLines"]\n', encoding="utf-8")
    result = check(str(path), "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Red\\x1b[31mTeam" in result.output and "Bell\\x07" in result.output
    assert all(line.count(": ") >= 2 for line in result.stdout.splitlines()[:-1])
