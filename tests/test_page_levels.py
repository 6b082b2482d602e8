"""The interactive page of a large organisation: the overview first, a department in a click, any team by search.

A real headless Chromium (the `browser` fixture in conftest.py) on pages written by the real CLI.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main
from generated import generated_map

AS_OF = "2026-11-22"
VIEWPORT = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def large_page(tmp_path_factory) -> Path:
    """200 teams in 8 departments: above the 150 teams a drawing of every team can show."""
    folder = tmp_path_factory.mktemp("org")
    teams, _ = generated_map(folder / "teams", departments=8, per_department=25)
    page = folder / "org.html"
    result = CliRunner().invoke(main, ["render", str(teams), "-o", str(page), "--as-of", AS_OF],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return page


@pytest.fixture
def open_page(browser):
    contexts = []

    def opened(path: Path, hash_: str = ""):
        """The page at 1920x1080; ``page.errors`` collects its script errors and console errors (a CSP refusal)."""
        context = browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(path.as_uri() + hash_)
        page.wait_for_selector("#canvas svg")
        page.errors = errors
        return page

    yield opened
    for context in contexts:
        context.close()


def page_data(path: Path) -> dict:
    """The page's data; a large map's is packed (zlib, base64), and so is each of its drawings."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="chainmap-data">(.*?)</script>', text,
                                re.S).group(1))
    return {**json.loads(unpacked(data)), "svg": data["svg"]} if "deflate" in data else data


def unpacked(packed: dict) -> str:
    return zlib.decompress(base64.b64decode(packed["deflate"])).decode("utf-8")


def test_a_large_pages_levels_are_packed_and_the_same_every_time(large_page, tmp_path):
    """Each level is drawn once (the page restyles it for the projector) and compressed; same input, same bytes."""
    data = page_data(large_page)
    assert all(set(drawing) == {"default"} and unpacked(drawing["default"]).startswith("<svg")
               for drawing in data["svg"].values())
    assert data["restyle"]["line_scale"] > 1 and data["restyle"]["colours"]
    again = tmp_path / "again.html"
    teams = large_page.parent / "teams"
    assert CliRunner().invoke(main, ["render", str(teams), "-o", str(again), "--as-of", AS_OF]).exit_code == 0
    assert again.read_bytes() == large_page.read_bytes()


def test_a_large_map_opens_on_the_overview_with_a_level_per_department(large_page, open_page):
    data = page_data(large_page)
    assert [level["kind"] for level in data["levels"]] == ["overview"] + ["department"] * 8
    assert data["level"] == "overview"
    page = open_page(large_page)
    # The overview: a box or row per department, no team drawn on its own.
    assert page.locator("#canvas g.department:not(.external)").count() == 8
    assert page.locator("#canvas g.team").count() == 0
    assert page.locator("#levels").is_visible()
    assert page.inner_text("#levels").startswith("Organisation")
    assert page.errors == []


def test_a_click_on_a_department_opens_its_teams_and_the_breadcrumb_goes_back(large_page, open_page):
    page = open_page(large_page)
    page.click("#canvas #department-department-3")
    page.wait_for_selector("#canvas g.team")
    assert "level=department%3Adepartment-3" in page.evaluate("() => location.hash")
    teams = page.eval_on_selector_all("#canvas g.team", "els => els.map(el => el.id)")
    assert len(teams) == 25
    assert page.inner_text("#levels").replace("\u203a", ">").split(">")[1].strip() == "Department 3"
    # A team's chain at this level: click it, the panel shows it.
    page.click(f"#canvas #{teams[0]}")
    page.wait_for_function("() => document.querySelector('#panel h2').textContent.startsWith('Team')")
    # Back to the organisation.
    page.click("#levels button.level >> nth=0")
    page.wait_for_selector("#canvas g.department")
    assert page.locator("#canvas g.team").count() == 0
    assert page.errors == []


def test_search_finds_a_team_of_any_department_and_opens_its_level(large_page, open_page):
    page = open_page(large_page)
    page.keyboard.press("/")
    page.keyboard.type("Team 0157")
    page.keyboard.press("Enter")
    page.wait_for_selector("#canvas #team-team-0157.chain-focus")
    # Team 157 is in department 157 % 8 = 5.
    assert "level=department%3Adepartment-5" in page.evaluate("() => location.hash")
    assert "focus=team-0157" in page.evaluate("() => location.hash")
    assert page.errors == []


def test_the_level_survives_a_reload(large_page, open_page):
    page = open_page(large_page, "#level=department%3Adepartment-2")
    assert page.locator("#canvas g.team").count() == 25
    assert "Department 2" in page.inner_text("#levels")


def test_a_small_map_has_one_level_and_no_breadcrumb(open_page, tmp_path):
    acme = Path(__file__).resolve().parent.parent / "examples" / "acme"
    page_file = tmp_path / "acme.html"
    assert CliRunner().invoke(main, ["render", str(acme), "-o", str(page_file), "--as-of", AS_OF]).exit_code == 0
    assert [level["key"] for level in page_data(page_file)["levels"]] == ["map"]
    page = open_page(page_file)
    assert not page.locator("#levels").is_visible()
    assert page.locator("#canvas g.team").count() == 26


def test_the_projector_restyles_a_level_drawn_once(large_page, open_page):
    """The projector's look comes from the one drawing: its colours, and its lines as much thicker as the theme's."""
    from chainmap.render.theme import THEMES

    page = open_page(large_page, "#level=department%3Adepartment-2")
    link = "#canvas g.link.group path:not(.hit)"
    width = float(page.get_attribute(link, "stroke-width"))
    team_line = page.get_attribute("#canvas g.team path, #canvas g.team polygon", "stroke")
    assert team_line.lower() == THEMES["default"].team_line.lower()
    page.keyboard.press("p")
    page.wait_for_function("() => document.documentElement.classList.contains('projector')")
    scale = THEMES["projector"].line_scale / THEMES["default"].line_scale
    assert float(page.get_attribute(link, "stroke-width")) == pytest.approx(width * scale, abs=0.02)
    assert page.get_attribute("#canvas g.team path, #canvas g.team polygon", "stroke") == THEMES["projector"].team_line
    assert page.errors == []


def test_a_link_to_a_team_opens_its_department(large_page, open_page):
    """#focus=TEAM without a level (a link made before levels, or render --focus) opens where the team is drawn."""
    page = open_page(large_page, "#focus=team-0042")
    page.wait_for_selector("#canvas #team-team-0042.chain-focus")
    assert "Department 2" in page.inner_text("#levels")  # Team 42 is in department 42 % 8 = 2
    assert page.inner_text("#panel h2") == "Team 0042"
    assert page.errors == []
