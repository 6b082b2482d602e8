"""Team files -> the model, on every core when there are many files.

Each file is read, parsed and validated on its own (``read_file``); only what
needs all the teams (names resolved, duplicates) waits for the last file
(``validate.assemble``).  So a large map is split into as many runs of files,
in order, as the process has cores: this process reads the first run, and a
forked copy of it reads each other run and hands back its teams and problems
as it goes (pickled, a few hundred files at a time, through a pipe), which this
process takes between its own files.  The results are put together in the files' order,
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
# A copy's results come in parts of _PART_FILES files, and this process looks for parts that have
# arrived every _POLL_EVERY files.
_PART_FILES = 500
_POLL_EVERY = 8


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
    # A copy sends its results in parts as it reads (forking's streamed copies), and this process
    # unpickles those that have arrived between its own files, so that neither waits for the other
    # at the end.  Measured on 50,000 files: this process's run (read) plus a copy's (unpickled)
    # takes as long as a copy's run (read and pickled) when the runs are of one length.
    size = round(len(files) / count)
    first = len(files) - size * (count - 1)
    runs = [files[:first]] + [files[start:start + size] for start in range(first, len(files), size)]
    copies: list[forking.Copy] = []
    try:
        for run in runs[1:]:
            forking.Copy(_read_parts, (run,), copies, what="reading the team files", streamed=True,
                         hint=f"out of memory? try again, or read with one process: {JOBS_VARIABLE}=1")
        arrived: list[list] = [[] for _ in copies]
        results = []
        for index, path in enumerate(runs[0]):
            results.append(read_file(path))
            if not index % _POLL_EVERY:
                for copy, parts in zip(copies, arrived):
                    parts.extend(copy.arrived())
        for copy, parts in zip(copies, arrived):
            parts.extend(copy.rest())
            for part in parts:
                results.extend(part)
        return results
    finally:
        for copy in copies:  # interrupted, or a copy failed: end the others, leave none behind
            copy.end()


def _read_parts(files: list[str]):
    """A copy's run of files, read and handed back in parts of ``_PART_FILES`` files."""
    for start in range(0, len(files), _PART_FILES):
        yield [read_file(path) for path in files[start:start + _PART_FILES]]
