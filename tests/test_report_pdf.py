"""chainmap report as PDF: what a new colleague reads in the welcome pack, page by page.

The PDFs are made through the real command, the real Graphviz and fpdf2, and
read back with poppler (pdftotext, pdfinfo, pdffonts, pdfimages).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import pdftools
from chainmap.cli import main
from chainmap.report.pdf.print_diagrams import MIN_TEXT_PT

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-11-22"
DESCRIBED = ["Building Maintenance", "Café & Catering", "Cardiology", "Cleaning Services", "Communications",
             "Emergency Department", "HR Advisory", "IT Service Desk", "Laboratory", "Logistics",
             "Nursing Wards", "Outpatient Clinics", "Patient Billing", "Patient Transport", "Payroll",
             "Pharmacy", "Quality and Safety", "Radiology", "Sterilisation", "Surgery"]
DEPARTMENTS = ["Clinical Care", "Corporate Services", "Diagnostics & Pharmacy", "Facilities"]
# DejaVu Sans: a word's box is about 1.16 times the type size.
BOX_PER_POINT = 1.16


def report(tmp_path, *args, source=ACME, name="report.pdf"):
    out = tmp_path / name
    result = CliRunner().invoke(main, ["report", str(source), "-o", str(out), "--as-of", AS_OF, *map(str, args)])
    return result, out


@pytest.fixture(scope="module")
def acme(tmp_path_factory):
    """The whole Acme report, in English and in Dutch."""
    made = {}
    for lang in ("en", "nl"):
        result, out = report(tmp_path_factory.mktemp(lang), "--lang", lang)
        assert result.exit_code == 0, result.output
        made[lang] = out
    return made


def toc_entries(page_text: str) -> list[tuple[str, int]]:
    """(name, page) for each line of a table of contents: 'Cardiology ........ 9'."""
    return [(m.group(1).strip(), int(m.group(2)))
            for m in re.finditer(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", page_text, re.M)]


def test_contents_lists_every_team_at_the_page_that_holds_it(acme):
    pages = pdftools.pages_text(acme["en"])
    assert pdftools.page_count(acme["en"]) == len(pages)
    assert "Contents" in pages[2] and "The organisation at a glance" in pages[1]
    entries = dict(toc_entries(pdftools.text(acme["en"], "-layout", "-f", 3, "-l", 3)))
    assert (set(DESCRIBED) | set(DEPARTMENTS)
            | {"The organisation at a glance", "Summary", "The departments"} == set(entries))
    for team in DESCRIBED:
        page = pages[entries[team] - 1]
        assert page.lstrip().split("\n")[:2][-1] == team or team in page.split("\n")[:3], team
        assert "Our customers" in page and "Next steps" in page
    for department in DEPARTMENTS:
        assert department in pages[entries[department] - 1]
    assert "Where to start" in pages[entries["Summary"] - 1]
    # Teams follow their departments, in alphabetical order, each on a page of its own.
    order = [entries[team] for team in DESCRIBED]
    assert len(set(order)) == len(DESCRIBED)


def test_title_page_then_numbered_pages(acme):
    pages = pdftools.pages_text(acme["en"])
    count = len(pages)
    assert "Acme Health" in pages[0] and "Situation on 22 November 2026" in pages[0]
    assert "How to read the diagrams" in pages[0] and "no feedback loop: nobody asks this customer" in pages[0]
    assert "Page 1 /" not in pages[0], "no footer on the title page"
    for number, page in enumerate(pages[1:], 2):
        assert f"Page {number} / {count}" in page
        assert "Acme Health · Customer chain · 22 November 2026" in page


def test_summary_counts_the_map_and_groups_the_gaps_as_next_steps(acme):
    text = pdftools.text(acme["en"])
    summary = text[text.index("In numbers"):text.index("The departments\n")]
    assert re.search(r"Links with a feedback loop\s+43 of 47 \(91\.5%\)", summary)
    for title, count in [("Links without a feedback loop", 4), ("Feedback loops that are overdue", 3),
                         ("Hearing, not listening: no current conversation", 3),
                         ("Agreements not written down", 3), ("Teams that are each other's customers", 1)]:
        assert f"{title} ({count})" in summary
    pages = dict(toc_entries(pdftools.text(acme["en"], "-layout", "-f", 3, "-l", 3)))
    flat = " ".join(summary.split())
    assert (f"Building Maintenance (p. {pages['Building Maintenance']}): Plan a conversation with "
            "Café & Catering: no feedback loop yet" in flat)
    # Three of each kind; the rest are on the team pages, not one bullet each.
    assert "Plan a conversation with Employees" not in flat
    assert "and 1 more: see the next steps on each team's page" in flat


def test_a_team_page_has_its_table_its_chain_and_its_next_steps(acme):
    pages = pdftools.pages_text(acme["en"])
    entries = dict(toc_entries(pdftools.text(acme["en"], "-layout", "-f", 3, "-l", 3)))
    payroll = " ".join(pages[entries["Payroll"] - 1].split())
    for expected in ["Corporate Services", "What we do Pays 4,000 employees on time",
                     "Contact payroll@acme.example", "Customer We deliver Kind How often Last Score",
                     "HR Advisory Monthly salary cost overview", "Need: Budget check before hiring decisions",
                     "review quarterly 2026-09-14 8", "Employees not described yet",
                     "No feedback loop yet", "Agreement: not written down",
                     "Your customer's customer", "Our customers serve no one else on the map.",
                     "No chain from here reaches a customer outside the organisation yet.",
                     "Our suppliers", "HR Advisory Contract changes before cut-off stale",
                     "Next steps", "1. Plan a conversation with Employees: no feedback loop yet",
                     "Look at the loop HR Advisory, Payroll together",
                     "The chain around Payroll: our suppliers, our customers and their customers"]:
        assert expected in payroll, expected
    surgery = " ".join(pages[entries["Surgery"] - 1].split())
    # A finding the customer can act on is on the customer's page, phrased for it.
    assert "Add Logistics to the suppliers of Surgery: Logistics counts Surgery as a customer" in surgery
    clinics = " ".join(pages[entries["Outpatient Clinics"] - 1].split())
    assert "hearing only: no conversation" in clinics and "overdue: ask again" in clinics


def test_dutch_report_reads_dutch_throughout(acme):
    text = " ".join(pdftools.text(acme["nl"]).split())
    for expected in ["Stand van zaken op 22 november 2026", "Zo lees je de kaarten", "Inhoud", "Samenvatting",
                     "Waar te beginnen", "Schakels met een feedbacklus 43 van 47 (91,5%)",
                     "De organisatie in één oogopslag", "De afdelingen", "Per afdeling", "Onze klanten", "Klant We leveren Soort Hoe vaak Laatst Cijfer",
                     "De klant van je klant", "Onze leveranciers", "Volgende stappen",
                     "Plan een gesprek met Employees: nog geen feedbacklus",
                     "Vraag Patients wat er achter hun cijfers zit: horen is nog geen luisteren",
                     "evaluatie per kwartaal", "Legenda", "GEEN FEEDBACKLUS", "Pagina 2 /"]:
        assert expected in text, expected
    for english in ["Our customers", "Next steps", "Contents", "NO FEEDBACK LOOP", "Page 2 /", "Legend "]:
        assert english not in text, english


def test_the_report_opens_with_the_overview_then_a_map_per_department_then_the_teams(acme):
    pages = [" ".join(page.split()) for page in pdftools.pages_text(acme["en"])]
    entries = dict(toc_entries(pdftools.text(acme["en"], "-layout", "-f", 3, "-l", 3)))
    overview = entries["The organisation at a glance"]
    assert "One box per department" in pages[overview - 1]
    size = pdftools.run("pdfinfo", "-f", str(overview), "-l", str(overview), str(acme["en"]))
    width, height = map(float, re.search(r"size:\s+([\d.]+) x ([\d.]+)", size).groups())
    assert width > height, "a wide overview is on a landscape page"
    assert overview < entries["Summary"] < entries["The departments"] < min(entries[team] for team in DESCRIBED)
    maps = [i for i, page in enumerate(pages) if ": its teams in full, every other department as one box" in page]
    for index, department in zip(maps, DEPARTMENTS):
        assert f"{department}: its teams in full" in pages[index]
        assert entries[department] - 1 > index, "the department's teams follow the maps"
    assert len(maps) == len(DEPARTMENTS) and maps == list(range(maps[0], maps[0] + len(DEPARTMENTS)))
    # The whole map of a map without departments is still drawn.
    assert "The whole chain" not in pages


def test_the_summary_is_a_table_per_department_with_the_links_to_act_on_first(acme):
    text = " ".join(pdftools.text(acme["en"]).split())
    entries = dict(toc_entries(pdftools.text(acme["en"], "-layout", "-f", 3, "-l", 3)))
    by_department = text[text.index("By department"):text.index("Where to start")]
    assert "Department Teams Links With loop" in by_department and "Act on first" in by_department
    assert re.search(r"Corporate Services 6 14 78\.6% 3 1 1 9", by_department)
    assert f"\u2717 Payroll \u2192 Employees (p. {entries['Payroll']})" in by_department


def smallest_type(pdf) -> None:
    """Every word on every page is set at MIN_TEXT_PT or more (diagrams scaled down included)."""
    heights = [(y1 - y0, page, word) for page, x0, y0, x1, y1, word in pdftools.words(pdf)]
    small = min(heights)
    assert small[0] >= MIN_TEXT_PT * BOX_PER_POINT - 0.05, small


def test_diagrams_are_vector_and_every_font_is_embedded(acme):
    assert pdftools.images(acme["en"]) == []
    fonts = pdftools.fonts(acme["en"])
    assert fonts and all(font["emb"] == "yes" for font in fonts)
    text = pdftools.text(acme["en"])
    assert text.count("NO FEEDBACK LOOP") >= 4, "marks in the diagrams are text"


def test_page_sizes_are_a4_with_landscape_pages_for_wide_drawings(acme):
    info = pdftools.run("pdfinfo", "-f", 1, "-l", 999, acme["en"])
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert {(round(float(w)), round(float(h))) for w, h in sizes} <= {(595, 842), (842, 595)}
    assert (595, 842) == tuple(round(float(v)) for v in sizes[0])


def test_one_team_is_one_page_for_the_welcome_pack(tmp_path):
    # Nursing Wards: one customer, every loop current, no open point but a 9 to keep.
    result, out = report(tmp_path, "--team", "nursing-wards")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and "(PDF, 1 page): 1 team page" in result.stderr
    assert pdftools.page_count(out) == 1
    text = " ".join(pdftools.text(out).split())
    assert text.startswith("Acme Health Situation on 22 November 2026 Clinical Care Nursing Wards")
    assert "Contents" not in text and "Summary" not in text
    assert "1. Loyal, a 9 or more (Patients 9): ask why it is a 9, and what would keep it there" in text
    assert "Acme Health · Nursing Wards · 22 November 2026" in text and "Page 1 / 1" in text


def test_a_team_without_customers_says_so_with_a_next_step(tmp_path):
    result, out = report(tmp_path, "--team", "Communications")
    assert result.exit_code == 0, result.output
    text = " ".join(pdftools.text(out).split())
    assert "Communications has no customers on record yet." in text
    assert ("1. Name the customers of Communications: who would have a problem if Communications stopped?"
            in text)
    assert "Customer We deliver" not in text


@pytest.mark.parametrize("team, message", [
    ("Employees", "error[undescribed-team]: 'Employees' is not described yet, so it has no team page "
                  "(Payroll names it); add a team file for Employees (see examples/team.yaml)"),
    ("Patients", "error[external-team]: 'Patients' is an end customer, outside the organisation: it has no "
                 "team page; choose a team that serves it: Cardiology, Emergency Department,"),
    ("Radiolgy", "error[unknown-team]: no team called 'Radiolgy' in the map; did you mean 'Radiology'?"),
])
def test_team_pages_only_for_described_teams(tmp_path, team, message):
    result, out = report(tmp_path, "--team", team)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_same_input_gives_the_same_bytes(tmp_path):
    _, first = report(tmp_path, "--team", "Payroll", "--lang", "nl", name="a.pdf")
    _, second = report(tmp_path, "--team", "Payroll", "--lang", "nl", name="b.pdf")
    assert first.read_bytes() == second.read_bytes()


NAMES = """\
organization: "Zorg & Co <b>\\"quoted\\"</b>"
teams:
  - team: Café & Catering ☕
    department: Façade & Zorg 💙
    description: "Soup <script>alert(1)</script> \\\\ back\\\\slash"
    customers:
      - team: Patiënten 😷
        external: true
        delivers: Lunch & "soup"
        feedback: [{kind: conversation, last: 2026-11-01}]
  - team: Łódź Ørsted Straße
    customers: [Café & Catering ☕]
"""


def test_names_with_accents_emoji_and_markup_print_literally(tmp_path):
    source = tmp_path / "names.yaml"
    source.write_text(NAMES, encoding="utf-8")
    result, out = report(tmp_path, source=source)
    assert result.exit_code == 0, result.output
    text = pdftools.text(out)
    for name in ['Zorg & Co <b>"quoted"</b>', "Café & Catering ☕", "Façade & Zorg 💙", "Patiënten 😷",
                 "Łódź Ørsted Straße", "Soup <script>alert(1)</script> \\ back\\slash", 'Lunch & "soup"']:
        assert name in text, name
    assert all(font["emb"] == "yes" for font in pdftools.fonts(out))
    # A small map fits on one page, with what each link delivers.
    pages = pdftools.pages_text(out)
    whole = [page for page in pages if "The whole chain" in page and "Every team and every link" in page]
    assert len(whole) == 1 and "Lunch & \"soup\"" in whole[0]


def big_map(departments: int, teams: int) -> str:
    """A synthetic organisation: every team serves the next three, and the last ones serve citizens."""
    lines = ["organization: Big Town", "teams:"]
    names = [f"Team {d}-{n}" for d in range(departments) for n in range(teams)]
    for index, name in enumerate(names):
        lines += [f"  - team: {name}", f"    department: Department {index // teams}", "    customers:"]
        following = names[index + 1:index + 4] or []
        for customer in following:
            lines += [f"      - team: {customer}", "        delivers: Weekly figures",
                      "        feedback: [{kind: review, last: 2026-10-01}]"]
        if not following:
            lines += ["      - team: Citizens", "        external: true"]
    return "\n".join(lines) + "\n"


def test_a_department_too_large_for_a_page_is_printed_in_pieces(tmp_path):
    source = tmp_path / "big.yaml"
    source.write_text(big_map(1, 30), encoding="utf-8")
    result, out = report(tmp_path, source=source)
    assert result.exit_code == 0, result.output
    pages = [" ".join(page.split()) for page in pdftools.pages_text(out)]
    pieces = [page for page in pages if "Department 0: its teams and their links (" in page]
    assert len(pieces) >= 2
    count = len(pieces)
    for number, page in enumerate(pieces, 1):
        assert f"Department 0: its teams and their links ({number}/{count})" in page
    # Every team appears on some piece; no piece shrinks the type.
    drawn = " ".join(pieces)
    for n in range(30):
        assert f"Team 0-{n}" in drawn, n
    smallest_type(out)
