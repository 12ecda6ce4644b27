"""``check`` of a large folder: worker processes give the same output, byte for byte, as one
process; what a run keeps of each report reads back as the report itself."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import DECISIONS, POPULATION, run
from hypothesis import given
from hypothesis import strategies as st

from statsbidrag_cli.core.checks import CheckReport, Finding
from statsbidrag_cli.service.check_workers import PARALLEL_FROM
from statsbidrag_cli.service.checker import DecisionChecker

COPIES = PARALLEL_FROM + 6


@pytest.fixture
def large_folder(tmp_path: Path) -> Path:
    """Copies of S2026/00953 under their own diarienummer, one that fails its sums, one that
    is not YAML and one with an unknown field: enough to be shared among workers."""
    decisions = tmp_path / "decisions"
    decisions.mkdir()
    text = (DECISIONS / "S2026-00953.yaml").read_text(encoding="utf-8")
    for number in range(COPIES):
        diarienummer = f"S2026/{20000 + number:05d}"
        copy = text.replace("diarienummer: S2026/00953", f"diarienummer: {diarienummer}")
        if number == 17:
            copy = copy.replace("total: 63000000", "total: 63000001")
        (decisions / f"{diarienummer.replace('/', '-')}.yaml").write_text(copy, encoding="utf-8")
    (decisions / "S2026-29998.yaml").write_text("a: [b\n", encoding="utf-8")
    (decisions / "S2026-29999.yaml").write_text(
        text.replace("diarienummer: S2026/00953", "diarienummer: S2026/29999\nsurprise: 1"),
        encoding="utf-8",
    )
    shutil.copytree(DECISIONS.parent / "sources", tmp_path / "sources")
    return decisions


def checked(folder: Path, *options: str) -> tuple[int, str]:
    result = run("check", "--decisions-dir", str(folder), "--population-dir", str(POPULATION),
                 *options)  # fmt: skip
    return result.exit_code, result.stdout


@pytest.mark.parametrize("options", [(), ("--format", "json"), ("--format", "junit")])
def test_workers_say_exactly_what_one_process_says(
    large_folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, options: tuple[str, ...]
) -> None:
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(tmp_path / "cache-one"))
    monkeypatch.setenv("STATSBIDRAG_JOBS", "1")
    alone = checked(large_folder, *options)
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(tmp_path / "cache-two"))
    monkeypatch.setenv("STATSBIDRAG_JOBS", "2")
    shared = checked(large_folder, *options)
    assert shared == alone
    assert alone[0] == 2  # two files cannot be read
    if options == ("--format", "json"):
        statuses = [d["status"] for d in json.loads(alone[1])["decisions"]]
        assert statuses.count("ERROR") == 2 and statuses.count("FAIL") == 1
        assert statuses.count("PASS") == COPIES - 1
    # The workers wrote their entries: a second run answers every report from them.
    again = checked(large_folder, *options)
    assert again == alone
    entries = [p for p in (tmp_path / "cache-two" / "checks").rglob("*") if p.is_file()]
    assert len(entries) == COPIES


def test_an_unreadable_file_says_the_same_from_a_worker(
    large_folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STATSBIDRAG_JOBS", "2")
    pids = tmp_path / "pids"
    original = DecisionChecker.computed

    def noted(self: DecisionChecker, path: Path) -> object:
        with pids.open("a", encoding="utf-8") as file:
            file.write(f"{os.getpid()}\n")
        return original(self, path)

    monkeypatch.setattr(DecisionChecker, "computed", noted)
    result = run("--no-cache", "check", "--decisions-dir", str(large_folder),
                 "--population-dir", str(POPULATION))  # fmt: skip
    assert "ERROR S2026-29999" in result.stdout
    assert "surprise: unknown field" in result.stdout  # the error's details came back too
    assert "not valid YAML" in result.stdout
    checked_by = set(pids.read_text(encoding="utf-8").split())
    assert str(os.getpid()) not in checked_by and len(checked_by) == 2  # two workers did it


findings = st.builds(
    Finding,
    check=st.sampled_from(["sources", "allocation", "published"]),
    ok=st.booleans(),
    message=st.text(max_size=80),
    location=st.none() | st.tuples(st.text(max_size=10), st.integers(0, 9)),
    file=st.none() | st.just("decisions/S2026-00953.yaml"),
    line=st.none() | st.integers(1, 10_000),
    column=st.none() | st.integers(1, 200),
)


@given(st.lists(findings, max_size=40))
def test_a_packed_report_reads_back_as_the_report(items: list[Finding]) -> None:
    report = CheckReport("S2026-00953", tuple(items))
    packed = report.packed()
    assert packed.findings == report.findings
    assert (packed.passed, packed.failures, packed.count) == (
        report.passed,
        report.failures,
        report.count,
    )
