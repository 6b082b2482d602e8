"""The interactive page of 1,000 and 5,000 teams in a real Chromium: readable on a projector, quick to move around.

The maps are benchmarks/bench.py's generated organisations (as test_large_render.py uses them);
each page is written once per module by the real CLI, which takes about 15 s for 5,000 teams.
Times are measured inside the page with performance.now(), from the action to the DOM
showing its result (a department's teams drawn, a team's chain marked), not with a sleep.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from test_large_render import generated
from test_page_levels import open_page  # noqa: F401  (the fixture: a page at 1920x1080 with its errors)

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-11-22"
# The budget for opening a view or a team's chain on a 5,000-team page.
BUDGET_MS = 1000


def written_page(folder: Path, teams: Path) -> Path:
    page = folder / "page.html"
    result = subprocess.run([sys.executable, "-m", "chainmap", "render", str(teams), "-o", str(page), "--as-of", AS_OF],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return page


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict:
    made = {}

    def page(size: int) -> Path:
        if size not in made:
            folder = tmp_path_factory.mktemp(f"org{size}")
            made[size] = written_page(folder, generated(folder / "teams", size))
        return made[size]

    return page


# The rendered height of every text of the drawing that is on screen: the first line of a team's or a
# department's box (its name), and every other word (counts, states, marks, arrow labels).
TEXT_HEIGHTS = """() => {
  const map = document.getElementById('map').getBoundingClientRect();
  const onScreen = (r) => r.width > 0 && r.right > map.left && r.left < map.right && r.bottom > map.top && r.top < map.bottom;
  const names = [], words = [];
  for (const node of document.querySelectorAll('#canvas g.node')) {
    const named = node.classList.contains('team') || node.classList.contains('department');
    [...node.getElementsByTagName('text')].forEach((text, index) => {
      const box = text.getBoundingClientRect();
      if (onScreen(box)) (named && index === 0 ? names : words).push(box.height);
    });
  }
  for (const text of document.querySelectorAll('#canvas g.edge text')) {
    const box = text.getBoundingClientRect();
    if (onScreen(box)) words.push(box.height);
  }
  return { names, words };
}"""


def readable_at_fit(page) -> dict:
    page.keyboard.press("0")  # fit
    return page.evaluate(TEXT_HEIGHTS)


def acme_page(tmp_path_factory) -> Path:
    return written_page(tmp_path_factory.mktemp("acme"), ACME)


@pytest.mark.parametrize("size, level", [
    (0, ""),  # Acme: the whole map on one level
    (1000, "overview"), (1000, "department"),
    (5000, "overview"), (5000, "department"),
])
def test_on_a_projector_names_and_marks_are_readable_at_fit(pages, open_page, tmp_path_factory, size, level):
    path = acme_page(tmp_path_factory) if size == 0 else pages(size)
    page = open_page(path, "#projector=1")
    if level == "department":
        page.click("#canvas g.department:not(.external) >> nth=0")
        page.wait_for_selector("#canvas g.team")
    heights = readable_at_fit(page)
    assert len(heights["names"]) >= 3, heights  # something was measured: names are on screen
    assert min(heights["names"]) >= 14, min(heights["names"])
    assert not heights["words"] or min(heights["words"]) >= 12, min(heights["words"])
    # Without the projector the same fit shows the whole drawing (smaller), so the test can tell them apart.
    page.keyboard.press("p")
    page.keyboard.press("0")
    assert float(page.get_attribute("#canvas svg", "data-zoom")) == 1
    assert page.errors == []


def timed(page, action: str, done: str) -> float:
    """Milliseconds from ``action`` (JS run in the page) until ``done`` (a JS condition) holds, measured in the page."""
    return page.evaluate(f"""() => new Promise((resolve, reject) => {{
      const started = performance.now();
      {action};
      const check = () => {{
        if ({done}) resolve(performance.now() - started);
        else if (performance.now() - started > 20000) reject(new Error('never shown'));
        else requestAnimationFrame(check);
      }};
      check();
    }})""")


CLICK = """const target = document.querySelector({selector});
      for (const type of ['pointerdown', 'pointerup'])
        target.dispatchEvent(new PointerEvent(type, {{ bubbles: true, button: 0, pointerId: 1 }}))"""


def test_a_department_and_a_teams_chain_open_within_a_second_on_5000_teams(pages, open_page):
    page = open_page(pages(5000))
    assert page.locator("#canvas g.team").count() == 0  # the overview
    department = page.get_attribute("#canvas g.department:not(.external) >> nth=5", "id")
    took = timed(page, CLICK.format(selector=f"'#{department}'"),
                 "document.querySelector('#canvas g.team') && document.querySelector('#levels').textContent.includes('\u203a')")
    assert took < BUDGET_MS, f"department view after {took:.0f} ms"
    assert page.locator("#canvas g.team").count() >= 10
    # A team of another department, found by search: its level opens with its chain marked.
    page.click("#levels button.level >> nth=0")
    page.wait_for_selector("#canvas g.team", state="detached")
    page.keyboard.press("/")
    page.keyboard.type("Inside Sales 4")
    page.wait_for_selector("#search-list li[data-team]")
    team = page.get_attribute("#search-list li[data-team]", "data-team")
    took = timed(page, "document.getElementById('search').dispatchEvent(new KeyboardEvent('keydown', "
                       "{ key: 'Enter', bubbles: true }))",
                 f"document.getElementById('team-{team}') && document.getElementById('team-{team}')"
                 ".classList.contains('chain-focus') && document.getElementById('panel').dataset.showing === 'team'")
    assert took < BUDGET_MS, f"chain after {took:.0f} ms"
    assert page.inner_text("#panel h2") == page.evaluate(f"() => document.getElementById('team-{team}').textContent.trim()")
    assert page.errors == []


def test_the_5000_team_page_is_one_packed_file_that_needs_no_network(pages):
    path = pages(5000)
    text = path.read_text(encoding="utf-8")
    assert path.stat().st_size < 15_000_000
    assert '"deflate":' in text and 'class="graph"' not in text  # drawings packed, inflated by the browser
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1))
    assert "connect-src 'none'" in csp and "script-src 'sha256-" in csp and "'unsafe" not in csp
