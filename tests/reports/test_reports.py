"""The format-neutral reports (reports/), built from results made here or by the service,
asserted on their columns, rows, totals and sentences: what every format then writes."""

from __future__ import annotations

from helpers import DECISIONS, POPULATION, SOURCES

from statsbidrag_cli.core.checks import CheckOutcome, CheckReport, Finding
from statsbidrag_cli.errors import StatsbidragError
from statsbidrag_cli.files.local.store import DataDirs
from statsbidrag_cli.i18n import use_language
from statsbidrag_cli.reports.cache import cache_info_report
from statsbidrag_cli.reports.ci import check_lines, checked_decisions
from statsbidrag_cli.reports.decision import allocation_report
from statsbidrag_cli.service.checking import allocate_and_check

BUILT_IN = DataDirs(DECISIONS, POPULATION, SOURCES)


def test_the_cache_report_counts_per_kind_and_says_its_bounds() -> None:
    use_language("sv")
    report = cache_info_report(
        "/c", True, {"outputs": (2, 300), "checks": (3, 900)}, None, 256 * 1024 * 1024, 30
    )
    assert [row["kind"] for row in report.rows] == ["checks", "outputs"]  # by kind, stable
    assert [row["name"] for row in report.rows] == ["kontrollrapporter", "hela utdata"]
    assert report.totals == {"name": "Summa", "entries": 5, "bytes": 1200}
    assert report.title == "Cachen i /c: 5 poster, 1 200 byte"
    assert "30 dagar" in report.notes[0] and "256 MB" in report.notes[0]
    unused = cache_info_report("/c", False, {}, None, 1024 * 1024, 30)
    assert unused.rows == [] and "används inte" in unused.notes[-1]


def test_check_lines_say_pass_fail_and_error_with_every_problem() -> None:
    use_language("en")
    passed = CheckReport("A", (Finding("sum", True, "ok"),))
    failed = CheckReport(
        "B",
        (Finding("sum", True, "ok"), Finding("quote", False, "not quoted", file="b.yaml", line=3)),
    )
    broken = StatsbidragError("b.yaml:1:1: not YAML", ["a detail"])
    outcomes = [
        CheckOutcome("A", passed, None),
        CheckOutcome("B", failed, None),
        CheckOutcome("C", None, broken),
    ]
    assert list(check_lines(outcomes)) == [
        ("PASS", "PASS A (1 check)"),
        ("FAIL", "FAIL B (1 of 2 checks failed)"),
        ("FAIL", "  - b.yaml:3: not quoted"),
        ("ERROR", "ERROR C: cannot be checked"),
        ("ERROR", "  - b.yaml:1:1: not YAML"),
        ("ERROR", "    - a detail"),
    ]
    decisions = checked_decisions(outcomes)
    assert decisions[2].error is not None
    assert (decisions[2].error.file, decisions[2].error.line) == ("b.yaml", 1)


def test_an_allocation_report_heads_each_part_by_its_kind() -> None:
    """S2026/00953: an equal part, then a population part by samverkansregion with its unit
    and persons columns (table-only detail), then the published comparison; the totals row
    sums every recipient's parts."""
    use_language("en")
    allocation = allocate_and_check(BUILT_IN, "S2026/00953").allocation
    report = allocation_report(allocation)
    headings = {column.key: column.heading for column in report.columns}
    kinds = [result.component.kind for result in allocation.components]
    assert kinds == ["equal", "population"]
    equal_id, population_id = (result.component.id for result in allocation.components)
    keys = [column.key for column in report.columns]
    assert keys[keys.index(population_id) - 2 : keys.index(population_id) + 1] == [
        f"{population_id}_unit",
        f"{population_id}_persons",
        population_id,
    ]
    assert headings[equal_id] == "Equal part" and headings[population_id] == "Population part"
    assert headings[f"{population_id}_unit"] == "Samverkansregion"
    assert report.totals is not None
    totals = [row["total"] for row in report.rows]
    assert report.totals["total"] == 63_000_000 == sum(t for t in totals if isinstance(t, int))
    uppsala = next(row for row in report.rows if row["code"] == "03")
    assert uppsala[population_id] == 0 and uppsala[f"{population_id}_unit"] is None
