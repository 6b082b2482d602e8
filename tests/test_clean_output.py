"""What reaches a terminal or a document is clean: text from the YAML is shown, escaped, never interpreted.

A map whose names, department, what is delivered, the need and a loop's note
hold NUL, an ANSI escape sequence, BEL, NEL, a line separator and the Unicode
direction controls (U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT
ISOLATE...) goes through every command that shows it, as a user runs them:
the real program in a subprocess, so stderr is exactly what a terminal would
get.  No output holds one of those characters raw (nor, in HTML, as a numeric
reference); each shows as its escape, the way ``check`` always showed control
characters: ``\\x1b``, ``\\x00``, ``\\u202e``.  PDFs are read back with
poppler's pdftotext.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pdftools

AS_OF = "2026-11-22"
# Every character that must never reach an output raw (C0 but the layout's own \t \n \r, DEL, C1,
# the line and paragraph separators, the direction marks, embeddings, overrides and isolates).
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# In HTML a numeric reference (&#27; &#x202E;) gives the browser the same character.
REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def raw_references(html: str) -> list[str]:
    """The numeric character references in ``html`` to a character that must not show raw."""
    found = []
    for match in REFERENCE.finditer(html):
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if code <= 0x10FFFF and RAW.match(chr(code)):
            found.append(match.group())
    return found


# YAML's double-quoted escapes: \0 NUL, \e ESC, \a BEL, \x85 / \N NEL, \u2028 LINE SEPARATOR.
SUPPLIER = r"Pay\0roll \e[31mRed\a \u202Eevil\u202C \u2066iso\u2069 nel\x85line\u2028sep"
CUSTOMER = r"Help\u202Edesk \e[32mGreen"
MAP = rf'''organization: "Acme\e[2J Health\u202E"
teams:
  - team: "{SUPPLIER}"
    department: "Fin\e]0;pwned\aance \u202E\u2066"
    description: "Pays \e[1mbold\e[0m people\u200F"
    customers:
      - team: "{CUSTOMER}"
        delivers: "Sala\e[5mry\a \u2067x\u2069\x85on time"
        need: "Correct\0 contracts \u202Eback\u2028soon"
        feedback:
          - kind: survey
            last: 2026-10-01
            score: 7
            note: "Note\e[31m red\u202E \x85 \u2028 tail"
      - team: "Clients\u2068"
        external: true
  - team: "{CUSTOMER}"
    department: "Supp\u2066ort"
    customers:
      - team: "Ghost\e[7m team"
        delivers: "Tick\u202Dets"
'''
# The supplier's name as every output shows it: each character as its escape.
SHOWN = r"Pay\x00roll \x1b[31mRed\x07 \u202eevil\u202c \u2066iso\u2069 nel\x85line\u2028sep"
SHOWN_CUSTOMER = r"Help\u202edesk \x1b[32mGreen"
SUPPLIER_ID = "pay-roll-31mred-evil-iso-nel-line-sep"


def chainmap(*args, cwd) -> subprocess.CompletedProcess:
    """The real command, as a terminal runs it; stdout and stderr as the bytes it wrote."""
    return subprocess.run([sys.executable, "-m", "chainmap", *map(str, args)], capture_output=True, cwd=cwd,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1"})


def text_of(data: bytes) -> str:
    return data.decode("utf-8")


def assert_clean(text: str, where: str) -> None:
    raw = RAW.findall(text)
    assert not raw, f"{where}: raw {sorted({f'U+{ord(c):04X}' for c in raw})}"


def assert_only_chainmap_lines(stderr: bytes, *expected_starts: str) -> None:
    """Nothing on stderr but chainmap's own lines (no library's warning, no traceback)."""
    lines = text_of(stderr).splitlines()
    assert_clean(text_of(stderr), "stderr")
    assert "Traceback" not in text_of(stderr)
    assert len(lines) == len(expected_starts), lines
    for line, start in zip(lines, expected_starts):
        assert line.startswith(start), line


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "map.yaml").write_text(MAP, encoding="utf-8")
    return folder


def test_the_map_really_holds_the_hostile_characters(hostile):
    from chainmap import api

    chain_map = api.load([str(hostile / "map.yaml")])
    names = {team.name for team in chain_map.teams}
    assert {"\x00", "\x1b", "\x07", "\u202e", "\u2066", "\x85", "\u2028"} <= set("".join(names))


def test_check_shows_each_character_as_its_escape(hostile):
    result = chainmap("check", "map.yaml", "--as-of", AS_OF, cwd=hostile)

    assert result.returncode == 1, result.stderr  # warnings, as usual
    out = text_of(result.stdout)
    assert_clean(out, "check")
    assert (f"map.yaml:15:9: warning[no-feedback]: {SHOWN} -> Clients\\u2068: no feedback loop; "
            "ask them: what should we keep, stop and start doing?") in out.splitlines()
    assert f"map.yaml:7:9: warning[hearing-only]: {SHOWN} -> {SHOWN_CUSTOMER}: only survey; " in out
    assert "info[undescribed]: team 'Ghost\\x1b[7m team' is described nowhere" in out
    assert result.stderr == b""


def test_a_usage_error_quoting_a_name_is_clean_too(hostile):
    result = chainmap("chain", "Pay", "map.yaml", cwd=hostile)

    assert result.returncode == 2
    assert result.stdout == b""
    assert_only_chainmap_lines(result.stderr, "chainmap: error[unknown-team]: no team called 'Pay' in the map")


def test_check_json_keeps_the_true_strings_as_json_data(hostile):
    result = chainmap("check", "map.yaml", "--format", "json", "--as-of", AS_OF, cwd=hostile)

    assert result.returncode == 1
    out = text_of(result.stdout)
    assert not re.search("[\x00-\x1f]", out.replace("\n", "")), "JSON escapes C0 controls itself"
    suppliers = {finding["supplier"] for finding in json.loads(out)["findings"]}
    # Data, not a display: a program reading the JSON gets the name as written.
    assert "Pay\x00roll \x1b[31mRed\x07 \u202eevil\u202c \u2066iso\u2069 nel\x85line\u2028sep" in suppliers
    assert result.stderr == b""


def test_check_json_prints_no_direction_control_raw(hostile):
    result = chainmap("check", "map.yaml", "--format", "json", "--as-of", AS_OF, cwd=hostile)

    out = text_of(result.stdout)
    assert_clean(out, "check --format json")
    assert "\\u202e" in out


def test_chain_shows_each_character_as_its_escape(hostile):
    result = chainmap("chain", SUPPLIER_ID, "map.yaml", "--up", "1", "--as-of", AS_OF, cwd=hostile)

    assert result.returncode == 0, result.stderr
    out = text_of(result.stdout)
    assert_clean(out, "chain")
    lines = out.splitlines()
    assert lines[0] == f"{SHOWN} · Fin\\x1b]0;pwned\\x07ance \\u202e\\u2066"
    assert lines[1] == f"├── {SHOWN_CUSTOMER}  ~ hearing only · Sala\\x1b[5mry\\x07 \\u2067x\\u2069\\x85on time"
    assert lines[2] == "│   └── Ghost\\x1b[7m team (not described yet)  ✗ no feedback · Tick\\u202dets"
    assert lines[3] == "└── Clients\\u2068 (end customer)  ✗ no feedback"
    assert result.stderr == b""


@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_text_reports_show_each_character_as_its_escape(hostile, name):
    result = chainmap("report", "map.yaml", "-o", name, "--as-of", AS_OF, cwd=hostile)

    assert result.returncode == 0, result.stderr
    assert_only_chainmap_lines(result.stderr, f"wrote {name} ")
    text = (hostile / name).read_text(encoding="utf-8")
    assert_clean(text, name)
    assert not raw_references(text)
    if name.endswith(".md"):
        # Markdown escapes its own backslashes: \\x1b reads as \x1b.
        assert "## Pay\\\\x00roll \\\\x1b\\[31mRed\\\\x07 \\\\u202eevil" in text
        assert "*Need: Correct\\\\x00 contracts \\\\u202eback\\\\u2028soon*" in text
    else:
        assert f"<h2>{SHOWN}</h2>" in text
        assert "Correct\\x00 contracts \\u202eback\\u2028soon" in text
        assert "Note\\x1b[31m red\\u202e \\x85 \\u2028 tail" in text, "a loop's note, in the diagram's tooltip"


def test_markdown_with_svg_diagrams_is_clean_too(hostile):
    result = chainmap("report", "map.yaml", "-o", "wiki.md", "--diagrams", "svg", "--as-of", AS_OF, cwd=hostile)

    assert result.returncode == 0, result.stderr
    svgs = sorted((hostile / "wiki-diagrams").glob("*.svg"))
    assert svgs
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert_clean(text, svg.name)
        assert not raw_references(text), svg.name


def test_pdf_report_is_clean_and_fpdf2_says_nothing(hostile):
    result = chainmap("report", "map.yaml", "-o", "report.pdf", "--as-of", AS_OF, cwd=hostile)

    assert result.returncode == 0, result.stderr
    assert_only_chainmap_lines(result.stderr, "wrote report.pdf (PDF, ")
    text = pdftools.text(hostile / "report.pdf").replace("\f", "")  # pdftotext ends each page with \f
    assert_clean(text, "report.pdf")
    assert SHOWN.split(" ")[0] in text and "Pay\\x00roll" in text
    assert "Sala\\x1b[5mry\\x07" in text and "Fin\\x1b]0;pwned\\x07ance" in text
    # The document's title and bookmarks are text from the YAML too.
    info = pdftools.run("pdfinfo", hostile / "report.pdf")
    assert_clean(info, "pdfinfo")
    assert "Acme\\x1b[2J Health\\u202e" in info


@pytest.mark.parametrize("name", ["cards.html", "cards.pdf"])
def test_cards_are_clean(hostile, name):
    result = chainmap("cards", "map.yaml", "-o", name, "--all", "--as-of", AS_OF, cwd=hostile)

    assert result.returncode == 0, result.stderr
    assert_only_chainmap_lines(result.stderr, f"wrote {name} ")
    if name.endswith(".pdf"):
        text = pdftools.text(hostile / name).replace("\f", "")
    else:
        text = (hostile / name).read_text(encoding="utf-8")
        assert not raw_references(text)
    assert_clean(text, name)
    assert "Pay\\x00roll" in text and "Help\\u202edesk" in text
    assert "Sala\\x1b[5mry\\x07" in text


def test_one_rule_for_every_output():
    from chainmap.errors import Problem
    from chainmap.text import document_text, json_text, shown
    from chainmap.tree import display

    name = "Pay\x1b[31m\u202eroll\nnext\ttab\x85\u2028 é 👩‍👩‍👧"
    assert shown(name) == "Pay\\x1b[31m\\u202eroll\\nnext\\ttab\\x85\\u2028 é 👩‍👩‍👧"
    assert display(name) == shown(name)
    assert Problem("t.yaml", 1, 1, "info", "x", name).format() == f"t.yaml:1:1: info[x]: {shown(name)}"
    # In a document a line break or tab is white space; everything else shows as in a terminal.
    assert document_text(name) == "Pay\\x1b[31m\\u202eroll next tab\\x85\\u2028 é 👩‍👩‍👧"
    # JSON keeps the true string: JSON's own \uXXXX escapes, which any reader decodes.
    dumped = json_text(json.dumps(name, ensure_ascii=False))
    assert json.loads(dumped) == name and not RAW.search(dumped)
