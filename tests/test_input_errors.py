"""Bad input never ends in a traceback: one clear line per problem, exit code 2.

Every case runs the real CLI on real YAML text written to a temporary
directory.  Each problem is reported on stderr as

    path:line:col: error[rule]: message[; hint]

(lines and columns 1-based), every problem in every file is reported in one
run, and ``render`` writes nothing when the input is invalid.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main

AS_OF = ["--as-of", "2026-11-22"]
PROBLEM_LINE = re.compile(r"^(?P<loc>.+?): (?P<severity>error|warning|info)\[(?P<rule>[a-z0-9-]+)\]: (?P<text>.+)$")

VALID_TEAM = """\
team: Payroll
department: Finance
suppliers: [HR Advisory]
customers:
  - team: HR Advisory
    delivers: Monthly salary overview
    agreement: https://intranet.example/sla
    feedback:
      - kind: review
        cadence: quarterly
        last: 2026-09-14
        score: 8
  - Employees
"""

# One feedback loop nested as deep as a real file nests it; cases append the loop's keys.
LOOP_PREFIX = "team: Payroll\ncustomers:\n  - team: HR\n    feedback:\n      - kind: review\n"


# -- helpers ------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Run every test inside its own temporary directory, so paths in messages are short."""
    monkeypatch.chdir(tmp_path)


def write(name: str, content: str | bytes) -> str:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return name


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert_no_crash(result)
    return result


def assert_no_crash(result) -> None:
    """chainmap ended on purpose (sys.exit), not by an exception escaping into click."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"chainmap crashed: {result.exception!r}\n{result.output}") from result.exception
    assert "Traceback" not in result.output


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if PROBLEM_LINE.match(line)]


def error_lines(result) -> list[str]:
    return [line for line in problem_lines(result.stderr) if "error[" in line]


def assert_single_error(result, location: str, rule: str, *words: str) -> str:
    """Exit 2 and exactly one error line, at ``location`` with ``rule``, mentioning ``words``."""
    assert result.exit_code == 2, result.output
    errors = error_lines(result)
    assert len(errors) == 1, result.stderr
    line = errors[0]
    assert line.startswith(f"{location}: error[{rule}]: "), line
    for word in words:
        assert word.lower() in line.lower(), f"{word!r} not in {line!r}"
    return line


def leftovers(directory: str = ".") -> list[str]:
    return sorted(name for name in os.listdir(directory) if name.startswith(".chainmap-"))


def billion_laughs(prefix: str = "") -> str:
    """9 levels of 9 aliases: 9**9 (387 million) values when expanded."""
    lines = [f'{prefix}a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{prefix}{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# -- one bad file, one clear line ---------------------------------------------------------------

# (case id, file content, location, rule, words the line must contain)
SINGLE_FILE_CASES = [
    # Reading and parsing
    ("yaml-syntax-unclosed-list", "team: Payroll\ncustomers: [HR Advisory, Employees\n",
     "3:1", "yaml-syntax", ["invalid YAML", "']'", "the '[' on line 2 is not closed on that line"]),
    ("yaml-syntax-bad-indent", "team: Payroll\n  department: Finance\n",
     "2:13", "yaml-syntax", ["invalid YAML", "mapping values",
                             "line 2 is indented 2 spaces but line 1, the key before it, is indented 0"]),
    ("yaml-syntax-unclosed-quote", 'team: "Payroll\n',
     "2:1", "yaml-syntax", ["invalid YAML", "quoted", 'line 1 is not closed', 'team: "Payroll"']),
    ("yaml-syntax-tab-indent", "team: Payroll\ncustomers:\n\t- HR Advisory\n",
     "3:1", "yaml-syntax", ["tab", "indent with spaces"]),
    ("yaml-syntax-tab-in-customer", "team: Payroll\ncustomers:\n  - team: HR\n\tdelivers: x\n",
     "4:1", "yaml-syntax", ["tab", "indent with spaces"]),
    ("yaml-syntax-unknown-alias", "team: Payroll\ncustomers:\n  - *nope\n",
     "3:5", "yaml-syntax", ["unknown alias", "*nope", "text that starts with '*'", "in quotes"]),
    ("empty-file", "", "1:1", "empty-file", ["empty"]),
    ("empty-file-comment-only", "# Payroll: fill in later\n\n", "1:1", "empty-file", ["empty"]),
    ("empty-file-whitespace-only", "   \n\n", "1:1", "empty-file", ["empty"]),
    ("multiple-documents", "team: Payroll\n---\nteam: HR Advisory\n",
     "3:1", "multiple-documents", ["more than one"]),
    # Shape of the file
    ("not-a-team-list", "- team: Payroll\n- team: HR Advisory\n", "1:1", "not-a-team", ["list"]),
    ("not-a-team-scalar", "Payroll\n", "1:1", "not-a-team", ["text"]),
    ("not-a-team-no-team-key", "name: Payroll\ncustomers: [HR]\n", "1:1", "not-a-team", ["team:"]),
    ("not-a-team-typo-teams", "tems: []\n", "1:1", "not-a-team", ["did you mean 'teams'?"]),
    ("unknown-key-custmers", "team: Payroll\ncustmers:\n  - HR Advisory\n",
     "2:1", "unknown-key", ["'custmers'", "did you mean 'customers'?"]),
    ("unknown-key-in-customer", "team: Payroll\ncustomers:\n  - team: HR\n    delivrs: x\n",
     "4:5", "unknown-key", ["'delivrs'", "did you mean 'delivers'?"]),
    ("unknown-key-in-loop", LOOP_PREFIX + "        cadance: monthly\n",
     "6:9", "unknown-key", ["'cadance'", "did you mean 'cadence'?"]),
    ("unknown-key-number", "team: Payroll\n1: one\n", "2:1", "unknown-key", ["'1'", "x-"]),
    ("unknown-key-map-organisation", "organisation: Acme\nteams: []\n",
     "1:1", "unknown-key", ["'organisation'", "did you mean 'organization'?"]),
    ("wrong-type-customers-string", "team: Payroll\ncustomers: Payroll Office\n",
     "2:12", "wrong-type", ["customers", "list", "text"]),
    ("wrong-type-customers-mapping", "team: Payroll\ncustomers: {team: HR}\n",
     "2:12", "wrong-type", ["customers", "list", "mapping"]),
    ("wrong-type-suppliers-string", "team: Payroll\nsuppliers: HR\n",
     "2:12", "wrong-type", ["suppliers", "list"]),
    ("wrong-type-external", 'team: Payroll\ncustomers:\n  - team: HR\n    external: "yes please"\n',
     "4:15", "wrong-type", ["external", "true or false"]),
    ("wrong-type-feedback-string", "team: Payroll\ncustomers:\n  - team: HR\n    feedback: review\n",
     "4:15", "wrong-type", ["feedback", "list"]),
    ("wrong-type-feedback-item-string", "team: Payroll\ncustomers:\n  - team: HR\n    feedback:\n      - review\n",
     "5:9", "wrong-type", ["feedback loop", "mapping", "- kind: review"]),
    ("wrong-type-team-list", "team: [Payroll, HR]\n", "1:7", "wrong-type", ["team name", "list"]),
    ("wrong-type-team-empty", "team:\n", "1:6", "wrong-type", ["team name", "empty"]),
    ("wrong-type-description-mapping", "team: Payroll\ndescription: {a: 1}\n",
     "2:14", "wrong-type", ["description", "mapping"]),
    ("wrong-type-mapping-as-key", "? {a: 1}\n: x\nteam: Payroll\n", "1:3", "wrong-type", ["key"]),
    ("wrong-type-merge-scalar", "team: Payroll\n<<: 5\n", "2:5", "wrong-type", ["<<"]),
    ("wrong-type-teams-string", "organization: Acme\nteams: Payroll\n",
     "2:8", "wrong-type", ["teams", "list"]),
    ("wrong-type-teams-item", "organization: Acme\nteams:\n  - Payroll\n",
     "3:5", "wrong-type", ["teams", "mapping"]),
    ("wrong-type-organization-list", "organization: [Acme]\nteams: []\n",
     "1:15", "wrong-type", ["organization", "list"]),
    ("missing-key-customer-team", "team: Payroll\ncustomers:\n  - delivers: Salary overview\n",
     "3:5", "missing-key", ["team:"]),
    ("missing-key-loop-kind", "team: Payroll\ncustomers:\n  - team: HR\n    feedback:\n      - cadence: monthly\n",
     "5:9", "missing-key", ["kind:", "review"]),
    ("missing-key-map-team", "organization: Acme\nteams:\n  - department: Finance\n",
     "3:5", "missing-key", ["team:"]),
    ("duplicate-key", "team: Payroll\ndepartment: Finance\ndepartment: HR\n",
     "3:1", "duplicate-key", ["'department'", "first at line 2"]),
    ("duplicate-key-in-customer", "team: Payroll\ncustomers:\n  - team: HR\n    team: IT\n",
     "4:5", "duplicate-key", ["'team'", "first at line 3"]),
    ("duplicate-key-flow", "team: Payroll\ncustomers: [{team: HR, team: IT}]\n",
     "2:24", "duplicate-key", ["'team'", "first at line 2"]),
    # YAML guessing types for names
    ("not-text-bool-team", "team: NO\n", "1:7", "not-text", ["boolean", "put it in quotes", '"NO"']),
    ("not-text-number-team", "team: 1984\n", "1:7", "not-text", ["number", "put it in quotes", '"1984"']),
    ("not-text-bool-customer", "team: Payroll\ncustomers:\n  - team: yes\n",
     "3:11", "not-text", ["boolean", "put it in quotes", '"yes"']),
    ("not-text-bool-short-customer", "team: Payroll\ncustomers:\n  - yes\n",
     "3:5", "not-text", ["boolean", "put it in quotes"]),
    ("not-text-number-department", "team: Payroll\ndepartment: 5\n",
     "2:13", "not-text", ["number", "put it in quotes"]),
    ("not-text-date-supplier", "team: Payroll\nsuppliers: [2026-01-01]\n",
     "2:13", "not-text", ["date", "put it in quotes"]),
    ("empty-name", 'team: ""\n', "1:7", "empty-name", ["empty"]),
    ("no-id", 'team: "!!!"\n', "1:7", "no-id", ["letters or digits"]),
    # Links
    ("self-customer", "team: Payroll\ncustomers:\n  - HR\n  - Payroll\n",
     "4:5", "self-customer", ["Payroll", "itself"]),
    ("duplicate-link", "team: Payroll\ncustomers:\n  - HR\n  - team: hr\n    delivers: x\n",
     "4:5", "duplicate-link", ["twice", "first at line 3"]),
    # Feedback loop values
    ("bad-kind-typo", "team: Payroll\ncustomers:\n  - team: HR\n    feedback:\n      - kind: reveiw\n",
     "5:15", "bad-kind", ["'reveiw'", "conversation", "tickets", "did you mean 'review'?"]),
    ("bad-kind-number", "team: Payroll\ncustomers:\n  - team: HR\n    feedback:\n      - kind: 5\n",
     "5:15", "bad-kind", ["'5'", "review"]),
    ("bad-cadence-typo", LOOP_PREFIX + "        cadence: quartly\n",
     "6:18", "bad-cadence", ["'quartly'", "did you mean 'quarterly'?"]),
    ("bad-cadence-bare-number", LOOP_PREFIX + "        cadence: 30\n",
     "6:18", "bad-cadence", ["'30'", "30 days"]),
    ("bad-cadence-zero", LOOP_PREFIX + "        cadence: 0 days\n",
     "6:18", "bad-cadence", ["'0 days'", "N days|weeks|months"]),
    ("bad-date-feb-30", LOOP_PREFIX + "        last: 2026-02-30\n",
     "6:15", "bad-date", ["2026-02-30", "YYYY-MM-DD"]),
    ("bad-date-month-13", LOOP_PREFIX + "        last: 2026-13-45\n",
     "6:15", "bad-date", ["2026-13-45", "YYYY-MM-DD"]),
    ("bad-date-word", LOOP_PREFIX + "        last: yesterday\n",
     "6:15", "bad-date", ["yesterday", "YYYY-MM-DD"]),
    ("bad-score-11", LOOP_PREFIX + "        score: 11\n", "6:16", "bad-score", ["11", "0-10"]),
    ("bad-score-negative", LOOP_PREFIX + "        score: -1\n", "6:16", "bad-score", ["-1", "0-10"]),
    ("bad-score-word", LOOP_PREFIX + "        score: high\n", "6:16", "bad-score", ["'high'", "0 to 10"]),
    ("bad-score-nan", LOOP_PREFIX + "        score: .nan\n", "6:16", "bad-score", ["'.nan'", "0 to 10"]),
    ("bad-score-infinite", LOOP_PREFIX + "        score: 1.0e+400\n", "6:16", "bad-score", ["1.0e+400"]),
    ("bad-score-bool", LOOP_PREFIX + "        score: true\n", "6:16", "bad-score", ["'true'"]),
    # Tags
    ("bad-tag-bool", "team: Payroll\ndescription: !!bool maybe\n",
     "2:14", "bad-tag", ["'!!bool'", "'maybe' is not a boolean", "remove the tag"]),
    ("bad-tag-timestamp", "team: Payroll\ncustomers:\n  - team: HR\n    feedback:\n      - kind: review\n        last: !!timestamp soon\n",
     "6:15", "bad-tag", ["'!!timestamp'", "'soon' is not a date"]),
    ("bad-tag-empty-int", "team: Payroll\ndescription: !!int ''\n",
     "2:14", "bad-tag", ["'' is not a whole number"]),
    ("bad-tag-collection", "team: Payroll\ncustomers: !!map [HR]\n",
     "2:12", "bad-tag", ["a list is not a mapping"]),
    ("unsafe-tag-python-value", 'team: !!python/object/apply:os.system ["true"]\n',
     "1:7", "unsafe-tag", ["!!python/object/apply:os.system", "not allowed", "remove the tag"]),
    ("unsafe-tag-python-root", '!!python/object/apply:os.system ["true"]\n',
     "1:1", "unsafe-tag", ["!!python/object/apply:os.system"]),
    ("unsafe-tag-python-mapping", "team: Payroll\ncustomers:\n  - !!python/object:os.Foo {team: HR}\n",
     "3:5", "unsafe-tag", ["!!python/object:os.Foo"]),
    ("unsafe-tag-custom", "team: !Ref x\n", "1:7", "unsafe-tag", ["'!Ref'", "not supported", "remove the tag"]),
    ("unsafe-tag-custom-on-list", "team: Payroll\ncustomers: !Ref x\n", "2:12", "unsafe-tag", ["'!Ref'"]),
    # Bytes that are not UTF-8 text
    ("encoding-latin-1", b"team: Payroll\ndepartment: caf\xe9\n",
     "2:16", "encoding", ["UTF-8", "0xe9", "save it as UTF-8"]),
    ("encoding-utf-16-le", "team: Payroll\n".encode("utf-16"), "1:1", "encoding", ["UTF-16", "UTF-8"]),
    ("encoding-utf-16-be", b"\xfe\xff" + "team: Payroll\n".encode("utf-16-be"), "1:1", "encoding", ["UTF-16"]),
    ("binary-png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06",
     "3:1", "binary", ["binary"]),
    ("yaml-syntax-control-character", b"team: Pay\x07roll\n", "1:10", "yaml-syntax", ["control character"]),
]


@pytest.mark.parametrize(
    "content, location, rule, words",
    [pytest.param(*case[1:], id=case[0]) for case in SINGLE_FILE_CASES],
)
def test_check_reports_one_clear_error_line(content, location, rule, words):
    write("team.yaml", content)

    result = run("check", *AS_OF, "team.yaml")

    assert_single_error(result, f"team.yaml:{location}", rule, *words)
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "1 error: nothing was checked"


@pytest.mark.parametrize(
    "content, location, rule",
    [pytest.param(case[1], case[2], case[3], id=case[0]) for case in SINGLE_FILE_CASES],
)
def test_render_reports_the_same_error_and_writes_nothing(content, location, rule):
    write("team.yaml", content)

    result = run("render", *AS_OF, "team.yaml")

    assert_single_error(result, f"team.yaml:{location}", rule)
    assert "wrote" not in result.stderr
    assert sorted(os.listdir(".")) == ["team.yaml"]  # no team.svg, no .chainmap-* temporary file


def test_valid_reference_file_is_not_an_error():
    """The baseline the error cases are measured against: the reference team file is accepted."""
    write("team.yaml", VALID_TEAM)

    result = run("check", *AS_OF, "team.yaml")

    assert result.exit_code in (0, 1), result.output
    assert error_lines(result) == []
    assert "error[" not in result.output


def test_x_keys_are_allowed_at_every_level():
    write("team.yaml", "team: Payroll\nx-owner: M. de Vries\ncustomers:\n  - team: HR\n    x-since: 2021\n"
                       "    feedback:\n      - kind: review\n        x-by: phone\n")
    write("org.yaml", "organization: Acme\nx-source: wiki\nteams:\n  - team: HR\n    x-room: 3\n")

    result = run("check", *AS_OF, "team.yaml", "org.yaml")

    assert result.exit_code in (0, 1), result.output
    assert "error[" not in result.output
    assert result.stdout.splitlines()[-1].startswith("2 teams, 1 link")


def test_unsafe_python_tag_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    write("team.yaml", f'team: !!python/object/apply:os.system ["touch {marker}"]\n'
                       f'customers:\n  - !!python/object/apply:os.system ["touch {marker}"]\n')

    result = run("check", "team.yaml")

    assert result.exit_code == 2
    assert [line.split(": error")[0] for line in error_lines(result)] == ["team.yaml:1:7", "team.yaml:3:5"]
    assert all("error[unsafe-tag]" in line for line in error_lines(result))
    assert not marker.exists()


# -- directories and paths -------------------------------------------------------------------------

def test_directory_without_yaml_files():
    write("teams/README.md", "team: Payroll\n")
    write("teams/payroll.json", '{"team": "Payroll"}')
    write("teams/.hidden/payroll.yaml", "team: Payroll\n")

    result = run("check", "teams")

    assert result.exit_code == 2
    assert error_lines(result) == ["teams: error[no-yaml-files]: directory has no *.yaml or *.yml files"]


def test_missing_path():
    result = run("check", "nowhere/team.yaml")

    assert result.exit_code == 2
    assert error_lines(result) == ["nowhere/team.yaml: error[missing-path]: no such file or directory"]


def test_file_larger_than_limit_is_refused_without_parsing():
    with open("huge.yaml", "w", encoding="utf-8") as stream:
        stream.write("team: Payroll\n")
        stream.write(("# " + "x" * 1021 + "\n") * (21 * 1024))

    result = run("check", "huge.yaml")

    line = assert_single_error(result, "huge.yaml", "too-large")
    assert "20 MB" in line


# -- cross-file problems and collecting all problems in one run ------------------------------------

def test_duplicate_team_in_two_files_names_the_other_place():
    write("teams/a.yaml", "team: Payroll\n")
    write("teams/b.yaml", "# the same team again\nteam: payroll\n")

    result = run("check", "teams")

    assert_single_error(result, "teams/b.yaml:2:1", "duplicate-team", "twice", "teams/a.yaml:1:1")


def test_duplicate_team_in_a_map_and_a_team_file():
    write("org.yaml", "organization: Acme\nteams:\n  - team: HR Advisory\n  - team: Payroll\n")
    write("payroll.yaml", "team: Payroll\n")

    result = run("check", "org.yaml", "payroll.yaml")

    assert_single_error(result, "payroll.yaml:1:1", "duplicate-team", "org.yaml:4:5")


def test_all_problems_in_all_files_are_reported_sorted_by_file_then_line():
    write("teams/c.yml", "team: [\n")
    write("teams/b.yaml", "team: Payroll\ncustmers: []\nteam: Payroll again\n"
                          "customers:\n  - team: HR\n    feedback:\n      - kind: reveiw\n")
    write("teams/a.yaml", "team: HR\ncustomers:\n  - team: Payroll\n    feedback:\n      - kind: review\n"
                          "        score: 11\n        cadence: quartly\n")
    write("teams/ok.yaml", "team: Fine\n")
    write("z-extra.yaml", "team: HR\n")
    write("bin.yaml", b"\x00\x01\x02")

    # Given out of order on purpose; the report is still sorted.
    result = run("check", *AS_OF, "z-extra.yaml", "teams", "bin.yaml")

    assert result.exit_code == 2
    locations = [(line.split(": error[")[0], line.split("error[")[1].split("]")[0]) for line in error_lines(result)]
    assert locations == [
        ("bin.yaml:1:1", "binary"),
        ("teams/a.yaml:1:1", "duplicate-team"),
        ("teams/a.yaml:6:16", "bad-score"),
        ("teams/a.yaml:7:18", "bad-cadence"),
        ("teams/b.yaml:2:1", "unknown-key"),
        ("teams/b.yaml:3:1", "duplicate-key"),
        ("teams/b.yaml:7:15", "bad-kind"),
        ("teams/c.yml:2:1", "yaml-syntax"),
    ]
    # z-extra.yaml came first on the command line, so the copy in teams/a.yaml is the duplicate.
    assert "z-extra.yaml:1:1" in error_lines(result)[1]
    assert result.stderr.splitlines()[-1] == "8 errors: nothing was checked"


def test_render_reports_all_problems_of_all_files_and_writes_nothing():
    write("teams/a.yaml", "team: NO\n")
    write("teams/b.yaml", "team: Payroll\ncustomers: Employees\n")

    result = run("render", *AS_OF, "teams", "-o", "map.svg")

    assert result.exit_code == 2
    assert [line.split(": error[")[0] for line in error_lines(result)] == ["teams/a.yaml:1:7", "teams/b.yaml:2:12"]
    assert not Path("map.svg").exists()
    assert leftovers() == []


def test_bad_team_name_does_not_hide_other_problems_of_that_team():
    """All problems are reported in one run, also those of a team whose name is invalid."""
    write("team.yaml", "team: 1984\ncustomers: Payroll Office\n")

    result = run("check", "team.yaml")

    assert result.exit_code == 2
    assert [line.split(": error[")[0] + " " + line.split("error[")[1].split("]")[0]
            for line in error_lines(result)] == [
        "team.yaml:1:7 not-text",
        "team.yaml:2:12 wrong-type",
    ]


# -- positions of problems the YAML reader finds ----------------------------------------------------

@pytest.mark.parametrize("content, location", [
    pytest.param(b"team: Payroll\ndepartment: Fin\x07ance\n", "2:16", id="bell-on-line-2"),
    pytest.param(b"team: Payroll\n\x0ccustomers: []\n", "2:1", id="form-feed-at-line-start"),
    pytest.param("team: Café\ndescription: \"caf\x1b\"\n".encode(), "2:18", id="escape-after-accent"),
])
def test_control_character_is_reported_at_its_line_and_column(content, location):
    write("team.yaml", content)

    result = run("check", "team.yaml")

    assert_single_error(result, f"team.yaml:{location}", "yaml-syntax", "control character")


def test_encoding_error_column_counts_characters_like_yaml_errors_do():
    """Columns are characters everywhere (as in an editor), also before a stray Latin-1 byte."""
    write("team.yaml", b"team: Payroll\ndepartment: \xe2\x98\x95 caf\xe9\n")  # U+2615 is 3 bytes

    result = run("check", "team.yaml")

    assert_single_error(result, "team.yaml:2:18", "encoding", "0xe9")


# -- YAML syntax errors: a hint a newcomer can act on -----------------------------------------------
#
# libyaml's message stays as it is; chainmap adds what to change, read from the text around the
# error.  These tests assert chainmap's hint, never libyaml's wording.

# The reference file with a second customer that has keys of its own.
TWO_CUSTOMERS = VALID_TEAM.replace("  - Employees\n", "  - team: Employees\n    delivers: Payslips\n")


def number_of(text: str, start: str) -> int:
    """1-based number of the first line that starts with ``start`` once its indentation is set aside."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.lstrip(" ").startswith(start))


def reindent(text: str, start: str, spaces: int) -> str:
    """``text`` with the line starting with ``start`` indented ``spaces`` spaces."""
    lines = text.splitlines()
    number = number_of(text, start)
    lines[number - 1] = " " * spaces + lines[number - 1].lstrip(" ")
    return "\n".join(lines) + "\n"


def check_one_syntax_error(content: str) -> str:
    """The one yaml-syntax line `check` prints for ``content`` written to team.yaml."""
    write("team.yaml", content)
    result = run("check", *AS_OF, "team.yaml")
    assert result.exit_code == 2, result.output
    (line,) = error_lines(result)
    assert ": error[yaml-syntax]: invalid YAML: " in line
    return line


def assert_file_is_valid(content: str) -> None:
    write("team.yaml", content)
    result = run("check", *AS_OF, "team.yaml")
    assert result.exit_code in (0, 1), result.output
    assert error_lines(result) == []


def test_colon_in_a_value_hints_at_the_line_with_the_value_quoted():
    content = VALID_TEAM.replace("department: Finance\n",
                                 "department: Finance\ndescription: Social support: home care\n")
    number = number_of(content, "description:")
    column = len("description: Social support") + 1  # the second ': ', where YAML gives up

    line = check_one_syntax_error(content)

    assert line.startswith(f"team.yaml:{number}:{column}: error[yaml-syntax]: invalid YAML: ")
    assert line.endswith('; put the value in quotes: description: "Social support: home care"')
    # Doing what the hint says makes the file valid.
    assert_file_is_valid(content.replace("Social support: home care", '"Social support: home care"'))


@pytest.mark.parametrize("written, fixed", [
    pytest.param('Say "hi": then listen', """'Say "hi": then listen'""", id="double-quote-inside"),
    pytest.param("""Bob's "team": HR""", '''"Bob's \\"team\\": HR"''', id="both-quotes-inside"),
    pytest.param("Social support: home care  # ask Ann", '"Social support: home care" # ask Ann', id="comment-kept"),
    pytest.param("@home care", '"@home care"', id="starts-with-at"),
    pytest.param("`salary` overview", '"`salary` overview"', id="starts-with-backtick"),
    pytest.param("%50 of the payslips", '"%50 of the payslips"', id="starts-with-percent"),
    pytest.param("& more", '"& more"', id="starts-with-ampersand"),
    pytest.param("| monthly", '"| monthly"', id="starts-with-bar"),
])
def test_a_value_yaml_cannot_read_unquoted_gets_the_quoted_line(written, fixed):
    content = LOOP_PREFIX.replace("team: HR\n", f"team: HR\n    delivers: {written}\n")

    line = check_one_syntax_error(content)

    assert line.startswith(f"team.yaml:{number_of(content, 'delivers:')}:")
    assert line.endswith(f"; put the value in quotes: delivers: {fixed}")
    assert_file_is_valid(content.replace(f"delivers: {written}", f"delivers: {fixed}"))


@pytest.mark.parametrize("written, fixed", [
    pytest.param('"Monthly" report', """'"Monthly" report'""", id="double-quoted-word-first"),
    pytest.param("'Monthly' report", """"'Monthly' report\"""", id="single-quoted-word-first"),
    pytest.param("'Bob's report'", '''"Bob's report"''', id="apostrophe-in-single-quotes"),
    pytest.param("[draft] overview", '"[draft] overview"', id="brackets-first"),
])
def test_a_value_that_goes_on_after_its_closing_quote_gets_the_whole_value_quoted(written, fixed):
    content = VALID_TEAM.replace("delivers: Monthly salary overview", f"delivers: {written}")

    line = check_one_syntax_error(content)

    assert line.startswith(f"team.yaml:{number_of(content, 'delivers:')}:")
    assert line.endswith(f"; put the whole value in quotes: delivers: {fixed}")
    assert_file_is_valid(content.replace(f"delivers: {written}", f"delivers: {fixed}"))


def test_an_unclosed_quote_names_its_line_even_when_yaml_fails_further_down():
    content = VALID_TEAM.replace("delivers: Monthly salary overview", 'delivers: "Monthly salary overview')
    number = number_of(content, "delivers:")

    line = check_one_syntax_error(content)

    assert f"the quote opened on line {number} is not closed on that line" in line
    assert line.endswith('put the whole value in quotes: delivers: "Monthly salary overview"')


def test_a_list_on_the_key_line_explains_both_readings():
    content = VALID_TEAM.replace("delivers: Monthly salary overview", "delivers: - salary overview")

    line = check_one_syntax_error(content)

    assert "a list goes on the lines below its key" in line
    assert line.endswith('put it in quotes: delivers: "- salary overview"')


def test_customer_over_indented_by_one_space_names_both_items_and_their_indentation():
    content = reindent(TWO_CUSTOMERS, "- team: Employees", 3)
    number, first = number_of(content, "- team: Employees"), number_of(content, "- team: HR Advisory")

    line = check_one_syntax_error(content)

    assert line.startswith(f"team.yaml:{number}:4: error[yaml-syntax]: ")
    assert line.endswith(f"; line {number} is indented 3 spaces but line {first}, an earlier item, "
                         "is indented 2; items of one list must line up")
    assert_file_is_valid(reindent(content, "- team: Employees", 2))


def test_customer_over_indented_after_a_short_form_customer():
    """YAML reads the second item as more text of '- Employees' up to its colon: the hint says why."""
    content = VALID_TEAM + "   - team: Payroll Office\n     delivers: Payslips\n"
    number = number_of(content, "- team: Payroll Office")

    line = check_one_syntax_error(content)

    assert line.startswith(f"team.yaml:{number}:")
    assert line.endswith(f"; line {number} is indented 3 spaces but line {number - 1}, the item before it, "
                         "is indented 2; items of one list must line up")


def test_list_item_next_to_a_differently_indented_one_is_called_the_item_before_it():
    content = "team: Payroll\nsuppliers:\n  - HR Advisory\n - IT Service Desk\n"

    line = check_one_syntax_error(content)

    assert line.startswith("team.yaml:4:2: error[yaml-syntax]: ")
    assert line.endswith("; line 4 is indented 1 space but line 3, the item before it, is indented 2; "
                         "items of one list must line up")


@pytest.mark.parametrize("key, spaces, sibling, sibling_indent", [
    pytest.param("delivers:", 5, "- team: HR Advisory", "4 (counting its '- ')", id="first-key-after-dash-over"),
    pytest.param("delivers:", 3, "- team: HR Advisory", "4 (counting its '- ')", id="first-key-after-dash-under"),
    pytest.param("agreement:", 5, "delivers:", "4", id="key-over"),
    pytest.param("agreement:", 3, "delivers:", "4", id="key-under"),
    pytest.param("cadence:", 9, "- kind: review", "8 (counting its '- ')", id="loop-key-over"),
])
def test_key_of_a_customer_indented_unlike_its_siblings(key, spaces, sibling, sibling_indent):
    content = reindent(VALID_TEAM, key, spaces)
    number, other = number_of(content, key), number_of(content, sibling)

    line = check_one_syntax_error(content)

    assert line.startswith(f"team.yaml:{number}:")
    assert line.endswith(f"; line {number} is indented {spaces} spaces but line {other}, the key before it, "
                         f"is indented {sibling_indent}; keys of one mapping must line up")


def test_key_at_the_dash_of_its_item_says_how_far_the_item_keys_are_indented():
    content = reindent(VALID_TEAM, "delivers:", 2)

    line = check_one_syntax_error(content)

    assert line.endswith("; line 6 is indented 2 spaces, like the '-' on line 5, but is not a list item; "
                         "a key of that item must be indented 4, like 'team' on line 5")


def test_keys_under_a_plain_list_item_say_the_item_cannot_hold_keys():
    content = VALID_TEAM.replace("  - Employees\n", "  - Employees\n    delivers: Payslips\n")
    number = number_of(content, "- Employees")

    line = check_one_syntax_error(content)

    assert f"line {number} is a plain list item, so line {number + 1} cannot add keys to it" in line


@pytest.mark.parametrize("content", [
    # A value over two lines, then a key: which line is off cannot be told from the text.
    pytest.param("team: Payroll\ndescription: Pays 4,000 employees\n  on time\n  contact: payroll@example.org\n",
                 id="key-after-a-continued-value"),
    # The error is inside the brackets: the quoting and indentation rules do not apply.
    pytest.param("team: Payroll\ncustomers: [HR Advisory: Payroll: x]\n", id="inside-a-flow-list"),
    # A line without a colon among keys that line up: no indentation to blame.
    pytest.param("team: Payroll\nPayroll team\ndepartment: Finance\n", id="line-without-a-key"),
])
def test_no_hint_when_the_text_does_not_show_the_cause(content):
    write("team.yaml", content)

    result = run("check", *AS_OF, "--format", "json", "team.yaml")

    assert result.exit_code == 2
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "yaml-syntax"
    assert finding["hint"] is None


# "line 7 is indented 5 spaces", "line 6, the key before it, is indented 4 (counting its '- ')",
# "indented 2 (line 5) and 6 (line 9)", "like the '-' on line 5", "indented 4, like 'team' on line 5".
_CLAIMS = [
    (re.compile(r"line (?P<line>\d+) is indented (?P<indent>\d+) spaces?"), "indent"),
    (re.compile(r"line (?P<line>\d+), [a-z ]+, is indented (?P<indent>\d+)(?P<key> \(counting its '- '\))?"), None),
    (re.compile(r"(?P<indent>\d+) \(line (?P<line>\d+)(?P<key>, counting its '- ')?\)"), None),
    (re.compile(r"indented (?P<indent>\d+) spaces, like the '-' on line (?P<line>\d+)"), "indent"),
    (re.compile(r"indented (?P<indent>\d+), like '[^']+' on line (?P<line>\d+)"), "key"),
]


def _claims(hint: str):
    """``(line, indent, counted after '- ')`` for every statement about indentation in ``hint``."""
    for pattern, kind in _CLAIMS:
        for match in pattern.finditer(hint):
            after_dash = kind == "key" or (kind is None and bool(match["key"]))
            yield int(match["line"]), int(match["indent"]), after_dash


def test_indentation_hints_never_state_something_false(tmp_path):
    """Every line of a realistic file moved 1 or 2 spaces either way: each hint's numbers match the file."""
    lines = TWO_CUSTOMERS.splitlines()
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        for shift in (-2, -1, 1, 2):
            if indent + shift >= 0:
                moved = lines[:number] + [" " * (indent + shift) + line.lstrip(" ")] + lines[number + 1:]
                write(f"moved/{number + 1:02d}{shift:+d}.yaml", "\n".join(moved) + "\n")

    result = run("check", *AS_OF, "moved")

    syntax_errors = [line for line in error_lines(result) if "error[yaml-syntax]" in line]
    assert len(syntax_errors) > 30
    checked = 0
    for error in syntax_errors:
        path, _ = error.split(":", 1)
        text = Path(path).read_text(encoding="utf-8").splitlines()
        hint = error.split("; ", 1)[1] if "; " in error else ""
        for number, indent, after_dash in _claims(hint):
            line = text[number - 1]
            said = len(line) - len(line.lstrip(" -")) if after_dash else len(line) - len(line.lstrip(" "))
            assert said == indent, f"{error}\n{number}: {line!r}"
            if after_dash:
                assert line.lstrip(" ").startswith("- "), error
            checked += 1
    assert checked > 2 * len(syntax_errors)  # the hints do state indentation, two lines at a time


# -- messages never show Python internals -----------------------------------------------------------

@pytest.mark.parametrize("content, location, rule", [
    pytest.param(LOOP_PREFIX.replace("kind: review", "kind: [review, survey]"), "5:15", "bad-kind", id="kind-list"),
    pytest.param(LOOP_PREFIX + "        last: [2026]\n", "6:15", "bad-date", id="last-list"),
])
def test_message_for_a_list_value_does_not_say_none(content, location, rule):
    write("team.yaml", content)

    result = run("check", "team.yaml")

    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert line.startswith(f"team.yaml:{location}: error[")
    assert "list" in line
    assert "None" not in line


# -- hostile input: fast, bounded, and never executed ------------------------------------------------

@pytest.mark.parametrize("content, location", [
    pytest.param(billion_laughs(), "7:8", id="top-level"),
    pytest.param("team: Payroll\n" + billion_laughs(prefix="x-"), "8:10", id="under-x-keys"),
])
def test_alias_bomb_is_rejected_quickly(content, location):
    write("team.yaml", content)

    started = time.perf_counter()
    result = run("check", "team.yaml")
    elapsed = time.perf_counter() - started

    assert_single_error(result, f"team.yaml:{location}", "alias-bomb", "aliases")
    assert elapsed < 1.0


@pytest.mark.parametrize("content, location", [
    pytest.param("[" * 100_000, "1:65", id="100k-open-brackets"),
    pytest.param("{a: " * 100_000, "1:257", id="100k-flow-mappings"),
    pytest.param("- " * 10_000 + "x\n", "1:129", id="10k-block-sequences"),
    pytest.param("".join(" " * depth + f"k{depth}:\n" for depth in range(1_000)), "65:65", id="1k-block-mappings"),
    pytest.param("team: Payroll\nx-deep: " + "[" * 100_000 + "]" * 100_000 + "\n", "2:72", id="in-a-team"),
])
def test_deep_nesting_is_rejected_quickly(content, location):
    write("team.yaml", content)

    started = time.perf_counter()
    result = run("check", "team.yaml")
    elapsed = time.perf_counter() - started

    assert_single_error(result, f"team.yaml:{location}", "too-deep", "64 levels")
    assert elapsed < 1.0


def _run_module(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chainmap", *args], capture_output=True, text=True,
                          timeout=60, cwd=os.getcwd())


@pytest.mark.parametrize("content, command, location, rule", [
    pytest.param(billion_laughs(), "check", "7:8", "alias-bomb", id="alias-bomb-check"),
    pytest.param("[" * 100_000, "check", "1:65", "too-deep", id="deep-nesting-check"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, "check", "3:1", "binary", id="binary-check"),
    pytest.param(billion_laughs(), "render", "7:8", "alias-bomb", id="alias-bomb-render"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, "render", "3:1", "binary", id="binary-render"),
])
def test_real_process_prints_one_line_and_no_traceback(content, command, location, rule):
    write("team.yaml", content)

    process = _run_module(command, "team.yaml")

    assert process.returncode == 2, process.stderr
    assert "Traceback" not in process.stderr + process.stdout
    assert process.stderr.splitlines()[0].startswith(f"team.yaml:{location}: error[{rule}]: ")
    assert problem_lines(process.stderr) == [process.stderr.splitlines()[0]]
    assert process.stdout == ""
    assert sorted(os.listdir(".")) == ["team.yaml"]


def test_real_process_does_not_run_python_tags(tmp_path):
    marker = tmp_path / "pwned"
    write("team.yaml", f'team: !!python/object/apply:os.system ["touch {marker}"]\n')

    process = _run_module("render", "team.yaml", "-o", "out.svg")

    assert process.returncode == 2
    assert "Traceback" not in process.stderr
    assert process.stderr.startswith("team.yaml:1:7: error[unsafe-tag]: ")
    assert not marker.exists()
    assert not Path("out.svg").exists()


# -- render: output paths ----------------------------------------------------------------------------

def test_output_into_missing_directory():
    write("team.yaml", VALID_TEAM)

    result = run("render", *AS_OF, "team.yaml", "-o", "missing_dir/x.svg")

    assert_single_error(result, "missing_dir/x.svg", "output", "'missing_dir'", "does not exist")
    assert not Path("missing_dir").exists()


@pytest.mark.parametrize("args", [
    pytest.param(["-f", "svg", "-o", "maps"], id="plain-directory-with-format"),
    pytest.param(["-o", "maps.svg"], id="directory-named-like-a-file"),
])
def test_output_is_an_existing_directory(args):
    write("team.yaml", VALID_TEAM)
    target = args[-1]
    os.mkdir(target)

    result = run("render", *AS_OF, "team.yaml", *args)

    assert_single_error(result, target, "output", "is a directory")
    assert os.listdir(target) == []


def test_output_under_a_regular_file():
    """Cannot be written even by root: a regular file is not a directory."""
    write("team.yaml", VALID_TEAM)
    write("somefile.txt", "keep me\n")

    result = run("render", *AS_OF, "team.yaml", "-o", "somefile.txt/out.svg")

    assert_single_error(result, "somefile.txt/out.svg", "output", "somefile.txt")
    assert Path("somefile.txt").read_text() == "keep me\n"


def test_output_into_read_only_directory():
    if os.geteuid() == 0:
        pytest.skip("root can write into a read-only directory")
    write("team.yaml", VALID_TEAM)
    os.mkdir("locked")
    os.chmod("locked", 0o555)
    try:
        result = run("render", *AS_OF, "team.yaml", "-o", "locked/x.svg")
    finally:
        os.chmod("locked", 0o755)

    assert_single_error(result, "locked/x.svg", "output", "cannot write")
    assert os.listdir("locked") == []


def test_invalid_input_leaves_existing_output_untouched():
    write("team.yaml", "team: Payroll\ncustmers: []\n")
    write("map.svg", "<svg>old map</svg>\n")

    result = run("render", *AS_OF, "team.yaml", "-o", "map.svg")

    assert_single_error(result, "team.yaml:2:1", "unknown-key")
    assert Path("map.svg").read_text() == "<svg>old map</svg>\n"
    assert leftovers() == []


def test_invalid_input_to_stdout_prints_nothing_on_stdout():
    write("team.yaml", "team: NO\n")

    result = run("render", *AS_OF, "team.yaml", "-f", "dot", "-o", "-")

    assert_single_error(result, "team.yaml:1:7", "not-text")
    assert result.stdout == ""


# -- render: unknown team for --focus ----------------------------------------------------------------

@pytest.mark.parametrize("focus, hint", [
    pytest.param("Nobody", None, id="far-off"),
    pytest.param("Payrol", "did you mean 'Payroll'?", id="typo"),
])
def test_focus_on_unknown_team(focus, hint):
    write("team.yaml", VALID_TEAM)

    result = run("render", *AS_OF, "team.yaml", "--focus", focus, "-o", "focus.svg")

    line = assert_single_error(result, "chainmap", "unknown-team", f"'{focus}'")
    if hint:
        assert line.endswith(f"; {hint}")
    else:
        assert "did you mean" not in line
    assert not Path("focus.svg").exists()
    assert leftovers() == []


# -- usage errors from click ---------------------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    pytest.param(["check", "--as-of", "2026-13-01"], ["--as-of", "2026-13-01", "YYYY-MM-DD"], id="check-as-of-month-13"),
    pytest.param(["check", "--as-of", "yesterday"], ["--as-of", "YYYY-MM-DD"], id="check-as-of-word"),
    pytest.param(["render", "--as-of", "22-11-2026", "-o", "out.svg"], ["--as-of", "YYYY-MM-DD"], id="render-as-of"),
    pytest.param(["check", "--format", "xml"], ["--format", "'xml'"], id="check-format"),
    pytest.param(["render", "-f", "jpg", "-o", "out.svg"], ["--format", "'jpg'"], id="render-format"),
    pytest.param(["render", "--depth", "-1", "-o", "out.svg"], ["--depth"], id="render-depth"),
])
def test_usage_errors_exit_2_without_output(args, words):
    write("team.yaml", VALID_TEAM)

    result = run(*args, "team.yaml")

    assert result.exit_code == 2
    assert "Error: Invalid value" in result.stderr
    for word in words:
        assert word in result.stderr
    assert result.stdout == ""
    assert sorted(os.listdir(".")) == ["team.yaml"]


def test_render_output_name_without_known_suffix():
    write("team.yaml", VALID_TEAM)

    result = run("render", "team.yaml", "-o", "map.jpg")

    assert_single_error(result, "chainmap", "format", "'map.jpg'", "-f svg")
    assert not Path("map.jpg").exists()


# -- check --format json ------------------------------------------------------------------------------

def test_check_json_lists_input_errors_as_findings():
    write("teams/a.yaml", "team: Payroll\ncustmers: []\n")
    write("teams/b.yaml", "team: [\n")

    result = run("check", *AS_OF, "--format", "json", "teams")

    assert result.exit_code == 2
    document = json.loads(result.stdout)
    findings = document["findings"]
    assert [(f["rule"], f["severity"], f["file"], f["line"], f["col"]) for f in findings] == [
        ("unknown-key", "error", "teams/a.yaml", 2, 1),
        ("yaml-syntax", "error", "teams/b.yaml", 2, 1),
    ]
    assert findings[0]["hint"] == "did you mean 'customers'?"
    assert document["summary"]["errors"] == 2
    assert document["summary"]["teams"] is None
    assert "Traceback" not in result.stderr


def test_check_json_for_missing_path_has_no_position():
    result = run("check", "--format", "json", "gone.yaml")

    assert result.exit_code == 2
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "missing-path"
    assert finding["severity"] == "error"
    assert finding["file"] == "gone.yaml"
    assert finding["line"] is None and finding["col"] is None


# -- awkward but valid names are not errors -----------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
ODD_NAME = f'Quote " and back\\slash & {SCRIPT}'
WEIRD_TEAM = r"""team: "Quote \" and back\\slash & <script>alert(1)</script>"
customers:
  - team: "A\nB"
    delivers: "Reports & <b>bold</b> 📊"
  - "Café ☕ 🚀"
  - team: |
      Block
      Name
"""


def test_awkward_names_are_checked_not_rejected():
    write("weird.yaml", WEIRD_TEAM)

    result = run("check", *AS_OF, "weird.yaml")

    assert result.exit_code in (0, 1), result.output
    assert "error[" not in result.output
    assert "4 teams, 3 links" in result.stdout
    assert ODD_NAME in result.stdout
    assert "Café ☕ 🚀" in result.stdout


def test_awkward_names_keep_one_finding_per_line():
    """A name with a line break must not split a finding over two lines."""
    write("weird.yaml", WEIRD_TEAM)

    result = run("check", *AS_OF, "weird.yaml")

    lines = result.stdout.splitlines()
    assert lines[-1].startswith("4 teams, 3 links")
    for line in lines[:-1]:
        assert PROBLEM_LINE.match(line) and line.startswith("weird.yaml:"), line


def test_awkward_names_in_json_round_trip():
    write("weird.yaml", WEIRD_TEAM)

    result = run("check", *AS_OF, "--format", "json", "weird.yaml")

    assert result.exit_code in (0, 1)
    findings = json.loads(result.stdout)["findings"]
    assert {f["supplier"] for f in findings if f["supplier"]} == {ODD_NAME}
    assert {f["customer"] for f in findings if f["customer"]} == {"A\nB", "Café ☕ 🚀", "Block\nName"}


def test_awkward_names_render_as_well_formed_escaped_svg():
    write("weird.yaml", WEIRD_TEAM)

    result = run("render", *AS_OF, "weird.yaml", "-f", "svg", "-o", "weird.svg")

    assert result.exit_code == 0, result.output
    raw = Path("weird.svg").read_text(encoding="utf-8")
    assert "<script" not in raw.lower()
    root = ET.fromstring(raw.encode("utf-8"))
    assert not [element for element in root.iter() if element.tag.rsplit("}", 1)[-1].lower() == "script"]
    texts = " ".join(element.text or "" for element in root.iter())
    attributes = [value for element in root.iter() for value in element.attrib.values()]
    assert any(ODD_NAME in value for value in attributes)  # the full name, in a tooltip
    assert "&" in texts and "<script>" in texts  # the label, wrapped but unescaped after parsing
    assert "Café ☕ 🚀" in texts
    assert any("A\nB" in value for value in attributes)


def _html_labels(dot: str) -> list[str]:
    """The contents of every ``label=<...>`` in DOT text (angle brackets nest)."""
    labels = []
    for start in [m.end() for m in re.finditer(r"label=<", dot)]:
        depth, index = 1, start
        while depth:
            depth += {"<": 1, ">": -1}.get(dot[index], 0)
            index += 1
        labels.append(dot[start:index - 1])
    return labels


def test_awkward_names_render_as_escaped_dot_html_labels():
    write("weird.yaml", WEIRD_TEAM)

    result = run("render", *AS_OF, "weird.yaml", "-f", "dot", "-o", "-")

    assert result.exit_code == 0, result.output
    labels = _html_labels(result.stdout)
    assert labels
    assert not [label for label in labels if "<script" in label.lower()]
    assert any("&lt;script&gt;" in label for label in labels)
    assert any("&amp; &lt;b&gt;bold&lt;/b&gt; 📊" in label for label in labels)
