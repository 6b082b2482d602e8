"""Placing one part of a drawing (a piece of a map too large for one sheet): clipped, and in its box."""

from __future__ import annotations

from datetime import date

import pytest

import pdftools
from chainmap import api
from chainmap.pdf import Box, Document, page_size
from chainmap.render import RenderOptions, render

AS_OF = date(2026, 11, 22)
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


def test_a_region_shows_only_that_part_of_the_drawing_inside_its_box(tmp_path):
    graph, findings, _ = api.analyse(api.loads(WIDE, "wide.yaml"), AS_OF)
    drawing = render(graph, "pdf", RenderOptions(as_of=AS_OF, legend=False), findings)
    width, height = page_size(drawing)
    assert width > 2 * height, "a wide chain, left to right"

    doc = Document("Pieces", created=AS_OF)
    half, scale = width / 2, 200 / width  # each half 100 mm wide on paper
    for page, x in ((1, 0), (2, half)):
        doc.add_page(orientation="landscape")
        area = doc.place_pdf(drawing, Box(page, 20, 30, half * scale, height * scale),
                             region=(x, 0, half, height), max_scale=None)
        assert (area.w, area.h) == pytest.approx((half * scale, height * scale)), "the region fills its box"
    path = tmp_path / "pieces.pdf"
    path.write_bytes(doc.to_bytes())

    for page in (1, 2):
        image = page_pixels(path, page)
        assert ink(image, (20, 30, half * scale, height * scale)) > 100, "the piece is drawn in its box"
        assert ink(image, (20 + half * scale + 1, 20, 150, height * scale + 20)) == 0, "nothing right of it"
    words = {(page, word) for page, *_, word in pdftools.words(path)}
    assert (1, "Alpha") in words and (2, "Right") in words
