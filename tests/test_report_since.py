"""`chainmap report --since REV`: what changed since a git revision, in every report format.

Real git repositories with several commits (tests/gitrepo.py); the errors are `chainmap diff`'s own lines.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

import pdftools
from chainmap.cli import main
from gitrepo import commit, git, init, shallow_clone

AS_OF = "2026-11-22"

# v1 (2026-03-02): Payroll -> HR Advisory has one scored conversation (7); Payroll -> Legal has no
# feedback loop; HR Advisory -> Employees has a current conversation.
PAYROLL_V1 = """\
team: Payroll
department: Finance
customers:
  - team: hr
    delivers: Salary overview
    need: Pay people right the first time
    agreement: {where: https://intranet.example/sla/payroll, approved: 2026-02-01}
    feedback:
      - {kind: conversation, cadence: yearly, last: 2026-02-20, score: 7}
  - team: Legal
    delivers: Payroll tax figures
    need: File the tax return on time
    agreement: {where: https://intranet.example/sla/legal, approved: 2026-02-01}
"""

HR_V1 = """\
team: HR Advisory
id: hr
department: People
customers:
  - team: Employees
    external: true
    need: Know where they stand
    agreement: {where: https://intranet.example/sla/hr, approved: 2026-02-01}
    feedback: [{kind: conversation, cadence: yearly, last: 2026-02-01}]
"""

LEGAL = """\
team: Legal
department: Finance
customers:
  - team: Employees
    external: true
    need: Fair contracts
    agreement: {where: https://intranet.example/sla/legal-employees, approved: 2026-02-01}
    feedback: [{kind: review, cadence: yearly, last: 2026-02-01, score: 6}]
"""

# v2 (2026-07-01): a survey of 8 after the 7 (the trend); Legal gets a conversation (better).
PAYROLL_V2 = PAYROLL_V1.replace(
    "      - {kind: conversation, cadence: yearly, last: 2026-02-20, score: 7}\n",
    "      - {kind: conversation, cadence: yearly, last: 2026-02-20, score: 7}\n"
    "      - {kind: survey, cadence: quarterly, last: 2026-06-20, score: 8}\n",
) + "    feedback: [{kind: conversation, cadence: quarterly, last: 2026-10-01}]\n"

# v3 (2026-10-01): HR only counts tickets now (worse: hearing only), and a new customer
# without an agreement (a new point to act on).
# v3 also: Legal's review is done again and its old entry replaced: 8 now, 6 in v1.
LEGAL_V3 = LEGAL.replace("last: 2026-02-01, score: 6", "last: 2026-09-01, score: 8")
HR_V3 = """\
team: HR Advisory
id: hr
department: People
customers:
  - team: Employees
    external: true
    need: Know where they stand
    agreement: {where: https://intranet.example/sla/hr, approved: 2026-02-01}
    feedback: [{kind: tickets, cadence: monthly, last: 2026-11-01}]
  - team: Managers
    external: true
    need: Advice they can act on
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Three commits of teams/: v1 (tagged), v2, v3; HEAD is v3 and the working tree is clean."""
    repo = init(tmp_path_factory.mktemp("since") / "org")
    teams = repo / "teams"
    teams.mkdir()
    (teams / "payroll.yaml").write_text(PAYROLL_V1, encoding="utf-8")
    (teams / "hr.yaml").write_text(HR_V1, encoding="utf-8")
    (teams / "legal.yaml").write_text(LEGAL, encoding="utf-8")
    commit(repo, "v1", "2026-03-02T09:00:00+00:00")
    git(repo, "tag", "v1")
    (teams / "payroll.yaml").write_text(PAYROLL_V2, encoding="utf-8")
    commit(repo, "v2", "2026-07-01T09:00:00+00:00")
    (teams / "hr.yaml").write_text(HR_V3, encoding="utf-8")
    (teams / "legal.yaml").write_text(LEGAL_V3, encoding="utf-8")
    commit(repo, "v3", "2026-10-01T09:00:00+00:00")
    return repo


def run(repo: Path, command: str, *args: str):
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return CliRunner().invoke(main, [command, *args, "--as-of", AS_OF])
    finally:
        os.chdir(cwd)


def report(repo: Path, out: Path, *args: str) -> str:
    result = run(repo, "report", "teams", "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8") if out.suffix in (".md", ".html") else ""


def section(markdown: str, heading: str) -> str:
    """The lines under ``heading``, up to the next heading of the same level or higher."""
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        found = re.match(r"(#+) (.*)", line)
        if found and found.group(2) == heading:
            body = []
            for other in lines[index + 1:]:
                next_heading = re.match(r"(#+) ", other)
                if next_heading and len(next_heading.group(1)) <= len(found.group(1)):
                    break
                body.append(other)
            return "\n".join(body)
    raise AssertionError(f"no heading {heading!r}")


def team_page(markdown: str, team_id: str) -> str:
    start = markdown.index(f'<a id="team-{team_id}"></a>')
    end = markdown.find('<a id="team-', start + 1)
    return markdown[start:end if end > 0 else None]


def test_the_whole_map_says_what_got_better_worse_and_new_since_the_revision(repo, tmp_path):
    text = report(repo, tmp_path / "map.md", "--since", "v1", "--diagrams", "svg")
    title = "What changed since 2 March 2026 (v1)"
    assert f"- [{title}](#changes)" in text, "the contents list the section"
    changes = section(text, title)
    # 3 of 4 links had a loop then, 4 of 5 now; the states then and now.
    assert "**Links with a feedback loop: 75% → 80%**" in changes
    assert "| no feedback loop | 1 | 1 |" in changes and "| hearing only | 0 | 1 |" in changes
    assert "- Payroll → Legal: no feedback loop → healthy" in changes.split("**Better (1)**")[1]
    assert "- HR Advisory → Employees: healthy → hearing only" in changes.split("**Worse (1)**")[1]
    new = changes.split("**New points to act on")[1]
    assert "Write down the agreement between HR Advisory and Managers" in new
    assert "Payroll → Legal" not in new, "a finding REV already had is not new"
    # The coverage chart of the commits since v1, as an SVG file beside the Markdown.
    assert "![Feedback coverage and links per state, commit by commit since 2 March 2026" in changes
    chart = tmp_path / "map-diagrams" / "changes.svg"
    assert ET.parse(chart).getroot().tag.endswith("svg")


def test_each_team_page_says_what_changed_on_its_own_links(repo, tmp_path):
    text = report(repo, tmp_path / "map.md", "--since", "v1")
    payroll, hr = team_page(text, "payroll"), team_page(text, "hr")
    assert "### What changed since 2 March 2026 (v1)" in payroll
    assert "- Payroll → Legal: no feedback loop → healthy" in payroll
    assert "HR Advisory → Employees" not in section(payroll, "What changed since 2 March 2026 (v1)"), \
        "another team's link"
    assert "- HR Advisory → Employees: healthy → hearing only" in hr
    assert "- Write down the agreement between HR Advisory and Managers" in hr.split("**New points to act on")[1]
    # A link is on the customer's page too: Legal is now asked.
    assert "- Payroll → Legal: no feedback loop → healthy" in team_page(text, "legal")
    # Since HEAD nothing changed: every page says so, in one line.
    unchanged = report(repo, tmp_path / "head.md", "--since", "HEAD")
    assert "No link got better or worse, and no new point to act on." in unchanged
    for team in ("payroll", "hr", "legal"):
        assert "No link of ours got better or worse, and no new point to act on." in team_page(unchanged, team)
    # Without --diagrams svg there is no folder for the chart: Mermaid Markdown leaves it out.
    assert "changes.svg" not in text and not (tmp_path / "map-diagrams").exists()


def test_a_score_trend_from_the_file_and_from_the_revision(repo, tmp_path):
    # In the file: the conversation's 7 (February), then the survey's 8 (June).
    plain = team_page(report(repo, tmp_path / "plain.md"), "payroll")
    assert "Score 7 → 8: what would make it a 9?" in plain
    assert "What changed since" not in plain
    # Since v1 (March): the 7 it had then, and the 8 of the survey since.
    text = report(repo, tmp_path / "since.md", "--since", "v1")
    assert "Score 7 → 8: what would make it a 9?" in team_page(text, "payroll")
    # Legal's file holds one score (8): no trend in it, but v1 had a 6.
    assert "Score 6 → 8" in team_page(text, "legal") and "Score 6" not in team_page(report(
        repo, tmp_path / "legal.md"), "legal")


def test_html_holds_the_chart_inline_and_prints_the_changes_on_a_page_of_their_own(repo, tmp_path, browser):
    out = tmp_path / "map.html"
    report(repo, out, "--since", "v1")
    page = browser.new_page()
    page.goto(out.as_uri())
    changes = page.locator("section#changes")
    assert changes.locator("h2").inner_text() == "What changed since 2 March 2026 (v1)"
    assert changes.locator("figure svg").count() == 1, "the chart, inline"
    box = changes.locator("figure svg").bounding_box()
    assert box["width"] > 400 and box["height"] > 250, "large enough to read"
    assert "Payroll → Legal: no feedback loop → healthy" in changes.locator("ul.changes").first.inner_text() + \
        changes.inner_text()
    page.emulate_media(media="print")
    assert changes.evaluate("e => getComputedStyle(e).breakBefore") == "page"
    payroll = page.locator("section#team-payroll").inner_text()
    assert "What changed since 2 March 2026 (v1)" in payroll and "Score 7 → 8" in payroll
    page.close()


def test_the_pdf_has_the_changes_after_the_summary_with_the_chart(repo, tmp_path):
    out = tmp_path / "map.pdf"
    report(repo, out, "--since", "v1")
    pages = pdftools.pages_text(out)
    contents = next(text for text in pages if "Contents" in text)
    assert "What changed since 2 March 2026 (v1)" in contents
    (index,) = [i for i, text in enumerate(pages) if text.lstrip().startswith("What changed since")]
    assert "Summary" in pages[index - 1] or any("Summary" in text for text in pages[:index])
    assert "Payroll → Legal: no feedback loop → healthy" in pages[index]
    assert "Links with a feedback loop: 75% → 80%" in pages[index]
    assert pdftools.images(out), "the coverage chart is placed as an image"
    payroll = next(text for text in pages if "Salary overview" in text and "Our customers" in text)
    assert "Score 7 → 8: what would make it a 9?" in " ".join(payroll.split())


def test_one_team_with_since_has_its_changes_and_no_chart(repo, tmp_path):
    out = tmp_path / "payroll.pdf"
    report(repo, out, "--team", "Payroll", "--since", "v1")
    text = " ".join(pdftools.text(out).split())
    assert "What changed since 2 March 2026 (v1)" in text
    assert "Payroll → Legal: no feedback loop → healthy" in text
    assert not pdftools.images(out)


def test_the_same_history_gives_the_same_bytes(repo, tmp_path):
    for name in ("a", "b"):
        report(repo, tmp_path / f"{name}.pdf", "--since", "v1")
        report(repo, tmp_path / f"{name}.html", "--since", "v1")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_the_errors_are_the_ones_chainmap_diff_gives(repo, tmp_path):
    outside = tmp_path / "plain"
    (outside / "teams").mkdir(parents=True)
    (outside / "teams" / "legal.yaml").write_text(LEGAL, encoding="utf-8")
    cases = [(outside, "main"), (repo, "v9")]
    clone = shallow_clone(repo, tmp_path / "shallow")
    cases.append((clone, "v1"))
    for where, revision in cases:
        reported = run(where, "report", "teams", "--since", revision, "-o", str(tmp_path / "out.html"))
        compared = run(where, "diff", "--since", revision, "teams")
        assert reported.exit_code == compared.exit_code == 2
        assert len(reported.stderr.splitlines()) == 1, reported.stderr
        assert reported.stderr == compared.stderr
        assert "Traceback" not in reported.output
        assert not (tmp_path / "out.html").exists(), "nothing written"
    assert "shallow clone" in run(clone, "report", "teams", "--since", "v1", "-o", str(tmp_path / "x.md")).stderr


def test_the_working_tree_is_untouched(repo, tmp_path):
    before = git(repo, "status", "--porcelain")
    report(repo, tmp_path / "map.md", "--since", "v1")
    assert git(repo, "status", "--porcelain") == before


def test_cards_since_start_the_score_trend_at_the_revision(repo, tmp_path, browser):
    out = tmp_path / "cards.html"
    result = run(repo, "cards", "teams", "--all", "--since", "v1", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = browser.new_page()
    page.goto(out.as_uri())
    cards = {card.locator("h2").inner_text(): card.inner_text() for card in page.locator("article.card").all()}
    page.close()
    assert "Your grades for us: 7 → 8. What would make it a 9?" in cards["Payroll → HR Advisory"]
    assert "Your grades for us: 6 → 8. What would make it a 9?" in cards["Legal → Employees"], "6 in v1"
    unknown = run(repo, "cards", "teams", "--since", "v9", "-o", str(tmp_path / "none.html"))
    assert unknown.exit_code == 2 and "error[unknown-revision]: no commit called 'v9'" in unknown.stderr
    assert not (tmp_path / "none.html").exists()
