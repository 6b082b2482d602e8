"""Team files -> the model, on every core when there are many files.

Each file is read, parsed and validated on its own (``read_file``); only what
needs all the teams (names resolved, duplicates) waits for the last file
(``validate.assemble``).  So a large map is split into as many runs of files,
in order, as the process has cores: this process reads the first (longest) run, and a
forked copy of it reads each other run and hands back its teams and problems
(pickled, through a pipe).  The results are put together in the files' order,
so the map, its problems and everything said about it are the same, byte for
byte, as when one process reads every file.

One process reads everything when the map is small (below ``PARALLEL_MIN_FILES``
files, where a copy saves only milliseconds), on one core, where
``os.fork`` is missing (Windows), while another thread runs (forking then is
unsafe: a notebook, ``serve``), and when ``CHAINMAP_JOBS=1`` says so
(``CHAINMAP_JOBS=N``: N processes instead of one per core).

The copies (``forking.Copy``) ignore Ctrl-C: the first process ends them
(killed, waited for) on its way out, so an interrupted run leaves none behind.
A copy that dies ends the run with one ``error[reader]`` line naming how,
never a hang.
"""

from __future__ import annotations

from . import forking
from .decoding import read_text
from .errors import Problem
from .files import find_files
from .loader import parse_text
from .model import ChainMap
from .validate import assemble, validate_document

# Below this many files one process reads them all.  Measured on 2 idle cores, two processes read
# 200 files in 22 ms instead of 31 and 1,000 in 107 ms instead of 158; below a few hundred files
# the milliseconds saved are not worth a second process, which only costs when the cores are busy.
PARALLEL_MIN_FILES = 500
JOBS_VARIABLE = forking.JOBS_VARIABLE
_OWN_SHARE = 1.2


def load_map(paths, problems: list[Problem]) -> ChainMap:
    """Read and validate every team file under ``paths``; problems are appended, never raised.

    The same map and problems, in the same order, as ``validate.build_model(loader.load_documents(...))``.
    """
    files = find_files(paths, problems)
    results = _read_all(files)
    for found, _ in results:
        problems.extend(found)
    return assemble((validated for _, validated in results if validated is not None),
                    [path for path, (_, validated) in zip(files, results) if validated is not None], problems)


def read_file(path: str):
    """``(problems reading it, validate_document's result or None)`` of one file."""
    found: list[Problem] = []
    text = read_text(path, found)
    document = parse_text(text, path, found) if text is not None else None
    return found, (validate_document(document) if document is not None else None)


def jobs(files: int) -> int:
    """How many processes read ``files`` files here (1: this one alone)."""
    if files < PARALLEL_MIN_FILES or not forking.available():
        return 1
    # Each process reads at least half of PARALLEL_MIN_FILES.
    return max(1, min(forking.processes(), 2 * files // PARALLEL_MIN_FILES))


def _read_all(files: list[str]) -> list:
    count = jobs(len(files))
    if count < 2:
        return [read_file(path) for path in files]
    # This process reads a longer run than each copy: a copy also pickles its results, this process
    # unpickles them when it is done with its own (measured on 50,000 files: about a fifth longer).
    size = round(len(files) / (count - 1 + _OWN_SHARE))
    first = len(files) - size * (count - 1)
    runs = [files[:first]] + [files[start:start + size] for start in range(first, len(files), size)]
    copies: list[forking.Copy] = []
    try:
        for run in runs[1:]:
            forking.Copy(_read_run, (run,), copies, what="reading the team files",
                         hint=f"out of memory? try again, or read with one process: {JOBS_VARIABLE}=1")
        results = _read_run(runs[0])
        for copy in copies:
            results.extend(copy.result())
        return results
    finally:
        for copy in copies:  # interrupted, or a copy failed: end the others, leave none behind
            copy.end()


def _read_run(files: list[str]) -> list:
    return [read_file(path) for path in files]
