#!/usr/bin/env python
"""Benchmark chainmap on synthetic organisations, as a user runs it.

    python benchmarks/bench.py [--sizes 50,500,2000] [--runs 5] [--out DIR]
                               [--markdown FILE] [--timeout 900]

For every size N it writes N team files (one team per file, seeded with
``random.Random(42)``, so the input is identical on every machine) and times,
each run in a fresh subprocess so Python start-up and imports count:

- ``chainmap check DIR --fail-on never --as-of 2026-11-22``
- PyYAML alone: every file read with ``yaml.load`` and libyaml's ``CSafeLoader``
  (the floor for ``check``: no positions, nothing checked)
- ``chainmap render DIR -o out.svg --as-of 2026-11-22``           (dot)
- Graphviz alone: the DOT chainmap writes (``-f dot``), drawn to SVG by the
  same Graphviz build (pygraphviz's bundled engine) in a bare ``python -c``,
  with the graph attributes chainmap adds for large maps
- ``chainmap render DIR -o out.svg --engine sfdp --as-of 2026-11-22``
- ``chainmap render DIR -f html -o page.html --as-of 2026-11-22`` (the interactive page;
  on a large map its overview and every department's view), against Graphviz
  alone for the layouts it holds: the DOT texts the page lays out
  (``chainmap.render.page.page_layouts``, written to files once beforehand, untimed),
  each laid out with the same engine and drawn to the same format, one after
  the other, in a bare ``python -c``; the two run in turns, and their ratio is
  the median of each turn's (a shared machine's load changes between runs)

plus ``chainmap --help``.  The result is a Markdown table (median of --runs).

``--history TEAMS:COMMITS`` (e.g. ``500:1000``) also builds a git repository
of the TEAMS-team map with COMMITS commits after the first, each rewriting
three files (a loop's date moves on, a score changes), and times
``chainmap history teams/ --format csv`` against its floor: one ``check`` of
the map scaled to the number of distinct file versions in the history
(``check`` time x distinct versions / files), which is what reading every
version once costs.

Only the standard library and chainmap's own dependencies are used.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

AS_OF = "2026-11-22"
TARGET_HELP = 0.15
TARGET_CHECK_2000 = 1.5
TARGET_RATIO = 1.3
TARGET_PAGE_5000 = 60

# --------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------

# Departments, from back office (low layer) to front line (high layer).
DEPARTMENTS = [
    ("IT", 0), ("Facilities", 0), ("Procurement", 0), ("Finance", 1), ("HR", 1),
    ("Legal", 1), ("Data & Analytics", 2), ("Quality", 2), ("Communications", 2),
    ("Logistics", 3), ("Planning", 3), ("Operations", 4), ("Care", 4),
    ("Customer Service", 5), ("Sales", 5),
]
TEAM_NAMES = {
    "IT": ["Service Desk", "Network", "Workplace", "Identity", "Hosting", "App Support"],
    "Facilities": ["Building Maintenance", "Cleaning", "Catering", "Security Desk", "Reception"],
    "Procurement": ["Purchasing", "Contract Management", "Vendor Desk", "Tendering"],
    "Finance": ["Payroll", "Accounts Payable", "Billing", "Controlling", "Treasury"],
    "HR": ["HR Advisory", "Recruitment", "Learning", "Occupational Health"],
    "Legal": ["Legal Counsel", "Privacy Office", "Compliance", "Claims"],
    "Data & Analytics": ["Reporting", "Data Platform", "Analytics", "Master Data"],
    "Quality": ["Quality Office", "Audit", "Risk", "Process Improvement"],
    "Communications": ["Internal Comms", "Web Team", "Press Office", "Design Studio"],
    "Logistics": ["Warehouse", "Transport", "Mail Room", "Sterilisation"],
    "Planning": ["Capacity Planning", "Scheduling", "Rostering", "Bed Management"],
    "Operations": ["Field Service", "Production", "Laboratory", "Pharmacy", "Radiology"],
    "Care": ["Nursing Ward", "Outpatient Clinic", "Emergency Team", "Day Care"],
    "Customer Service": ["Contact Centre", "Complaints Desk", "Front Office", "Patient Desk"],
    "Sales": ["Account Team", "Key Accounts", "Inside Sales", "Partner Desk"],
}
EXTERNALS = ["Patients", "Clients", "Families", "Regulator", "Insurers", "Municipality",
             "Pension Fund", "Tax Office", "Visitors", "General Practitioners"]
DELIVERABLES = ["Monthly salary overview", "Working laptops", "Clean rooms", "Signed contracts",
                "Weekly roster", "Management report", "Sterile instruments", "Meals on time",
                "Invoices without errors", "Answered tickets", "Stock replenishment",
                "Legal advice within a week", "Published intranet news", "Data extracts",
                "Trained staff", "Transport on time", "Lab results", "Audit findings"]
NEEDS = ["Correct contracts before the cut-off", "Back to work within an hour",
         "No surprises in the month-end close", "Plans they can trust a week ahead",
         "Answers in plain language", "Fewer hand-overs", "Results before the ward round",
         "Predictable delivery windows", "Numbers that match the ledger"]
LISTENING = ["conversation", "review", "retro", "callback", "interview", "visit", "demo", "workshop"]
HEARING = ["survey", "nps", "score", "complaints", "tickets"]
NAMED_CADENCES = {"weekly": 7, "biweekly": 14, "monthly": 30.4, "quarterly": 91.3,
                  "half-yearly": 182.6, "yearly": 365.25}
UNIT_DAYS = {"days": 1, "weeks": 7, "months": 30.4}
LAYERS = 6
_SPECIAL = re.compile(r"""[:#\[\]{},&*!|>'"%@`]|^[-?\s]|\s$""")


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False) if _SPECIAL.search(value) else value


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def generate(n: int, directory: Path, seed: int = 42) -> dict:
    """Write ``n`` team files into ``directory``; return counts of what was written."""
    rng = random.Random(seed)
    as_of = date.fromisoformat(AS_OF)
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.yaml"):
        old.unlink()

    # Departments: ~n/25 (at least 3), spread over the layers.
    n_departments = max(3, round(n / 25))
    departments = []
    for index in range(n_departments):
        base, layer = DEPARTMENTS[index % len(DEPARTMENTS)]
        departments.append({"name": f"{base} {index // len(DEPARTMENTS) + 1}", "base": base,
                             "layer": layer})
    # Make sure the front line exists even for the smallest maps.
    if not any(d["layer"] == LAYERS - 1 for d in departments):
        departments[-1].update(layer=LAYERS - 1)
    if not any(d["layer"] == 0 for d in departments):
        departments[0].update(layer=0)
    sizes = [rng.uniform(0.5, 1.5) for _ in departments]

    teams = []
    for i in range(n):
        dept = departments[i] if i < len(departments) else rng.choices(departments, sizes)[0]
        layer = min(LAYERS - 1, max(0, dept["layer"] + rng.choice((-1, 0, 0, 0, 1))))
        base = rng.choice(TEAM_NAMES[dept["base"]])
        teams.append({"name": f"{base} {i + 1}", "department": dept["name"], "layer": layer,
                      "customers": []})
    by_layer = [[t for t in teams if t["layer"] == layer] for layer in range(LAYERS)]
    by_department: dict[str, list] = {}
    for team in teams:
        by_department.setdefault(team["department"], []).append(team)

    n_external = max(2, round(n / 100))
    externals = [f"{EXTERNALS[k % len(EXTERNALS)]}" + (f" {k // len(EXTERNALS) + 1}" if k >= len(EXTERNALS) else "")
                 for k in range(n_external)]
    undescribed: list[str] = []

    def pick_customer(team):
        layer = team["layer"]
        # The front line serves the end customers outside; the layer before it sometimes does.
        if rng.random() < {LAYERS - 1: 0.85, LAYERS - 2: 0.15}.get(layer, 0.0):
            return {"name": rng.choice(externals), "external": True}
        roll = rng.random()
        if roll < 0.012:
            # A reference to a team nobody has described (yet).
            if not undescribed or rng.random() < 0.6:
                base = rng.choice(TEAM_NAMES[rng.choice(DEPARTMENTS)[0]])
                undescribed.append(f"{base} Unit {len(undescribed) + 1}")
            return {"name": rng.choice(undescribed)}
        if layer == LAYERS - 1:
            pool = by_layer[layer]  # front-line colleagues
        elif roll < 0.017 and layer > 0:
            pool = by_layer[layer - 1]  # a back link: cycles exist in real maps
        elif roll < 0.045:
            pool = by_layer[layer]  # a colleague team at the same level
        elif roll < 0.30:
            pool = [t for t in by_department[team["department"]] if t["layer"] > layer]
        else:
            pool = []
        if not pool:
            step = rng.choices((1, 2), (75, 25))[0]
            pool = by_layer[min(LAYERS - 1, layer + step)]
        pool = [t for t in pool if t is not team]
        if not pool:
            return {"name": rng.choice(externals), "external": True}
        return {"name": rng.choice(pool)["name"]}

    for team in teams:
        wanted = rng.choices((1, 2, 3, 4), (25, 35, 25, 15))[0]
        seen = set()
        for _ in range(wanted * 3):
            if len(team["customers"]) == wanted:
                break
            customer = pick_customer(team)
            if customer["name"] in seen:
                continue
            seen.add(customer["name"])
            team["customers"].append(customer)

    # Who supplies whom, for the suppliers: lists some teams keep.
    suppliers_of: dict[str, list[str]] = {}
    for team in teams:
        for customer in team["customers"]:
            suppliers_of.setdefault(customer["name"], []).append(team["name"])

    links = loops = no_feedback = 0
    for team in teams:
        lines = [f"team: {_yaml_str(team['name'])}", f"department: {_yaml_str(team['department'])}"]
        if rng.random() < 0.3:
            lines.append(f"description: {_yaml_str(rng.choice(DELIVERABLES) + ' for ' + str(rng.randint(20, 4000)) + ' colleagues')}")
        known = suppliers_of.get(team["name"], [])
        if known and rng.random() < 0.25:
            listed = list(known)
            if len(listed) > 1 and rng.random() < 0.15:
                listed.pop(rng.randrange(len(listed)))  # forgot one: unacknowledged
            lines.append("suppliers: [" + ", ".join(_yaml_str(s) for s in listed) + "]")
        lines.append("customers:")
        for customer in team["customers"]:
            links += 1
            roll = rng.random()
            if roll < 0.04 and not customer.get("external"):
                lines.append(f"  - {_yaml_str(customer['name'])}")  # short form
                no_feedback += 1
                continue
            lines.append(f"  - team: {_yaml_str(customer['name'])}")
            if customer.get("external"):
                lines.append("    external: true")
            if rng.random() < 0.9:
                lines.append(f"    delivers: {_yaml_str(rng.choice(DELIVERABLES))}")
            if rng.random() < 0.6:
                lines.append(f"    need: {_yaml_str(rng.choice(NEEDS))}")
            if rng.random() < 0.65:
                lines.append(f"    agreement: https://intranet.example/sla/{_slug(team['name'])}--{_slug(customer['name'])}")
            roll = rng.random()
            count = 0 if roll < 0.12 else (rng.choice((1, 2)) if roll < 0.86 else 3)
            if count == 0:
                no_feedback += 1
                continue
            lines.append("    feedback:")
            for _ in range(count):
                loops += 1
                kind = rng.choice(LISTENING) if rng.random() < 0.6 else rng.choice(HEARING)
                lines.append(f"      - kind: {kind}")
                if rng.random() < 0.85:
                    if rng.random() < 0.8:
                        cadence = rng.choice(list(NAMED_CADENCES))
                        days = NAMED_CADENCES[cadence]
                    else:
                        unit = rng.choice(list(UNIT_DAYS))
                        amount = rng.randint(2, 6)
                        cadence, days = f"{amount} {unit}", amount * UNIT_DAYS[unit]
                    lines.append(f"        cadence: {cadence}")
                else:
                    days = 365.25
                if rng.random() < 0.95:
                    # Up to 2.2 x the cadence ago: roughly a third of loops are stale.
                    last = as_of - timedelta(days=int(rng.uniform(0, 2.2) * days))
                    lines.append(f"        last: {last.isoformat()}")
                if rng.random() < 0.55:
                    lines.append(f"        score: {rng.randint(4, 10)}")
                if rng.random() < 0.15:
                    lines.append(f"        note: {_yaml_str('Followed up with ' + rng.choice(teams)['name'])}")
        (directory / f"{_slug(team['name'])}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (directory / "00-organization.yaml").write_text(
        f"organization: Synthetic Org {n}\nteams: []\n", encoding="utf-8")
    generate.last_teams = teams  # for inspecting the shape
    referenced = {c["name"] for t in teams for c in t["customers"]}
    nodes = n + len(referenced - {t["name"] for t in teams})
    return {"teams": n, "files": n + 1, "links": links, "nodes": nodes, "loops": loops,
            "no_feedback": no_feedback, "departments": n_departments,
            "externals": len(referenced & set(externals)), "undescribed": len(referenced & set(undescribed))}


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------

# Graphviz alone: read the DOT, add chainmap's large-map attributes (passed as
# JSON, taken from chainmap.render.graphviz by this script), draw SVG.
BASELINE = (
    "import json,sys,pygraphviz\n"
    "g=pygraphviz.AGraph(filename=sys.argv[1])\n"
    "g.graph_attr.update(json.loads(sys.argv[3]))\n"
    "g.draw(path=sys.argv[2], format='svg', prog=sys.argv[4] if len(sys.argv)>4 else 'dot')\n"
)


# The DOT texts the page lays out, written once (untimed) through the library: a manifest of
# {"dot": file, "engine", "format", "attrs"} (attrs: what chainmap adds before the layout).
PAGE_LAYOUTS = (
    "import json,pathlib,sys\n"
    "from datetime import date\n"
    "from chainmap.api import analyse,load\n"
    "from chainmap.render import RenderOptions,prepare\n"
    "from chainmap.render.dot import layout_attributes\n"
    "from chainmap.render.page import page_layouts\n"
    "as_of=date.fromisoformat(sys.argv[3])\n"
    "graph,found,_=analyse(load([sys.argv[1]]),as_of)\n"
    "out=pathlib.Path(sys.argv[2]);out.mkdir(parents=True,exist_ok=True)\n"
    "items=[]\n"
    "for i,l in enumerate(page_layouts(prepare(graph,RenderOptions(as_of=as_of),findings=found))):\n"
    "    f=out/f'{i:04d}.dot';f.write_text(l.dot,encoding='utf-8')\n"
    "    items.append({'dot':str(f),'engine':l.engine,'format':l.format,\n"
    "                  'attrs':layout_attributes(l.team_count,l.engine) if l.team_count else {}})\n"
    "(out/'layouts.json').write_text(json.dumps(items),encoding='utf-8')\n"
)
# Graphviz alone for the page: every layout of that manifest, one after the other, as the page draws it.
PAGE_BASELINE = (
    "import json,sys,pygraphviz\n"
    "for item in json.load(open(sys.argv[1],encoding='utf-8')):\n"
    "    g=pygraphviz.AGraph(filename=item['dot'])\n"
    "    g.graph_attr.update(item['attrs'])\n"
    "    assert g.draw(format=item['format'],prog=item['engine'])\n"
    "open(sys.argv[2],'w').write('done')\n"
)


# PyYAML alone: what the issue calls the floor for `check`, measured on this
# machine: every file read with yaml.load and libyaml's CSafeLoader (no
# positions kept, nothing checked), in a fresh process like the others.
YAML_ALONE = (
    "import pathlib,sys,yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):\n"
    "    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
)


class Timed:
    """Median of runs; ``failed`` holds 'timeout' or 'error (rc N)' when a run did not succeed."""

    def __init__(self):
        self.times: list[float] = []
        self.failed: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and not self.failed else None

    def cell(self) -> str:
        if self.failed:
            return self.failed
        return f"{self.median:.2f}" if self.times else "-"


def time_command(argv, runs: int, timeout: float, check_output: Path | None = None, label: str = "",
                 ok_codes=(0,)) -> Timed:
    result = Timed()
    for run in range(runs):
        if check_output is not None and check_output.exists():
            check_output.unlink()
        start = time.perf_counter()
        try:
            proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        except subprocess.TimeoutExpired:
            result.failed = f"timeout (>{timeout:g} s)"
            log(f"  {label}: run {run + 1}: timeout after {timeout:g} s")
            break
        elapsed = time.perf_counter() - start
        if proc.returncode not in ok_codes or (check_output is not None and not
                                               (check_output.exists() and check_output.stat().st_size)):
            result.failed = f"error (rc {proc.returncode})"
            log(f"  {label}: run {run + 1}: exit {proc.returncode}: {proc.stderr.decode(errors='replace')[-500:]}")
            break
        result.times.append(elapsed)
        log(f"  {label}: run {run + 1}: {elapsed:.3f} s")
    return result


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def chainmap_command() -> list[str]:
    script = Path(sys.executable).with_name("chainmap")
    if script.exists():
        return [str(script)]
    found = shutil.which("chainmap")
    if found:
        return [found]
    return [sys.executable, "-m", "chainmap"]


def large_map_attrs(nodes: int, engine: str = "dot") -> dict:
    """The attributes chainmap.render.graphviz adds before drawing a map of ``nodes`` teams."""
    from chainmap.render.graphviz import LARGE_MAP, LARGE_MAP_ATTRS

    return dict(LARGE_MAP_ATTRS) if nodes > LARGE_MAP and engine == "dot" else {}


SUMMARY_RE = re.compile(r"^(\d+) teams, (\d+) links", re.M)


def bench_size(n: int, root: Path, runs: int, timeout: float, skip: set[str], info: dict) -> dict:
    cm = chainmap_command()
    directory = root / f"teams-{n}"
    work = root / f"work-{n}"
    work.mkdir(parents=True, exist_ok=True)
    stats = generate(n, directory)
    log(f"{n} teams: {stats}")
    row = {"stats": stats}

    if "check" not in skip:
        # One untimed call for the summary line (what chainmap counts as teams/links).
        proc = subprocess.run([*cm, "check", str(directory), "--fail-on", "never", "--as-of", AS_OF],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        match = SUMMARY_RE.search(proc.stdout.decode(errors="replace"))
        if match:
            row["nodes"], row["links"] = int(match.group(1)), int(match.group(2))
            row["check_summary"] = proc.stdout.decode(errors="replace").strip().splitlines()[-1]
            log(f"  check says: {row['check_summary']}")
        row["check"] = time_command([*cm, "check", str(directory), "--fail-on", "never", "--as-of", AS_OF],
                                    runs, timeout, label="check")
    if "yaml" not in skip:
        row["yaml"] = time_command([sys.executable, "-c", YAML_ALONE, str(directory)], runs, timeout,
                                   label="PyYAML alone")
    nodes = row.get("nodes", stats["nodes"])

    if "render" not in skip:
        svg = work / "out.svg"
        row["render"] = time_command([*cm, "render", str(directory), "--teams", "-o", str(svg), "--as-of", AS_OF],
                                     runs, timeout, check_output=svg, label="render dot")
        if svg.exists() and "graphviz" not in info:
            match = re.search(r"Generated by graphviz version ([^\s]+(?: \([^)]*\))?)",
                              svg.read_text(encoding="utf-8", errors="replace")[:2000])
            if match:
                info["graphviz"] = match.group(1)

    if "baseline" not in skip:
        dot_file, svg = work / "map.dot", work / "baseline.svg"
        subprocess.run([*cm, "render", str(directory), "--teams", "-f", "dot", "-o", str(dot_file), "--as-of", AS_OF],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
        attrs = large_map_attrs(nodes)
        row["baseline_attrs"] = attrs
        row["baseline"] = time_command([sys.executable, "-c", BASELINE, str(dot_file), str(svg), json.dumps(attrs)],
                                       runs, timeout, check_output=svg, label="graphviz alone")

    if "overview" not in skip:
        svg = work / "overview.svg"
        row["overview"] = time_command([*cm, "render", str(directory), "--overview", "-o", str(svg),
                                        "--as-of", AS_OF], runs, timeout, check_output=svg, label="render --overview")

    if "sfdp" not in skip:
        svg = work / "sfdp.svg"
        row["sfdp"] = time_command([*cm, "render", str(directory), "--teams", "-o", str(svg), "--engine", "sfdp",
                                    "--as-of", AS_OF], runs, timeout, check_output=svg, label="render sfdp")

    if "page" not in skip:
        page, layouts, done = work / "page.html", work / "page-layouts", work / "page-baseline.done"
        shutil.rmtree(layouts, ignore_errors=True)
        subprocess.run([sys.executable, "-c", PAGE_LAYOUTS, str(directory), str(layouts), AS_OF], check=True,
                       timeout=timeout)
        row["page_layouts"] = len(json.loads((layouts / "layouts.json").read_text(encoding="utf-8")))
        # In turns, a page then Graphviz alone, so that each pair meets the same load on a shared machine.
        row["page"], row["page_baseline"], row["page_ratios"] = Timed(), Timed(), []
        for _ in range(runs):
            pair = (time_command([*cm, "render", str(directory), "-f", "html", "-o", str(page), "--as-of", AS_OF],
                                 1, timeout, check_output=page, label="render -f html"),
                    time_command([sys.executable, "-c", PAGE_BASELINE, str(layouts / "layouts.json"), str(done)], 1,
                                 timeout, check_output=done,
                                 label=f"graphviz alone, the page's {row['page_layouts']} layouts"))
            for timed, one in zip((row["page"], row["page_baseline"]), pair):
                timed.times += one.times
                timed.failed = timed.failed or one.failed
            if pair[0].failed or pair[1].failed:
                break
            row["page_ratios"].append(pair[0].times[0] / pair[1].times[0])
    return row


def _ratio(row: dict, key: str, floor: str) -> str:
    if key in row and floor in row and row[key].median and row[floor].median:
        return f"{row[key].median / row[floor].median:.2f}"
    return "-"


LAST_RE = re.compile(r"last: (\d{4}-\d{2}-\d{2})")
SCORE_RE = re.compile(r"score: (\d+)")


def _edit(text: str, day: date, step: int, rng: random.Random) -> str:
    """A team file as a later commit has it: one loop's date moved on to ``day``, or one score changed."""
    if rng.random() < 0.5 and SCORE_RE.search(text):
        return SCORE_RE.sub(lambda m: f"score: {(int(m.group(1)) + step) % 4 + 6}", text, count=1)
    changed = LAST_RE.sub(f"last: {day.isoformat()}", text, count=1)
    return changed if changed != text else text + f"# revised {day.isoformat()}\n"


def make_history(directory: Path, repo: Path, commits: int, seed: int = 7) -> int:
    """A git repository at ``repo`` whose ``teams/`` holds ``directory``'s files, with ``commits`` edits after
    the first commit; returns the number of distinct file versions.  Written with ``git fast-import``, one
    commit a day, the last on the benchmark's as-of day."""
    rng = random.Random(seed)
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    files = {path.name: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.yaml"))}
    names = [name for name in files if not name.startswith("00-")]
    versions = len(files)
    stream = bytearray()

    def blob_command(name: str) -> None:
        data = files[name].encode("utf-8")
        stream.extend(f"M 100644 inline teams/{name}\ndata {len(data)}\n".encode() + data + b"\n")

    start = date.fromisoformat(AS_OF) - timedelta(days=commits)
    for step in range(commits + 1):
        day = start + timedelta(days=step)
        when = int(time.mktime(day.timetuple()))
        message = b"first map" if step == 0 else f"revise three teams ({step})".encode()
        stream.extend(f"commit refs/heads/main\nmark :{step + 1}\n"
                      f"committer Bench <bench@example.invalid> {when} +0000\n"
                      f"data {len(message)}\n".encode() + message + b"\n")
        if step == 0:
            for name in files:
                blob_command(name)
        else:
            stream.extend(f"from :{step}\n".encode())
            for name in rng.sample(names, 3):
                files[name] = _edit(files[name], day, step, rng)
                blob_command(name)
                versions += 1
        stream.extend(b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], input=bytes(stream), cwd=repo, check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    return versions


def bench_history(teams: int, commits: int, root: Path, runs: int, timeout: float) -> dict:
    cm = chainmap_command()
    directory = root / f"teams-{teams}"
    generate(teams, directory)
    repo = root / f"history-{teams}-{commits}"
    versions = make_history(directory, repo, commits)
    files = len(list(directory.glob("*.yaml")))
    log(f"history: {teams} teams, {commits} commits, {versions} distinct file versions of {files} files")
    check = time_command([*cm, "check", str(repo / "teams"), "--fail-on", "never", "--as-of", AS_OF],
                         runs, timeout, label="check (history floor)")
    history = time_command([*cm, "history", str(repo / "teams"), "--format", "csv"], runs, timeout,
                           label="history")
    return {"teams": teams, "commits": commits, "files": files, "versions": versions,
            "check": check, "history": history}


def history_table(row: dict) -> str:
    floor = None
    if row["check"].median:
        floor = row["check"].median * row["versions"] / row["files"]
    ratio = f"{row['history'].median / floor:.2f}" if floor and row["history"].median else "-"
    return "\n".join([
        "| teams | commits | distinct file versions | history (s) | check (s) | floor: check x versions / files (s) "
        "| history / floor |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {row['teams']:,} | {row['commits']:,} | {row['versions']:,} | {row['history'].cell()} | "
        f"{row['check'].cell()} | {'-' if floor is None else f'{floor:.2f}'} | {ratio} |", ""])


def machine(info: dict) -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import pygraphviz
        pgv = pygraphviz.__version__
    except Exception:  # pragma: no cover
        pgv = "?"
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()} ({platform.system()} "
            f"{platform.machine()}), Graphviz {info.get('graphviz', '?')} (pygraphviz {pgv} bundled engine)")


def table(rows: dict, help_time: Timed | None, info: dict, runs: int) -> str:
    def cell(row, key):
        return row[key].cell() if key in row else "-"

    out = [f"## chainmap benchmark (median of {runs} run{'s' if runs != 1 else ''}, fresh process each, "
           f"--as-of {AS_OF})", ""]
    out.append("| teams | files | links | check (s) | PyYAML alone (s) | render SVG (s) | Graphviz alone (s) | ratio "
               "| render --overview (s) | overview / check | render sfdp (s) |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, row in rows.items():
        stats = row["stats"]
        ratio = _ratio(row, "render", "baseline")
        overview_ratio = _ratio(row, "overview", "check")
        out.append(f"| {n:,} | {stats['files']:,} | {row.get('links', stats['links']):,} | {cell(row, 'check')} | {cell(row, 'yaml')} | "
                   f"{cell(row, 'render')} | {cell(row, 'baseline')} | {ratio} | {cell(row, 'overview')} | "
                   f"{overview_ratio} | {cell(row, 'sfdp')} |")
    out.append("")
    if help_time is not None:
        out.append(f"`chainmap --help`: {help_time.cell()} s (target < {TARGET_HELP} s)")
        out.append("")
    out.append(f"Targets: check of 2,000 teams < {TARGET_CHECK_2000} s; render / Graphviz alone <= {TARGET_RATIO}.")
    out.append("")
    out.append("Graph nodes (teams incl. external and undescribed), and the attributes the "
               "Graphviz-alone baseline applied (chainmap's LARGE_MAP_ATTRS above LARGE_MAP):")
    out.append("")
    for n, row in rows.items():
        out.append(f"- {n:,} teams: {row.get('nodes', row['stats']['nodes']):,} nodes, "
                   f"{row['stats']['externals']} external, {row['stats']['undescribed']} undescribed, "
                   f"{row['stats']['departments']} departments; baseline attrs "
                   f"{json.dumps(row.get('baseline_attrs', {}))}")
    out.append("")
    if any("page" in row for row in rows.values()):
        from chainmap.render.page import PARALLEL_TEAMS
        from chainmap.render.workers import worker_count

        workers = worker_count()
        out.append("The interactive page (`render -f html`) against Graphviz alone for the layouts it holds "
                   "(the same DOT texts, engines and format, one after the other in a bare `python -c`), "
                   "run in turns; the ratio is the median of each turn's. "
                   + (f"From {PARALLEL_TEAMS:,} teams the page lays them out in {workers} worker processes, "
                      "below in its own process:" if workers else "The page lays them out in its own process:"))
        out.append("")
        out.append("| teams | layouts | page (s) | Graphviz alone (s) | page / Graphviz alone |")
        out.append("|---:|---:|---:|---:|---:|")
        for n, row in rows.items():
            if "page" in row:
                ratios = row["page_ratios"]
                out.append(f"| {n:,} | {row.get('page_layouts', '-')} | {row['page'].cell()} | "
                           f"{cell(row, 'page_baseline')} | "
                           f"{f'{statistics.median(ratios):.2f}' if ratios else '-'} |")
        out.append("")
        out.append(f"Target at 5,000 teams: the page in under {TARGET_PAGE_5000} s, and page / Graphviz alone <= {TARGET_RATIO}.")
        out.append("")
    out.append(f"Machine: {machine(info)}")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,500,2000", help="comma-separated team counts")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--out", help="directory for the generated teams and outputs (kept); default: temp dir")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table to FILE")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per run before giving up")
    parser.add_argument("--skip", default="", help="comma-separated: help,check,yaml,render,baseline,overview,sfdp,page")
    parser.add_argument("--generate-only", action="store_true", help="write the team files and stop")
    parser.add_argument("--history", metavar="TEAMS:COMMITS",
                        help="also time `chainmap history` on a generated git history, e.g. 500:1000")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    root = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="chainmap-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        if args.generate_only:
            for n in sizes:
                log(f"{n} teams: {generate(n, root / f'teams-{n}')}")
            return 0
        info: dict = {}
        help_time = None
        if "help" not in skip:
            help_time = time_command([*chainmap_command(), "--help"], max(args.runs, 3), args.timeout,
                                     label="--help")
        rows = {n: bench_size(n, root, args.runs, args.timeout, skip, info) for n in sizes}
        text = table(rows, help_time, info, args.runs)
        if args.history:
            teams, commits = (int(part.replace("_", "")) for part in args.history.split(":"))
            text += "\n" + history_table(bench_history(teams, commits, root, args.runs, args.timeout))
        print(text)
        if args.markdown:
            Path(args.markdown).write_text(text, encoding="utf-8")
    finally:
        if not args.out:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
