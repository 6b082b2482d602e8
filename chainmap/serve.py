"""`chainmap serve`: the interactive page, kept up to date while teams edit their YAML.

>>> with LiveServer(["teams/"], port=0) as server:
...     print(server.url)          # http://127.0.0.1:40123/

Three kinds of thread share one :class:`~chainmap.live.LiveState`: watchers
(``chainmap.watch``) notice saves and wake the reloader (``chainmap.live``), which
publishes the new map or the problems; HTTP threads serve the current page at
``/`` and stream server-sent events at ``/events``.  Nothing a client sends can
write anything: only GET and HEAD exist.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
import threading
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .errors import Problem, UsageError, usage_problem
from .live import EVENTS_PATH, LiveState, Reloader, log_to_stderr

KEEP_ALIVE_SECONDS = 15  # a comment line now and then, so proxies and browsers keep the stream open
RETRY_MS = 1000  # how soon a browser reconnects after the stream drops (the default is ~3 s)
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, state: LiveState, keep_alive: float, log):
        host = address[0]
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.state = state
        self.allowed_hosts = None  # set once the port is known
        self.keep_alive = keep_alive
        self.log = log
        super().__init__(address, _Handler)

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


class _Handler(BaseHTTPRequestHandler):
    server_version = "chainmap"
    sys_version = ""

    def version_string(self):
        return "chainmap"
    server: _Server

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
            while True:
                update = state.wait(generation, self.server.keep_alive)
                if update is None:
                    return  # shutting down
                generation, events = update
                self.wfile.write(b"".join(events) or b": keep-alive\n\n")
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            return  # the browser went away (tab closed, page reloaded)


def _allowed_hosts(host: str, port: int):
    """Host header values to accept, or None to accept any (listening on every interface)."""
    if host in WILDCARD_HOSTS:
        return None
    shown = f"[{host}]" if ":" in host else host
    names = {shown.lower(), *LOCAL_NAMES}
    return frozenset({f"{name}:{port}" for name in names} | names)


def _bind(host: str, port: int, state: LiveState, keep_alive: float, log) -> _Server:
    try:
        server = _Server((host, port), state, keep_alive, log)
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
    or a path does not exist.  Invalid YAML does not stop it: the page shows the
    problems until they are fixed.
    """

    def __init__(self, paths, *, host: str = "127.0.0.1", port: int = 8000, options=None,
                 as_of: date | None = None, log=log_to_stderr, describe=None,
                 keep_alive: float = KEEP_ALIVE_SECONDS):
        from .render import RenderOptions

        self.paths = [os.fspath(path) for path in paths]
        self.host = host
        self.port = port
        self.log = log
        self.keep_alive = keep_alive
        self.state = LiveState()
        self.reloader = Reloader(self.paths, options or RenderOptions(), self.state, as_of=as_of, log=log,
                                 describe=describe)
        self._stop = threading.Event()
        self._server = None
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
        from .render.html import PAGE_THEMES
        from .watch import watch_paths

        if self.reloader.options.theme not in PAGE_THEMES:
            raise UsageError([usage_problem("theme", f"the page has no {self.reloader.options.theme!r} theme",
                                            f"use one of: {', '.join(PAGE_THEMES)}")])

        missing = [path for path in self.paths if not os.path.exists(path)]
        if missing:
            raise UsageError([Problem(path, 0, 0, "error", "missing-path", "no such file or directory",
                                      "check the spelling; serve watches paths that exist")
                              for path in missing])
        self._server = _bind(self.host, self.port, self.state, self.keep_alive, self.log)
        # Watch first, then read: a save in between is reloaded, never missed.
        self._threads = watch_paths(self.paths, self.reloader.changed, self._stop, self.log)
        self.reloader.load(first=True)
        self.reloader.start()
        thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.25},
                                  name="chainmap-http", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        self.reloader.stop()
        self.state.close()  # event streams end, so their threads finish
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def serve(paths, *, open_browser: bool = False, log=log_to_stderr, **settings) -> None:
    """Run a :class:`LiveServer` until Ctrl-C (SIGINT) or SIGTERM, then stop it cleanly."""
    import signal

    stopping = threading.Event()
    previous = {number: signal.signal(number, lambda *_: stopping.set())
                for number in (signal.SIGINT, signal.SIGTERM)}
    server = None
    try:
        server = LiveServer(paths, log=log, **settings).start()
        if server.host in WILDCARD_HOSTS:
            log("warning: listening on every network interface: other machines can read the map")
        log(f"Serving {server.title} at {server.url} (Ctrl-C to stop)")
        if open_browser:
            import webbrowser

            threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
        while not stopping.wait(1):
            pass
    finally:
        if server is not None:
            server.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
    log("stopped")
