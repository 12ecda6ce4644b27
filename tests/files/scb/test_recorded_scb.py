"""Recorded real SCB bodies (tests/fixtures/scb/ORIGIN.md): a body by age band and sex is a
key, never read as the total population. The expected figures are read from the recorded body
here with json-stat's row-major arithmetic, independently of the parser under test."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO, DataCopy, json_stat_cell

from statsbidrag_cli.errors import StatsbidragError
from statsbidrag_cli.files.scb.pxweb import parse_export
from statsbidrag_cli.service.population import import_population

RECORDED = REPO / "tests" / "fixtures" / "scb" / "TAB6471_data.json"


def _cell(body: dict[str, Any], **codes: str) -> int:
    """The value of one cell of a json-stat2 body, by its category codes."""
    value = json_stat_cell(body, **codes)
    assert value is not None, codes
    return value


def _one_band(body: dict[str, object], alder: str, kon: str, tid: str) -> dict[str, object]:
    """The recorded body cut to one age band, one sex and one month: a body as SCB answers a
    request for exactly those, every county kept."""
    dimensions = json.loads(json.dumps(body["dimension"]))
    chosen = {"Alder": alder, "Kon": kon, "Tid": tid, "ContentsCode": "000007SF"}
    for name, code in chosen.items():
        category = dimensions[name]["category"]
        category["index"] = {code: 0}
        category["label"] = {code: category["label"][code]}
    counties = sorted(
        dimensions["Region"]["category"]["index"],
        key=lambda c: dimensions["Region"]["category"]["index"][c],
    )
    values = [
        _cell(body, Region=c, Alder=alder, Kon=kon, ContentsCode="000007SF", Tid=tid)
        for c in counties
    ]
    return {**body, "size": [21, 1, 1, 1, 1], "dimension": dimensions, "value": values}


def test_the_recorded_body_has_several_categories_and_is_refused() -> None:
    with pytest.raises(StatsbidragError) as raised:
        parse_export(RECORDED.read_bytes(), "TAB6471_data.json")
    assert "Alder, Kon, Tid" in str(raised.value)


def test_one_age_band_and_sex_is_a_key_never_the_population(data: DataCopy, tmp_path: Path) -> None:
    body = json.loads(RECORDED.read_text("utf-8"))
    cut = tmp_path / "kvinnor_80_89.json"
    cut.write_text(json.dumps(_one_band(body, "80-89", "2", "2026M04")), "utf-8")
    parsed = parse_export(cut.read_bytes(), cut.name)
    assert parsed.selection == ("ålder: 80-89 år", "kön: kvinnor")
    with pytest.raises(StatsbidragError) as refused:
        import_population(data.population, cut, "k80", dt.date(2026, 4, 30), None, None, False)
    assert "not the total population" in str(refused.value)
    assert not list(data.population.glob("k80*"))
    saved = import_population(data.population, cut, "kvinnor_80-89_2026-04-30",
                              dt.date(2026, 4, 30), None, None, False, "kvinnor 80-89 år")  # fmt: skip
    info = saved.dataset.info
    assert (
        info.measure == "kvinnor 80-89 år" and "urval ålder: 80-89 år; kön: kvinnor" in info.source
    )
    expected = {c: _cell(body, Region=c, Alder="80-89", Kon="2", ContentsCode="000007SF", Tid="2026M04")
                for c in saved.dataset.counties}  # fmt: skip
    assert len(expected) == 21
    assert saved.dataset.counties == expected
    # Read off the recorded body by hand: women 80-89 at the end of April 2026.
    assert (expected["01"], expected["09"]) == (66_600, 2_656)  # Stockholms län, Gotlands län
