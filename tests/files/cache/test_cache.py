"""The cache of validated decisions, population files and check results: used when the
inputs are as they were, never when they changed, harmless when corrupt, off on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import INPUTS, DataCopy, run


def entries(folder: Path) -> list[Path]:
    """The cache's entries (kind/shard/name), not its marker of when it was last pruned."""
    return sorted(p for p in folder.glob("*/*/*") if p.is_file())


def test_a_second_check_reads_the_cache_and_says_the_same(cache: Path, data: DataCopy) -> None:
    first = run("check", *data.args())
    written = entries(cache)
    kinds = [p.relative_to(cache).parts[0] for p in written]
    assert "checks" in kinds
    assert "decisions" not in kinds  # one entry per checked file: its report
    assert kinds.count("checks") == len(list(data.decisions.glob("*.yaml")))
    second = run("check", *data.args())
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)
    assert entries(cache) == written  # nothing new: every answer came from the cache


def test_an_edited_file_is_never_answered_from_the_cache(cache: Path, data: DataCopy) -> None:
    assert run("check", *data.args()).exit_code == 0
    data.write_decision(data.decision_text().replace("total: 63000000", "total: 63000001"))
    assert run("check", *data.args()).exit_code == 1
    population = data.population / "folkmangd_kommun_2025-12-31.csv"
    data.write_decision(data.decision_text().replace("total: 63000001", "total: 63000000"))
    assert run("check", *data.args()).exit_code == 0
    population.write_text(
        population.read_text(encoding="utf-8").replace(",50495\n", ",60495\n"), encoding="utf-8"
    )
    changed = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert "01,Region Stockholm,5000000,Stockholm,2557105," in changed.stdout


def test_a_corrupt_entry_is_ignored_and_removed(cache: Path, data: DataCopy) -> None:
    first = run("check", *data.args())
    for entry in entries(cache):
        entry.write_bytes(b"not a pickle")
    again = run("check", *data.args())
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert all(entry.read_bytes() != b"not a pickle" for entry in entries(cache))


def test_no_cache_reads_everything_afresh_and_writes_nothing(cache: Path, data: DataCopy) -> None:
    result = run("--no-cache", "check", *data.args())
    assert result.exit_code == 0
    assert entries(cache) == []


def test_an_unwritable_cache_folder_is_not_an_error(
    tmp_path: Path, data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(blocker / "cache"))
    result = run("check", *data.args())
    assert result.exit_code == 0
    assert result.stderr == ""


def _touched(path: Path) -> None:
    """The file with one more byte, its meaning unchanged: a trailing newline (a comment in
    YAML, an empty line at the end of a CSV or a text)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("# ändrad\n" if path.suffix == ".yaml" else "\n"), encoding="utf-8")


@pytest.mark.parametrize("name", INPUTS)
def test_any_input_changed_is_checked_again(cache: Path, data: DataCopy, name: str) -> None:
    """However small the change to any input, the next check computes the reports it affects
    anew (their entries rewritten with the new record of what was read) rather than
    answering from the old entries; reports it does not affect stay as they were."""

    def checks() -> dict[Path, bytes]:
        return {
            p: p.read_bytes() for p in entries(cache) if p.relative_to(cache).parts[0] == "checks"
        }

    first = run("check", *data.args())
    assert first.exit_code == 0, first.stdout
    before = checks()
    again = run("check", *data.args())
    assert checks() == before
    _touched(data.population.parent / name)
    changed = run("check", *data.args())
    assert (changed.exit_code, changed.stdout) == (again.exit_code, again.stdout)
    after = checks()
    assert set(after) == set(before)
    rewritten = [path for path in after if after[path] != before[path]]
    if name == "sources/index.yaml":  # what a document is: read for published outputs only
        assert rewritten == []
        return
    assert rewritten, f"{name}: the old reports were used"
    if name.startswith("population/folkmangd"):  # read by S2026/00953 alone
        assert len(rewritten) == 1


def test_a_second_allocate_reads_no_yaml_and_no_figures(
    cache: Path, data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every entry an allocation stores is read back on the next run: the decision (with its
    dates, which JSON holds as text) and the population dataset (with its reference date)."""
    from statsbidrag_cli.files.local import population, yamlfile

    first = run("allocate", "S2026/00953", "-f", "csv", *data.args())

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("read again, though the cache has it")

    monkeypatch.setattr(yamlfile, "parse_yaml", refused)
    monkeypatch.setattr(population, "read_figures", refused)
    second = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)


_OPENED: list[str] | None = None


def _note_opens(event: str, args: tuple[object, ...]) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], str | bytes | Path):
        _OPENED.append(str(args[0]))


def test_a_stray_file_in_the_population_folder_is_never_read(cache: Path, data: DataCopy) -> None:
    """Only the files a run uses are read (and hashed for the cache): a 200 MB file left in
    population/ is never opened, cold or warm (Python's audit hook sees every open)."""
    import sys

    global _OPENED
    stray = data.population / "export-backup.csv"
    with stray.open("wb") as sparse:
        sparse.truncate(200 * 1024 * 1024)
    sys.addaudithook(_note_opens)  # stays for the process; records only while _OPENED is set
    _OPENED = []
    try:
        for _ in range(2):  # cold, then warm
            assert run("check", "-f", "csv", *data.args()).exit_code == 0
        opened = _OPENED
    finally:
        _OPENED = None
    assert any(path.endswith("folkmangd_kommun_2025-12-31.csv") for path in opened)  # it sees
    assert not [path for path in opened if path.endswith("export-backup.csv")]
