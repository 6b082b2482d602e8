"""The PDF base (chainmap.pdf) and Graphviz's fonts: embedded fonts, accents and emoji as text,
same bytes for the same input, a drawing fitted to its box (drawing it: test_pdf_drawing.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import pdftools
from chainmap import api
from chainmap.pdf import Box, Document, fitted, from_graphviz_json
from chainmap.render import RenderOptions, render
from chainmap.render.graphviz import draw

MM = 72 / 25.4  # points per millimetre
AS_OF = date(2026, 11, 22)

NAMES_MAP = """\
organization: Café & Catering ☕
teams:
  - team: Café & Catering ☕
    customers:
      - team: Zorg 💙
        delivers: Lunch for the wards
  - team: Łódź Ørsted Straße
    customers: [Zorg 💙]
"""

NAMES = ["Café & Catering ☕", "Zorg 💙", "Łódź Ørsted Straße"]


def drawing(source: str = NAMES_MAP, fmt: str = "pdf") -> bytes:
    graph, findings, _ = api.analyse(api.loads(source, "names.yaml"), AS_OF)
    return render(graph, fmt, RenderOptions(as_of=AS_OF, legend=False), findings)


def layout(source: str = NAMES_MAP):
    """The map in ``source`` laid out by Graphviz, as the PDF draws it (chainmap.pdf.drawing)."""
    graph, findings, _ = api.analyse(api.loads(source, "map.yaml"), AS_OF)
    dot = render(graph, "dot", RenderOptions(as_of=AS_OF, legend=False), findings).decode()
    return from_graphviz_json(draw(dot, "json"))


def sample(lang: str = "en", created=None, diagram=None) -> bytes:
    doc = Document("Onboarding: Café & Catering ☕", lang=lang, created=created)
    doc.add_page()
    doc.heading("Café & Catering ☕ → Zorg 💙")
    doc.paragraph("Łódź, Ørsted, Straße, naïef, Noël, Zorg 💙. " * 8)
    doc.rows([["Café & Catering ☕", "Zorg 💙", "no-feedback"]], header=["Supplier", "Customer", "State"])
    if diagram:
        doc.place_drawing(diagram, doc.reserve(100))
    doc.add_page(orientation="landscape")
    doc.heading("Second page", 2)
    return doc.to_bytes()


def write(tmp_path, data: bytes, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_every_font_is_embedded_and_emoji_come_from_the_bundled_emoji_font(tmp_path):
    fonts = pdftools.fonts(write(tmp_path, sample()))
    assert fonts and all(font["emb"] == "yes" for font in fonts), fonts
    names = " ".join(font["name"] for font in fonts)
    assert "DejaVuSans" in names and "DejaVuSans-Bold" in names.replace("DejaVuSansBold", "DejaVuSans-Bold")
    assert "NotoEmoji" in names


def test_accents_and_emoji_are_real_text(tmp_path):
    text = pdftools.text(write(tmp_path, sample()))
    for name in NAMES[:2] + ["Łódź, Ørsted, Straße, naïef, Noël"]:
        assert name in text
    assert "Café & Catering ☕ → Zorg 💙" in text


def test_footer_numbers_pages_in_the_documents_language(tmp_path):
    english = pdftools.pages_text(write(tmp_path, sample("en"), "en.pdf"))
    dutch = pdftools.pages_text(write(tmp_path, sample("nl"), "nl.pdf"))
    assert len(english) == 2
    assert "Page 1 / 2" in english[0] and "Page 2 / 2" in english[1]
    assert "Pagina 1 / 2" in dutch[0] and "Pagina 2 / 2" in dutch[1]
    assert "Onboarding: Café & Catering ☕" in english[1]


def test_pages_are_a4_portrait_then_landscape(tmp_path):
    info = pdftools.run("pdfinfo", "-f", 1, "-l", 2, write(tmp_path, sample()))
    assert re.search(r"Page +1 size: +595.28 x 841.89 pts \(A4\)", info)
    assert re.search(r"Page +2 size: +841.89 x 595.28 pts \(A4\)", info)


def test_title_and_language_are_in_the_metadata(tmp_path):
    data = sample("nl")
    assert b"/Lang (nl)" in data
    assert "Title:           Onboarding: Café & Catering ☕" in pdftools.run("pdfinfo", write(tmp_path, data))


def test_same_input_gives_the_same_bytes_without_a_creation_date(tmp_path):
    diagram = layout()
    first, second = sample(diagram=diagram), sample(diagram=diagram)
    assert first == second
    assert b"/CreationDate" not in first
    assert "CreationDate" not in pdftools.run("pdfinfo", write(tmp_path, first))


def test_a_creation_date_is_written_when_asked_for(tmp_path):
    data = sample(created=AS_OF)
    assert "CreationDate:    Sun Nov 22 00:00:00 2026 UTC" in pdftools.run("pdfinfo", write(tmp_path, data))
    assert sample(created=AS_OF) == data


def test_long_table_cells_wrap_and_a_table_breaks_across_pages(tmp_path):
    doc = Document("Table", created=AS_OF)
    doc.add_page()
    rows = [[f"Team {i} Café", "a long description " * 6, f"row-{i}-end"] for i in range(60)]
    doc.rows(rows, header=["Team", "Note", "Mark"], col_widths=(1, 3, 1))
    path = write(tmp_path, doc.to_bytes())
    pages = pdftools.pages_text(path)
    assert len(pages) >= 3
    assert all("Team" in page and "Note" in page for page in pages), "header repeats on every page"
    assert all(f"row-{i}-end" in "".join(pages) for i in range(60))
    page_width = 595.28
    assert all(x1 <= page_width - 17 * MM for _, _, _, x1, _, _ in pdftools.words(path)), "nothing overflows"


# -- diagrams placed as vector graphics ---------------------------------------------------------


def test_a_drawing_is_scaled_down_to_fit_and_never_blown_up():
    laid_out = layout()
    width, height = laid_out.width, laid_out.height
    small = fitted(Box(1, 10, 20, width * 4, height * 4), width, height)
    assert (small.w, small.h) == pytest.approx((width, height)), "at most its own size"
    assert small.x == pytest.approx(10 + (width * 4 - width) / 2), "centred across the box"
    assert small.y == 20
    shrunk = fitted(Box(1, 0, 0, width / 2, height), width, height)
    assert shrunk.w == pytest.approx(width / 2) and shrunk.h == pytest.approx(height / 2)
    grown = fitted(Box(1, 0, 0, width * 2, height * 2), width, height, max_scale=None, valign="middle")
    assert grown.w == pytest.approx(width * 2)


def test_reserve_moves_to_a_new_page_when_the_box_does_not_fit():
    doc = Document("Boxes")
    doc.add_page()
    first = doc.reserve(150)
    second = doc.reserve(150)
    assert (first.page, second.page) == (1, 2)
    assert second.y == doc.t_margin


# -- Graphviz draws with chainmap's fonts -----------------------------------------------------


def test_graphviz_pdf_embeds_the_bundled_fonts_and_keeps_emoji_as_text(tmp_path):
    path = write(tmp_path, drawing(), "map.pdf")
    names = [font["name"] for font in pdftools.fonts(path)]
    assert any("DejaVuSans" in name for name in names) and any("NotoEmoji" in name for name in names), names
    text = pdftools.text(path)
    for name in NAMES:
        assert name in text


def test_graphviz_uses_the_bundled_fonts_even_on_a_machine_without_fonts(tmp_path):
    # A fontconfig setup with no fonts at all, as on a bare server or container.
    empty = tmp_path / "empty.conf"
    empty.write_text(f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "none"}</dir></fontconfig>')
    source = write(tmp_path, NAMES_MAP.encode(), "names.yaml")
    out = tmp_path / "bare.pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(empty), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-m", "chainmap", "render", str(source), "-o", str(out),
                    "--as-of", "2026-11-22"], check=True, env=env, capture_output=True)
    text = pdftools.text(out)
    for name in NAMES:
        assert name in text


def test_drawing_leaves_the_processes_fontconfig_setting_alone(monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", "/somewhere/fonts.conf")
    drawing(fmt="png")
    assert os.environ["FONTCONFIG_FILE"] == "/somewhere/fonts.conf"
    monkeypatch.delenv("FONTCONFIG_FILE")
    drawing(fmt="png")
    assert "FONTCONFIG_FILE" not in os.environ


def test_the_fonts_and_their_licences_ship_with_the_package():
    from chainmap import fonts

    for path in (fonts.REGULAR, fonts.BOLD, fonts.EMOJI):
        assert path.is_file() and path.stat().st_size > 100_000
    licences = {path.name for path in fonts.FONT_DIR.glob("LICENSE-*")}
    assert licences == {"LICENSE-DejaVu.txt", "LICENSE-NotoEmoji-OFL.txt"}
    readme = (fonts.FONT_DIR / "README.md").read_text(encoding="utf-8")
    assert "fonts-dejavu-core" in readme and "Open Font License" in readme
