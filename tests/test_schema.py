"""`chainmap schema`: the JSON Schema of the team file agrees with the validator.

The schema is checked with the jsonschema package on YAML read as an editor reads it
(dates as text), against the real validator (chainmap.loads / the CLI).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import chainmap
from chainmap.cli import main
from chainmap.errors import InputError
from chainmap.teamfile import (
    AGREEMENT,
    BOOLEAN,
    CADENCE,
    CUSTOMERS,
    DATE,
    KIND,
    LOOPS,
    NAME,
    NAMES,
    PROMISES,
    SCORE,
    SHAPES,
    TEAMS,
    TEXT,
    VALUES,
)
from generated import generated_map
from test_hostile_input import FIELDS as LENGTH_LIMITS
from test_input_errors import SINGLE_FILE_CASES, VALID_TEAM

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "chainmap" / "examples"


@pytest.fixture(scope="module")
def schema():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def as_editor_reads(value):
    """YAML as an editor hands it to the schema: keys and dates are the text they were written as."""
    if isinstance(value, dict):
        return {str(key): as_editor_reads(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_reads(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def schema_accepts(validator, text: str) -> bool:
    return validator.is_valid(as_editor_reads(yaml.safe_load(text)))


def chainmap_accepts(text: str) -> bool:
    try:
        chainmap.loads(text, "team.yaml")
    except InputError:
        return False
    return True


# -- the command ---------------------------------------------------------------------------------

def test_schema_is_a_valid_draft_2020_12_schema_with_every_key_described(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for shape in SHAPES:
        properties = schema["$defs"][shape.name]["properties"]
        assert list(properties) == sorted(shape.names)
        assert all(properties[name]["description"].endswith(".") for name in properties)
    kind = schema["$defs"]["loop"]["properties"]["kind"]
    assert "review" in kind["anyOf"][0]["enum"] and "survey" in kind["description"]
    assert "half-yearly" in schema["$defs"]["loop"]["properties"]["cadence"]["anyOf"][0]["enum"]


def test_schema_is_the_same_bytes_every_time_and_to_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, ["schema"]).stdout_bytes
    second = CliRunner().invoke(main, ["schema"]).stdout_bytes

    result = CliRunner().invoke(main, ["schema", "-o", "chainmap.schema.json"])

    assert first == second and first.endswith(b"}\n")
    assert result.exit_code == 0 and result.stdout == ""
    assert "wrote chainmap.schema.json" in result.stderr
    assert (tmp_path / "chainmap.schema.json").read_bytes() == first
    assert sorted(path.name for path in tmp_path.iterdir()) == ["chainmap.schema.json"]


def test_schema_never_overwrites_a_team_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "payroll.yaml").write_text("team: Payroll\n", encoding="utf-8")

    result = CliRunner().invoke(main, ["schema", "-o", "payroll.yaml"])

    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("payroll.yaml: error[output]: 'payroll.yaml' is not a .json file name")
    assert (tmp_path / "payroll.yaml").read_text(encoding="utf-8") == "team: Payroll\n"


def test_schema_into_a_missing_folder_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(main, ["schema", "-o", "nowhere/chainmap.schema.json"])

    assert result.exit_code == 2
    assert "Traceback" not in result.output and "nowhere" in result.stderr
    assert list(tmp_path.iterdir()) == []


# -- real maps are valid -------------------------------------------------------------------------

def readme_team_files() -> list[str]:
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    found = []
    for block in blocks:
        try:
            value = yaml.safe_load(block)
        except yaml.YAMLError:
            continue
        if isinstance(value, dict) and {"team", "teams", "organization"} & set(value):
            found.append(block)
    return found


def test_every_example_file_validates(validator):
    files = sorted(EXAMPLES.rglob("*.yaml"))
    assert len(files) > 10
    for file in files:
        errors = list(validator.iter_errors(as_editor_reads(yaml.safe_load(file.read_text(encoding="utf-8")))))
        assert errors == [], f"{file}: {errors[0].message}"


def test_every_team_file_of_the_readme_and_the_tests_validates(validator, tmp_path):
    folder, _ = generated_map(tmp_path / "generated", departments=2, per_department=5)
    texts = readme_team_files() + [VALID_TEAM] + [file.read_text() for file in sorted(folder.iterdir())] + [
        "team: Payroll\nx-owner: M. de Vries\ncustomers:\n  - team: HR\n    x-since: 2021\n"
        "    feedback:\n      - kind: Review\n        cadence: 6 Weeks\n        x-by: phone\n",
        "organization: Acme\nx-source: wiki\nteams:\n  - team: HR\n    x-room: 3\n",
    ]
    assert readme_team_files()
    for text in texts:
        assert chainmap_accepts(text), text
        assert schema_accepts(validator, text), text


# -- invalid input is rejected -------------------------------------------------------------------

# Input errors a schema of the values cannot see: in the YAML text itself (a key given twice, an
# unquoted date that an editor's YAML 1.2 reads as text), or beyond the shape of one value.
NOT_EXPRESSIBLE = {
    "duplicate-key": "YAML readers keep the last value",
    "duplicate-key-in-customer": "YAML readers keep the last value",
    "duplicate-key-flow": "YAML readers keep the last value",
    "not-text-date-supplier": "an editor reads 2026-01-01 as text",
    "no-id": "the id is made from the name's letters and digits",
    "self-customer": "compares two values",
    "duplicate-link": "compares two customers",
    "bad-score-nan": "not a JSON number",
}


def yaml_level(content) -> bool:
    """True when the case fails before there are values: reading, parsing, tags, encodings."""
    if isinstance(content, bytes):
        return True
    try:
        yaml.safe_load(content)
    except Exception:  # PyYAML fails on some bad tags with KeyError, IndexError...
        return True
    return False


# Errors of the YAML text itself come before there are values for a schema to judge.
@pytest.mark.parametrize("case_id, content", [pytest.param(case[0], case[1], id=case[0])
                                              for case in SINGLE_FILE_CASES if not yaml_level(case[1])])
def test_every_input_error_the_schema_can_express_is_rejected_by_it(validator, case_id, content):
    accepted = schema_accepts(validator, content)
    if case_id in NOT_EXPRESSIBLE:
        assert accepted, f"the schema now rejects {case_id}: take it off NOT_EXPRESSIBLE"
    else:
        assert not accepted
    assert not chainmap_accepts(content)


@pytest.mark.parametrize("field, template, limit", [pytest.param(f[0], f[1], f[3], id=f"{f[0]}-{f[2]}")
                                                   for f in LENGTH_LIMITS])
def test_the_length_limits_are_the_validators(validator, field, template, limit):
    at_limit, over = template.format("n" * limit), template.format("n" * (limit + 1))
    assert chainmap_accepts(at_limit) and schema_accepts(validator, at_limit)
    assert not chainmap_accepts(over) and not schema_accepts(validator, over)


# -- the schema and the validator read one definition ------------------------------------------

NAMES_BY_PLACE = {("team", "team"): "Payroll", ("customer", "team"): "HR Advisory", ("map", "organization"): "Acme"}
EXAMPLE_VALUES = {NAME: "Finance", TEXT: "Some text", BOOLEAN: False, DATE: "2026-01-01", CADENCE: "quarterly",
                  SCORE: 8, KIND: "review", NAMES: ["HR Advisory"]}


def example(shape, target=None, change=None) -> dict:
    """Every key of ``shape`` with a valid value; ``change`` is applied to the mapping of ``target``."""
    by_name = {shape.name: shape for shape in SHAPES}
    nested = {TEAMS: "team", CUSTOMERS: "customer", LOOPS: "loop", PROMISES: "promise", AGREEMENT: "agreement"}
    mapping = {}
    for key in shape.keys:
        if key.value in nested:
            item = example(by_name[nested[key.value]], target, change)
            mapping[key.name] = item if key.value == AGREEMENT else [item]
            if key.value == CUSTOMERS:
                mapping[key.name].append("Employees")
        else:
            mapping[key.name] = NAMES_BY_PLACE.get((shape.name, key.name), EXAMPLE_VALUES[key.value])
    if shape.name == target:
        change(mapping)
    return mapping


def test_every_kind_of_value_has_an_example():
    assert set(EXAMPLE_VALUES) | {TEAMS, CUSTOMERS, LOOPS, PROMISES, AGREEMENT} == set(VALUES)


def variants():
    """(id, document): each key of each shape removed, emptied, blank, wrong, misspelt, and an x- key added."""
    def without(name):
        return lambda mapping: mapping.pop(name)

    def set_to(name, value):
        return lambda mapping: mapping.__setitem__(name, value)

    for shape in SHAPES:
        yield f"{shape.name}-full", shape.name, None
        yield f"{shape.name}-x-key", shape.name, set_to("x-owner", {"any": ["thing"]})
        for key in shape.keys:
            yield f"{shape.name}.{key.name}-missing", shape.name, without(key.name)
            yield f"{shape.name}.{key.name}-empty", shape.name, set_to(key.name, None)
            yield f"{shape.name}.{key.name}-blank", shape.name, set_to(key.name, " ")
            yield f"{shape.name}.{key.name}-list-of-lists", shape.name, set_to(key.name, [[1]])
            yield f"{shape.name}.{key.name}-misspelt", shape.name, (
                lambda mapping, name=key.name: mapping.__setitem__(name + "s", mapping.pop(name)))


VARIANTS = list(variants())


@pytest.mark.parametrize("target, change", [pytest.param(target, change, id=case_id)
                                             for case_id, target, change in VARIANTS])
def test_the_schema_and_the_validator_agree_on_every_key(validator, target, change):
    by_name = {shape.name: shape for shape in SHAPES}
    # A map holds every shape: its teams hold customers, which hold the rest.
    document = example(by_name["map"], target, change) if change else example(by_name["map"])
    text = yaml.safe_dump(document, sort_keys=False)

    assert schema_accepts(validator, text) == chainmap_accepts(text), text


@pytest.mark.parametrize("value, valid", [
    ("Review", True), (" survey ", True), ("reveiw", False), ("", False),
])
def test_feedback_kinds_are_read_alike(validator, value, valid):
    text = f"team: Payroll\ncustomers:\n  - team: HR\n    feedback:\n      - kind: {json.dumps(value)}\n"
    assert chainmap_accepts(text) is valid
    assert schema_accepts(validator, text) is valid


@pytest.mark.parametrize("value, valid", [
    ("quarterly", True), ("Half-Yearly", True), ("6 weeks", True), ("1 Month", True), ("12 days", True),
    ("0 days", False), ("6 fortnights", False), ("quartly", False), ("30", False), ("-3 days", False),
])
def test_cadences_are_read_alike(validator, value, valid):
    text = (f"team: Payroll\ncustomers:\n  - team: HR\n    feedback:\n      - kind: review\n"
            f"        cadence: {json.dumps(value)}\n")
    assert chainmap_accepts(text) is valid
    assert schema_accepts(validator, text) is valid
