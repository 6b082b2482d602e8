"""`chainmap serve`: the real server in a subprocess, real files on disk, real HTTP.

The browser side (the page updating, the overlay) is in test_serve_browser.py.
"""

from __future__ import annotations

import os
import re
import selectors
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from urllib.parse import quote

import pytest

from live_server import (AS_OF, EventStream, ServeProcess, copy_acme, proc_status, request, running, save,
                         wait_until, worker_pids)

LINUX = sys.platform.startswith("linux")
needs_proc = pytest.mark.skipif(not LINUX, reason="reads threads and processes from /proc")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")

BROKEN_PAYROLL = "team: Payroll\ncustomers:\n  - team: [HR Advisory\n"
PROBLEM_LINE = re.compile(r"payroll\.yaml:\d+:\d+: error\[yaml-syntax\]: ")


@pytest.fixture
def teams(tmp_path):
    return copy_acme(tmp_path)


@pytest.fixture
def server(teams):
    with ServeProcess(teams, args=("--as-of", AS_OF)) as process:
        yield process


@pytest.fixture(scope="module")
def reading(tmp_path_factory):
    """One server for the tests that only read (start-up is the slow part of a test)."""
    teams = copy_acme(tmp_path_factory.mktemp("reading"))
    with ServeProcess(teams, args=("--as-of", AS_OF)) as process:
        process.teams = teams
        yield process


def page_generation(url: str) -> str:
    """The events URL the page opens, with the generation it was drawn from."""
    status, _, body = request(url)
    assert status == 200
    return re.search(r'<meta name="chainmap-live" content="([^"]+)"', body.decode("utf-8")).group(1)


def add_customer(teams, name: str) -> None:
    payroll = teams / "payroll.yaml"
    save(payroll, payroll.read_text(encoding="utf-8") + f"  - {name}\n")


# --- start-up and HTTP ---------------------------------------------------------------------------

def test_start_up_prints_the_address_and_what_was_loaded(reading):
    assert reading.url.startswith("http://127.0.0.1:")
    assert reading.wait_for("loaded: ") == "loaded: 26 teams, 47 links, 4 without feedback"
    assert f"Serving Acme Health at {reading.url} (Ctrl-C to stop)" in reading.lines


def test_the_page_is_the_live_map(reading):
    status, headers, body = request(reading.url)
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<meta name="chainmap-live" content="/events' in page
    assert "Acme Health" in page and "Payroll" in page
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    status, head_headers, head_body = request(reading.url, "HEAD")
    assert status == 200 and head_body == b""
    assert head_headers["Content-Length"] == headers["Content-Length"] == str(len(body))


def test_events_is_an_event_stream(reading):
    with EventStream(reading.url, page_generation(reading.url)) as stream:
        assert stream.status == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["cache-control"] == "no-store"
        assert stream.next_block(timeout=5)["retry"] == "1000"  # reconnect within a second


def test_nothing_can_be_written(reading):
    teams = reading.teams
    before = {path: path.read_bytes() for path in teams.rglob("*")}
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"):
        for path in ("/", "/events", "/payroll.yaml"):
            status, headers, _ = request(reading.url, method, path, body=b"team: Hacked\n")
            assert status == 405, (method, path)
            assert headers["Allow"] == "GET, HEAD"
    assert {path: path.read_bytes() for path in teams.rglob("*")} == before


def test_unknown_paths_are_not_found(reading):
    for path in ("/nope", "/payroll.yaml", "/events/x", "/../../etc/passwd", "/favicon.ico"):
        status, headers, _ = request(reading.url, path=path)
        assert status == 404, path
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_other_host_names_are_refused(reading):
    port = reading.url.rsplit(":", 1)[1].rstrip("/")
    # DNS rebinding: a site whose name now points at 127.0.0.1 still sends its own name.
    assert request(reading.url, headers={"Host": f"evil.example:{port}"})[0] == 403
    assert request(reading.url, path="/events", headers={"Host": "evil.example"})[0] == 403
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        assert request(reading.url, headers={"Host": host})[0] == 200


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="127.0.0.2 reaches this machine on Linux only")
def test_listens_on_127_0_0_1_only(reading):
    port = int(reading.url.rsplit(":", 1)[1].rstrip("/"))
    # Every 127.x.y.z address is this machine on Linux; a server on all interfaces would answer.
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.2", port), timeout=5).close()
    socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_browsers_that_go_away_leave_no_noise(teams):
    from chainmap.serve import LiveServer

    lines = []
    # One request thread: the last request below is answered only once every connection before
    # it was handled, so nothing can still be on its way when the log is read.
    with LiveServer([teams], port=0, log=lines.append, max_requests=1) as server:
        mark = len(lines)
        port = int(server.url.rsplit(":", 1)[1].rstrip("/"))
        for path in ("/", "/events"):
            for _ in range(5):
                client = socket.create_connection(("127.0.0.1", port))
                client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("ascii"))
                # Close at once with a reset, mid-answer, like a tab closed while loading.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()
        assert request(server.url)[0] == 200
        assert lines[mark:] == []


# --- live updates ---------------------------------------------------------------------------------

def test_a_save_sends_the_new_map(server, teams):
    with EventStream(server.url, page_generation(server.url)) as stream:
        mark = server.mark()
        add_customer(teams, "Works Council")
        event, data, _ = stream.next_event(timeout=5)
    assert event == "map"
    assert "Works Council" in str(data)
    assert server.wait_for("reloaded: ", since=mark) == "reloaded: 27 teams, 48 links, 5 without feedback"
    assert b"Works Council" in request(server.url)[2]


def test_a_new_file_in_a_watched_directory_is_picked_up(server, teams):
    with EventStream(server.url, page_generation(server.url)) as stream:
        (teams / "audit" / "2027").mkdir(parents=True)  # new folders are watched too
        (teams / "audit" / "2027" / "internal-audit.yml").write_text(
            "team: Internal Audit\ncustomers: [Quality and Safety]\n", encoding="utf-8")
        event, data, _ = stream.next_event(timeout=5)
    assert event == "map" and "Internal Audit" in str(data)
    assert server.wait_for("reloaded: ") == "reloaded: 27 teams, 48 links, 5 without feedback"


def test_a_removed_file_is_noticed(server, teams):
    with EventStream(server.url, page_generation(server.url)) as stream:
        mark = server.mark()
        (teams / "cafe-catering.yaml").unlink()
        assert stream.next_event(timeout=5)[0] == "map"
    # Café & Catering is still a customer of others, now described nowhere: one more link without feedback.
    assert server.wait_for("reloaded: ", since=mark) == "reloaded: 26 teams, 47 links, 5 without feedback"


def test_invalid_yaml_keeps_the_last_good_map_until_fixed(server, teams):
    good_payroll = (teams / "payroll.yaml").read_text(encoding="utf-8")
    good_page = request(server.url)[2]
    with EventStream(server.url, page_generation(server.url)) as stream:
        mark = server.mark()
        save(teams / "payroll.yaml", BROKEN_PAYROLL)
        event, data, _ = stream.next_event(timeout=5)
        assert event == "problems"
        [line] = data["problems"]
        assert PROBLEM_LINE.search(line), line
        assert server.wait_for("invalid: ", since=mark) == "invalid: 1 error (kept the last good map)"
        assert PROBLEM_LINE.search(server.wait_for("payroll.yaml:", since=mark))
        # A browser opening the page now gets the last good map, and the problems on connecting.
        assert request(server.url)[2] == good_page
        with EventStream(server.url, page_generation(server.url)) as late:
            assert late.next_event(timeout=5)[:2] == ("problems", data)

        save(teams / "payroll.yaml", good_payroll.replace("Monthly salary", "Weekly salary"))
        event, data, _ = stream.next_event(timeout=5)
    assert event == "map" and "Weekly salary" in str(data)
    assert server.wait_for("reloaded: ", since=mark).startswith("reloaded: 26 teams")


def generation(event_id: str) -> int:
    return int(event_id.rpartition(".")[2])


def test_a_reconnecting_browser_is_sent_only_what_it_missed(server, teams):
    with EventStream(server.url, page_generation(server.url)) as stream:
        add_customer(teams, "Works Council")
        _, _, seen = stream.next_event(timeout=5)
    # It saw everything: on reconnecting, nothing but the retry hint and keep-alives.
    with EventStream(server.url, headers={"Last-Event-ID": seen}) as stream:
        with pytest.raises(TimeoutError):
            stream.next_event(timeout=1)
    mark = server.mark()
    add_customer(teams, "Unions")
    server.wait_for("reloaded: ", since=mark)
    with EventStream(server.url, headers={"Last-Event-ID": seen}) as stream:
        event, data, latest = stream.next_event(timeout=5)
        assert event == "map" and "Unions" in str(data) and generation(latest) > generation(seen)
    # A tab still open from an earlier run of the server: its ids mean nothing now, so it gets the map.
    earlier = f"0000.{generation(latest) + 5}"
    with EventStream(server.url, headers={"Last-Event-ID": earlier}) as stream:
        assert stream.next_event(timeout=5)[:2] == ("map", data)


def test_editor_temporary_files_and_hidden_folders_are_ignored(server, teams):
    with EventStream(server.url, page_generation(server.url)) as stream:
        mark = server.mark()
        (teams / ".git").mkdir()
        for name in (".payroll.yaml.swp", "payroll.yaml~", "#payroll.yaml#", ".#payroll.yaml",
                     "payroll.yaml___jb_tmp___", "notes.txt", ".git/broken.yaml"):
            (teams / name).write_text(BROKEN_PAYROLL, encoding="utf-8")
        with pytest.raises(TimeoutError):
            stream.next_event(timeout=1.5)
        assert server.lines[mark:] == []
        add_customer(teams, "Works Council")  # still watching
        assert stream.next_event(timeout=5)[0] == "map"


def test_a_file_given_by_name_is_watched_across_saves(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text("team: Payroll\ncustomers: [HR Advisory]\n", encoding="utf-8")
    with ServeProcess(team) as server, EventStream(server.url, page_generation(server.url)) as stream:
        for customer in ("Works Council", "Unions"):  # twice: the watch survives the rename of a save
            save(team, team.read_text(encoding="utf-8").replace("]", f", {customer}]"))
            event, data, _ = stream.next_event(timeout=5)
            assert event == "map" and customer in str(data)


def test_invalid_input_at_start_still_serves_and_recovers(tmp_path):
    teams = tmp_path / "teams"
    teams.mkdir()
    (teams / "payroll.yaml").write_text(BROKEN_PAYROLL, encoding="utf-8")
    with ServeProcess(teams) as server:
        assert PROBLEM_LINE.search(server.wait_for("payroll.yaml:"))
        assert server.wait_for("invalid: ") == "invalid: 1 error (showing an empty map until it is fixed)"
        assert f"Serving {teams} at {server.url} (Ctrl-C to stop)" in server.lines
        status, _, page = request(server.url)
        assert status == 200 and b'name="chainmap-live"' in page
        with EventStream(server.url, page_generation(server.url)) as stream:
            event, data, _ = stream.next_event(timeout=5)
            assert event == "problems" and PROBLEM_LINE.search(data["problems"][0])
            save(teams / "payroll.yaml", "team: Payroll\ncustomers: [HR Advisory]\n")
            event, data, _ = stream.next_event(timeout=5)
        assert event == "map" and "HR Advisory" in str(data)
        assert server.wait_for("reloaded: ") == "reloaded: 2 teams, 1 link, 1 without feedback"


def test_keep_alive_comments_hold_the_stream_open(teams):
    from chainmap.serve import LiveServer

    lines = []
    with LiveServer([teams], port=0, keep_alive=0.2, log=lines.append) as server:
        with EventStream(server.url, page_generation(server.url)) as stream:
            assert stream.next_block(timeout=2)["retry"] == "1000"
            assert stream.next_block(timeout=2)["comments"] == ["keep-alive"]
            assert stream.next_block(timeout=2)["comments"] == ["keep-alive"]
    assert lines == ["loaded: 26 teams, 47 links"]


# --- event ids that are not ours ---------------------------------------------------------------

def run_id(url: str) -> str:
    return page_generation(url).rpartition("=")[2].partition(".")[0]


NOT_IDS = ["\u00b2", "9" * 5000, "1\u0661", "-1", "+1", "1_0", " 1", "1e3", "", "99999999999999999999"]


@pytest.mark.parametrize("generation", NOT_IDS)
def test_a_cursor_that_is_not_an_event_id_gets_the_whole_map(reading, generation):
    """'²' passes str.isdigit but not int(); 5,000 digits are too many for int(): neither is an id."""
    mark = reading.mark()
    cursor = f"{run_id(reading.url)}.{generation}"
    with EventStream(reading.url, "/events?since=" + quote(cursor)) as stream:
        assert stream.status == 200
        event, data, _ = stream.next_event(timeout=5)
    assert event == "map" and "Payroll" in str(data)  # as if it had no cursor: the whole current map
    assert request(reading.url)[0] == 200
    assert reading.lines[mark:] == []  # nothing went wrong inside: no "error[internal]"


def test_a_last_event_id_that_is_not_an_event_id_gets_the_whole_map(reading):
    """Last-Event-ID is what a browser sends on reconnecting; it travels as a header (Latin-1)."""
    mark = reading.mark()
    run = run_id(reading.url)
    for cursor in [*(f"{run}.{generation}" for generation in NOT_IDS if generation.isascii() or
                     generation == "\u00b2"), "x" * 5000, f"{run}.{run}.1"]:
        with EventStream(reading.url, headers={"Last-Event-ID": cursor}) as stream:
            assert stream.status == 200, cursor[:20]
            event, data, _ = stream.next_event(timeout=5)
        assert event == "map" and "Payroll" in str(data)
    assert reading.lines[mark:] == []


# --- connections ---------------------------------------------------------------------------------

def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1].rstrip("/"))


def get_all_at_once(url: str, count: int, timeout: float) -> list[tuple[int, float]]:
    """``count`` GET / requests on as many connections, all open at once: ``(status, seconds)`` each."""
    selector = selectors.DefaultSelector()
    started = time.monotonic()
    for _ in range(count):
        client = socket.socket()
        client.setblocking(False)
        client.connect_ex(("127.0.0.1", port_of(url)))
        selector.register(client, selectors.EVENT_WRITE, {"sent": False, "answer": b""})
    answers = []
    while len(answers) < count and time.monotonic() - started < timeout:
        for key, _ in selector.select(0.5):
            client, state = key.fileobj, key.data
            if not state["sent"]:
                if client.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                    selector.unregister(client)
                    client.close()
                    answers.append((0, time.monotonic() - started))
                    continue
                client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                state["sent"] = True
                selector.modify(client, selectors.EVENT_READ, state)
                continue
            chunk = client.recv(1 << 20)
            state["answer"] += chunk
            if not chunk:
                selector.unregister(client)
                client.close()
                status = int(state["answer"].split(b" ", 2)[1]) if state["answer"] else 0
                answers.append((status, time.monotonic() - started))
    for key in list(selector.get_map().values()):
        key.fileobj.close()
    return answers


def test_two_hundred_requests_at_once_are_all_answered_quickly(reading):
    answers = get_all_at_once(reading.url, 200, timeout=30)
    assert len(answers) == 200
    assert {status for status, _ in answers} == {200}
    assert max(seconds for _, seconds in answers) < 5
    assert request(reading.url)[0] == 200


def request_threads() -> int:
    return sum(1 for thread in threading.enumerate() if thread.name == "chainmap-request")


@needs_proc
def test_connections_that_send_nothing_hold_a_bounded_number_of_threads_until_the_timeout(teams):
    from chainmap.serve import MAX_REQUESTS, LiveServer

    timeout = 1.0
    lines = []
    with LiveServer([teams], port=0, log=lines.append, request_timeout=timeout) as server:
        before = proc_status("self", "Threads")
        selector = selectors.DefaultSelector()
        opened = {}
        for _ in range(100):  # connect, then send nothing at all
            client = socket.create_connection(("127.0.0.1", port_of(server.url)), timeout=5)
            opened[client] = time.monotonic()
            selector.register(client, selectors.EVENT_READ)
        most_threads = most_handlers = 0
        lasted = []
        deadline = time.monotonic() + 30
        while selector.get_map() and time.monotonic() < deadline:
            most_threads = max(most_threads, proc_status("self", "Threads"))
            most_handlers = max(most_handlers, request_threads())
            for key, _ in selector.select(0.02):
                assert key.fileobj.recv(1024) == b""  # closed by the server, without an answer
                lasted.append(time.monotonic() - opened[key.fileobj])
                selector.unregister(key.fileobj)
                key.fileobj.close()
        assert len(lasted) == 100, "the server kept some idle connections open"
        assert min(lasted) >= timeout * 0.9  # the timeout closed them, nothing earlier
        assert most_handlers <= MAX_REQUESTS
        assert most_threads - before <= MAX_REQUESTS + 2
        # The page still works.
        assert request(server.url)[0] == 200
        with EventStream(server.url, page_generation(server.url)) as stream:
            assert stream.next_block(timeout=5)["retry"] == "1000"
    assert lines == ["loaded: 26 teams, 47 links"]


def test_a_request_sent_slowly_is_cut_off_at_the_timeout(teams):
    """Each byte in time is not enough: the whole request must arrive within the timeout."""
    from chainmap.serve import LiveServer

    with LiveServer([teams], port=0, log=[].append, request_timeout=1.0) as server:
        client = socket.create_connection(("127.0.0.1", port_of(server.url)), timeout=10)
        started = time.monotonic()
        closed = None
        for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100:
            try:
                client.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = time.monotonic() - started
                break
            readable, _, _ = selectors.select.select([client], [], [], 0.2)
            if readable:
                assert client.recv(1024) == b""
                closed = time.monotonic() - started
                break
        client.close()
        assert closed is not None and 0.9 <= closed < 5
        assert request(server.url)[0] == 200


def test_pages_beyond_the_open_stream_limit_are_told_to_come_back(teams):
    from chainmap.serve import LiveServer

    with LiveServer([teams], port=0, log=[].append, max_streams=2) as server:
        path = page_generation(server.url)
        with EventStream(server.url, path) as first, EventStream(server.url, path) as second:
            for stream in (first, second):
                assert stream.status == 200 and stream.next_block(timeout=5)["retry"] == "1000"
            with EventStream(server.url, path) as third:
                assert third.status == 503
                assert third.headers["retry-after"] == "2"
            assert request(server.url)[0] == 200  # the page itself is served all the same
        # A closed page frees its stream within a second or so.

        def stream_status():
            with EventStream(server.url, path) as again:
                return again.status == 200

        wait_until(stream_status, timeout=10, message="a stream once the others closed")


# --- nothing hangs, nothing is left behind ---------------------------------------------------------

@needs_fifo
def test_a_named_pipe_in_a_watched_folder_hangs_nothing(server, teams):
    with EventStream(server.url, page_generation(server.url)) as stream:
        mark = server.mark()
        os.mkfifo(teams / "x.yaml")  # reading it would wait for a writer forever
        assert request(server.url)[0] == 200  # still answering
        add_customer(teams, "Works Council")  # the next save still reloads
        event, data, _ = stream.next_event(timeout=10)
        assert event == "map" and "Works Council" in str(data)
        assert server.wait_for("reloaded: ", since=mark) == "reloaded: 27 teams, 48 links, 5 without feedback"
        assert any("x.yaml" in line for line in server.lines[mark:])  # the pipe is named, as skipped
        (teams / "x.yaml").unlink()
        add_customer(teams, "Unions")
        event, data, _ = stream.next_event(timeout=10)
        assert event == "map" and "Unions" in str(data)
        started = time.monotonic()
        assert server.stop(signal.SIGTERM) == 0
        assert time.monotonic() - started < 5
    assert server.lines[-1] == "stopped"


@needs_fifo
def test_a_named_pipe_given_by_name_is_an_error_at_start(tmp_path):
    pipe = tmp_path / "x.yaml"
    os.mkfifo(pipe)
    result = subprocess.run([sys.executable, "-m", "chainmap", "serve", str(pipe), "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{pipe}: error[not-a-file]: ")
    assert result.stderr.count("\n") == 1


@needs_proc
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_the_first_map_is_drawn_stops_at_once(tmp_path, sig):
    big = tmp_path / "big.yaml"  # 100,000 customers: reading, checking and drawing them takes minutes
    big.write_text("team: Big\ncustomers:\n" + "".join(f"  - Customer {i}\n" for i in range(100_000)),
                   encoding="utf-8")
    with ServeProcess(big, started=False) as process:
        workers = wait_until(lambda: worker_pids(process.proc.pid), timeout=30, message="a worker process")
        assert not any(line.startswith("Serving ") for line in process.lines)  # still on the first map
        started = time.monotonic()
        assert process.stop(sig) == 0
        assert time.monotonic() - started < 5
    assert process.lines[-1] == "stopped" and "Traceback" not in process.stderr
    wait_until(lambda: not any(running(pid) for pid in workers), timeout=5, message="the worker process ended")


@needs_fifo
def test_the_watchers_never_reload_for_a_named_pipe(tmp_path):
    """What the watchers let through starts a reload; a named pipe must not (reading it waits forever)."""
    from watchfiles import Change

    from chainmap.watch import file_filter, yaml_filter

    pipe, team, gone = tmp_path / "x.yaml", tmp_path / "team.yaml", tmp_path / "gone.yaml"
    os.mkfifo(pipe)
    team.write_text("team: Payroll\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(pipe)
    for relevant in (yaml_filter([str(tmp_path)]), file_filter([str(pipe), str(team), str(gone)])):
        for change in (Change.added, Change.modified):
            assert not relevant(change, str(pipe))
            assert relevant(change, str(team))
        assert relevant(Change.deleted, str(gone))  # a save that renamed it away, or a deleted pipe
    assert not yaml_filter([str(tmp_path)])(Change.added, str(tmp_path / "link.yaml"))
    (tmp_path / "2027.yaml").mkdir()  # a folder, whatever its name: its files are read
    assert yaml_filter([str(tmp_path)])(Change.added, str(tmp_path / "2027.yaml"))


@needs_proc
def test_the_worker_process_ends_with_a_killed_server(teams):
    with ServeProcess(teams) as process:
        [worker] = wait_until(lambda: worker_pids(process.proc.pid), message="a worker process")
        process.proc.kill()  # no chance to clean up
        process.proc.wait(10)
    wait_until(lambda: not running(worker), timeout=10, message="the worker process ended")


@needs_proc
def test_a_worker_process_that_dies_is_replaced(server, teams):
    [worker] = wait_until(lambda: worker_pids(server.proc.pid), message="a worker process")
    os.kill(worker, signal.SIGKILL)
    with EventStream(server.url, page_generation(server.url)) as stream:
        add_customer(teams, "Works Council")
        event, data, _ = stream.next_event(timeout=10)
    assert event == "map" and "Works Council" in str(data)
    assert "error" not in server.stderr


def test_a_reload_that_takes_too_long_is_stopped_and_the_server_carries_on(teams, monkeypatch):
    from chainmap import live
    from chainmap.serve import LiveServer

    # No worker process starts this quickly: the first reload runs out of time.
    monkeypatch.setattr(live, "RELOAD_TIMEOUT_SECONDS", 0.01)
    lines = []
    with LiveServer([teams], port=0, log=lines.append) as server:
        assert lines == ["chainmap: error[reload]: loading and drawing the map took longer than 0.01 s "
                         "and was stopped"]
        status, _, page = request(server.url)
        assert status == 200 and b'name="chainmap-live"' in page  # an empty map, with the problem on top
        with EventStream(server.url, page_generation(server.url)) as stream:
            event, data, _ = stream.next_event(timeout=5)
            assert event == "problems" and "took longer than 0.01 s" in data["problems"][0]
            monkeypatch.setattr(live, "RELOAD_TIMEOUT_SECONDS", 60)
            add_customer(teams, "Works Council")
            event, data, _ = stream.next_event(timeout=10)
        assert event == "map" and "Works Council" in str(data)


@needs_proc
def test_the_worker_process_is_replaced_after_its_share_of_reloads(teams, monkeypatch):
    from chainmap import live
    from chainmap.serve import LiveServer

    monkeypatch.setattr(live, "WORKER_RELOADS", 2)
    workers = set()
    with LiveServer([teams], port=0, log=[].append) as server:
        with EventStream(server.url, page_generation(server.url)) as stream:
            for customer in ("Works Council", "Unions", "Auditors", "Pension Fund"):
                workers.update(worker_pids(os.getpid()))
                add_customer(teams, customer)
                event, data, _ = stream.next_event(timeout=10)
                assert event == "map" and customer in str(data)
        workers.update(worker_pids(os.getpid()))
    assert len(workers) >= 2  # five reloads, two each: a third worker is waiting already
    wait_until(lambda: not set(worker_pids(os.getpid())) & workers, timeout=5, message="the workers ended")


def test_an_idle_event_stream_outlives_the_request_and_send_timeouts(teams):
    from chainmap.serve import LiveServer

    with LiveServer([teams], port=0, log=[].append, keep_alive=1.5, request_timeout=0.3,
                    send_timeout=0.3) as server:
        with EventStream(server.url, page_generation(server.url)) as stream:
            assert stream.next_block(timeout=5)["retry"] == "1000"
            started = time.monotonic()
            for _ in range(2):  # nothing but keep-alives, for ten times the timeouts
                assert stream.next_block(timeout=5)["comments"] == ["keep-alive"]
            assert time.monotonic() - started >= 2.5


# --- stopping and failing to start -------------------------------------------------------------

@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_cleanly(server, sig):
    workers = worker_pids(server.proc.pid) if LINUX else []
    with EventStream(server.url, page_generation(server.url)) as stream:
        stream.next_block(timeout=5)  # a browser is connected
        started = time.monotonic()
        assert server.stop(sig) == 0
        assert time.monotonic() - started < 5
        with pytest.raises(EOFError):
            stream.next_block(timeout=5)
    assert server.lines[-1] == "stopped"
    assert "Traceback" not in server.stderr
    with pytest.raises(ConnectionRefusedError):
        request(server.url)
    assert not [pid for pid in workers if running(pid)]  # its worker process ended too


def test_a_port_in_use_is_a_clear_error(teams):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "chainmap", "serve", str(teams), "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == (f"chainmap: error[port]: port {port} on 127.0.0.1 is already in use; stop the "
                             f"other server, or pick another port: --port {port + 1} (--port 0 picks a free one)\n")


def test_a_missing_path_is_a_clear_error(teams):
    result = subprocess.run([sys.executable, "-m", "chainmap", "serve", str(teams), "no-such-dir", "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("no-such-dir: error[missing-path]: no such file or directory")
    assert result.stderr.count("\n") == 1


def test_open_shows_the_page_in_the_default_browser(teams, tmp_path):
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    env = {**os.environ, "BROWSER": str(browser)}  # the webbrowser module's documented override
    with ServeProcess(teams, args=("--open",), env=env) as server:
        deadline = time.monotonic() + 10
        while not (opened.exists() and opened.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text() == server.url
