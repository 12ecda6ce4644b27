"""Every command's output, byte for byte, against the golden files in ``tests/golden/``.

Each case runs one command line with the built-in data and compares exit code, standard
output and standard error with ``tests/golden/NAME.txt``, in Swedish (the default) unless the
case says ``--lang en``. After an intended change of
output, regenerate the files and review the diff::

    python -m pytest tests/test_golden.py --update-golden
    git diff tests/golden/

The repository's absolute path is written as ``<repo>`` so the files hold on any machine.
"""

from __future__ import annotations

import functools
import re

import pytest
from helpers import GOLDEN, REPO, run

USED = "tests/golden/inputs/used.csv"

CASES: dict[str, list[str]] = {
    "help": ["--help"],
    "allocate": ["allocate", "S2026/00953"],
    "allocate_csv": ["allocate", "S2026/00953", "--format", "csv"],
    "allocate_excel": ["allocate", "S2026/00953", "--excel"],
    "allocate_json": ["allocate", "S2026/00953", "--format", "json"],
    "allocate_explain": ["allocate", "S2026/00953", "--explain"],
    "allocate_explain_csv": ["allocate", "S2026/00953", "--explain", "--format", "csv"],
    "allocate_explain_json": ["allocate", "S2026/00953", "--explain", "--format", "json"],
    "allocate_gms_sprintr_biobank": ["allocate", "gms-sprintr-biobank-2026"],
    "allocate_gms_sprintr_biobank_json": ["allocate", "gms-sprintr-biobank-2026", "-f", "json"],
    "allocate_gms_pilot": ["allocate", "gms-pilot-2023"],
    "audit": ["audit", "S2026/00953"],
    "audit_csv": ["audit", "S2026/00953", "--format", "csv"],
    "audit_json": ["audit", "S2026/00953", "--format", "json"],
    "audit_find_key": ["audit", "S2026/00953", "--find-key"],
    "audit_table": [
        "audit",
        "--table",
        "examples/tables/illustrativ-fordelning-per-lan.csv",
        "--amount",
        "500000000",
        "--level",
        "lan",
    ],
    "audit_table_csv": [
        "audit",
        "--table",
        "examples/tables/illustrativ-fordelning-per-lan.csv",
        "--format",
        "csv",
    ],
    "check": ["check"],
    "check_csv": ["check", "--format", "csv"],
    "check_json": ["check", "--format", "json"],
    "list": ["list"],
    "list_by_total_csv": ["list", "--sort", "total", "--format", "csv"],
    "list_json": ["list", "--format", "json"],
    "show": ["show", "S2026/00953"],
    "show_gms_sprintr_biobank": ["show", "gms-sprintr-biobank-2026"],
    "show_gms_pilot_csv": ["show", "gms-pilot-2023", "--format", "csv"],
    "ledger": ["ledger"],
    "ledger_2026_json": ["ledger", "--year", "2026", "--format", "json"],
    "deadlines": ["deadlines"],
    "deadlines_after_csv": ["deadlines", "--after", "2026-06-01", "--format", "csv"],
    "split_samverkansregioner": [
        "split",
        "28000000",
        "--by",
        "samverkansregioner",
    ],
    "split_equal_base_csv": [
        "split",
        "42000000",
        "--equal-base",
        "21000000",
        "--format",
        "csv",
    ],
    "split_half_up_json": [
        "split",
        "28000000",
        "--by",
        "samverkansregioner",
        "--method",
        "half_up",
        "-f",
        "json",
    ],
    "split_kommuner_csv": ["split", "1000000", "--by", "kommuner", "--format", "csv"],
    "population_list": ["population", "list"],
    "population_show": ["population", "show", "folkmangd_kommun_2025-12-31"],
    "population_show_samverkansregioner_json": [
        "population",
        "show",
        "folkmangd_kommun_2025-12-31",
        "--by",
        "samverkansregioner",
        "-f",
        "json",
    ],
    "programme_allocate": ["programme", "allocate", "exempel-femarigt-program"],
    "programme_allocate_csv": ["programme", "allocate", "exempel-femarigt-program", "-f", "csv"],
    "compare": ["compare", "exempel-femarigt-program"],
    "compare_json": ["compare", "exempel-femarigt-program", "--format", "json"],
    "repay": ["repay", "S2026/00953", "--used", USED],
    "repay_csv": ["repay", "S2026/00953", "--used", USED, "--format", "csv"],
    "repay_json": ["repay", "S2026/00953", "--used", USED, "--format", "json"],
    "validate": ["validate", "decisions/S2026-00953.yaml", "population/lan.csv"],
    "schema": ["schema"],
    "error_unknown_decision": ["allocate", "S2099/00001"],
    "error_bad_split_option": ["split", "100", "--by", "socken"],
    # The same commands in English (--lang en; CSV and JSON keys do not change).
    "allocate_en": ["allocate", "S2026/00953", "--lang", "en"],
    "allocate_explain_en": ["--lang", "en", "allocate", "S2026/00953", "--explain"],
    "audit_en": ["audit", "S2026/00953", "--lang", "en"],
    "check_en": ["--lang", "en", "check"],
    "show_en": ["show", "S2026/00953", "--lang=en"],
    "repay_en": ["repay", "S2026/00953", "--used", USED, "--lang", "en"],
    "error_unknown_decision_en": ["allocate", "S2099/00001", "--lang", "en"],
}


def _golden_text(args: list[str]) -> str:
    result = run(*args)
    text = (
        f"$ statsbidrag {' '.join(args)}\n"
        f"exit code: {result.exit_code}\n"
        f"--- stdout\n{result.stdout_bytes.decode('utf-8')}"
        f"--- stderr\n{result.stderr}"
    )
    return text.replace(str(REPO), "<repo>")


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.usefixtures("swedish")
def test_output_matches_golden_file(
    name: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    actual = _golden_text(CASES[name])
    path = GOLDEN / f"{name}.txt"
    if update_golden:
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.is_file(), f"no golden file {path.name}: run pytest --update-golden"
    assert actual == path.read_bytes().decode("utf-8")


def test_every_golden_file_belongs_to_a_case() -> None:
    """A golden file whose case was removed would never be checked again."""
    orphans = sorted(p.stem for p in GOLDEN.glob("*.txt") if p.stem not in CASES)
    assert orphans == []


FOR_PEOPLE = [
    name
    for name, command in CASES.items()
    if not any(flag in command for flag in ("csv", "json", "--excel", "en", "schema"))
    and not name.endswith(("_csv", "_json", "_en", "_excel"))
    and name not in ("schema", "help")
]
"""The golden runs a person reads in Swedish: tables and prose (help names the commands and
options, which are machine words by design)."""


@functools.cache
def _machine_keys() -> re.Pattern[str]:
    """Every id a machine reads that a person must not: rounding methods, audit verdicts,
    the shipped decisions' component ids, samverkansregion and programme model ids, field
    paths such as ``funding.0``."""
    import yaml

    from statsbidrag_cli.core.audit import VERDICTS
    from statsbidrag_cli.core.engine import METHODS

    ids = {*METHODS, *VERDICTS}
    for path in (REPO / "decisions").glob("*.yaml"):
        ids |= {c["id"] for c in yaml.safe_load(path.read_text("utf-8"))["components"]}
    for path in (REPO / "programmes").glob("*.yaml"):
        ids |= {m["id"] for m in yaml.safe_load(path.read_text("utf-8"))["models"]}
    spec = yaml.safe_load((REPO / "population" / "samverkansregioner.yaml").read_text("utf-8"))
    ids |= {unit["id"] for unit in spec["samverkansregioner"]}
    words = "|".join(sorted(map(re.escape, ids), key=len, reverse=True))
    return re.compile(rf"(?<![\w./-])(?:{words})(?![\w/-])|\b(?:funding|components)\.\d")


@pytest.mark.parametrize("name", FOR_PEOPLE)
@pytest.mark.usefixtures("swedish")
def test_no_machine_key_in_what_a_person_reads(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    text = _golden_text(CASES[name])
    lines = [line for line in text.splitlines()[1:] if not line.startswith("$ ")]
    found = [
        (line.strip(), match.group())
        for line in lines
        for match in _machine_keys().finditer(line)
        if not _authors_words(line[: match.end()])
    ]
    assert found == []


def _authors_words(before: str) -> bool:
    """Whether a match ends text the decisions' authors wrote (a purpose quoting "study
    ready population"): the words of its table cell up to the match stand in a decision."""
    cell = " ".join(before.split("  ")[-1].split())
    return len(cell.split()) > 1 and cell in _decision_texts()


@functools.cache
def _decision_texts() -> str:
    return " ".join(
        " ".join(p.read_text("utf-8").split()) for p in (REPO / "decisions").glob("*.yaml")
    )
