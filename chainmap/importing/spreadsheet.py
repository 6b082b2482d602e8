"""A spreadsheet of links (CSV or XLSX) -> team data; and the workshop template.

The columns are chainmap.link_rows.COLUMNS: one row per link, further rows of the
same supplier and customer add feedback loops.  Every bad cell is reported at once,
``links.csv:14:3: error[bad-kind]: ...`` for CSV and ``links.xlsx:Sheet1!C14: error[...]``
for XLSX, in the order of the sheet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import InputError, Problem, did_you_mean, formatted
from ..i18n import translator
from ..link_rows import COLUMNS, DECLARED_BY, LINK_COLUMNS, LOOP_COLUMNS, CellError, column_key, csv_bytes, parse_cell
from ..model import FEEDBACK_KINDS, NAMED_CADENCES, slugify
from ..teamfile import MAX_NAME_CHARS, MAX_TEXT_CHARS
from . import Imported

NAME_COLUMNS = ("supplier", "supplier department", "customer")
SUFFIXES = (".csv", ".xlsx")


class SheetError(InputError):
    """Bad cells, in the order of the sheet (row by row, left to right)."""

    def __init__(self, problems):
        self.problems = list(problems)
        Exception.__init__(self, formatted(self.problems))


@dataclass(frozen=True)
class Sheet:
    """Where cells are: a CSV file (``path:line:col``) or a sheet of a workbook (``path:Sheet1!C14``)."""

    path: str
    name: str | None = None  # the worksheet, for XLSX

    def problem(self, row: int, col: int, rule: str, message: str, hint: str | None = None,
                severity: str = "error") -> Problem:
        if self.name is None:
            return Problem(self.path, row, col, severity, rule, message, hint)
        from openpyxl.utils import get_column_letter

        return Problem(f"{self.path}:{self.name}!{get_column_letter(col)}{row}", 0, 0, severity, rule, message, hint)


def read_rows(path: str, sheet_name: str | None = None):
    """The sheet and its rows: ``(sheet, [(row number, [cell values])])``, the header row first."""
    if not os.path.isfile(path):
        raise InputError([Problem(path, 0, 0, "error", "not-found", "no such file",
                                  "give a .csv or .xlsx file of links")])
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path, sheet_name)
    if suffix == ".csv" and sheet_name is not None:
        raise InputError([Problem(path, 0, 0, "error", "sheet", "a CSV file has no sheets",
                                  "--sheet is for .xlsx workbooks")])
    if suffix != ".csv":
        raise InputError([Problem(path, 0, 0, "error", "format", f"cannot import a '{suffix or path}' file",
                                  "give a .csv or .xlsx file of links, or 'backstage' and catalog files")])
    return Sheet(path), _csv_rows(path)


def _csv_rows(path: str):
    import csv

    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        col = exc.start - data.rfind(b"\n", 0, exc.start)
        raise InputError([Problem(path, line, col, "error", "encoding", "the file is not UTF-8 text",
                                  "save it as 'CSV UTF-8' from the spreadsheet")]) from None
    first = text.split("\n", 1)[0]
    # Spreadsheets set to Dutch, German or French write ';' between cells.
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    rows, line = [], 1
    for cells in reader:
        rows.append((line, cells))
        line = reader.line_num + 1
    return rows


def _xlsx_rows(path: str, sheet_name: str | None):
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError([Problem(path, 0, 0, "error", "format", f"cannot read it as an XLSX workbook ({exc})",
                                  "save it from the spreadsheet as Excel (.xlsx)")]) from None
    try:
        if sheet_name is None:
            worksheet = workbook.worksheets[0]
        elif sheet_name in workbook.sheetnames:
            worksheet = workbook[sheet_name]
        else:
            raise InputError([Problem(path, 0, 0, "error", "sheet", f"no sheet called {sheet_name!r}",
                                      did_you_mean(sheet_name, workbook.sheetnames, 0.5)
                                      or f"sheets: {', '.join(workbook.sheetnames)}")])
        rows = [(number, list(values)) for number, values in
                enumerate(worksheet.iter_rows(values_only=True), start=1)]
        return Sheet(path, worksheet.title), rows
    finally:
        workbook.close()


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Reader:
    """Rows -> teams, collecting every problem."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.problems: list[Problem] = []
        self.teams: dict[str, dict] = {}      # team id -> team data
        self.links: dict[tuple, dict] = {}    # (supplier id, customer id) -> link data
        self.first: dict = {}                 # (what, key) -> (row, value): where a value was set first

    def error(self, row, col, rule, message, hint=None):
        self.problems.append(self.sheet.problem(row, col, rule, message, hint))

    def header(self, number: int, cells) -> dict[str, int]:
        columns: dict[str, int] = {}
        for col, cell in enumerate(cells, start=1):
            if _empty(cell):
                continue
            key = column_key(cell)
            if key not in COLUMNS:
                self.error(number, col, "unknown-column", f"unknown column {str(cell)!r}",
                           did_you_mean(key, COLUMNS, 0.6) or f"the columns are: {', '.join(COLUMNS)}")
            elif key in columns:
                self.error(number, col, "duplicate-column", f"column {str(cell)!r} appears twice")
            else:
                columns[key] = col
        for needed in ("supplier", "customer"):
            if needed not in columns:
                self.error(number, 1, "missing-column", f"no '{needed}' column",
                           f"the first row names the columns: {', '.join(COLUMNS)}")
        return columns

    def row(self, number: int, cells, columns: dict[str, int]) -> None:
        values, where = {}, {}
        for column, col in columns.items():
            where[column] = col
            raw = cells[col - 1] if col - 1 < len(cells) else None
            try:
                value = parse_cell(column, raw)
            except CellError as exc:
                self.error(number, col, exc.rule, str(exc), exc.hint)
                continue
            if value is None:
                continue
            limit = MAX_NAME_CHARS if column in NAME_COLUMNS else MAX_TEXT_CHARS
            if isinstance(value, str) and len(value) > limit:
                self.error(number, col, "too-long", f"{column} is {len(value):,} characters; the limit is {limit:,}")
                continue
            values[column] = value
        extra = [i + 1 for i in range(len(cells)) if i + 1 not in columns.values() and not _empty(cells[i])]
        if extra:
            self.error(number, extra[0], "no-column", "a value in a column without a name",
                       "give the column a name in the first row, or empty it")
        if "supplier" not in values:
            self.error(number, where.get("supplier", 1), "missing-supplier", "this row has no supplier",
                       "every row starts with the team that delivers")
            return
        supplier = self.team(values["supplier"], number, where)
        department = values.get("supplier department")
        if department is not None:
            self.once(("department", supplier), department, number, where["supplier department"],
                      f"the department of {values['supplier']!r}")
            self.teams[supplier].setdefault("department", department)
        if "customer" not in values:
            filled = [column for column in LINK_COLUMNS + LOOP_COLUMNS if column in values]
            if filled:
                self.error(number, where[filled[0]], "missing-customer", f"a {filled[0]} but no customer",
                           "name the customer this row is about")
            return
        self.link(number, values, where, supplier)

    def team(self, name: str, number: int, where: dict, attach: bool = True) -> str:
        team_id = slugify(name)
        if not team_id:
            self.error(number, where["supplier"], "no-id", f"cannot make an id from {name!r}: it has no letters "
                       "or digits")
        if attach and team_id not in self.teams:
            self.teams[team_id] = {"team": name}
        return team_id

    def once(self, key, value, number: int, col: int, what: str) -> bool:
        """A value that must be the same wherever it is given; False (reported) when it differs."""
        if key not in self.first:
            self.first[key] = (number, value)
            return True
        row, first = self.first[key]
        if first != value:
            self.error(number, col, "conflict", f"{what} is {value!r} here but {first!r} in row {row}",
                       "give it once, or the same on every row")
            return False
        return True

    def link(self, number: int, values: dict, where: dict, supplier: str) -> None:
        customer_name = values["customer"]
        customer = slugify(customer_name)
        if customer == supplier:
            self.error(number, where["customer"], "self-customer",
                       f"{values['supplier']!r} is its own customer", "a team's customers are other teams")
            return
        key = (supplier, customer)
        link = self.links.get(key)
        if link is None:
            link = self.links[key] = {"team": customer_name, "row": number}
        for column in LINK_COLUMNS:
            if column in values and self.once((column, key), values[column], number, where[column],
                                              f"{column} of {values['supplier']!r} -> {customer_name!r}"):
                link[column] = values[column]
        loop = {column: values[column] for column in LOOP_COLUMNS if column in values}
        if loop and "feedback kind" not in loop:
            self.error(number, where.get("feedback kind", where[next(iter(loop))]), "missing-kind",
                       "a feedback loop without a kind", f"use one of: {', '.join(FEEDBACK_KINDS)}")
        elif loop:
            link.setdefault("loops", []).append(loop)

    def result(self) -> Imported:
        customers: dict[str, list] = {}
        suppliers: dict[str, list] = {}
        for (supplier, customer), link in self.links.items():
            declared = link.get("declared by", "supplier")
            if declared in ("customer", "both"):
                if customer not in self.teams:
                    self.teams[customer] = {"team": link["team"]}
                suppliers.setdefault(customer, []).append(self.teams[supplier]["team"])
            if declared == "customer":
                said = [column for column in LINK_COLUMNS + LOOP_COLUMNS if column in link and column != "declared by"]
                if said or link.get("loops"):
                    self.error(link["row"], 1, "customer-only",
                               "a link only its customer declares holds no delivery, agreement or loops",
                               "set 'declared by' to both, or leave those cells empty")
                continue
            customers.setdefault(supplier, []).append(_customer(link))
        teams = []
        for team_id, team in self.teams.items():
            data = dict(team)
            if team_id in suppliers:
                data["suppliers"] = suppliers[team_id]
            data["customers"] = customers.get(team_id, [])
            teams.append(data)
        return Imported(teams=teams)


def _customer(link: dict) -> dict:
    customer = {"team": link["team"]}
    for column in ("delivers", "need"):
        if column in link:
            customer[column] = link[column]
    if "agreement approved" in link or "agreement review" in link:
        customer["agreement"] = {"where": link.get("agreement"), "approved": link.get("agreement approved"),
                                 "review": link.get("agreement review")}
    elif "agreement" in link:
        customer["agreement"] = link["agreement"]
    if "external" in link:
        customer["external"] = link["external"]
    loops = [{"kind": loop["feedback kind"], "cadence": loop.get("cadence"), "last": loop.get("last"),
              "score": loop.get("score"), "note": loop.get("note")} for loop in link.get("loops", [])]
    if loops:
        customer["feedback"] = loops
    return customer


def read_links(path: str, sheet_name: str | None = None) -> Imported:
    """The team data a spreadsheet of links describes; :class:`SheetError` lists every bad cell."""
    sheet, rows = read_rows(path, sheet_name)
    rows = [(number, cells) for number, cells in rows if not all(_empty(cell) for cell in cells)]
    if not rows:
        raise InputError([Problem(path, 0, 0, "error", "empty", "the sheet is empty",
                                  "start with a row naming the columns; `chainmap import --template` writes one")])
    reader = _Reader(sheet)
    columns = reader.header(*rows[0])
    if reader.problems:
        raise SheetError(reader.problems)
    for number, cells in rows[1:]:
        reader.row(number, cells, columns)
    imported = reader.result()
    if reader.problems:
        raise SheetError(sorted(reader.problems, key=_sheet_order))
    return imported


def _sheet_order(problem: Problem):
    """Row by row, then column by column, for CSV (``path:line:col``) and XLSX (``path:Sheet!C14``) alike."""
    if problem.line:
        return problem.line, problem.col
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(problem.path.rsplit("!", 1)[1])
    return row, column_index_from_string(letters)


# The template's example row: one link, one listening loop, answered as a team would.
EXAMPLE_ROW = {
    "supplier": "Payroll", "supplier department": "Finance", "customer": "HR Advisory", "external": "false",
    "delivers": "Monthly salary overview", "need": "Correct contracts before the cut-off",
    "agreement": "https://intranet.example/sla/payroll-hr", "agreement approved": "2026-03-02",
    "agreement review": "yearly", "feedback kind": "review", "cadence": "quarterly", "last": "2026-09-14",
    "score": 8, "note": "Why an 8 and not a 9? Asked in the review", "declared by": "supplier",
}


def template_bytes(suffix: str, lang: str = "en") -> bytes:
    """An empty links sheet with its columns and one filled example row: XLSX (with checks on cells) or CSV."""
    if suffix == ".csv":
        return b"\xef\xbb\xbf" + csv_bytes(COLUMNS, [[EXAMPLE_ROW.get(column, "") for column in COLUMNS]])
    return _xlsx_template(lang)


def _help_sheet(workbook, lang: str) -> None:
    """A second sheet saying what each column holds (import reads only the first)."""
    from openpyxl.styles import Alignment, Font

    t = translator(lang)
    sheet = workbook.create_sheet(t("sheet.help.title"))
    sheet.append([t("sheet.help.intro")])
    sheet.append([])
    sheet.append([t("sheet.help.column"), t("sheet.help.meaning")])
    for column in COLUMNS:
        sheet.append([column, t(f"sheet.column.{column}")])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows(min_row=4):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")


def _xlsx_template(lang: str) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "links"
    sheet.append(list(COLUMNS))
    sheet.append([_typed(column, EXAMPLE_ROW.get(column)) for column in COLUMNS])
    for col, column in enumerate(COLUMNS, start=1):
        sheet.cell(1, col).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = max(14, len(column) + 4,
                                                                    min(40, len(str(EXAMPLE_ROW.get(column, ""))) + 2))
    sheet.freeze_panes = "A2"
    rows = "2:1000"

    def cells(column: str) -> str:
        letter = get_column_letter(COLUMNS.index(column) + 1)
        first, last = rows.split(":")
        return f"{letter}{first}:{letter}{last}"

    def choose(column: str, choices, strict: bool = True) -> None:
        rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                              errorStyle="stop" if strict else "warning", showErrorMessage=True)
        rule.error = f"{column}: {', '.join(choices)}" + ("" if strict else ", or 'N days|weeks|months'")
        rule.add(cells(column))
        sheet.add_data_validation(rule)

    choose("feedback kind", FEEDBACK_KINDS)
    choose("cadence", NAMED_CADENCES, strict=False)
    choose("agreement review", NAMED_CADENCES, strict=False)
    choose("external", ("true", "false"))
    choose("declared by", DECLARED_BY)
    score = DataValidation(type="decimal", operator="between", formula1="0", formula2="10", allow_blank=True,
                           showErrorMessage=True, error="score: a grade from 0 to 10")
    score.add(cells("score"))
    sheet.add_data_validation(score)
    for column in ("last", "agreement approved"):
        dates = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                               showErrorMessage=True, error=f"{column}: a date, YYYY-MM-DD")
        dates.add(cells(column))
        sheet.add_data_validation(dates)
        letter = get_column_letter(COLUMNS.index(column) + 1)
        for row in range(2, 1001):
            sheet[f"{letter}{row}"].number_format = "yyyy-mm-dd"
    _help_sheet(workbook, lang)
    _fixed_times(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _same_bytes(buffer.getvalue())


def _typed(column: str, value):
    from datetime import date

    if column in ("last", "agreement approved") and value:
        return date.fromisoformat(value)
    return value


def _fixed_times(workbook) -> None:
    from datetime import datetime

    stamp = datetime(2026, 1, 1)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "chainmap"


def _same_bytes(data: bytes) -> bytes:
    """The workbook's ZIP with fixed member times, so the template is the same bytes every time."""
    import io
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving here
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", content)
            out.writestr(fixed, content)
    return buffer.getvalue()

