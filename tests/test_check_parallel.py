"""A large map is read by several processes: the same output as one process, errors where they are, clean ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chainmap import api, reading
from generated import generated_map

AS_OF = "2026-11-22"
# Above reading.PARALLEL_MIN_FILES, so that two processes read it.
TEAMS = 2 * reading.PARALLEL_MIN_FILES
BROKEN = "team: Zulu Broken\ncustomers:\n  - team: Team 0001\n  - team: [oops\n"
DATED = "team: Zulu Dated\ncustomers:\n  - team: Team 0001\n    feedback: [{kind: review, last: 2026-13-01}]\n"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="reading in parallel needs os.fork")


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    folder, _ = generated_map(tmp_path_factory.mktemp("large") / "teams", departments=20, per_department=TEAMS // 20)
    return folder


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """A large map with a bad file in the second half (read by the second process) and one in the first."""
    folder, _ = generated_map(tmp_path_factory.mktemp("broken") / "teams", departments=20, per_department=TEAMS // 20)
    (folder / "zz-broken.yaml").write_text(BROKEN, encoding="utf-8")
    (folder / "zz-dated.yaml").write_text(DATED, encoding="utf-8")
    (folder / "team-0003.yaml").write_text("team: Team 0003\ncustomers:\n  - team: Team 0004\n    bogus: 1\n",
                                           encoding="utf-8")
    return folder


def chainmap(*args, jobs: int, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, reading.JOBS_VARIABLE: str(jobs)}
    return subprocess.run([sys.executable, "-m", "chainmap", *map(str, args)], capture_output=True, env=env,
                          **kwargs)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_two_processes_print_what_one_prints(large, fmt):
    one = chainmap("check", large, "--as-of", AS_OF, "--format", fmt, jobs=1)
    two = chainmap("check", large, "--as-of", AS_OF, "--format", fmt, jobs=2)
    assert one.returncode == two.returncode == 1  # findings
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert b"team-0999.yaml" in two.stdout  # a file of the second process


def test_errors_in_files_another_process_read_keep_their_positions(broken):
    one = chainmap("check", broken, "--as-of", AS_OF, jobs=1)
    two = chainmap("check", broken, "--as-of", AS_OF, jobs=2)
    assert two.returncode == one.returncode == 2
    assert two.stderr == one.stderr
    lines = two.stderr.decode().splitlines()
    assert any(line.startswith(f"{broken / 'zz-broken.yaml'}:5:1: error[yaml-syntax]") for line in lines)
    assert any(line.startswith(f"{broken / 'zz-dated.yaml'}:4:37: error[bad-date]") for line in lines)
    assert any(line.startswith(f"{broken / 'team-0003.yaml'}:4:5: error[unknown-key]") for line in lines)


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """The processes chainmap forks off from here on (in this process, where the tests call the library)."""
    started = []
    fork = os.fork

    def counting_fork():
        pid = fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting_fork)
    return started


def test_the_library_forks_for_a_large_map_and_loads_the_same_map(large, forks, monkeypatch):
    monkeypatch.setenv(reading.JOBS_VARIABLE, "2")
    parallel = api.load(large)
    assert len(forks) == 1
    monkeypatch.setenv(reading.JOBS_VARIABLE, "1")
    serial = api.load(large)
    assert len(forks) == 1
    assert parallel == serial
    assert len(parallel.teams) == TEAMS


def test_a_bad_jobs_setting_is_one_clear_line(large):
    result = chainmap("check", large, jobs="two")  # type: ignore[arg-type]
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "chainmap: error[bad-jobs]: CHAINMAP_JOBS must be a whole number of 1 or more, not 'two'; "
        "CHAINMAP_JOBS=1 reads with one process"]


def _children(pid: int, timeout: float = 30) -> list[int]:
    """The processes ``pid`` started, once there are any."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    if not path.exists():
        pytest.skip("needs /proc/PID/task/PID/children")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = [int(child) for child in path.read_text().split()]
        if children:
            return children
        time.sleep(0.005)
    raise AssertionError("no process was started to read the map")


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return status.rsplit(")", 1)[1].split()[0] == "Z"  # ended, not yet reaped by init


@pytest.fixture(scope="module")
def huge(tmp_path_factory) -> Path:
    """Large enough that reading it takes a while: time to interrupt it."""
    folder, _ = generated_map(tmp_path_factory.mktemp("huge") / "teams", departments=40, per_department=150)
    return folder


def _check_while_reading(folder: Path, act) -> tuple[int, bytes, bytes, list[int]]:
    """``chainmap check`` of a large map, ``act(process, copies)`` once it has forked; its exit code and output."""
    process = subprocess.Popen([sys.executable, "-m", "chainmap", "check", str(folder)],
                               env={**os.environ, reading.JOBS_VARIABLE: "2"},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        copies = _children(process.pid)
        act(process, copies)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    return process.returncode, stdout, stderr, copies


@pytest.mark.parametrize("whole_group", [False, True], ids=["chainmap", "terminal"])
def test_ctrl_c_while_reading_ends_every_process(huge, whole_group):
    def ctrl_c(process, copies):
        if whole_group:  # as a terminal sends Ctrl-C: to the foreground job, copies included
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)

    code, stdout, stderr, copies = _check_while_reading(huge, ctrl_c)
    assert code == 130
    assert stderr == b"chainmap: interrupted\n"
    assert stdout == b""
    assert all(_gone(copy) for copy in copies)


def test_a_reading_process_that_dies_is_one_clear_error(huge):
    def kill(process, copies):
        (copy,) = copies
        os.kill(copy, signal.SIGKILL)

    code, stdout, stderr, _ = _check_while_reading(huge, kill)
    assert code == 2
    assert stdout == b""
    assert stderr.decode().splitlines() == [
        "chainmap: error[reader]: a process reading the team files was killed by signal 9 before it was done; "
        "out of memory? try again, or read with one process: CHAINMAP_JOBS=1"]


def test_typo_matches_and_rules_worked_out_by_a_copy_are_the_same(tmp_path, forks, monkeypatch):
    from chainmap import rules

    (tmp_path / "payroll.yaml").write_text("team: Payroll\ncustomers: [Employes, Finance Desk, Nobody Known]\n",
                                           encoding="utf-8")
    (tmp_path / "employees.yaml").write_text("team: Employees\ncustomers: [Payroll]\n", encoding="utf-8")
    (tmp_path / "finance.yaml").write_text("team: Finance Deskk\ncustomers: [Payroll]\n", encoding="utf-8")
    (tmp_path / "loop.yaml").write_text(
        "teams:\n  - {team: Alpha, customers: [Beta]}\n  - {team: Beta, customers: [Alpha]}\n", encoding="utf-8")
    chain_map = api.load(tmp_path)
    monkeypatch.setenv(reading.JOBS_VARIABLE, "1")
    alone = api.analyse(chain_map, as_of=None).findings
    assert forks == []
    monkeypatch.setattr(rules, "TYPOS_ELSEWHERE_FROM", 0)
    monkeypatch.setenv(reading.JOBS_VARIABLE, "2")
    elsewhere = api.analyse(chain_map, as_of=None).findings
    assert len(forks) == 1
    assert elsewhere == alone
    typos = sorted((p.team, p.suggestion) for p in elsewhere if p.rule == "possible-typo")
    assert typos == [("Employes", "Employees"), ("Finance Desk", "Finance Deskk")]
    assert [p.team for p in elsewhere if p.rule == "undescribed"] == ["Nobody Known"]
    assert [p.teams for p in elsewhere if p.rule == "cycle"] == [("Alpha", "Beta")]


def test_a_copys_results_stream_back_in_order_from_every_copy(large, forks, monkeypatch):
    # Small parts, three processes: each copy sends many parts, taken between this process's files.
    monkeypatch.setattr(reading, "_PART_FILES", 7)
    monkeypatch.setenv(reading.JOBS_VARIABLE, "1")
    serial = api.load(large)
    monkeypatch.setenv(reading.JOBS_VARIABLE, "3")
    parallel = api.load(large)
    assert len(forks) == 2
    assert parallel == serial
    assert parallel.files == serial.files


def test_a_copy_that_dies_after_sending_part_of_its_files_is_one_clear_error(large, forks, monkeypatch):
    from chainmap.errors import ChainmapError

    first = os.getpid()
    read_file = reading.read_file
    read = []

    def dies_in_the_copy(path):
        read.append(path)
        if os.getpid() != first and len(read) == 120:  # the copy, after sending a few parts of 50 files
            os.kill(os.getpid(), signal.SIGKILL)
        return read_file(path)

    monkeypatch.setattr(reading, "_PART_FILES", 50)
    monkeypatch.setattr(reading, "read_file", dies_in_the_copy)
    monkeypatch.setenv(reading.JOBS_VARIABLE, "2")
    with pytest.raises(ChainmapError) as caught:
        api.load(large)
    assert [problem.format() for problem in caught.value.problems] == [
        "chainmap: error[reader]: a process reading the team files was killed by signal 9 before it was done; "
        "out of memory? try again, or read with one process: CHAINMAP_JOBS=1"]
    (copy,) = forks
    with pytest.raises(ChildProcessError):  # waited for: no process left behind
        os.waitpid(copy, os.WNOHANG)


def test_a_streamed_copy_hands_back_every_part_in_order_and_a_failing_one_says_so():
    from chainmap import forking
    from chainmap.errors import ChainmapError

    def parts(count):
        for number in range(count):
            yield [number] * number

    copies: list = []
    try:
        copy = forking.Copy(parts, (200,), copies, what="counting", hint="try again", streamed=True)
        taken = copy.arrived()  # what has come so far, without waiting: any number of parts
        taken += copy.rest()
        assert taken == [[number] * number for number in range(200)]
        assert copy.arrived() == []  # done

        def fails(count):
            yield from parts(count)
            raise ValueError("a bug in the copy")

        failing = forking.Copy(fails, (3,), copies, what="counting", hint="try again", streamed=True)
        with pytest.raises(ChainmapError) as caught:
            failing.rest()
        assert [problem.format() for problem in caught.value.problems] == [
            "chainmap: error[reader]: a process counting ended with exit code 1 before it was done; try again"]
    finally:
        for copy in copies:
            copy.end()
