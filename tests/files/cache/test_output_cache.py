"""The output cache: a repeated ``allocate``/``check`` in a data format writes what the first
run wrote, and only while every file and folder that run read is as it was. The judge is
always ``--no-cache``: a cached answer equals a fresh run's, byte for byte and exit code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import INPUTS, REPO, DataCopy, Result, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def outputs(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "outputs").glob("*/*") if p.is_file())


def same(first: Result, second: Result) -> bool:
    return (first.exit_code, first.stdout_bytes, first.stderr) == (
        second.exit_code,
        second.stdout_bytes,
        second.stderr,
    )


def fresh(*args: str) -> Result:
    return run("--no-cache", *args)


def test_a_repeated_run_is_answered_without_computing(
    cache: Path, data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert first.exit_code == 0 and len(outputs(cache)) == 1
    from statsbidrag_cli.service import checking

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed again, though the output is kept")

    monkeypatch.setattr(checking, "allocate_and_check", refused)
    assert same(run("allocate", "S2026/00953", "-f", "csv", *data.args()), first)


def test_a_table_for_people_is_never_kept(cache: Path, data: DataCopy) -> None:
    """A table is laid out for a terminal (whose size Rich may read from any stream)."""
    run("allocate", "S2026/00953", *data.args())
    run("check", *data.args())
    assert outputs(cache) == []


def _figure_changed(path: Path) -> None:
    """A change of meaning where the file has one we can make: a population figure, a
    total; elsewhere a quote's document loses its text."""
    text = path.read_text(encoding="utf-8")
    if path.name == "folkmangd_kommun_2025-12-31.csv":
        text = text.replace(",50495\n", ",60495\n")
    elif path.name == "S2026-00953.yaml":
        text = text.replace("total: 63000000", "total: 63000001")
    elif path.suffix == ".txt":
        text = text[: len(text) // 2]
    else:
        text += "\n# ändrad\n" if path.suffix == ".yaml" else "\n"
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", INPUTS)
@pytest.mark.parametrize(
    "command", [["allocate", "S2026/00953", "-f", "json"], ["check", "-f", "csv"]]
)
def test_any_input_changed_gives_what_a_fresh_run_gives(
    cache: Path, data: DataCopy, name: str, command: list[str]
) -> None:
    run(*command, *data.args())
    _figure_changed(data.population.parent / name)
    assert same(run(*command, *data.args()), fresh(*command, *data.args()))


def _set_without_population(tmp_path: Path) -> tuple[Path, list[str]]:
    """A decision set whose population folder is empty: everything in it falls back to the
    built-in population folder. The set's folder and the options naming it."""
    own = tmp_path / "set"
    shutil.copytree(REPO / "decisions", own / "decisions")
    shutil.copytree(REPO / "sources", own / "sources")
    (own / "population").mkdir()
    return own, DataCopy(own / "decisions", own / "population").args()


def test_a_dataset_added_to_the_folder_shadows_the_built_in_one(
    cache: Path, tmp_path: Path
) -> None:
    """A set whose population folder lacks the dataset falls back to the built-in one; a
    copy with other figures added to its own folder is read from then on."""
    own, args = _set_without_population(tmp_path)
    command = ["allocate", "S2026/00953", "-f", "csv", *args]
    before = run(*command)
    assert before.exit_code == 0, before.stderr
    for suffix in (".csv", ".yaml"):
        name = f"folkmangd_kommun_2025-12-31{suffix}"
        shutil.copy(REPO / "population" / name, own / "population" / name)
    figures = own / "population/folkmangd_kommun_2025-12-31.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace(",50495\n", ",60495\n"), encoding="utf-8"
    )
    after = run(*command)
    assert same(after, fresh(*command))
    assert after.stdout != before.stdout
    assert "Check" not in after.stderr  # the same checks, only other figures


def test_a_check_answers_after_the_built_in_dataset_it_falls_back_to_changes(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The per-decision check cache covers the built-in folder a set falls back to: figures
    changed there (a copy stands in for the installed data) make the next check fail, as a
    fresh one does."""
    from statsbidrag_cli.files.local import store

    built_in = tmp_path / "built-in"
    shutil.copytree(REPO / "population", built_in)
    real = store.default_dir
    monkeypatch.setattr(
        store, "default_dir", lambda name: built_in if name == "population" else real(name)
    )
    _own, args = _set_without_population(tmp_path)
    assert run("check", *args).exit_code == 0
    figures = built_in / "folkmangd_kommun_2025-12-31.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace(",50495\n", ",60495\n"), encoding="utf-8"
    )
    answered = run("check", *args)
    assert same(answered, fresh("check", *args))
    assert answered.exit_code == 1


def test_a_geography_of_its_own_changed_is_read(cache: Path, tmp_path: Path) -> None:
    """A set with a lan.csv of its own and the rest from the built-in folder: an edit to it
    that breaks the geography makes the next check fail."""
    own, args = _set_without_population(tmp_path)
    shutil.copy(REPO / "population" / "lan.csv", own / "population" / "lan.csv")
    first = run("check", *args)
    assert first.exit_code == 0, first.stdout
    (own / "population" / "lan.csv").write_text("lanskod,lan,region\n01,X,Y\n", encoding="utf-8")
    assert same(run("check", *args), fresh("check", *args))
    assert run("check", *args).exit_code != 0


def test_a_file_edited_during_a_run_is_not_answered_from_that_run(
    cache: Path, data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The decision is edited after the run read it and before the run ended: what the run
    kept is checked against the bytes it read, so the next run sees the edit."""
    from statsbidrag_cli.service import checker

    real = checker.DecisionChecker.report
    path = data.decisions / "S2026-00953.yaml"

    def edit_then_report(self: checker.DecisionChecker, *args: object) -> object:
        if "63000000" in path.read_text(encoding="utf-8"):
            data.write_decision(data.decision_text().replace("total: 63000000", "total: 63000001"))
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(checker.DecisionChecker, "report", edit_then_report)
    during = run("check", "-f", "json", *data.args())
    monkeypatch.setattr(checker.DecisionChecker, "report", real)
    assert during.exit_code == 0  # it checked what it read: the file as it was
    after = run("check", "-f", "json", *data.args())
    assert after.exit_code == 1
    assert same(after, fresh("check", "-f", "json", *data.args()))


def test_a_new_decision_file_joins_the_set(cache: Path, data: DataCopy) -> None:
    command = ["check", "-f", "csv", *data.args()]
    run(*command)
    copy = data.decision_text().replace("S2026/00953", "S2026/00954")
    data.write_decision(copy, "S2026-00954")
    after = run(*command)
    assert "S2026-00954" in after.stdout
    assert same(after, fresh(*command))


def test_another_current_folder_is_another_question(
    cache: Path, data: DataCopy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Relative folders mean another folder from elsewhere: the answer is never shared."""
    other = tmp_path / "other"
    shutil.copytree(data.population.parent, other, ignore=shutil.ignore_patterns("cache"))
    monkeypatch.chdir(data.population.parent)
    relative = ["--decisions-dir", "decisions", "--population-dir", "population"]
    run("allocate", "S2026/00953", "-f", "csv", *relative)
    figures = other / "population/folkmangd_kommun_2025-12-31.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace(",50495\n", ",60495\n"), encoding="utf-8"
    )
    monkeypatch.chdir(other)
    answer = run("allocate", "S2026/00953", "-f", "csv", *relative)
    assert same(answer, fresh("allocate", "S2026/00953", "-f", "csv", *relative))
    assert "2557105" in answer.stdout


EDITS = st.sampled_from(
    [
        ("decisions/S2026-00953.yaml", "total: 63000000", "total: 63000001"),
        ("decisions/S2026-00953.yaml", "total: 63000001", "total: 63000000"),
        ("population/folkmangd_kommun_2025-12-31.csv", ",50495\n", ",60495\n"),
        ("population/folkmangd_kommun_2025-12-31.csv", ",60495\n", ",50495\n"),
        ("population/lan.csv", "\n", "\n\n"),
        ("sources/index.yaml", "\n", "\n# x\n"),
        ("decisions/S2026-00953.yaml", "diarienummer: S2026/00953", "diarienummer: S2026/0095"),
        ("decisions/S2026-00953.yaml", "diarienummer: S2026/0095\n", "diarienummer: S2026/00953\n"),
    ]
)
COMMANDS = st.sampled_from(
    [
        ["allocate", "S2026/00953", "-f", "csv"],
        ["allocate", "S2026/00953", "-f", "json", "--lang", "sv"],
        ["allocate", "S2026/00953", "--format", "markdown"],
        ["allocate", "S2026/00953", "-f", "csv", "--excel"],
        ["check", "-f", "json"],
        ["check", "-f", "github"],
        ["check", "S2026/00953", "-f", "csv", "--lang", "sv"],
    ]
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(st.tuples(st.lists(EDITS, max_size=2), COMMANDS), min_size=1, max_size=5))
def test_random_edits_and_runs_always_answer_as_a_fresh_run(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    steps: list[tuple[list[tuple[str, str, str]], list[str]]],
) -> None:
    """Property: whatever edits come between runs, each run's answer (cached or not) equals
    ``--no-cache``'s, byte for byte and exit code."""
    root = tmp_path_factory.mktemp("set")
    for name in ("decisions", "population", "sources"):
        shutil.copytree(REPO / name, root / name)
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(root / "cache"))
    args = DataCopy(root / "decisions", root / "population").args()
    for edits, command in steps:
        for name, old, new in edits:
            path = root / name
            path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        answered = run(*command, *args)
        assert same(answered, fresh(*command, *args)), (edits, command)


def test_every_decision_that_shares_a_dataset_depends_on_it(cache: Path, data: DataCopy) -> None:
    """A dataset is read once for every decision of a check; each decision's cached report
    still rests on its files (a second decision using it is checked again after an edit)."""
    copy = data.decision_text().replace("S2026/00953", "S2026/00954")
    data.write_decision(copy, "S2026-00954")  # fails one check: its diarienummer is unquoted
    before = run("check", "-f", "csv", *data.args()).stdout.splitlines()
    figures = data.population / "folkmangd_kommun_2025-12-31.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace(",50495\n", ",60495\n"), encoding="utf-8"
    )
    answered = run("check", "-f", "csv", *data.args())
    assert same(answered, fresh("check", "-f", "csv", *data.args()))
    rows = {line.split(",")[0]: line for line in answered.stdout.splitlines()}
    earlier = {line.split(",")[0]: line for line in before}
    for decision in ("S2026-00953", "S2026-00954"):  # both now off the published table
        assert rows[decision] != earlier[decision]
        assert ",FAIL," in rows[decision]


def test_a_geography_file_added_to_the_folder_is_read_instead_of_the_built_in(
    cache: Path, tmp_path: Path
) -> None:
    """A population folder without lan.csv uses the built-in one; a lan.csv of its own added
    later (here with another region name) is what the next run reads."""
    own, args = _set_without_population(tmp_path)
    command = ["allocate", "S2026/00953", "-f", "csv", *args]
    before = run(*command)
    assert "Region Stockholm" in before.stdout
    text = (REPO / "population" / "lan.csv").read_text(encoding="utf-8")
    (own / "population" / "lan.csv").write_text(
        text.replace("Region Stockholm", "Region Stockholms län"), encoding="utf-8"
    )
    after = run(*command)
    assert same(after, fresh(*command))
    assert "Region Stockholms län" in after.stdout
