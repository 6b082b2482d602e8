"""chainmap report: the content model, HTML, Markdown and the command (PDF: test_report_pdf.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap import api
from chainmap.cli import main
from chainmap.report.content import build_report

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-11-22"
HOSTILE = """\
organization: "Pipes | and <script>alert('org')</script>"
teams:
  - team: "A|B *bold* _it_ [link](x) `code` $x$ #1"
    department: "<img src=x onerror=alert(1)>"
    description: "Line one\\nline two & <b>more</b>"
    customers:
      - team: "Zorg 💙 \\"quoted\\" \\\\ slash"
        external: true
        delivers: "<script>alert('delivers')</script>"
        feedback: [{kind: survey, last: 2026-11-01, score: 7}]
"""
HOSTILE_NAME = "A|B *bold* _it_ [link](x) `code` $x$ #1"


def run(*args, env=None):
    return CliRunner().invoke(main, ["report", *map(str, args)], env=env)


def acme(lang="en", team=None):
    graph, findings, _ = api.analyse(api.load([str(ACME)]), date.fromisoformat(AS_OF))
    return build_report(graph, findings, date.fromisoformat(AS_OF), lang, team=team)


@pytest.fixture
def hostile(tmp_path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


# -- the content ---------------------------------------------------------------------------------


def test_teams_come_by_department_then_name():
    report = acme()
    assert [d.name for d in report.departments] == ["Clinical Care", "Corporate Services",
                                                   "Diagnostics & Pharmacy", "Facilities"]
    assert [s.name for s in report.teams][:5] == ["Cardiology", "Emergency Department", "Nursing Wards",
                                                  "Outpatient Clinics", "Surgery"]
    assert len(report.teams) == 20, "described teams only: no pages for end customers"


def test_findings_land_on_the_page_of_the_team_that_can_act():
    report = acme()
    steps = {section.name: [step.text for step in section.steps] for section in report.teams}
    assert "Plan a conversation with Employees: no feedback loop yet" in steps["Payroll"]
    assert "Ask Employees to describe its customers in a team file" in steps["Payroll"], "undescribed: who names it"
    assert "Check the spelling of Cardiolgy in the file of Laboratory: did you mean Cardiology?" in steps["Laboratory"]
    assert ("Check with Surgery that they count on Logistics: they do not list Logistics as a supplier"
            in steps["Logistics"])
    # Scores under 9: one step for the team, naming whom to ask, not one a link.
    assert steps["Surgery"] == ["Add Logistics to the suppliers of Surgery: Logistics counts Surgery as a customer",
                                "2 of 2 scored customers are satisfied, not loyal (below 9): ask what would make "
                                "it a 9 (Patients 8, Nursing Wards 7)"]
    cycle = "Look at the loop HR Advisory, Payroll together: who is the customer in the end?"
    assert cycle in steps["Payroll"] and cycle in steps["HR Advisory"]
    # Radiology delivered a promise late without telling Surgery first: its page says sorry, first.
    assert steps["Radiology"][0] == "Say sorry to Surgery: a promise came late and they were not told in advance"
    # Loyalty starts at 9: a 9 is a reason to ask too, why it is a 9.
    assert steps["Nursing Wards"] == ["Loyal, a 9 or more (Patients 9): ask why it is a 9, and what would keep "
                                      "it there"]
    # Warnings come before infos.
    severities = [step.severity for step in report.team("payroll").steps]
    assert severities == sorted(severities, key=["warning", "info"].index)


def test_a_team_section_knows_its_customers_their_loops_and_its_chain():
    section = acme().team("emergency-department")
    patients = section.customers[0]
    assert (patients.name, patients.kind, patients.state) == ("Patients", "external", "healthy")
    assert [(loop.kind, loop.cadence, loop.last, loop.score) for loop in patients.loops] == [
        ("complaints", "monthly", "2026-11-03", ""), ("callback", "weekly", "2026-11-18", "7")]
    assert section.customers_of_customers == ("Patients", "General practitioners")
    assert section.end_customers == ("Patients", "General practitioners")
    assert [(s.name, s.state) for s in section.suppliers][-1] == ("IT Service Desk", "no-feedback")


def test_the_summary_groups_gaps_by_rule_warnings_first():
    report = acme("nl")
    assert report.figures.coverage == 91.5 and report.figures.described == 20
    assert [group.rule for group in report.gaps][:3] == ["no-feedback", "stale-feedback", "hearing-only"]
    assert report.gaps[0].title == "Schakels zonder feedbacklus"
    assert report.date_text == "22 november 2026"


# -- HTML -----------------------------------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.hrefs, self.sources = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        for key in ("src", "srcset"):
            if key in attrs:
                self.sources.append(attrs[key])
        if tag == "link":
            self.sources.append(attrs.get("href"))


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def test_html_is_one_self_contained_file_with_working_contents(tmp_path):
    out = tmp_path / "acme.html"
    result = run(ACME, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    found = elements(html)
    assert "script" not in found.tags and found.sources == [], "nothing loaded from elsewhere"
    assert len(found.ids) == len(set(found.ids)), "ids are unique across the inline diagrams"
    for href in found.hrefs:
        if href.startswith("#"):
            assert href[1:] in found.ids, href
    assert found.tags.count("svg") == 25, "the overview, a map per department and one diagram per team, inline"
    assert html.count('<section class="team"') == 20
    assert "@media print" in html and "break-before: page" in html


def test_html_escapes_every_name(tmp_path, hostile):
    out = tmp_path / "hostile.html"
    assert run(hostile, "-o", out, "--as-of", AS_OF).exit_code == 0
    html = out.read_text(encoding="utf-8")
    found = elements(html)
    assert "script" not in found.tags and "img" not in found.tags
    assert "&lt;script&gt;alert(&#x27;delivers&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_html_shows_names_literally_in_a_browser_and_prints_a_page_per_team(tmp_path, hostile, browser):
    import pdftools

    out = tmp_path / "hostile.html"
    assert run(hostile, "-o", out, "--as-of", AS_OF).exit_code == 0
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(out.as_uri())
    body = page.inner_text("body")
    assert HOSTILE_NAME in body and "<script>alert('delivers')</script>" in body
    assert "<img src=x onerror=alert(1)>" in body and 'Zorg 💙 "quoted" \\ slash' in body
    assert dialogs == []
    page.close()

    acme_html = tmp_path / "acme.html"
    assert run(ACME, "-o", acme_html, "--as-of", AS_OF, "--lang", "nl").exit_code == 0
    page = browser.new_page()
    page.goto(acme_html.as_uri())
    printed = tmp_path / "printed.pdf"
    page.pdf(path=str(printed), prefer_css_page_size=True)
    page.close()
    pages = [" ".join(text.split()) for text in pdftools.pages_text(printed)]
    starts = [text for text in pages if "Wat we doen" in text]
    assert len(starts) == 20 and all(text.count("Wat we doen") == 1 for text in starts), \
        "each team starts a printed page of its own"
    assert "Inhoud" in pages[1] and "De organisatie in één oogopslag" in pages[2] and "Samenvatting" in pages[3]
    assert sum("De afdelingen" in text for text in pages[3:]) >= 1


# -- Markdown ---------------------------------------------------------------------------------------


def test_markdown_has_contents_tables_and_a_mermaid_diagram_per_team(tmp_path):
    out = tmp_path / "acme.md"
    result = run(ACME, "-o", out, "--as-of", AS_OF, "--lang", "nl")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.count("```mermaid") == 25  # the overview, 4 departments, 20 teams
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in anchors, target
    assert "| Klant | We leveren | Soort | Hoe vaak | Laatst | Cijfer | Afspraak |" in text
    assert "1. Plan een gesprek met Employees: nog geen feedbacklus" in text
    assert "| **Employees** *(nog niet beschreven)* |" in text
    assert not (tmp_path / "acme-diagrams").exists()


def test_markdown_escapes_names_in_text_and_tables(tmp_path, hostile):
    out = tmp_path / "hostile.md"
    assert run(hostile, "-o", out, "--as-of", AS_OF, "--team", HOSTILE_NAME).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert r"## A\|B \*bold\* \_it\_ \[link\](x) \`code\` \$x\$ \#1" in text
    assert "&lt;script&gt;alert('delivers')&lt;/script&gt;" in text
    assert "<script" not in text and "<img" not in text
    assert "Line one line two & &lt;b&gt;more&lt;/b&gt;" in text
    for row in (line for line in text.splitlines() if line.startswith("| ")):
        assert len(re.findall(r"(?<!\\)\|", row)) == row.count(" | ") + 2, row


def test_markdown_with_svg_diagrams_writes_a_folder_beside_it(tmp_path):
    out = tmp_path / "wiki" / "acme.md"
    out.parent.mkdir()
    result = run(ACME, "-o", out, "--as-of", AS_OF, "--diagrams", "svg")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "wiki" / "acme-diagrams"
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 25 and "map.svg" in files and "team-radiology.svg" in files
    assert "department-clinical-care.svg" in files
    text = out.read_text(encoding="utf-8")
    assert "```mermaid" not in text
    for link in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        assert (out.parent / link).is_file(), link
    # A second run for one team replaces the folder: no diagrams left over from the first.
    assert run(ACME, "-o", out, "--as-of", AS_OF, "--diagrams", "svg", "--team", "Payroll").exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["team-payroll.svg"]


def test_svg_diagrams_never_replace_a_folder_of_other_files(tmp_path):
    out = tmp_path / "acme.md"
    folder = tmp_path / "acme-diagrams"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    result = run(ACME, "-o", out, "--as-of", AS_OF, "--diagrams", "svg")
    assert result.exit_code == 2
    assert "holds files that are not diagrams" in result.stderr
    assert not out.exists() and (folder / "notes.txt").read_text() == "mine"


def test_markdown_mermaid_blocks_parse_in_mermaid(tmp_path, request):
    import mermaid_browser

    reason = mermaid_browser.missing()
    if reason:
        assert not os.environ.get("CI"), f"Mermaid cannot run in CI: {reason}"
        pytest.skip(reason)
    out = tmp_path / "acme.md"
    assert run(ACME, "-o", out, "--as-of", AS_OF).exit_code == 0
    blocks = re.findall(r"```mermaid\n(.*?)```", out.read_text(encoding="utf-8"), re.S)
    with mermaid_browser.Browser(request.getfixturevalue("browser")) as mermaid:
        page = mermaid.page("12")
        for block in blocks:
            page.parse(block)


# -- the command ------------------------------------------------------------------------------------


def test_format_comes_from_the_extension_or_the_option(tmp_path):
    for name, magic in (("a.pdf", b"%PDF-"), ("a.html", b"<!DOCTYPE html>"), ("a.md", b"*Acme Health")):
        out = tmp_path / name
        assert run(ACME, "-o", out, "--as-of", AS_OF, "--team", "Payroll").exit_code == 0
        assert out.read_bytes().startswith(magic), name
    result = run(ACME, "-f", "md", "-o", "-", "--as-of", AS_OF, "--team", "Payroll")
    assert result.exit_code == 0 and result.stdout.startswith("*Acme Health")


@pytest.mark.parametrize("args, message", [
    (["-o", "acme.txt"], "error[format]: cannot tell the report format from"),
    (["-o", "acme.pdf", "--diagrams", "svg"], "error[diagrams]: --diagrams applies to Markdown only, not PDF"),
    (["-f", "md", "-o", "-", "--diagrams", "svg"], "error[diagrams]: --diagrams svg writes files beside"),
    (["-o", "missing/acme.pdf"], "error[output]: output directory 'missing' does not exist"),
])
def test_usage_errors_are_one_line_and_write_nothing(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(ACME, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_lang_comes_from_the_environment(tmp_path):
    out = tmp_path / "a.md"
    assert run(ACME, "-o", out, "--as-of", AS_OF, "--team", "Payroll", env={"LANG": "nl_NL.UTF-8"}).exit_code == 0
    assert "### Onze klanten" in out.read_text(encoding="utf-8")


def test_same_input_gives_the_same_html_and_markdown(tmp_path):
    for suffix in ("html", "md"):
        first, second = tmp_path / f"1.{suffix}", tmp_path / f"2.{suffix}"
        assert run(ACME, "-o", first, "--as-of", AS_OF).exit_code == 0
        assert run(ACME, "-o", second, "--as-of", AS_OF).exit_code == 0
        assert first.read_bytes() == second.read_bytes(), suffix


def run_with_stderr(args, terminal: bool) -> str:
    """Run the real command with stderr on a pseudo-terminal or a pipe; what reached stderr."""
    import pty

    command = [sys.executable, "-m", "chainmap", "report", *map(str, args)]
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True, check=True).stderr
    main_fd, child_fd = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=child_fd)
    os.close(child_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait() == 0
    os.close(main_fd)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(tmp_path):
    out = tmp_path / "acme.html"
    shown = run_with_stderr([ACME, "-o", out, "--as-of", AS_OF], terminal=True)
    assert "Drawing team pages" in shown and "25/25" in shown  # the overview, 4 departments, 20 teams
    piped = run_with_stderr([ACME, "-o", out, "--as-of", AS_OF], terminal=False)
    assert "Drawing team pages" not in piped and piped.startswith("wrote ")
    one = run_with_stderr([ACME, "-o", out, "--as-of", AS_OF, "--team", "Payroll"], terminal=True)
    assert "Drawing team pages" not in one, "quiet for a handful of teams"


def test_a_half_score_is_written_with_the_reports_decimal_mark(tmp_path):
    """7.5 in English, 7,5 in Dutch: in the customer table, the trend and the next step alike."""
    (tmp_path / "payroll.yaml").write_text(
        "team: Payroll\ncustomers:\n  - team: HR\n    delivers: Salary overview\n    feedback:\n"
        "      - kind: survey\n        cadence: quarterly\n        last: 2026-06-01\n        score: 6\n"
        "      - kind: review\n        cadence: quarterly\n        last: 2026-10-01\n        score: 7.5\n",
        encoding="utf-8")
    (tmp_path / "hr.yaml").write_text("team: HR\ncustomers:\n  - team: Staff\n    external: true\n",
                                      encoding="utf-8")
    for lang, half, other in (("en", "7.5", "7,5"), ("nl", "7,5", "7.5")):
        result = run(tmp_path, "-f", "md", "-o", "-", "--lang", lang, "--as-of", AS_OF)
        assert result.exit_code in (0, 1), result.output
        assert result.stdout.count(half) >= 2 and other not in result.stdout, lang
