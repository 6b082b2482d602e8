"""PDF output in chainmap's style: embedded fonts, A4 pages, footers, tables, vector diagrams.

>>> from chainmap.pdf import Document
>>> doc = Document("Acme Health", lang="en")
>>> doc.add_page()
>>> doc.heading("The chain")
>>> doc.place_pdf(render(graph, "pdf", options), doc.reserve(150))
>>> open("out.pdf", "wb").write(doc.to_bytes())

fpdf2 and pypdf are imported only when this package is.
"""

from .document import MUTED, RULE, SHADE, TEXT, Box, Document
from .place import Placement, fitted, page_size, place_pdf_pages

__all__ = ["Box", "Document", "MUTED", "Placement", "RULE", "SHADE", "TEXT", "fitted", "page_size",
           "place_pdf_pages"]
