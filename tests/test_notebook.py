"""In a notebook, what chainmap.load() and chainmap.analyse() return shows itself: the drawing and a summary.

Jupyter shows an object by calling its ``_repr_svg_`` / ``_repr_html_``; these tests call them as
Jupyter does and read what comes back as SVG and HTML (both parsed as XML: strict).
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

import chainmap
from chainmap.render import RenderOptions, render
from generated import generated_map

ACME = Path(__file__).resolve().parents[1] / "examples" / "acme"
AS_OF = date(2026, 11, 22)
SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(root: ET.Element) -> set[str]:
    return {"".join(node.itertext()).strip() for node in root.iter(f"{SVG}text")}


def html_fragment(text: str) -> ET.Element:
    # The fragment is XHTML with the SVG inline: parsed strictly, any stray markup fails.
    return ET.fromstring(text)


@pytest.fixture(scope="module")
def acme():
    return chainmap.load(ACME)


def test_a_loaded_map_shows_as_its_drawing(acme):
    svg = acme._repr_svg_()

    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    names = svg_texts(root)
    assert {"Payroll", "IT Service Desk", "Patients"} <= names
    assert "Acme Health" in names
    assert acme._repr_svg_() is svg  # drawn once, however often the notebook asks


def test_a_loaded_map_shows_a_summary_above_the_drawing(acme):
    result = chainmap.analyse(acme)
    page = html_fragment(acme._repr_html_())

    line = "".join(page.find("p").itertext())
    assert line.startswith("Acme Health · ")
    assert f"{result.summary.teams} teams · {result.summary.links} links" in line
    assert f"{result.summary.links_without_feedback} without feedback" in line
    assert f"as of {date.today().isoformat()}" in line
    (drawing,) = page.findall(f"{SVG}svg")
    assert "Payroll" in svg_texts(drawing)
    assert "max-width:100%" in drawing.get("style")


def test_an_analysis_shows_the_drawing_judged_on_its_day(acme):
    result = chainmap.analyse(acme, AS_OF)
    graph, findings, summary = result  # still unpacks into three

    page = html_fragment(result._repr_html_())

    line = "".join(page.find("p").itertext())
    assert "as of 2026-11-22" in line and f"{summary.feedback_coverage}% feedback coverage" in line
    drawn = ET.fromstring(render(graph, "svg", RenderOptions(as_of=AS_OF), findings=findings))
    (shown,) = page.findall(f"{SVG}svg")
    shown.attrib.pop("style")
    shown.tail = drawn.tail = None
    assert ET.tostring(shown) == ET.tostring(drawn)  # the drawing `chainmap render --as-of` makes


def test_names_are_shown_as_text_never_as_markup():
    chain_map = chainmap.loads('organization: "<b>Acme</b> & <script>alert(1)</script>"\nteams:\n'
                               '  - team: "<img src=x onerror=alert(1)>"\n    customers: [Patients]\n')
    page = html_fragment(chain_map._repr_html_())
    assert page.find(".//script") is None and page.find(".//img") is None and page.find(".//b") is None
    assert "".join(page.find("p/strong").itertext()) == "<b>Acme</b> & <script>alert(1)</script>"
    assert "<img src=x" in svg_texts(page.find(f"{SVG}svg"))  # the name, wrapped on two lines


def test_a_map_too_large_to_read_shows_its_departments(tmp_path):
    folder, _ = generated_map(tmp_path / "teams", departments=8, per_department=25)
    chain_map = chainmap.load(folder)

    names = svg_texts(ET.fromstring(chain_map._repr_svg_().encode("utf-8")))

    assert any(name.endswith("Department 3") for name in names)
    assert any(name.startswith("25 teams · ") for name in names)  # a department box
    assert not any(name.startswith("Team 0") for name in names)


def test_loading_draws_nothing_until_a_notebook_asks():
    code = ("import sys, chainmap; m = chainmap.load(sys.argv[1]); "
            "print('pygraphviz' in sys.modules, 'networkx' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(ACME)], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
