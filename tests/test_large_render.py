"""Large maps: a PNG too big for Graphviz is drawn smaller and says so, sfdp's PNG stays within a
memory budget, and the DOT that ``-f dot`` exports is what chainmap lays out."""

from __future__ import annotations

import importlib.util
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

import chainmap
from chainmap.render import RenderOptions
from chainmap.render import graphviz as drawing
from chainmap.render.dot import LARGE_MAP, LARGE_MAP_ATTRS

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-11-22"
WARNING = re.compile(r"^chainmap: warning\[png-size\]: the map is ([\d,]+)\u00d7([\d,]+) px at (\d+) dpi, "
                     r".*; it was drawn at ([\d,]+)\u00d7([\d,]+) px \((\d+) dpi\), text about (\d+) px high; .*--focus TEAM")


def program(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chainmap", *map(str, args)], capture_output=True, text=True,
                          timeout=300, **kwargs)


def generated(directory: Path, teams: int) -> Path:
    """``teams`` team files from benchmarks/bench.py's generator (departments, externals, loops)."""
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate(teams, directory)
    return directory


def chain_of_teams(directory: Path, count: int) -> Path:
    """``count`` teams, each serving the next: one long row, left to right."""
    directory.mkdir()
    for index in range(count):
        customer = f"Team {index + 1}" if index + 1 < count else "Clients\n    external: true"
        (directory / f"team-{index:04}.yaml").write_text(
            f"team: Team {index}\ncustomers:\n  - team: {customer}\n", encoding="utf-8")
    return directory


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def numbers(match, *groups) -> list[int]:
    return [int(match.group(group).replace(",", "")) for group in groups]


# -- a PNG larger than Graphviz draws ------------------------------------------------------------

def test_a_png_wider_than_graphviz_draws_is_shrunk_whole_and_says_so(tmp_path):
    teams = chain_of_teams(tmp_path / "teams", 150)  # about 55,000 px wide at 96 dpi
    png, svg = tmp_path / "chain.png", tmp_path / "chain.svg"

    process = program("render", teams, "-o", png, "--as-of", AS_OF)

    assert process.returncode == 0, process.stderr
    wrote, warning = process.stderr.splitlines()  # nothing else: Graphviz's own words stay inside
    assert wrote.startswith(f"wrote {png} (PNG)")
    match = WARNING.match(warning)
    assert match, warning
    width, height, dpi, drawn_width, drawn_height, drawn_dpi, text = numbers(match, *range(1, 8))
    assert dpi == 96 and max(width, height) > drawing.PNG_SIDE_LIMIT
    assert png_size(png.read_bytes()) == (drawn_width, drawn_height)
    assert max(drawn_width, drawn_height) <= drawing.PNG_SIDE_LIMIT
    assert drawn_dpi < dpi and 0 < text < 14 * dpi / 72
    # The whole map, shrunk (not cut off): the same proportions as the SVG's.
    assert program("render", teams, "-o", svg, "--as-of", AS_OF).returncode == 0
    root = ET.parse(svg).getroot()
    svg_width, svg_height = (float(root.get(side).removesuffix("pt")) for side in ("width", "height"))
    assert drawn_width / drawn_height == pytest.approx(svg_width / svg_height, rel=0.02)
    assert width / height == pytest.approx(svg_width / svg_height, rel=0.02)


def test_a_png_that_fits_draws_without_a_warning(tmp_path):
    out = tmp_path / "acme.png"

    process = program("render", ACME, "-o", out, "--as-of", AS_OF)

    assert process.returncode == 0
    assert process.stderr.splitlines() == [f"wrote {out} (PNG): 26 teams, 47 links, 4 without feedback"]
    assert max(png_size(out.read_bytes())) < drawing.PNG_SIDE_LIMIT


def test_the_library_hands_the_warning_back_and_prints_nothing(monkeypatch, capfd):
    # A small pixel budget stands in for a huge map: Acme at 96 dpi is about 6 million pixels.
    monkeypatch.setattr(drawing, "PNG_PIXEL_BUDGET", 1_000_000)
    graph, found, _ = chainmap.analyse(chainmap.load(ACME), date(2026, 11, 22))
    warnings: list = []

    png = chainmap.render(graph, "png", RenderOptions(as_of=date(2026, 11, 22)), findings=found, warnings=warnings)

    [warning] = warnings
    assert (warning.severity, warning.rule) == ("warning", "png-size")
    width, height = png_size(png)
    assert 0.95 * 1_000_000 < width * height <= 1_000_000
    match = WARNING.match(warning.format())
    assert match and numbers(match, 4, 5) == [width, height]
    assert capfd.readouterr() == ("", "")
    # Without a list to hand them to, the warnings are only dropped: the drawing is the same.
    assert chainmap.render(graph, "png", RenderOptions(as_of=date(2026, 11, 22)), findings=found) == png


def test_a_higher_dpi_than_fits_is_drawn_smaller_with_a_hint_to_lower_it(tmp_path):
    teams = chain_of_teams(tmp_path / "teams", 40)  # fits at 96 dpi, not at 300
    out = tmp_path / "chain.png"

    process = program("render", teams, "-o", out, "--dpi", 300, "--as-of", AS_OF)

    assert process.returncode == 0, process.stderr
    [warning] = [line for line in process.stderr.splitlines() if "warning" in line]
    match = WARNING.match(warning)
    assert match and numbers(match, 3) == [300] and warning.endswith("--dpi")
    assert png_size(out.read_bytes()) == tuple(numbers(match, 4, 5))


# -- sfdp's PNG of a large map ---------------------------------------------------------------------

PEAK_MEMORY = """
import resource, subprocess, sys
process = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(process.stderr)
print(process.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in kB is Linux's")
def test_sfdp_png_of_a_large_map_stays_within_the_pixel_budget(tmp_path):
    # 450 teams laid out by sfdp span about 28,000 x 26,000 px: drawn as they are, a 3.7 GB canvas.
    teams = generated(tmp_path / "teams", 450)
    out = tmp_path / "sfdp.png"

    process = subprocess.run([sys.executable, "-c", PEAK_MEMORY, sys.executable, "-m", "chainmap", "render",
                              str(teams), "--teams", "--engine", "sfdp", "-o", str(out), "--as-of", AS_OF],
                             capture_output=True, text=True, timeout=300)

    code, peak_kb = map(int, process.stdout.split())
    assert code == 0, process.stderr
    width, height = png_size(out.read_bytes())
    assert width * height <= drawing.PNG_PIXEL_BUDGET
    assert peak_kb < 1_000_000, f"peak {peak_kb:,} kB"  # the canvas is 400 MB at most
    warnings = [line for line in process.stderr.splitlines() if line.startswith("chainmap: warning")]
    assert len(warnings) == 1 and WARNING.match(warnings[0]), process.stderr
    assert numbers(WARNING.match(warnings[0]), 4, 5) == [width, height]


# -- the exported DOT is what chainmap draws ------------------------------------------------------

def test_the_exported_dot_of_a_large_map_is_what_chainmap_draws(tmp_path):
    import pygraphviz

    teams = generated(tmp_path / "teams", LARGE_MAP + 50)
    dot, svg = tmp_path / "map.dot", tmp_path / "map.svg"
    for out in (dot, svg):
        assert program("render", teams, "--teams", "-o", out, "--as-of", AS_OF).returncode == 0

    text = dot.read_text(encoding="utf-8")
    graph_statement = next(line for line in text.splitlines() if line.startswith("  graph ["))
    for key, value in LARGE_MAP_ATTRS.items():
        assert f'{key}="{value}"' in graph_statement
    # Graphviz's dot on the export draws chainmap's SVG, byte for byte.  (Drawn after a chainmap
    # drawing in this process, so Graphviz has the same bundled fonts.)
    graph, found, _ = chainmap.analyse(chainmap.load(ACME), date(2026, 11, 22))
    chainmap.render(graph, "svg", findings=found)
    assert pygraphviz.AGraph(string=text).draw(format="svg", prog="dot") == svg.read_bytes()


def test_the_exported_dot_carries_sfdps_attributes_too(tmp_path):
    out = tmp_path / "acme.dot"

    assert program("render", ACME, "-o", out, "--engine", "sfdp", "--as-of", AS_OF).returncode == 0

    graph_statement = next(line for line in out.read_text().splitlines() if line.startswith("  graph ["))
    assert 'overlap="scale"' in graph_statement and 'splines="false"' in graph_statement
    assert "nslimit" not in graph_statement


def test_a_small_maps_export_has_no_large_map_limits(tmp_path):
    out = tmp_path / "acme.dot"

    assert program("render", ACME, "-o", out, "--as-of", AS_OF).returncode == 0

    assert not any(f"{key}=" in out.read_text() for key in ("nslimit", "mclimit", "searchsize", "remincross"))
