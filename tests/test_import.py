"""`chainmap import links.csv|links.xlsx`: one team file per team, from a spreadsheet of links, and back."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import chainmap
from chainmap.cli import main
from chainmap.errors import EXIT_INVALID
from chainmap.link_rows import COLUMNS

ACME = Path(__file__).resolve().parents[1] / "examples" / "acme"
AS_OF = "2026-11-22"


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def graph_facts(folder):
    """Teams, links and loops of the map in ``folder``: what a reader of the drawing would notice."""
    graph = chainmap.analyse(chainmap.load(folder), date.fromisoformat(AS_OF)).graph
    nodes = {node: (data["name"], data["described"], data["external"], data["department"])
             for node, data in graph.nodes(data=True)}
    edges = {}
    for supplier, customer, data in graph.edges(data=True):
        link = data["link"]
        edges[supplier, customer] = (
            link.declared_by, link.delivers, link.need, link.agreement, link.agreement_approved,
            link.agreement_review, bool(link.external),
            [(loop.kind, loop.cadence, loop.last, loop.score, loop.note) for loop in link.feedback])
    return nodes, edges


def write_csv(path: Path, rows, header=COLUMNS, delimiter=","):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header] if isinstance(row, dict) else row)
    return path


def test_acme_goes_to_csv_and_comes_back_as_the_same_map(tmp_path):
    sheet = tmp_path / "acme.csv"
    assert run("render", ACME, "-o", sheet, "--as-of", AS_OF).exit_code == 0
    result = run("import", sheet, "-o", tmp_path / "teams")
    assert result.exit_code == 0, result.output
    assert "wrote 20 team files" in result.output
    assert graph_facts(tmp_path / "teams") == graph_facts(ACME)
    # ... and the imported files export to the same sheet.
    again = tmp_path / "again.csv"
    assert run("render", tmp_path / "teams", "-o", again, "--as-of", AS_OF).exit_code == 0
    assert sorted(again.read_text(encoding="utf-8").splitlines()) == \
        sorted(sheet.read_text(encoding="utf-8").splitlines())


def test_acme_through_xlsx_is_the_same_map(tmp_path):
    from openpyxl import Workbook

    sheet = tmp_path / "acme.csv"
    assert run("render", ACME, "-o", sheet, "--as-of", AS_OF).exit_code == 0
    workbook = Workbook()
    for row in csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))):
        workbook.active.append([date.fromisoformat(cell) if len(cell) == 10 and cell[4:5] == "-" else
                                (int(cell) if cell.isdigit() else (cell or None)) for cell in row])
    workbook.save(tmp_path / "acme.xlsx")
    result = run("import", tmp_path / "acme.xlsx", "-o", tmp_path / "teams")
    assert result.exit_code == 0, result.output
    assert graph_facts(tmp_path / "teams") == graph_facts(ACME)


def test_rows_of_one_link_add_loops_and_a_team_file_is_written_per_supplier(tmp_path):
    sheet = write_csv(tmp_path / "links.csv", [
        {"supplier": "Payroll", "supplier department": "Finance", "customer": "HR Advisory",
         "delivers": "Salary overview", "feedback kind": "review", "cadence": "quarterly", "last": "2026-09-14",
         "score": "8"},
        {"supplier": "Payroll", "customer": "HR Advisory", "feedback kind": "Score", "cadence": "monthly",
         "score": "7,5"},
        {"supplier": "Payroll", "customer": "Pension Fund", "external": "yes"},
        {"supplier": "HR Advisory", "customer": "Managers"},
    ])
    result = run("import", sheet, "-o", tmp_path / "teams")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (tmp_path / "teams").iterdir()) == ["hr-advisory.yaml", "payroll.yaml"]
    payroll = chainmap.load(tmp_path / "teams" / "payroll.yaml").teams[0]
    assert payroll.department == "Finance"
    hr, pension = payroll.customers
    assert [(loop.kind, loop.score) for loop in hr.feedback] == [("review", 8), ("score", 7.5)]
    assert pension.external is True and pension.feedback == ()
    text = (tmp_path / "teams" / "payroll.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Written by chainmap import links.csv\n")


def test_a_semicolon_sheet_from_a_dutch_spreadsheet_reads_too(tmp_path):
    sheet = write_csv(tmp_path / "links.csv", [{"supplier": "Salarissen", "customer": "HR", "score": "",
                                                "delivers": "Overzicht; maandelijks"}], delimiter=";")
    assert run("import", sheet, "-o", tmp_path / "teams").exit_code == 0
    link = chainmap.load(tmp_path / "teams").teams[0].customers[0]
    assert link.delivers == "Overzicht; maandelijks"


def test_every_bad_cell_is_reported_at_once_with_its_place_and_nothing_is_written(tmp_path):
    sheet = write_csv(tmp_path / "links.csv", [
        {"supplier": "Payroll", "customer": "HR", "feedback kind": "survy"},          # line 2
        {"supplier": "Payroll", "customer": "HR", "feedback kind": "review", "last": "2026-13-01",
         "score": "11"},                                                               # line 3
        {"supplier": "", "customer": "Finance"},                                       # line 4
        {"supplier": "Payroll", "customer": "Finance", "cadence": "fortnightly", "feedback kind": "review"},
        {"supplier": "Payroll", "customer": "Payroll"},                                # line 6
        {"supplier": "Payroll", "customer": "Finance", "delivers": "A"},               # line 7
        {"supplier": "Payroll", "customer": "Finance", "delivers": "B"},               # line 8
        {"supplier": "Payroll", "customer": "Audit", "score": "7"},                    # line 9
    ])
    result = run("import", sheet, "-o", tmp_path / "teams")
    assert result.exit_code == EXIT_INVALID
    lines = result.output.splitlines()
    kind, last, score, cadence = (COLUMNS.index(c) + 1 for c in ("feedback kind", "last", "score", "cadence"))
    assert lines[0] == (f"{sheet}:2:{kind}: error[bad-kind]: unknown feedback kind 'survy'; "
                        "did you mean 'survey'?")
    assert lines[1].startswith(f"{sheet}:3:{last}: error[bad-date]:")
    assert lines[2].startswith(f"{sheet}:3:{score}: error[bad-score]:")
    assert lines[3].startswith(f"{sheet}:4:1: error[missing-supplier]:")
    assert lines[4].startswith(f"{sheet}:5:{cadence}: error[bad-cadence]:")
    assert lines[5].startswith(f"{sheet}:6:3: error[self-customer]:")
    assert lines[6].startswith(f"{sheet}:8:5: error[conflict]: delivers of 'Payroll' -> 'Finance' is 'B' here "
                               "but 'A' in row 7")
    assert lines[7].startswith(f"{sheet}:9:{kind}: error[missing-kind]:")
    assert len(lines) == 8
    assert not (tmp_path / "teams").exists()


def test_bad_cells_of_a_workbook_are_named_by_sheet_and_cell(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Links"
    sheet.append(["Supplier", "Customer", "Feedback kind", "Last", "Cadence"])
    sheet.append(["Payroll", "HR", "review", date(2026, 9, 14), "quarterly"])
    for _ in range(11):
        sheet.append([None])
    sheet.append(["Payroll", "Finance", "chat", "yesterday", "every week"])  # row 14
    workbook.save(tmp_path / "links.xlsx")
    result = run("import", tmp_path / "links.xlsx", "-o", tmp_path / "teams")
    assert result.exit_code == EXIT_INVALID
    path = tmp_path / "links.xlsx"
    assert result.output.splitlines() == [
        f"{path}:Links!C14: error[bad-kind]: unknown feedback kind 'chat'; use one of: "
        "conversation, review, retro, callback, interview, visit, demo, workshop, survey, nps, score, complaints, "
        "tickets",
        f"{path}:Links!D14: error[bad-date]: 'last' 'yesterday' is not a date; write an ISO date: YYYY-MM-DD",
        f"{path}:Links!E14: error[bad-cadence]: unknown cadence 'every week'; use weekly, biweekly, monthly, "
        "quarterly, half-yearly, yearly or 'N days|weeks|months'",
    ]


def test_an_unknown_column_is_named_with_a_suggestion(tmp_path):
    sheet = write_csv(tmp_path / "links.csv", [["Payroll", "HR", "x"]], header=("supplier", "customer", "delivery"))
    result = run("import", sheet, "-o", tmp_path / "teams")
    assert result.exit_code == EXIT_INVALID
    assert result.output == f"{sheet}:1:3: error[unknown-column]: unknown column 'delivery'; did you mean 'delivers'?\n"


def test_existing_files_are_never_overwritten_without_merge(tmp_path):
    teams = tmp_path / "teams"
    teams.mkdir()
    (teams / "payroll.yaml").write_text("team: Payroll\ncustomers: [Employees]\n", encoding="utf-8")
    (teams / "hr.yaml").write_text("team: HR Advisory  # our own comment\n", encoding="utf-8")
    before = {path.name: path.read_bytes() for path in teams.iterdir()}
    sheet = write_csv(tmp_path / "links.csv", [{"supplier": "Payroll", "customer": "Finance"},
                                               {"supplier": "HR Advisory", "customer": "Payroll"},
                                               {"supplier": "Audit", "customer": "Board"}])
    result = run("import", sheet, "-o", teams)
    assert result.exit_code == EXIT_INVALID
    assert result.output == (f"chainmap: error[exists]: these files already exist: {teams / 'hr.yaml'}, "
                             f"{teams / 'payroll.yaml'}; nothing was written; --merge adds the import to them, "
                             "or choose another folder with -o\n")
    assert {path.name: path.read_bytes() for path in teams.iterdir()} == before  # not even audit.yaml


def test_merge_adds_links_and_loops_and_the_file_wins_on_a_conflict(tmp_path):
    teams = tmp_path / "teams"
    teams.mkdir()
    (teams / "payroll.yaml").write_text(
        "team: Payroll\n"
        "department: Finance\n"
        "x-owner: M. de Vries\n"
        "customers:\n"
        "  - team: HR Advisory\n"
        "    delivers: Salary overview\n"
        "    feedback:\n"
        "      - kind: review\n"
        "        last: 2026-09-14\n"
        "        note: our own note\n"
        "    promises:\n"
        "      - what: Cost report\n"
        "        promised: 2026-10-01\n"
        "  - Employees\n", encoding="utf-8")
    sheet = write_csv(tmp_path / "links.csv", [
        {"supplier": "Payroll", "supplier department": "HR", "customer": "hr advisory", "delivers": "Salaries",
         "need": "Checked contracts", "feedback kind": "review", "last": "2026-09-14", "note": "another note"},
        {"supplier": "Payroll", "customer": "HR Advisory", "feedback kind": "survey", "last": "2026-11-01"},
        {"supplier": "Payroll", "customer": "Employees", "delivers": "Payslips"},
        {"supplier": "Payroll", "customer": "Pension Fund", "external": "true"},
        {"supplier": "Audit", "customer": "Payroll"},
    ])
    result = run("import", sheet, "-o", teams, "--merge")
    assert result.exit_code == 0, result.output
    payroll = chainmap.load(teams / "payroll.yaml").teams[0]
    assert payroll.department == "Finance"
    hr, employees, pension = payroll.customers
    assert (hr.delivers, hr.need) == ("Salary overview", "Checked contracts")
    assert [(loop.kind, loop.last, loop.note) for loop in hr.feedback] == [
        ("review", date(2026, 9, 14), "our own note"), ("survey", date(2026, 11, 1), None)]
    assert [promise.what for promise in hr.promises] == ["Cost report"]
    assert employees.delivers == "Payslips"
    assert pension.external is True
    assert "x-owner: M. de Vries" in (teams / "payroll.yaml").read_text(encoding="utf-8")
    assert (teams / "audit.yaml").exists()
    warnings = [line for line in result.output.splitlines() if "warning" in line]
    assert f"{teams / 'payroll.yaml'}: warning[merge-conflict]: kept department of 'Payroll' as the file has it " \
           "('Finance'); the import says 'HR'" in warnings
    assert any("kept delivers for 'HR Advisory'" in line for line in warnings)
    assert any("merge-layout" in line for line in warnings)
    assert "wrote 2 team files into" in result.output and "(1 merged)" in result.output
    # Merging the same sheet again changes nothing.
    first = (teams / "payroll.yaml").read_bytes()
    assert run("import", sheet, "-o", teams, "--merge").exit_code == 0
    assert (teams / "payroll.yaml").read_bytes() == first


def test_merge_refuses_a_team_inside_a_file_of_several_teams(tmp_path):
    teams = tmp_path / "teams"
    teams.mkdir()
    (teams / "map.yaml").write_text("teams:\n  - team: Payroll\n  - team: HR\n", encoding="utf-8")
    sheet = write_csv(tmp_path / "links.csv", [{"supplier": "Payroll", "customer": "Finance"}])
    result = run("import", sheet, "-o", teams, "--merge")
    assert result.exit_code == EXIT_INVALID
    assert "a file of several teams" in result.output
    assert (teams / "map.yaml").read_text(encoding="utf-8") == "teams:\n  - team: Payroll\n  - team: HR\n"


def test_the_template_has_columns_an_example_row_and_checks_on_kinds_and_cadences(tmp_path):
    from openpyxl import load_workbook

    template = tmp_path / "links.xlsx"
    result = run("import", "--template", template)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(template).active
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    assert sheet["A2"].value == "Payroll"
    rules = {str(rule.sqref).split(":")[0][:-1]: rule for rule in sheet.data_validations.dataValidation}
    kind = rules[chr(ord("A") + COLUMNS.index("feedback kind"))]
    assert kind.type == "list" and "conversation" in kind.formula1 and "tickets" in kind.formula1
    cadence = rules[chr(ord("A") + COLUMNS.index("cadence"))]
    assert "quarterly" in cadence.formula1 and cadence.errorStyle == "warning"  # "6 weeks" is allowed too
    # The example row imports as it stands.
    result = run("import", template, "-o", tmp_path / "teams")
    assert result.exit_code == 0, result.output
    link = chainmap.load(tmp_path / "teams").teams[0].customers[0]
    assert (link.customer_ref, link.feedback[0].kind, link.feedback[0].score) == ("HR Advisory", "review", 8)
    # The same template every time, and never over a file.
    again = tmp_path / "again.xlsx"
    assert run("import", "--template", again).exit_code == 0
    assert again.read_bytes() == template.read_bytes()
    refused = run("import", "--template", template)
    assert refused.exit_code == EXIT_INVALID and "already exists" in refused.output


def test_the_csv_template_is_the_header_and_the_example(tmp_path):
    assert run("import", "--template", tmp_path / "links.csv").exit_code == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "links.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == list(COLUMNS) and rows[1][0] == "Payroll" and len(rows) == 2


@pytest.mark.parametrize("name, message", [("links.txt", "cannot import a '.txt' file"),
                                           ("missing.csv", "no such file")])
def test_what_is_not_a_sheet_is_one_line(tmp_path, name, message):
    if name.endswith(".txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    result = run("import", tmp_path / name, "-o", tmp_path / "teams")
    assert result.exit_code == EXIT_INVALID
    assert message in result.output and len(result.output.splitlines()) == 1


def test_a_sheet_that_is_not_utf8_says_how_to_save_it(tmp_path):
    sheet = tmp_path / "links.csv"
    sheet.write_bytes("supplier,customer\nPatiëntenzorg,Ward\n".encode("latin-1"))
    result = run("import", sheet, "-o", tmp_path / "teams")
    assert result.exit_code == EXIT_INVALID
    assert result.output == f"{sheet}:2:5: error[encoding]: the file is not UTF-8 text; save it as 'CSV UTF-8' " \
                            "from the spreadsheet\n"


def test_an_output_that_is_a_file_is_refused_and_left_alone(tmp_path):
    target = tmp_path / "teams"
    target.write_text("not a folder", encoding="utf-8")
    sheet = write_csv(tmp_path / "links.csv", [{"supplier": "Payroll", "customer": "HR"}])
    result = run("import", sheet, "-o", target)
    assert result.exit_code == EXIT_INVALID
    assert result.output.startswith(f"chainmap: error[output]: cannot write into '{target}': it is a file")
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_the_template_explains_its_columns_on_a_second_sheet_in_the_language_asked(tmp_path):
    from openpyxl import load_workbook

    assert run("import", "--template", tmp_path / "links.xlsx", "--lang", "nl").exit_code == 0
    workbook = load_workbook(tmp_path / "links.xlsx")
    assert workbook.sheetnames == ["links", "uitleg"]
    meanings = {row[0]: row[1] for row in workbook["uitleg"].iter_rows(min_row=4, values_only=True)}
    assert list(meanings) == list(COLUMNS)
    assert meanings["customer"].startswith("Wie heeft er last van als de leverancier stopt?")
