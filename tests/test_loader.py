"""The YAML reader: values as PyYAML reads them, positions as they are written, problems in one run.

Everything here goes through the public readers: ``chainmap.loader.parse_text``
(a text), ``load_documents`` (files) and ``chainmap.loads``.  PyYAML's own
``yaml.load`` is the oracle for values; where chainmap reads on purpose what
PyYAML does not (duplicate keys, tags, a quoted value after a bare ``!``, keys
that look like numbers), the tests say so.
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

import chainmap
from chainmap.errors import InputError
from chainmap.loader import YList, YMap, load_documents, parse_text

from generated import generated_map

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))

# Documents as real team files write them, and the odd corners of YAML.
SEEDS = {
    "team": "team: Payroll\ndepartment: Finance\ncustomers:\n  - team: HR\n    feedback:\n      - kind: review\n"
            "        last: 2026-11-22\n        score: 8\n  - Employees\n",
    "numbers": "a: 1\nb: -5\nc: +3\nd: 0x1f\ne: 0o17\nf: 1_000\ng: 1.5\nh: .inf\ni: -.inf\nj: .nan\nk: 1e3\n",
    "sexagesimal": "a: 1:30\nb: 190:20:30.15\n",
    "bools-and-nulls": "a: yes\nb: No\nc: on\nd: OFF\ne: True\nf: null\ng: ~\nh:\ni: ''\n",
    "dates": "a: 2026-11-22\nb: 2026-11-22T10:00:00Z\nd: 2026-11-22 10:00:00.5 +02:00\n",
    "quoted": "a: '12'\nb: \"yes\"\nc: '2026-11-22'\nd: \"null\"\ne: '<<'\n\"<<\": x\n",
    "standard-tags": "a: !!str 12\nb: !!int 12\nc: !!float 1\nd: !!bool yes\ne: !!null\nf: !!int 0x10\nh: !!str\n",
    "collection-tags": "a: !!map {x: 1}\nb: !!seq [1]\nd: ! {x: 1}\ne: ! [1]\n",
    "flow": "team: Payroll\nsuppliers: [HR, 'IT', \"Legal\", {team: x}, [a, b], a: b]\nx-m: {a: 1, b: [1, 2], c: }\n",
    "block-scalars": "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\nc: |+\n  kept\n\nd: plain\n",
    "multi-line": "a: one\n  two\n  three\nb: 'single\n\n  quoted'\nc: \"double\\tescaped\\u00e9\"\n",
    "unicode": "team: Patiënten & Zorg\nx-emoji: 😀 ok\nx-cjk: \"日本語: no\"\n\"日本\": 語\n",
    "crlf": "team: Payroll\r\ncustomers:\r\n  - HR\r\n  - team: IT\r\n",
    "cr-nel-ls-breaks": "team: Payroll\rdepartment: Finance\x85x-a: 1\u2028x-b: 'two\u2029lines'\n",
    "byte-order-mark": "\ufeffteam: Payroll\nx-mark: a\ufeffb\n",
    "markers": "%YAML 1.1\n---\nteam: Payroll\n...\n",
    "root-list": "- a\n- b\n- [c, d]\n",
    "indentless": "teams:\n- team: A\n  customers:\n  - B\n  - team: C\n    feedback:\n    - kind: review\n",
    "compact": "- - - a\n    - b\n  - c\n- ? x\n  : y\n",
    "complex-scalar-key": "? a\n: b\n? |\n  block key\n: c\n",
    "odd-keys": "yes: 1\n1: 2\nnull: 3\n2026-01-01: 5\n1.5: 6\n'': 7\n",
    "anchors-and-aliases": "a: &one 1\nb: &two [x, y]\nc: &three {k: v}\nd: *one\ne: [*two, *three]\n",
    "merges": "base: &b {x: 1, y: [a, b]}\nteam: {<<: *b, y: 2}\nmore: {<<: [*b, {z: 3}], x: 0}\n",
    "shared-loops": "team: A\ncustomers:\n  - {team: B, feedback: &f [{kind: review, score: 7}]}\n"
                    "  - {team: C, feedback: *f}\n",
}


def read(text: str):
    """``(document, problems)`` of ``text`` read as the file t.yaml."""
    problems: list = []
    return parse_text(text, "t.yaml", problems), problems


def plain(value):
    """chainmap's value as plain Python, to compare with yaml.load's.

    chainmap keeps a key that looks like a number, date or boolean as written; PyYAML types it.
    """
    if isinstance(value, YMap):
        return {_typed_key(key, value.key_pos[key]): plain(item) for key, item in value.items()}
    if isinstance(value, YList):
        return [plain(item) for item in value]
    return value


def _typed_key(key, pos):
    if pos.quoted or not pos.raw:
        return key
    try:
        typed = yaml.load(pos.raw, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return key
    return key if isinstance(typed, (str, dict, list)) else typed


def assert_same_value(ours, oracle, where="root"):
    if isinstance(oracle, dict):
        assert isinstance(ours, dict) and ours.keys() == oracle.keys(), where
        for key in oracle:
            assert_same_value(ours[key], oracle[key], f"{where}.{key}")
    elif isinstance(oracle, list):
        assert isinstance(ours, list) and len(ours) == len(oracle), where
        for index, (a, b) in enumerate(zip(ours, oracle)):
            assert_same_value(a, b, f"{where}[{index}]")
    elif isinstance(oracle, float) and math.isnan(oracle):
        assert isinstance(ours, float) and math.isnan(ours), where
    else:
        assert type(ours) is type(oracle) and ours == oracle, where


def positions(value, pos):
    """Every ``(pos, value)`` in a document: collections, keys, values and items."""
    yield pos, value
    if isinstance(value, YMap):
        for key, item in value.items():
            yield value.key_pos[key], key
            yield from positions(item, value.value_pos[key])
    elif isinstance(value, YList):
        for item, item_pos in zip(value, value.item_pos):
            yield from positions(item, item_pos)


def assert_positions_point_at_the_text(text: str, document) -> None:
    """Each plain scalar is found where its position says, lines split at YAML's line breaks."""
    # A byte order mark takes no column; YAML breaks lines at \r\n, \r, NEL, LS and PS too.
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n") \
        .replace("\u2028", "\n").replace("\u2029", "\n").split("\n")
    for pos, _ in positions(document.root, document.pos):
        assert 1 <= pos.line <= len(lines), pos
        at = lines[pos.line - 1][pos.col - 1:]
        if pos.raw and not pos.quoted and at[:1] not in ("!", "&", "*", "|", ">"):
            # A plain value may go on over the next lines: then this line holds its start.
            assert at.startswith(pos.raw) or pos.raw.startswith(at.rstrip(" ")), (pos.line, pos.col, pos.raw, at)


def only_text_keys(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and only_text_keys(item) for key, item in value.items())
    if isinstance(value, list):
        return all(only_text_keys(item) for item in value)
    return True


def mutations(count: int, seed: int):
    """Seeded random edits of the seeds and the example map: valid and broken YAML alike."""
    rng = random.Random(seed)
    seeds = [path.read_text(encoding="utf-8") for path in EXAMPLES] + list(SEEDS.values())
    pieces = ["- ", ": ", "[", "]", "{", "}", ", ", "&a ", "*a", "&b ", "*b", "! ", "!!int ", "!!str ",
              "!!timestamp ", "!!bool ", "!!map ", "!!seq ", "<<: ", "? ", "'", '"', "\n", "  ", "#", "|", ">",
              "---\n", "...\n", "yes", "1", "2026-01-01", "~", "!x ", "\t", "=", ".inf", "null", "\r\n",
              "\u2028", "\\", "é", "0x1f", "1:30"]
    for _ in range(count):
        text = rng.choice(seeds)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.6:
                text = text[:at] + rng.choice(pieces) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 5):]
        yield text


def oracle(text: str):
    """What PyYAML's yaml.load reads, or None when it cannot, or reads it differently on purpose."""
    if "! '" in text or '! "' in text:  # chainmap keeps a quoted value after a bare '!' as text
        return None
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except Exception:  # noqa: BLE001 - whatever PyYAML cannot read has no oracle
        return None


# -- values: PyYAML's yaml.load is the oracle ------------------------------------------------------

@pytest.mark.parametrize("text", SEEDS.values(), ids=SEEDS.keys())
def test_seed_documents_read_as_pyyaml_reads_them(text):
    document, problems = read(text)

    assert problems == []
    assert_same_value(plain(document.root), oracle(text))
    assert_positions_point_at_the_text(text, document)


def test_every_example_file_reads_as_pyyaml_reads_it():
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        document, problems = read(text)
        assert problems == [], path
        assert_same_value(plain(document.root), oracle(text), path.name)
        assert_positions_point_at_the_text(text, document)


def test_mutated_documents_read_as_pyyaml_reads_them_or_are_reported():
    """Whatever chainmap reads without a problem, it reads as yaml.load does, at the right places."""
    compared = reported = 0
    for text in mutations(3000, seed=7):
        document, problems = read(text)
        for problem in problems:
            assert problem.severity == "error" and problem.rule and problem.message, problem
            assert problem.line >= 0 and problem.col >= 0
        if document is None or problems:
            reported += 1
            continue
        expected = oracle(text)
        if expected is None or not only_text_keys(expected):
            continue  # no oracle; or keys PyYAML types, which chainmap keeps as written (tested above)
        assert_same_value(plain(document.root), expected, repr(text))
        assert_positions_point_at_the_text(text, document)
        compared += 1
    assert compared > 800 and reported > 800


def test_an_alias_anywhere_in_the_text_changes_nothing_else():
    """A text with an alias is composed from libyaml's events: the rest reads the same, to the column."""
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        with_alias = text + "x-anchor: &note written once\nx-alias: *note\n"
        document, _ = read(text)
        aliased, problems = read(with_alias)
        assert problems == []
        assert aliased.root.pop("x-alias") == aliased.root.pop("x-anchor") == "written once"
        ours = list(positions(document.root, document.pos))
        theirs = list(positions(aliased.root, aliased.pos))
        assert [(p.line, p.col, p.raw, p.quoted, v) for p, v in ours] == \
               [(p.line, p.col, p.raw, p.quoted, v) for p, v in theirs]


def test_a_long_map_reads_like_the_same_teams_in_short_files(tmp_path):
    """Above 256 KB a text is composed from events (bounded memory): same values, same positions."""
    teams = "".join(f"  - team: T{n}\n    department: D{n % 7}\n    customers:\n      - team: T{n + 1}\n"
                    f"        feedback: [{{kind: review, last: 2026-11-{n % 28 + 1:02d}, score: {n % 11}}}]\n"
                    for n in range(3_000))
    long_text = "teams:\n" + teams
    assert len(long_text) > 256 * 1024
    short_text = "teams:\n" + teams[: teams.index("\n  - team: T100\n") + 1]

    long_document, long_problems = read(long_text)
    short_document, short_problems = read(short_text)

    assert long_problems == short_problems == []
    assert len(long_document.root["teams"]) == 3_000
    assert_same_value(plain(long_document.root), oracle(long_text))
    long_teams, short_teams = long_document.root["teams"], short_document.root["teams"]
    first = [where for item, pos in zip(long_teams[:100], long_teams.item_pos) for where in positions(item, pos)]
    short = [where for item, pos in zip(short_teams, short_teams.item_pos) for where in positions(item, pos)]
    assert len(first) > 1_000
    assert [(p.line, p.col, p.raw, v) for p, v in first] == [(p.line, p.col, p.raw, v) for p, v in short]


# -- what chainmap reads on purpose unlike PyYAML --------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    pytest.param('a: ! "12"\n', "12", id="bare-tag-on-double-quoted"),
    pytest.param("a: ! ''\n", "", id="bare-tag-on-empty-quoted"),
    pytest.param("a: ! 12\n", 12, id="bare-tag-on-plain"),
    pytest.param('a: !!int "12"\n', 12, id="int-tag-on-quoted"),
    pytest.param("a: !!float 1\n", 1.0, id="float-tag-on-whole-number"),
    pytest.param("a: =\n", "=", id="equals-sign"),
    pytest.param("a: <<\n", "<<", id="merge-sign-as-value"),
    pytest.param("a: 2026-02-30\n", "2026-02-30", id="date-that-is-none"),
    pytest.param("a: &x 1\nb: &x 2\nc: *x\n", 2, id="anchor-defined-again"),
])
def test_values_chainmap_reads_its_own_way(text, expected):
    document, problems = read(text)

    assert problems == []
    value = document.root["c" if "c:" in text else "a"]
    assert type(value) is type(expected) and value == expected


def test_merge_keys_keep_written_keys_first_and_point_at_their_source():
    text = "base: &b {x: 1, y: from-base}\nmore: &m {y: from-more, z: 3}\nteam: {<<: [*b, *m], x: 0}\n"

    document, problems = read(text)

    assert problems == []
    team = document.root["team"]
    assert plain(team) == {"x": 0, "y": "from-base", "z": 3}
    assert (team.key_pos["x"].line, team.key_pos["x"].col) == (3, 22)  # written in team
    assert (team.value_pos["y"].line, team.value_pos["y"].col) == (1, 20)  # merged from base
    assert (team.value_pos["z"].line, team.value_pos["z"].col) == (2, 28)  # merged from more


def test_an_alias_is_placed_where_it_is_written():
    document, problems = read("team: A\ncustomers:\n  - &hr {team: HR}\n  - team: B\n    x-copy: *hr\n")

    assert problems == []
    customers = document.root["customers"]
    copy = customers[1].value_pos["x-copy"]
    assert (copy.line, copy.col) == (5, 13)
    assert customers[1]["x-copy"] == {"team": "HR"}


def test_a_key_that_looks_like_a_number_is_kept_as_written():
    document, problems = read("0x1F: hex\nyes: bool\n2026-01-01: date\n")

    assert problems == []
    assert list(document.root) == ["0x1F", "yes", "2026-01-01"]


# -- problems: all of them, each in its place ------------------------------------------------------

def rules_and_places(problems):
    return sorted((problem.rule, problem.line, problem.col) for problem in problems)


def test_problems_before_a_syntax_error_are_reported_with_it():
    text = "team: !Ref Payroll\ndepartment: A\ndepartment: B\ncustomers: [HR, {team: IT, team: IT}\n"

    document, problems = read(text)

    assert document is None
    assert rules_and_places(problems) == [("duplicate-key", 3, 1), ("duplicate-key", 4, 28),
                                          ("unsafe-tag", 1, 7), ("yaml-syntax", 5, 1)]


def test_problems_in_a_second_document_are_reported_too():
    document, problems = read("team: A\n---\nteam: !!python/name:os.system B\n")

    assert document is None
    assert rules_and_places(problems) == [("unsafe-tag", 3, 7)]


def test_nothing_after_a_problem_that_ends_the_file_is_reported():
    deep = "[" * 70 + "]" * 70
    document, problems = read(f"team: A\ntoo-deep: {deep}\ntag: !Ref x\n")

    assert document is None
    # The root mapping is the first level: the 64th bracket, in column 11 + 63, is the 65th.
    assert rules_and_places(problems) == [("too-deep", 2, 11 + 63)]


def test_an_alias_inside_its_own_anchor_is_an_unknown_alias():
    document, problems = read("team: A\nx-loop: &x [a, *x]\n")

    assert document is None
    (problem,) = problems
    assert (problem.rule, problem.line, problem.col) == ("yaml-syntax", 2, 16)
    assert "unknown alias '*x'" in problem.message


@pytest.mark.parametrize("text, rule, place", [
    pytest.param("a: !!bool maybe\n", "bad-tag", (1, 4), id="bool"),
    pytest.param("a: !!int ''\n", "bad-tag", (1, 4), id="empty-int"),
    pytest.param("a: !!float ''\n", "bad-tag", (1, 4), id="empty-float"),
    pytest.param("a: !!map [HR]\n", "bad-tag", (1, 4), id="map-on-list"),
    pytest.param("a: !!seq {x: 1}\n", "bad-tag", (1, 4), id="seq-on-mapping"),
    pytest.param("a: !!timestamp {x: 1}\n", "bad-tag", (1, 4), id="date-on-mapping"),
    pytest.param("a: !!binary aGk=\n", "unsafe-tag", (1, 4), id="binary"),
    pytest.param("a: !!value =\n", "unsafe-tag", (1, 4), id="value-tag"),
    pytest.param("a: !!set {x, y}\n", "unsafe-tag", (1, 4), id="set"),
])
def test_a_tag_that_does_not_fit_is_one_problem_never_a_crash(text, rule, place):
    document, problems = read(text)

    assert document is None
    assert rules_and_places(problems) == [(rule, *place)]


def test_loads_raises_one_input_error_listing_every_problem():
    with pytest.raises(InputError) as caught:
        chainmap.loads("team: Payroll\nteam: HR\nx-a: !Ref x\n", "payroll.yaml")

    assert [problem.location() for problem in caught.value.problems] == ["payroll.yaml:2:1", "payroll.yaml:3:6"]


# -- files -----------------------------------------------------------------------------------------

def test_load_documents_reads_a_folder_in_a_stable_order(tmp_path):
    folder, _ = generated_map(tmp_path / "map", departments=4, per_department=10)
    problems: list = []

    first = load_documents([folder], problems)
    again = load_documents([str(folder)], [])

    assert problems == []
    assert [document.path for document in first] == [document.path for document in again]
    assert [document.path for document in first] == sorted(document.path for document in first)
    assert [plain(document.root) for document in first] == [plain(document.root) for document in again]


def test_without_libyaml_the_same_files_read_the_same():
    """PyYAML without its C extension: events from its own parser, the same values and problems."""
    script = (
        "import sys\n"
        "sys.modules['yaml._yaml'] = None\n"  # as if PyYAML had been built without libyaml
        "import yaml\n"
        "assert not yaml.__with_libyaml__\n"
        "from chainmap.loader import parse_text\n"
        "for text in sys.stdin.read().split('\\x00'):\n"
        "    problems = []\n"
        "    document = parse_text(text, 't.yaml', problems)\n"
        "    print(repr(document and document.root), sorted((p.rule, p.line, p.col) for p in problems))\n"
    )
    texts = [SEEDS["team"], SEEDS["anchors-and-aliases"], SEEDS["merges"], "a: b\na: c\n",
             "a: " + "[" * 70 + "]" * 70 + "\n", "team: !Ref x\n"]

    result = subprocess.run([sys.executable, "-c", script], input="\x00".join(texts), capture_output=True,
                            text=True, timeout=60, cwd=ROOT)

    assert result.returncode == 0, result.stderr
    expected = []
    for text in texts:
        document, problems = read(text)
        expected.append(f"{document and document.root!r} {sorted((p.rule, p.line, p.col) for p in problems)}")
    assert result.stdout.splitlines() == expected


def test_a_date_stays_a_date_and_a_time_a_datetime():
    document, problems = read("a: 2026-11-22\nb: 2026-11-22 10:00:00\n")

    assert problems == []
    assert document.root["a"] == date(2026, 11, 22)
    assert document.root["b"].hour == 10
