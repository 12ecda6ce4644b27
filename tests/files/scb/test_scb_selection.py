"""Planning a selection from a table's /metadata (files/scb_selection.py), on SCB's recorded
TAB6471 /metadata and the recorded code list agg_Ålder10årJ (tests/fixtures/scb/ORIGIN.md).
Expected selections are read off the recorded bodies here, by hand."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from helpers import REPO
from hypothesis import given
from hypothesis import strategies as st

from statsbidrag_cli.errors import ScbError
from statsbidrag_cli.files.scb.selection import (
    OPEN,
    AgeBand,
    age_span,
    codelist,
    fewest_cells,
    plan,
    variables,
)

RECORDED = REPO / "tests" / "fixtures" / "scb"
FIXED = {"Region": ["01", "0980"], "ContentsCode": ["000007SF"], "Tid": ["2026M04"]}


def recorded(name: str) -> Any:
    return json.loads((RECORDED / name).read_text("utf-8"))


def test_eliminability_is_read_from_metadata_not_from_the_data_body() -> None:
    """The recorded data body says Region may not be left out; /metadata says it may. Alder
    may not (elimination: false), Kon may."""
    found = variables(recorded("TAB6471_metadata.json"), "TAB6471/metadata")
    from_body = recorded("TAB6471_data.json")["dimension"]["Region"]["extension"]["elimination"]
    assert from_body is False and found["Region"].eliminable is True
    assert found["Alder"].eliminable is False and found["Kon"].eliminable is True
    assert found["Alder"].total() == "TotSA" and found["Kon"].total() == "TotSa"
    assert found["Alder"].codelists == ("vs_CKM01AlderTot", "vs_CKM021år", "vs_CKM035årN",
                                        "vs_CKM0410årN")  # fmt: skip
    assert len(found["Alder"].codes) == 134 and len(found["Region"].codes) == 312


def test_everyone_is_the_published_total_cells() -> None:
    found = variables(recorded("TAB6471_metadata.json"), "m")
    chosen = plan("TAB6471", found, FIXED, None, None)
    assert chosen.selection == [
        {"variableCode": "Region", "valueCodes": ["01", "0980"]},
        {"variableCode": "Alder", "valueCodes": ["TotSA"]},
        {"variableCode": "Kon", "valueCodes": ["TotSa"]},
        {"variableCode": "ContentsCode", "valueCodes": ["000007SF"]},
        {"variableCode": "Tid", "valueCodes": ["2026M04"]},
    ]
    assert chosen.age_codes == ()


def test_women_75_and_older_from_the_tables_own_codes() -> None:
    """Without code lists fetched, the fewest of the table's own codes: 75-79, 80-89, 90-99
    and the first open band (4 cells, not 26 single years); kön by its label."""
    found = variables(recorded("TAB6471_metadata.json"), "m")
    chosen = plan("TAB6471", found, FIXED, AgeBand(75, None), "kvinnor")
    assert chosen.age_codes == ("75-79", "80-89", "90-99", "100+")
    assert chosen.selection[2] == {"variableCode": "Kon", "valueCodes": ["2"]}


def test_a_code_list_is_used_whole_when_it_covers_the_band() -> None:
    """agg_Ålder10årJ (recorded) covers 80 and older in three cells, and is named in the
    request; a band it cannot cover (15-49) falls back to the table's own codes."""
    found = variables(recorded("TAB6471_metadata.json"), "m")
    tens = codelist(recorded("agg_Alder10arJ.json"), "agg")
    assert tens.id == "agg_Ålder10årJ" and tens.codes[-2:] == ("90-99", "100+")
    chosen = plan("TAB6471", found, FIXED, AgeBand(80, None), None, [tens])
    assert chosen.selection[1] == {
        "variableCode": "Alder", "valueCodes": ["80-89", "90-99", "100+"], "codelist": "agg_Ålder10årJ",
    }  # fmt: skip
    fallback = plan("TAB6471", found, FIXED, AgeBand(15, 49), None, [tens])
    assert fallback.age_codelist is None
    assert fallback.age_codes == ("15-19", "20-29", "30-39", "40-49")


def test_a_variable_without_total_that_may_not_be_left_out_is_refused() -> None:
    body = recorded("TAB6471_metadata.json")
    kon = body["dimension"]["Kon"]
    kon["extension"]["elimination"] = False
    kon["category"]["index"] = {"1": 0, "2": 1}
    kon["category"]["label"] = {"1": "män", "2": "kvinnor"}
    found = variables(body, "m")
    with pytest.raises(ScbError, match=r"Kon \(kön\) has no total cell and may not be left out"):
        plan("TAB6471", found, FIXED, None, None)
    assert plan("TAB6471", found, FIXED, None, "män").selection[2]["valueCodes"] == ["1"]


def test_unknown_regions_and_periods_are_named() -> None:
    found = variables(recorded("TAB6471_metadata.json"), "m")
    with pytest.raises(ScbError, match="has no Tid 2026M05"):
        plan("TAB6471", found, {**FIXED, "Tid": ["2026M05"]}, None, None)


@pytest.mark.parametrize("body", [[], {"id": ["A"]}, {"id": ["A"], "dimension": {"A": {}}}])
def test_a_body_of_another_shape_is_refused(body: Any) -> None:
    with pytest.raises(ScbError, match="not a table description SCB would send"):
        variables(body, "somewhere")


@pytest.mark.parametrize(("code", "span"), [
    ("80", (80, 80)), ("80-89", (80, 89)), ("-4", (0, 4)), ("100+", (100, OPEN)),
    ("100+10", (100, OPEN)), ("TotSA", None), ("tot", None), ("9-5", None),
])  # fmt: skip
def test_age_spans(code: str, span: tuple[int, int] | None) -> None:
    assert age_span(code) == span


BAND_CODES = st.lists(
    st.one_of(
        st.integers(0, 99).map(str),
        st.tuples(st.integers(0, 99), st.integers(0, 20)).map(
            lambda t: f"{t[0]}-{min(t[0] + t[1], 99)}"
        ),
        st.just("100+"),
    ),
    max_size=40,
)


@given(codes=BAND_CODES, first=st.integers(0, 99), length=st.one_of(st.none(), st.integers(0, 30)))
def test_a_cover_is_exact_and_no_longer_than_the_single_years(
    codes: list[str], first: int, length: int | None
) -> None:
    """Whatever the codes, a cover found spans the band exactly, each year once; with every
    single year and the open band among the codes there is always one, never longer than
    the single years."""
    last = None if length is None else min(first + length, 99)
    band = AgeBand(first, last)
    cells = fewest_cells(band, codes)
    if cells is not None:
        spans = sorted(span for code in cells if (span := age_span(code)) is not None)
        assert spans[0][0] == first and spans[-1][1] == (OPEN if last is None else last)
        assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(spans))
    every = [*codes, *map(str, range(100)), "100+"]
    full = fewest_cells(band, every)
    assert full is not None
    singles = (100 - first + 1) if last is None else (last - first + 1)
    assert len(full) <= singles
