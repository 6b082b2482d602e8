"""Many Graphviz layouts at once, in worker processes, on a machine with the cores for them.

Graphviz is not thread-safe (:mod:`chainmap.render.graphviz` draws one
layout at a time), but separate processes are.  :func:`run_in_order` hands
each call to the next free worker, a ``python`` of its own that imports the
function named and runs it, and gives the results back in the calls' order:
the same results, byte for byte, as calling the function in this process.
The calls may come from a generator: a worker lays out one drawing while the
next one's DOT text is still being written.

With one core (``os.sched_getaffinity``), or ``CHAINMAP_JOBS=1``, the calls
run here, one after the other.  The workers are started in a session of their own, so a Ctrl-C at
the terminal reaches only chainmap, which ends them (killed, waited for) on
its way out; a worker that dies ends the run with an ``error[graphviz]``
naming its exit status, never a hang.  A worker whose parent is gone reads
the end of its input and ends too.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from importlib import import_module
from pathlib import Path

from ..errors import ChainmapError, Problem, RenderError
from ..forking import JOBS_VARIABLE, how_it_ended, processes

# At most this many workers, whatever the cores: each is a Python of its own (one held up to 114 MB
# for the page of 5,000 teams, beside the 264 MB of the process that starts them).
MAX_WORKERS = 4
_PROTOCOL = pickle.HIGHEST_PROTOCOL
# What a worker runs: chainmap from the same place as its parent, whatever the working directory holds
# (``python -c`` puts it first on the path: it is taken off, for chainmap's folder if that is not there).
_WORKER = ("import sys; where = sys.argv[1]; sys.path[0:1] = [] if where in sys.path[1:] else [where]; "
           "from chainmap.render.workers import serve; serve()")


# Workers in a session (Windows: a process group) of their own: the terminal's Ctrl-C is not theirs.
_OWN_GROUP = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt"  # pragma: no cover
              else {"start_new_session": True})


def worker_count() -> int:
    """How many worker processes :func:`run_in_order` starts here: one per core (``CHAINMAP_JOBS``, as for
    reading the files: :func:`chainmap.forking.processes`), up to MAX_WORKERS; 0 for one (the calls run in
    this process), or when this process is not a ``python`` that could start them (Python embedded elsewhere)."""
    count = min(processes(), MAX_WORKERS)
    python = os.path.basename(sys.executable or "").lower().startswith(("python", "pypy"))
    return count if count > 1 and python else 0


def run_in_order(function: str, calls, *, workers: int | None = None) -> list:
    """``function(*call)`` for each of ``calls``, the results in the calls' order.

    ``function`` is ``"module:name"``; the calls' arguments and results are
    pickled to and from the workers.  ``workers`` defaults to
    :func:`worker_count`; 0 or 1 runs every call in this process.
    """
    with start(function, calls, workers=workers) as run:
        return run.results()


def start(function: str, calls, *, workers: int | None = None) -> "Run":
    """:func:`run_in_order`, with this process free while the workers finish: a context manager.

    The calls are all handed out (a generator of calls is run to its end) before
    this returns; ``results()`` waits for the last one.  Leaving the ``with``
    block ends the workers, at once if the results were not all taken (an
    error, Ctrl-C)::

        with start("module:function", calls) as run:
            other = work_of_this_process()
            results = run.results()
    """
    workers = worker_count() if workers is None else workers
    if workers < 2:
        target = _function(function)
        return Run([target(*call) for call in calls])
    pool = _Pool(function, workers)
    try:
        pool.hand_out(calls)
    except BaseException:
        pool.close()
        raise
    return Run(pool=pool)


class Run:
    """Calls handed out to workers (or made already): :meth:`results` gives their results in order."""

    def __init__(self, done: list | None = None, pool: "_Pool | None" = None):
        self._done, self._pool = done, pool

    def results(self) -> list:
        if self._done is None:
            self._done = self._pool.results()
        return self._done

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.close()


class _Pool:
    """Worker processes, each fed by a thread of this process that waits on it."""

    def __init__(self, function: str, workers: int):
        self.function = function
        self.todo: queue.Queue = queue.Queue()
        self.results_by_index: dict[int, object] = {}
        self.count = 0
        self.failure: list[RenderError] = []
        self.processes: list[subprocess.Popen] = []
        self.threads: list[threading.Thread] = []
        root = str(Path(__file__).resolve().parents[2])
        for _ in range(workers):
            process = subprocess.Popen([sys.executable, "-c", _WORKER, root], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, **_OWN_GROUP)
            self.processes.append(process)
            thread = threading.Thread(target=self._feed, args=(process,), daemon=True,
                                      name="chainmap-layout-worker")
            self.threads.append(thread)
            thread.start()

    def hand_out(self, calls) -> None:
        for call in calls:
            if self.failure:
                break
            self.todo.put((self.count, call))
            self.count += 1
        for _ in self.threads:
            self.todo.put(None)

    def results(self) -> list:
        for thread in self.threads:
            thread.join()
        if self.failure:
            raise self.failure[0]
        return [self.results_by_index[index] for index in range(self.count)]

    def _feed(self, process: subprocess.Popen) -> None:
        while True:
            task = self.todo.get()
            if task is None or self.failure:
                return
            index, call = task
            try:
                pickle.dump((self.function, call), process.stdin, protocol=_PROTOCOL)
                process.stdin.flush()
                answer = pickle.load(process.stdout)
            except (OSError, EOFError, pickle.UnpicklingError):
                self.failure.append(_died(process))
                return
            if answer[0] == "ok":
                self.results_by_index[index] = answer[1]
            else:
                self.failure.append(RenderError(answer[1] if answer[0] == "problems" else [
                    Problem("", 0, 0, "error", "graphviz", f"a layout process failed: {answer[1]}")]))
                return

    def close(self) -> None:
        """End every worker: at once when the run failed or was interrupted, else when it has read its last input."""
        finished = not self.failure and all(not thread.is_alive() for thread in self.threads)
        if not finished:
            for process in self.processes:
                if process.poll() is None:
                    process.kill()
        for _ in self.threads:  # a thread still waiting for work (the calls stopped early) stops
            self.todo.put(None)
        for thread in self.threads:
            thread.join()
        for process in self.processes:
            for stream in (process.stdin, process.stdout):
                try:
                    stream.close()  # a worker that has read its last input ends
                except OSError:  # pragma: no cover - a pipe the worker broke
                    pass
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - a worker that does not end
                process.kill()
                process.wait()


def _died(process: subprocess.Popen) -> RenderError:
    try:
        code = process.wait(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover - its output broke, yet it runs
        process.kill()
        code = process.wait()
    return RenderError([Problem("", 0, 0, "error", "graphviz",
                                f"a Graphviz layout process {how_it_ended(code)} before it was done",
                                f"out of memory? try again, or lay it out in one process: {JOBS_VARIABLE}=1")])


def _function(name: str):
    module, _, attribute = name.partition(":")
    return getattr(import_module(module), attribute)


def serve() -> None:
    """A worker: read ``(function, arguments)`` from stdin, write ``("ok", result)`` or a failure, until stdin ends."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent ends the work
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stdout carries answers only
    while True:
        try:
            function, call = pickle.load(source)
        except EOFError:
            return
        try:
            answer = ("ok", _function(function)(*call))
        except ChainmapError as exc:
            answer = ("problems", exc.problems)
        except Exception as exc:  # a bug: told to the parent, which ends the run with it
            answer = ("failed", f"{type(exc).__name__}: {exc}")
        try:
            pickle.dump(answer, sink, protocol=_PROTOCOL)
            sink.flush()
        except OSError:  # the parent is gone
            return
