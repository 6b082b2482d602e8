"""The report's one-page overview of a large organisation prints at a size people can read.

Forty departments that each deliver to three others make 120 department arrows: the overview
is a table (a row per department, a column per customer).  On paper every word of it must be
at least 6 points (the smallest type chainmap prints a diagram in), on one A4 page.
"""

from __future__ import annotations

import re

from click.testing import CliRunner
from pypdf import PdfReader

from chainmap.cli import main
from chainmap.theme import PAPER

DEPARTMENTS = 40


def organisation(folder, departments: int = DEPARTMENTS, members: int = 2):
    """``departments`` departments of ``members`` teams, each team delivering to a team in each of the next three."""
    folder.mkdir()
    (folder / "00-organization.yaml").write_text("organization: Many Departments\nteams: []\n", encoding="utf-8")
    for department in range(departments):
        for member in range(members):
            number = department * members + member
            lines = [f"team: Team {number:03d}", f"department: Department {department + 1:03d}", "customers:"]
            for step in (1, 2, 3):
                customer = ((department + step) % departments) * members + (member + step) % members
                lines += [f"  - team: Team {customer:03d}", "    delivers: Monthly figures"]
                if step == 1:
                    lines += ["    feedback:", "      - kind: review", "        cadence: quarterly",
                              "        last: 2026-10-01"]
            (folder / f"team-{number:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def text_sizes(pdf, page: int) -> dict[str, float]:
    """Each piece of text on ``page`` (from 1) and the size it is printed at, in points."""
    sizes: dict[str, float] = {}

    def seen(text, cm, tm, font, size):
        if text.strip():
            sizes[text.strip()] = min(size * tm[0] * cm[0], sizes.get(text.strip(), 99.0))

    PdfReader(pdf).pages[page - 1].extract_text(visitor_text=seen)
    return sizes


def test_the_overview_table_of_forty_departments_prints_at_six_points_or_more(tmp_path):
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(main, ["report", str(organisation(tmp_path / "teams")), "-o", str(out),
                                       "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.output
    sizes = text_sizes(out, 2)
    assert "The organisation at a glance" in sizes
    # Every department's name (its row) and every cell's count are on the page ...
    names = {text for text in sizes if text.startswith("Department ")}
    assert names == {f"Department {number:03d}" for number in range(1, DEPARTMENTS + 1)}
    assert "2" in sizes
    # ... and nothing of the table is smaller than print's smallest type.
    assert min(sizes.values()) >= PAPER.min_diagram_text, sorted(sizes.items(), key=lambda item: item[1])[:5]


def test_an_organisation_too_large_for_one_page_follows_it_with_readable_pieces(tmp_path):
    """120 departments: the one page keeps the shape; the pieces after it can be read."""
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(main, ["report", str(organisation(tmp_path / "teams", departments=120, members=1)),
                                       "-o", str(out), "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.output
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert pages[1].lstrip().startswith("The organisation at a glance")
    pieces = [number for number, text in enumerate(pages, 1)
              if re.search(r"The\s+organisation\s+at\s+a\s+glance\s+\(\d+/\d+\)", text)]
    count = int(re.search(r"\((\d+)/(\d+)\)", pages[pieces[0] - 1]).group(2))
    assert pieces == list(range(3, 3 + count)) and count > 1
    seen = set()
    for number in pieces:
        sizes = text_sizes(out, number)
        table = {text: size for text, size in sizes.items() if not text.startswith("The organisation")}
        assert min(table.values()) >= PAPER.min_diagram_text, (number, min(table.items(), key=lambda i: i[1]))
        seen |= {text for text in sizes if re.fullmatch(r"Department \d{3}", text)}
    # Together the pieces show every department's row.
    assert seen == {f"Department {number:03d}" for number in range(1, 121)}
