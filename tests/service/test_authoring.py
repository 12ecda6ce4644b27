"""Drafting a decision from its text never states a guess: on each text, every value the draft
fills in is the one the text states (read off the text by hand, below), and everything else
is a FYLL I placeholder. The texts are the five seed documents (three decisions, the agency's
anvisningar, a press release) and three written in their style (tests/texts/), one of them
full of decoys: a second payout whose amount is not whole kronor, an impossible date, an
anslagspost without a name, two departement, an earlier year in a sentence about another
assignment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from helpers import REPO, SOURCES

from statsbidrag_cli.service.authoring import new_decision

TEXTS = REPO / "tests" / "texts"

STRUCTURE = {"kind", "id", "label", "role", "document", "quotes", "children"}
"""Keys whose values the skeleton fixes (not read from the text)."""

COMMON_2026_FUNDING = {
    "funding.0.utgiftsomrade": 9,
    "funding.0.utgiftsomrade_name": "Hälsovård, sjukvård och social omsorg",
    "funding.0.anslag": "1:6",
    "funding.0.anslag_name": "Bidrag till folkhälsa och sjukvård",
}

EXPECTED: dict[str, tuple[Path, str, str, dict[str, object]]] = {
    # 000: three payouts (GMS, SPRINTR, Biobank Sverige), so no single total is stated.
    "seed_000": (
        SOURCES / "000_0ee85cfafae5739e.txt",
        "gms-sprintr-biobank-2026",
        "fixed",
        {
            "title": "Uppdrag till Socialstyrelsen att betala ut medel för att främja "
            "implementeringen av precisionshälsa och stärka förutsättningarna för kliniska "
            "prövningar",
            "ministry": "Socialdepartementet",  # "Regeringskansliet (Socialdepartementet)"
            "agency": "Socialstyrelsen",  # "Regeringen ger Socialstyrelsen i uppdrag"
            "budget_year": 2026,  # "för budgetåret 2026"
            "own_work_max": 250_000,  # "varav högst 250 000 kronor … eget arbete"
            **COMMON_2026_FUNDING,
            "funding.0.anslagspost": 7,  # the first anslagspost the text names
            "funding.0.anslagspost_name": "Precisionshälsa",
            "funding.0.budget_year": 2026,
            "funding.0.own_work_max": 250_000,
            "dates.deadlines.0.date": dt.date(
                2026, 12, 1
            ),  # "… Kammarkollegiet senast den 1 december 2026"
            "dates.deadlines.0.actor": "Socialstyrelsen",  # "betalas ut … av Socialstyrelsen"
            "dates.deadlines.1.date": dt.date(2027, 3, 31),  # "återbetalas senast den 31 mars 2027"
            "dates.deadlines.2.date": dt.date(
                2027, 3, 31
            ),  # "senast den 31 mars 2027 lämna en redovisning"
            "dates.deadlines.2.actor": "Socialstyrelsen",
        },
    ),
    # 001: S2026/00953 without its header: no diarienummer, no beslutsdatum in the text.
    "seed_001": (
        SOURCES / "001_252f2b2961331e49.txt",
        "S2026/00953",
        "equal-population",
        {
            "diarienummer": "S2026/00953",  # from the command line
            "title": "Uppdrag till Socialstyrelsen att betala ut medel till precisionsmedicinska "
            "centrum vid universitetssjukhusen för att främja en jämlik implementering av "
            "precisionshälsa",
            "ministry": "Socialdepartementet",
            "agency": "Socialstyrelsen",
            "budget_year": 2026,
            "total": 63_000_000,  # "betala ut 63 000 000 kronor"
            "own_work_max": 500_000,
            **COMMON_2026_FUNDING,
            "funding.0.anslagspost": 7,
            "funding.0.anslagspost_name": "Precisionshälsa",
            "funding.0.budget_year": 2026,
            "funding.0.amount": 63_500_000,  # "använda totalt 63 500 000 kronor"
            "funding.0.own_work_max": 500_000,
            "components.0.amount": 35_000_000,  # "35 000 000 kronor fördelas lika"
            "components.1.amount": 28_000_000,  # "28 000 000 kronor … efter befolkningsmängd"
            "dates.deadlines.0.date": dt.date(2027, 3, 31),  # återbetalas
            "dates.deadlines.1.date": dt.date(2027, 3, 31),  # redovisning of the uppdrag
            "dates.deadlines.1.actor": "Socialstyrelsen",
        },
    ),
    "seed_002": (
        SOURCES / "002_1e3c66fe02c3bf2e.txt",
        "gms-pilot-2023",
        "fixed",
        {
            "title": "Uppdrag att betala ut medel för pilot inom precisionsmedicin",
            "ministry": "Socialdepartementet",
            "agency": "Socialstyrelsen",
            "budget_year": 2023,
            "total": 10_000_000,  # "betala ut 10 000 000 kronor"
            "own_work_max": 250_000,  # "högst 250 000 användas för … eget arbete"
            **COMMON_2026_FUNDING,
            "funding.0.anslagspost": 16,
            "funding.0.anslagspost_name": "Åtgärder för en bättre cancervård",
            "funding.0.budget_year": 2023,
            "funding.0.amount": 10_250_000,
            "funding.0.own_work_max": 250_000,
            "components.0.amount": 10_000_000,
            "dates.deadlines.0.date": dt.date(2024, 3, 15),  # redovisning
            "dates.deadlines.0.actor": "Socialstyrelsen",
            "dates.deadlines.1.date": dt.date(2023, 12, 1),  # betalas ut … senast
            "dates.deadlines.1.actor": "Socialstyrelsen",
            "dates.deadlines.2.date": dt.date(2024, 3, 31),  # senast återbetalas
        },
    ),
    # 003: the agency's anvisningar: they name the decision and its date, and the parts.
    "seed_003": (
        SOURCES / "003_08552fd762e6de5f.txt",
        "S2026/00953",
        "equal-population",
        {
            "diarienummer": "S2026/00953",  # "enligt regeringsbeslut S2026/00953 den 7 maj 2026"
            "beslutsdatum": dt.date(2026, 5, 7),
            "budget_year": 2026,  # "i uppdrag … att under 2026 betala ut"
            "components.0.amount": 35_000_000,  # "35 miljoner kronor ska fördelas lika"
            "components.1.amount": 28_000_000,  # "28 miljoner kronor … efter befolkningsmängd"
            "dates.deadlines.0.date": dt.date(2027, 3, 31),
        },
    ),
    # 004: a press release states no fact of a decision file.
    "seed_004": (SOURCES / "004_3cfd4f6be73bc70c.txt", "pressmeddelande", "fixed", {}),
    "rehab_2027": (
        TEXTS / "rehab_2027.txt",
        "S2027/00311",
        "equal-population",
        {
            "diarienummer": "S2027/00311",  # the header "Regeringsbeslut I:4 2027-02-15 S2027/00311"
            "title": "Uppdrag till Socialstyrelsen att betala ut medel för att stärka "
            "rehabiliteringen efter cancer",
            "beslutsdatum": dt.date(2027, 2, 15),
            "ministry": "Socialdepartementet",
            "agency": "Socialstyrelsen",
            "budget_year": 2027,  # "att under 2027 … betala ut"; the anslag's year is not stated
            "total": 42_000_000,  # "42 miljoner kronor"
            "own_work_max": 300_000,
            "funding.0.utgiftsomrade": 9,  # "utgiftsområde 9 anslaget 1:6 …": no area name
            "funding.0.anslag": "1:6",
            "funding.0.anslag_name": "Bidrag till folkhälsa och sjukvård",
            "funding.0.anslagspost": 12,  # "anslagsposten 12." : no name
            "funding.0.amount": 42_300_000,
            "funding.0.own_work_max": 300_000,
            "components.0.amount": 21_000_000,
            "components.1.amount": 21_000_000,
            "dates.deadlines.0.date": dt.date(2027, 9, 30),  # rekvireras senast
            "dates.deadlines.1.date": dt.date(2028, 3, 31),  # återbetalas senast
            "dates.deadlines.2.date": dt.date(2028, 3, 31),  # "Redovisning … ska lämnas … senast"
            "dates.deadlines.2.actor": "Socialstyrelsen",
        },
    ),
    "kommun_2028": (
        TEXTS / "kommun_2028.txt",
        "sis-vald-2028",
        "equal-population",
        {
            "title": "Uppdrag till Statens institutionsstyrelse om medel till kommunernas arbete "
            "mot våld",
            "beslutsdatum": dt.date(2028, 3, 2),  # "Regeringsbeslut 2028-03-02"
            "agency": "Statens institutionsstyrelse",
            # two departement named: which decided is not stated; "Under 2025 gav regeringen …"
            # is another assignment's year
            "total": 12_500_000,  # "12,5 miljoner kronor"
            "dates.deadlines.0.date": dt.date(2028, 12, 31),  # användas senast
            "dates.deadlines.1.date": dt.date(2029, 3, 31),  # "Återbetalning ska ske senast"
        },
    ),
    "odd_2026": (
        TEXTS / "odd_2026.txt",
        "vr-sallsynta-2026",
        "fixed",
        {
            "title": "Uppdrag att betala ut medel till forskning om sällsynta diagnoser",
            "ministry": "Utbildningsdepartementet",
            "agency": "Vetenskapsrådet",
            "budget_year": 2026,
            # two payouts, one of them 2 500 000,50 kronor: no total, no amount
            "funding.0.utgiftsomrade": 16,
            "funding.0.utgiftsomrade_name": "Utbildning och universitetsforskning",
            "funding.0.anslag": "3:1",
            "funding.0.anslag_name": "Vetenskapsrådet: Forskning och forskningsinfrastruktur",
            "funding.0.anslagspost": 4,
            "funding.0.budget_year": 2026,
            # "senast den 30 februari 2027" is no date: the report deadline stays to fill in
        },
    ),
}


def _leaves(value: object, path: str = "") -> dict[str, object]:
    """Every scalar of a YAML document by its dotted path (lists by index)."""
    if isinstance(value, dict):
        found: dict[str, object] = {}
        for key, item in value.items():
            if key not in STRUCTURE:
                found |= _leaves(item, f"{path}{key}.")
        return found
    if isinstance(value, list):
        found = {}
        for index, item in enumerate(value):
            found |= _leaves(item, f"{path}{index}.")
        return found
    return {path.rstrip("."): value}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_draft_fills_in_exactly_what_the_text_states(tmp_path: Path, name: str) -> None:
    text_file, reference, shape, expected = EXPECTED[name]
    target = tmp_path / "decisions" / "draft.yaml"
    made = new_decision(reference, shape, target, text_file, False, REPO / "population")
    drafted = yaml.safe_load(target.read_text("utf-8"))
    filled = {
        path: value
        for path, value in _leaves(drafted).items()
        if not (isinstance(value, str) and value.startswith("FYLL I"))
    }
    fixed = {"components.0.role": "värdregion"}  # the skeleton's, not the text's
    filled = {path: value for path, value in filled.items() if path not in fixed}
    assert filled == expected
    # Every quote it wrote stands in the text (whitespace and line-end hyphens aside).
    flat = " ".join(text_file.read_text("utf-8").replace("-\n", "").split())
    for path, quote in _quotes(drafted):
        assert " ".join(quote.split()) in flat, path
    assert target in made.written


def _quotes(document: object, path: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "quotes":
                found += [(path, q) for q in value if not str(q).startswith("FYLL I")]
            else:
                found += _quotes(value, f"{path}{key}.")
    elif isinstance(document, list):
        for index, item in enumerate(document):
            found += _quotes(item, f"{path}{index}.")
    return found


def test_what_the_text_only_suggests_is_a_comment_and_a_placeholder(tmp_path: Path) -> None:
    """Seed 001 gives the money "lika mellan mottagarna" (the seven PMC) and "inom respektive
    samverkansregion", and names no date for the population: none of recipients, units and
    population is filled in; the units are suggested in a comment, beside the sentence."""
    target = tmp_path / "decisions" / "S2026-00953.yaml"
    new_decision("S2026/00953", "equal-population", target, SOURCES / "001_252f2b2961331e49.txt",
                 False, REPO / "population")  # fmt: skip
    text = target.read_text("utf-8")
    drafted = yaml.safe_load(text)
    equal, population = drafted["components"]
    assert str(equal["recipients"]).startswith("FYLL I")
    assert str(population["units"]).startswith("FYLL I")
    assert str(population["population"]).startswith("FYLL I")
    assert "    # Förslag, inte ifyllt: units: samverkansregioner\n" in text
    assert (
        "# Texten säger: «Av dessa ska 35 000 000 kronor fördelas lika mellan mottagarna.»" in text
    )
    assert (
        "det finns: folkmangd_kommun_2025-12-31, folkmangd_lan_2010-12-31, "
        "folkmangd_lan_2011-12-31 och 9 till (statsbidrag population list)." in text
    )
    # Swedish comments only: no line of the skeleton's own comments is English.
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]
    english = [c for c in comments if any(w in c.split() for w in ("the", "of", "and", "Fill"))]
    assert english == []
