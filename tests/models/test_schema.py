"""The JSON Schema kept for editors, CSV injection, and plain output without a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import DECISIONS, REPO, run

from statsbidrag_cli.models.schema import decision_schema, decision_schema_json

SCHEMA_FILE = REPO / "schema" / "decision.schema.json"


def test_schema_file_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == decision_schema_json(), (
        "regenerate: statsbidrag schema -o schema/decision.schema.json --force"
    )


def test_schema_command_prints_the_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "diarienummer" in schema["properties"]
    assert schema["additionalProperties"] is False


def test_shipped_decisions_point_editors_at_the_schema() -> None:
    for path in DECISIONS.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/decision.schema.json"


def test_table_without_a_terminal_has_no_escape_codes() -> None:
    result = run("allocate", "S2026/00953")
    assert "\x1b[" not in result.stdout
    check = run("check")
    assert "\x1b[" not in check.stdout


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "decisions").glob("*.yaml"))
    + sorted((REPO / "examples/decisions").glob("*.yaml")),
    ids=lambda p: p.name,
)
def test_every_decision_and_example_is_valid_against_the_schema(path: Path) -> None:
    """What an editor validates against: a rate part and a part stated only as a share
    (no amount) are valid, as the reader takes them."""
    import jsonschema

    document = json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
    validator = jsonschema.Draft202012Validator(decision_schema())
    assert [error.message for error in validator.iter_errors(document)] == []
