"""PDF output in chainmap's style: embedded fonts, A4 pages, footers, tables, vector diagrams.

>>> from chainmap.pdf import Document, from_graphviz_json
>>> doc = Document("Acme Health", lang="en")
>>> doc.add_page()
>>> doc.heading("The chain")
>>> drawing = from_graphviz_json(graphviz_draw(dot, "json"))
>>> doc.place_drawing(drawing, doc.reserve(150))
>>> open("out.pdf", "wb").write(doc.to_bytes())

Colours and type sizes come from the theme registry (``chainmap.theme.PAPER``).
fpdf2 is imported only when this package is.
"""

from .document import Document, pdf_layout_errors
from .drawing import Drawing, from_graphviz_json
from .geometry import PT, Box, fitted

__all__ = ["Box", "Document", "Drawing", "PT", "fitted", "from_graphviz_json", "pdf_layout_errors"]
