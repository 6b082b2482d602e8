"""The report of an organisation with departments: the overview, a map per department, a pack per department.

Real YAML, the real CLI, PDFs read with poppler (tests/pdftools.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

import pdftools
from chainmap.cli import main
from generated import crowded_department

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-11-22"
CLINICAL = ["Cardiology", "Emergency Department", "Nursing Wards", "Outpatient Clinics", "Surgery"]


def report(tmp_path, *args, source=ACME, name="report.pdf"):
    out = tmp_path / name
    result = CliRunner().invoke(main, ["report", str(source), "-o", str(out), "--as-of", AS_OF, *map(str, args)])
    return result, out


def test_a_department_pack_has_its_map_its_summary_row_and_only_its_teams(tmp_path):
    result, out = report(tmp_path, "--department", "clinical care")
    assert result.exit_code == 0, result.output
    assert "(PDF, " in result.stderr and "5 team pages" in result.stderr
    text = " ".join(pdftools.text(out).split())
    assert "Acme Health · Clinical Care" in text
    assert "Department Teams Links With loop" in text and re.search(r"Clinical Care 5 \d+ [\d.]+%", text)
    assert "Clinical Care: its teams in full, every other department as one box" in text
    for team in CLINICAL:
        assert f"{team} What we do" in text or team in text
    pages = [" ".join(page.split()) for page in pdftools.pages_text(out)]
    team_pages = [page for page in pages if "What we do" in page]
    assert len(team_pages) == len(CLINICAL)
    assert not any("Payroll What we do" in page or page.startswith("Corporate Services Payroll")
                   for page in team_pages), "no other department's teams"


def test_a_department_pack_in_html_and_markdown(tmp_path):
    result, out = report(tmp_path, "--department", "Facilities", name="facilities.md")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.count("```mermaid") == 1 + 5, "the department's map and its five teams"
    assert "| **Facilities** | 5 |" in text
    result, out = report(tmp_path, "--department", "Facilities", name="facilities.html")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("<svg") == 1 + 5


def test_an_unknown_department_is_a_usage_error_with_a_suggestion(tmp_path):
    result, out = report(tmp_path, "--department", "Clinic")
    assert result.exit_code == 2
    assert "error[unknown-department]" in result.stderr and "Clinical Care" in result.stderr
    assert not out.exists()
    result, _ = report(tmp_path, "--department", "Facilities", "--team", "Logistics")
    assert result.exit_code == 2


def test_the_summary_groups_many_gaps_of_a_kind_in_one_line(tmp_path):
    result, out = report(tmp_path, name="acme.md")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    gaps = text[text.index("### Where to start"):]
    gaps = gaps[:gaps.index("\n## ")]
    for block in re.split(r"\n\*\*", gaps)[1:]:
        bullets = [line for line in block.split("\n") if line.startswith("- ")]
        assert len(bullets) <= 4, block
    assert "- and 1 more: see the next steps on each team's page" in gaps


def test_a_long_dutch_compound_name_is_never_broken_inside_the_word(tmp_path):
    source = tmp_path / "gemeente.yaml"
    source.write_text(
        "organization: Gemeente\n"
        "teams:\n"
        "  - team: Klantcontactcentrum Belastingen\n"
        "    department: Dienstverlening\n"
        "    customers:\n"
        "      - team: Burgers\n"
        "        external: true\n"
        "        delivers: Antwoorden over aanslagen\n"
        "  - team: Gegevensbeheer\n"
        "    department: Bedrijfsvoering\n"
        "    customers:\n"
        "      - team: Klantcontactcentrum Belastingen\n"
        "        delivers: Basisregistratiegegevens\n", encoding="utf-8")
    for args in (("--team", "Klantcontactcentrum Belastingen"), ()):
        result, out = report(tmp_path, *args, source=source, name="gemeente.pdf")
        assert result.exit_code == 0, result.output
        # The pages with drawings: the team's (its title and its chain), the overview and the departments'.
        drawn = [number for number, page in enumerate(pdftools.pages_text(out), 1)
                 if not args and ("its teams in full" in page or "One box per department" in page)] or [1]
        words = [word for page, *_, word in pdftools.words(out) if page in drawn]
        assert "Klantcontactcentrum" in words
        assert not [word for word in words if word.startswith("Klantcontactcent") and word != "Klantcontactcentrum"]
        assert not [word for word in words if word.startswith("Basisregistratie") and len(word) < 24]


RECTANGLE = re.compile(r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re\s*([BS])\b")


def test_a_map_printed_in_pieces_shows_on_each_page_where_the_piece_sits(tmp_path):
    """A department with 80 neighbours prints in pieces; each piece's page has, in its top right corner,
    a small map of all the pieces with its own filled, so the pages can be put together."""
    from pypdf import PdfReader

    result, out = report(tmp_path, "--department", "Legal", source=crowded_department(tmp_path / "teams"))
    assert result.exit_code == 0, result.output
    pages = PdfReader(out).pages
    pieces = [page for page in pages if re.search(r"Legal\s+\(\d+/\d+\)", page.extract_text())]
    count = int(re.search(r"\((\d+)/(\d+)\)", pieces[0].extract_text()).group(2))
    assert len(pieces) == count > 1
    filled = []
    for page in pieces:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        corner = [(float(x), float(y), float(w), float(h), op)
                  for x, y, w, h, op in RECTANGLE.findall(page.get_contents().get_data().decode("latin-1"))
                  if float(x) > width * 0.75 and float(y) > height * 0.88]
        assert corner, "no map of the pieces in the page's top right corner"
        whole = max(corner, key=lambda rect: abs(rect[2] * rect[3]))
        outlines = [rect for rect in corner if rect is not whole]
        # The whole drawing, and one rectangle per piece: this page's filled, the others outlined.
        assert len(outlines) >= count and [rect[4] for rect in outlines].count("B") == 1
        assert all(whole[0] <= rect[0] <= whole[0] + whole[2] for rect in outlines)
        filled.append(next(rect[:2] for rect in outlines if rect[4] == "B"))
    # Each page fills another piece, left to right, then top to bottom (PDF's y grows upwards).
    assert len(set(filled)) == count
    assert filled == sorted(filled, key=lambda corner: (-corner[1], corner[0]))
