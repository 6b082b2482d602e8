"""chainmap render -f html: the interactive page, in a real headless browser and as a file.

Browser tests drive Debian's chromium through Playwright the way a workshop
facilitator would: click a team, search, toggle gaps, read a link, reload,
switch language.  Without a browser they skip locally and fail in CI.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-11-22"
DIM = 0.5  # a dimmed element's opacity is well below this; a shown one is 1
# What the eye sees of a team or link: the opacity of its first shape times that of every group around it.
SEEN_OPACITY = """el => {
    let opacity = 1;
    for (let node = el.querySelector('path, polygon, ellipse, text'); node && node !== el.ownerSVGElement;
         node = node.parentElement) {
        opacity *= Number(getComputedStyle(node).opacity);
    }
    return opacity;
}"""

LINK_YAML = """\
organization: Small Co
teams:
  - team: Payroll
    department: Finance
    description: Pays everyone on time
    contact: payroll@example.org
    customers:
      - team: HR Advisory
        delivers: Monthly salary overview
        need: Correct contracts before the cut-off
        agreement: Signed in the HR handbook, chapter 4
        feedback:
          - kind: review
            cadence: quarterly
            last: 2026-09-14
            score: 8
            note: With the HR lead
      - team: Employees
        external: true
        delivers: Salaries
  - team: HR Advisory
    department: HR
    customers:
      - team: Employees
        external: true
        feedback: [{kind: conversation, cadence: monthly, last: 2027-05-20}]
"""

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_QUOTES = "Tom's \"Best\" & Co"
HOSTILE_YAML = f"""\
organization: "<script>alert('title')</script>"
teams:
  - team: "{HOSTILE_SCRIPT}"
    id: scripted
    description: "<b>not bold</b> & <i>not italic</i>"
    customers:
      - team: "{HOSTILE_IMG}"
        delivers: "</script><script>alert(2)</script>"
        need: "{{{{7*7}}}} ${{alert(3)}}"
  - team: "{HOSTILE_IMG}"
    id: imaged
    customers:
      - team: '{HOSTILE_QUOTES.replace("'", "''")}'
        external: true
        delivers: javascript:alert(4)
        agreement: "javascript:alert(5)"
"""


# -- rendering pages ---------------------------------------------------------------------------

def render_page(tmp_path: Path, *args, source: str | None = None, name: str = "page.html") -> Path:
    paths = [str(ACME)]
    if source is not None:
        yaml_file = tmp_path / "map.yaml"
        yaml_file.write_text(source, encoding="utf-8")
        paths = [str(yaml_file)]
    out = tmp_path / name
    result = CliRunner().invoke(main, ["render", *paths, "-o", str(out), *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def acme_html(tmp_path_factory) -> Path:
    return render_page(tmp_path_factory.mktemp("acme"), "--as-of", AS_OF)


@pytest.fixture(scope="module")
def acme_graph():
    from chainmap.api import analyse, load

    graph, _, _ = analyse(load([str(ACME)]), None)
    return graph


# -- the browser -------------------------------------------------------------------------------

class Visit:
    """One page in a fresh browser context, with what it asked for and said."""

    def __init__(self, browser, url: str, *, width: int = 1600, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._route)
        self.page.goto(url)
        self.page.wait_for_selector("#canvas svg g.team")

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith(("file:", "data:")) or url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            route.abort()

    def opacity(self, selector: str) -> float:
        return round(float(self.page.eval_on_selector(selector, SEEN_OPACITY)), 3)

    def team(self, team_id: str) -> str:
        return f"#canvas #team-{team_id}"

    def link(self, supplier: str, customer: str) -> str:
        return f"#canvas #link-{supplier}--{customer}"

    def shown_teams(self) -> set[str]:
        ids = self.page.eval_on_selector_all(
            "#canvas g.team", f"els => els.filter(el => ({SEEN_OPACITY})(el) > {DIM}).map(el => el.id)")
        return {element_id.removeprefix("team-") for element_id in ids}

    def view_box(self) -> list[float]:
        return [float(v) for v in self.page.get_attribute("#canvas > svg", "viewBox").split()]

    def panel(self) -> str:
        return self.page.inner_text("#panel")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = []

    def open_page(path_or_url, hash_: str = "", **size) -> Visit:
        url = path_or_url if isinstance(path_or_url, str) else path_or_url.as_uri()
        page = Visit(browser, url + hash_, **size)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


# -- a facilitator at work ---------------------------------------------------------------------

def test_clicking_a_team_highlights_its_chain_and_dims_the_rest(visit, acme_html, acme_graph):
    from chainmap.graph import downstream, upstream

    v = visit(acme_html)
    assert v.opacity(v.team("payroll")) == 1
    v.page.click(v.team("radiology"))

    # Downstream to the end customers, and upstream suppliers, stay; everything else dims.
    assert v.opacity(v.team("radiology")) == 1
    assert v.opacity(v.team("emergency-department")) == 1  # a customer
    assert v.opacity(v.team("patients")) == 1  # an end customer, further down
    assert v.opacity(v.team("it-service-desk")) == 1  # a supplier
    assert v.opacity(v.team("payroll")) < DIM
    assert v.opacity(v.team("cafe-catering")) < DIM
    assert v.opacity(v.link("radiology", "cardiology")) == 1
    assert v.opacity(v.link("payroll", "employees")) < DIM
    chain = set(downstream(acme_graph, "radiology")) | set(upstream(acme_graph, "radiology"))
    assert v.shown_teams() == chain

    panel = v.panel()
    assert "Radiology" in panel and "CT, MRI, X-ray and ultrasound" in panel
    assert "radiology@acme.example" in panel
    assert "Emergency Department" in panel and "CT report within one hour" in panel  # a customer and its link
    assert "IT Service Desk" in panel  # a supplier
    assert "#focus=radiology" in v.page.url

    v.page.keyboard.press("Escape")
    assert v.opacity(v.team("payroll")) == 1
    assert v.shown_teams() == set(acme_graph.nodes)
    assert "Next steps" in v.panel()
    assert "focus=" not in v.page.url


def test_clicking_the_background_resets_and_the_panel_links_to_other_teams(visit, acme_html):
    v = visit(acme_html, "#focus=payroll")
    assert v.opacity(v.team("radiology")) < DIM
    # A customer named in the panel focuses that team.
    v.page.click("#panel button.team-link[data-team='hr-advisory']")
    assert "focus=hr-advisory" in v.page.url
    assert v.page.inner_text("#panel h2") == "HR Advisory"
    v.page.go_back()
    assert v.page.inner_text("#panel h2") == "Payroll"
    # A link opened from the team's panel: Esc goes back to the team, then to the whole map.
    v.page.click("#panel [data-link='payroll--employees'] button.more")
    assert "link=payroll--employees" in v.page.url and "focus=payroll" in v.page.url
    v.page.keyboard.press("Escape")
    assert v.page.inner_text("#panel h2") == "Payroll"
    # Teams are buttons for the keyboard too.
    v.page.focus(v.team("it-service-desk"))
    v.page.keyboard.press("Enter")
    assert v.page.inner_text("#panel h2") == "IT Service Desk"
    box = v.page.locator("#map").bounding_box()
    v.page.mouse.click(box["x"] + 4, box["y"] + 4)
    assert v.opacity(v.team("radiology")) == 1


def test_search_finds_a_team_by_part_of_its_name_and_focuses_it(visit, acme_html):
    v = visit(acme_html)
    v.page.keyboard.press("/")
    assert v.page.evaluate("document.activeElement.id") == "search"
    v.page.keyboard.type("radio")
    assert v.page.inner_text("#search-list li[aria-selected='true']").startswith("Radiology")
    v.page.keyboard.press("Enter")
    assert "#focus=radiology" in v.page.url
    assert v.page.inner_text("#panel h2") == "Radiology"
    assert v.opacity(v.team("payroll")) < DIM
    # Accents do not matter, and arrow keys move through the matches.
    v.page.keyboard.press("/")
    v.page.keyboard.type("cafe")
    assert "Café & Catering" in v.page.inner_text("#search-list")
    v.page.keyboard.press("Enter")
    assert v.page.inner_text("#panel h2") == "Café & Catering"
    v.page.keyboard.press("/")
    v.page.keyboard.type("zzzz")
    assert "No team matches" in v.page.inner_text("#search-list")


def test_gaps_only_dims_healthy_links_and_keeps_the_gaps(visit, acme_html):
    v = visit(acme_html)
    healthy = v.link("radiology", "cardiology")
    missing = v.link("payroll", "employees")
    assert "healthy" in v.page.get_attribute(healthy, "class")
    assert "no-feedback" in v.page.get_attribute(missing, "class")
    v.page.keyboard.press("g")
    assert v.page.get_attribute("#gaps", "aria-pressed") == "true"
    assert v.opacity(healthy) < DIM
    assert v.opacity(missing) == 1
    dimmed = v.page.eval_on_selector_all(
        "#canvas g.link", f"els => els.filter(el => ({SEEN_OPACITY})(el) < {DIM}).map(el => el.getAttribute('class'))")
    assert dimmed and all("healthy" in classes for classes in dimmed)
    assert "gaps=1" in v.page.url
    v.page.click("#gaps")
    assert v.opacity(healthy) == 1


def test_a_rule_filter_shows_only_what_that_finding_is_about(visit, acme_html):
    v = visit(acme_html)
    v.page.click("#rules button[data-rule='hearing-only']")
    assert v.page.get_attribute("#rules button[data-rule='hearing-only']", "aria-pressed") == "true"
    hearing = v.page.eval_on_selector_all("#canvas g.link.hearing-only", "els => els.map(el => el.id)")
    assert hearing
    for element_id in hearing:
        assert v.opacity(f"#canvas #{element_id}") == 1
    assert v.opacity(v.link("payroll", "employees")) < DIM  # a no-feedback link
    assert v.opacity(v.team("payroll")) < DIM
    steps = v.page.inner_text("#panel .steps")
    assert "hearing is not listening" in steps and "[hearing-only]" in steps
    assert "[no-feedback]" not in steps
    assert "rules=hearing-only" in v.page.url


def test_a_link_shows_what_is_delivered_the_need_agreement_loops_and_findings(visit, tmp_path):
    page = render_page(tmp_path, "--as-of", "2027-06-01", source=LINK_YAML)
    v = visit(page)
    # Hover: the tooltip.
    v.page.hover(v.link("payroll", "hr-advisory") + " text")
    tip = v.page.inner_text("#tooltip")
    for expected in ("Payroll → HR Advisory", "Monthly salary overview", "Correct contracts before the cut-off",
                     "Signed in the HR handbook, chapter 4", "review", "quarterly", "2026-09-14", "8", "stale",
                     "Talk to HR Advisory again: the last feedback loop is overdue"):
        assert expected in tip, expected
    # Click: the panel, with every loop's kind, cadence, last, score and note.
    v.page.click(v.link("payroll", "hr-advisory") + " text")
    assert "link=payroll--hr-advisory" in v.page.url
    panel = v.panel().casefold()  # headings are drawn in capitals
    for expected in ("Delivers", "Monthly salary overview", "Need", "Correct contracts before the cut-off",
                     "Agreement", "Signed in the HR handbook, chapter 4", "Feedback loops", "With the HR lead",
                     "Talk to HR Advisory again: the last feedback loop is overdue [stale-feedback]"):
        assert expected.casefold() in panel, expected
    row = v.page.inner_text("#panel .loops-table tbody tr:first-child")
    assert re.search(r"review.*listening.*quarterly.*2026-09-14 \(overdue\).*8", row.replace("\n", " ").replace("\t", " "))
    # A link without any loop says so, with its next step.
    v.page.keyboard.press("Escape")
    v.page.click(v.link("payroll", "employees") + " text")
    panel = v.panel()
    assert "No feedback loop: nobody asks this customer" in panel
    assert "Plan a conversation with Employees: no feedback loop yet" in panel
    assert "Write down the agreement between Payroll and Employees" in panel


def test_the_view_in_the_hash_survives_a_reload(visit, acme_html):
    v = visit(acme_html)
    v.page.click(v.team("payroll"))
    v.page.keyboard.press("g")
    v.page.click("#rules button[data-rule='no-feedback']")
    v.page.keyboard.press("p")
    url = v.page.url
    for part in ("focus=payroll", "gaps=1", "rules=no-feedback", "projector=1"):
        assert part in url
    v.page.reload()
    v.page.wait_for_selector("#canvas svg g.team")
    assert v.page.url == url
    assert v.page.inner_text("#panel h2") == "Payroll"
    assert "chain-focus" in v.page.get_attribute(v.team("payroll"), "class")
    assert v.page.get_attribute("#gaps", "aria-pressed") == "true"
    assert v.page.get_attribute("#projector", "aria-pressed") == "true"
    assert v.page.get_attribute("#rules button[data-rule='no-feedback']", "aria-pressed") == "true"
    assert "projector" in v.page.get_attribute("html", "class")
    # A shared address opens the same view in a fresh page.
    w = visit(url)
    assert w.page.inner_text("#panel h2") == "Payroll"
    assert w.opacity(w.team("radiology")) < DIM


def test_the_projector_switch_swaps_in_the_large_drawing_and_keeps_the_view(visit, acme_html):
    v = visit(acme_html, "#focus=radiology&gaps=1")
    small = v.page.eval_on_selector(v.team("radiology") + " text", "el => Number(el.getAttribute('font-size'))")
    panel_size = v.page.eval_on_selector("#panel", "el => parseFloat(getComputedStyle(el).fontSize)")
    v.page.keyboard.press("p")
    large = v.page.eval_on_selector(v.team("radiology") + " text", "el => Number(el.getAttribute('font-size'))")
    assert large > small
    assert v.page.eval_on_selector("#panel", "el => parseFloat(getComputedStyle(el).fontSize)") > panel_size
    assert "chain-focus" in v.page.get_attribute(v.team("radiology"), "class")
    assert v.opacity(v.team("payroll")) < DIM
    assert v.opacity(v.team("emergency-department")) == 1
    assert v.opacity(v.link("radiology", "cardiology")) < DIM  # healthy, and gaps only is still on
    assert v.page.get_attribute("#gaps", "aria-pressed") == "true"
    assert "projector=1" in v.page.url


def test_zoom_keys_change_the_view_and_f_asks_for_full_screen(visit, acme_html):
    v = visit(acme_html)
    whole = v.view_box()
    v.page.keyboard.press("+")
    zoomed = v.view_box()
    assert zoomed[2] < whole[2] and zoomed[3] < whole[3]
    v.page.keyboard.press("-")
    v.page.keyboard.press("-")
    assert v.view_box()[2] > zoomed[2]
    v.page.keyboard.press("ArrowRight")
    v.page.keyboard.press("0")
    assert v.view_box() == pytest.approx(whole, abs=0.05)
    v.page.click(v.team("payroll"))
    v.page.keyboard.press("z")  # zoom to the focused team's chain
    chain = v.view_box()
    assert chain[2] < whole[2] / 2
    area = v.page.locator("#map").bounding_box()
    for team in ("payroll", "hr-advisory", "employees"):  # the chain is in view
        box = v.page.locator(v.team(team)).bounding_box()
        assert area["x"] <= box["x"] and box["x"] + box["width"] <= area["x"] + area["width"], team
        assert area["y"] <= box["y"] and box["y"] + box["height"] <= area["y"] + area["height"], team
    v.page.keyboard.press("0")
    v.page.click("#zoom-in")
    assert v.view_box()[2] < whole[2]
    box = v.page.locator("#map").bounding_box()
    v.page.mouse.move(box["x"] + 300, box["y"] + 300)
    v.page.mouse.wheel(0, 400)
    assert v.view_box()[2] > whole[2] * 0.99
    v.page.keyboard.press("f")
    # Predicates as functions: Playwright runs a bare expression through eval() in
    # the page when it has to poll, which the page's Content-Security-Policy forbids.
    v.page.wait_for_function("() => document.fullscreenElement !== null")
    # The page marks itself in its fullscreenchange handler, which runs just after.
    v.page.wait_for_function("() => document.body.classList.contains('fullscreen')", timeout=2000)
    v.page.keyboard.press("?")
    assert v.page.is_visible("#help")
    assert "Show the whole map again" in v.page.inner_text("#help")


def test_a_hostile_team_name_is_shown_as_text_and_never_runs(visit, tmp_path):
    page = render_page(tmp_path, "--as-of", AS_OF, source=HOSTILE_YAML)
    v = visit(page)
    assert v.page.title() == "<script>alert('title')</script>"
    assert v.page.inner_text("#title") == "<script>alert('title')</script>"
    v.page.click(v.team("scripted"))
    assert v.page.inner_text("#panel h2") == HOSTILE_SCRIPT
    assert "<b>not bold</b> & <i>not italic</i>" in v.panel()
    v.page.hover(v.link("scripted", "imaged") + " text")
    assert "</script><script>alert(2)</script>" in v.page.inner_text("#tooltip")
    assert "{{7*7}} ${alert(3)}" in v.page.inner_text("#tooltip")
    v.page.click(v.link("imaged", HOSTILE_QUOTES_ID) + " text")
    assert v.page.inner_text("#panel h2") == f"{HOSTILE_IMG} → {HOSTILE_QUOTES}"
    assert v.page.eval_on_selector_all("#panel a", "els => els.length") == 0  # javascript: is no link
    v.page.keyboard.press("/")
    v.page.keyboard.type("<img")
    assert HOSTILE_IMG in v.page.inner_text("#search-list")
    v.page.keyboard.press("Enter")
    assert v.page.inner_text("#panel h2") == HOSTILE_IMG
    # Nothing ran: no alert, no injected elements, no script errors or refused inline code.
    assert v.dialogs == []
    assert v.page.eval_on_selector_all("img, iframe, object, embed", "els => els.length") == 0
    assert v.page.eval_on_selector_all("script", "els => els.length") == 2
    assert v.page.eval_on_selector_all("#panel b, #panel i", "els => els.length") == 0
    assert v.errors == []
    assert [line for line in v.console if line.startswith("error")] == []


HOSTILE_QUOTES_ID = "tom-s-best-co"


def test_the_dutch_page_speaks_dutch(visit, tmp_path):
    page = render_page(tmp_path, "--as-of", AS_OF, "--lang", "nl")
    v = visit(page)
    assert v.page.get_attribute("html", "lang") == "nl"
    assert v.page.inner_text("#gaps").startswith("Alleen gaten")
    assert v.page.inner_text("#legend h2") == "Legenda"
    assert "geen feedbacklus: niemand vraagt het deze klant" in v.page.inner_text("#legend")
    assert v.page.inner_text("#panel h2") == "Volgende stappen"
    assert "Plan een gesprek met" in v.panel()
    assert "zonder feedback" in v.page.inner_text("#summary")
    assert v.page.get_attribute("#search", "placeholder") == "Zoek een team…"
    v.page.click(v.team("payroll"))
    panel = v.panel()
    assert "KLANTEN" in panel.upper() and "LEVERANCIERS" in panel.upper()
    assert "geen feedbacklus" in panel
    assert "Toon de hele kaart" in panel


def test_the_page_starts_at_the_focus_and_theme_given_on_the_command_line(visit, tmp_path):
    page = render_page(tmp_path, "--as-of", AS_OF, "--focus", "Radiology", "--theme", "projector", "--no-legend")
    v = visit(page)
    assert v.page.inner_text("#panel h2") == "Radiology"
    assert v.opacity(v.team("payroll")) < DIM
    assert "projector" in v.page.get_attribute("html", "class")
    assert not v.page.is_visible("#legend")
    v.page.keyboard.press("Escape")
    v.page.keyboard.press("p")
    v.page.keyboard.press("l")
    v.page.reload()
    v.page.wait_for_selector("#canvas svg g.team")
    # The reset view is kept, not the command line's start.
    assert v.page.inner_text("#panel h2") == "Next steps"
    assert "projector" not in (v.page.get_attribute("html", "class") or "")
    assert v.page.is_visible("#legend")


def test_the_page_makes_no_network_request(visit, acme_html):
    v = visit(acme_html)
    v.page.click(v.team("radiology"))
    v.page.click(v.link("it-service-desk", "radiology") + " text")
    v.page.keyboard.press("p")
    v.page.keyboard.press("g")
    v.page.keyboard.press("Escape")
    v.page.wait_for_timeout(200)
    assert v.requests == [acme_html.as_uri()]
    assert [line for line in v.console if line.startswith("error")] == []


def test_a_big_map_stays_quick(visit, tmp_path):
    # 500 teams in 25 departments; in each, a chain of 20 teams that ends at the citizens.
    lines = ["teams:"]
    for i in range(500):
        lines += [f"  - team: Team {i}", f"    department: Dept {i // 20}", "    customers:"]
        for step in (1, 3):
            if (i + step) // 20 == i // 20:
                lines += [f"      - team: Team {i + step}", "        feedback: [{kind: review}]"]
        if i % 20 == 19:
            lines += ["      - team: Citizens", "        external: true"]
    page = render_page(tmp_path, "--as-of", AS_OF, source="\n".join(lines) + "\n")
    # 500 teams open on the overview; a department's level holds its teams (Dept 6: teams 120-139).
    v = visit(page, "#level=department%3Adept-6")
    timings = v.page.evaluate("""() => ['team-team-139', 'team-team-125', 'team-team-130', 'team-team-120'].map(id => {
        const start = performance.now();
        const team = document.getElementById(id);
        team.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true, button: 0}));
        team.dispatchEvent(new PointerEvent('pointerup', {bubbles: true, button: 0}));
        getComputedStyle(document.querySelector('#team-team-120 text')).opacity;  // the styles are worked out
        return performance.now() - start;
    })""")
    assert v.page.inner_text("#panel h2") == "Team 120"
    # Team 120's chain runs through its whole department to the citizens: nothing here is dimmed;
    # Team 125's chain leaves out the teams before it.
    assert v.opacity(v.team("team-121")) == 1 and v.opacity(v.team("team-139")) == 1
    v.page.evaluate("""() => { const team = document.getElementById('team-team-125');
        team.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true, button: 0}));
        team.dispatchEvent(new PointerEvent('pointerup', {bubbles: true, button: 0})); }""")
    assert v.page.inner_text("#panel h2") == "Team 125"
    classes = v.page.eval_on_selector_all("#canvas g.team.chain", "els => Object.fromEntries(els.map(el => [el.id, el.getAttribute('class')]))")
    assert "chain-down" in classes["team-team-126"] and "chain-up" in classes["team-team-124"]
    assert "chain-focus" in classes["team-team-125"]
    assert max(timings) < 1000, f"clicks took {timings} ms"


# -- the live-reload client (the server side is chainmap serve) --------------------------------

class _LiveServer:
    """A stand-in for chainmap serve on 127.0.0.1: GET / is the page, GET /events an event stream."""

    def __init__(self, page: str):
        self.page = page.encode("utf-8")
        self.events: list[bytes] = []
        self.ready = threading.Condition()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == "/":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.end_headers()
                    self.wfile.write(server.page)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                sent = 0
                while not server.closing:
                    with server.ready:
                        server.ready.wait_for(lambda: len(server.events) > sent or server.closing, timeout=0.2)
                        pending = server.events[sent:]
                    for event in pending:
                        self.wfile.write(event)
                        self.wfile.flush()
                        sent += 1

        self.closing = False
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def send(self, event: str, data: dict):
        with self.ready:
            self.events.append(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode("utf-8"))
            self.ready.notify_all()

    def close(self):
        self.closing = True
        with self.ready:
            self.ready.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()


def _job(source: str, tmp_path: Path, **options):
    from chainmap.api import analyse, load
    from chainmap.render import RenderOptions, prepare
    from datetime import date

    path = tmp_path / f"map{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text(source, encoding="utf-8")
    graph, found, _ = analyse(load([str(path)]), date(2027, 6, 1))
    return prepare(graph, RenderOptions(as_of=date(2027, 6, 1), **options), found)


def test_a_live_page_swaps_in_a_new_map_and_shows_problems_without_losing_the_view(visit, tmp_path):
    from chainmap.render.page import page_data, page_html

    server = _LiveServer(page_html(_job(LINK_YAML, tmp_path), live_url="/events"))
    try:
        v = visit(server.url, "#focus=payroll&gaps=1")
        assert v.page.inner_text("#panel h2") == "Payroll"
        v.page.keyboard.press("+")
        zoom = v.page.get_attribute("#canvas > svg", "data-zoom")

        problem = "teams/payroll.yaml:3:5: error[unknown-key]: unknown key 'custmers'; did you mean 'customers'?"
        server.send("problems", {"problems": [problem]})
        v.page.wait_for_selector("#chainmap-problems:not([hidden])")
        assert problem in v.page.inner_text("#chainmap-problems")
        assert v.page.get_attribute("#chainmap-problems", "role") == "alert"
        assert v.page.inner_text("#panel h2") == "Payroll"  # the last good map stays

        changed = LINK_YAML.replace("Pays everyone on time", "Pays everyone, always on time").replace(
            "organization: Small Co", "organization: Small Co & Partners").replace(
            "      - team: Employees\n        external: true\n        delivers: Salaries\n",
            "      - team: Employees\n        external: true\n        delivers: Salaries\n      - Works Council\n")
        server.send("map", page_data(_job(changed, tmp_path)))
        v.page.wait_for_selector("#chainmap-problems", state="hidden")
        v.page.wait_for_selector(v.team("works-council"))
        assert "Pays everyone, always on time" in v.panel()
        assert v.page.inner_text("#title") == "Small Co & Partners" == v.page.title()
        assert "Works Council" in v.panel()
        assert v.opacity(v.team("works-council")) == 1  # a new customer joins the focused chain
        assert "gaps=1" in v.page.url and v.page.get_attribute("#gaps", "aria-pressed") == "true"
        assert v.page.get_attribute("#canvas > svg", "data-zoom") == zoom  # zoom and pan are kept
        assert [line for line in v.console if line.startswith("error")] == []
    finally:
        server.close()
    # The server is gone: the page keeps the map and says it is retrying.
    v.page.wait_for_selector("#chainmap-connection:not([hidden])", timeout=10000)
    assert v.page.inner_text("#panel h2") == "Payroll"


# -- the file itself ---------------------------------------------------------------------------

class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[dict] = []
        self.csp = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "xlink:href", "data", "action", "poster"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = attrs["content"]


def _parse(html_text: str) -> _Resources:
    parser = _Resources()
    parser.feed(html_text)
    return parser


def test_the_page_is_one_self_contained_file(acme_html):
    text = acme_html.read_text(encoding="utf-8")
    found = _parse(text)
    assert found.urls == []  # no src/href at all: no CDN, no fonts, no external script
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text)
    assert "@import" not in text and "url(" not in text
    assert [s.get("type") for s in found.scripts] == ["application/json", None]
    assert text.count("</script>") == 2


def test_the_content_security_policy_allows_only_the_page_itself(acme_html):
    text = acme_html.read_text(encoding="utf-8")
    csp = _parse(text).csp
    assert csp is not None
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
    script = re.search(r"<script>(.*?)</script>", text, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
    for code, directive in ((script, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
        assert directives[directive] == f"'sha256-{digest}'"


def test_the_data_cannot_end_its_script_element(tmp_path):
    text = render_page(tmp_path, "--as-of", AS_OF, source=HOSTILE_YAML).read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="chainmap-data">(.*?)</script>', text, re.S).group(1)
    assert "<" not in data and ">" not in data and "&" not in data
    parsed = json.loads(data)
    assert parsed["teams"]["scripted"]["name"] == HOSTILE_SCRIPT
    assert parsed["links"]["scripted--imaged"]["delivers"] == "</script><script>alert(2)</script>"
    assert "<title>&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;</title>" in text


def test_same_input_gives_the_same_page(tmp_path):
    first = render_page(tmp_path, "--as-of", AS_OF, name="one.html").read_bytes()
    second = render_page(tmp_path, "--as-of", AS_OF, name="two.html").read_bytes()
    assert first == second


def test_the_format_comes_from_html_and_htm_names(tmp_path):
    for name in ("map.html", "map.HTM"):
        out = render_page(tmp_path, "--as-of", AS_OF, name=name)
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_page_data_holds_both_drawings_and_the_map(tmp_path):
    from chainmap.render.page import page_data

    data = page_data(_job(LINK_YAML, tmp_path, lang="nl"))
    json.dumps(data)
    assert set(data["svg"]) == {"map"} and set(data["svg"]["map"]) == {"default", "projector"}
    assert all(svg.startswith("<svg") and 'class="node team' in svg for svg in data["svg"]["map"].values())
    assert data["lang"] == "nl" and data["as_of"] == "2027-06-01" and data["title"] == "Small Co"
    assert set(data["teams"]) == {"payroll", "hr-advisory", "employees"}
    link = data["links"]["payroll--hr-advisory"]
    assert link["state"] == "stale" and link["feedback"][0]["kind_text"] == "evaluatie"
    assert {f["rule"] for f in data["findings"]} >= {"stale-feedback", "no-feedback"}
    assert data["strings"]["page.gaps"] == "Alleen gaten"


def test_a_live_page_may_connect_back_to_its_server_and_only_then(tmp_path):
    from chainmap.render.page import page_html

    job = _job(LINK_YAML, tmp_path)
    live = _parse(page_html(job, live_url="/events"))
    assert "connect-src 'self'" in live.csp
    assert '<meta name="chainmap-live" content="/events">' in page_html(job, live_url="/events")
    plain = _parse(page_html(job))
    assert '<meta name="chainmap-live"' not in page_html(job) and "connect-src 'none'" in plain.csp


@pytest.mark.parametrize("args, message", [
    (["--theme", "print"], "no 'print' theme"),
    (["--focus", "Nobody"], "no team called 'Nobody'"),
])
def test_bad_options_are_clear_errors_and_write_nothing(tmp_path, args, message):
    out = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["render", str(ACME), "-o", str(out), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_the_page_files_are_package_data():
    # A non-editable install must carry the script and style the page inlines.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = re.search(r"\[tool\.setuptools\.package-data\]\n(.*?)(?:\n\[|\Z)", pyproject, re.S).group(1)
    globs = re.search(r'"chainmap\.render\.page" = \[(.*?)\]', section).group(1)
    assets = sorted(p.name for p in (ROOT / "chainmap" / "render" / "page").iterdir()
                    if p.is_file() and p.suffix != ".py")
    assert assets == ["page.css", "page.js"]
    assert '"*.js"' in globs and '"*.css"' in globs


def test_every_rule_has_a_name_for_its_filter_in_both_languages():
    from chainmap.i18n import catalogue
    from chainmap.rules import RULES

    for rule_id in RULES:
        assert set(catalogue()[f"page.rule.{rule_id}"]) == {"en", "nl"}, rule_id


@pytest.mark.parametrize("lang, heading", [("en", "What your customer's customers need"),
                                           ("nl", "Wat de klanten van je klanten nodig hebben")])
def test_a_teams_panel_says_what_its_customers_customers_need(visit, tmp_path, lang, heading):
    """The side panel lists chainmap.rules.downstream_needs for the team: nearest first, each need once."""
    from chainmap.api import analyse, load
    from chainmap.rules import downstream_needs

    graph, _, _ = analyse(load([str(ACME)]), None)
    expected = downstream_needs(graph, "it-service-desk")
    assert len(expected) >= 3  # the IT service desk is far up the hospital's chain
    v = visit(render_page(tmp_path, "--as-of", AS_OF, "--lang", lang), "#focus=it-service-desk")
    section = v.page.locator("#panel h3", has_text=heading)
    assert section.count() == 1
    needs = v.page.eval_on_selector_all("#panel ul.needs li .need", "els => els.map(el => el.textContent)")
    assert needs == [need.need for need in expected][:30]
    # The first need is the emergency department's patients': "for Patients", in the panel's language.
    first_for = v.page.inner_text("#panel ul.needs li >> nth=0")
    assert graph.nodes[expected[0].links[0][1]]["name"] in first_for
    # A team at the end of the chain has customers but no customer's customers with a need.
    v.page.click(v.team("emergency-department"))
    v.page.wait_for_function("() => document.getElementById('panel-title').textContent === 'Emergency Department'")
    assert v.page.eval_on_selector_all("#panel ul.needs li .need", "els => els.length") == len(
        downstream_needs(graph, "emergency-department"))
    assert v.errors == []
