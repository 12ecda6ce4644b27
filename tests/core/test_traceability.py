"""Every figure traced to its source, as a product check of `check` and `validate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import DataCopy, run

from statsbidrag_cli.core.traceability import amount_pattern


@pytest.mark.parametrize(
    ("amount", "text", "found"),
    [
        (63_000_000, "betala ut 63 000 000 kronor till", True),
        (63_000_000, "betala ut 63\u00a0000\u00a0000 kronor", True),
        (63_000_000, "totalt 63000000 kronor", True),
        (63_000_000, "63 miljoner kronor", True),
        (63_500_000, "63,5 miljoner kronor", True),
        (2_000_000_000, "2 miljarder kronor", True),
        (63_000_000, "163 000 000 kronor", False),
        (1_000, "1 000 000 kronor", False),
        (1_000_000, "11 000 000 kronor", False),
        (63_000_000, "63,5 miljoner kronor", False),
    ],
)
def test_amounts_are_found_as_swedish_texts_write_them(amount: int, text: str, found: bool) -> None:
    assert bool(amount_pattern(amount).search(text)) is found


def test_shipped_decisions_trace_to_their_sources() -> None:
    result = run("check", "-f", "json")
    assert result.exit_code == 0
    for decision in json.loads(result.stdout)["decisions"]:
        sources = [f for f in decision["findings"] if f["check"] == "sources"]
        assert sources and all(f["ok"] for f in sources)
        assert not any("unverified" in f["message"] for f in sources)


def test_an_amount_changed_in_a_copy_fails_traceability(data: DataCopy) -> None:
    # gms-pilot-2023 says 10,000,000 kronor; change it to 11,000,000 and adjust total and
    # funding so that every sum still holds: only the sources can tell.
    text = data.decision_text("gms-pilot-2023")
    changed = (
        text.replace("amount: 10000000", "amount: 11000000")
        .replace("total: 10000000", "total: 11000000")
        .replace("amount: 10250000", "amount: 11250000")
    )
    assert changed.count("11000000") == 2 and "11250000" in changed
    path = data.write_decision(changed, "gms-pilot-2023")
    check = run("check", "gms-pilot-2023", *data.args())
    assert check.exit_code == 1
    lines = check.stdout.splitlines()
    assert lines[0].startswith("FAIL gms-pilot-2023")
    assert any(
        f"{path}:" in line and "total: 11,000,000 kr does not appear in a quote" in line
        for line in lines
    )
    assert any(
        "Pilot inom precisionsmedicin (GMS): 11,000,000 kr does not appear" in line
        for line in lines
    )
    assert any(
        "funding line ap. 16 (2023): 11,250,000 kr does not appear" in line for line in lines
    )
    validate = run("validate", str(path))
    assert validate.exit_code == 2
    assert "11,000,000 kr does not appear in a quote attached to it" in validate.stdout


def test_a_quote_that_is_not_in_its_document_fails_with_its_line(data: DataCopy) -> None:
    text = data.decision_text()
    old = "Socialstyrelsen ska under 2026 efter rekvisition betala ut 63 000 000 kronor"
    assert old in text
    path = data.write_decision(text.replace(old, old.replace("ska under", "får under")))
    result = run("check", "S2026/00953", *data.args())
    assert result.exit_code == 1
    failing = [line for line in result.stdout.splitlines() if "quote not found" in line]
    assert len(failing) == 1
    line_number = int(failing[0].split(f"{path}:")[1].split(":")[0])
    assert "får under 2026" in path.read_text(encoding="utf-8").splitlines()[line_number - 1]


def test_a_document_path_may_not_leave_the_sources_folder(data: DataCopy) -> None:
    text = data.decision_text().replace(
        "document: 001_252f2b2961331e49.txt", "document: ../population/lan.csv", 1
    )
    data.write_decision(text)
    result = run("check", "S2026/00953", *data.args())
    assert result.exit_code == 1
    assert "document '../population/lan.csv' must be a file name inside the sources folder" in (
        result.stdout
    )


def test_a_document_that_is_not_local_is_unverified_not_failed(data: DataCopy) -> None:
    text = data.decision_text().replace(
        "document: 003_08552fd762e6de5f.txt", "document: anvisningar-webbsida.html"
    )
    data.write_decision(text)
    result = run("check", "S2026/00953", "-f", "json", *data.args())
    findings = json.loads(result.stdout)["decisions"][0]["findings"]
    unverified = [f for f in findings if "unverified" in f["message"]]
    assert [f["ok"] for f in unverified] == [True]
    assert "anvisningar-webbsida.html" in unverified[0]["message"]
    assert result.exit_code == 0


def test_a_derived_amount_is_checked_by_its_rule(data: DataCopy) -> None:
    text = data.decision_text("gms-sprintr-biobank-2026")
    assert "rule: sum_of_components" in text
    data.write_decision(
        text.replace("total: 102000000", "total: 102000001"), "gms-sprintr-biobank-2026"
    )
    result = run("check", "gms-sprintr-biobank-2026", *data.args())
    assert result.exit_code == 1
    assert "derived total 102,000,001 ≠ the sum of the components (102,000,000)" in result.stdout


def test_show_sources_cites_the_sentences(data: DataCopy) -> None:
    result = run("show", "S2026/00953", "--sources", "-f", "csv")
    assert result.exit_code == 0
    assert (
        "Regeringen (Socialdepartementet), S2026/00953, 2026-05-07 (001_252f2b2961331e49.txt): «"
        in (result.stdout)
    )
    assert "«Socialstyrelsen ska under 2026 efter rekvisition betala ut 63 000 000 kronor" in (
        result.stdout
    )


def test_sources_dir_option_points_at_the_documents(data: DataCopy, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (tmp_path / "sources").rename(elsewhere)  # no sources/ beside the decisions any more
    without = json.loads(run("check", "S2026/00953", "-f", "json", *data.args()).stdout)
    messages = [f["message"] for f in without["decisions"][0]["findings"]]
    assert any("unverified: document '001_252f2b2961331e49.txt'" in m for m in messages)
    result = run(
        "check", "S2026/00953", "-f", "json", "--sources-dir", str(elsewhere), *data.args()
    )
    messages = [f["message"] for f in json.loads(result.stdout)["decisions"][0]["findings"]]
    assert not any("unverified" in m for m in messages)
    missing = run("check", "--sources-dir", str(tmp_path / "nowhere"), *data.args())
    assert missing.exit_code == 2
    assert "sources folder" in missing.stderr and "does not exist" in missing.stderr
