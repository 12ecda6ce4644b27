"""The full check (service.checking): named results, the cache, clashes, validate."""

from __future__ import annotations

from pathlib import Path

from helpers import DECISIONS, POPULATION, SOURCES, DataCopy

from statsbidrag_cli.files.local.store import DataDirs
from statsbidrag_cli.service.checker import DecisionChecker, Identity
from statsbidrag_cli.service.checking import allocate_and_check, check_decisions, validate_file

BUILT_IN = DataDirs(DECISIONS, POPULATION, SOURCES)


def test_a_shipped_decision_allocates_to_its_total_and_fails_no_check() -> None:
    checked = allocate_and_check(BUILT_IN, "S2026/00953")
    assert checked.failures == []
    assert sum(row.total for row in checked.allocation.rows) == 63_000_000  # the decision's text


def test_the_checker_names_the_diarienummer_and_its_line() -> None:
    report, identity = DecisionChecker(POPULATION, SOURCES).check(DECISIONS / "S2026-00953.yaml")
    assert report.passed and report.decision_id == "S2026-00953"
    assert identity.diarienummer == "S2026/00953"
    assert identity.where.startswith(f"{DECISIONS / 'S2026-00953.yaml'}:")


def test_a_cached_check_answers_the_same(data: DataCopy) -> None:
    checker = DecisionChecker(data.population, data.decisions.parent / "sources")
    path = data.decisions / "S2026-00953.yaml"
    first = checker.check(path)
    again = DecisionChecker(data.population, data.decisions.parent / "sources").check(path)
    assert again == first


def test_an_amount_changed_fails_at_its_line(data: DataCopy) -> None:
    text = data.decision_text().replace("total: 63000000", "total: 63000100", 1)
    assert text != data.decision_text()
    path = data.write_decision(text)
    checked = allocate_and_check(DataDirs(data.decisions, data.population), "S2026/00953")
    assert checked.failures
    assert all(failure.startswith(f"{path}:") for failure in checked.failures)


def test_every_file_of_a_folder_is_an_outcome_a_broken_one_an_error(data: DataCopy) -> None:
    (data.decisions / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    outcomes = check_decisions(DataDirs(data.decisions, data.population), [])
    by_id = {outcome.decision_id: outcome for outcome in outcomes}
    assert set(by_id) == {"S2026-00953", "broken", "gms-pilot-2023", "gms-sprintr-biobank-2026"}
    assert by_id["broken"].error is not None and by_id["broken"].report is None
    assert by_id["S2026-00953"].report is not None and by_id["S2026-00953"].report.passed


def test_one_diarienummer_in_two_files_is_an_error_for_both(data: DataCopy) -> None:
    copy = data.write_decision(data.decision_text(), "S2026-00953-kopia")
    outcomes = check_decisions(DataDirs(data.decisions, data.population), [])
    clashing = {o.decision_id: o.error for o in outcomes if o.error is not None}
    assert set(clashing) == {"S2026-00953", "S2026-00953-kopia"}
    assert str(copy) in str(clashing["S2026-00953"])
    # checking one of them alone still sees the other file of the folder
    alone = check_decisions(DataDirs(data.decisions, data.population), ["S2026/00953"])
    assert alone[0].error is not None and str(copy) in str(alone[0].error)


def test_identity_is_a_value() -> None:
    assert Identity("S1/1", "f:1:1") == Identity("S1/1", "f:1:1")


def test_validate_names_the_kind_and_every_problem(tmp_path: Path) -> None:
    good = validate_file(DECISIONS / "S2026-00953.yaml", POPULATION)
    assert (good.kind, good.problems) == ("decision", [])
    population = validate_file(POPULATION / "lan.csv", POPULATION)
    assert population.problems == []
    bad = tmp_path / "bad.yaml"
    bad.write_text("diarienummer: 12\n", encoding="utf-8")
    outcome = validate_file(bad, POPULATION)
    assert outcome.problems and outcome.kind == "decision"
