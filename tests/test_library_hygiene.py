"""The library keeps to itself: no process-wide tricks in a notebook or a server.

Drawing never redirects stderr (file descriptor 2) nor changes the
environment, and loading never switches off the cycle collector; the
``chainmap`` program may, at its edge (``chainmap.cli.run``).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pdftools
import pytest

import chainmap
from chainmap.errors import RenderError

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
AS_OF = date(2026, 11, 22)


def python(script: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script), *map(str, args)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)


# Two threads draw the map over and over while a third writes numbered lines to
# stderr until both are done, and looks at the environment each time.  Each
# drawing is compared with the same drawing made alone first.  stdout gets the
# count of lines written, of drawings made, and the FONTCONFIG_FILE values seen.
THREADS = """
import os, sys, threading
from datetime import date
import chainmap
from chainmap.render import RenderOptions

chain_map = chainmap.load(sys.argv[1])
graph, found, _ = chainmap.analyse(chain_map, date(2026, 11, 22))
options = RenderOptions(as_of=date(2026, 11, 22))
expected = {fmt: chainmap.render(graph, fmt, options, findings=found) for fmt in ("svg", "png")}
drawn = {"svg": 0, "png": 0}
wrong = []
done = threading.Event()

def draw(fmt):
    for _ in range(int(sys.argv[2])):
        if chainmap.render(graph, fmt, options, findings=found) != expected[fmt]:
            wrong.append(fmt)
        drawn[fmt] += 1

written = 0
fontconfig = set()
def write():
    global written
    while not done.is_set():
        print(f"line {written} from the third thread", file=sys.stderr, flush=True)
        fontconfig.add(os.environ.get("FONTCONFIG_FILE", "unset"))
        written += 1

drawers = [threading.Thread(target=draw, args=(fmt,)) for fmt in ("svg", "png")]
writer = threading.Thread(target=write)
writer.start()
for thread in drawers:
    thread.start()
for thread in drawers:
    thread.join()
done.set()
writer.join()
print(written, drawn["svg"], drawn["png"], ",".join(wrong) or "none", *sorted(fontconfig))
"""


def test_two_threads_drawing_lose_no_line_a_third_thread_writes_to_stderr():
    process = python(THREADS, ACME, 4)

    assert process.returncode == 0, process.stderr[-2000:]
    written, svgs, pngs, wrong, *fontconfig = process.stdout.split()
    assert (int(svgs), int(pngs), wrong) == (4, 4, "none")
    assert fontconfig == [os.environ.get("FONTCONFIG_FILE", "unset")]  # never changed, even for a moment
    lines = process.stderr.splitlines()
    assert int(written) > 0
    assert lines == [f"line {number} from the third thread" for number in range(int(written))]


def test_load_and_analyse_leave_the_cycle_collector_on(monkeypatch):
    import chainmap.reading
    import chainmap.rules

    seen = []
    load_map, findings = chainmap.reading.load_map, chainmap.rules.findings

    def spying(function):
        def spy(*args, **kwargs):
            seen.append((function.__name__, gc.isenabled()))
            return function(*args, **kwargs)
        return spy

    monkeypatch.setattr(chainmap.reading, "load_map", spying(load_map))
    monkeypatch.setattr(chainmap.rules, "findings", spying(findings))
    assert gc.isenabled()

    chain_map = chainmap.load(ACME)
    chainmap.analyse(chain_map, AS_OF)

    assert gc.isenabled()
    assert seen == [("load_map", True), ("findings", True)]


def test_the_program_pauses_the_cycle_collector_for_a_command():
    # The pause is the command line's, for speed: `chainmap check` run in this process.
    script = """
    import gc, sys
    import chainmap.api
    load = chainmap.api.load
    def spy(paths):
        print("collector on:", gc.isenabled(), file=sys.stderr)
        return load(paths)
    chainmap.api.load = spy
    sys.argv = ["chainmap", "check", sys.argv[1], "--fail-on", "never", "--as-of", "2026-11-22"]
    from chainmap.cli import run
    run()
    """
    process = python(script, ACME)

    assert process.returncode == 0, process.stderr
    assert process.stderr == "collector on: False\n"


def test_drawing_leaves_the_environment_alone_and_still_uses_the_bundled_fonts(monkeypatch, tmp_path):
    # A fontconfig setup with no fonts at all, as on a bare server: Graphviz must not depend on it.
    empty = tmp_path / "empty.conf"
    empty.write_text(f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "none"}</dir></fontconfig>')
    script = """
    import os, sys
    from datetime import date
    import chainmap
    before = dict(os.environ)
    graph, found, _ = chainmap.analyse(chainmap.load(sys.argv[1]), date(2026, 11, 22))
    for fmt in ("svg", "png", "pdf"):
        data = chainmap.render(graph, fmt, findings=found)
    assert dict(os.environ) == before, set(os.environ.items()) ^ set(before.items())
    sys.stdout.buffer.write(data)
    """
    env = {**os.environ, "FONTCONFIG_FILE": str(empty), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.run([sys.executable, "-c", textwrap.dedent(script), str(ACME)], capture_output=True,
                             timeout=300, env=env, cwd=ROOT)

    assert process.returncode == 0, process.stderr.decode(errors="replace")
    assert process.stderr == b""
    pdf = tmp_path / "acme.pdf"
    pdf.write_bytes(process.stdout)
    names = [font["name"] for font in pdftools.fonts(pdf)]
    assert names and all("DejaVuSans" in name for name in names), names
    assert "Radiology" in pdftools.text(pdf)


def test_rendering_in_process_leaves_os_environ_unchanged():
    before = dict(os.environ)
    graph, found, _ = chainmap.analyse(chainmap.load(ACME), AS_OF)
    for fmt in ("svg", "png", "pdf", "dot"):
        chainmap.render(graph, fmt, findings=found)
    assert dict(os.environ) == before


def test_graphviz_messages_never_reach_file_descriptor_2(capfd):
    from chainmap.render.graphviz import draw

    graph, found, _ = chainmap.analyse(chainmap.load(ACME), AS_OF)
    # sfdp on this Graphviz complains about its overlap removal on every drawing, and recovers.
    svg = chainmap.render(graph, "svg", chainmap.RenderOptions(engine="sfdp"), findings=found)
    assert svg.startswith(b"<?xml")
    with pytest.raises(RenderError) as raised:
        draw("digraph { a -> }", "svg")
    [problem] = raised.value.problems
    assert (problem.severity, problem.rule) == ("error", "graphviz") and problem.message

    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_graphviz_messages_outside_chainmap_drawings_still_reach_stderr():
    # Someone's own pygraphviz work in the same process is told what Graphviz says, as before.
    script = """
    import sys
    import chainmap, pygraphviz
    chainmap.render(chainmap.analyse(chainmap.load(sys.argv[1]))[0], "svg")
    print("drawn", file=sys.stderr, flush=True)
    try:
        pygraphviz.AGraph(string="digraph { a -> }")
    except Exception:
        pass
    """
    process = python(script, ACME)

    assert process.returncode == 0, process.stderr
    first, *rest = process.stderr.splitlines()
    assert first == "drawn" and rest
