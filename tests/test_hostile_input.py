"""Input that is odd, huge or hostile: chainmap never hangs, never mistakes big for hostile, never crashes.

- special files (named pipes, devices, sockets) are never opened: given by
  name they are an error, inside a folder they are skipped with a warning;
- a big map without aliases is a big map, however many teams it holds, while
  alias bombs are still rejected at once;
- names and texts have length limits below what Graphviz can draw, and the
  longest allowed values draw to SVG, PNG and PDF;
- UTF-32, doubled byte order marks and symbolic link loops get their own words.

Everything runs the real CLI on real files; a command that could block runs
as a subprocess with a timeout, so a hang fails the test instead of hanging it.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main
from chainmap.validate import MAX_NAME_CHARS, MAX_TEXT_CHARS

AS_OF = ["--as-of", "2026-11-22"]
PROBLEM_LINE = re.compile(r"^(?P<loc>.+?): (?P<severity>error|warning|info)\[(?P<rule>[a-z0-9-]+)\]: (?P<text>.+)$")
VALID_TEAM = "team: Payroll\ndepartment: Finance\ncustomers:\n  - team: HR\n    feedback:\n      - kind: review\n"

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX only")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Every test in its own temporary directory, so paths in messages are short."""
    monkeypatch.chdir(tmp_path)


def write(name: str, content: str | bytes) -> str:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return name


def chainmap(*args: str, timeout: float = 20) -> subprocess.CompletedProcess:
    """The real program; a command that blocks fails the test after ``timeout`` seconds."""
    try:
        return subprocess.run([sys.executable, "-m", "chainmap", *args], capture_output=True, text=True,
                              timeout=timeout, cwd=os.getcwd())
    except subprocess.TimeoutExpired:
        pytest.fail(f"chainmap {' '.join(args)} did not end within {timeout} s: it blocked")


def run(*args: str):
    """The CLI in this process, for input that cannot block."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"chainmap crashed: {result.exception!r}\n{result.output}") from result.exception
    return result


def problem_lines(text: str, severity: str = "error") -> list[str]:
    return [line for line in text.splitlines()
            if (match := PROBLEM_LINE.match(line)) and match["severity"] == severity]


def assert_only_error(stderr: str, line_start: str, *words: str) -> str:
    """Exactly one error line; it starts with ``line_start`` and mentions ``words``."""
    assert "Traceback" not in stderr
    errors = problem_lines(stderr)
    assert len(errors) == 1, stderr
    (line,) = errors
    assert line.startswith(line_start), line
    for word in words:
        assert word.lower() in line.lower(), f"{word!r} not in {line!r}"
    return line


# -- special files: never opened ---------------------------------------------------------------

def fifo(name: str) -> str:
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(name)
    return name


COMMANDS = [
    pytest.param(("check",), id="check"),
    pytest.param(("render", "-f", "dot", "-o", "-"), id="render-dot-to-stdout"),
]


@needs_fifo
@pytest.mark.parametrize("command", COMMANDS)
def test_a_named_pipe_given_by_name_is_an_error_not_a_hang(command):
    fifo("x.yaml")

    process = chainmap(*command, "x.yaml")

    assert process.returncode == 2, process.stderr
    line = assert_only_error(process.stderr, "x.yaml: error[not-a-file]: ")
    assert line == "x.yaml: error[not-a-file]: not a regular file (a named pipe); chainmap reads only regular files"
    assert process.stdout == ""


@needs_fifo
@pytest.mark.parametrize("command", COMMANDS)
def test_a_named_pipe_in_a_folder_is_skipped_and_named(command):
    """The run is the one without the pipe, plus a warning on stderr naming it."""
    write("teams/payroll.yaml", VALID_TEAM)
    without = chainmap(*command, *AS_OF, "teams")
    fifo("teams/x.yaml")

    process = chainmap(*command, *AS_OF, "teams")

    assert process.returncode == without.returncode
    assert process.returncode in (0, 1)
    assert process.stdout == without.stdout
    assert problem_lines(process.stderr) == []
    assert problem_lines(process.stderr, "warning") == [
        "teams/x.yaml: warning[skipped]: not a regular file (a named pipe), skipped; "
        "chainmap reads only regular files"]
    assert process.stderr.replace(problem_lines(process.stderr, "warning")[0] + "\n", "") == without.stderr


@needs_fifo
def test_a_skipped_pipe_does_not_make_check_fail():
    """A map with no findings at all still passes `check` when a pipe sits next to it."""
    write("teams/a.yaml", "team: A\ncustomers:\n  - team: End users\n    external: true\n    need: x\n"
                          "    agreement: {where: https://x.example/sla, approved: 2026-06-01}\n    feedback:\n      - kind: conversation\n"
                          "        cadence: monthly\n        last: 2026-11-01\n")
    without = chainmap("check", "--fail-on", "info", *AS_OF, "teams")
    assert without.returncode == 0, without.stdout + without.stderr
    fifo("teams/zz.yaml")

    process = chainmap("check", "--fail-on", "info", *AS_OF, "teams")

    assert process.returncode == 0, process.stdout + process.stderr
    assert process.stdout == without.stdout
    assert "teams/zz.yaml: warning[skipped]" in process.stderr


@needs_fifo
def test_a_link_to_a_named_pipe_is_treated_as_the_pipe():
    fifo("pipes/real")
    write("teams/payroll.yaml", VALID_TEAM)
    os.symlink(os.path.abspath("pipes/real"), "teams/linked.yaml")
    os.symlink(os.path.abspath("pipes/real"), "linked.yaml")

    given = chainmap("check", "linked.yaml")
    inside = chainmap("render", "-f", "dot", "-o", "-", "teams")

    assert given.returncode == 2
    assert_only_error(given.stderr, "linked.yaml: error[not-a-file]: ", "named pipe")
    assert inside.returncode == 0, inside.stderr
    assert inside.stdout.startswith("digraph")
    assert "teams/linked.yaml: warning[skipped]: not a regular file (a named pipe)" in inside.stderr


@needs_fifo
def test_a_folder_holding_only_a_named_pipe_says_so():
    fifo("teams/x.yaml")

    process = chainmap("check", "teams")

    assert process.returncode == 2
    assert_only_error(process.stderr, "teams: error[no-yaml-files]: ", "not a regular file", "skipped")
    assert "teams/x.yaml: warning[skipped]" in process.stderr


@needs_fifo
def test_a_named_pipe_next_to_an_invalid_file_does_not_hide_its_errors():
    write("teams/payroll.yaml", "team: Payroll\ncustmers: []\n")
    fifo("teams/x.yaml")

    process = chainmap("check", "teams")

    assert process.returncode == 2
    assert_only_error(process.stderr, "teams/payroll.yaml:2:1: error[unknown-key]: ")
    assert "teams/x.yaml: warning[skipped]" in process.stderr


@needs_fifo
def test_serve_skips_a_named_pipe_and_reports_one_given_by_name():
    from live_server import ServeProcess

    write("teams/payroll.yaml", VALID_TEAM)
    fifo("teams/x.yaml")
    fifo("pipe.yaml")

    with ServeProcess("teams", args=AS_OF, cwd=os.getcwd()) as server:
        server.wait_for("loaded: 2 teams", timeout=20)
        assert "teams/x.yaml: warning[skipped]: not a regular file (a named pipe)" in server.stderr
    # Given by name it is an input error, whether serve then shows it on the page or stops.
    with ServeProcess("pipe.yaml", args=AS_OF, cwd=os.getcwd(), started=False) as server:
        server.wait_for("pipe.yaml: error[not-a-file]: not a regular file (a named pipe)", timeout=20)


def test_a_character_device_is_never_read(tmp_path):
    """A device like /dev/zero would give 20 MB of zeros if read: it is refused before."""
    try:
        os.mknod("zero.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except (PermissionError, AttributeError, OSError):
        os.symlink("/dev/zero", "zero.yaml")  # the same device, reached by a link
    if not Path("/dev/zero").exists() and not Path("zero.yaml").exists():
        pytest.skip("no character device to test with")
    write("teams/payroll.yaml", VALID_TEAM)
    without = chainmap("check", *AS_OF, "teams")
    os.symlink(os.path.abspath("zero.yaml"), "teams/zero.yaml")

    given = chainmap("check", "zero.yaml")
    inside = chainmap("check", *AS_OF, "teams")

    assert given.returncode == 2
    assert_only_error(given.stderr, "zero.yaml: error[not-a-file]: ", "a character device")
    assert (inside.returncode, inside.stdout) == (without.returncode, without.stdout), inside.stderr
    assert "teams/zero.yaml: warning[skipped]: not a regular file (a character device)" in inside.stderr


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_a_socket_is_never_read():
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listening:
        listening.bind("s.yaml")
        listening.listen()

        process = chainmap("check", "s.yaml")

    assert process.returncode == 2
    assert_only_error(process.stderr, "s.yaml: error[not-a-file]: ", "a socket")


# -- big is not hostile --------------------------------------------------------------------------

def small_teams(count: int) -> str:
    lines = ["organization: Big", "teams:"]
    for number in range(count):
        lines.append(f"  - team: T{number:05d}\n    customers: [T{(number + 1) % count:05d}]")
    return "\n".join(lines) + "\n"


def rich_teams(count: int) -> str:
    """Teams as a real organisation writes them: department, description, customers, loops."""
    parts = ["organization: Rich\nteams:\n"]
    for number in range(count):
        parts.append(f"""\
  - team: Team {number}
    department: Department {number % 40}
    description: Team {number} keeps the services of its customers running
    customers:
      - team: Team {(number + 1) % count}
        delivers: Weekly report {number}
        need: Numbers they can trust
        feedback:
          - kind: review
            cadence: quarterly
            last: 2026-09-14
            score: 8
      - team: Team {(number + 2) % count}
        delivers: Data set {number}
        feedback:
          - kind: conversation
            cadence: monthly
          - kind: survey
      - Team {(number + 3) % count}
""")
    return "".join(parts)


def test_a_map_of_100000_teams_in_one_file_is_read_not_rejected():
    write("big.yaml", small_teams(100_000))

    started = time.perf_counter()
    process = chainmap("check", "--fail-on", "never", *AS_OF, "big.yaml", timeout=120)
    elapsed = time.perf_counter() - started

    assert process.returncode == 0, process.stderr[-2000:]
    assert problem_lines(process.stderr) == []
    assert re.search(r"\b100,?000 teams, 100,?000 links\b", process.stdout)
    print(f"check on 100,000 teams in one file: {elapsed:.1f} s")


def test_a_2_mb_map_of_rich_teams_is_read_not_rejected():
    """3,900 teams as real files describe them: 2 MB and 150,000 values, no alias at all."""
    text = rich_teams(3_900)
    assert len(text) > 1_900_000
    write("rich.yaml", text)

    result = run("check", *AS_OF, "rich.yaml")

    assert result.exit_code == 1, result.output[-2000:]
    assert problem_lines(result.stderr) == []
    assert re.search(r"\b3,?900 teams\b", result.stdout)


def test_aliases_in_a_big_map_are_fine_below_the_limit():
    """5,000 links sharing one anchored feedback list: 30,000 values through aliases."""
    lines = ["teams:"]
    for number in range(5_000):
        loops = "&loops [{kind: review, cadence: quarterly}]" if number == 0 else "*loops"
        lines.append(f"  - team: T{number}\n    customers:\n      - team: T{number + 1}\n        feedback: {loops}")
    write("shared.yaml", "\n".join(lines) + "\n")

    result = run("check", "--fail-on", "never", *AS_OF, "shared.yaml")

    assert result.exit_code == 0, result.output[-2000:]
    assert problem_lines(result.stderr) == []
    assert re.search(r"\b5,?001 teams, 5,?000 links\b", result.stdout)


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("content, location", [
    # Each line nine times the one before: the first alias of line 7 passes 1,000,000 values.
    pytest.param(billion_laughs(), "7:8", id="billion-laughs"),
    # One anchored list of 1,000 values, repeated 1,001 times on one line: wide, not deep.
    pytest.param("a: &a [" + ", ".join(["x"] * 1_000) + "]\nb: [" + ", ".join(["*a"] * 1_001) + "]\n",
                 f"2:{5 + 4 * 999}", id="wide"),
    # Merge keys expand too: 2,001 values a merge, so the 500th passes the bound.
    pytest.param("a: &a {" + ", ".join(f"k{i}: v" for i in range(1_000)) + "}\n"
                 + "".join(f"m{i}: {{<<: *a}}\n" for i in range(1_001)), "501:12", id="merges"),
])
def test_alias_bombs_are_still_rejected_at_once(content, location):
    write("bomb.yaml", content)

    started = time.perf_counter()
    result = run("check", "bomb.yaml")
    elapsed = time.perf_counter() - started

    assert result.exit_code == 2
    assert_only_error(result.stderr, f"bomb.yaml:{location}: error[alias-bomb]: ", "1,000,000 values", "aliases")
    assert elapsed < 1.0


def test_a_file_of_over_a_million_tiny_values_is_refused_early():
    """Not an alias bomb, but millions of values would cost gigabytes: refused at the value that passes the bound."""
    write("flat.yaml", "team: Payroll\nx-list: [" + "a," * 1_100_000 + "a]\n")

    started = time.perf_counter()
    result = run("check", "flat.yaml")
    elapsed = time.perf_counter() - started

    assert result.exit_code == 2
    line = assert_only_error(result.stderr, "flat.yaml:2:", "error[too-large]", "more than 1,000,000 values",
                             "several files")
    # After team, Payroll and x-list, item 999,998 of the list is value 1,000,001.
    assert line.startswith(f"flat.yaml:2:{len('x-list: [') + 1 + 2 * 999_997}: ")
    assert elapsed < 15


# -- length limits -------------------------------------------------------------------------------

# The limits the code applies; the draw test below holds them to what Graphviz can draw.
NAME_LIMIT = MAX_NAME_CHARS
TEXT_LIMIT = MAX_TEXT_CHARS
README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_limits_are_the_documented_ones():
    assert (NAME_LIMIT, TEXT_LIMIT) == (200, 2_000)
    assert README.lower().count(f"at most {NAME_LIMIT} characters") >= 5  # team, id, department, ...
    assert README.lower().count(f"at most {TEXT_LIMIT:,} characters") >= 5  # description, delivers, ...
    assert "`too-long`" in README and "`not-a-file`" in README

# (field, YAML with {} for the value, location of the value, limit)
FIELDS = [
    ("team name", "team: {}\n", "1:7", NAME_LIMIT),
    ("id", "team: A\nid: {}\n", "2:5", NAME_LIMIT),
    ("department", "team: A\ndepartment: {}\n", "2:13", NAME_LIMIT),
    ("organization", "organization: {}\nteams:\n  - team: A\n", "1:15", NAME_LIMIT),
    ("supplier name", "team: A\nsuppliers: [{}]\n", "2:13", NAME_LIMIT),
    ("customer name", "team: A\ncustomers:\n  - {}\n", "3:5", NAME_LIMIT),
    ("customer name", "team: A\ncustomers:\n  - team: {}\n", "3:11", NAME_LIMIT),
    ("description", "team: A\ndescription: {}\n", "2:14", TEXT_LIMIT),
    ("contact", "team: A\ncontact: {}\n", "2:10", TEXT_LIMIT),
    ("delivers", "team: A\ncustomers:\n  - team: B\n    delivers: {}\n", "4:15", TEXT_LIMIT),
    ("need", "team: A\ncustomers:\n  - team: B\n    need: {}\n", "4:11", TEXT_LIMIT),
    ("agreement", "team: A\ncustomers:\n  - team: B\n    agreement: {}\n", "4:16", TEXT_LIMIT),
    ("note", "team: A\ncustomers:\n  - team: B\n    feedback:\n      - kind: review\n        note: {}\n", "6:15",
     TEXT_LIMIT),
]


@pytest.mark.parametrize("field, template, location, limit", FIELDS, ids=[f"{f[0]}-{f[2]}" for f in FIELDS])
def test_a_value_over_its_length_limit_is_one_located_error(field, template, location, limit):
    write("team.yaml", template.format("n" * (limit + 1)))

    result = run("check", "team.yaml")

    assert result.exit_code == 2, result.output
    line = assert_only_error(result.stderr, f"team.yaml:{location}: error[too-long]: ")
    assert f"{field} is {limit + 1:,} characters; the limit is {limit:,}; " in line


@pytest.mark.parametrize("field, template, location, limit", FIELDS, ids=[f"{f[0]}-{f[2]}" for f in FIELDS])
def test_a_value_at_its_length_limit_is_fine(field, template, location, limit):
    write("team.yaml", template.format("n" * limit))

    result = run("check", "--fail-on", "never", "team.yaml")

    assert result.exit_code == 0, result.output


def test_the_reported_long_name_gets_a_hint_and_render_draws_nothing():
    """The issue's case: a team name Graphviz cannot draw is an input error (exit 2), not a Graphviz failure."""
    write("team.yaml", "team: " + "Payroll " * 1_125 + "\ncustomers: [HR]\n")

    process = chainmap("render", "team.yaml", "-o", "map.svg")

    assert process.returncode == 2
    assert_only_error(process.stderr, "team.yaml:1:7: error[too-long]: team name is 8,999 characters; "
                                      "the limit is 200; use a short name here and put the rest in 'description:'")
    assert "graphviz" not in process.stderr.lower()
    assert not Path("map.svg").exists()


def test_a_long_department_is_an_input_error_not_a_graphviz_failure():
    write("team.yaml", "team: A\ndepartment: " + "d" * 16_001 + "\n")

    process = chainmap("render", "team.yaml", "-o", "map.svg")

    assert process.returncode == 2
    assert_only_error(process.stderr, "team.yaml:2:13: error[too-long]: department is 16,001 characters; ")


def test_every_long_value_of_a_team_is_reported_in_one_run():
    write("team.yaml", f"team: {'t' * 300}\ndepartment: {'d' * 300}\ndescription: {'e' * 3000}\n"
                       f"customers:\n  - team: B\n    feedback:\n      - kind: review\n        note: {'o' * 3000}\n")

    result = run("check", "team.yaml")

    assert result.exit_code == 2
    errors = problem_lines(result.stderr)
    assert [line.split(": error[")[0] for line in errors] == ["team.yaml:1:7", "team.yaml:2:13", "team.yaml:3:14",
                                                              "team.yaml:8:15"]
    assert all("error[too-long]" in line for line in errors)


def longest_map(char: str) -> str:
    """Every field at its limit, written in ``char`` (plus a letter where names must differ)."""
    def value(length: int, tag: str = "") -> str:
        text = (char * length)[:length - len(tag)] + tag
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    name, text = (lambda tag: value(NAME_LIMIT, tag)), (lambda: value(TEXT_LIMIT))
    loops = "".join(f"""
          - kind: {kind}
            cadence: quarterly
            last: 2026-09-14
            score: 8
            note: {text()}""" for kind in ("review", "survey", "conversation"))
    return f"""\
organization: {name("O")}
teams:
  - team: {name("A")}
    id: {value(NAME_LIMIT, "a")}
    department: {name("D")}
    description: {text()}
    contact: {text()}
    suppliers: [{name("B")}]
    customers:
      - team: {name("B")}
        delivers: {text()}
        need: {text()}
        agreement: {text()}
        feedback:{loops}
  - team: {name("B")}
    department: {name("E")}
    description: {text()}
    contact: {text()}
    suppliers: [{name("A")}]
    customers:
      - team: {name("C")}
        delivers: {text()}
        need: {text()}
        agreement: {text()}
        external: true
"""


@pytest.mark.parametrize("char", [
    pytest.param("x", id="ascii"),
    # Four bytes each in UTF-8: the most bytes per character, and Graphviz's limits are in bytes.
    pytest.param("\U0001F600", id="four-byte"),
    # Characters DOT and HTML labels escape, so they take more room in the DOT text.
    pytest.param('\\"&<', id="escaped"),
])
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_the_longest_allowed_values_all_together_draw(char, fmt):
    write("team.yaml", longest_map(char))

    process = chainmap("render", *AS_OF, "team.yaml", "-o", f"map.{fmt}", timeout=120)

    assert process.returncode == 0, process.stderr
    assert problem_lines(process.stderr) == []
    assert Path(f"map.{fmt}").stat().st_size > 1000


# -- encodings and links -------------------------------------------------------------------------

@pytest.mark.parametrize("content, words", [
    pytest.param("team: Payroll\n".encode("utf-32"), "file is UTF-32", id="utf-32"),
    pytest.param(b"\xff\xfe\x00\x00" + "team: Payroll\n".encode("utf-32-le"), "file is UTF-32", id="utf-32-le"),
    pytest.param(b"\x00\x00\xfe\xff" + "team: Payroll\n".encode("utf-32-be"), "file is UTF-32", id="utf-32-be"),
    pytest.param("team: Payroll\n".encode("utf-16"), "file is UTF-16", id="utf-16"),
    pytest.param(b"\xfe\xff" + "team: Payroll\n".encode("utf-16-be"), "file is UTF-16", id="utf-16-be"),
])
def test_each_other_encoding_is_named(content, words):
    write("team.yaml", content)

    result = run("check", "team.yaml")

    assert result.exit_code == 2
    assert_only_error(result.stderr, f"team.yaml:1:1: error[encoding]: {words}; save it as UTF-8")


def test_two_byte_order_marks_are_an_error():
    write("team.yaml", b"\xef\xbb\xbf\xef\xbb\xbfteam: Payroll\n")

    result = run("check", "team.yaml")

    assert result.exit_code == 2
    assert_only_error(result.stderr, "team.yaml:1:1: error[encoding]: file starts with two byte order marks; "
                                     "remove the extra byte order mark")


def test_one_byte_order_mark_is_fine():
    write("team.yaml", b"\xef\xbb\xbf" + VALID_TEAM.encode())

    result = run("check", "--fail-on", "never", *AS_OF, "team.yaml")

    assert result.exit_code == 0, result.output


def test_a_link_to_itself_says_so():
    os.symlink("self.yaml", "self.yaml")

    result = run("check", "self.yaml")

    assert result.exit_code == 2
    assert_only_error(result.stderr, "self.yaml: error[unreadable]: symbolic link points to itself; ")
    assert "no such file" not in result.stderr.lower()


def test_links_that_point_at_each_other_name_the_loop():
    os.symlink("b.yaml", "a.yaml")
    os.symlink("a.yaml", "b.yaml")

    result = run("check", "a.yaml")

    assert result.exit_code == 2
    assert_only_error(result.stderr, "a.yaml: error[unreadable]: symbolic link loop: a.yaml -> b.yaml -> a.yaml; ")


def test_a_link_loop_inside_a_folder_is_reported_at_its_path():
    write("teams/payroll.yaml", VALID_TEAM)
    os.symlink("loop.yaml", "teams/loop.yaml")

    result = run("check", "teams")

    assert result.exit_code == 2
    assert_only_error(result.stderr, "teams/loop.yaml: error[unreadable]: symbolic link points to itself; ")


def test_a_dangling_link_names_where_it_points():
    os.symlink("gone.yaml", "team.yaml")

    result = run("check", "team.yaml")

    assert result.exit_code == 2
    assert_only_error(result.stderr, "team.yaml: error[missing-path]: symbolic link to 'gone.yaml', "
                                     "which does not exist; ")
