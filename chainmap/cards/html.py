"""The cards as one self-contained HTML file that prints like the PDF: A4 sheets of four A6 cards.

No external resources: the CSS is inline and the bundled fonts are embedded
as subsets of the characters the cards use.  Every name is escaped; control
and direction characters show as their escapes (``\\x1b``, ``\\u202e``).  Colour
marks are borders, not backgrounds, because browsers leave backgrounds out
when printing unless told otherwise.
"""

from __future__ import annotations

import html

from ..fonts import css_font_faces
from ..i18n import translator
from ..text import document_text, markup_layout
from . import document_title, score_sentence, sorry_sentence


def escape(value) -> str:
    """Text that shows literally: markup escaped, control and direction characters as escapes (chainmap.text)."""
    return html.escape(document_text(value))


NOTE_LINES = 12  # more than fit: the notes area shows as many as the card has room for

CSS = """
@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { background: #dee2e6; color: #212529;
       font-family: "chainmap", "DejaVu Sans", "Segoe UI", Arial, sans-serif, "chainmap-emoji",
                    "Noto Emoji", "Noto Color Emoji", "Segoe UI Emoji", "Apple Color Emoji"; }
.sheet { position: relative; width: 210mm; height: 297mm; margin: 8mm auto; background: #fff;
         box-shadow: 0 1px 6px rgba(0, 0, 0, .25); overflow: hidden;
         display: grid; grid-template-columns: 105mm 105mm; grid-template-rows: 148.5mm 148.5mm;
         break-after: page; page-break-after: always; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
.mark { position: absolute; border: 0 solid #969696; }
.mark.v { width: 0; height: 4mm; border-left-width: .2mm; left: 105mm; }
.mark.h { height: 0; width: 4mm; border-top-width: .2mm; top: 148.5mm; }
.mark.top { top: 3mm; } .mark.bottom { bottom: 3mm; }
.mark.left { left: 3mm; } .mark.right { right: 3mm; }
.mark.cv { top: 146.5mm; } .mark.ch { left: 103mm; }
.card { padding: 7.5mm 9mm; display: flex; flex-direction: column; overflow: hidden; min-width: 0; }
.kind { font-size: 7pt; font-weight: bold; color: #5f6368; letter-spacing: .02em;
        text-transform: uppercase; display: flex; align-items: center; gap: 2mm; margin-bottom: 1.6mm; }
.bar { display: inline-block; width: 9mm; border-top: 1.6mm solid; }
.no-feedback .bar { border-color: #c02828; } .stale .bar { border-color: #c46e00; }
.hearing-only .bar { border-color: #6a3d9a; } .healthy .bar { border-color: #2e7d32; }
h2 { font-size: 14pt; line-height: 1.25; margin: 0 0 2mm; overflow-wrap: anywhere;
     display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 4; line-clamp: 4; overflow: hidden; }
.flow { font-size: 9.5pt; line-height: 1.25; margin: 0 0 1.2mm; overflow-wrap: anywhere;
        display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; line-clamp: 3; overflow: hidden; }
.flow b { font-size: 7pt; color: #5f6368; text-transform: uppercase; margin-right: 1.5mm; }
.flow.unknown span { color: #5f6368; }
.prompts { margin-top: 1.5mm; }
.sorry { font-size: 9.5pt; font-weight: bold; line-height: 1.25; margin: 0 0 1.2mm; overflow-wrap: anywhere; }
.q { font-size: 10pt; font-weight: bold; line-height: 1.25; margin: 0; }
.q.score { font-size: 9.5pt; line-height: 1.32; }
.line { height: 6.5mm; border-bottom: .2mm solid #afb4ba; }
.after { height: 2.2mm; }
.label { font-size: 7pt; font-weight: bold; color: #5f6368; text-transform: uppercase; }
.notes { flex: 1 1 0; min-height: 0; overflow: hidden; }
.date { display: flex; gap: 3mm; font-size: 9.5pt; margin-top: 1.5mm; height: 6mm; align-items: flex-end; }
.date span { display: flex; flex: 1 1 0; align-items: flex-end; white-space: nowrap; }
.date span i { flex: 1; border-bottom: .2mm solid #afb4ba; margin-left: 1.5mm; height: 4mm; }
.foot { display: flex; justify-content: space-between; gap: 3mm; border-top: .2mm solid #bec2c6;
        margin-top: 2mm; padding-top: 1mm; font-size: 7pt; color: #5f6368; }
.foot span:first-child { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.foot span:last-child { white-space: nowrap; }
@media print { body { background: none; } .sheet { margin: 0; box-shadow: none; } }
"""

MARKS = ('<i class="mark v top"></i><i class="mark v bottom"></i><i class="mark h left"></i>'
         '<i class="mark h right"></i><i class="mark v cv"></i><i class="mark h ch"></i>')


def cards_html(cards, *, title, lang, as_of) -> bytes:
    """The cards as one self-contained HTML file (bytes): four to an A4 sheet when printed."""
    t = translator(lang)
    sheets = []
    for start in range(0, len(cards), 4):
        body = "".join(_card(card, t, title) for card in cards[start:start + 4])
        sheets.append(f'<section class="sheet">{MARKS}{body}</section>')
    page_title = document_title(title, t)
    text = page_title + "".join(sheets)  # every character the page shows, for the font subsets
    return markup_layout(_page(page_title, lang, "\n".join(sheets), text)).encode("utf-8")


def _page(title: str, lang: str, sheets: str, text: str) -> str:
    faces = css_font_faces(html.unescape(text) + "0123456789:·…_")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="chainmap">\n'
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            f"style-src 'unsafe-inline'; font-src data:\">\n"
            f"<title>{escape(title)}</title>\n<style>\n{faces}\n{CSS}</style>\n</head>\n"
            f"<body>\n{sheets}\n</body>\n</html>\n")


def _card(card, t, map_title: str | None) -> str:
    kind = escape(t("cards.kind"))
    if card.external:
        kind += " · " + escape(t("cards.external"))
    names = t("cards.link", supplier=card.supplier, customer=card.customer)
    questions = [t("cards.keep"), t("cards.stop"), t("cards.start")]
    prompts = "".join(f'<p class="q">{escape(q)}</p><div class="line"></div><div class="after"></div>'
                      for q in questions)
    prompts += (f'<p class="q score">{escape(score_sentence(card, t))}</p>'
                f'<div class="line"></div><div class="after"></div>')
    state = t("cards.footer.state", state=t(f"state.{card.state}"))
    sorry = sorry_sentence(card, t)
    return (f'<article class="card {card.state}">'
            f'<div class="kind"><span class="bar"></span>{kind}</div>'
            + (f'<p class="sorry">{escape(sorry)}</p>' if sorry else "") +
            f"<h2>{escape(names)}</h2>"
            f'{_flow(t("cards.delivers"), card.delivers, t("cards.delivers.unknown"))}'
            f'{_flow(t("cards.need"), card.need, t("cards.need.unknown"))}'
            f'<div class="prompts">{prompts}</div>'
            f'<div class="label">{escape(t("cards.notes"))}</div>'
            f'<div class="notes">{"<div class=line></div>" * NOTE_LINES}</div>'
            f'<div class="date"><span>{escape(t("cards.date"))}:<i></i></span>'
            f'<span>{escape(t("cards.with"))}:<i></i></span></div>'
            f'<div class="foot"><span>{escape(map_title or "")}</span><span>{escape(state)}</span></div>'
            f"</article>")


def _flow(label: str, value: str | None, unknown: str) -> str:
    css = "flow" if value else "flow unknown"
    return f'<p class="{css}"><b>{escape(label)}</b><span>{escape(value or unknown)}</span></p>'
