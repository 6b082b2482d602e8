"""SOAK: `chainmap serve` through a long workshop keeps its memory flat.

Graphviz keeps a little memory of every drawing (about 170 KB a reload for the
Acme map), so a server that draws in its own process grows without end.  This
test reloads the map a thousand times, every fifth time with invalid YAML, and
measures the memory (RSS, from /proc) of the server process plus its worker
process.

To keep it to about a minute, the reloads are not driven by file events (the
watcher waits for a burst of saves to end before each one): the driver saves
the file and then calls ``Reloader.changed()``, the very call the watcher makes,
so each reload runs the real reload code (worker process and all).  The watcher
itself is switched off for this, or every save would be reloaded twice.

Run on its own: ``python tests/test_serve_soak.py TEAMS_DIR RELOADS`` prints the
measurements as JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from live_server import child_pids, copy_acme, proc_status, request

RELOADS = 1000
GROWTH_LIMIT_MB = 20
BROKEN = "team: Payroll\ncustomers:\n  - team: [HR Advisory\n"
SAMPLE_EVERY = 10


def memory_mb(pid: int) -> float:
    """RSS of ``pid`` and its child processes (the worker), in MB."""
    total = 0
    for process in [pid, *child_pids(pid)]:
        try:
            total += proc_status(process, "VmRSS")
        except (OSError, KeyError):  # ended meanwhile, or a zombie
            pass
    return total / 1024


def drive(teams: Path, reloads: int) -> dict:
    """Serve ``teams``; save and reload ``reloads`` times; the memory every SAMPLE_EVERY reloads."""
    import chainmap.serve
    from chainmap.serve import LiveServer

    # Reloads come from Reloader.changed() below, one per save; a watcher would add its own.
    chainmap.serve.watch_paths = lambda *args, **kwargs: []
    finished = threading.Condition()
    done = []

    def log(line: str) -> None:
        # The last line of every reload; "chainmap: error[...]" when one failed.
        if line.startswith(("loaded:", "reloaded:", "invalid:", "chainmap: error")):
            with finished:
                done.append(line)
                finished.notify_all()

    payroll = teams / "payroll.yaml"
    good = payroll.read_text(encoding="utf-8")
    samples = []
    with LiveServer([teams], port=0, as_of=date(2026, 11, 22), log=log) as server:
        for number in range(reloads):
            if number % 5 == 4:
                payroll.write_text(BROKEN, encoding="utf-8")
            else:  # a different map each time, so each good reload is published
                payroll.write_text(good.replace("Monthly salary", f"Monthly salary ({number})"), encoding="utf-8")
            with finished:
                before = len(done)
                server.reloader.changed()
                if not finished.wait_for(lambda: len(done) > before, timeout=120):
                    raise SystemExit(f"reload {number} did not finish")
            if number % SAMPLE_EVERY == SAMPLE_EVERY - 1:
                status, _, _ = request(server.url)  # the page is served all along
                assert status == 200
                samples.append(round(memory_mb(os.getpid()), 1))
    return {"reloads": len(done) - 1, "invalid": sum(line.startswith("invalid:") for line in done),
            "failed": [line for line in done if line.startswith("chainmap: error")], "samples_mb": samples}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the memory from /proc")
def test_soak_a_thousand_reloads_keep_the_server_memory_flat(tmp_path):
    teams = copy_acme(tmp_path)
    result = subprocess.run([sys.executable, __file__, str(teams), str(RELOADS)], capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["failed"] == []
    assert report["reloads"] == RELOADS and report["invalid"] == RELOADS // 5
    samples = report["samples_mb"]
    # After a few dozen reloads everything is imported and warm; from then on the memory must
    # stay where it is.  The worker is replaced now and then, so compare the highs.
    settled = max(samples[3:8])
    final = max(samples[-5:])
    print(f"\nserver + worker RSS: first {samples[0]} MB, settled {settled} MB, final {final} MB, "
          f"highest {max(samples)} MB over {report['reloads']} reloads")
    assert final - settled < GROWTH_LIMIT_MB, samples
    assert max(samples) - settled < GROWTH_LIMIT_MB, samples


if __name__ == "__main__":
    print(json.dumps(drive(Path(sys.argv[1]), int(sys.argv[2]))))
