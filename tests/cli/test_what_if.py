"""What-ifs on a decision: `allocate --set PART=KRONOR` and `--population NAME`, `check` and
`audit --population`. The decision file is never changed; output says it is not the decision
and compares with the decision's own result. Expected amounts are worked out here with
Fraction from the population file and the samverkansregioner file."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
import yaml
from helpers import DECISIONS, POPULATION, DataCopy, hamilton, run, write_shares_decision

pytestmark = pytest.mark.usefixtures("swedish")

DATASET = "folkmangd_kommun_2025-12-31"


def samverkansregion_populations() -> dict[str, int]:
    """Persons per samverkansregion: whole counties, plus the kommuner listed by code."""
    spec = yaml.safe_load((POPULATION / "samverkansregioner.yaml").read_text("utf-8"))
    by_kommun = {
        k: unit["id"] for unit in spec["samverkansregioner"] for k in unit.get("kommuner", [])
    }
    by_county = {c: unit["id"] for unit in spec["samverkansregioner"] for c in unit["counties"]}
    sums: dict[str, int] = {}
    with (POPULATION / f"{DATASET}.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            unit = by_kommun.get(row["kommunkod"]) or by_county[row["lanskod"]]
            sums[unit] = sums.get(unit, 0) + int(row["folkmangd"])
    return sums


def payees() -> dict[str, str]:
    decision = yaml.safe_load((DECISIONS / "S2026-00953.yaml").read_text("utf-8"))
    part = next(c for c in decision["components"] if c["kind"] == "population")
    return {unit: str(code) for unit, code in part["payees"].items()}


def by_recipient(amount: int) -> dict[str, int]:
    """S2026/00953's population part of ``amount`` per paid region."""
    shares = hamilton(amount, samverkansregion_populations())
    return {payees()[unit]: share for unit, share in shares.items()}


def test_a_what_if_on_the_population_part(data: DataCopy) -> None:
    before = (data.decisions / "S2026-00953.yaml").read_bytes()
    result = run("allocate", "S2026/00953", "--set", "population=30_000_000", "--format", "csv",
                 *data.args())  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (data.decisions / "S2026-00953.yaml").read_bytes() == before
    rows = {row["code"]: row for row in csv.DictReader(result.stdout.splitlines())}
    variant, decision = by_recipient(30_000_000), by_recipient(28_000_000)
    recipients = ["01", "03", "05", "12", "14", "18", "24"]
    assert sorted(rows) == recipients
    for code in recipients:
        total = 5_000_000 + variant.get(code, 0)
        own = 5_000_000 + decision.get(code, 0)
        assert int(rows[code]["total"]) == total
        assert int(rows[code]["decision_total"]) == own
        assert int(rows[code]["variant_minus_decision"]) == total - own
    assert sum(int(row["variant_minus_decision"]) for row in rows.values()) == 2_000_000
    assert "published" not in next(iter(rows.values()))  # nobody published the what-if


def test_the_what_if_says_it_is_not_the_decision(data: DataCopy) -> None:
    table = run("allocate", "S2026/00953", "--set", "population=30000000", *data.args())
    lines = table.stdout.splitlines()
    assert lines[0].startswith("KALKYL, inte beslutet: S2026/00953")
    text = " ".join(table.stdout.split())
    assert (
        "Fördelning efter befolkningsmängd per samverkansregion: 28 000 000 kr → 30 000 000 kr"
        in text
    )
    assert "Kalkyl − beslut" in text
    document = json.loads(
        run(
            "allocate", "S2026/00953", "--set", "population=30000000", "-f", "json", *data.args()
        ).stdout
    )
    assert document["what_if"]["decision_total"] == 63_000_000
    assert document["total"] == 65_000_000
    assert document["notes"][0].startswith("Kalkyl: Fördelning efter befolkningsmängd")


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("befolkning=1000", "beslutet har ingen del 'befolkning'; dess delar är equal (Lika"),
        ("population=0", "beloppet måste vara mer än 0 kr"),
        ("population", "--set tar DEL=KRONOR"),
        ("population=12,5", "--set tar DEL=KRONOR"),
    ],
)
def test_a_bad_setting_is_refused_clearly(data: DataCopy, setting: str, words: str) -> None:
    result = run("allocate", "S2026/00953", "--set", setting, *data.args())
    assert result.exit_code == 2
    assert words in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_check_and_audit_with_another_dataset(data: DataCopy) -> None:
    """The same figures under another name: every check still holds, and audit says the
    table is tested against that dataset; a dataset with other figures fails the published
    comparison, and says why."""
    for suffix in ("csv", "yaml"):
        text = (data.population / f"{DATASET}.{suffix}").read_text("utf-8")
        (data.population / f"kopia_2025-12-31.{suffix}").write_text(
            text.replace(f"name: {DATASET}", "name: kopia_2025-12-31"), "utf-8"
        )
    same = run("check", "S2026/00953", "--population", "kopia_2025-12-31", *data.args())
    assert same.exit_code == 0, same.stdout + same.stderr
    assert "kontrollerat med befolkningsdatamängden kopia_2025-12-31" in " ".join(
        same.stderr.split()
    )
    audited = run("audit", "S2026/00953", "--population", "kopia_2025-12-31", *data.args())
    assert audited.exit_code == 0, audited.stdout + audited.stderr
    assert audited.stdout.startswith("KALKYL, inte beslutet:")
    assert "prövas den mot kopia_2025-12-31" in " ".join(audited.stderr.split())
    shutil.copy(
        data.population / "kopia_2025-12-31.yaml", data.population / "annan_2025-12-31.yaml"
    )
    csv_text = (data.population / f"{DATASET}.csv").read_text("utf-8")
    (data.population / "annan_2025-12-31.csv").write_text(
        csv_text.replace("0180,Stockholm,01,", "0180,Stockholm,01,1"), "utf-8"
    )
    info = data.population / "annan_2025-12-31.yaml"
    info.write_text(
        info.read_text("utf-8").replace("kopia_2025-12-31", "annan_2025-12-31"), "utf-8"
    )
    other = run("check", "S2026/00953", "--population", "annan_2025-12-31", *data.args())
    assert other.exit_code == 1
    assert "publicerat − beräknat" in other.stdout


def test_another_dataset_for_a_decision_without_a_population_part(data: DataCopy) -> None:
    result = run("allocate", "gms-pilot-2023", "--population", DATASET, *data.args())
    assert result.exit_code == 2
    assert "gms-pilot-2023 har ingen befolkningsdel" in " ".join(result.stderr.split())


def test_a_what_if_is_never_cached_as_the_decision(data: DataCopy) -> None:
    """check with --population, then without: the second is the decision's own check."""
    assert run("check", "S2026/00953", "--population", DATASET, *data.args()).exit_code == 0
    plain = run("check", "S2026/00953", *data.args())
    assert plain.exit_code == 0 and "kontrollerat med" not in plain.stderr
    other = data.population / "annan_2025-12-31.csv"
    csv_text = (data.population / f"{DATASET}.csv").read_text("utf-8")
    other.write_text(csv_text.replace("0180,Stockholm,01,", "0180,Stockholm,01,1"), "utf-8")
    info = (data.population / f"{DATASET}.yaml").read_text("utf-8")
    other.with_suffix(".yaml").write_text(info.replace(DATASET, "annan_2025-12-31"), "utf-8")
    assert (
        run("check", "S2026/00953", "--population", "annan_2025-12-31", *data.args()).exit_code == 1
    )
    assert run("check", "S2026/00953", *data.args()).exit_code == 0


def test_compare_sets_what_ifs_of_a_decision_side_by_side(data: DataCopy) -> None:
    """Two what-ifs, each beside the decision's own result: the population part at 30 and at
    26 million; the totals move by exactly the change, and the file is not written."""
    before = (data.decisions / "S2026-00953.yaml").read_bytes()
    variants = ["--variant", "population=30000000", "--variant", "population=26 000 000"]
    result = run("compare", "S2026/00953", *variants, "--format", "csv", *data.args())
    assert result.exit_code == 0, result.stderr
    assert (data.decisions / "S2026-00953.yaml").read_bytes() == before
    rows = {row["code"]: row for row in csv.DictReader(result.stdout.splitlines())}
    own, more, less = by_recipient(28_000_000), by_recipient(30_000_000), by_recipient(26_000_000)
    for code, row in rows.items():
        assert int(row["decision_total"]) == 5_000_000 + own.get(code, 0)
        assert int(row["variant_A"]) == 5_000_000 + more.get(code, 0)
        assert int(row["variant_B_minus_decision"]) == less.get(code, 0) - own.get(code, 0)
    assert sum(int(row["variant_A_minus_decision"]) for row in rows.values()) == 2_000_000
    table = run("compare", "S2026/00953", "--variant", "population=30000000", *data.args())
    assert table.stdout.startswith("KALKYLER, inte beslutet: S2026/00953")
    assert "Kalkyl A: Fördelning efter befolkningsmängd per samverkansregion: 28 000 000 kr → " in (
        " ".join(table.stdout.split())
    )


def test_a_what_if_on_a_part_stated_as_a_share_is_in_kronor(data: DataCopy) -> None:
    """A part of 70 % given another amount: the what-if is that amount, not a failed share."""
    write_shares_decision(data)
    result = run("allocate", "S2099/00002", "--set", "kommuner=200000000", "--format", "csv",
                 *data.args())  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert sum(int(row["kommuner"]) for row in rows) == 200_000_000
    assert sum(int(row["variant_minus_decision"]) for row in rows) == 2_250_000
