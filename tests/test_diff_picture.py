"""`chainmap diff OLD NEW -o change.svg`: the NEW map with what changed marked, from real git repositories."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_diff import HR_V1, PAYROLL_V1, PAYROLL_V2, diff, git

AS_OF = "2026-11-22"
SVG = "{http://www.w3.org/2000/svg}"

# v1 -> v2: Payroll -> hr worse, Payroll -> Employees better (from test_diff); HR renamed (same id)
# and delivering to Payroll instead of Employees (one link new, one gone); Legal new with a new
# link; Archive gone with its link; Canteen -> Payroll the same in both.
HR_V2 = """\
team: People Advice
id: hr
department: People
customers:
  - team: Payroll
    agreement: https://intranet.example/sla/hr-payroll
    feedback: [{kind: review, cadence: yearly, last: 2026-06-01}]
"""
LEGAL = """\
team: Legal
department: People
customers:
  - team: Payroll
    agreement: https://intranet.example/sla/legal
"""
ARCHIVE = """\
team: Archive
department: Records
customers:
  - team: hr
    delivers: Personnel files
"""
CANTEEN = """\
team: Canteen
department: Facilities
customers:
  - team: Payroll
    delivers: Lunch
    agreement: https://intranet.example/sla/canteen
    feedback: [{kind: conversation, cadence: monthly, last: 2026-11-10}]
"""


@pytest.fixture
def repo(tmp_path) -> Path:
    repo = tmp_path / "org"
    teams = repo / "teams"
    teams.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    for name, text in (("payroll", PAYROLL_V1), ("hr", HR_V1), ("archive", ARCHIVE), ("canteen", CANTEEN)):
        (teams / f"{name}.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1")
    (teams / "payroll.yaml").write_text(PAYROLL_V2, encoding="utf-8")
    (teams / "hr.yaml").write_text(HR_V2, encoding="utf-8")
    (teams / "legal.yaml").write_text(LEGAL, encoding="utf-8")
    (teams / "archive.yaml").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v2")
    return repo


def picture(repo: Path, *args: str, name: str = "change.svg") -> dict:
    """The SVG's groups by id: (classes, the text shown)."""
    result = diff(repo, "v1", "HEAD", "teams", "-o", name, *args)
    assert result.exit_code == 0, result.output
    assert f"wrote {name} (SVG: the picture of the change)" in result.stderr
    root = ET.parse(repo / name).getroot()
    return {g.get("id"): (set(g.get("class", "").split()), " ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text")))
            for g in root.iter(f"{SVG}g") if g.get("id")}


def test_each_change_is_marked_with_its_class_and_words(repo):
    groups = picture(repo)

    classes, text = groups["link-payroll--hr"]
    assert classes >= {"link", "hearing-only", "change", "worse"} and "unchanged" not in classes
    assert "\u25bc WORSE (was healthy)" in text
    classes, text = groups["link-payroll--employees"]
    assert classes >= {"link", "healthy", "change", "better"}
    assert "\u25b2 BETTER (was no feedback loop)" in text
    for new in ("link-legal--payroll", "link-hr--payroll"):
        assert groups[new][0] >= {"link", "change", "new"} and "+ NEW" in groups[new][1], new
    # Gone links are drawn from OLD, in their state there.
    classes, text = groups["link-hr--employees"]
    assert classes >= {"link", "healthy", "change", "gone"} and "\u2212 GONE" in text
    classes, text = groups["link-archive--hr"]
    assert classes >= {"link", "no-feedback", "change", "gone"} and "Personnel files" in text
    # What did not change: its own class, no mark.
    classes, text = groups["link-canteen--payroll"]
    assert classes >= {"link", "healthy", "unchanged"} and "change" not in classes
    assert not any(mark in text for mark in ("NEW", "BETTER", "WORSE", "GONE"))
    # Every link has exactly one state and one of change/unchanged.
    for element, (classes, _) in groups.items():
        if "link" in classes:
            assert len(classes & {"no-feedback", "stale", "hearing-only", "healthy"}) == 1, element
            assert len(classes & {"change", "unchanged"}) == 1, element


def test_teams_added_removed_and_renamed_are_marked(repo):
    groups = picture(repo)

    assert groups["team-legal"][0] >= {"team", "change", "new"} and "+ new team" in groups["team-legal"][1]
    assert groups["team-archive"][0] >= {"team", "change", "gone"} and "\u2212 team gone" in groups["team-archive"][1]
    assert groups["team-hr"][0] >= {"team", "change", "renamed"}
    assert "People Advice" in groups["team-hr"][1] and "renamed from HR Advisory" in groups["team-hr"][1]
    assert groups["team-canteen"][0] >= {"team", "unchanged"}


def test_the_legend_says_what_changed_from_what(repo):
    result = diff(repo, "v1", "HEAD", "teams", "-o", "change.svg", "--lang", "nl")
    assert result.exit_code == 0
    svg = (repo / "change.svg").read_text(encoding="utf-8")
    assert "Wat veranderde van v1 naar HEAD" in svg and "\u25bc SLECHTER" in svg


def test_the_overview_counts_the_changes_on_each_department_arrow(repo):
    groups = picture(repo, "--overview")

    # Finance (Payroll) -> People (hr): the worse link; People -> Finance: hr -> Payroll, new.
    classes, text = groups["group-department-finance--department-people"]
    assert classes >= {"link", "group", "change", "worse"} and "\u25bc1 WORSE" in text
    classes, text = groups["group-department-people--department-finance"]
    assert classes >= {"link", "group", "change", "new"} and "+2 NEW" in text  # hr and Legal -> Payroll
    # Records (Archive, gone) -> People: only a gone link, drawn as gone.
    classes, text = groups["group-department-records--department-people"]
    assert classes >= {"change", "gone"} and "\u22121 GONE" in text
    classes, _ = groups["group-department-facilities--department-finance"]
    assert "unchanged" in classes and "change" not in classes
    assert groups["department-people"][0] >= {"department", "unchanged"}


def test_focus_draws_the_chain_of_one_team(repo):
    groups = picture(repo, "--focus", "Payroll", "--depth", "1", "--up", "0")

    links = {element for element, (classes, _) in groups.items() if "link" in classes}
    # Payroll and its customers, with the links between them (the gone one too); Legal and Canteen are left out.
    assert links == {"link-payroll--hr", "link-payroll--employees", "link-hr--payroll", "link-hr--employees"}
    assert groups["team-payroll"][0] >= {"focus"}


def test_no_change_is_all_unchanged(repo):
    result = diff(repo, "HEAD", "HEAD", "teams", "-o", "same.svg")
    assert result.exit_code == 0
    root = ET.parse(repo / "same.svg").getroot()
    classes = [set(g.get("class", "").split()) for g in root.iter(f"{SVG}g") if g.get("class")]
    assert not any("change" in c for c in classes)
    assert sum("unchanged" in c for c in classes if "link" in c) == 5


@pytest.mark.parametrize("name, signature", [("change.png", b"\x89PNG\r\n\x1a\n"), ("change.pdf", b"%PDF-")])
def test_png_and_pdf(repo, name, signature):
    result = diff(repo, "v1", "HEAD", "teams", "-o", name)

    assert result.exit_code == 0, result.output
    assert (repo / name).read_bytes().startswith(signature)


def test_the_same_change_gives_the_same_bytes(repo):
    picture(repo, name="a.svg")
    picture(repo, name="b.svg")
    assert (repo / "a.svg").read_bytes() == (repo / "b.svg").read_bytes()


def test_the_diff_is_still_printed(repo):
    result = diff(repo, "v1", "HEAD", "teams", "-o", "change.svg")
    assert result.stdout.startswith("v1 -> HEAD (judged on 2026-11-22)")


@pytest.mark.parametrize("args, message", [
    (["-o", "teams/payroll.yaml"], "cannot tell the format from 'teams/payroll.yaml'"),
    (["-o", "-"], "the picture is written to a file; standard output holds the diff"),
    (["-o", "change.txt"], "cannot tell the format from 'change.txt'"),
    (["--overview"], "--overview and --focus choose what the picture shows; add -o change.svg"),
    (["-o", "change.svg", "--focus", "Payrol"], "error[unknown-team]: no team called 'Payrol'"),
])
def test_bad_picture_options_are_one_line_and_write_nothing(repo, args, message):
    before = (repo / "teams" / "payroll.yaml").read_bytes()

    result = diff(repo, "v1", "HEAD", "teams", *args)

    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert (repo / "teams" / "payroll.yaml").read_bytes() == before
    assert not any((repo / name).exists() for name in ("change.svg", "change.html", "change.txt", "-"))


def test_a_real_process_draws_without_a_traceback(repo):
    result = subprocess.run([sys.executable, "-m", "chainmap", "diff", "v1", "HEAD", "teams", "-o", "c.svg",
                             "--as-of", AS_OF], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert (repo / "c.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_a_picture_name_that_links_to_a_team_file_is_refused(repo):
    before = (repo / "teams" / "payroll.yaml").read_bytes()
    (repo / "change.svg").symlink_to(repo / "teams" / "payroll.yaml")

    result = diff(repo, "v1", "HEAD", "teams", "-o", "change.svg")

    assert result.exit_code == 2 and "error[output]" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""
    assert (repo / "teams" / "payroll.yaml").read_bytes() == before


def test_an_overview_drawn_as_a_table_marks_its_cells(tmp_path):
    from generated import generated_map

    old, _ = generated_map(tmp_path / "old", departments=8, per_department=25)  # 64 department arrows: a table
    new, _ = generated_map(tmp_path / "new", departments=8, per_department=25)
    changed = new / "team-0009.yaml"  # Department 1: its review of Team 0018 (Department 2) is dropped
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "    feedback: [{kind: review, last: 2026-11-01}]\n", ""), encoding="utf-8")

    result = diff(tmp_path, "old", "new", "--overview", "-o", "change.svg")

    assert result.exit_code == 0, result.output
    root = ET.parse(tmp_path / "change.svg").getroot()
    cells = {g.get("id"): (set(g.get("class").split()), " ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text")))
             for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith(("group-", "inside-"))}
    classes, text = cells["group-department-department-1--department-department-2"]
    assert classes >= {"link", "group", "change", "worse"} and "\u25bc1" in text
    unchanged = [element for element, (classes, _) in cells.items() if "unchanged" in classes]
    assert len(unchanged) == len(cells) - 1
