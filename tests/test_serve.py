"""`chainmap serve`: the real server in a subprocess, real files on disk, real HTTP.

The browser side (the page updating, the overlay) is in test_serve_browser.py.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time

import pytest

from live_server import AS_OF, EventStream, ServeProcess, copy_acme, request, save

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


def test_browsers_that_go_away_leave_no_noise(reading):
    mark = reading.mark()
    for path in ("/", "/events"):
        for _ in range(5):
            client = socket.create_connection(("127.0.0.1", int(reading.url.rsplit(":", 1)[1].rstrip("/"))))
            client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("ascii"))
            # Close at once with a reset, mid-answer, like a tab closed while loading.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
    time.sleep(0.5)
    assert request(reading.url)[0] == 200
    assert reading.lines[mark:] == []


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


# --- stopping and failing to start -------------------------------------------------------------

@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_cleanly(server, sig):
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
