"""Helpers the tests share: where the data is, running the CLI, a writable data copy.

Imported as ``from helpers import ...`` (pytest puts ``tests/`` on the path); fixtures stay in
``conftest.py``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from statsbidrag_cli.cli import app

REPO = Path(__file__).resolve().parents[1]
DECISIONS = REPO / "decisions"
POPULATION = REPO / "population"
SOURCES = REPO / "sources"
GOLDEN = Path(__file__).resolve().parent / "golden"
PXWEB = Path(__file__).resolve().parent / "pxweb"

EXPECTED_CSV = (  # `allocate S2026/00953 --format csv`, exactly
    "code,region,equal,population_unit,population_persons,population,total,published,published_minus_computed\n"
    "01,Region Stockholm,5000000,Stockholm,2547105,6724700,11724700,11724687,-13\n"
    "03,Region Uppsala,5000000,,,0,5000000,5000000,0\n"
    "05,Region Östergötland,5000000,Linköping,1087734,2871764,7871764,7871744,-20\n"
    "12,Region Skåne,5000000,Lund/Malmö,1935798,5110767,10110767,10110750,-17\n"
    "14,Västra Götalandsregionen,5000000,Göteborg,1980907,5229861,10229861,10229879,18\n"
    "18,Region Örebro län,5000000,Uppsala/Örebro,2152657,5683304,10683304,10683306,2\n"
    "24,Region Västerbotten,5000000,Umeå,901319,2379604,7379604,7379634,30\n"
)


# A minimal decision: 1 000 000 kr by population over three regions of dataset DATASET.
REGIONS_DECISION = """\
diarienummer: S2099/00001
title: Test decision split over regions
beslutsdatum: 2099-01-01
ministry: Socialdepartementet
agency: Socialstyrelsen
budget_year: 2099
total: 1000000
source: [{document: test, quotes: ["betala ut 1 000 000 kronor"]}]
funding:
  - {utgiftsomrade: 9, utgiftsomrade_name: x, anslag: "1:6", anslag_name: x, anslagspost: 7, anslagspost_name: x, budget_year: 2099, amount: 1000000, source: [{document: test, quotes: ["betala ut 1 000 000 kronor"]}]}
components:
  - kind: population
    id: part
    label: By population over three regions
    amount: 1000000
    units: regions
    codes: ["01", "03", "12"]
    population: DATASET
    purpose: test
    source: [{document: test, quotes: ["betala ut 1 000 000 kronor"]}]
dates:
  deadlines: [{kind: report_due, date: 2099-12-31, actor: test}]
  source: [{document: test, quotes: ["betala ut 1 000 000 kronor"]}]
"""


INPUTS = [
    "decisions/S2026-00953.yaml",
    "population/folkmangd_kommun_2025-12-31.csv",
    "population/folkmangd_kommun_2025-12-31.yaml",
    "population/lan.csv",
    "population/kommuner.csv",
    "population/samverkansregioner.yaml",
    "sources/003_08552fd762e6de5f.txt",
    "sources/index.yaml",
]
"""Every kind of file a check depends on: a decision, a dataset's figures and description,
the three geography files, a source document and the sources index."""


PUBLISHED_COMMANDS = [
    ["allocate", "S2026/00953"],
    ["audit", "S2026/00953"],
    ["ledger"],
    ["deadlines"],
    ["compare", "exempel-femarigt-program"],
]
"""The commands whose tables analysts publish (Markdown and HTML are tested on each)."""


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run(*args: str) -> Result:
    """Run ``statsbidrag ARGS`` in-process and capture stdout and stderr separately."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


@dataclass(frozen=True)
class DataCopy:
    """A writable copy of the built-in decisions/ and population/ folders."""

    decisions: Path
    population: Path

    def args(self) -> list[str]:
        return ["--decisions-dir", str(self.decisions), "--population-dir", str(self.population)]

    def decision_text(self, name: str = "S2026-00953") -> str:
        return (self.decisions / f"{name}.yaml").read_text(encoding="utf-8")

    def write_decision(self, text: str, name: str = "S2026-00953") -> Path:
        path = self.decisions / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return path


def paths_in(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every path (keys and indices) into a parsed YAML document, the root included."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths_in(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths_in(child, (*prefix, index))
    return found


def replaced(document: object, path: tuple[object, ...], value: object) -> object:
    """A copy of ``document`` with the value at ``path`` replaced by ``value``."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        return {k: replaced(v, rest, value) if k == head else v for k, v in document.items()}
    assert isinstance(document, list)
    return [replaced(v, rest, value) if i == head else v for i, v in enumerate(document)]


def hamilton(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Largest remainder, worked out independently of the engine (no ties in these data)."""
    whole = sum(weights.values())
    quotas = {key: Fraction(total * weight, whole) for key, weight in weights.items()}
    shares = {key: int(quota) for key, quota in quotas.items()}
    left = total - sum(shares.values())
    for key in sorted(quotas, key=lambda k: quotas[k] - shares[k], reverse=True)[:left]:
        shares[key] += 1
    return shares


def json_stat_cell(body: dict[str, Any], **codes: str) -> int | None:
    """The value of one cell of a json-stat2 body by its category codes, found with
    json-stat's row-major arithmetic (independently of the parser under test); None where
    the body lacks one of the codes."""
    position = 0
    for name, size in zip(body["id"], body["size"], strict=True):
        index = body["dimension"][name]["category"]["index"].get(codes[name])
        if index is None:
            return None
        position = position * size + index
    return int(body["value"][position])


def county_populations(path: Path) -> dict[str, int]:
    """A kommun dataset's persons summed per county (län: the first two digits of a kommun
    code), in either header a dataset CSV has."""
    sums: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row.get("kommunkod") or row["kod"]
            assert len(code) == 4, row
            sums[code[:2]] = sums.get(code[:2], 0) + int(row["folkmangd"])
    return sums


SHARES_TEXT = (
    "Regeringen ger Socialstyrelsen i uppdrag att betala ut 282 500 000 kronor. Av "
    "stimulansbidraget ska 70 procent fördelas till kommunerna och 30 procent till "
    "landstingen.\n"
)
SHARES_DECISION = """\
diarienummer: S2099/00002
title: Stimulansbidrag, 70 procent till kommunerna och 30 procent till landstingen
beslutsdatum: 2099-01-01
ministry: Socialdepartementet
agency: Socialstyrelsen
budget_year: 2099
total: TOTAL
source: [{document: text.txt, quotes: ["betala ut 282 500 000 kronor"]}]
funding:
  - {utgiftsomrade: 9, utgiftsomrade_name: x, anslag: "1:6", anslag_name: x, anslagspost: 7, anslagspost_name: x, budget_year: 2099, amount: TOTAL, source: [{document: text.txt, quotes: ["betala ut 282 500 000 kronor"]}]}
components:
  - kind: population
    id: kommuner
    label: Kommunernas del
    percent: 70
    units: kommuner
    population: folkmangd_kommun_2025-12-31
    purpose: test
    source: [{document: text.txt, quotes: ["70 procent fördelas till kommunerna"]}]
  - kind: population
    id: landsting
    label: Landstingens del
    percent: 30
    units: regions
    population: folkmangd_kommun_2025-12-31
    purpose: test
    source: [{document: text.txt, quotes: ["30 procent till landstingen"]}]
dates:
  deadlines: [{kind: report_due, date: 2099-12-31, actor: test}]
  source: [{document: text.txt, quotes: ["betala ut 282 500 000 kronor"]}]
"""


def write_shares_decision(data: DataCopy, total: int = 282_500_000) -> Path:
    """A decision of S2010/1791's kind: 70 % to the kommuner, 30 % to the regions."""
    (data.decisions.parent / "sources").mkdir(exist_ok=True)
    (data.decisions.parent / "sources" / "text.txt").write_text(SHARES_TEXT, "utf-8")
    return data.write_decision(SHARES_DECISION.replace("TOTAL", str(total)), "S2099-00002")
