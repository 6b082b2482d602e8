"""The one team-file writer: what it writes loads back, through chainmap's own loader, to the same team."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.api import loads
from chainmap.cli import main
from chainmap.importing import plain_data
from chainmap.loader import parse_text
from chainmap.team_yaml import team_yaml

TEMPLATE = Path(__file__).resolve().parents[1] / "chainmap" / "examples" / "team.yaml"


def facts(value):
    """A model value without where it was written: what a reader of the map sees."""
    if dataclasses.is_dataclass(value):
        return {f.name: facts(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "source"}
    if isinstance(value, (tuple, list)):
        return [facts(item) for item in value]
    return value


def test_the_template_written_again_loads_to_the_same_team():
    text = TEMPLATE.read_text(encoding="utf-8")
    data = plain_data(parse_text(text, "team.yaml", []).root)
    written = team_yaml(data)
    assert facts(loads(written).teams) == facts(loads(text).teams)
    assert "x-owner: M. de Vries" in written
    assert "approved: 2026-03-02" in written


TRICKY = ["yes", "NO", "1984", "2026-01-01", "Social support: home care", "Ward 3 #east", "@home",
          "- dash", "'quoted'", 'say "hi"', "Patiënten & Zorg", "[brackets]", "{braces}", "*star", "&and",
          "!bang", "|pipe", ">fold", "%percent", "`tick`", "null", "~", "true", "0x1F", "1e3", "  padded  ",
          "tab\there", "ends with colon:"]


@pytest.mark.parametrize("name", TRICKY)
def test_names_yaml_would_misread_are_quoted_and_load_as_written(name):
    team = {"team": f"Team {name}".strip(), "department": name, "description": name,
            "customers": [{"team": f"Customer {name}", "delivers": name, "need": name,
                           "feedback": [{"kind": "review", "note": name}]}, f"{name}1"]}
    loaded = loads(team_yaml(team)).teams[0]
    assert loaded.department == name.strip()
    assert loaded.description == name.strip()
    link = loaded.customers[0]
    assert (link.delivers, link.need, link.feedback[0].note) == (name.strip(),) * 3
    assert loaded.customers[1].customer_ref == f"{name}1".strip()


def test_a_value_with_a_line_break_stays_one_line_and_loads_back():
    team = {"team": "Payroll", "customers": [{"team": "HR", "feedback": [{"kind": "review", "note": "one\ntwo"}]}]}
    text = team_yaml(team)
    assert 'note: "one\\ntwo"' in text
    assert loads(text).teams[0].customers[0].feedback[0].note == "one\ntwo"


def test_every_key_of_the_format_is_written_and_read_back():
    team = {
        "team": "Payroll", "id": "pay", "department": "Finance", "description": "Pays everyone",
        "contact": "payroll@example.org", "suppliers": ["HR Advisory", "IT"], "x-owner": "M. de Vries",
        "x-tags": ["a", "b"],
        "customers": [
            {"team": "HR Advisory", "delivers": "Overview", "need": "Contracts checked",
             "agreement": {"review": "half-yearly", "where": "https://sla", "approved": date(2026, 2, 1)},
             "external": False, "x-since": 2021,
             "feedback": [{"kind": "review", "cadence": "quarterly", "last": date(2026, 9, 14), "score": 8,
                           "note": "Twice a year"},
                          {"kind": "score", "cadence": "2 months", "score": 7.5}],
             "promises": [{"what": "Cost report", "promised": date(2026, 10, 1), "delivered": date(2026, 9, 28),
                           "told": date(2026, 9, 20), "note": "Asked in September"}]},
            {"team": "Pension Fund", "agreement": "https://sla/pension", "external": True},
            "Employees",
        ],
    }
    text = team_yaml(team)
    loaded = loads(text).teams[0]
    assert (loaded.id, loaded.name, loaded.department, loaded.contact) == ("pay", "Payroll", "Finance",
                                                                            "payroll@example.org")
    assert [ref.name for ref in loaded.suppliers] == ["HR Advisory", "IT"]
    hr, pension, employees = loaded.customers
    assert (hr.agreement, hr.agreement_approved, hr.agreement_review) == ("https://sla", date(2026, 2, 1),
                                                                          "half-yearly")
    assert [(loop.kind, loop.cadence, loop.last, loop.score, loop.note) for loop in hr.feedback] == [
        ("review", "quarterly", date(2026, 9, 14), 8, "Twice a year"), ("score", "2 months", None, 7.5, None)]
    assert facts(hr.promises) == [{"what": "Cost report", "promised": date(2026, 10, 1),
                                   "delivered": date(2026, 9, 28), "told": date(2026, 9, 20),
                                   "note": "Asked in September"}]
    assert (pension.agreement, pension.external) == ("https://sla/pension", True)
    assert employees.customer_ref == "Employees" and employees.feedback == ()
    # The agreement's keys in the documented order, whatever order the data had.
    assert text.index("where:") < text.index("approved:") < text.index("review: half-yearly")
    assert "x-tags: [a, b]" in text


def test_missing_answers_become_questions_in_comments_and_the_file_still_checks(tmp_path):
    path = tmp_path / "payroll.yaml"
    path.write_text(team_yaml({"team": "Payroll", "customers": [{"team": "HR", "delivers": "Overview"}]}),
                    encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert "# need: what do they really need?" in text
    assert "# No feedback loop yet: when did we last ask them, and how?" in text
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code in (0, 1), result.output  # findings, but no input error
    assert "no-feedback" in result.output


def test_hearing_only_loops_get_the_reminder_to_listen():
    text = team_yaml({"team": "Payroll", "customers": [{"team": "HR", "feedback": [{"kind": "nps", "score": 6}]}]})
    assert "Hearing is not listening" in text


def test_comments_in_dutch():
    text = team_yaml({"team": "Salarissen", "customers": []}, lang="nl")
    assert "# Klanten: wie heeft er last van als wij stoppen?" in text
    assert loads(text).teams[0].customers == ()


def test_same_data_same_text():
    team = {"team": "Payroll", "customers": [{"team": "HR", "feedback": [{"kind": "review"}]}, "Employees"]}
    assert team_yaml(team) == team_yaml(dict(team))


def test_a_supplier_with_a_comma_stays_one_supplier():
    text = team_yaml({"team": "Lab", "suppliers": ["Research, Development", "IT [east]", "Plain"], "customers": []})
    assert [ref.name for ref in loads(text).teams[0].suppliers] == ["Research, Development", "IT [east]", "Plain"]


def test_any_text_written_loads_back_as_written():
    import random

    rng = random.Random(13)
    alphabet = "aZé 0:#-,'\"[]{}&*!|>%@`?.\\/_+~éß中"
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))).strip()
        if not any(c.isalnum() for c in text):
            continue
        team = {"team": f"T{text}", "suppliers": [text], "x-note": text,
                "customers": [{"team": f"C{text}", "delivers": text, "feedback": [{"kind": "review", "note": text}]}]}
        loaded = loads(team_yaml(team)).teams[0]
        assert (loaded.name, loaded.suppliers[0].name) == (f"T{text}", text), team_yaml(team)
        link = loaded.customers[0]
        assert (link.customer_ref, link.delivers, link.feedback[0].note) == (f"C{text}", text, text)
