"""`chainmap history`: a real git repository with several commits, read without a checkout."""

from __future__ import annotations

import csv
import io
import json
import os
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main
from gitrepo import commit, git, init, shallow_clone

PAYROLL_V1 = """\
team: Payroll
department: Finance
customers:
  - team: hr
    delivers: Salary overview
    agreement: https://intranet.example/sla/payroll
    feedback:
      - kind: conversation
        cadence: quarterly
        last: 2025-12-15
        score: 9
  - team: Employees
    external: true
    agreement: https://intranet.example/sla/payslip
"""

# Employees get a conversation: a link that gets better.
PAYROLL_V2 = PAYROLL_V1 + """\
    feedback:
      - kind: conversation
        cadence: quarterly
        last: 2026-03-01
        score: 7
"""

# The conversation with HR is replaced by a survey: hearing only, a link that gets worse.
PAYROLL_V3 = PAYROLL_V2.replace("""\
      - kind: conversation
        cadence: quarterly
        last: 2025-12-15
        score: 9
""", """\
      - kind: survey
        cadence: monthly
        last: 2026-05-01
        score: 6
""")

HR_V1 = """\
team: HR Advisory
id: hr
department: People
customers:
  - team: Employees
    external: true
    agreement: https://intranet.example/sla/hr
    feedback: [{kind: review, cadence: yearly, last: 2025-11-01, score: 10}]
"""

HR_V2 = HR_V1.replace("team: HR Advisory", "team: People Advice")

LEGAL_V1 = """\
team: Legal
customers:
  - team: Payroll
    agreement: https://intranet.example/sla/legal
"""

LEGAL_V2 = LEGAL_V1 + """\
    feedback:
      - kind: conversation
        cadence: monthly
        last: 2026-03-10
"""

LEGAL_BROKEN = LEGAL_V2.replace("  - team: Payroll", "  - team: [Payroll")


@pytest.fixture
def repo(tmp_path) -> Path:
    return build_repo(tmp_path)


def build_repo(tmp_path: Path) -> Path:
    """Six commits, five of them touching teams/:
    1 Payroll and HR Advisory; 2 Legal added (no feedback), HR renamed (same id);
    3 loops added (Payroll -> Employees, Legal -> Payroll); 4 legal.yaml invalid YAML;
    5 fixed, hr.yaml moved, Payroll -> HR worse (a survey only); 6 a README (not a team file)."""
    repo = init(tmp_path / "org")
    teams = repo / "teams"
    teams.mkdir()
    (teams / "payroll.yaml").write_text(PAYROLL_V1, encoding="utf-8")
    (teams / "hr.yaml").write_text(HR_V1, encoding="utf-8")
    commit(repo, "start", "2026-01-05T12:00:00+00:00")
    (teams / "legal.yaml").write_text(LEGAL_V1, encoding="utf-8")
    (teams / "hr.yaml").write_text(HR_V2, encoding="utf-8")
    commit(repo, "legal", "2026-02-10T09:30:00+00:00")
    (teams / "payroll.yaml").write_text(PAYROLL_V2, encoding="utf-8")
    (teams / "legal.yaml").write_text(LEGAL_V2, encoding="utf-8")
    commit(repo, "loops", "2026-03-15T16:00:00+00:00")
    (teams / "legal.yaml").write_text(LEGAL_BROKEN, encoding="utf-8")
    commit(repo, "oops", "2026-04-20T08:00:00+00:00")
    (teams / "legal.yaml").write_text(LEGAL_V2, encoding="utf-8")
    (teams / "people").mkdir()
    git(repo, "mv", "teams/hr.yaml", "teams/people/hr.yaml")
    (teams / "payroll.yaml").write_text(PAYROLL_V3, encoding="utf-8")
    commit(repo, "fix, move, survey", "2026-05-25T10:00:00+00:00")
    (repo / "README.md").write_text("the org\n", encoding="utf-8")
    commit(repo, "readme", "2026-06-01T10:00:00+00:00")
    return repo


def run(repo: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return CliRunner().invoke(main, ["history", *args])
    finally:
        os.chdir(cwd)


def shorts(repo: Path) -> list[str]:
    return git(repo, "log", "--reverse", "--format=%h", "--", "teams").split("\n")


HEADER = ("date        commit   teams  links  coverage %  no feedback  stale  hearing only  healthy  >=9 %  "
          "findings")


def test_the_table_has_a_row_per_commit_oldest_first(repo):
    c = shorts(repo)
    result = run(repo, "teams")
    assert result.exit_code == 0, result.output
    assert len(c) == 5  # the README commit touched no team file
    assert result.stdout.splitlines() == [
        HEADER,
        f"2026-01-05  {c[0]}      3      3        66.7            1      0             0        2    100         7",
        f"2026-02-10  {c[1]}      4      4          50            2      0             0        2    100        10",
        f"2026-03-15  {c[2]}      4      4         100            0      0             0        4   66.7         9",
        f"2026-04-20  {c[3]}  invalid (1 error)",
        f"2026-05-25  {c[4]}      4      4         100            0      1             1        2   33.3        12",
    ]
    assert "Someone" not in result.output  # author-free


def test_an_invalid_commit_is_one_line_on_stderr_and_the_history_goes_on(repo):
    c = shorts(repo)
    result = run(repo, "teams")
    assert result.stderr.splitlines()[0].startswith(f"{c[3]}:teams/legal.yaml:4:")
    assert "error[yaml-syntax]" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout.splitlines()[-1].startswith(f"2026-05-25  {c[4]}")


def test_csv_has_a_header_and_a_row_per_commit(repo):
    c = shorts(repo)
    result = run(repo, "teams", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["commit"] for row in rows] == c
    assert rows[0]["date"] == "2026-01-05T12:00:00+00:00"
    assert [row["valid"] for row in rows] == ["true", "true", "true", "false", "true"]
    assert rows[3]["errors"] == "1" and rows[3]["links"] == ""
    last = rows[4]
    assert (last["teams"], last["links"], last["feedback_coverage"]) == ("4", "4", "100.0")
    assert (last["no-feedback"], last["stale"], last["hearing-only"], last["healthy"]) == ("0", "1", "1", "2")
    assert last["loyal_percent"] == "33.3" and last["scored_links"] == "3"
    assert last["findings:stale-feedback"] == "1" and last["findings:hearing-only"] == "1"
    assert rows[2]["links_better"] == "2"  # Payroll -> Employees and Legal -> Payroll got loops


def test_json_lists_the_commits_and_the_paths(repo):
    c = shorts(repo)
    result = run(repo, "teams", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["paths"] == ["teams"]
    commits = data["commits"]
    assert [entry["commit"] for entry in commits] == c
    assert commits[1]["states"] == {"no-feedback": 2, "hearing-only": 0, "stale": 0, "healthy": 2}
    assert commits[1]["as_of"] == "2026-02-10"
    assert commits[3]["valid"] is False and commits[3]["errors"] == 1
    assert commits[3]["first_error"].startswith(f"{c[3]}:teams/legal.yaml:4:")
    assert commits[4]["feedback_coverage"] == 100.0 and commits[4]["loyal_percent"] == 33.3
    assert sum(commits[4]["findings"].values()) == 12


def test_each_commit_is_judged_as_of_its_date_unless_as_of_says_one_day(repo):
    own = json.loads(run(repo, "teams", "--format", "json").stdout)["commits"]
    one_day = json.loads(run(repo, "teams", "--format", "json", "--as-of", "2026-03-20").stdout)["commits"]
    assert own[4]["states"]["stale"] == 1  # Legal's monthly conversation of 2026-03-10, by 2026-05-25
    assert one_day[4]["states"]["stale"] == 0 and one_day[4]["as_of"] == "2026-03-20"


def test_max_count_keeps_the_latest_commits(repo):
    c = shorts(repo)
    result = run(repo, "teams", "--max-count", "2", "--format", "csv")
    assert [row["commit"] for row in csv.DictReader(io.StringIO(result.stdout))] == c[3:]


def test_since_keeps_the_commits_from_that_day(repo):
    c = shorts(repo)
    result = run(repo, "teams", "--since", "2026-03-15")
    assert result.exit_code == 0, result.output
    assert [line.split()[1] for line in result.stdout.splitlines()[1:]] == c[2:]
    later = run(repo, "teams", "--since", "2026-07-01")
    assert later.exit_code == 0 and [line.split()[0] for line in later.stdout.splitlines()] == ["date"]
    assert "no commits touched teams since 2026-07-01" in later.stderr


def test_an_unknown_since_date_is_one_line(repo):
    result = run(repo, "teams", "--since", "last tuesday")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "chainmap: error[since]: 'last tuesday' is not a date; use YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS)"]


def test_a_folder_outside_a_repository_is_one_line(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "team.yaml").write_text(LEGAL_V1, encoding="utf-8")
    result = CliRunner().invoke(main, ["history", str(folder)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "error[not-a-repository]" in lines[0] and str(folder) in lines[0]


def test_a_shallow_clone_says_the_history_is_cut_short(repo, tmp_path):
    clone = shallow_clone(repo, tmp_path / "shallow", depth=2)
    result = run(clone, "teams")
    assert result.exit_code == 0, result.output
    assert "shallow clone, so the history is cut short" in result.stderr
    assert len(result.stdout.splitlines()) >= 2


def test_an_unchanged_file_is_parsed_once(repo, monkeypatch):
    import chainmap.revisions

    parsed = []
    real = chainmap.revisions.parse_text

    def counting(text, path, problems):
        parsed.append(path)
        return real(text, path, problems)

    monkeypatch.setattr(chainmap.revisions, "parse_text", counting)
    result = run(repo, "teams", "--verbose")
    assert result.exit_code == 0, result.output
    # payroll 3 versions, hr 2 versions + the moved one, legal 3 versions (the broken one included)
    assert sorted(parsed) == sorted(["teams/payroll.yaml"] * 3 + ["teams/hr.yaml"] * 2
                                    + ["teams/people/hr.yaml"] + ["teams/legal.yaml"] * 3)
    # 2 + 3 + 3 + 3 + 3 files over the five commits: 14, of which 9 parsed
    assert "5 commits, 9 files parsed, 5 unchanged and reused" in result.stderr


def test_the_svg_chart_shows_each_series_and_is_the_same_every_time(repo, tmp_path):
    chart = tmp_path / "history.svg"
    result = run(repo, "teams", "-o", str(chart))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == HEADER  # the table still shows
    data = chart.read_bytes()
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    assert sum(1 for i in ids if i.startswith("line2d")) >= 6  # coverage, four states, the better marks
    colours = data.decode()
    for colour in ("#c62828", "#b35c00", "#6a3d9a", "#2e7d32"):  # the map's state colours
        assert colour in colours
    again = tmp_path / "again.svg"
    run(repo, "teams", "-o", str(again))
    assert again.read_bytes() == data


def test_the_png_chart_is_a_large_image(repo, tmp_path):
    chart = tmp_path / "history.png"
    result = run(repo, "teams", "-o", str(chart))
    assert result.exit_code == 0, result.output
    data = chart.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1200 and height >= 900
    pdf = tmp_path / "history.pdf"
    assert run(repo, "teams", "-o", str(pdf)).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_chart_name_without_a_known_suffix_is_refused_before_any_work(repo, tmp_path):
    result = run(repo, "teams", "-o", str(tmp_path / "history.gif"))
    assert result.exit_code == 2
    assert "error[format]" in result.stderr and result.stdout == ""
    assert not (tmp_path / "history.gif").exists()


def test_the_chart_never_replaces_an_input(repo):
    before = (repo / "teams" / "legal.yaml").read_bytes()
    result = run(repo, "teams", "-o", "teams/legal.yaml")
    assert result.exit_code == 2 and "error[" in result.stderr
    assert (repo / "teams" / "legal.yaml").read_bytes() == before


def test_the_kept_validation_gives_what_build_model_gives(repo):
    from chainmap.revisions import Repository
    from chainmap.validate import ModelBuilder, build_model

    repository = Repository(str(repo / "teams"))
    builder = ModelBuilder(remember=True)
    for full, _, _ in repository.log([str(repo / "teams")]):
        kept, fresh = [], []
        documents = repository.documents(full, [str(repo / "teams")], [], bare=True)
        assert builder(documents, kept) == build_model(documents, fresh)
        assert kept == fresh


def test_the_numbers_are_diffs_coverage_of_each_commit(repo):
    from chainmap.api import analyse, load
    from chainmap.diff import coverage
    from datetime import date

    data = json.loads(run(repo, "teams", "--format", "json").stdout)["commits"]
    latest = coverage(analyse(load([str(repo / "teams")]))[0], date(2026, 5, 25))
    assert data[-1]["states"] == latest.states and data[-1]["feedback_coverage"] == latest.percent


def test_the_chart_speaks_the_reports_language(repo):
    """The words on the chart (titles, axes, legend, months) are Dutch in a Dutch report; the PDF keeps them as text."""
    from pypdf import PdfReader

    from chainmap.history import chart, history

    cwd = os.getcwd()
    os.chdir(repo)
    try:
        rows = history(["teams"], as_of=None)
    finally:
        os.chdir(cwd)
    words = {lang: PdfReader(io.BytesIO(chart(rows, "pdf", lang))).pages[0].extract_text() for lang in ("en", "nl")}
    assert "Links per state" in words["en"] and "no feedback loop" in words["en"]
    assert "Schakels per toestand" in words["nl"] and "geen feedbacklus" in words["nl"]
    assert "Links per state" not in words["nl"]
    # The months on the time axis too: matplotlib writes them in English whatever the language.
    english = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
    dutch = {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}
    assert set(words["en"].split()) & english and not set(words["en"].split()) & dutch
    assert set(words["nl"].split()) & dutch and not set(words["nl"].split()) & english
