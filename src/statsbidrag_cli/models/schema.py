"""The JSON Schema of the decision format, generated from the pydantic models.

The repository keeps a copy in ``schema/decision.schema.json`` for editors; a test fails when
the copy is out of date (regenerate with ``statsbidrag schema -o schema/decision.schema.json
--force``).
"""

from __future__ import annotations

import json

from .decision import Decision


def decision_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of a decision file."""
    schema = Decision.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }


def decision_schema_json() -> str:
    """The schema as stable, indented JSON text with a final newline."""
    return json.dumps(decision_schema(), ensure_ascii=False, indent=2) + "\n"
