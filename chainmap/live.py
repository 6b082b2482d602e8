"""What browsers of `chainmap serve` see, and how it changes: the live state and the reloader.

The reloader (one thread) has the map loaded, checked and drawn after each burst
of saves, then publishes either a new page and a ``map`` event, or a ``problems``
event while the last good map stays.  HTTP threads only read the state and wait
for it to change, so a slow render never blocks them.

The loading and drawing run in a worker process (:class:`DrawingWorker`), never
in the server's own: Graphviz keeps a little memory from every drawing, so a
worker is replaced by a fresh one every ``WORKER_RELOADS`` reloads and the
server stays the same size for hours; and a reload that never finishes (a file
that never ends, a drawing that takes forever) holds up only the worker, which
is stopped after ``RELOAD_TIMEOUT_SECONDS``, or at once when the server stops.

Every published state has a generation number, sent as the event id.  A browser
that reconnects says which generation it has (``Last-Event-ID``, or ``?since=``
in the page's first request) and is sent only what it missed.
"""

from __future__ import annotations

import json
import os
import pickle
import queue
import re
import struct
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import date

from .api import analyse, load
from .diff import changed_since
from .errors import ChainmapError, Problem
from .model import ChainMap
from .render import prepare
from .render.page import page_data, page_html

EVENTS_PATH = "/events"

# A worker process draws this many maps, then a fresh one takes over: Graphviz keeps about
# 80-170 KB of every drawing of a mid-sized map, for good.  A worker that has grown by
# WORKER_GROWTH_BYTES since its first reload (a large map) is replaced sooner.
WORKER_RELOADS = 50
WORKER_GROWTH_BYTES = 48 * 1024 * 1024
# A reload that takes longer than this is stopped (the worker is ended) and reported; the
# last good map stays.  Maps of a few hundred teams take seconds.
RELOAD_TIMEOUT_SECONDS = 180.0
_POLL_SECONDS = 0.1  # how often a wait for the worker checks whether the server is stopping
# An event id is "<run>.<generation>": 8 hex digits, a dot, at most 15 ASCII digits.  Anything
# else (a superscript two, which str.isdigit accepts; 5,000 digits, which int() refuses) is no id.
_EVENT_ID = re.compile(r"([0-9a-f]{8})\.([0-9]{1,15})")


def log_to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sse(event: str, json_text: str, event_id: str) -> bytes:
    """One server-sent event.  JSON never holds a raw newline, so the data is one line."""
    return f"id: {event_id}\nevent: {event}\ndata: {json_text}\n\n".encode("utf-8")


def to_json(data) -> str:
    return json.dumps(data, separators=(",", ":"))


class LiveState:
    """The page to serve and what browsers have to be told, guarded by one lock.

    Only the reloader writes; HTTP threads read and wait for changes.  A client
    keeps its own cursor (the generation it has), so a slow client never piles
    up a backlog: it is sent the latest state when it is ready for it.

    Event ids are ``<run>.<generation>``: a browser still open from an earlier
    run of the server has ids of another run, and is sent everything.
    """

    def __init__(self):
        import secrets

        self._changed = threading.Condition()
        self.run = secrets.token_hex(4)
        self.generation = 0  # of the latest state
        self.map_generation = 0  # of the latest good map
        self.page = b""
        self._map_json = None
        self._map_event = b""
        self._problems_event = None  # bytes while the input is broken, else None
        self.closed = False

    def event_id(self, generation: int) -> str:
        return f"{self.run}.{generation}"

    @property
    def next_event_id(self) -> str:
        """The id the next published state will have (only the reloader publishes)."""
        return self.event_id(self.generation + 1)

    def known(self, event_id: str | None) -> int:
        """The generation a browser has, from the id of the last event it saw; -1: nothing.

        An id that is not one of ours (another run's, or not an id at all) counts as
        nothing: that browser is sent the whole current map.
        """
        found = _EVENT_ID.fullmatch(event_id or "") if len(event_id or "") <= 32 else None
        if found is None or found.group(1) != self.run:
            return -1
        generation = int(found.group(2))
        return generation if generation <= self.generation else -1  # not one we sent: start afresh

    def unchanged(self, map_json: str) -> bool:
        """True when ``map_json`` is what browsers already show, with no problems on top."""
        with self._changed:
            return map_json == self._map_json and self._problems_event is None

    def show_map(self, page: bytes, map_json: str) -> None:
        with self._changed:
            self.generation += 1
            self.map_generation = self.generation
            self.page = page
            self._map_json = map_json
            self._map_event = sse("map", map_json, self.event_id(self.generation))
            self._problems_event = None
            self._changed.notify_all()

    def show_problems(self, lines: list[str]) -> None:
        with self._changed:
            self.generation += 1
            self._problems_event = sse("problems", to_json({"problems": lines}), self.event_id(self.generation))
            self._changed.notify_all()

    def _events_after(self, known: int, connecting: bool) -> list[bytes]:
        events = []
        if known < self.map_generation:
            events.append(self._map_event)
        if self._problems_event is not None and (connecting or known < self.generation):
            events.append(self._problems_event)
        return events

    def connect(self, known: int) -> tuple[int, list[bytes]]:
        """What a (re)connecting client with generation ``known`` must be sent first.

        The current problems always: a fresh page does not know about them.
        """
        with self._changed:
            return self.generation, self._events_after(known, connecting=True)

    def wait(self, known: int, timeout: float):
        """``(generation, events)`` after the next change, ``(known, [])`` after ``timeout``,
        None once the server stops."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.generation > known, timeout)
            if self.closed:
                return None
            return self.generation, self._events_after(known, connecting=False)

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


# -- what a reload does (in the worker process) ----------------------------------------------------

def build(paths, options, live_url: str, first: bool = False, since: str | None = None) -> dict:
    """Load, check and draw the map: what :class:`Reloader` publishes, as plain data.

    With ``since`` (a git revision) the page marks what changed since then, compared again on each reload.

    ``{"title", "summary", "map_json", "page"}`` for a good map; ``{"problems"}``
    (plus ``"empty"``, an empty map's ``(page, map_json)``, when ``first``) for
    invalid input.  Runs in the worker process.
    """
    try:
        graph, found, summary = analyse(load(paths), options.as_of)
        if since is not None:
            graph, changes = changed_since(paths, since, graph, found, options.as_of)
            options = replace(options, changes=changes)
        job = prepare(graph, options, found)
        data = page_data(job)
    except ChainmapError as exc:
        reply = {"problems": list(exc.problems)}
        if first:  # nothing good to keep yet: an empty map under the overlay
            reply["empty"] = empty_page(options, live_url)
        return reply
    page = page_html(job, live_url=live_url, data=data).encode("utf-8")
    return {"title": job.title, "summary": summary, "map_json": to_json(data), "page": page}


def empty_page(options, live_url: str) -> tuple[bytes, str]:
    """``(page, map_json)`` of a map without teams."""
    graph, found, _ = analyse(ChainMap(teams=()), options.as_of)
    job = prepare(graph, options, found)
    data = page_data(job)
    return page_html(job, live_url=live_url, data=data).encode("utf-8"), to_json(data)


# -- the worker process -------------------------------------------------------------------------------
#
# Requests and replies are pickles, each after its length (8 bytes), on the worker's stdin and
# stdout.  Both ends are chainmap's own: nothing from outside is ever unpickled.

_LENGTH = struct.Struct(">Q")
_BOOT = "import sys; sys.path[:0] = [{root!r}]; from chainmap.live import worker_main; worker_main()"


def _write_message(fd: int, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None  # the other end closed
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int) -> bytes | None:
    """The next message's pickle, or None once the other end has closed."""
    head = _read_exactly(fd, _LENGTH.size)
    return None if head is None else _read_exactly(fd, _LENGTH.unpack(head)[0])


def _read_message(fd: int):
    """The next message, or None once the other end has closed."""
    frame = _read_frame(fd)
    return None if frame is None else pickle.loads(frame)


def _max_rss() -> int | None:
    """The most memory this process has held, in bytes (None where unknown)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def worker_main() -> None:
    """The worker process: answer each request on stdin with :func:`build`'s reply on stdout."""
    import signal

    # Ctrl-C and SIGTERM are for the server, which ends its worker itself.  (It runs in a
    # session of its own, so a terminal's Ctrl-C does not reach it anyway.)
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_IGN)
    replies = os.dup(1)
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the replies
    parent = os.getppid()
    threading.Thread(target=_end_with, args=(parent,), name="chainmap-worker-parent", daemon=True).start()

    while True:
        request = _read_message(0)
        if request is None:
            return  # the server closed the pipe: retired, or gone
        try:
            reply = build(**request)
        except Exception as exc:  # a bug of ours: reported by the server, which carries on
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        reply["max_rss"] = _max_rss()
        _write_message(replies, reply)


def _end_with(parent: int) -> None:
    """End this worker once the server is gone, even while a read is stuck."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


class WorkerError(Exception):
    """The worker did not answer: it ended (``timed_out`` False), or took longer than allowed."""

    def __init__(self, message: str, timed_out: bool = False):
        super().__init__(message)
        self.timed_out = timed_out


class DrawingWorker:
    """One worker process and a thread that collects its replies."""

    def __init__(self):
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        self.process = subprocess.Popen([sys.executable, "-c", _BOOT.format(root=root)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0,
                                        close_fds=True, start_new_session=True)
        self.reloads = 0
        self.first_rss = None  # after its first reload
        self.max_rss = None
        self._replies: queue.Queue = queue.Queue()
        threading.Thread(target=self._collect, name="chainmap-worker-replies", daemon=True).start()

    def _collect(self) -> None:
        # This thread alone reads and closes the pipe: closed under a blocked read, its number
        # could be reused by a connection opened meanwhile, which the next read would drain.
        with self.process.stdout as replies:
            fd = replies.fileno()
            while True:
                try:
                    frame = _read_frame(fd)
                except OSError:
                    frame = None
                self._replies.put(frame)  # unpickled by the reloader: its objects are made where they are used
                if frame is None:
                    return  # the worker ended

    def run(self, request: dict, timeout: float, stopping) -> dict | None:
        """The worker's reply to ``request``; None as soon as ``stopping()`` is true.

        Raises :class:`WorkerError` when the worker ends or takes more than ``timeout``
        seconds; it is of no use after that.
        """
        try:
            _write_message(self.process.stdin.fileno(), request)
        except (OSError, ValueError):
            raise WorkerError(self._ended()) from None
        deadline = time.monotonic() + timeout
        while not stopping():
            left = deadline - time.monotonic()
            if left <= 0:
                raise WorkerError(f"took longer than {timeout:g} s and was stopped", timed_out=True)
            try:
                frame = self._replies.get(timeout=min(left, _POLL_SECONDS))
            except queue.Empty:
                continue
            if frame is None:
                raise WorkerError(self._ended())
            try:
                reply = pickle.loads(frame)
            except Exception as exc:  # a bug of ours: reported like one; the next reply may do
                reply = {"error": f"unreadable reply from the worker: {type(exc).__name__}: {exc}"}
            self.reloads += 1
            self.max_rss = reply.pop("max_rss", None)
            if self.first_rss is None:
                self.first_rss = self.max_rss
            return reply
        return None

    def _ended(self) -> str:
        try:
            code = self.process.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        return f"failed: the worker process ended unexpectedly (exit code {code})"

    @property
    def worn(self) -> bool:
        """True once a fresh worker should take over."""
        grown = (self.max_rss or 0) - (self.first_rss or 0)
        return self.reloads >= WORKER_RELOADS or grown >= WORKER_GROWTH_BYTES

    def retire(self) -> None:
        """Let it finish: it ends when its stdin closes (and is ended if it does not)."""
        self._close(wait=2)

    def kill(self) -> None:
        self._close(wait=0)

    def _close(self, wait: float) -> None:
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# -- the reloader ---------------------------------------------------------------------------------------

class Reloader:
    """Has the map loaded, checked and drawn into a :class:`LiveState`, once per burst of saves.

    With ``worker`` (the default) that work happens in a :class:`DrawingWorker`
    process; without, in this process (for a caller that cannot start one).
    """

    def __init__(self, paths, options, state: LiveState, *, as_of: date | None = None, log=log_to_stderr,
                 describe=None, worker: bool = True, since: str | None = None):
        self.paths = list(paths)
        self.since = since  # a git revision: each reload marks what changed since then
        self.options = options
        self.fixed_as_of = as_of  # None: judge from today, as of each reload
        self.state = state
        self.log = log
        self.describe = describe or (lambda summary: f"{summary.teams} teams, {summary.links} links")
        self.title = None
        self.as_of = None
        self.use_worker = worker
        self._worker: DrawingWorker | None = None
        self._loading = threading.Lock()  # one reload at a time, and the worker is started and ended under it
        self._dirty = threading.Event()
        self._cancelled = False  # a plain flag: set from a signal handler, no lock may be taken there
        self._thread = None

    def changed(self) -> None:
        """Called by the watchers: reload soon (bursts coalesce into one reload)."""
        self._dirty.set()

    def load(self, *, first: bool = False) -> None:
        """Reload now.  Never raises: problems go to the page, surprises to the log.

        Returns early, publishing nothing, once :meth:`cancel` or :meth:`stop` was called.
        """
        with self._loading:
            if self._cancelled:
                return
            try:
                self._load(first)
            except Exception as exc:  # a bug of ours must not kill a workshop's server
                self._fail(f"chainmap: error[internal]: reload failed: {type(exc).__name__}: {exc}", first,
                           "please report this")

    def _load(self, first: bool) -> None:
        from dataclasses import replace

        self.as_of = self.fixed_as_of or date.today()
        # The page asks for the events after its own map, which is published as the next state.
        request = {"paths": self.paths, "options": replace(self.options, as_of=self.as_of),
                   "live_url": f"{EVENTS_PATH}?since={self.state.next_event_id}", "first": first,
                   "since": self.since}
        reply = self._build(request, first)
        if reply is None:
            return  # stopping, or the failure is reported already
        if "error" in reply:
            raise RuntimeError(reply["error"])
        if "problems" in reply:
            if "empty" in reply:
                self._publish(*reply["empty"])
            self._report_problems(reply["problems"], first)
            return
        self.title = reply["title"]
        if not self._publish(reply["page"], reply["map_json"]):
            self.log(f"reloaded: {self.describe(reply['summary'])} (no change to the map)")
            return
        self.log(f"{'loaded' if first else 'reloaded'}: {self.describe(reply['summary'])}")

    def _build(self, request: dict, first: bool) -> dict | None:
        """:func:`build`'s reply, from the worker; None when stopping or after reporting a failure."""
        for attempt in (1, 2):
            if not self.use_worker:
                return build(**request)
            if self._cancelled:
                return None
            if self._worker is None and not self._start_worker():
                return build(**request)
            try:
                reply = self._worker.run(request, RELOAD_TIMEOUT_SECONDS, lambda: self._cancelled)
            except WorkerError as exc:
                self._worker.kill()
                self._worker = None
                if not exc.timed_out and attempt == 1:
                    continue  # it may have died while idle (killed from outside): once more, with a fresh one
                self._fail(f"chainmap: error[reload]: loading and drawing the map {exc}", first,
                           "the next save tries again")
                return None
            if reply is not None and self._worker.worn and not self._cancelled:
                self._worker.retire()
                self._worker = None
                self._start_worker()  # a fresh one starts up now, ready for the next save
            return reply
        return None

    def _start_worker(self) -> bool:
        try:
            self._worker = DrawingWorker()
        except OSError as exc:  # no interpreter to start (an embedded Python, say)
            self.log(f"chainmap: warning: cannot start a worker process ({exc}); drawing in this process")
            self.use_worker = False
        return self._worker is not None

    def _fail(self, line: str, first: bool, advice: str) -> None:
        """Report a reload that went wrong; the last good map (or an empty one) stays."""
        from dataclasses import replace

        line = line.replace("\n", " ")
        self.log(line)
        if first and not self.state.page:  # the page must show something: an empty map under the problem
            try:
                options = replace(self.options, as_of=self.as_of or date.today())
                self._publish(*empty_page(options, f"{EVENTS_PATH}?since={self.state.next_event_id}"))
            except Exception as exc:  # pragma: no cover - the empty map always draws
                self.log(f"chainmap: error[internal]: cannot draw an empty map: {type(exc).__name__}: {exc}")
        self.state.show_problems([f"{line}; the server keeps running; {advice}"])

    def _publish(self, page: bytes, map_json: str) -> bool:
        """Show this map to every browser; False if they show exactly that already."""
        if self.state.unchanged(map_json):
            return False
        self.state.show_map(page, map_json)
        return True

    def _report_problems(self, problems: list[Problem], first: bool) -> None:
        lines = [problem.format() for problem in problems]
        for line in lines:
            self.log(line)
        errors = sum(1 for problem in problems if problem.severity == "error") or len(problems)
        kept = "showing an empty map until it is fixed" if first else "kept the last good map"
        self.log(f"invalid: {errors} error{'' if errors == 1 else 's'} ({kept})")
        self.state.show_problems(lines)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="chainmap-reload", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._cancelled:
            # Wake once a minute: without --as-of, the map is judged as of today, and days change.
            if self._dirty.wait(timeout=60):
                self._dirty.clear()
                if not self._cancelled:
                    self.load()
            elif self.fixed_as_of is None and self.as_of != date.today():
                self.load()

    def cancel(self) -> None:
        """Abandon the reload in progress (within a tenth of a second) and start no other.

        Only sets a flag, so it is safe in a signal handler; :meth:`stop` cleans up.
        """
        self._cancelled = True

    def stop(self) -> None:
        self.cancel()
        self._dirty.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._loading:
            if self._worker is not None:
                self._worker.kill()
                self._worker = None

