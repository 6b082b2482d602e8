"""chainmap cards: which links get a card, what each card says, PDF and HTML, errors, determinism."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import pdftools
from chainmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-11-22"
A4_W, A4_H = 595.28, 841.89  # points
CARD_W, CARD_H = A4_W / 2, A4_H / 2
MM = 72 / 25.4

QUESTIONS_EN = ["What should we keep doing?", "What should we stop doing?", "What should we start doing?"]
QUESTIONS_NL = ["Wat moeten we blijven doen?", "Waar moeten we mee stoppen?", "Waar moeten we mee beginnen?"]

# Four links from Payroll, one of each state as on 2026-11-22, and one healthy link from HR.
SMALL = """\
organization: Small & Co
teams:
  - team: Payroll
    customers:
      - team: HR Advisory
        delivers: Monthly salary overview
        need: Correct contracts before the cut-off
        feedback:
          - {kind: survey, cadence: monthly, last: 2026-10-02, score: 6}
          - {kind: score, cadence: monthly, last: 2026-11-02, score: 7}
      - team: Finance Control
        delivers: Journal entries
        feedback: [{kind: review, cadence: quarterly, last: 2025-01-01, score: 8.5}]
      - team: Employees
        external: true
      - team: Works Council
        delivers: Headcount figures
        feedback: [{kind: conversation, cadence: quarterly, last: 2026-10-01, score: 9}]
  - team: HR Advisory
    customers:
      - team: Employees
        feedback: [{kind: conversation, last: 2026-11-01}]
"""

HOSTILE = """\
organization: Zorggroep "De Linde" & <Partners>
teams:
  - team: Café & Catering ☕
    customers:
      - team: Zorg 💙
        delivers: Lunch & diner <b>warm</b>
        need: 'Quotes " and backslash \\ here'
      - team: <script>alert("x")</script>
  - team: Łódź Ørsted Straße naïef Noël — a team name so long that it has to wrap over several lines of a card
    customers:
      - team: The Extraordinarily Long-Named Department of Interdisciplinary Cardiothoracic Surgery and Rehabilitation
        delivers: An extremely long description of what is delivered to this customer, which cannot fit on two lines of a small card however hard we try, and goes on
        need: Also a very long need statement that explains in great detail what the customer really needs from us and why it matters to their own customers
"""

HOSTILE_NAMES = ['Café & Catering ☕', 'Zorg 💙', '<script>alert("x")</script>', "Łódź Ørsted Straße naïef Noël"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def source(tmp_path, text: str, name: str = "map.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def cards_pdf(tmp_path, *args, name="cards.pdf") -> Path:
    out = tmp_path / name
    result = run("cards", *args, "--as-of", AS_OF, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def card_texts(pdf: Path) -> list[str]:
    """The text of each card, in order: the four quarters of each page, by cropping."""
    texts = []
    for page in range(1, pdftools.page_count(pdf) + 1):
        for row in range(2):
            for column in range(2):
                text = pdftools.run("pdftotext", "-f", page, "-l", page, "-x", int(column * CARD_W),
                                    "-y", int(row * CARD_H), "-W", int(CARD_W), "-H", int(CARD_H), pdf, "-")
                if text.strip():
                    texts.append(" ".join(text.split()))
    return texts


def card_for(texts: list[str], supplier: str, customer: str) -> str:
    found = [text for text in texts if f"{supplier} → {customer}" in text]
    assert len(found) == 1, (supplier, customer, texts)
    return found[0]


# -- which links get a card -------------------------------------------------------------------


def test_by_default_every_link_that_is_not_healthy_gets_a_card(tmp_path):
    out = cards_pdf(tmp_path, source(tmp_path, SMALL))
    texts = card_texts(out)
    assert len(texts) == 3 and pdftools.page_count(out) == 1
    assert "Link: hearing only" in card_for(texts, "Payroll", "HR Advisory")
    assert "Link: stale" in card_for(texts, "Payroll", "Finance Control")
    assert "Link: no feedback loop" in card_for(texts, "Payroll", "Employees")
    assert not any("Works Council" in text or "HR Advisory → Employees" in text for text in texts)


def test_acme_cards_four_to_a_page(tmp_path):
    from datetime import date

    from chainmap import api
    from chainmap.rules import link_state

    graph, _, _ = api.analyse(api.load([ACME]), date.fromisoformat(AS_OF))
    as_of = date.fromisoformat(AS_OF)
    # Links that are not healthy, and links with a promise kept late or not yet (they start with "Sorry").
    sorry = {(s, c) for s, c, data in graph.edges(data=True)
             if any(p.outcome == "late" or p.is_overdue(as_of) for p in data["link"].promises)}
    needing = [(graph.nodes[s]["name"], graph.nodes[c]["name"]) for s, c, data in graph.edges(data=True)
               if link_state(data["link"], as_of) != "healthy" or (s, c) in sorry]
    assert len(needing) >= 4  # the README's "4 without feedback", plus stale and hearing-only links
    assert len(sorry) == 3  # Lab -> GPs and Radiology -> Surgery late, IT -> Communications overdue
    out = cards_pdf(tmp_path, ACME)
    assert pdftools.page_count(out) == math.ceil(len(needing) / 4)
    texts = card_texts(out)
    assert len(texts) == len(needing)
    for supplier, customer in needing:
        card_for(texts, supplier, customer)
    result = run("cards", ACME, "--as-of", AS_OF, "-o", tmp_path / "again.pdf")
    assert f"{len(needing)} cards on {math.ceil(len(needing) / 4)} pages" in result.stderr


def test_all_prints_a_card_for_every_link(tmp_path):
    texts = card_texts(cards_pdf(tmp_path, source(tmp_path, SMALL), "--all"))
    assert len(texts) == 5
    assert "Link: healthy" in card_for(texts, "Payroll", "Works Council")
    card_for(texts, "HR Advisory", "Employees")


def test_team_prints_only_the_links_that_team_supplies(tmp_path):
    texts = card_texts(cards_pdf(tmp_path, ACME, "--team", "payroll", "--all"))
    assert len(texts) == 2
    card_for(texts, "Payroll", "HR Advisory")
    card_for(texts, "Payroll", "Employees")
    only_gaps = card_texts(cards_pdf(tmp_path, ACME, "--team", "Payroll", name="gaps.pdf"))
    assert len(only_gaps) == 1 and "Payroll → Employees" in only_gaps[0]


def test_unknown_team_is_a_usage_error_with_a_suggestion(tmp_path):
    out = tmp_path / "cards.pdf"
    result = run("cards", ACME, "--team", "Payrol", "-o", out)
    assert result.exit_code == 2
    assert "error[unknown-team]: no team called 'Payrol' in the map; did you mean 'Payroll'?" in result.stderr
    assert "Traceback" not in result.output and not out.exists()


def test_no_cards_to_print_says_so_writes_nothing_and_succeeds(tmp_path):
    out = tmp_path / "cards.pdf"
    result = run("cards", source(tmp_path, SMALL), "--team", "HR Advisory", "--as-of", AS_OF, "-o", out)
    assert result.exit_code == 0
    assert "no cards to print: every link HR Advisory supplies is healthy (use --all" in result.stderr
    assert not out.exists()


# -- what a card says ------------------------------------------------------------------------


def test_a_card_shows_the_link_what_flows_the_questions_the_grade_and_room_to_write(tmp_path):
    texts = card_texts(cards_pdf(tmp_path, source(tmp_path, SMALL)))
    card = card_for(texts, "Payroll", "HR Advisory")
    assert "WE DELIVER Monthly salary overview" in card
    assert "WHAT THEY NEED Correct contracts before the cut-off" in card
    for question in QUESTIONS_EN:
        assert question in card
    # Two scores on record: the trend, oldest first, and the most recent one (7, 2 Nov) sets the target.
    assert "Your grades for us: 6 → 7. What would make it a 9?" in card
    assert "NOTES" in card and "Date:" in card and "Spoke with:" in card
    assert "Small & Co" in card


def test_a_card_without_a_score_or_need_leaves_blanks_to_fill_in(tmp_path):
    texts = card_texts(cards_pdf(tmp_path, source(tmp_path, SMALL)))
    card = card_for(texts, "Payroll", "Employees")
    assert "You gave us a ___. What would make it a 9?" in card
    assert "WE DELIVER not written down yet: ask what they use from us" in card
    assert "WHAT THEY NEED not written down yet: ask what they really need" in card
    assert "CONVERSATION CARD · END CUSTOMER" in card
    half = card_for(texts, "Payroll", "Finance Control")
    assert "You gave us a 8.5. What would make it a 9?" in half


def test_a_nine_aims_for_a_ten_and_a_ten_for_keeping_it(tmp_path):
    text = SMALL.replace("score: 9}", "score: 10}")
    texts = card_texts(cards_pdf(tmp_path, source(tmp_path, text), "--all", "--team", "Payroll"))
    assert "You gave us a 10. What keeps it a 10?" in card_for(texts, "Payroll", "Works Council")
    texts = card_texts(cards_pdf(tmp_path, source(tmp_path, SMALL, "nine.yaml"), "--all", name="nine.pdf"))
    assert "You gave us a 9. What would make it a 10?" in card_for(texts, "Payroll", "Works Council")


def test_dutch_cards(tmp_path):
    texts = card_texts(cards_pdf(tmp_path, source(tmp_path, SMALL), "--lang", "nl", "--all"))
    card = card_for(texts, "Payroll", "HR Advisory")
    for question in QUESTIONS_NL:
        assert question in card
    assert "Je cijfers voor ons: 6 → 7. Wat maakt er een 9 van?" in card
    assert "GESPREKSKAART" in card and "WIJ LEVEREN Monthly salary overview" in card
    assert "AANTEKENINGEN" in card and "Datum:" in card and "Gesproken met:" in card
    assert "Schakel: alleen horen" in card
    assert "Je gaf ons een 8,5. Wat maakt er een 9 van?" in card_for(texts, "Payroll", "Finance Control")
    assert "Je gaf ons een ___. Wat maakt er een 9 van?" in card_for(texts, "Payroll", "Employees")
    assert "Schakel: gezond" in card_for(texts, "Payroll", "Works Council")


def test_cards_are_a4_pages_with_embedded_fonts_and_dutch_metadata(tmp_path):
    out = cards_pdf(tmp_path, source(tmp_path, HOSTILE), "--lang", "nl")
    info = pdftools.run("pdfinfo", out)
    assert re.search(r"Page size: +595.28 x 841.89 pts \(A4\)", info)
    assert 'Title:           Gesprekskaarten: Zorggroep "De Linde" & <Partners>' in info
    assert all(font["emb"] == "yes" for font in pdftools.fonts(out))
    assert b"/Lang (nl)" in out.read_bytes()


def test_hostile_names_print_literally_and_stay_inside_their_card(tmp_path):
    out = cards_pdf(tmp_path, source(tmp_path, HOSTILE), "--all")
    text = " ".join(pdftools.text(out).split())
    for name in HOSTILE_NAMES + ["Lunch & diner <b>warm</b>", 'Quotes " and backslash \\ here']:
        assert name in text
    assert 'Zorggroep "De Linde" & <Partners>' in text
    # Long names and descriptions wrap or are cut short: no word crosses its card's white border.
    words = pdftools.words(out)
    assert len(words) > 200
    for page, x0, y0, x1, y1, word in words:
        left = 0 if x0 < CARD_W else CARD_W
        top = 0 if y0 < CARD_H else CARD_H
        assert left + 8 * MM <= x0 and x1 <= left + CARD_W - 8 * MM, word
        assert top + 6 * MM <= y0 and y1 <= top + CARD_H - 6 * MM, word


def test_the_same_input_gives_the_same_bytes(tmp_path):
    path = source(tmp_path, HOSTILE)
    for fmt in ("pdf", "html"):
        first = cards_pdf(tmp_path, path, name=f"one.{fmt}").read_bytes()
        second = cards_pdf(tmp_path, path, name=f"two.{fmt}").read_bytes()
        assert first == second


def test_stdout_and_format_option(tmp_path):
    result = run("cards", source(tmp_path, SMALL), "--as-of", AS_OF, "-f", "pdf", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"%PDF-")
    out = tmp_path / "cards.print"
    result = run("cards", source(tmp_path, SMALL), "--as-of", AS_OF, "-f", "html", "-o", out)
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# -- errors ----------------------------------------------------------------------------------


def test_unwritable_output_is_a_usage_error_and_nothing_is_written(tmp_path):
    result = run("cards", ACME, "-o", tmp_path / "missing" / "cards.pdf")
    assert result.exit_code == 2
    assert "error[output]: output directory" in result.stderr and "does not exist" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_unknown_extension_is_a_usage_error(tmp_path):
    result = run("cards", ACME, "-o", tmp_path / "cards.docx")
    assert result.exit_code == 2
    assert "error[format]: cannot tell the format from" in result.stderr
    assert "use -f pdf|html" in result.stderr
    assert not (tmp_path / "cards.docx").exists()


def test_invalid_input_is_reported_with_its_place(tmp_path):
    bad = source(tmp_path, "team: Payroll\ncustomers:\n  - team: [unclosed\n")
    result = run("cards", bad, "-o", tmp_path / "cards.pdf")
    assert result.exit_code == 2
    assert re.search(r"map\.yaml:\d+:\d+: error\[", result.stderr)
    assert not (tmp_path / "cards.pdf").exists()


# -- HTML, in a real browser ---------------------------------------------------------------------


def open_cards(browser, path: Path):
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests, dialogs


def test_html_is_self_contained_and_shows_hostile_names_as_text(tmp_path, browser):
    out = tmp_path / "cards.html"
    assert run("cards", source(tmp_path, HOSTILE), "--all", "--as-of", AS_OF, "-o", out).exit_code == 0
    page, requests, dialogs = open_cards(browser, out)
    assert requests == [out.as_uri()], "no external resources"
    assert dialogs == [] and page.evaluate("document.querySelectorAll('script').length") == 0
    titles = page.eval_on_selector_all("h2", "nodes => nodes.map(n => n.textContent)")
    assert 'Café & Catering ☕ → <script>alert("x")</script>' in titles
    assert "Café & Catering ☕ → Zorg 💙" in titles
    flows = page.eval_on_selector_all(".flow", "nodes => nodes.map(n => n.textContent)")
    assert "What they needQuotes \" and backslash \\ here" in flows
    assert "We deliverLunch & diner <b>warm</b>" in flows
    assert page.evaluate("document.fonts.check('10pt chainmap', 'Café')")
    page.close()


def test_html_lays_out_four_a6_cards_per_a4_sheet_without_overflow(tmp_path, browser):
    out = tmp_path / "cards.html"
    assert run("cards", source(tmp_path, HOSTILE), "--all", "--as-of", AS_OF, "-o", out).exit_code == 0
    page, _, _ = open_cards(browser, out)
    px_per_mm = 96 / 25.4
    sheets = page.eval_on_selector_all(".sheet", "nodes => nodes.map(n => [n.offsetWidth, n.offsetHeight,"
                                                 " n.querySelectorAll('.card').length])")
    assert sheets == [[round(210 * px_per_mm), round(297 * px_per_mm), 3]]
    boxes = page.eval_on_selector_all(".card", """cards => cards.map(card => {
        const box = card.getBoundingClientRect();
        const inside = [...card.querySelectorAll('h2, .flow, .q, .date, .foot')].every(child => {
            const r = child.getBoundingClientRect();
            return r.left >= box.left - 0.5 && r.right <= box.right + 0.5
                && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
        });
        return [box.width, box.height, inside, card.scrollWidth <= card.clientWidth];
    })""")
    for width, height, inside, no_overflow in boxes:
        assert width == pytest.approx(105 * px_per_mm, abs=1) and height == pytest.approx(148.5 * px_per_mm, abs=1)
        assert inside and no_overflow
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    assert pdftools.page_count(pdf) == 1
    assert re.search(r"Page size: +59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)", pdftools.run("pdfinfo", pdf))
    printed = " ".join(pdftools.text(pdf).split())
    assert "What should we keep doing?" in printed and "Zorg 💙" in printed
    page.close()


def test_html_in_dutch_has_the_dutch_card_text(tmp_path, browser):
    out = tmp_path / "kaarten.html"
    assert run("cards", source(tmp_path, SMALL), "--lang", "nl", "--as-of", AS_OF, "-o", out).exit_code == 0
    page, _, _ = open_cards(browser, out)
    assert page.evaluate("document.documentElement.lang") == "nl"
    text = page.inner_text("body")
    for question in QUESTIONS_NL:
        assert question in text
    assert "Je cijfers voor ons: 6 → 7. Wat maakt er een 9 van?" in text
    assert page.title() == "Gesprekskaarten: Small & Co"
    page.close()
