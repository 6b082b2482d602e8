"""Nothing lost, nothing hung: outputs never replace an input, a device or a link, and a full
disk, a reader that goes away or Ctrl-C end the program with one line (or none) and a
documented exit code, never a traceback or a half-written file.

Device nodes, FIFOs and links are made inside pytest's tmp_path, never in the real /dev.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main
from chainmap.errors import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED

ACME = Path(__file__).resolve().parents[1] / "examples" / "acme"
AS_OF = "2026-11-22"
TEAM = "team: Payroll\ncustomers:\n  - team: HR Advisory\n"
NO_SPACE = os.strerror(errno.ENOSPC)

needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="making a device node needs root")


def program(*args, **kwargs) -> subprocess.CompletedProcess:
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    kwargs.setdefault("timeout", 120)
    return subprocess.run([sys.executable, "-m", "chainmap", *map(str, args)], **kwargs)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def device(path: Path, minor: int) -> Path:
    """A character device node in a temp folder: minor 3 is a null device, 7 a full one (ENOSPC)."""
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return path


def leftovers(*folders: Path) -> list[str]:
    return [name for folder in folders for name in os.listdir(folder) if name.startswith(".chainmap-")]


def long_chain(directory: Path, count: int, customers: int = 1) -> Path:
    """``count`` teams, each serving the next ``customers`` ones, none with feedback: many findings."""
    directory.mkdir()
    name = "Team {} of the department with a long name".format
    for index in range(count):
        served = [name(index + step) for step in range(1, customers + 1) if index + step < count]
        lines = "".join(f"  - team: {team}\n" for team in served) or "  - team: Clients\n    external: true\n"
        (directory / f"team-{index:04}.yaml").write_text(f"team: {name(index)}\ncustomers:\n{lines}",
                                                         encoding="utf-8")
    return directory


@pytest.fixture
def team_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.yaml").write_text(TEAM, encoding="utf-8")
    return Path("in.yaml")


# --- 1. an output that is one of the inputs is refused, before any work -------------------------

@pytest.mark.parametrize("command", [
    ("render", "in.yaml", "-o", "in.yaml", "-f", "svg"),
    ("render", "in.yaml", "-o", "./in.yaml", "-f", "svg"),
    ("render", ".", "-o", "in.yaml", "-f", "svg"),
    ("report", "in.yaml", "-o", "in.yaml", "-f", "md"),
    ("report", ".", "-o", "in.yaml", "-f", "md", "--diagrams", "svg"),
    ("cards", "in.yaml", "-o", "in.yaml", "-f", "html", "--all"),
])
def test_an_output_that_is_an_input_is_refused(team_file, command):
    result = invoke(*command)

    shown = command[command.index("-o") + 1]
    assert result.exit_code == 2
    assert result.stderr == (f"chainmap: error[output]: '{shown}' is one of the input files; "
                             "choose another output path with -o\n")
    assert team_file.read_text(encoding="utf-8") == TEAM
    assert sorted(os.listdir(".")) == ["in.yaml"]  # nothing written


def test_an_absolute_path_to_the_input_is_refused(team_file):
    absolute = team_file.resolve()

    result = invoke("render", team_file, "-o", absolute, "-f", "svg")

    assert result.exit_code == 2
    assert f"'{absolute}' is one of the input files" in result.stderr
    assert team_file.read_text(encoding="utf-8") == TEAM


@pytest.mark.parametrize("make", [os.symlink, os.link], ids=["symlink", "hard link"])
@pytest.mark.parametrize("command", ["render", "report", "cards"])
def test_another_name_for_the_input_is_refused(team_file, make, command):
    make("in.yaml", "other.html")

    result = invoke(command, ".", "-o", "other.html", "--as-of", AS_OF)

    assert result.exit_code == 2
    assert result.stderr == ("chainmap: error[output]: 'other.html' is the input file 'in.yaml' under another "
                             "name; choose another output path with -o\n")
    assert team_file.read_text(encoding="utf-8") == TEAM
    assert os.path.samefile("other.html", "in.yaml")


def test_a_diagrams_folder_holding_an_input_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "wiki-diagrams"
    folder.mkdir()
    (folder / "payroll.svg").write_text(TEAM, encoding="utf-8")  # a team file with an odd name

    result = invoke("report", "wiki-diagrams/payroll.svg", "-o", "wiki.md", "--diagrams", "svg")

    assert result.exit_code == 2
    assert result.stderr.startswith("chainmap: error[output]: 'wiki-diagrams' holds the input file "
                                    "'wiki-diagrams/payroll.svg';")
    assert (folder / "payroll.svg").read_text(encoding="utf-8") == TEAM
    assert sorted(os.listdir(tmp_path)) == ["wiki-diagrams"]


def test_the_input_check_comes_before_loading(team_file):
    """Fail fast: the output clash is reported even when the input has errors of its own."""
    Path("in.yaml").write_text("team: [\n", encoding="utf-8")

    result = invoke("render", "in.yaml", "-o", "in.yaml", "-f", "svg")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "chainmap: error[output]: 'in.yaml' is one of the input files; choose another output path with -o"]


# --- 2. devices, FIFOs and links are written into, not replaced -------------------------------------

def rendered_svg(tmp_path) -> bytes:
    reference = tmp_path / "reference.svg"
    assert invoke("render", ACME, "-o", reference, "--as-of", AS_OF).exit_code == 0
    return reference.read_bytes()


@needs_root
def test_a_device_is_written_into_not_replaced(tmp_path):
    null = device(tmp_path / "null", 3)

    result = invoke("render", ACME, "-o", null, "-f", "svg", "--as-of", AS_OF)

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"wrote {null} (SVG): 26 teams")
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert leftovers(tmp_path) == []


@needs_root
def test_a_full_device_is_an_error_and_stays_a_device(tmp_path):
    full = device(tmp_path / "full", 7)

    result = invoke("render", ACME, "-o", full, "-f", "svg")

    assert result.exit_code == 2
    assert result.stderr == f"{full}: error[output]: cannot write '{full}': {NO_SPACE}\n"
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    assert leftovers(tmp_path) == []


def test_a_fifo_is_written_into(tmp_path):
    fifo = tmp_path / "map.fifo"
    os.mkfifo(fifo)
    # The reader drains the FIFO; it is killed if nothing ever comes, so the test cannot hang.
    reader = subprocess.Popen([sys.executable, "-c",
                               "import sys; sys.stdout.buffer.write(open(sys.argv[1], 'rb').read())", str(fifo)],
                              stdout=subprocess.PIPE)
    try:
        writer = program("render", ACME, "-o", fifo, "-f", "svg", "--as-of", AS_OF, timeout=60)
        received, _ = reader.communicate(timeout=60)
    finally:
        reader.kill()
        reader.wait()

    assert writer.returncode == 0, writer.stderr
    assert received == rendered_svg(tmp_path)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == []


def test_a_symlink_is_followed_and_its_target_replaced(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    here = tmp_path / "here"
    elsewhere.mkdir()
    here.mkdir()
    target = elsewhere / "map.svg"
    target.write_text("old", encoding="utf-8")
    link = here / "map.svg"
    link.symlink_to(target)

    result = invoke("render", ACME, "-o", link, "--as-of", AS_OF)

    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == rendered_svg(tmp_path)
    assert leftovers(here, elsewhere) == []


def test_a_dangling_symlink_gets_its_target_written(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "map.svg"
    link.symlink_to(elsewhere / "new.svg")

    result = invoke("render", ACME, "-o", link, "--as-of", AS_OF)

    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert (elsewhere / "new.svg").read_bytes() == rendered_svg(tmp_path)


@needs_root
def test_a_symlink_to_a_device_writes_into_the_device(tmp_path):
    devices = tmp_path / "devices"
    devices.mkdir()
    null = device(devices / "null", 3)
    link = tmp_path / "out.svg"
    link.symlink_to(null)

    result = invoke("render", ACME, "-o", link, "--as-of", AS_OF)

    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and stat.S_ISCHR(os.lstat(null).st_mode)
    assert leftovers(tmp_path, devices) == []


# --- 3. a full disk, a reader that goes away -------------------------------------------------------

STDOUT_COMMANDS = [
    pytest.param(("render", ACME, "-o", "-", "-f", "svg"), id="render -o -"),
    pytest.param(("cards", ACME, "-o", "-"), id="cards -o -"),
    pytest.param(("report", ACME, "-o", "-", "-f", "md"), id="report -o -"),
    pytest.param(("check", ACME), id="check"),
    pytest.param(("check", ACME, "--format", "json"), id="check --format json"),
    pytest.param(("chain", "Payroll", ACME), id="chain"),
]


@pytest.fixture
def full_stdout(tmp_path):
    """A full device to write stdout into: a node in tmp_path as root, else the system's /dev/full."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        path = device(tmp_path / "full", 7)
    elif os.path.exists("/dev/full"):
        path = "/dev/full"  # only ever written to, by the subprocess
    else:
        pytest.skip("no full device")
    with open(path, "wb") as stream:
        yield stream


@pytest.mark.parametrize("command", STDOUT_COMMANDS)
def test_a_full_disk_on_stdout_is_one_line_and_exit_2(full_stdout, command):
    process = program(*command, "--as-of", AS_OF, stdout=full_stdout, stderr=subprocess.PIPE, text=True)

    assert process.returncode == 2
    assert process.stderr == f"chainmap: error[output]: cannot write to standard output: {NO_SPACE}\n"


@pytest.mark.parametrize("command", [("check", ACME), ("render", ACME, "-o", "-", "-f", "svg")],
                         ids=["check", "render"])
def test_a_closed_stdout_is_one_line_and_exit_2(command):
    """As `chainmap check teams/ >&-`: not a silent pass, not a traceback."""
    process = program(*command, "--as-of", AS_OF, stdout=None, stderr=subprocess.PIPE, text=True,
                      preexec_fn=lambda: os.close(1))

    assert process.returncode == 2
    assert process.stderr == "chainmap: error[output]: cannot write to standard output: it is closed\n"


@pytest.fixture(scope="module")
def big_map(tmp_path_factory):
    """200 teams, every link without feedback: each command's output is many times a pipe's buffer."""
    return long_chain(tmp_path_factory.mktemp("big") / "teams", 200)


def small_pipe() -> tuple[int, int]:
    """A pipe with the smallest buffer the system allows, so the output is sure to outgrow it."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        pytest.skip("cannot size a pipe here")
    read, write = os.pipe()
    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)
    return read, write


@pytest.mark.parametrize("command", [
    ("check", "{map}"),
    ("check", "{map}", "--format", "json"),
    ("chain", "Team 0 of the department with a long name", "{map}"),
    ("render", "{map}", "-o", "-", "-f", "svg"),
    ("cards", "{map}", "-o", "-"),
    ("report", "{map}", "-o", "-", "-f", "md"),
], ids=lambda command: " ".join(part for part in command if part != "{map}"))
def test_a_reader_that_goes_away_ends_quietly_with_141(big_map, command):
    """As `chainmap check teams/ | head -c 10`: no message, no traceback, no "Exception ignored"."""
    read, write = small_pipe()
    args = [str(big_map) if part == "{map}" else part for part in command]
    process = subprocess.Popen([sys.executable, "-m", "chainmap", *args, "--as-of", AS_OF],
                               stdout=write, stderr=subprocess.PIPE)
    os.close(write)
    try:
        first = os.read(read, 10)  # waits for the output to start
    finally:
        os.close(read)  # the reader goes away, long before the output is done
    _, stderr = process.communicate(timeout=120)

    assert first
    assert process.returncode == EXIT_BROKEN_PIPE == 141
    assert stderr == b""


# --- 4. Ctrl-C --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def slow_map(tmp_path_factory):
    """1,500 teams, each serving the next two: drawing it as PNG takes seconds."""
    return long_chain(tmp_path_factory.mktemp("slow") / "teams", 1500, customers=2)


def test_ctrl_c_exits_130_and_writes_nothing(slow_map, tmp_path):
    out = tmp_path / "out"
    temporary = tmp_path / "tmp"
    out.mkdir()
    temporary.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "chainmap", "render", slow_map, "-o", out / "map.png"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=dict(os.environ, TMPDIR=str(temporary)))
    try:
        # Drawing has begun once the process has made its fonts file for Graphviz, right before drawing.
        deadline = time.monotonic() + 60
        while not list(temporary.glob("chainmap-fonts-*/fonts.conf")):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the render never started drawing"
            time.sleep(0.005)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert process.returncode == EXIT_INTERRUPTED == 130
    assert stdout == b""
    assert stderr == b"chainmap: interrupted\n"  # no "Aborted!", no traceback
    assert os.listdir(out) == []  # no map, no half-written one, no temporary file
    assert os.listdir(temporary) == []  # the fonts folder is removed too


def test_the_new_exit_codes_are_documented():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    exit_codes = readme[readme.index("## Exit codes"):]
    for code in (EXIT_INTERRUPTED, EXIT_BROKEN_PIPE):
        assert f"\n| {code} |" in exit_codes


def test_an_interrupted_diagrams_folder_leaves_nothing_behind(tmp_path, monkeypatch):
    """Ctrl-C while report --diagrams svg fills its folder: no staging folder stays, the old folder is back."""
    from chainmap.report import svg_folder

    target = tmp_path / "wiki-diagrams"
    target.mkdir()
    (target / "old.svg").write_text("<svg/>", encoding="utf-8")
    written = []
    real_open = open

    def interrupted_open(name, mode="r", *args, **kwargs):
        if "w" in mode and str(name).endswith(".svg"):
            written.append(name)
            if len(written) == 2:
                raise KeyboardInterrupt
        return real_open(name, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", interrupted_open)
    with pytest.raises(KeyboardInterrupt):
        svg_folder.write_folder(str(target), {"a.svg": b"<svg/>", "b.svg": b"<svg/>", "c.svg": b"<svg/>"})
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wiki-diagrams"]
    assert sorted(p.name for p in target.iterdir()) == ["old.svg"]


def test_ctrl_c_while_the_program_starts_is_one_line_and_130(tmp_path):
    """Ctrl-C that arrives while Python still imports the command line (here: while click is imported)."""
    script = """
import importlib.abc, os, signal, sys

class CtrlCDuringImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "click":
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlCDuringImport())
sys.argv = ["chainmap", "check", sys.argv[1]]
from chainmap.__main__ import main
main()
"""
    process = subprocess.run([sys.executable, "-c", script, str(ACME)], capture_output=True, timeout=60,
                             cwd=tmp_path)
    assert process.returncode == EXIT_INTERRUPTED
    assert process.stderr == b"chainmap: interrupted\n"
    assert process.stdout == b""
