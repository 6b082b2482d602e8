"""`chainmap diff`: real git repositories with several commits, read without a checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main
from gitrepo import commit, git, init, shallow_clone

AS_OF = "2026-11-22"

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
        last: 2026-10-01
        score: 7
  - team: Employees
    external: true
    agreement: https://intranet.example/sla/payslip
"""

PAYROLL_V2 = """\
team: Payroll
department: Finance
customers:
  - team: hr
    delivers: Salary overview
    agreement: https://intranet.example/sla/payroll
    feedback:
      - kind: survey
        cadence: monthly
        last: 2026-11-01
        score: 8
  - team: Employees
    external: true
    agreement: https://intranet.example/sla/payslip
    feedback:
      - kind: conversation
        cadence: quarterly
        last: 2026-11-10
"""

HR_V1 = """\
team: HR Advisory
id: hr
department: People
customers:
  - team: Employees
    external: true
    agreement: https://intranet.example/sla/hr
    feedback: [{kind: review, cadence: yearly, last: 2026-06-01}]
"""

# Renamed, same id: the same team.
HR_V2 = HR_V1.replace("team: HR Advisory", "team: People Advice")

LEGAL = """\
team: Legal
customers:
  - team: Payroll
    agreement: https://intranet.example/sla/legal
"""


WHEN = "2026-11-01T12:00:00+00:00"


@pytest.fixture
def repo(tmp_path) -> Path:
    """v1: Payroll and HR Advisory.  v2: a survey replaces Payroll's conversation with HR (worse),
    Employees get a conversation (better), HR renamed with the same id, Legal added, and a file moved."""
    repo = init(tmp_path / "org")
    teams = repo / "teams"
    teams.mkdir()
    (teams / "payroll.yaml").write_text(PAYROLL_V1, encoding="utf-8")
    (teams / "hr.yaml").write_text(HR_V1, encoding="utf-8")
    (teams / ".hidden").mkdir()
    (teams / ".hidden" / "draft.yaml").write_text("team: Draft\n", encoding="utf-8")
    commit(repo, "v1", WHEN)
    git(repo, "tag", "v1")
    (teams / "payroll.yaml").write_text(PAYROLL_V2, encoding="utf-8")
    (teams / "people").mkdir()
    git(repo, "mv", "teams/hr.yaml", "teams/people/hr.yaml")
    (teams / "people" / "hr.yaml").write_text(HR_V2, encoding="utf-8")
    (teams / "legal.yaml").write_text(LEGAL, encoding="utf-8")
    commit(repo, "v2", WHEN)
    return repo


def diff(repo: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return CliRunner().invoke(main, ["diff", *args, "--as-of", AS_OF], catch_exceptions=False)
    finally:
        os.chdir(cwd)


def test_json_names_every_change(repo):
    result = diff(repo, "v1", "HEAD", "teams", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [(c["supplier"], c["customer"], c["before"], c["after"]) for c in found["links_worse"]] == [
        ("Payroll", "People Advice", "healthy", "hearing-only")]
    assert [(c["supplier"], c["customer"], c["before"], c["after"]) for c in found["links_better"]] == [
        ("Payroll", "Employees", "no-feedback", "healthy")]
    assert [(c["supplier"], c["customer"], c["before"], c["after"]) for c in found["scores"]] == [
        ("Payroll", "People Advice", 7, 8)]
    assert [t["name"] for t in found["teams_added"]] == ["Legal"]
    assert found["teams_removed"] == []
    assert [(t["before"], t["after"]) for t in found["teams_renamed"]] == [("HR Advisory", "People Advice")]
    assert [(c["supplier"], c["customer"]) for c in found["links_added"]] == [("Legal", "Payroll")]
    # Where a change is in NEW, it is located in NEW's file.
    (worse,) = found["links_worse"]
    assert worse["where"] == {"file": "HEAD:teams/payroll.yaml", "line": 4, "col": 5}
    opened = {f["rule"] for f in found["findings_opened"]}
    closed = {f["rule"] for f in found["findings_closed"]}
    assert "hearing-only" in opened and "no-feedback" in opened  # Legal -> Payroll has no loop
    assert "no-feedback" in closed  # Payroll -> Employees got one
    assert found["coverage"]["before"]["feedback_coverage"] == 66.7
    assert found["coverage"]["after"]["feedback_coverage"] == 75.0
    # The hidden folder is skipped at every revision, as on disk.
    assert "Draft" not in json.dumps(found)


def test_text_starts_with_the_summary_and_locates_each_change(repo):
    result = diff(repo, "v1", "HEAD", "teams")
    lines = result.stdout.splitlines()
    assert lines[0] == f"v1 -> HEAD (judged on {AS_OF})"
    assert lines[1].startswith("1 link better, 1 worse, 1 added, 0 removed;")
    assert lines[1].endswith("feedback coverage 66.7% -> 75%")
    assert "  HEAD:teams/payroll.yaml:4:5: Payroll -> People Advice: healthy -> hearing only" in lines
    assert "  HEAD:teams/payroll.yaml:4:5: Payroll -> People Advice: 7 -> 8" in lines
    assert any(line.startswith("  HEAD:teams/people/hr.yaml:1:1: HR Advisory -> People Advice") for line in lines)


def test_one_revision_compares_with_the_working_tree(repo):
    (repo / "teams" / "legal.yaml").unlink()
    result = diff(repo, "main", "teams", "--format", "json")
    found = json.loads(result.stdout)
    assert found["new"] == "working tree"
    assert [t["name"] for t in found["teams_removed"]] == ["Legal"]
    # --since says the same.
    assert json.loads(diff(repo, "--since", "main", "teams", "--format", "json").stdout) == found


def test_two_folders_need_no_git(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "payroll.yaml").write_text(PAYROLL_V1, encoding="utf-8")
    (new / "payroll.yaml").write_text(PAYROLL_V2, encoding="utf-8")
    result = diff(tmp_path, "old", "new")
    assert result.exit_code == 0
    assert "  new/payroll.yaml:4:5: Payroll -> hr: 7 -> 8" in result.stdout.splitlines()


def test_fail_on_worse_for_ci(repo):
    assert diff(repo, "v1", "HEAD", "teams", "--fail-on", "worse").exit_code == 1
    assert diff(repo, "v1", "HEAD", "teams").exit_code == 0
    # Nothing changed: nothing worse.
    same = diff(repo, "HEAD", "HEAD", "teams", "--fail-on", "worse")
    assert same.exit_code == 0
    assert same.stdout.splitlines()[1].startswith("no changes from HEAD to HEAD")


def test_markdown_is_short_with_the_summary_first(repo):
    result = diff(repo, "v1", "HEAD", "teams", "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0] == "### chainmap: v1 → HEAD"
    assert lines[2].startswith("**1 link better, 1 worse")
    assert "| feedback coverage | 66.7% | 75% |" in lines
    assert "**Links worse (1)**" in lines


def test_errors_are_one_line(repo, tmp_path):
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "payroll.yaml").write_text(PAYROLL_V1, encoding="utf-8")
    not_repo = diff(outside, "main", "payroll.yaml")
    assert not_repo.exit_code == 2
    assert "error[not-a-repository]" in not_repo.stderr and len(not_repo.stderr.splitlines()) == 1
    unknown = diff(repo, "v9", "teams")
    assert unknown.exit_code == 2
    assert "error[unknown-revision]: no commit called 'v9'" in unknown.stderr
    usage = diff(repo, "teams")
    assert usage.exit_code == 2 and "error[usage]" in usage.stderr


def test_a_revision_where_the_map_was_invalid_is_reported(repo):
    (repo / "teams" / "payroll.yaml").write_text("team: Payroll\ncustomers: [\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "broken")
    result = diff(repo, "HEAD", "v1", "teams")
    assert result.exit_code == 2
    assert "HEAD:teams/payroll.yaml:" in result.stderr and "error[yaml-syntax]" in result.stderr


def test_a_shallow_clone_says_so(repo, tmp_path):
    shallow = shallow_clone(repo, tmp_path / "shallow")
    result = diff(shallow, "v1", "HEAD", "teams")
    assert result.exit_code == 2
    assert "error[unknown-revision]" in result.stderr and "shallow clone" in result.stderr


def test_the_working_tree_is_untouched(repo):
    before = git(repo, "status", "--porcelain")
    diff(repo, "v1", "HEAD", "teams")
    assert git(repo, "status", "--porcelain") == before
    assert (repo / "teams" / "people" / "hr.yaml").exists() and not (repo / "teams" / "hr.yaml").exists()


def test_a_real_process_prints_no_traceback(repo):
    result = subprocess.run([sys.executable, "-m", "chainmap", "diff", "v1", "HEAD", "teams", "--as-of", AS_OF],
                            cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stdout.startswith("v1 -> HEAD")
