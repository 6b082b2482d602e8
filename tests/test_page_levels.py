"""The interactive page of a large organisation: the overview first, a department in a click, any team by search.

A real headless Chromium (the `browser` fixture in conftest.py) on pages written by the real CLI.
"""

from __future__ import annotations

import json
import re
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
        context = browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri() + hash_)
        page.wait_for_selector("#canvas svg")
        page.errors = errors
        return page

    yield opened
    for context in contexts:
        context.close()


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="chainmap-data">(.*?)</script>', text,
                                re.S).group(1))


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
