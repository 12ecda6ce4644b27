"""``--format json`` from a fixed report: its own document, or its rows under their key."""

from __future__ import annotations

import json

from report_fixtures import grant_report

from statsbidrag_cli.render.json import JsonRenderer
from statsbidrag_cli.render.registry import RenderOptions


def test_without_a_document_the_rows_stand_under_the_records_key() -> None:
    data = JsonRenderer().render(grant_report(), RenderOptions())
    assert data.endswith(b"}\n")
    assert json.loads(data) == {
        "regions": [
            {"code": "01", "region": "Region Stockholm", "amount": 1234567, "share": "0.25"},
            {"code": "03", "region": "Region Uppsala", "amount": 3703701, "share": "0.75"},
        ]
    }


def test_a_document_of_its_own_is_written_as_given_in_order_and_unescaped() -> None:
    document = {"z": 1, "a": "Västerbotten", "rows": []}
    data = JsonRenderer().render(grant_report(json=document), RenderOptions())
    assert data == '{\n  "z": 1,\n  "a": "Västerbotten",\n  "rows": []\n}\n'.encode()
