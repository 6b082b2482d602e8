"""What browsers of `chainmap serve` see, and how it changes: the live state and the reloader.

The reloader (one thread) loads, checks and draws the map after each burst of
saves, then publishes either a new page and a ``map`` event, or a ``problems``
event while the last good map stays.  HTTP threads only read the state and wait
for it to change, so a slow render never blocks them.

Every published state has a generation number, sent as the event id.  A browser
that reconnects says which generation it has (``Last-Event-ID``, or ``?since=``
in the page's first request) and is sent only what it missed.
"""

from __future__ import annotations

import json
import sys
import threading
from datetime import date

from .errors import ChainmapError, Problem

EVENTS_PATH = "/events"


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
        """The generation a browser has, from the id of the last event it saw; -1: nothing."""
        run, _, generation = (event_id or "").partition(".")
        return int(generation) if run == self.run and generation.isdigit() else -1

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


class Reloader:
    """Loads, checks and draws the map into a :class:`LiveState`, once per burst of saves."""

    def __init__(self, paths, options, state: LiveState, *, as_of: date | None = None, log=log_to_stderr,
                 describe=None):
        self.paths = list(paths)
        self.options = options
        self.fixed_as_of = as_of  # None: judge from today, as of each reload
        self.state = state
        self.log = log
        self.describe = describe or (lambda summary: f"{summary.teams} teams, {summary.links} links")
        self.title = None
        self.as_of = None
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._thread = None

    def changed(self) -> None:
        """Called by the watchers: reload soon (bursts coalesce into one reload)."""
        self._dirty.set()

    def load(self, *, first: bool = False) -> None:
        """Reload now.  Never raises: problems go to the page, surprises to the log."""
        try:
            self._load(first)
        except Exception as exc:  # a bug of ours must not kill a workshop's server
            line = f"chainmap: error[internal]: reload failed: {type(exc).__name__}: {exc}"
            self.log(line.replace("\n", " "))
            self.state.show_problems([line.replace("\n", " ") + "; the server keeps running; "
                                      "please report this"])

    def _load(self, first: bool) -> None:
        from dataclasses import replace

        from .api import analyse, load
        from .render import prepare
        from .render.html import page_data

        self.as_of = self.fixed_as_of or date.today()
        options = replace(self.options, as_of=self.as_of)
        try:
            graph, found, summary = analyse(load(self.paths), self.as_of)
            job = prepare(graph, options, found)
            data = page_data(job)
        except ChainmapError as exc:
            if first:  # nothing good to keep yet: an empty map under the overlay
                self._show_empty(options)
            self._report_problems(exc.problems, first)
            return
        self.title = job.title
        if not self._publish(job, data):
            self.log(f"reloaded: {self.describe(summary)} (no change to the map)")
            return
        self.log(f"{'loaded' if first else 'reloaded'}: {self.describe(summary)}")

    def _publish(self, job, data: dict) -> bool:
        """Show ``data`` to every browser; False if they show exactly that already."""
        from .render.html import page_html

        map_json = to_json(data)
        if self.state.unchanged(map_json):
            return False
        live_url = f"{EVENTS_PATH}?since={self.state.next_event_id}"
        self.state.show_map(page_html(job, live_url=live_url, data=data).encode("utf-8"), map_json)
        return True

    def _show_empty(self, options) -> None:
        from .api import analyse
        from .model import ChainMap
        from .render import prepare
        from .render.html import page_data

        graph, found, _ = analyse(ChainMap(teams=()), self.as_of)
        job = prepare(graph, options, found)
        self._publish(job, page_data(job))

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
        while not self._stop.is_set():
            # Wake once a minute: without --as-of, the map is judged as of today, and days change.
            if self._dirty.wait(timeout=60):
                self._dirty.clear()
                if not self._stop.is_set():
                    self.load()
            elif self.fixed_as_of is None and self.as_of != date.today():
                self.load()

    def stop(self) -> None:
        self._stop.set()
        self._dirty.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
