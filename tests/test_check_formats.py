"""`chainmap check --format github|sarif`: the findings for CI, read back as CI reads them.

The SARIF schema in tests/data/sarif-schema-2.1.0.json is the official SARIF 2.1.0
(rtm.5) JSON schema, as shipped in the npm package @microsoft/jest-sarif 1.0.0-beta.0
(lib/schemas/sarif-2.1.0-rtm.5.json, MIT).
"""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.check_formats import escape_github_data, escape_github_property, github_annotation
from chainmap.cli import main
from chainmap.errors import Problem
from chainmap.rules import RULES

REPO = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
AS_OF = "2026-11-22"
# ::command prop=value,prop=value::message (GitHub's workflow command syntax).
ANNOTATION = re.compile(r"^::(?P<command>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def check(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def unescape(text: str, prop: bool = False) -> str:
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else [])
    for escaped, plain in pairs:
        text = text.replace(escaped, plain)
    return text.replace("%25", "%")


def parse_annotation(line: str) -> dict:
    match = ANNOTATION.match(line)
    assert match, line
    props = dict(item.split("=", 1) for item in match["props"].split(","))
    return {"command": match["command"], "message": unescape(match["message"]),
            **{key: unescape(value, prop=True) for key, value in props.items()}}


@pytest.fixture(scope="module")
def in_repo():
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        yield


@pytest.fixture(scope="module")
def acme_json(in_repo):
    result = check("examples/acme", "--as-of", AS_OF, "--format", "json")
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def acme_github(in_repo):
    return check("examples/acme", "--as-of", AS_OF, "--format", "github")


@pytest.fixture(scope="module")
def acme_sarif(in_repo):
    return check("examples/acme", "--as-of", AS_OF, "--format", "sarif")


# -- github -------------------------------------------------------------------------------------

def test_github_one_annotation_per_finding_in_checks_order(acme_github, acme_json):
    assert acme_github.exit_code == 1  # --fail-on warning, as with text
    lines = acme_github.stdout.splitlines()
    assert len(lines) == len(acme_json["findings"])
    for line, finding in zip(lines, acme_json["findings"]):
        annotation = parse_annotation(line)
        assert annotation["command"] == COMMANDS[finding["severity"]]
        assert annotation["title"] == finding["rule"]
        assert annotation["file"] == finding["file"]
        assert (int(annotation["line"]), int(annotation["col"])) == (finding["line"], finding["col"])
        expected = finding["message"] + (f"; {finding['hint']}" if finding["hint"] else "")
        assert annotation["message"] == expected


def test_github_summary_goes_to_stderr(acme_github, acme_json):
    summary = acme_json["summary"]
    assert f"{summary['warnings']} warnings, {summary['infos']} infos" in acme_github.stderr
    assert "feedback coverage" not in acme_github.stdout


def test_github_fail_on_never_exits_0(in_repo):
    assert check("examples/acme", "--as-of", AS_OF, "--format", "github", "--fail-on", "never").exit_code == 0


def test_github_escaping():
    assert escape_github_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert escape_github_property("a%b:c,d\ne") == "a%25b%3Ac%2Cd%0Ae"


def test_github_a_name_cannot_start_a_command_or_drive_the_log():
    problem = Problem("teams/a,b:c.yaml", 3, 5, "warning", "no-feedback",
                      "Pay\nroll\x1b[31m -> ::error::x: no feedback loop", "ask 100%")
    line = github_annotation(problem)
    assert "\n" not in line and "\x1b" not in line
    annotation = parse_annotation(line)
    assert annotation["file"] == "teams/a,b:c.yaml"
    assert annotation["message"] == "Pay\nroll\\x1b[31m -> ::error::x: no feedback loop; ask 100%"


def test_github_invalid_input_is_annotated_as_errors(tmp_path):
    path = write(tmp_path, "bad.yaml", "team: Wards\ncustomers:\n  - team: Patients\n    feedbak: []\n")
    result = check(path, "--format", "github", "--as-of", AS_OF)
    assert result.exit_code == 2
    (annotation,) = [parse_annotation(line) for line in result.stdout.splitlines()]
    assert (annotation["command"], annotation["title"], annotation["line"]) == ("error", "unknown-key", "4")
    assert "nothing was checked" in result.stderr


# -- sarif --------------------------------------------------------------------------------------

def schema_errors(text: str) -> list[str]:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return sorted(error.message for error in jsonschema.Draft4Validator(schema).iter_errors(json.loads(text)))


def test_sarif_validates_against_the_sarif_2_1_0_schema(acme_sarif):
    assert schema_errors(acme_sarif.stdout) == []


def test_sarif_required_structure(acme_sarif):
    # What SARIF 2.1.0 requires (§3.13 sarifLog, §3.14 run, §3.18 tool, §3.19 toolComponent,
    # §3.27 result, §3.11 message), checked without the schema too.
    document = json.loads(acme_sarif.stdout)
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "chainmap" and driver["version"] and driver["informationUri"].startswith("https://")
    for result in run["results"]:
        assert result["message"]["text"]
        assert result["level"] in ("error", "warning", "note")


def test_sarif_rules_describe_every_rule(acme_sarif):
    driver = json.loads(acme_sarif.stdout)["runs"][0]["tool"]["driver"]
    described = {rule["id"]: rule for rule in driver["rules"]}
    for rule_id, rule in RULES.items():
        assert described[rule_id]["shortDescription"]["text"] == rule.summary
        assert described[rule_id]["defaultConfiguration"]["level"] == LEVELS[rule.severity]


def test_sarif_results_match_check_json(acme_sarif, acme_json):
    assert acme_sarif.exit_code == 1
    run = json.loads(acme_sarif.stdout)["runs"][0]
    results, findings = run["results"], acme_json["findings"]
    assert len(results) == len(findings)
    assert Counter(r["ruleId"] for r in results) == Counter(f["rule"] for f in findings)
    rules = run["tool"]["driver"]["rules"]
    for result, finding in zip(results, findings):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding["rule"]
        assert result["level"] == LEVELS[finding["severity"]]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding["file"]  # relative, forward slashes
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert (location["region"]["startLine"], location["region"]["startColumn"]) == (finding["line"],
                                                                                        finding["col"])
    summary = run["properties"]["summary"]
    assert summary == acme_json["summary"]


def test_sarif_uri_is_relative_to_the_working_directory_for_an_absolute_path(in_repo):
    result = check(REPO / "examples" / "acme", "--as-of", AS_OF, "--format", "sarif")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(result.stdout)["runs"][0]["results"]}
    assert uris and all(uri.startswith("examples/acme/") for uri in uris)


def test_sarif_is_deterministic(acme_sarif, in_repo):
    again = check("examples/acme", "--as-of", AS_OF, "--format", "sarif")
    assert again.stdout == acme_sarif.stdout


def test_sarif_invalid_input_is_a_result(tmp_path):
    path = write(tmp_path, "bad.yaml", "team: Wards\ncustomers:\n  - team: Patients\n    feedbak: []\n")
    result = check(path, "--format", "sarif", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert schema_errors(result.stdout) == []
    run = json.loads(result.stdout)["runs"][0]
    (found,) = run["results"]
    assert (found["ruleId"], found["level"]) == ("unknown-key", "error")
    assert found["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert run["tool"]["driver"]["rules"][found["ruleIndex"]]["id"] == "unknown-key"
    assert run["properties"]["summary"]["errors"] == 1 and run["properties"]["summary"]["teams"] is None


# -- pre-commit ---------------------------------------------------------------------------------

HOOKS = REPO / ".pre-commit-hooks.yaml"


def test_pre_commit_manifest_is_valid():
    pytest.importorskip("pre_commit")
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hook_checks_the_whole_folder(tmp_path):
    import shlex
    import shutil
    import subprocess
    import sys

    import yaml

    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "chainmap-check" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "teams/payroll.yaml") and re.search(hook["files"], "teams/wards.yml")
    assert not re.search(hook["files"], "README.md")
    shutil.copytree(REPO / "examples" / "acme", tmp_path / "teams")
    # As pre-commit runs it: the entry, then the args, in the repository's root, no file names.
    command = shlex.split(hook["entry"]) + hook["args"] + ["--as-of", AS_OF]
    assert command[0] == "chainmap"
    result = subprocess.run([sys.executable, "-m", "chainmap", *command[1:]], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1  # acme has warnings
    assert "teams/payroll.yaml:" in result.stdout


# -- gitlab -------------------------------------------------------------------------------------

GITLAB_SEVERITIES = {"error": "critical", "warning": "major", "info": "info"}
WARDS = """
    team: Wards
    customers:
      - team: Patients
        external: true
      - team: Pharmacy
        feedback:
          - kind: survey
            last: 2026-10-01
            score: 6
    """


@pytest.fixture(scope="module")
def acme_gitlab(in_repo):
    return check("examples/acme", "--as-of", AS_OF, "--format", "gitlab")


def test_gitlab_one_issue_per_finding_in_checks_order(acme_gitlab, acme_json):
    assert acme_gitlab.exit_code == 1  # --fail-on warning, as with text
    issues = json.loads(acme_gitlab.stdout)
    assert len(issues) == len(acme_json["findings"])
    for issue, finding in zip(issues, acme_json["findings"]):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == finding["rule"]
        assert issue["severity"] == GITLAB_SEVERITIES[finding["severity"]]
        assert issue["location"] == {"path": finding["file"], "lines": {"begin": finding["line"]}}
        assert issue["description"] == finding["message"] + (f"; {finding['hint']}" if finding["hint"] else "")
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    assert "feedback coverage" in acme_gitlab.stderr


def test_gitlab_is_deterministic_and_relative_for_an_absolute_path(acme_gitlab, in_repo):
    assert check("examples/acme", "--as-of", AS_OF, "--format", "gitlab").stdout == acme_gitlab.stdout
    absolute = check(REPO / "examples" / "acme", "--as-of", AS_OF, "--format", "gitlab")

    def places(text):
        return [(issue["location"], issue["fingerprint"]) for issue in json.loads(text)]

    assert places(absolute.stdout) == places(acme_gitlab.stdout)


def test_gitlab_fingerprint_stays_when_the_line_moves_and_changes_with_the_finding(tmp_path):
    path = write(tmp_path, "wards.yaml", WARDS)
    before = json.loads(check(path, "--format", "gitlab", "--as-of", AS_OF).stdout)
    path.write_text("# Wards, reviewed by the ward managers\ndepartment: Care\n" + path.read_text(), encoding="utf-8")
    after = json.loads(check(path, "--format", "gitlab", "--as-of", AS_OF).stdout)

    assert [issue["check_name"] for issue in before] == [issue["check_name"] for issue in after]
    assert [issue["location"]["lines"]["begin"] + 2 for issue in before] == \
        [issue["location"]["lines"]["begin"] for issue in after]
    assert [issue["fingerprint"] for issue in before] == [issue["fingerprint"] for issue in after]
    # The same rule on another link, or another file, is another issue.
    renamed = write(tmp_path, "wards.yaml", WARDS.replace("Pharmacy", "Laboratory"))
    other = json.loads(check(renamed, "--format", "gitlab", "--as-of", AS_OF).stdout)
    moved = tmp_path / "care"
    moved.mkdir()
    copied = json.loads(check(write(moved, "wards.yaml", WARDS), "--format", "gitlab", "--as-of", AS_OF).stdout)
    hearing = {issue["fingerprint"] for issue in before if issue["check_name"] == "hearing-only"}
    assert len(hearing) == 1
    assert hearing.isdisjoint(issue["fingerprint"] for issue in other)
    assert hearing.isdisjoint(issue["fingerprint"] for issue in copied)


def test_gitlab_invalid_input_is_a_critical_issue(tmp_path):
    path = write(tmp_path, "bad.yaml", "team: Wards\ncustomers:\n  - team: Patients\n    feedbak: []\n")
    result = check(path, "--format", "gitlab", "--as-of", AS_OF)
    assert result.exit_code == 2
    (issue,) = json.loads(result.stdout)
    assert (issue["check_name"], issue["severity"], issue["location"]["lines"]["begin"]) == \
        ("unknown-key", "critical", 4)
    assert "nothing was checked" in result.stderr
