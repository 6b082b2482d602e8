"""Words on every chainmap PDF page (cards, reports)."""

MESSAGES = {
    "pdf.page": {
        "en": "Page {page} / {pages}",
        "nl": "Pagina {page} / {pages}",
    },
}
