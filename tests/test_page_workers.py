"""The page of a large map, laid out in worker processes: the same bytes, Ctrl-C and a dead worker end it cleanly.

Each test runs the real CLI on benchmarks/bench.py's generated organisation of 1,000 teams (41
layouts: the overview and 40 departments) and watches its child processes in /proc.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chainmap.errors import EXIT_INTERRUPTED, EXIT_RENDER_FAILED, RenderError
from chainmap.render.workers import run_in_order, worker_count
from test_large_render import generated

AS_OF = "2026-11-22"
needs_cores = pytest.mark.skipif(worker_count() < 2, reason="one core: the page is laid out in its own process")
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see child processes")


@pytest.fixture(scope="module")
def teams(tmp_path_factory) -> Path:
    return generated(tmp_path_factory.mktemp("org1000") / "teams", 1000)


def children(pid: int) -> set[int]:
    """The live (not yet ended) layout workers ``pid`` started (not, say, a process reading the team files)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes()
            except OSError:  # ended meanwhile
                continue
            if int(fields[1]) == pid and fields[0] != "Z" and b"chainmap.render.workers" in command:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_render(teams: Path, output: Path, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "chainmap", "render", str(teams), "-f", "html", "-o", str(output),
                             "--as-of", AS_OF], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def watch(process: subprocess.Popen) -> set[int]:
    """Every layout worker seen while ``process`` runs (looked for every few milliseconds)."""
    seen: set[int] = set()
    while process.poll() is None:
        seen |= children(process.pid)
        time.sleep(0.005)
    return seen


def first_workers(process: subprocess.Popen, timeout: float = 120) -> set[int]:
    """The worker processes, as soon as they are there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        found = children(process.pid)
        if found:
            return found
        time.sleep(0.005)
    pytest.fail(f"no worker process appeared; the command ended with {process.poll()}")


def gone(pids: set[int], timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


@needs_cores
@needs_proc
def test_the_page_laid_out_in_workers_is_the_page_of_one_core_and_of_one_job(teams, tmp_path):
    parallel, serial = tmp_path / "parallel.html", tmp_path / "serial.html"
    process = start_render(teams, parallel)
    workers = watch(process)
    assert process.returncode == 0, process.stderr.read()
    assert len(workers) == worker_count()
    one_core = start_render(teams, serial, preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}))
    assert watch(one_core) == set()  # one core: no worker process
    assert one_core.returncode == 0, one_core.stderr.read()
    one_job = start_render(teams, tmp_path / "one-job.html", env={**os.environ, "CHAINMAP_JOBS": "1"})
    assert watch(one_job) == set()  # as for reading the files: one process
    assert one_job.returncode == 0, one_job.stderr.read()
    page = parallel.read_bytes()
    assert page == serial.read_bytes() == (tmp_path / "one-job.html").read_bytes()
    assert page.count(b'"kind":"department"') == 0  # the levels are packed with the rest of the data
    assert page.count(b'{"deflate":"') == 42  # the data, and each of the 41 drawings


@needs_cores
@needs_proc
def test_ctrl_c_ends_the_page_and_its_workers(teams, tmp_path):
    output = tmp_path / "page.html"
    # A session of its own, as a terminal's foreground job: Ctrl-C is SIGINT to the whole group.
    process = start_render(teams, output, start_new_session=True)
    workers = first_workers(process)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == EXIT_INTERRUPTED
    assert stderr == "chainmap: interrupted\n"
    assert not output.exists()
    assert list(tmp_path.iterdir()) == []  # no half-written page either
    assert gone(workers), "a worker process outlived chainmap"


@needs_cores
@needs_proc
def test_a_worker_that_dies_ends_the_page_with_one_clear_line(teams, tmp_path):
    output = tmp_path / "page.html"
    process = start_render(teams, output)
    workers = first_workers(process)
    os.kill(min(workers), signal.SIGKILL)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == EXIT_RENDER_FAILED
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "error[graphviz]" in lines[0] and "killed by signal 9" in lines[0]
    assert not output.exists()
    assert gone(workers), "a worker process outlived chainmap"


@needs_cores
def test_graphviz_errors_in_a_worker_are_the_errors_of_the_process():
    broken = [("digraph { a -> ", "svg")]
    with pytest.raises(RenderError) as here:
        run_in_order("chainmap.render.graphviz:draw", broken, workers=0)
    with pytest.raises(RenderError) as there:
        run_in_order("chainmap.render.graphviz:draw", broken, workers=2)
    assert there.value.problems == here.value.problems
    assert "could not read" in str(there.value)


@needs_cores
def test_results_come_back_in_the_order_of_the_calls():
    calls = [(f'digraph {{ "{name}" }}', "svg") for name in ("first", "second", "third", "fourth", "fifth")]
    drawn = run_in_order("chainmap.render.graphviz:draw", calls, workers=2)
    assert drawn == run_in_order("chainmap.render.graphviz:draw", calls, workers=0)
    assert [name.encode() in svg for name, svg in zip(("first", "second", "third", "fourth", "fifth"), drawn)] == [True] * 5


def test_the_layouts_benchmarked_as_graphviz_alone_are_the_drawings_of_the_page(tmp_path):
    """benchmarks/bench.py times Graphviz alone on page_layouts(job): each one, drawn, is a drawing the page holds."""
    from datetime import date

    from chainmap.api import analyse, load
    from chainmap.render import RenderOptions, prepare
    from chainmap.render.page import _page_drawing, page_data, page_layouts

    as_of = date.fromisoformat(AS_OF)
    graph, found, _ = analyse(load([str(generated(tmp_path / "teams", 300))]), as_of)
    job = prepare(graph, RenderOptions(as_of=as_of), findings=found)
    data = page_data(job)
    layouts = list(page_layouts(job))
    assert [layout.key for layout in layouts] == [level["key"] for level in data["levels"]]
    assert len(layouts) == 13  # the overview and 12 departments
    for layout in layouts:
        assert (layout.format, layout.theme) == ("svg", "default")
        assert _page_drawing(*layout.call) == data["svg"][layout.key]["default"]
