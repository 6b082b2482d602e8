"""`chainmap serve`: the interactive page, kept up to date while teams edit their YAML.

>>> with LiveServer(["teams/"], port=0) as server:
...     print(server.url)          # http://127.0.0.1:40123/

Three kinds of thread share one :class:`~chainmap.live.LiveState`: watchers
(``chainmap.watch``) notice saves and wake the reloader (``chainmap.live``), which
has a worker process load and draw the map and publishes the new map or the
problems; HTTP threads serve the current page at ``/`` and stream server-sent
events at ``/events``.  Nothing a client sends can write anything: only GET and
HEAD exist.

Connections are bounded: at most ``MAX_REQUESTS`` threads read and answer
requests (more connections wait in the listen backlog of ``LISTEN_BACKLOG``
until one is free), a request must arrive whole within ``REQUEST_TIMEOUT``
seconds, and at most ``MAX_STREAMS`` event streams are open at once (another
page gets 503 and tries again).  An event stream has no time limit: it stays
open while its browser takes the keep-alive comments.
"""

from __future__ import annotations

import errno
import io
import os
import queue
import socket
import sys
import threading
import time
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .errors import Problem, UsageError, usage_problem
from .files import find_files
from .live import EVENTS_PATH, LiveState, Reloader, log_to_stderr
from .render import RenderOptions
from .render.page import PAGE_THEMES
from .watch import watch_paths

KEEP_ALIVE_SECONDS = 15  # a comment line now and then, so proxies and browsers keep the stream open
RETRY_MS = 1000  # how soon a browser reconnects after the stream drops (the default is ~3 s)
STREAM_BUSY_RETRY_SECONDS = 2  # the 503's Retry-After when every event stream is taken
STREAM_CHECK_SECONDS = 1.0  # how often an idle event stream looks whether its browser is still there
# A request line and its headers must arrive within this many seconds of a thread taking the
# connection up; a connection that sends nothing (half-open, or a slow-loris) is closed then.
REQUEST_TIMEOUT = 10.0
# A client that takes no bytes of an answer (or of the event stream) for this long is dropped.
SEND_TIMEOUT = 30.0
MAX_REQUESTS = 32  # threads reading and answering requests; more connections wait in the backlog
MAX_STREAMS = 200  # open event streams (one per open page), each a thread of its own
LISTEN_BACKLOG = 256  # connections the system holds until a request thread is free
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


class _Server(ThreadingHTTPServer):
    """Connections served by a bounded pool of threads (see the module's docstring)."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address, state: LiveState, keep_alive: float, log, *,
                 request_timeout: float = REQUEST_TIMEOUT, send_timeout: float = SEND_TIMEOUT,
                 max_requests: int = MAX_REQUESTS, max_streams: int = MAX_STREAMS):
        host = address[0]
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.state = state
        self.allowed_hosts = None  # set once the port is known
        self.keep_alive = keep_alive
        self.log = log
        self.request_timeout = request_timeout
        self.send_timeout = send_timeout
        self.closing = threading.Event()
        # Request threads: a pool of at most max_requests, started as needed and kept.  A slot
        # is taken per connection before it is queued, so no connection waits in the queue
        # without a thread for it, and the accept loop waits (connections stay in the backlog)
        # while all are busy.  A thread whose request is an event stream leaves the pool (a new
        # one is started when needed) and ends with the stream.
        self._connections: queue.SimpleQueue = queue.SimpleQueue()
        self._free = threading.BoundedSemaphore(max_requests)
        self._pool_lock = threading.Lock()
        self._pool = 0  # request threads
        self._max_requests = max_requests
        self._streams = threading.BoundedSemaphore(max_streams)
        self._streaming = threading.local()  # set in a thread that left the pool for a stream
        super().__init__(address, _Handler)

    def process_request(self, request, client_address):
        while not self._free.acquire(timeout=0.25):
            if self.closing.is_set():
                self.shutdown_request(request)
                return
        self._connections.put((request, client_address))
        with self._pool_lock:
            if self._pool < self._max_requests:
                try:
                    threading.Thread(target=self._serve_connections, name="chainmap-request", daemon=True).start()
                    self._pool += 1
                except RuntimeError:  # no more threads to be had: the pool's others take it in turn
                    pass

    def _serve_connections(self):
        while True:
            taken = self._connections.get()
            if taken is None:  # the server closes
                return
            request, client_address = taken
            self._streaming.on = False
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)
                if self._streaming.on:
                    self._streams.release()
            if self._streaming.on:
                return  # this thread left the pool for the stream
            self._free.release()

    def become_stream(self) -> bool:
        """Move this request thread from the pool to the event streams; False if all streams are taken."""
        if not self._streams.acquire(blocking=False):
            return False
        with self._pool_lock:
            self._pool -= 1
        self._streaming.on = True
        threading.current_thread().name = "chainmap-stream"
        self._free.release()
        return True

    def server_close(self):
        super().server_close()
        with self._pool_lock:
            for _ in range(self._pool):
                self._connections.put(None)
            self._pool = 0

    def handle_error(self, request, client_address):
        # socketserver prints a traceback here; a browser that went away is normal, anything
        # else is one line on stderr, and the server carries on.
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):
            self.log(f"chainmap: error[internal]: request failed: {type(exc).__name__}: {exc}".replace("\n", " "))

    def server_bind(self):
        # HTTPServer.server_bind looks up the host's full DNS name: slow or hanging offline,
        # and never used here.
        import socketserver

        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


class _RequestReader(io.RawIOBase):
    """The connection's incoming bytes, until a deadline: each read waits only for the time left."""

    def __init__(self, connection: socket.socket, deadline: float):
        self.connection = connection
        self.deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request did not arrive in time")
        self.connection.settimeout(left)
        return self.connection.recv_into(buffer)


class _Handler(BaseHTTPRequestHandler):
    server_version = "chainmap"
    sys_version = ""

    def version_string(self):
        return "chainmap"
    server: _Server

    def setup(self):
        super().setup()
        # The request line and headers are read through a deadline (BaseHTTPRequestHandler
        # ends the connection quietly on TimeoutError); answers are sent with SEND_TIMEOUT.
        self.rfile.close()
        deadline = time.monotonic() + self.server.request_timeout
        self.rfile = io.BufferedReader(_RequestReader(self.connection, deadline))

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        self.connection.settimeout(self.server.send_timeout)
        return parsed

    def log_message(self, format, *args):  # quiet: the terminal shows reloads, not requests
        pass

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def __getattr__(self, name):
        # Any method other than GET and HEAD (POST, PUT, DELETE, PATCH, OPTIONS, PROPFIND...)
        # gets 405: nothing on this server writes.
        if name.startswith("do_"):
            return self._method_not_allowed
        raise AttributeError(name)

    def _method_not_allowed(self):
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self._finish_text("only GET and HEAD: this server never changes anything\n")

    def do_GET(self):
        self._get(with_body=True)

    def do_HEAD(self):
        self._get(with_body=False)

    def _get(self, with_body: bool):
        if not self._host_allowed():
            self.send_response(HTTPStatus.FORBIDDEN)
            return self._finish_text("unknown Host header; open the address chainmap serve printed\n",
                                     with_body)
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._page(with_body)
        elif url.path == EVENTS_PATH:
            self._events(url.query, with_body)
        else:
            self.send_response(HTTPStatus.NOT_FOUND)
            self._finish_text("not found; the map is at /\n", with_body)

    def _host_allowed(self) -> bool:
        # Against DNS rebinding: a page on evil.example whose name now points at 127.0.0.1
        # sends "Host: evil.example" and is refused.
        host = self.headers.get("Host")
        allowed = self.server.allowed_hosts
        return allowed is None or host is None or host.lower() in allowed

    def _finish_text(self, text: str, with_body: bool = True):
        body = text.encode("utf-8")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body and self.command != "HEAD":
            self.wfile.write(body)

    def _page(self, with_body: bool):
        page = self.server.state.page
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if with_body:
            self.wfile.write(page)

    def _known_generation(self, query: str) -> int:
        """The generation the browser has: Last-Event-ID on reconnects, else ``?since=``."""
        since = self.headers.get("Last-Event-ID") or parse_qs(query).get("since", [None])[0]
        return self.server.state.known(since)

    def _events(self, query: str, with_body: bool):
        if with_body and not self.server.become_stream():
            # Every stream is taken: the page's EventSource gives up on a 503, and the page
            # tries again after a moment.
            self.send_response(HTTPStatus.SERVICE_UNAVAILABLE)
            self.send_header("Retry-After", str(STREAM_BUSY_RETRY_SECONDS))
            return self._finish_text("too many open pages; this one tries again in a moment\n")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("X-Accel-Buffering", "no")  # nginx and friends: don't buffer the stream
        self.end_headers()
        if not with_body:
            return
        self.close_connection = True
        state = self.server.state
        try:
            generation, events = state.connect(self._known_generation(query))
            self.wfile.write(f"retry: {RETRY_MS}\n\n".encode("ascii") + b"".join(events))
            keep_alive_at = time.monotonic() + self.server.keep_alive
            while True:
                # Wake at least every STREAM_CHECK_SECONDS to see whether the browser went away,
                # so a closed tab frees its stream within a second, not at the next keep-alive.
                wait = min(STREAM_CHECK_SECONDS, max(0.0, keep_alive_at - time.monotonic()))
                update = state.wait(generation, wait)
                if update is None:
                    return  # shutting down
                generation, events = update
                if events or time.monotonic() >= keep_alive_at:
                    self.wfile.write(b"".join(events) or b": keep-alive\n\n")
                    keep_alive_at = time.monotonic() + self.server.keep_alive
                elif self._gone():
                    return
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            return  # the browser went away (tab closed, page reloaded)

    def _gone(self) -> bool:
        """True once the browser has closed the stream (it never sends anything on it)."""
        import select

        if hasattr(select, "poll"):  # no limit on descriptor numbers, unlike select()
            poller = select.poll()
            poller.register(self.connection, select.POLLIN)
            if not poller.poll(0):
                return False
        elif not select.select([self.connection], [], [], 0)[0]:  # pragma: no cover - Windows
            return False
        try:  # readable: closed, reset, or (never from a browser) more bytes
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True


def _allowed_hosts(host: str, port: int):
    """Host header values to accept, or None to accept any (listening on every interface)."""
    if host in WILDCARD_HOSTS:
        return None
    shown = f"[{host}]" if ":" in host else host
    names = {shown.lower(), *LOCAL_NAMES}
    return frozenset({f"{name}:{port}" for name in names} | names)


def _bind(host: str, port: int, state: LiveState, keep_alive: float, log, **limits) -> _Server:
    try:
        server = _Server((host, port), state, keep_alive, log, **limits)
    except OSError as exc:
        raise UsageError([_bind_problem(host, port, exc)]) from None
    server.allowed_hosts = _allowed_hosts(host, server.server_port)
    return server


def _bind_problem(host: str, port: int, exc: OSError) -> Problem:
    if exc.errno == errno.EADDRINUSE:
        return usage_problem("port", f"port {port} on {host} is already in use",
                             f"stop the other server, or pick another port: --port {port + 1} "
                             "(--port 0 picks a free one)")
    if exc.errno == errno.EACCES:
        return usage_problem("port", f"not allowed to listen on port {port}",
                             "ports below 1024 need special rights; use e.g. --port 8000")
    reason = exc.strerror or str(exc)
    return usage_problem("host", f"cannot listen on {host}:{port}: {reason}",
                         "use --host 127.0.0.1 (this machine only), or an address of this machine")


class LiveServer:
    """The page, the event stream, the watchers and the reloader, started and stopped together.

    ``start()`` raises :class:`~chainmap.errors.UsageError` when the port is taken
    or a path does not exist or is not a file or folder.  Invalid YAML does not
    stop it: the page shows the problems until they are fixed.

    ``request_timeout``, ``send_timeout``, ``max_requests`` and ``max_streams``
    bound the connections (defaults: the module's constants); ``worker=False``
    loads and draws in this process instead of a worker process.  ``since`` (a git
    revision) marks what changed since then on the page, compared again on each save.
    """

    def __init__(self, paths, *, host: str = "127.0.0.1", port: int = 8000, options=None,
                 as_of: date | None = None, log=log_to_stderr, describe=None,
                 keep_alive: float = KEEP_ALIVE_SECONDS, request_timeout: float | None = None,
                 send_timeout: float | None = None, max_requests: int | None = None,
                 max_streams: int | None = None, worker: bool = True, since: str | None = None):
        self.paths = [os.fspath(path) for path in paths]
        self.host = host
        self.port = port
        self.log = log
        self.keep_alive = keep_alive
        # None: the module's value when the server starts (tests may change those).
        self.limits = {"request_timeout": request_timeout, "send_timeout": send_timeout,
                       "max_requests": max_requests, "max_streams": max_streams}
        self.state = LiveState()
        self.reloader = Reloader(self.paths, options or RenderOptions(), self.state, as_of=as_of, log=log,
                                 describe=describe, worker=worker, since=since)
        self._stop = threading.Event()
        self._cancelled = False
        self._server = None
        self._serving = False
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in WILDCARD_HOSTS else self.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self._server.server_port}/"

    @property
    def title(self) -> str:
        return self.reloader.title or self.reloader.options.title or ", ".join(self.paths)

    def start(self) -> "LiveServer":
        """Listen, watch, load the map, and serve; returns early (serving nothing) once cancelled."""

        if self.reloader.options.theme not in PAGE_THEMES:
            raise UsageError([usage_problem("theme", f"the page has no {self.reloader.options.theme!r} theme",
                                            f"use one of: {', '.join(PAGE_THEMES)}")])

        missing = [path for path in self.paths if not os.path.exists(path)]
        if missing:
            raise UsageError([Problem(path, 0, 0, "error", "missing-path", "no such file or directory",
                                      "check the spelling; serve watches paths that exist")
                              for path in missing])
        # A named pipe, a device or a socket given by name is refused now: reading one can wait
        # forever.  (find_files only looks at what each path is; it opens nothing.)
        problems: list[Problem] = []
        find_files([path for path in self.paths if not os.path.isdir(path)], problems)
        if any(problem.severity == "error" for problem in problems):
            raise UsageError([problem for problem in problems if problem.severity == "error"])
        defaults = {"request_timeout": REQUEST_TIMEOUT, "send_timeout": SEND_TIMEOUT,
                    "max_requests": MAX_REQUESTS, "max_streams": MAX_STREAMS}
        limits = {name: defaults[name] if value is None else value for name, value in self.limits.items()}
        self._server = _bind(self.host, self.port, self.state, self.keep_alive, self.log, **limits)
        # Watch first, then read: a save in between is reloaded, never missed.
        self._threads = watch_paths(self.paths, self.reloader.changed, self._stop, self.log)
        # The first map is drawn before the page is served; Ctrl-C or SIGTERM meanwhile ends
        # the wait (see cancel).
        self.reloader.load(first=True)
        if self._cancelled:
            return self
        self.reloader.start()
        thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.25},
                                  name="chainmap-http", daemon=True)
        thread.start()
        self._serving = True
        self._threads.append(thread)
        return self

    def cancel(self) -> None:
        """Give up starting or reloading at once; :meth:`stop` then cleans up.

        Only sets flags, so a signal handler may call it.
        """
        self._cancelled = True
        self.reloader.cancel()

    def stop(self) -> None:
        self.cancel()
        self._stop.set()
        self.reloader.stop()  # ends the worker process too
        self.state.close()  # event streams end, so their threads finish
        if self._server is not None:
            self._server.closing.set()
            if self._serving:
                self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> "LiveServer":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info) -> None:
        self.stop()


def serve(paths, *, open_browser: bool = False, log=log_to_stderr, **settings) -> None:
    """Run a :class:`LiveServer` until Ctrl-C (SIGINT) or SIGTERM, then stop it cleanly.

    The main thread only waits: reading and drawing happen in a worker process, so a
    signal is answered at once, even while the first map is being drawn.
    """
    import signal

    stopping = threading.Event()
    server = LiveServer(paths, log=log, **settings)

    def stop_now(*_):
        stopping.set()
        server.cancel()

    previous = {number: signal.signal(number, stop_now) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.start()
        if not stopping.is_set():
            if server.host in WILDCARD_HOSTS:
                log("warning: listening on every network interface: other machines can read the map")
            log(f"Serving {server.title} at {server.url} (Ctrl-C to stop)")
            if open_browser:
                import webbrowser

                threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
        while not stopping.wait(1):
            pass
    finally:
        server.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
    log("stopped")
