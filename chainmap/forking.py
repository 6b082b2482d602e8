"""Work done in a forked copy of this process, its result handed back through a pipe.

A copy starts with everything this process holds (the files found, the
graph), so nothing is sent to it; only its result comes back, pickled.  Used
where a large map leaves a core idle: reading its files (``reading``) and
matching misspelt names while the other rules run (``rules``).

A copy made with ``streamed=True`` sends its result as it goes: its work yields
parts, each pickled on its own, and this process takes those that have arrived
(:meth:`Copy.arrived`) between pieces of its own work, so that unpickling them
overlaps the copy's work instead of following it.

Forking is only done where it is safe (:func:`available`): ``os.fork`` exists
(not on Windows) and no other thread runs (a notebook, ``serve``): a copy of
a process with threads may hold a lock that no thread will release.

The copy ignores Ctrl-C: this process ends it (killed, waited for) on its way
out, so an interrupted run leaves none behind; :meth:`Copy.end` does that and
is called from a ``finally``.  A copy that dies makes :meth:`Copy.result`
raise a :class:`~chainmap.errors.ChainmapError` with one ``error[reader]``
line naming how, never a hang.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import threading

from .errors import ChainmapError, Problem, UsageError, usage_problem

# The variable that sets how many processes work on a large map (default: one per core; 1: this process only).
JOBS_VARIABLE = "CHAINMAP_JOBS"
# What a copy sends: each part as its length, then its pickle; a length of 0 ends it.
_LENGTH = struct.Struct("<Q")
# A pipe that holds a whole part of a streamed copy (a few hundred files, under 1 MB) lets the
# copy go on while this process is busy; Linux lets any process ask for up to 1 MB.
_PIPE_SIZE = 1 << 20


def available() -> bool:
    """Whether work may be forked off here."""
    return hasattr(os, "fork") and threading.active_count() == 1


def processes() -> int:
    """How many processes may work on a large map: ``CHAINMAP_JOBS``, else one per core."""
    setting = os.environ.get(JOBS_VARIABLE, "").strip()
    if not setting:
        return cores()
    if setting.isdigit() and int(setting) > 0:
        return int(setting)
    raise UsageError([usage_problem("bad-jobs", f"{JOBS_VARIABLE} must be a whole number of 1 or more, "
                                    f"not {setting!r}", f"{JOBS_VARIABLE}=1 reads with one process")])


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def how_it_ended(code: int) -> str:
    """How a process ended, from its exit code (negative: the signal that killed it, as ``subprocess`` gives it)."""
    return f"was killed by signal {-code}" if code < 0 else f"ended with exit code {code}"


class Copy:
    """``work(*args)`` in a forked copy of this process, added to ``copies`` as it starts.

    ``copies`` holds the copies started before (the new copy closes their pipes):
    the list to end them all from, in a ``finally``, even when Ctrl-C comes the
    moment one starts.  ``what`` names the work in the error a copy that dies
    gives, and ``hint`` says what to do.  With ``streamed``, ``work`` yields its
    result in parts: :meth:`arrived` and :meth:`rest` take them, in order.
    """

    def __init__(self, work, args, copies: list, *, what: str, hint: str, streamed: bool = False):
        self.what, self.hint = what, hint
        self.done = False
        read_end, write_end = os.pipe()
        if streamed:
            try:
                import fcntl

                fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
            except (ImportError, AttributeError, OSError):  # not Linux, or not allowed: a copy waits more
                pass
        # Ctrl-C waits until the copy is in ``copies``, so that the clean-up finds it.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.pid: int | None = os.fork()
            if not self.pid:
                _copy(work, args, streamed, read_end, write_end, [other.source for other in copies])
            self.source: int | None = read_end
            os.close(write_end)
            copies.append(self)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def result(self):
        """What the work returned, once the copy is done."""
        return self.rest()[0]

    def arrived(self) -> list:
        """The parts of a streamed result that have arrived since last asked; never waits for more."""
        parts = []
        while not self.done and select.select([self.source], [], [], 0)[0]:
            parts.extend(self._next())
        return parts

    def rest(self) -> list:
        """The parts not taken yet, once the copy is done."""
        parts = []
        while not self.done:
            parts.extend(self._next())
        self.end(kill=False)
        return parts

    def _next(self) -> list:
        """The next part (in a list), or none when the copy said it is done."""
        length = _LENGTH.unpack(self._read(_LENGTH.size))[0]
        if not length:
            self.done = True
            return []
        try:
            return [pickle.loads(self._read(length))]
        except (pickle.UnpicklingError, ValueError, EOFError):  # never seen: end the copy, whatever it does
            self._died(kill=True)

    def _read(self, size: int) -> bytearray:
        data = bytearray(size)
        view, got = memoryview(data), 0
        while got < size:
            try:
                count = os.readv(self.source, [view[got:]])
            except OSError:
                count = 0
            if not count:
                self._died()
            got += count
        return data

    def _died(self, kill: bool = False):
        how = how_it_ended(os.waitstatus_to_exitcode(self.end(kill=kill)))
        raise ChainmapError([Problem("", 0, 0, "error", "reader",
                                     f"a process {self.what} {how} before it was done", self.hint)]) from None

    def end(self, kill: bool = True) -> int:
        """Close the pipe and wait for the copy (killed first when ``kill``); its wait status."""
        if self.source is not None:
            os.close(self.source)
            self.source = None
        if self.pid is None:
            return 0
        if kill:
            os.kill(self.pid, signal.SIGKILL)  # not waited for yet, so the id is still the copy's
        status = os.waitpid(self.pid, 0)[1]
        self.pid = None
        return status


def _copy(work, args, streamed: bool, read_end: int, write_end: int, inherited: list[int | None]):
    """What the copy does: never returns, never runs the parent's clean-up, never flushes its buffers."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the first process ends the copies
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        os.close(read_end)
        for end in inherited:
            if end is not None:
                os.close(end)
        with os.fdopen(write_end, "wb") as sink:
            for part in work(*args) if streamed else [work(*args)]:
                data = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
                sink.write(_LENGTH.pack(len(data)))
                sink.write(data)
                sink.flush()
            sink.write(_LENGTH.pack(0))
        code = 0
    except BaseException:  # a bug, or the first process gone: told by the exit code
        pass
    finally:
        os._exit(code)
