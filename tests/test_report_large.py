"""The PDF report of a large map: 500 teams in 20 departments, written whole, with every page counted.

The table of contents of such a map takes many pages, and fpdf2 must be told
beforehand exactly how many: a count that was one off stopped the report with
a traceback at 500 and 1,000 teams.  The map is generated here, one YAML file
per team, as teams write them; the teams have no customers, so the test spends
its time on the contents and the team pages, not on drawing links.
"""

from __future__ import annotations

import re

from click.testing import CliRunner

import pdftools
from chainmap.cli import main

AS_OF = "2026-11-22"
TEAMS = 500
DEPARTMENTS = 20


def generate(folder, teams: int = TEAMS, departments: int = DEPARTMENTS) -> None:
    """``teams`` team files, the teams spread round-robin over ``departments``."""
    folder.mkdir()
    (folder / "00-organization.yaml").write_text("organization: Large Org\nteams: []\n", encoding="utf-8")
    for number in range(1, teams + 1):
        department = (number - 1) % departments + 1
        (folder / f"team-{number:03d}.yaml").write_text(
            f"team: Team {number:03d}\ndepartment: Department {department:02d}\n", encoding="utf-8")


def toc_entries(text: str) -> list[tuple[str, int]]:
    """(name, page) for each line of a table of contents: 'Team 007 ........ 9'."""
    return [(m.group(1).strip(), int(m.group(2)))
            for m in re.finditer(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", text, re.M)]


def test_a_500_team_report_is_written_with_its_whole_table_of_contents(tmp_path):
    generate(tmp_path / "teams")
    out = tmp_path / "large.pdf"

    result = CliRunner().invoke(main, ["report", str(tmp_path / "teams"), "-o", str(out), "--as-of", AS_OF])

    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    pages = pdftools.pages_text(out)
    count = pdftools.page_count(out)
    assert re.search(rf"wrote .*large\.pdf \(PDF, {count} pages\): {TEAMS} team pages", result.output)
    assert len(pages) == count
    # Every page but the title page says where it is: "Page 7 / 573".
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} / {count}" in text, f"page {number}"

    # The overview on page 2; the contents from page 3 up to the summary, over many pages, list
    # every department's map, every department and every team, the last department's teams
    # included, at the page that holds them.
    assert pages[1].lstrip().startswith("The organisation at a glance")
    # Twenty departments of 25 teams are too many boxes to read on one page: the page keeps
    # them whole and the same drawing follows in readable pieces, before the contents.
    pieces = [number for number, text in enumerate(pages, start=1)
              if re.search(r"The\s+organisation\s+at\s+a\s+glance\s+\(\d+/\d+\)", text)]
    assert pieces == list(range(3, 3 + len(pieces)))
    contents = [number for number, text in enumerate(pages, start=1) if re.search(r"\.{10,}", text)]
    assert contents == list(range(3 + len(pieces), contents[-1] + 1)) and len(contents) > 10
    entries = toc_entries(pdftools.text(out, "-layout", "-f", 3, "-l", contents[-1]))
    names = [name for name, _ in entries]
    assert names[:3] == ["The organisation at a glance", "Summary", "The departments"]
    assert names[3:3 + DEPARTMENTS] == [f"Department {number:02d}" for number in range(1, DEPARTMENTS + 1)]
    assert len(entries) == 3 + DEPARTMENTS + DEPARTMENTS + TEAMS
    assert names[-(TEAMS // DEPARTMENTS) - 1:] == ["Department 20"] + [
        f"Team {number:03d}" for number in range(DEPARTMENTS, TEAMS + 1, DEPARTMENTS)]
    listed = dict(entries)
    assert listed["Summary"] == contents[-1] + 1
    assert pages[listed["Summary"] - 1].lstrip().startswith("Summary")
    for name, first_team in (("Department 01", "Team 001"), ("Department 20", "Team 020")):
        assert listed[name] == listed[first_team], "a department's entry is its first team's page"
    for number in (1, 20, 480, 500):
        name = f"Team {number:03d}"
        heading = [line for line in pages[listed[name] - 1].splitlines() if line.strip()][:2]
        assert heading == [f"Department {(number - 1) % DEPARTMENTS + 1:02d}", name]
    assert listed["Team 500"] in (count - 1, count), "the last team's page ends the report"


def test_a_pdf_that_cannot_be_laid_out_is_one_line_and_exit_2_not_a_traceback(tmp_path, monkeypatch):
    from chainmap.report.pdf import ReportPDF

    generate(tmp_path / "teams", teams=3, departments=1)
    # As the old count did for large maps: a wrong number of pages kept for the contents (and summary).
    monkeypatch.setattr(ReportPDF, "_front_pages", lambda self: 1)
    out = tmp_path / "small.pdf"

    result = CliRunner().invoke(main, ["report", str(tmp_path / "teams"), "-o", str(out), "--as-of", AS_OF])

    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("chainmap: error[output]: the PDF report could not be laid out")
    assert "write the report as HTML or Markdown instead" in lines[0]
    assert not out.exists()
