"""Every decision file against its sources, and the figures of the two GMS decisions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from helpers import DECISIONS, SOURCES

from statsbidrag_cli.files.local.store import load_decision_file
from statsbidrag_cli.models.decision import Decision, Earmark, FixedComponent, Source

DECISION_FILES = sorted(DECISIONS.glob("*.yaml"))


def load(name: str) -> Decision:
    return load_decision_file(DECISIONS / f"{name}.yaml").decision


def normalised(text: str) -> str:
    return " ".join(text.split())


def swedish(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def sources_of(decision: Decision) -> list[Source]:
    """Every `source` entry anywhere in the decision."""
    found = list(decision.source) + list(decision.dates.source if decision.dates else [])
    for line in decision.funding_lines:
        found += line.source
    for component in decision.components:
        found += component.source
    for condition in decision.conditions:
        found += condition.source
    if decision.published:
        found += decision.published.source
    return found


def test_the_three_seed_decisions_are_encoded() -> None:
    assert [path.stem for path in DECISION_FILES] == [
        "S2026-00953",
        "gms-pilot-2023",
        "gms-sprintr-biobank-2026",
    ]


@pytest.mark.parametrize("path", DECISION_FILES, ids=lambda p: p.stem)
def test_every_quote_stands_in_its_source_document(path: Path) -> None:
    decision = load_decision_file(path).decision
    for source in sources_of(decision):
        document = normalised((SOURCES / source.document).read_text(encoding="utf-8"))
        for quote in source.quotes:
            assert normalised(quote) in document, f"{quote!r} not in {source.document}"


@pytest.mark.parametrize("path", DECISION_FILES, ids=lambda p: p.stem)
def test_every_amount_is_quoted_from_its_source(path: Path) -> None:
    decision = load_decision_file(path).decision
    for line in decision.funding_lines:
        quoted = " ".join(quote for source in line.source for quote in source.quotes)
        assert swedish(line.amount) in quoted
        if line.own_work_max:
            assert f"högst {swedish(line.own_work_max)}" in quoted
    for component in decision.components:
        quoted = " ".join(quote for source in component.source for quote in source.quotes)
        assert swedish(component.amount) in quoted
        if isinstance(component, FixedComponent):
            for earmark in flatten(component.earmarks):
                assert f"{swedish(earmark.amount)} kronor" in quoted, earmark.id


def flatten(earmarks: list[Earmark]) -> list[Earmark]:
    return [e for earmark in earmarks for e in [earmark, *flatten(earmark.children)]]


def tree(earmarks: list[Earmark]) -> list[tuple[str, int, list[Any]]]:
    return [(e.label, e.amount, tree(e.children)) for e in earmarks]


def test_gms_sprintr_biobank_2026() -> None:
    decision = load("gms-sprintr-biobank-2026")
    assert decision.diarienummer is None
    assert decision.diarienummer_note is not None and "står inte" in decision.diarienummer_note
    assert decision.beslutsdatum is None
    assert (decision.budget_year, decision.total, decision.own_work_max) == (
        2026,
        102_000_000,
        250_000,
    )
    components = {c.id: c for c in decision.components}
    assert {
        k: (c.amount, c.recipient) for k, c in components.items() if isinstance(c, FixedComponent)
    } == {
        "gms": (80_000_000, "12"),
        "sprintr": (12_000_000, "24"),
        "biobank": (10_000_000, "03"),
    }
    gms = components["gms"]
    assert isinstance(gms, FixedComponent)
    assert tree(gms.earmarks) == [
        ("Barncancer", 5_000_000, [
            ("BrainChild", 4_900_000, []),
            ("Implementeringsprojekt, långa DNA-läsningar", 100_000, []),
        ]),
        ("Sällsynta hälsotillstånd", 9_375_000, []),
        ("Akuta leukemier", 3_872_000, []),
        ("Solida tumörer", 8_823_000, []),
        ("Infektionssjukdomar", 2_930_000, []),
        ("Förvaltning av GMS", 50_000_000, []),
    ]  # fmt: skip
    assert [
        (f.component, f.anslagspost, f.amount, f.own_work_max) for f in decision.funding_lines
    ] == [
        ("gms", 7, 20_250_000, 250_000),
        ("gms", 16, 60_000_000, 0),
        ("sprintr", 16, 12_000_000, 0),
        ("biobank", 7, 10_000_000, 0),
    ]
    assert {d.kind: d.date for d in decision.deadlines} == {
        "payment_by": dt.date(2026, 12, 1),
        "repayment_due": dt.date(2027, 3, 31),
        "financial_report_due": dt.date(2027, 3, 31),
        "agency_report_due": dt.date(2027, 3, 31),
    }


def test_gms_pilot_2023() -> None:
    decision = load("gms-pilot-2023")
    assert (decision.diarienummer, decision.beslutsdatum) == (None, None)
    assert (decision.budget_year, decision.total, decision.own_work_max) == (
        2023,
        10_000_000,
        250_000,
    )
    (component,) = decision.components
    assert isinstance(component, FixedComponent)
    assert (component.amount, component.recipient, component.role) == (
        10_000_000,
        "12",
        "värdregion",
    )
    (funding,) = decision.funding_lines
    assert (funding.budget_year, funding.anslag, funding.anslagspost) == (2023, "1:6", 16)
    assert (funding.amount, funding.own_work_max) == (10_250_000, 250_000)
    assert {d.kind: d.date for d in decision.deadlines} == {
        "payment_by": dt.date(2023, 12, 1),
        "repayment_due": dt.date(2024, 3, 31),
        "financial_report_due": dt.date(2024, 3, 31),
        "agency_report_due": dt.date(2024, 3, 15),
    }


def test_s2026_conditions_are_recorded() -> None:
    texts = " ".join(condition.text for condition in load("S2026-00953").conditions)
    assert "kan inte lämnas vidare till andra organisationer" in texts
    assert "fakturerar berörda mottagare vid belopp över 1000 kronor" in texts
