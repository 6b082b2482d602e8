"""The fast path (libyaml composes in C) reads plain documents exactly as the event composer does.

The event composer is the reference: for every text a fast path accepts
(the line reader for the usual shape, libyaml's composer for other plain
documents), both must give the same values, types, key order and positions,
and the event composer must find no problem.  Everything else must be left
to the event composer.
"""

from __future__ import annotations

import importlib.util
import math
import random
from pathlib import Path

import pytest
import yaml

from chainmap import loader
from chainmap.loader import Pos, YList, YMap

ROOT = Path(__file__).resolve().parent.parent

# Plain documents: the fast path must take these.
PLAIN = {
    "team": "team: Payroll\ndepartment: Finance\n",
    "numbers": "a: 1\nb: -5\nc: +3\nd: 0x1f\ne: 0o17\nf: 1_000\ng: 1.5\nh: .inf\ni: -.inf\nj: .nan\nk: 1e3\n",
    "sexagesimal": "a: 1:30\nb: 190:20:30.15\n",
    "bools-and-nulls": "a: yes\nb: No\nc: on\nd: OFF\ne: True\nf: null\ng: ~\nh:\ni: ''\n",
    "dates": "a: 2026-11-22\nb: 2026-11-22T10:00:00Z\nc: 2026-02-30\nd: 2026-11-22 10:00:00.5 +02:00\n",
    "quoted": "a: '12'\nb: \"yes\"\nc: '2026-11-22'\nd: \"null\"\ne: '<<'\n\"<<\": x\n",
    "odd-keys": "yes: 1\n1: 2\nnull: 3\n~: 4\n2026-01-01: 5\n1.5: 6\n'': 7\n",
    "standard-tags": "a: !!str 12\nb: !!int 12\nc: !!float 1\nd: !!bool yes\ne: !!null\n"
                     "f: !!int 0x10\nh: !!str\ni: ! 12\nk: !!str 'x'\n",
    "collection-tags": "a: !!map {x: 1}\nb: !!seq [1]\nd: ! {x: 1}\ne: ! [1]\n",
    "anchors-without-aliases": "a: &one 1\nb: &two [x, y]\nc: &three {k: v}\n",
    "flow": "team: Payroll\nsuppliers: [HR, 'IT', \"Legal\", {team: x}, [a, b], a: b]\nx-m: {a: 1, b: [1, 2], c: }\n",
    "block-scalars": "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\nc: |+\n  kept\n\nd: plain\n",
    "multi-line": "a: one\n  two\n  three\nb: 'single\n\n  quoted'\nc: \"double\\tescaped\\u00e9\"\n",
    "unicode": "team: Patiënten & Zorg\nx-emoji: 😀 ok\nx-cjk: \"日本語: no\"\n\"日本\": 語\n",
    "crlf": "team: Payroll\r\ncustomers:\r\n  - HR\r\n  - team: IT\r\n",
    "cr-nel-ls-breaks": "team: Payroll\rdepartment: Finance\x85x-a: 1\u2028x-b: 'two\u2029lines'\n",
    "byte-order-mark": "\ufeffteam: Payroll\nx-mark: a\ufeffb\n",
    "tabs-inside": "team:\tPayroll\nx-list: [a,\tb]\nx-text: 'a\tb'\n",
    "markers": "%YAML 1.1\n---\nteam: Payroll\n...\n",
    "explicit-start": "--- \nteam: Payroll\n",
    "root-list": "- a\n- b\n- [c, d]\n",
    "root-scalar": "just text\n",
    "root-number": "42\n",
    "indentless": "teams:\n- team: A\n  customers:\n  - B\n  - team: C\n    feedback:\n    - kind: review\n",
    "compact": "- - - a\n    - b\n  - c\n- ? x\n  : y\n",
    "comments": "# head\nteam: Payroll # tail\n# between\ncustomers: [] # empty\n",
    "complex-scalar-key": "? a\n: b\n? |\n  block key\n: c\n",
    "empty-collections": "a: []\nb: {}\nc: [[], {}]\n",
    "many-at-one-level": "".join(f"k{i}: v{i}\n" for i in range(500)),
}

# The usual shape of a team file, with its variations: the line reader must take these.
USUAL = {
    "team": PLAIN["team"],
    "nested": "team: Payroll\ncustomers:\n  - team: HR\n    feedback:\n      - kind: review\n        last: 2026-11-22\n"
              "        score: 8\n      - kind: nps\n  - Finance\n",
    "indentless": PLAIN["indentless"],
    "comments": PLAIN["comments"],
    "wide-indents": "team: A\ncustomers:\n    -   team: B\n        delivers:   spaced   value  \n",
    "typed-values": "team: A\nx-n: 12\nx-f: 1.5\nx-b: yes\nx-null: null\nx-tilde: ~\nx-d: 2026-11-22\nx-neg: -5\n"
                    "x-hex: 0x1f\nx-inf: .inf\nx-sexa: 1:30\nx-time: 2026-11-22 10:00:00\n",
    "typed-keys": "yes: 1\nnull: 2\nOn: 3\nteam: A\n",
    "quoted": "team: 'it''s'\nx-a: \"yes\"\nx-b: '12' # comment\nx-c: ''\nx-d: \"a # not a comment\"\n",
    "plain-punctuation": "team: Café & Catering, [kitchen] {x}\nx-url: https://x.example/a#b\nx-c: C# and F#\n"
                         "x-colon: a:b\nx-dash: -x\nx-pct: 50%\nx-q: what?\n",
    "flow-lists": "team: A\nsuppliers: [HR, 'IT', \"Data & Analytics\", 12, yes]\nx-e: []\nx-s: [ a ,b ] # c\n",
    "unicode": "team: Patiënten & Zorg\nx-emoji: 😀 ok\nx-cjk: \"日本語: no\"\nx-jp: 語\n",
    "no-final-newline": "team: A\ncustomers:\n  - B",
    "blank-and-comment-lines": "\n# head\nteam: A\n\ncustomers:\n  # between\n\n  - B\n   # odd comment\n  - C\n",
}

# Documents the event composer must read: problems, aliases, merges and the like.
NOT_PLAIN = {
    "empty": "",
    "comment-only": "# nothing\n",
    "null-document": "---\n",
    "null-root": "null\n",
    "syntax-error": "team: Payroll\n  department: Finance\n",
    "unclosed": "team: [a, b\n",
    "two-documents": "team: A\n---\nteam: B\n",
    "duplicate-key": "team: A\nteam: B\n",
    "duplicate-odd-key": "1: a\n'1': b\n",
    "alias": "a: &x 1\nb: *x\n",
    "alias-collection": "a: &x [1, 2]\nb: *x\n",
    "unknown-alias": "a: *nope\n",
    "recursive-alias": "a: &x [*x]\n",
    "duplicate-anchor": "a: &x 1\nb: &x 2\nc: *x\n",
    "merge": "base: &b {x: 1}\nteam: {<<: *b, y: 2}\n",
    "inline-merge": "team: A\n<<: {x: 1}\n",
    "bad-merge": "team: A\n<<: 5\n",
    "mapping-key": "? {a: 1}\n: x\n",
    "list-key": "[a, b]: x\n",
    "python-tag": 'team: !!python/object/apply:os.system ["true"]\n',
    "python-tag-mapping": "team: A\ncustomers:\n  - !!python/object:os.Foo {team: HR}\n",
    "custom-tag": "team: !Ref x\n",
    "custom-tag-on-list": "team: A\ncustomers: !Ref [x]\n",
    "binary-tag": "a: !!binary aGk=\n",
    "set-tag": "a: !!set {x, y}\n",
    "value-tag": "a: =\n",
    "tag-on-quoted": "a: !!int \"12\"\n",
    "non-specific-tag-on-quoted": "a: ! \"12\"\n",
    "non-specific-tag-on-empty-quoted": "a: ! ''\n",
    "too-deep": "a: " + "[" * 70 + "]" * 70 + "\n",
    "deep-flow": "[" * 100_000,
    "deep-block": "- " * 10_000 + "x\n",
    "deep-mappings": "".join(" " * depth + f"k{depth}:\n" for depth in range(1_000)),
    "too-many-values": "- a\n" * 600_000,
    "billion-laughs": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)),
}


def same_pos(fast: Pos, slow: Pos) -> bool:
    return (fast.line, fast.col, fast.raw, fast.quoted) == (slow.line, slow.col, slow.raw, slow.quoted)


def assert_same(fast, slow, where="root"):
    assert type(fast) is type(slow), where
    if isinstance(fast, YMap):
        assert list(fast) == list(slow), where
        assert same_pos(fast.pos, slow.pos), where
        for key in fast:
            assert same_pos(fast.key_pos[key], slow.key_pos[key]), f"{where}.{key} (key)"
            assert same_pos(fast.value_pos[key], slow.value_pos[key]), f"{where}.{key}"
            assert_same(fast[key], slow[key], f"{where}.{key}")
    elif isinstance(fast, YList):
        assert len(fast) == len(slow), where
        assert same_pos(fast.pos, slow.pos), where
        for index, (a, b) in enumerate(zip(fast, slow)):
            assert same_pos(fast.item_pos[index], slow.item_pos[index]), f"{where}[{index}]"
            assert_same(a, b, f"{where}[{index}]")
    elif isinstance(fast, float) and math.isnan(fast):
        assert math.isnan(slow), where
    else:
        assert fast == slow, where


def both(text: str):
    problems: list = []
    slow = loader._compose_events(text, "t.yaml", problems)
    return loader._compose_plain(text, "t.yaml"), slow, problems


def assert_line_reader_agrees(text: str) -> bool:
    """If the line reader takes ``text``, it reads what the event composer reads; True if it took it."""
    read = loader._read_lines(text)
    if read is None:
        return False
    problems: list = []
    slow = loader._compose_events(text, "t.yaml", problems)
    assert problems == [], text
    assert same_pos(read[1], slow.pos), text
    assert_same(read[0], slow.root, repr(text))
    return True


@pytest.mark.parametrize("text", USUAL.values(), ids=USUAL.keys())
def test_usual_team_files_take_the_line_reader_and_read_the_same(text):
    assert assert_line_reader_agrees(text), "the line reader gave up on the usual shape"
    assert loader.parse_text(text, "t.yaml", []).root == loader._compose_events(text, "t.yaml", []).root


# Near misses of the usual shape: the line reader must read them as libyaml does, or give up.
NEAR_MISSES = [
    "a: ---\n", "a: ...\n", "a: a  #b\n", "a: b #c: d\n", "a: b # c: d\n", "a: b:\n", "a: - x\n", "a: -\n", "a: -1\n",
    "a:\n- - a\n", "a:\n  -\n", "a:\n  - -\n", "-\n", "- a\n", "a:\n-\n", "  a: 1\n  b: 2\n", "team: A\n customers: x\n",
    "a: 1\n  b: 2\n", "a: b\n  c\n", "a:\n  b: 1\n c: 2\n", "a:\n  b: c\n  - d\n", "a:\n  - b\n d: 1\n", "a:\n  - b\n  c: 1\n",
    "a:\n- b\nc: 1\n", "a:\n- b\n  c: 1\n", "team: A\n- x\n", "team:\n", "a:\n  b:\n", "a:    \n  b: 1\n", "a: # c\n  b: 1\n",
    "a: [a, [b]]\n", "a: [a,]\n", "a: [ ]\n", "a: [a b, c]\n", "a: [a #b]\n", "a: [b, 'c''d', \"e\"] # x\n", "a: ['b'c]\n",
    "a: [b]c\n", "a: [-1]\n", "a: [b,\n  c]\n", "a: 'b\n  c'\n", "a: \"a\" \"b\"\n", "a: 'a'#c\n", "a: '''x'\n", "a: 'x''\n",
    "a: ?x\n", "a: :x\n", "a: =\n", "a: <<\n", "<<: 1\n", "a: 2026-02-30\n", "A: 1\na: 2\n", "a: 1\na: 2\n", "a: b\n...\n",
    "a: b\n---\nc: d\n", "a: {b: 1}\n", "a: y\nb: n\nc: Y\nd: ~x\n", "x-y-: 1\na-: b\n",
]


@pytest.mark.parametrize("text", [*PLAIN.values(), *NEAR_MISSES])
def test_the_line_reader_reads_the_same_or_gives_up(text):
    assert_line_reader_agrees(text)


@pytest.mark.parametrize("text", PLAIN.values(), ids=PLAIN.keys())
def test_plain_documents_take_the_fast_path_and_read_the_same(text):
    fast, slow, problems = both(text)
    assert problems == []
    assert fast is not None, "the fast path gave up on a plain document"
    assert fast.path == slow.path
    assert same_pos(fast.pos, slow.pos)
    assert_same(fast.root, slow.root)


@pytest.mark.parametrize("text", NOT_PLAIN.values(), ids=NOT_PLAIN.keys())
def test_everything_else_is_left_to_the_event_composer(text):
    assert loader._compose_plain(text, "t.yaml") is None
    assert loader._read_lines(text) is None


def _corpus():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_examples_and_generated_teams_read_the_same(tmp_path):
    _corpus().generate(120, tmp_path)
    paths = sorted((ROOT / "examples").rglob("*.yaml")) + sorted(tmp_path.glob("*.yaml"))
    assert len(paths) > 100
    for path in paths:
        text = path.read_text(encoding="utf-8")
        fast, slow, problems = both(text)
        assert problems == [], path
        assert fast is not None, path
        assert_same(fast.root, slow.root, path.name)
        assert assert_line_reader_agrees(text), path


def test_values_written_out_never_count_as_an_alias_bomb():
    """Only aliases expand a document: a big plain map reads the same in all three readers, without a problem."""
    teams = "teams:\n" + "".join(f"  - team: T{n}\n    customers:\n      - T{n + 1}\n" for n in range(5_000))
    assert len(teams) < loader._FAST_MAX_CHARS
    assert assert_line_reader_agrees(teams)
    fast, slow, problems = both(teams.replace("team:", '"team":'))  # a quoted key: libyaml composes it
    assert problems == [] and fast is not None
    assert_same(fast.root, slow.root)


def test_texts_over_the_fast_limit_go_to_the_event_composer_and_read_without_a_problem():
    # 10,000 teams with a feedback loop: 170,000 values up to seven levels deep, which
    # counting every value once for every level it sits in took for "more than
    # 1,000,000 values through aliases".
    text = "teams:\n" + "".join(f"  - team: T{n}\n    customers:\n      - team: T{n + 1}\n        feedback:\n"
                                 f"          - kind: review\n            cadence: quarterly\n            score: 8\n"
                                 for n in range(10_000))
    assert len(text) > loader._FAST_MAX_CHARS
    assert loader._read_lines(text) is None and loader._compose_plain(text, "t.yaml") is None
    problems: list = []
    document = loader.parse_text(text, "t.yaml", problems)
    assert problems == []
    assert len(document.root["teams"]) == 10_000


def test_the_fast_readers_cannot_meet_the_value_limits():
    """Limits only the event composer checks: a text the fast readers take is too short to reach them."""
    assert loader._FAST_MAX_CHARS < loader.MAX_VALUES
    assert loader._FAST_MAX_CHARS < loader.MAX_EXPANDED_NODES


def _depth(text: str) -> int:
    """How deep the document really nests collections, from libyaml's events."""
    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return deepest


@pytest.mark.parametrize("text", [
    *PLAIN.values(),
    "- " * 300 + "x\n",
    "[" * 300 + "]" * 300,
    "{a: " * 300 + "x" + "}" * 300,
    "[a: " * 300 + "x" + "]" * 300,
    "".join(" " * depth + f"k{depth}:\n" for depth in range(200)) + " " * 200 + "- x\n",
    "k:\n" + "".join(" " * (2 * level) + "- k:\n" for level in range(200)) + " " * 400 + "- x\n",
    "".join(" " * depth + "- ? - " for depth in range(0, 300, 2)) + "x\n",
    "a:\n" + "".join(" " * depth + "- - " for depth in range(0, 300, 4)) + "x\n",
    "x: " + "[a: {b: " * 100 + "c" + "}]" * 100 + "\n",
], ids=lambda text: text[:12])
def test_nesting_bound_is_never_below_the_real_depth(text):
    assert _depth(text) <= loader._nesting_bound(text)


def test_without_libyaml_the_event_composer_reads_everything(monkeypatch):
    monkeypatch.setattr(loader, "_C_LOADER", None)
    assert loader._compose_plain(PLAIN["team"], "t.yaml") is None
    document = loader.parse_text(PLAIN["team"], "t.yaml", [])
    assert document.root == {"team": "Payroll", "department": "Finance"}


def test_mutated_documents_read_the_same_or_go_to_the_event_composer():
    """Seeded random edits of plain documents: whatever the fast path accepts, it reads as the reference does."""
    rng = random.Random(7)
    seeds = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").rglob("*.yaml"))]
    seeds += list(PLAIN.values())
    pieces = ["- ", ": ", "[", "]", "{", "}", ", ", "&a ", "*a", "! ", "!!int ", "!!str ", "!!timestamp ",
              "<<: ", "? ", "'", '"', "\n", "  ", "#", "|", ">", "---\n", "yes", "1", "2026-01-01", "~", "!x ",
              "\t", "=", ".inf", "null", "\r\n", "\u2028"]
    accepted = taken_by_lines = 0
    for _ in range(3000):
        text = rng.choice(seeds)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.6:
                text = text[:at] + rng.choice(pieces) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 5):]
        if loader._control_character(text, "t.yaml") is not None:
            continue
        taken_by_lines += assert_line_reader_agrees(text)
        try:
            fast = loader._compose_plain(text, "t.yaml")
        except (AttributeError, IndexError, KeyError) as exc:  # `!!int ''` and the like: both fail alike
            with pytest.raises(type(exc)):
                loader._compose_events(text, "t.yaml", [])
            continue
        if fast is None:
            continue
        accepted += 1
        problems: list = []
        slow = loader._compose_events(text, "t.yaml", problems)
        assert problems == [], text
        assert same_pos(fast.pos, slow.pos), text
        assert_same(fast.root, slow.root, repr(text))
    assert accepted > 500 and taken_by_lines > 300
