"""Helpers for the `chainmap serve` tests: the real server as a subprocess, and an event-stream reader."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-11-22"


def copy_acme(tmp_path: Path) -> Path:
    teams = tmp_path / "teams"
    shutil.copytree(ACME, teams)
    return teams


def save(path: Path, text: str) -> None:
    """Save the way many editors do: a new file renamed over the old one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


class ServeProcess:
    """``python -m chainmap serve PATH... --port 0`` with its stderr collected line by line."""

    def __init__(self, *paths, args=(), env=None, cwd=None, started=True):
        command = [sys.executable, "-m", "chainmap", "serve", *map(str, paths), "--port", "0", *args]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env, cwd=cwd)
        self.lines: list[str] = []
        self.ended = False
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = None
        if started:
            line = self.wait_for("Serving ", timeout=60)
            self.url = re.search(r" at (http://\S+/) \(Ctrl-C to stop\)$", line).group(1)

    def _read(self):
        for line in self.proc.stderr:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self.ended = True
            self._changed.notify_all()

    @property
    def stderr(self) -> str:
        with self._changed:
            return "\n".join(self.lines)

    def mark(self) -> int:
        """Where the lines printed from now on start (for ``wait_for(..., since=)``)."""
        with self._changed:
            return len(self.lines)

    def wait_for(self, text: str, timeout: float = 10, since: int = 0) -> str:
        """The first line from ``since`` on that contains ``text``; fails after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines[since:]:
                    if text in line:
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.ended:
                    raise AssertionError(f"no line with {text!r} within {timeout} s; stderr:\n{self.stderr}")
                self._changed.wait(left)

    def stop(self, sig=signal.SIGINT, timeout: float = 10) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"serve did not stop within {timeout} s after {sig!r}; stderr:\n{self.stderr}")
        with self._changed:
            self._changed.wait_for(lambda: self.ended, 5)
        return code

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.proc.poll() is None:
            self.stop()


class EventStream:
    """A client of ``/events`` that reads one server-sent event at a time.

    Reads the socket itself, so a read that times out (nothing sent) leaves the
    stream usable.
    """

    def __init__(self, url: str, path: str = "/events", headers=None, timeout: float = 10):
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        lines = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}", "Accept: text/event-stream"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        self._buffer = b""
        head = self._read_until(b"\r\n\r\n", timeout).decode("latin-1").split("\r\n")
        self.status = int(head[0].split()[1])
        self.headers = {name.lower(): value for name, _, value in
                        (line.partition(": ") for line in head[1:] if line)}

    def _read_until(self, end: bytes, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        while end not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("nothing more from the event stream")
            self.sock.settimeout(left)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the server closed the event stream")
            self._buffer += chunk
        found, _, self._buffer = self._buffer.partition(end)
        return found

    def next_block(self, timeout: float = 10) -> dict:
        """The next block of fields up to a blank line: {"event", "id", "data", "retry", "comments"}."""
        text = self._read_until(b"\n\n", timeout).decode("utf-8")
        block = {"event": None, "id": None, "data": None, "retry": None, "comments": []}
        for line in text.split("\n"):
            if line.startswith(":"):
                block["comments"].append(line[1:].strip())
            else:
                field, _, value = line.partition(": ")
                block[field] = value
        return block

    def next_event(self, timeout: float = 10) -> tuple[str, dict, str]:
        """``(event, data, id)`` of the next real event, skipping keep-alives and retry hints."""
        deadline = time.monotonic() + timeout
        while True:
            block = self.next_block(deadline - time.monotonic())
            if block["event"]:
                return block["event"], json.loads(block["data"]), block["id"]

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def request(url: str, method: str = "GET", path: str = "/", headers=None, body=None):
    """``(status, headers, body bytes)`` of one plain request."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


# --- a process as /proc shows it (Linux) ---------------------------------------------------------

def proc_status(pid: int | str, field: str) -> int:
    """A number from /proc/PID/status: ``Threads``, or ``VmRSS`` (in kB)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name == field:
                return int(value.split()[0])
    raise KeyError(field)


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the server's worker process)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def running(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, ended but not yet reaped by its parent, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def worker_pids(pid: int) -> list[int]:
    """The worker processes (chainmap.live's DrawingWorker) of the server process ``pid``."""
    found = []
    for child in child_pids(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as cmdline:
                if b"worker_main" in cmdline.read():
                    found.append(child)
        except OSError:  # ended meanwhile
            pass
    return found


def wait_until(condition, timeout: float = 10, message: str = "condition"):
    """``condition()``'s first true value, polled; fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{message}: not within {timeout} s")
        time.sleep(0.05)

