"""The page of a change: `render -f html --since REV`, `serve --since REV` and `diff OLD NEW -o change.html`.

Real git repositories (the one of test_diff_picture: a link of each kind of change, a team
added, one gone, one renamed), the real CLI, the real server, and Debian's chromium.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from live_server import ServeProcess, save
from test_diff_picture import CANTEEN, repo  # noqa: F401  (repo is a fixture)
from test_html_page import DIM, visit  # noqa: F401  (visit is a fixture)

from chainmap.cli import main

AS_OF = "2026-11-22"
# What changed from v1 to the working tree (v2), by element id.
CHANGED_LINKS = {"link-payroll--hr": "worse", "link-payroll--employees": "better", "link-legal--payroll": "new",
                 "link-hr--payroll": "new", "link-hr--employees": "gone", "link-archive--hr": "gone"}
CHANGED_TEAMS = {"team-legal": "new", "team-archive": "gone", "team-hr": "renamed"}
# Neither changed nor at the end of a changed link: what "Changes only" dims.
UNCHANGED = {"team-canteen", "link-canteen--payroll"}
# Unchanged themselves, but at the end of a changed link: they stay clear.
CHANGE_ENDS = {"team-payroll", "team-employees"}


def run(repo: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return CliRunner().invoke(main, [*args, "--as-of", AS_OF], catch_exceptions=False)
    finally:
        os.chdir(cwd)


def since_page(repo: Path, name: str = "page.html", *args: str) -> Path:
    result = run(repo, "render", "teams", "-o", name, "--since", "v1", *args)
    assert result.exit_code == 0, result.output
    return repo / name


def classes(page, selector: str) -> dict:
    """Element id -> its classes, for every element the selector finds on the map."""
    found = page.eval_on_selector_all(selector, "els => els.map(el => [el.id, el.getAttribute('class')])")
    return {element: set(names.split()) for element, names in found}


def words(page, selector: str = "#panel") -> str:
    """The words in an element as written (the panel's headings are shown in capitals)."""
    return page.text_content(selector)


def dimmed(v) -> set:
    """The teams and links the eye sees faded."""
    from test_html_page import SEEN_OPACITY

    return set(v.page.eval_on_selector_all(
        "#canvas g.team, #canvas g.link", f"els => els.filter(el => ({SEEN_OPACITY})(el) < {DIM}).map(el => el.id)"))


def assert_marked(v) -> None:
    links = classes(v.page, "#canvas g.link")
    for element, kind in CHANGED_LINKS.items():
        assert {"change", kind} <= links[element] and "unchanged" not in links[element], element
    assert "unchanged" in links["link-canteen--payroll"] and "change" not in links["link-canteen--payroll"]
    teams = classes(v.page, "#canvas g.team")
    for element, kind in CHANGED_TEAMS.items():
        assert {"change", kind} <= teams[element], element
    assert "unchanged" in teams["team-canteen"]


# -- render -f html --since REV ------------------------------------------------------------------

def test_the_page_marks_each_kind_of_change_and_says_since_what(repo, visit):
    v = visit(since_page(repo))

    assert_marked(v)
    panel = words(v.page)
    assert "What changed since v1" in panel
    assert "+2 NEW" in panel and "\u25b21 BETTER" in panel and "\u25bc1 WORSE" in panel and "\u22122 GONE" in panel
    legend = words(v.page, "#legend")
    assert "What changed since v1" in legend and "\u25bc WORSE" in legend and "\u2212 GONE" in legend
    # The figures are the map of now: the links that are gone are drawn, not counted.
    assert v.page.inner_text("#summary").startswith("5 teams \u00b7 5 links")
    assert not v.errors


def test_a_links_panel_says_how_it_changed(repo, visit):
    v = visit(since_page(repo))

    v.page.click("#canvas #link-payroll--hr path.hit", force=True)
    assert "\u25bc WORSE (was healthy)" in words(v.page)
    v.page.click("#canvas #link-payroll--employees path.hit", force=True)
    assert "\u25b2 BETTER (was no feedback loop)" in words(v.page)
    v.page.click("#canvas #team-hr")
    assert "renamed from HR Advisory" in words(v.page)


def test_changes_only_dims_exactly_the_unchanged_and_survives_a_reload(repo, visit):
    v = visit(since_page(repo))
    toggle = "#changes-toggle"

    # The page opens as the picture of a change does: the unchanged faded, the ends of changes clear.
    assert dimmed(v) == UNCHANGED
    assert v.page.get_attribute(toggle, "aria-pressed") == "true"

    v.page.keyboard.press("c")
    assert dimmed(v) == set()
    assert v.page.evaluate("location.hash") == "#changes=0"
    assert v.page.get_attribute(toggle, "aria-pressed") == "false"

    v.page.reload()
    v.page.wait_for_selector("#canvas svg g.team")
    assert dimmed(v) == set()
    assert v.page.get_attribute(toggle, "aria-pressed") == "false"

    v.page.click(toggle)
    assert dimmed(v) == UNCHANGED
    assert v.page.evaluate("location.hash") in ("", "#")
    # Every element dimmed is one the drawing calls unchanged; the ends of changes are not among them.
    assert all("unchanged" in names for element, names in classes(v.page, "#canvas g.team, #canvas g.link").items()
               if element in dimmed(v))
    assert not CHANGE_ENDS & dimmed(v)


def test_the_key_list_names_the_changes_key(repo, visit):
    v = visit(since_page(repo))

    v.page.keyboard.press("?")
    keys = v.page.eval_on_selector_all("#help dt", "els => els.map(el => [el.textContent, "
                                       "el.nextElementSibling.textContent])")
    assert ["c", "Changes only: dim what did not change"] in keys


def test_without_since_the_page_has_no_change_in_it(repo, tmp_path):
    plain = run(repo, "render", "teams", "-o", "plain.html")
    again = run(repo, "render", "teams", "-o", "again.html")
    assert plain.exit_code == again.exit_code == 0, plain.output
    text = (repo / "plain.html").read_text(encoding="utf-8")

    assert text == (repo / "again.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="chainmap-data">(.*?)</script>', text, re.S)
                      .group(1))
    assert "change" not in data and not any("change" in link for link in data["links"].values())
    markup = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S)
    assert 'id="changes-toggle"' not in markup and "What changed" not in markup and "Changes only" not in markup
    assert "unchanged" not in data["svg"]["map"]["default"] and "archive" not in data["teams"]


def test_the_page_of_a_change_is_the_same_bytes_each_time(repo):
    assert since_page(repo, "a.html").read_bytes() == since_page(repo, "b.html").read_bytes()


def test_dutch_page_of_a_change(repo, visit):
    v = visit(since_page(repo, "nl.html", "--lang", "nl"))

    assert "Wat veranderde sinds v1" in words(v.page)
    assert "Alleen wijzigingen" in v.page.inner_text("#changes-toggle")


@pytest.mark.parametrize("args, message", [
    (["--since", "nope", "-o", "page.html"],
     "error[unknown-revision]: no commit called 'nope' in "),
    (["--since", "v1", "-o", "page.svg"],
     "error[since]: --since marks the changes on the HTML page, not in SVG; for a drawing of the change: "
     "chainmap diff v1 PATH -o change.svg"),
])
def test_a_revision_that_cannot_be_used_is_one_line_and_exit_2(repo, args, message):
    result = run(repo, "render", "teams", *args)

    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert not (repo / "page.html").exists() and not (repo / "page.svg").exists()


def test_the_unknown_revision_line_is_diffs(repo):
    rendered = run(repo, "render", "teams", "--since", "nope", "-o", "page.html")
    compared = run(repo, "diff", "nope", "teams")

    assert rendered.exit_code == compared.exit_code == 2
    assert rendered.stderr == compared.stderr


def test_outside_a_repository_since_is_diffs_error(tmp_path):
    teams = tmp_path / "teams"
    teams.mkdir()
    (teams / "canteen.yaml").write_text(CANTEEN, encoding="utf-8")

    rendered = run(tmp_path, "render", "teams", "--since", "main", "-o", "page.html")
    compared = run(tmp_path, "diff", "main", "teams")

    assert rendered.exit_code == 2 and rendered.stderr == compared.stderr
    assert len(rendered.stderr.splitlines()) == 1 and not (tmp_path / "page.html").exists()


# -- diff OLD NEW -o change.html -------------------------------------------------------------------

def test_diff_writes_the_page_of_the_change(repo, visit):
    result = run(repo, "diff", "v1", "HEAD", "teams", "-o", "change.html")
    assert result.exit_code == 0, result.output
    assert "wrote change.html (HTML: the picture of the change)" in result.stderr
    assert result.stdout.startswith("v1 -> HEAD (judged on 2026-11-22)")

    v = visit(repo / "change.html")
    assert_marked(v)
    assert "What changed from v1 to HEAD" in words(v.page)
    assert dimmed(v) == UNCHANGED


def test_diff_refuses_the_overview_as_a_page(repo):
    result = run(repo, "diff", "v1", "HEAD", "teams", "--overview", "-o", "change.html")

    assert result.exit_code == 2
    assert "error[format]: --overview draws SVG, PNG, PDF or DOT, not HTML" in result.stderr
    assert not (repo / "change.html").exists()


# -- serve --since REV -----------------------------------------------------------------------------

def test_serve_marks_the_changes_and_a_save_compares_again(repo, visit):
    with ServeProcess("teams", args=("--as-of", AS_OF, "--since", "v1"), cwd=repo) as server:
        v = visit(server.url)
        assert_marked(v)
        assert "What changed since v1" in words(v.page)

        # Canteen stops asking Payroll: its link is worse than in v1 now.
        mark = server.mark()
        save(repo / "teams" / "canteen.yaml", CANTEEN.replace(
            "    feedback: [{kind: conversation, cadence: monthly, last: 2026-11-10}]\n", ""))
        server.wait_for("reloaded: ", since=mark, timeout=30)
        v.page.wait_for_selector("#canvas #link-canteen--payroll.change.worse", timeout=10_000)
        assert "\u25bc1 WORSE" not in words(v.page) and "\u25bc2 WORSE" in words(v.page)


def test_serve_refuses_an_unknown_revision_before_serving(repo):
    result = run(repo, "serve", "teams", "--port", "0", "--since", "nope")

    assert result.exit_code == 2
    assert "error[unknown-revision]: no commit called 'nope'" in result.stderr
    assert "Serving" not in result.output


# -- a large map: the levels are marked too ---------------------------------------------------------

def test_a_large_maps_overview_marks_the_changed_arrows_and_dims_the_rest(tmp_path, browser):
    from generated import generated_map
    from gitrepo import commit, git, init

    repo = init(tmp_path / "org")
    generated_map(repo / "teams")  # 200 teams in 8 departments: the page opens on the overview
    commit(repo, "v1", "2026-11-01T12:00:00+00:00")
    git(repo, "tag", "v1")
    team = repo / "teams" / "team-0000.yaml"  # Team 0000 (Department 0) stops its review with Team 0009
    team.write_text(team.read_text(encoding="utf-8").replace(
        "    feedback: [{kind: review, last: 2026-11-01}]\n", "", 1), encoding="utf-8")

    context = browser.new_context(viewport={"width": 1600, "height": 900})
    try:
        page = context.new_page()
        page.goto(since_page(repo).as_uri())
        page.wait_for_selector("#canvas svg g.department")  # the overview has departments, no teams
        cells = classes(page, "#canvas g.link.group")
        changed = {element for element, names in cells.items() if "change" in names}
        assert changed == {"group-department-department-0--department-department-1"}
        assert "worse" in cells["group-department-department-0--department-department-1"]
        assert all("unchanged" in names for element, names in cells.items() if element not in changed)
        assert "\u25bc1 WORSE" in words(page)
        assert faded_groups(page) == set(cells) - changed
        page.keyboard.press("c")
        assert faded_groups(page) == set()
    finally:
        context.close()


def faded_groups(page) -> set:
    """The overview's arrows (here: its table's cells) the eye sees faded."""
    return set(page.eval_on_selector_all(
        "#canvas g.link.group", "els => els.filter(el => getComputedStyle(el.querySelector('path, polygon, text'))"
                                ".opacity < 0.5).map(el => el.id)"))
