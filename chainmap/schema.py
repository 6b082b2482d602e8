"""`chainmap schema`: a JSON Schema (draft 2020-12) of the team file, for editors and CI.

Generated from the definition the validator reads (chainmap.teamfile), so the two
cannot drift: the keys, what each holds, which are required, the limits, the
feedback kinds and cadences (chainmap.model) and one sentence on each key.

>>> document = team_file_schema()
>>> text = schema_text()          # sorted keys, two-space indent: the same bytes every time
"""

from __future__ import annotations

import json

from .model import FEEDBACK_KINDS, HEARING_KINDS, LISTENING_KINDS, NAMED_CADENCES, UNIT_DAYS
from .teamfile import (
    AGREEMENT,
    BOOLEAN,
    CADENCE,
    CUSTOMERS,
    DATE,
    FREE_KEY_PREFIX,
    ITEM_SHAPES,
    KIND,
    LOOPS,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    NAME,
    NAMES,
    PROMISES,
    SCORE,
    SHAPES,
    TEAMS,
    TEXT,
    Key,
    Shape,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "chainmap team file"


# Escaped in a pattern.  Not with re.escape: it escapes '-' too, which ECMA-262 patterns in
# Unicode mode (the editors' validators) refuse outside a character class.
_SPECIAL = set("\\^$.|?*+()[]{}/")


def _literal(text: str) -> str:
    return "".join(f"\\{c}" if c in _SPECIAL else c for c in text)


def _any_case(word: str) -> str:
    """A pattern for ``word`` in any case: the validator lowercases kinds and cadences before it looks them up."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else _literal(c) for c in word)


def _one_of_words(words) -> str:
    return "|".join(_any_case(word) for word in words)


# The validator strips the value and lowercases it; "6 Weeks" is a cadence as "6 weeks" is.
_KIND_PATTERN = rf"^\s*({_one_of_words(FEEDBACK_KINDS)})\s*$"
_CADENCE_PATTERN = (rf"^\s*(({_one_of_words(NAMED_CADENCES)})"
                    rf"|0*[1-9][0-9]*\s+({_one_of_words(UNIT_DAYS)})[sS]?)\s*$")


def _ref(shape: Shape) -> dict:
    return {"$ref": f"#/$defs/{shape.name}"}


def _nullable(schema: dict) -> dict:
    """Also empty (``key:`` with nothing after it): the validator takes an empty optional key as absent."""
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return {**schema, "type": kinds + ["null"]}
    return {"anyOf": [*schema["anyOf"], {"type": "null"}]}


def _name() -> dict:
    return {"type": "string", "pattern": r"\S", "maxLength": MAX_NAME_CHARS}


def _text() -> dict:
    # Free text keeps a number or a date as written (``note: 8`` is "8").
    return {"type": ["string", "number", "boolean"], "maxLength": MAX_TEXT_CHARS}


def _list(item: dict) -> dict:
    return {"type": "array", "items": item}


def _value(key: Key) -> dict:
    """The schema of one key's value, without its description."""
    value = key.value
    if value == NAME:
        schema = _name()
    elif value == TEXT:
        schema = _text()
    elif value == BOOLEAN:
        schema = {"type": "boolean"}
    elif value == DATE:
        schema = {"type": "string", "format": "date", "pattern": r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}"}
    elif value == SCORE:
        schema = {"type": "number", "minimum": 0, "maximum": 10}
    elif value == KIND:
        schema = {"anyOf": [{"enum": list(FEEDBACK_KINDS)}, {"type": "string", "pattern": _KIND_PATTERN}]}
    elif value == CADENCE:
        schema = {"anyOf": [{"enum": list(NAMED_CADENCES)}, {"type": "string", "pattern": _CADENCE_PATTERN}]}
    elif value == NAMES:
        schema = _list(_name())
    elif value == CUSTOMERS:
        schema = _list({"anyOf": [_name(), _ref(ITEM_SHAPES[value])]})
    elif value in (TEAMS, LOOPS, PROMISES):
        schema = _list(_ref(ITEM_SHAPES[value]))
    elif value == AGREEMENT:
        schema = {"anyOf": [_text(), _ref(ITEM_SHAPES[value])]}
    else:
        raise ValueError(f"no schema for a value of kind {value!r}")
    # A required key must have a value (text that is not just spaces); any other may be left empty.
    if key.required and value == TEXT:
        schema["pattern"] = r"\S"
    return schema if key.required else _nullable(schema)


def _kind_description(key: Key) -> str:
    return (f"{key.description} Listening: {', '.join(LISTENING_KINDS)}. "
            f"Hearing (a signal without a conversation): {', '.join(HEARING_KINDS)}.")


def _shape(shape: Shape) -> dict:
    properties = {}
    for key in shape.keys:
        description = _kind_description(key) if key.value == KIND else key.description
        properties[key.name] = {"description": description, **_value(key)}
    schema = {
        "type": "object",
        "description": shape.description,
        "properties": properties,
        "patternProperties": {f"^{_literal(FREE_KEY_PREFIX)}": {"description": "A free annotation, ignored."}},
        "additionalProperties": False,
    }
    required = [key.name for key in shape.keys if key.required]
    if required:
        schema["required"] = required
    if shape.any_of:
        schema["anyOf"] = [{"required": [name]} for name in shape.any_of]
    return schema


def team_file_schema() -> dict:
    """The JSON Schema of a team file: one team (``team: ...``) or a whole map (``teams: [...]``)."""
    team, map_ = SHAPES[0], SHAPES[1]
    return {
        "$schema": DRAFT,
        "title": TITLE,
        "description": "A chainmap file: one team (team: ...) or a whole map (organization: ..., teams: [...]). "
                       "Keys starting with 'x-' are free annotations.",
        "anyOf": [_ref(team), _ref(map_)],
        "$defs": {shape.name: _shape(shape) for shape in SHAPES},
    }


def schema_text() -> str:
    """The schema as JSON text: sorted keys, two-space indent, a final newline; the same bytes every time."""
    return json.dumps(team_file_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
