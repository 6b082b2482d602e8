"""YAML text -> values that remember where they were written.

libyaml composes each document into a node graph in C (``yaml.compose_all``
with a ``CSafeLoader``), and one converter, ``_Converter``, turns the nodes into
chainmap's values (``YMap``, ``YList`` and scalars) with the line and column of
every key, value and item.  The converter does every check on the way:

- duplicate keys (PyYAML silently keeps the last one),
- tags: only the standard scalar and collection tags, and only where they fit
  (``!!bool maybe`` is a problem, not a crash),
- merge keys (``<<``), aliases, and how far aliases expand a document,
- nesting deeper than MAX_DEPTH,

and reports every problem in every file in one run.

libyaml's composer keeps no trace of where an alias was written, gives up on
the whole document at its first syntax error, and holds the whole node graph in
memory.  So a text with an alias, a long or deeply nested text, and one the
composer turns down are composed from libyaml's events instead, by
``_compose_events``: the same nodes, each alias kept with its position, and
nothing built past a syntax error, past MAX_VALUES values or past MAX_DEPTH
levels.  The converter, and so every rule, is the same for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .decoding import read_text
from .errors import Problem
from .files import find_files
from .yaml_hints import syntax_hint

MAX_DEPTH = 64
# Values the aliases of one document may stand for, all together: an alias
# counts every value of what it repeats; values written out count only towards
# MAX_VALUES.  Real team files stay far below this; a "billion laughs" document
# hits it after a few levels.
MAX_EXPANDED_NODES = 1_000_000
# Values written in one document.  A map of 100,000 small teams holds about
# 600,000; the bound stops a file of millions of tiny values (`[a,a,a,...`)
# before it costs gigabytes, as the 20 MB limit alone would not.
MAX_VALUES = 1_000_000

_YAML_TAG = "tag:yaml.org,2002:"
_STR_TAG = _YAML_TAG + "str"
_SCALAR_TAGS = {_YAML_TAG + "bool": "a boolean", _YAML_TAG + "int": "a whole number",
                _YAML_TAG + "float": "a number", _YAML_TAG + "null": "null", _YAML_TAG + "timestamp": "a date"}
_COLLECTION_TAGS = {_YAML_TAG + "map": "a mapping", _YAML_TAG + "seq": "a list"}
_STANDARD_TAGS = {_STR_TAG, _YAML_TAG + "merge", *_SCALAR_TAGS, *_COLLECTION_TAGS}
_KIND_WORDS = {"scalar": "a single value", "mapping": "a mapping", "list": "a list"}
_QUOTED = ("'", '"')
_TAB_HINT = "indent with spaces: YAML does not allow tabs for indentation"


class Pos:
    """1-based line and column of a YAML node; ``raw`` is a scalar's text as written."""

    __slots__ = ("line", "col", "raw", "quoted")

    def __init__(self, line: int, col: int, raw: str | None = None, quoted: bool = False):
        self.line = line
        self.col = col
        self.raw = raw
        self.quoted = quoted

    def __repr__(self) -> str:
        return f"Pos({self.line}, {self.col})"


class YMap(dict):
    """A YAML mapping that remembers where it, its keys and its values were written."""

    __slots__ = ("pos", "key_pos", "value_pos")

    def __init__(self, pos: Pos):  # dict() starts empty: no need to call dict.__init__
        self.pos = pos
        self.key_pos: dict = {}
        self.value_pos: dict = {}


class YList(list):
    """A YAML sequence that remembers where it and each item were written."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, pos: Pos):  # list() starts empty: no need to call list.__init__
        self.pos = pos
        self.item_pos: list[Pos] = []


@dataclass
class Document:
    path: str
    root: object
    pos: Pos


def load_documents(paths, problems: list[Problem]) -> list[Document]:
    """Read every YAML file under ``paths``; problems are appended, never raised."""
    documents = []
    for path in find_files(paths, problems):
        text = read_text(path, problems)
        if text is not None:
            document = parse_text(text, path, problems)
            if document is not None:
                documents.append(document)
    return documents


def parse_text(text: str, path: str, problems: list[Problem]) -> Document | None:
    """Parse one YAML text; None (with problems added) when it holds no usable document."""
    control = _control_character(text, path)
    if control is not None:
        problems.append(control)
        return None
    found: list[Problem] = []
    documents = _read_composed(text, path, found) if _composable(text) else _DECLINED
    if documents is _DECLINED:
        found = []
        documents = _read_events(text, path, found)
    problems.extend(found)
    if documents is None:
        return None
    if not documents or documents[0][0] is None:
        problems.append(Problem(path, 1, 1, "error", "empty-file",
                                "file is empty", "describe one team (team: ...) or a map (teams: [...])"))
        return None
    if len(documents) > 1:
        pos = documents[1][1]
        problems.append(Problem(path, pos.line, pos.col, "error", "multiple-documents",
                                "file holds more than one YAML document",
                                "put one team per file, or a map with a teams: list"))
        return None
    return Document(path, *documents[0])


# Characters YAML does not allow in a stream (YAML 1.1, 5.1): C0 controls but
# tab/newline/return, DEL, C1 controls but NEL, surrogates and U+FFFE/U+FFFF.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _control_character(text: str, path: str) -> Problem | None:
    match = _NOT_PRINTABLE.search(text)
    if match is None:
        return None
    offset = match.start()
    line_start = text.rfind("\n", 0, offset) + 1
    return Problem(path, text.count("\n", 0, offset) + 1, offset - line_start + 1, "error", "yaml-syntax",
                   f"invalid YAML: control character U+{ord(match.group()):04X} is not allowed",
                   "remove it; it is often pasted in by accident")


# -- Tags: which were written, and which the resolver gave ----------------------

class _Implicit(str):
    """A tag the resolver gave, because none was written (or only the non-specific '!').

    The composer asks the loader's ``resolve`` for exactly those, so a tag that
    is an ``_Implicit`` was not written in the file, and one that is a plain
    ``str`` was: only those are checked.  That is how both of PyYAML's composers
    (libyaml's and its own) work, not a documented promise: should it change,
    the tag cases in tests/test_loader.py fail.
    """

    __slots__ = ()


_IMPLICIT = {tag: _Implicit(tag) for tag in (*_STANDARD_TAGS, _YAML_TAG + "value")}
_TEXT = _IMPLICIT[_STR_TAG]


# The tags of plain scalars resolved before: keys, kinds and cadences come back in
# every team file, and the resolver tries its regular expressions on each.
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_KEPT = 20_000


def _resolve(self, kind, value, implicit):
    """``Resolver.resolve``, marking the tag as one the resolver gave."""
    plain = kind is ScalarNode and implicit[0]
    if plain:
        tag = _PLAIN_TAGS.get(value)
        if tag is not None:
            return tag
    tag = Resolver.resolve(self, kind, value, implicit)
    tag = _IMPLICIT.get(tag) or _Implicit(tag)
    if plain:
        if len(_PLAIN_TAGS) >= _PLAIN_TAGS_KEPT:
            _PLAIN_TAGS.clear()
        _PLAIN_TAGS[value] = tag
    return tag


class _Tags(Resolver):
    resolve = _resolve


_TAGS = _Tags()
_RESOLVER = Resolver()
_C_LOADER = None
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):
        resolve = _resolve

        # libyaml's composer calls these at every node, for path resolvers; a
        # safe loader has none, so they do nothing, a little faster.
        def descend_resolver(self, current_node, current_index):
            pass

        def ascend_resolver(self):
            pass

    _C_LOADER = _CLoader
# Events come from libyaml when PyYAML has it, else from PyYAML's own parser.
_EVENT_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def tag_misfit(tag: str | None, kind: str, value=None) -> str | None:
    """Why a standard ``tag`` does not fit a node, or None when it does.

    ``kind`` is ``scalar``, ``mapping`` or ``list``.  ``!!bool foo`` or
    ``!!int ''`` would make PyYAML's constructors crash, and ``!!seq`` on a
    mapping means nothing: all are input errors, not values.
    """
    if tag in _COLLECTION_TAGS:
        fits = _COLLECTION_TAGS[tag] == _KIND_WORDS[kind]
        return None if fits else f"{_KIND_WORDS[kind]} is not {_COLLECTION_TAGS[tag]}"
    if tag not in _SCALAR_TAGS:
        return None
    if kind != "scalar":
        return f"{_KIND_WORDS[kind]} is not {_SCALAR_TAGS[tag]}"
    resolved = _RESOLVER.resolve(ScalarNode, value, (True, False))
    if resolved == tag or (tag == _YAML_TAG + "float" and resolved == _YAML_TAG + "int"):
        return None
    return f"{value!r} is not {_SCALAR_TAGS[tag]}"


_CONSTRUCTOR = SafeConstructor()
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _timestamp(node):
    if _PLAIN_DATE.match(node.value):  # the usual `last: 2026-11-22`: same date, less work
        return date.fromisoformat(node.value)
    return _CONSTRUCTOR.construct_yaml_timestamp(node)


_CONSTRUCTORS = {
    _YAML_TAG + "null": lambda node: None,
    _YAML_TAG + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _YAML_TAG + "int": _CONSTRUCTOR.construct_yaml_int,
    _YAML_TAG + "float": _CONSTRUCTOR.construct_yaml_float,
    _YAML_TAG + "timestamp": _timestamp,
}


def _typed(tag: str, node):
    """The value of a scalar node with a standard tag: None, a bool, number or date, else its text."""
    construct = _CONSTRUCTORS.get(tag)
    if construct is None:
        return node.value
    if node.__class__ is not ScalarNode:  # a _Scalar: PyYAML's constructors take only their own
        node = ScalarNode(tag, node.value, node.start_mark, node.start_mark, node.style)
    try:
        return construct(node)
    except (ValueError, TypeError, OverflowError, LookupError, yaml.YAMLError):
        # e.g. 2026-02-30 looks like a date but is none; validation says so.
        return node.value


# The values of plain scalars typed before: scores, dates and cadences come back
# in file after file.  The text alone decides a plain scalar's tag, and so its value.
_PLAIN_VALUES: dict[str, object] = {}


def _plain_typed(tag: str, node):
    value = _PLAIN_VALUES.get(node.value, _PLAIN_VALUES)
    if value is _PLAIN_VALUES:
        if len(_PLAIN_VALUES) >= _PLAIN_TAGS_KEPT:
            _PLAIN_VALUES.clear()
        value = _PLAIN_VALUES[node.value] = _typed(tag, node)
    return value


# -- The converter: nodes -> positioned values, every check ----------------------

_MERGE = object()
_BAD_KEY = object()
_TOO_DEEP = ("too-deep", f"nesting deeper than {MAX_DEPTH} levels", "a team file needs only a few levels")


class _Stop(Exception):
    """A problem after which the rest of the file is not read: too deep, an alias bomb."""


class _Node:
    """A node as ``_compose_events`` builds it: PyYAML's node, without end mark and lighter.

    ``id`` tells the kind, as in PyYAML's ``ScalarNode.id`` and its like, which the converter reads.
    """

    __slots__ = ("tag", "value", "start_mark", "style")

    def __init__(self, tag, value, start_mark, style=None):
        self.tag = tag
        self.value = value
        self.start_mark = start_mark
        self.style = style


class _Scalar(_Node):
    __slots__ = ()
    id = ScalarNode.id


class _Mapping(_Node):
    __slots__ = ()
    id = MappingNode.id


class _Sequence(_Node):
    __slots__ = ()
    id = SequenceNode.id


class _Alias:
    """An alias as ``_compose_events`` keeps it: what it repeats, and where it was written."""

    __slots__ = ("target", "start_mark")
    id = "alias"
    tag = None

    def __init__(self, target, start_mark):
        self.target = target
        self.start_mark = start_mark


class _Converter:
    """YMap/YList/scalar values, with positions, from the nodes of one document.

    Problems are added to ``problems``; ``failed`` says one of them leaves no
    usable document; ``_Stop`` ends the file.  ``unclosed`` holds the ids of
    the collections a syntax error or a limit cut short: what they hold is
    checked, but they are not merged, nor checked as a key or value themselves.
    """

    def __init__(self, path: str, problems: list[Problem], unclosed=frozenset()):
        self.path = path
        self.problems = problems
        self.unclosed = unclosed
        self.failed = False
        self.expanded = 0
        self.repeated: dict[int, object] = {}  # id of a node an alias repeats -> its value
        self.sizes: dict[int, int] = {}

    def problem(self, pos: Pos, rule: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, pos.line, pos.col, "error", rule, message, hint))

    def node(self, node, depth: int):
        """``(value, pos)`` of a node inside ``depth`` collections."""
        mark = node.start_mark
        kind = node.id
        if kind == "scalar":
            pos = Pos(mark.line + 1, mark.column + 1, node.value, node.style in _QUOTED)
            value = self.scalar(node, pos)
        elif kind == "alias":
            return self.alias(node)
        else:
            pos = Pos(mark.line + 1, mark.column + 1)
            if depth >= MAX_DEPTH:
                self.problem(pos, *_TOO_DEEP)
                raise _Stop
            if kind == "mapping":
                self.check_tag(node.tag, "mapping", pos)
                value = self.mapping(node, pos, depth + 1)
            else:
                self.check_tag(node.tag, "list", pos)
                value = self.sequence(node, pos, depth + 1)
            if not self.repeated:
                # Done with what the collection holds: let it go, so that a big map does not
                # hold its nodes and its values at once.  (What an alias repeats is kept.)
                node.value = None
        if self.repeated and id(node) in self.repeated:
            self.repeated[id(node)] = value
        return value, pos

    def scalar(self, node, pos: Pos):
        tag = node.tag
        if tag is _TEXT:
            return node.value
        if tag.__class__ is _Implicit:
            # A quoted value is text, also after a bare '!' (libyaml resolves `! "12"` to a number).
            return node.value if pos.quoted else _plain_typed(tag, node)
        if self.tag_allowed(tag, pos) and self.tag_fits(tag, "scalar", pos, node.value):
            return _typed(tag, node)
        self.failed = True
        return node.value

    def mapping(self, node, pos: Pos, depth: int) -> YMap:
        mapping = YMap(pos)
        key_pos, value_pos = mapping.key_pos, mapping.value_pos
        merges = []
        text, quotes, new_pos = _TEXT, _QUOTED, Pos  # locals: this loop runs for every key of every file
        for key_node, value_node in node.value:
            if key_node.tag is text:  # the usual key: plain text
                mark = key_node.start_mark
                key = key_node.value
                at = new_pos(mark.line + 1, mark.column + 1, key, key_node.style in quotes)
                if key == "<<" and not at.quoted:
                    key = _MERGE
            else:
                key, at = self.node(key_node, depth)
                if self.unclosed and id(key_node) in self.unclosed:
                    break
                key = self.key(key, at)
            if value_node is None:  # the last key of a mapping cut short
                break
            if value_node.tag is text:  # the usual value: plain text
                mark = value_node.start_mark
                value = value_node.value
                value_at = new_pos(mark.line + 1, mark.column + 1, value, value_node.style in quotes)
            else:
                value, value_at = self.node(value_node, depth)
                if self.unclosed and id(value_node) in self.unclosed:
                    break
            if key.__class__ is str and key not in mapping:
                mapping[key] = value
                key_pos[key] = at
                value_pos[key] = value_at
            elif key is _MERGE:
                merges.append((value, value_at))
            elif key is not _BAD_KEY:
                first = key_pos[key]
                self.problem(at, "duplicate-key", f"duplicate key '{key}' (first at line {first.line})",
                             "YAML keeps only one of them: remove or rename the other")
        if merges and id(node) not in self.unclosed:
            self.merge(mapping, merges)
        return mapping

    def sequence(self, node, pos: Pos, depth: int) -> YList:
        sequence = YList(pos)
        append, append_pos = sequence.append, sequence.item_pos.append
        text, quotes, new_pos = _TEXT, _QUOTED, Pos
        for item_node in node.value:
            if item_node.tag is text:
                mark = item_node.start_mark
                item = item_node.value
                append(item)
                append_pos(new_pos(mark.line + 1, mark.column + 1, item, item_node.style in quotes))
            else:
                item, at = self.node(item_node, depth)
                append(item)
                append_pos(at)
        return sequence

    def key(self, value, pos: Pos):
        if isinstance(value, (YMap, YList)):
            self.problem(pos, "wrong-type", "a key must be plain text, not a mapping or list")
            return _BAD_KEY
        if pos.raw == "<<" and not pos.quoted:
            return _MERGE
        if isinstance(value, str):
            return value
        # yes:, 1:, null: and the like are keys too; keep them as written.
        return pos.raw if pos.raw is not None else str(value)

    def merge(self, mapping: YMap, merges) -> None:
        for value, pos in merges:
            for source in value if isinstance(value, YList) else [value]:
                if not isinstance(source, YMap):
                    self.problem(pos, "wrong-type", "'<<' merges mappings only")
                    continue
                for key, item in source.items():
                    if key not in mapping:
                        mapping[key] = item
                        mapping.key_pos[key] = source.key_pos[key]
                        mapping.value_pos[key] = source.value_pos[key]

    def alias(self, alias: _Alias):
        mark = alias.start_mark
        pos = Pos(mark.line + 1, mark.column + 1)
        # Only aliases multiply a document: each counts all it stands for.
        # What is written out has its own bound (MAX_VALUES); counting it
        # here too would turn a big map into a false alarm.
        self.expanded += self.size(alias.target)
        if self.expanded > MAX_EXPANDED_NODES:
            self.problem(pos, "alias-bomb",
                         f"document expands to more than {MAX_EXPANDED_NODES:,} values through aliases",
                         "remove the nested &anchors and *aliases")
            raise _Stop
        target = alias.target
        if target.tag is _TEXT:  # taken without node(), so not kept in `repeated`
            return target.value, pos
        return self.repeated[id(target)], pos

    def size(self, node) -> int:
        """How many values ``node`` stands for, aliases in it expanded."""
        kind = node.id
        if kind == "scalar":
            return 1
        if kind == "alias":
            return self.size(node.target)
        size = self.sizes.get(id(node))
        if size is None:
            children = [child for pair in node.value for child in pair] if kind == "mapping" else node.value
            size = self.sizes[id(node)] = 1 + sum(self.size(child) for child in children)
        return size

    def check_tag(self, tag: str, kind: str, pos: Pos) -> None:
        if tag.__class__ is not _Implicit and not (self.tag_allowed(tag, pos) and self.tag_fits(tag, kind, pos)):
            self.failed = True

    def tag_allowed(self, tag: str, pos: Pos) -> bool:
        if tag in _STANDARD_TAGS:
            return True
        shown = "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag
        if "python/" in tag:
            message = f"YAML tag '{shown}' is not allowed: chainmap never runs code from its input"
        else:
            message = f"YAML tag '{shown}' is not supported"
        self.problem(pos, "unsafe-tag", message, "remove the tag; chainmap reads plain YAML only")
        return False

    def tag_fits(self, tag: str, kind: str, pos: Pos, value=None) -> bool:
        misfit = tag_misfit(tag, kind, value)
        if misfit:
            shown = "!!" + tag[len(_YAML_TAG):]
            self.problem(pos, "bad-tag", f"YAML tag '{shown}' does not fit here: {misfit}",
                         "remove the tag; chainmap reads plain values")
        return misfit is None


def _convert(roots, path: str, problems: list[Problem], unclosed=frozenset(), repeated=()):
    """``[(value, pos), ...]`` of the documents' root nodes; None when a problem leaves none usable.

    ``repeated`` holds the nodes aliases repeat.  Raises ``_Stop`` when a problem ends the file.
    """
    documents = []
    failed = False
    for root in roots:
        converter = _Converter(path, problems, unclosed)
        converter.repeated = dict.fromkeys(map(id, repeated))
        documents.append(converter.node(root, 0))
        failed = failed or converter.failed
    return None if failed else documents


# -- Where the nodes come from --------------------------------------------------

# libyaml's composer recurses in C once per nesting level (before PyYAML 6.0.4
# without a limit: an 8 MB stack overflows at some 25,000 levels) and holds the
# whole node graph in memory (a few hundred bytes a value).  So it only gets
# texts that are short and cannot nest deeply.  A short text holds far fewer
# than MAX_VALUES values (about one a character at most, as in `{a,b,c}`), and a
# text without '*' holds no alias: the limits on values and on what aliases
# expand to can only be met in texts composed from events.
_COMPOSE_MAX_CHARS = 256 * 1024
_COMPOSE_MAX_NESTING = 1_000
_DECLINED = object()


def _composable(text: str) -> bool:
    return (_C_LOADER is not None and len(text) <= _COMPOSE_MAX_CHARS and "*" not in text
            and _nesting_bound(text) <= _COMPOSE_MAX_NESTING)


def _nesting_bound(text: str) -> int:
    """How deep ``text`` could nest collections at most.

    Block collections nest by indenting: a nested one starts further right,
    or in the same column for a list under a key, so at most two levels per
    column.  Flow collections nest by brackets: at most two levels per '['
    (``[a: b]`` holds a mapping) and one per '{'.  Lines are split at
    newlines only and quoted brackets count too: both can only raise the bound.
    """
    widest = max(map(len, text.split("\n")))
    return 2 * (widest + 1) + 2 * text.count("[") + text.count("{")


def _read_composed(text: str, path: str, problems: list[Problem]):
    """The documents as libyaml's composer builds them; ``_DECLINED`` when it turns the text down."""
    nodes = yaml.compose_all(text, Loader=_C_LOADER)
    try:
        return _convert(nodes, path, problems)
    except _Stop:
        return None
    except yaml.YAMLError:
        # A syntax error, or a duplicate anchor (which YAML allows): composed from the events,
        # every problem before a syntax error is reported too.
        return _DECLINED
    finally:
        nodes.close()


def _read_events(text: str, path: str, problems: list[Problem], look_before: bool = True):
    """The documents composed from libyaml's events, every problem reported."""
    roots, repeated, unclosed, end = _compose_events(text)
    try:
        documents = _convert(roots, path, problems, unclosed, repeated)
    except _Stop:
        return None
    if end is None:
        return documents
    if isinstance(end, yaml.MarkedYAMLError):
        problems.append((look_before and _too_deep_before(text, end, path)) or _syntax_problem(path, end, text))
    elif isinstance(end, yaml.YAMLError):  # reader errors carry no problem_mark
        problems.append(_reader_problem(path, end))
    else:
        mark, rule, message, hint = end
        problems.append(Problem(path, mark.line + 1, mark.column + 1, "error", rule, message, hint))
    return None


def _compose_events(text: str):
    """``(roots, repeated, unclosed, end)``: the documents' nodes, composed from libyaml's events.

    The nodes are those libyaml's composer builds, but for aliases: each is an
    ``_Alias`` that keeps its position, and ``repeated`` lists the nodes aliases
    repeat.  Composing stops at a syntax error, at an unknown alias, past
    MAX_VALUES values or MAX_DEPTH levels; ``end`` then holds the error, or
    ``(mark, rule, message, hint)`` of the problem (None when the text was read
    to its end).  The roots then include the document cut short, and ``unclosed``
    the ids of its collections that were left open.

    Values are counted where they are complete: a scalar or an alias where it is
    written, a collection where it ends.  A document cut short at the value that
    passes MAX_VALUES thus holds everything before it, for the converter to check
    (a problem that ends the file there comes first and is reported instead).
    """
    roots = []
    repeated = []
    stack: list[list] = []  # open collections: [node, anchor, the key waiting for its value]
    anchors: dict = {}
    count = 0
    end = None
    events = yaml.parse(text, Loader=_EVENT_LOADER)
    try:
        for event in events:
            kind = event.__class__
            node = anchor = None
            if kind is yaml.ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _TAGS.resolve(ScalarNode, event.value, event.implicit)
                node = _Scalar(tag, event.value, event.start_mark, event.style)
                anchor = event.anchor
            elif kind is yaml.AliasEvent:
                target = anchors.get(event.anchor)
                if target is None:
                    end = (event.start_mark, "yaml-syntax", f"invalid YAML: unknown alias '*{event.anchor}'",
                           "no &anchor of that name comes before it; to write text that starts with '*', "
                           "put the whole value in quotes")
                    break
                node = _Alias(target, event.start_mark)
                repeated.append(target)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                mapping = kind is yaml.MappingStartEvent
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _TAGS.resolve(MappingNode if mapping else SequenceNode, None, event.implicit)
                collection = (_Mapping if mapping else _Sequence)(tag, [], event.start_mark)
                _attach(collection, stack, roots)
                stack.append([collection, event.anchor, None])
                if len(stack) > MAX_DEPTH:  # the converter reports it
                    end = (event.start_mark, *_TOO_DEEP)
                    break
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node, anchor, _ = stack.pop()
            elif kind is yaml.DocumentStartEvent:
                anchors = {}
                count = 0
                continue
            else:  # the stream's start and end, a document's end
                continue
            if node.id == "scalar" or node.id == "alias":  # a collection was attached where it started
                _attach(node, stack, roots)
            if anchor is not None:
                anchors[anchor] = node
            count += 1
            if count > MAX_VALUES:
                end = (node.start_mark, "too-large", f"document holds more than {MAX_VALUES:,} values",
                       "split the map into several files, such as one file per team")
                break
    except yaml.YAMLError as error:
        end = error
    finally:
        events.close()
    unclosed = set()
    for collection, _, key in stack:
        unclosed.add(id(collection))
        if key is not None:
            collection.value.append((key, None))
    return roots, repeated, unclosed, end


def _attach(node, stack: list[list], roots: list) -> None:
    """Put a node into the open collection: an item, a key, or the value of the waiting key."""
    if not stack:
        roots.append(node)
        return
    top = stack[-1]
    parent = top[0]
    if parent.id == "sequence":
        parent.value.append(node)
    elif top[2] is None:
        top[2] = node
    else:
        parent.value.append((top[2], node))
        top[2] = None


# -- Problems libyaml finds -----------------------------------------------------

def _too_deep_before(text: str, exc: yaml.MarkedYAMLError, path: str) -> Problem | None:
    """Our ``too-deep`` when the text before libyaml's error nests deeper than MAX_DEPTH.

    libyaml has nesting limits of its own (1,000 levels since PyYAML 6.0.4), and in
    flow context its scanner reads ahead, so it can fail before a single event reaches
    the composer.  The text before the error holds less than libyaml's limit, so
    libyaml hands over its events and the converter finds where our bound is crossed.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    offset = 0
    for _ in range(mark.line):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return None
    found: list[Problem] = []
    _read_events(text[: offset + mark.column], path, found, look_before=False)
    return next((problem for problem in found if problem.rule == "too-deep"), None)


def _syntax_problem(path: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    message = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        message = f"{exc.problem} ({exc.context})"
    lines = text.splitlines()
    if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        message, hint = "a tab character where YAML expects spaces", _TAB_HINT
    else:
        # What to change, read from the text around the error (chainmap/yaml_hints.py).
        hint = syntax_hint(lines, mark)
    return Problem(path, line, col, "error", "yaml-syntax", f"invalid YAML: {message}", hint)


def _reader_problem(path: str, exc: yaml.YAMLError) -> Problem:
    line = col = 0
    text = str(exc).splitlines()
    message = getattr(exc, "reason", None) or (text[0] if text else "unreadable YAML")
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    # Without a mark, libyaml gives only a byte offset; no position beats a wrong one.
    return Problem(path, line, col, "error", "yaml-syntax", f"invalid YAML: {message}")
