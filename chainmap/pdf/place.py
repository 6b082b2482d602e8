"""Put pages of other PDFs onto a document's pages, as vector graphics.

fpdf2 cannot import PDF pages.  So the document is written first, with room
kept free, and then ``pypdf`` draws each page into its box: the page's
content stream, scaled and moved, with its fonts and resources.  The report
does not need this (it draws Graphviz's layouts itself, ``chainmap.pdf.drawing``);
it is for a PDF made elsewhere.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from .geometry import PT, Box, fitted


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


def _source_page(reader, number: int):
    if not 1 <= number <= len(reader.pages):
        raise ValueError(f"the placed PDF has {len(reader.pages)} page(s), not a page {number}")
    return reader.pages[number - 1]


def place_pdf_pages(document: bytes, placements, *, keep_date: bool = True) -> bytes:
    """``document`` with each placement's page drawn, vector, into its box.

    Boxes are in millimetres from the top-left corner of their page, as in
    fpdf2.  The result is deterministic: the same inputs give the same bytes.
    ``keep_date=False`` drops the document's /CreationDate.

    Each drawing becomes a form XObject (its content stream copied as it is,
    clipped to its box, with its fonts and resources) that the page draws
    with one ``Do``: nothing is parsed, so a report of thousands of drawings
    stays fast and small in memory.  A drawing's reader is dropped after the
    drawing's last placement.
    """
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=_reader(document))
    if not keep_date and writer._info is not None:
        writer._info.get_object().pop(NameObject("/CreationDate"), None)
    last_use = {id(placement.pdf): index for index, placement in enumerate(placements)}
    readers: dict[int, object] = {}
    forms: dict[tuple, object] = {}
    drawn: dict[int, list[tuple[object, bytes, tuple]]] = {}
    for index, placement in enumerate(placements):
        box = placement.box
        if not 1 <= box.page <= len(writer.pages):
            raise ValueError(f"the document has {len(writer.pages)} page(s), not a page {box.page}")
        key = id(placement.pdf)
        if key not in readers:
            readers[key] = _reader(placement.pdf)
        source = _source_page(readers[key], placement.source_page)
        left, bottom, width, height = _crop(source, placement.region)
        form_key = (key, placement.source_page, placement.region)
        if form_key not in forms:
            forms[form_key] = _form(writer, source, (left, bottom, width, height))
        width_mm, height_mm = width * PT, height * PT
        area = fitted(box, width_mm, height_mm, max_scale=placement.max_scale, valign=placement.valign)
        scale = area.w / width_mm
        page_height = float(writer.pages[box.page - 1].mediabox.height)
        x = area.x / PT - left * scale
        y = page_height - (area.y + area.h) / PT - bottom * scale
        matrix = f"{_num(scale)} 0 0 {_num(scale)} {_num(x)} {_num(y)} cm".encode("ascii")
        drawn.setdefault(box.page - 1, []).append((forms[form_key], matrix, form_key))
        if last_use[key] == index:
            del readers[key]
    names: dict[tuple, str] = {}
    for page_index in sorted(drawn):
        _draw_forms(writer, writer.pages[page_index], drawn[page_index], names)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _num(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _crop(source, region) -> tuple[float, float, float, float]:
    """The part of ``source`` to draw, in points: left, bottom, width, height."""
    media = source.mediabox
    if region is None:
        return float(media.left), float(media.bottom), float(media.width), float(media.height)
    x, y, w, h = (value / PT for value in region)
    left, top = float(media.left) + x, float(media.top) - y
    return left, top - h, w, h


def _form(writer, source, crop):
    """``source``'s page as a form XObject in ``writer``, clipped to ``crop``; its reference."""
    import zlib

    from pypdf.generic import ArrayObject, FloatObject, NameObject, StreamObject

    contents = source.get_contents()
    data = contents.get_data() if contents is not None else b""
    form = StreamObject()
    form.set_data(zlib.compress(data, 6))
    left, bottom, width, height = crop
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(left), FloatObject(bottom),
                                          FloatObject(left + width), FloatObject(bottom + height)]),
        NameObject("/Filter"): NameObject("/FlateDecode"),
    })
    if "/Resources" in source:
        form[NameObject("/Resources")] = source["/Resources"].get_object().clone(writer)
    if "/Group" in source:
        form[NameObject("/Group")] = source["/Group"].get_object().clone(writer)
    return writer._add_object(form)


def _draw_forms(writer, page, drawn, names: dict) -> None:
    """Draw the forms on ``page``, over what is there, each with its own matrix."""
    import zlib

    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

    resources = DictionaryObject(page["/Resources"].get_object()) if "/Resources" in page else DictionaryObject()
    xobjects = DictionaryObject(resources["/XObject"].get_object()) if "/XObject" in resources else DictionaryObject()
    commands = [b"Q"]
    for reference, matrix, form_key in drawn:
        name = names.setdefault(form_key, f"/ChainmapDrawing{len(names) + 1}")
        xobjects[NameObject(name)] = reference
        commands.append(b"q " + matrix + b" " + name.encode("ascii") + b" Do Q")
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources

    def stream(data: bytes):
        obj = StreamObject()
        obj.set_data(zlib.compress(data, 6))
        obj[NameObject("/Filter")] = NameObject("/FlateDecode")
        return writer._add_object(obj)

    existing = page["/Contents"] if "/Contents" in page else None
    parts = [stream(b"q\n")]
    if existing is not None:
        current = existing.get_object()
        parts += list(current) if isinstance(current, ArrayObject) else [existing]
    parts.append(stream(b"\n".join(commands) + b"\n"))
    page[NameObject("/Contents")] = ArrayObject(parts)
