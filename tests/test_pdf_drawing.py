"""Graphviz drawings drawn by the PDF itself (chainmap.pdf.drawing): the document's fonts, once per file.

A report of thousands of team pages has thousands of drawings.  Each is laid
out by the real Graphviz and drawn into the page with the document's own
fonts, so every font is embedded once, names stay text, and the finished file
is never read back.  Checked with poppler (tests/pdftools.py) and by looking
at rendered pixels.
"""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

import pdftools
from chainmap.cli import main
from chainmap.pdf import Box, Document
from chainmap.report.pdf.print_diagrams import MIN_TEXT_PT
from generated import generated_map
from test_pdf_base import NAMES_MAP, layout
from test_report_pdf import BOX_PER_POINT

AS_OF = date(2026, 11, 22)
MM = 72 / 25.4  # points per millimetre
WIDE = """\
teams:
  - team: Alpha Left
    customers: [Bravo]
  - team: Bravo
    customers: [Charlie]
  - team: Charlie
    customers: [Delta]
  - team: Delta
    customers: [Echo Right]
"""
DPI = 72  # one pixel a point


def page_pixels(path, page: int):
    from PIL import Image

    out = path.with_suffix("")
    pdftools.run("pdftoppm", "-png", "-r", DPI, "-f", page, "-l", page, "-singlefile", path, out)
    return Image.open(f"{out}.png").convert("L")


def ink(image, box_mm) -> int:
    """Dark pixels inside a box given in millimetres."""
    x, y, w, h = (round(v * DPI / 25.4) for v in box_mm)
    region = image.crop((x, y, x + w, y + h))
    return sum(region.histogram()[:200])


def cli_report(tmp_path, source, *args):
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(main, ["report", str(source), "-o", str(out), "--as-of", str(AS_OF), *args])
    assert result.exit_code == 0, result.output
    return out


def test_a_drawing_is_drawn_in_its_box_with_the_documents_fonts_and_names_as_text(tmp_path):
    doc = Document("Diagram", created=AS_OF)
    doc.add_page()
    doc.heading("The chain")
    area = doc.place_drawing(layout(NAMES_MAP), doc.reserve(90))
    doc.paragraph("Text after the diagram")
    path = tmp_path / "diagram.pdf"
    path.write_bytes(doc.to_bytes())

    assert pdftools.images(path) == [], "vector, not a picture"
    text = pdftools.text(path)
    for name in ("Café & Catering ☕", "Zorg 💙", "Łódź Ørsted Straße", "Lunch for the wards"):
        assert name in text
    found = {word for page, x0, y0, x1, y1, word in pdftools.words(path)
             if area.x * MM - 1 <= x0 and x1 <= (area.x + area.w) * MM + 1
             and area.y * MM - 1 <= y0 and y1 <= (area.y + area.h) * MM + 1}
    assert {"Café", "Zorg", "💙", "Łódź", "Ørsted", "Lunch"} <= found
    assert "Text" not in found
    # The drawing's words are set in the document's own fonts: regular, bold and emoji, each once.
    names = sorted(font["name"].split("+")[-1] for font in pdftools.fonts(path))
    assert len(names) == 3 and all(name.startswith(("DejaVuSans", "NotoEmoji")) for name in names), names


def test_a_region_shows_only_that_part_of_the_drawing_inside_its_box(tmp_path):
    drawing = layout(WIDE)
    assert drawing.width > 2 * drawing.height, "a wide chain, left to right"
    doc = Document("Pieces", created=AS_OF)
    half, scale = drawing.width / 2, 200 / drawing.width  # each half 100 mm wide on paper
    for x in (0, half):
        doc.add_page(orientation="landscape")
        area = doc.place_drawing(drawing, Box(doc.page, 20, 30, half * scale, drawing.height * scale),
                                 region=(x, 0, half, drawing.height), max_scale=None)
        assert (area.w, area.h) == pytest.approx((half * scale, drawing.height * scale)), "the region fills its box"
    path = tmp_path / "pieces.pdf"
    path.write_bytes(doc.to_bytes())

    for page in (1, 2):
        image = page_pixels(path, page)
        assert ink(image, (20, 30, half * scale, drawing.height * scale)) > 100, "the piece is drawn in its box"
        assert ink(image, (20 + half * scale + 1, 20, 150, drawing.height * scale + 20)) == 0, "nothing right of it"
        assert ink(image, (0, 0, 19, 180)) == 0, "nothing left of it (above the footer)"


def test_a_drawing_goes_onto_the_page_being_written():
    doc = Document("Two pages")
    doc.add_page()
    doc.add_page()
    with pytest.raises(ValueError, match="not page 1"):
        doc.place_drawing(layout(WIDE), Box(1, 20, 20, 100, 50))


def test_same_drawing_same_bytes_and_no_creation_date(tmp_path):
    def made() -> bytes:
        doc = Document("Same")
        doc.add_page()
        doc.place_drawing(layout(NAMES_MAP), doc.reserve(90))
        return doc.to_bytes()

    first = made()
    assert first == made()
    path = tmp_path / "same.pdf"
    path.write_bytes(first)
    assert "CreationDate" not in pdftools.run("pdfinfo", path)
    assert pdftools.page_count(path) == 1, "the blanked date leaves a sound file"


def test_a_report_of_many_drawings_embeds_each_font_once(tmp_path):
    """Dozens of drawings (the overview, each department, each team's chain): two fonts in the file."""
    source, _ = generated_map(tmp_path / "teams", departments=3, per_department=8)
    out = cli_report(tmp_path, source)
    fonts = pdftools.fonts(out)
    names = sorted(font["name"].split("+")[-1] for font in fonts)
    assert len(names) == 2 and all(name.startswith("DejaVuSans") for name in names), names
    assert all(font["emb"] == "yes" and font["sub"] == "yes" for font in fonts)
    pages = [" ".join(page.split()) for page in pdftools.pages_text(out)]
    chains = [page for page in pages if "The chain around Team" in page]
    assert len(chains) == 24, "every team's chain is drawn"
    assert all("Team " in page.split("The chain around")[0] for page in chains)


def test_a_department_too_large_for_a_sheet_is_printed_in_readable_pieces(tmp_path):
    """A department of sixty teams on one sheet would print its names at 3-4 pt: pieces instead."""
    source, _ = generated_map(tmp_path / "teams", departments=2, per_department=60)
    out = cli_report(tmp_path, source, "--department", "Department 0")
    pages = [" ".join(page.split()) for page in pdftools.pages_text(out)]
    pieces = [page for page in pages if "Department 0: its teams in full" in page]
    count = len(pieces)
    assert count >= 2
    for number, page in enumerate(pieces, 1):
        assert f"Department 0 ({number}/{count})" in page
    drawn = " ".join(pieces)
    for index in range(0, 120, 2):  # Department 0's teams: every one is on some piece
        assert f"Team {index:04d}" in drawn, index
    words = pdftools.words(out)
    piece_pages = {number for number, page in enumerate(pages, 1) if "Department 0: its teams in full" in page}
    heights = [y1 - y0 for page, x0, y0, x1, y1, word in words if page in piece_pages]
    assert min(heights) >= MIN_TEXT_PT * BOX_PER_POINT - 0.05, "no name on a piece below 6 pt"


def test_a_link_without_feedback_is_drawn_dashed_however_thick(tmp_path):
    """Pattern, not only colour, tells the states apart: the dashes keep their gaps on paper."""
    from PIL import Image

    from chainmap.theme import REPORT, rgb

    doc = Document("Dashes", created=AS_OF)
    doc.add_page(orientation="landscape")
    doc.place_drawing(layout(WIDE), doc.reserve(60))  # four links, none with a feedback loop
    path = tmp_path / "dashes.pdf"
    path.write_bytes(doc.to_bytes())
    pdftools.run("pdftoppm", "-png", "-r", 150, "-singlefile", path, tmp_path / "dashes")
    image = Image.open(tmp_path / "dashes.png").convert("RGB")
    red = rgb(REPORT.links["no-feedback"].color)

    def is_red(pixel) -> bool:
        return sum(abs(a - b) for a, b in zip(pixel, red)) < 60

    rows = [[is_red(image.getpixel((x, y))) for x in range(image.width)] for y in range(image.height)]
    line = max(rows, key=sum)  # the row through the links (the red marks above them are shorter)
    strokes = sum(1 for x in range(1, len(line)) if line[x] and not line[x - 1])
    assert strokes >= 16, "a dashed line is many short strokes"
