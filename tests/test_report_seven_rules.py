"""The seven rules on the report's team pages (issue 14): approvals, promises, the customers' customers'
needs, the question behind a missing need, and the scores summarised per team.  Markdown, HTML and PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import pdftools
from chainmap.cli import main

AS_OF = "2026-11-22"

MAP = """\
organization: Small & Co
teams:
  - team: Payroll
    customers:
      - team: HR Advisory
        delivers: Salary overview
        need: Pay people right the first time
        agreement: {where: https://intranet.example/sla/hr, approved: 2026-03-01}
        feedback:
          - {kind: survey, cadence: quarterly, last: 2026-05-01, score: 6}
          - {kind: survey, cadence: quarterly, last: 2026-08-01, score: 7}
          - {kind: conversation, cadence: quarterly, last: 2026-11-01, score: 8}
        promises:
          - {what: New payslip layout, promised: 2026-04-01, delivered: 2026-03-20}
          - {what: Year-end figures, promised: 2026-06-01, delivered: 2026-06-01}
          - {what: Pension export, promised: 2026-07-01, delivered: 2026-07-20, told: 2026-06-15}
          - {what: Holiday pay check, promised: 2026-12-15}
      - team: Finance
        delivers: Journal entries
        agreement: {where: https://intranet.example/sla/finance, approved: 2024-01-10, review: yearly}
        feedback: [{kind: review, cadence: quarterly, last: 2026-10-01, score: 9}]
      - team: Works Council
        delivers: Headcount figures
        need: Know the headcount per unit
        agreement: https://intranet.example/sla/works-council
        feedback: [{kind: conversation, cadence: quarterly, last: 2026-10-01, score: 7}]
  - team: HR Advisory
    customers:
      - team: Employees
        external: true
        delivers: Answers on contracts
        need: Know where they stand
        feedback: [{kind: conversation, cadence: quarterly, last: 2026-10-01}]
  - team: Finance
    customers:
      - team: Board
        external: true
        delivers: Monthly figures
        need: Decide on facts
        feedback: [{kind: review, cadence: quarterly, last: 2026-10-01}]
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rules") / "small.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def report(source: Path, out: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["report", str(source), "-o", str(out), "--as-of", AS_OF, *args])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8") if out.suffix != ".pdf" else " ".join(pdftools.text(out).split())


def test_each_agreement_says_whether_the_customer_approved_it(source, tmp_path):
    text = report(source, tmp_path / "payroll.md", "--team", "Payroll")
    rows = {line.split("**")[1]: line for line in text.splitlines() if line.startswith("| **")}
    assert "*approved on 2026-03-01*" in rows["HR Advisory"]
    assert "**approved on 2024-01-10: review overdue**" in rows["Finance"], "yearly, so due long ago"
    assert "**never approved**" in rows["Works Council"]


def test_promises_per_link_and_the_teams_share_kept(source, tmp_path):
    text = report(source, tmp_path / "payroll.md", "--team", "Payroll")
    assert "Promises: 1 early, 1 on time, 1 late, 1 open" in text
    promises = text.split("### Our promises")[1].split("###")[0]
    assert "- Delivered on or before the promised date: 2 of 3 (66.7%)." in promises
    assert "- Early is good: that is the rule. Promise less, deliver more." in promises
    # A team that made no promise has no such section.
    finance = report(source, tmp_path / "finance.md", "--team", "Finance")
    assert "Our promises" not in finance


def test_what_the_customers_customers_need_and_the_question_behind_a_missing_need(source, tmp_path):
    text = report(source, tmp_path / "payroll.md", "--team", "Payroll")
    needs = text.split("### What your customer's customers need")[1].split("###")[0]
    assert "- **Know where they stand** (HR Advisory → Employees)" in needs
    assert "- **Decide on facts** (Finance → Board)" in needs
    assert "Pay people right" not in needs, "our own customers' needs are in the table, not here"
    finance_row = next(line for line in text.splitlines() if line.startswith("| **Finance**"))
    assert "**Need: not written down yet. Ask what problem they are solving with it**" in finance_row


def test_scores_are_one_next_step_for_the_team_not_one_a_link(source, tmp_path):
    text = report(source, tmp_path / "payroll.md", "--team", "Payroll")
    steps = text.split("### Next steps")[1]
    assert ("2 of 3 scored customers are satisfied, not loyal (below 9): ask what would make it a 9 "
            "(HR Advisory 8, Works Council 7)") in steps
    assert "Loyal, a 9 or more (Finance 9): ask why it is a 9, and what would keep it there" in steps
    assert "Ask HR Advisory what would make it a 9" not in steps
    # Several scores on a link: the trend, oldest first.
    assert "Score 6 → 7 → 8: what would make it a 9?" in text
    # The summary's gaps: one line for the team too.
    whole = report(source, tmp_path / "all.md")
    group = whole.split("**Satisfied, not yet loyal: scores under 9 (1)**")[1].split("**")[0:3]
    assert "2 of 3 scored customers are satisfied" in "".join(group)
    # check keeps one finding per link.
    checked = CliRunner().invoke(main, ["check", str(source), "--format", "json", "--as-of", AS_OF])
    findings = json.loads(checked.stdout)["findings"]
    assert sum(1 for f in findings if f["rule"] == "score-below-9") == 2


def test_html_and_pdf_say_the_same(source, tmp_path, browser):
    report(source, tmp_path / "payroll.html", "--team", "Payroll")
    page = browser.new_page()
    page.goto((tmp_path / "payroll.html").as_uri())
    html = " ".join(page.inner_text("body").split())  # as a reader sees it
    page.close()
    pdf = report(source, tmp_path / "payroll.pdf", "--team", "Payroll")
    for text in (html, pdf):
        assert "approved on 2024-01-10: review overdue" in text
        assert "never approved" in text
        assert "Promises: 1 early, 1 on time, 1 late, 1 open" in text
        assert "What your customer" in text and "Know where they stand" in text
        assert "Need: not written down yet. Ask what problem they are solving with it" in text
        assert "Delivered on or before the promised date: 2 of 3 (66.7%)." in text
        assert "Early is good: that is the rule." in text
        assert "Score 6 → 7 → 8: what would make it a 9?" in text
        assert "2 of 3 scored customers are satisfied, not loyal (below 9)" in text


def test_dutch(source, tmp_path):
    text = report(source, tmp_path / "payroll.md", "--team", "Payroll", "--lang", "nl")
    assert "nooit goedgekeurd" in text and "goedgekeurd op 2024-01-10: herziening te laat" in text
    assert "Toezeggingen: 1 eerder dan beloofd, 1 op tijd, 1 te laat, 1 open" in text
    assert "### Wat de klanten van je klanten nodig hebben" in text
    assert "2 van de 3 klanten met een cijfer zijn tevreden, nog niet loyaal (onder de 9)" in text
    assert "Cijfer 6 → 7 → 8: wat maakt er een 9 van?" in text
