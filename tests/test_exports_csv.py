"""`chainmap render -f csv`: the links as a spreadsheet, safe to open, and the shape `chainmap import` reads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

import chainmap
from chainmap.cli import main
from chainmap.link_rows import COLUMNS

ACME = Path(__file__).resolve().parents[1] / "examples" / "acme"
AS_OF = "2026-11-22"


def run(*args):
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output
    return result


def rows(path: Path):
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # so Excel reads the accents
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_one_row_per_feedback_loop_and_one_per_link_without(tmp_path):
    path = tmp_path / "acme.csv"
    result = run("render", ACME, "-o", path, "--as-of", AS_OF)
    assert "wrote" in result.output and "(CSV)" in result.output
    header, *body = rows(path)
    assert header == list(COLUMNS)
    graph = chainmap.analyse(chainmap.load(ACME)).graph
    expected = sum(max(1, len(data["link"].feedback)) for _, _, data in graph.edges(data=True))
    link_rows = [row for row in body if row[COLUMNS.index("customer")]]
    assert len(link_rows) == expected
    payroll_employees = [row for row in body if row[:3] == ["Payroll", "Corporate Services", "Employees"]]
    assert len(payroll_employees) == 1 and payroll_employees[0][COLUMNS.index("feedback kind")] == ""


def test_the_same_map_gives_the_same_bytes(tmp_path):
    run("render", ACME, "-o", tmp_path / "a.csv", "--as-of", AS_OF)
    run("render", ACME, "-f", "csv", "-o", tmp_path / "b.txt", "--as-of", AS_OF)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.txt").read_bytes()


def test_a_name_that_looks_like_a_formula_stays_text_and_comes_back(tmp_path):
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "x.yaml").write_text(
        'team: "=HYPERLINK(\\"http://evil\\",\\"click\\")"\n'
        "customers:\n"
        "  - team: '@Ops'\n"
        "    delivers: '-1 incidents'\n"
        "    need: '+ more uptime'\n", encoding="utf-8")
    path = tmp_path / "x.csv"
    run("render", tmp_path / "teams", "-o", path)
    row = rows(path)[1]
    assert row[0] == "'=HYPERLINK(\"http://evil\",\"click\")"
    assert row[COLUMNS.index("customer")] == "'@Ops"
    assert row[COLUMNS.index("delivers")] == "'-1 incidents"
    run("import", path, "-o", tmp_path / "back")
    team = chainmap.load(tmp_path / "back").teams[0]
    assert team.name == '=HYPERLINK("http://evil","click")'
    assert (team.customers[0].customer_ref, team.customers[0].delivers, team.customers[0].need) == (
        "@Ops", "-1 incidents", "+ more uptime")
