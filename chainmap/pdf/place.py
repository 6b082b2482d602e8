"""Put pages of other PDFs (Graphviz drawings) onto a document's pages, as vector graphics.

fpdf2 cannot import PDF pages, and its SVG import drops ``<text>``; a
Graphviz PDF (cairo embeds its fonts) keeps every name as real, selectable
text.  So the document is written first, with room kept free, and then
``pypdf`` draws each drawing's page into its box: the drawing's content
stream, scaled and moved, with its fonts and resources.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from .document import PT, Box


@dataclass(frozen=True)
class Placement:
    """Page ``source_page`` (from 1) of ``pdf`` fitted into ``box``."""

    box: Box
    pdf: bytes
    source_page: int = 1
    max_scale: float = 1.0
    valign: str = "top"  # "top" or "middle" in the box
    # Only this part of the page: (x, y, w, h) in mm from its top-left corner; None = all of it.
    region: tuple | None = None


def _reader(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


def page_size(pdf: bytes, source_page: int = 1) -> tuple[float, float]:
    """Width and height in millimetres of page ``source_page`` of ``pdf``."""
    box = _source_page(_reader(pdf), source_page).mediabox
    return float(box.width) * PT, float(box.height) * PT


def fitted(box: Box, width: float, height: float, *, max_scale: float = 1.0, valign: str = "top") -> Box:
    """Where a ``width`` x ``height`` mm drawing lands in ``box``: scaled to fit, centred across."""
    if valign not in ("top", "middle"):
        raise ValueError(f"valign must be 'top' or 'middle', not {valign!r}")
    scale = min(box.w / width, box.h / height)
    if max_scale:
        scale = min(scale, max_scale)
    w, h = width * scale, height * scale
    y = box.y if valign == "top" else box.y + (box.h - h) / 2
    return Box(box.page, box.x + (box.w - w) / 2, y, w, h)


def _source_page(reader, number: int):
    if not 1 <= number <= len(reader.pages):
        raise ValueError(f"the placed PDF has {len(reader.pages)} page(s), not a page {number}")
    return reader.pages[number - 1]


def _clip(source, region) -> tuple[float, float]:
    """Crop ``source`` to ``region`` (or to its whole page); its new lower-left corner in points.

    pypdf clips merged content to the source's crop box, so a region shows
    nothing of the page outside it.
    """
    from pypdf.generic import RectangleObject

    media = source.mediabox
    if region is None:
        source.cropbox = RectangleObject([media.left, media.bottom, media.right, media.top])
    else:
        x, y, w, h = (value / PT for value in region)
        left, top = float(media.left) + x, float(media.top) - y
        source.cropbox = RectangleObject([left, top - h, left + w, top])
    return float(source.cropbox.left), float(source.cropbox.bottom)


def place_pdf_pages(document: bytes, placements, *, keep_date: bool = True) -> bytes:
    """``document`` with each placement's page drawn, vector, into its box.

    Boxes are in millimetres from the top-left corner of their page, as in
    fpdf2.  The result is deterministic: the same inputs give the same bytes.
    ``keep_date=False`` drops the document's /CreationDate.
    """
    from pypdf import PdfWriter, Transformation
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=_reader(document))
    if not keep_date and writer._info is not None:
        writer._info.get_object().pop(NameObject("/CreationDate"), None)
    readers: dict[int, object] = {}
    touched = set()
    for placement in placements:
        box = placement.box
        if not 1 <= box.page <= len(writer.pages):
            raise ValueError(f"the document has {len(writer.pages)} page(s), not a page {box.page}")
        key = id(placement.pdf)
        if key not in readers:
            readers[key] = _reader(placement.pdf)
        source = _source_page(readers[key], placement.source_page)
        left, bottom = _clip(source, placement.region)
        width, height = float(source.cropbox.width) * PT, float(source.cropbox.height) * PT
        area = fitted(box, width, height, max_scale=placement.max_scale, valign=placement.valign)
        scale = area.w / width
        target = writer.pages[box.page - 1]
        page_height = float(target.mediabox.height)
        x = area.x / PT - left * scale
        y = page_height - (area.y + area.h) / PT - bottom * scale
        target.merge_transformed_page(source, Transformation().scale(scale, scale).translate(x, y),
                                      over=True, expand=False)
        touched.add(box.page - 1)
    for index in sorted(touched):
        writer.pages[index].compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
