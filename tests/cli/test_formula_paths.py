"""Every formula and what-if path answers or refuses clearly, never with a traceback: a
hypothesis drive of ``allocate``, ``--set``, ``--population`` and ``compare --variant`` over
generated decisions (zero counts, floors, caps, null funding, huge totals)."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import DECISIONS, POPULATION, SOURCES, DataCopy, Result, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COUNTIES = ["01", "03", "12", "14"]
MAX_WHOLE = 999_999_999_999_999


def decision_text(
    amount: int, floor: int, cap: int | None, funding: bool, kind: str, rate: int
) -> str:
    funding_text = (
        'funding:\n  - {utgiftsomrade: 9, utgiftsomrade_name: x, anslag: "1:6", anslag_name: x,'
        f" anslagspost: 7, anslagspost_name: x, budget_year: 2099, amount: {amount},"
        ' source: [{document: t.txt, quotes: ["x"]}]}\n'
        if funding
        else "funding: null\nfunding_note: not stated\n"
    )
    if kind == "rate":
        part = (
            f"  - {{kind: rate, id: part, label: Per person, amount: {amount}, rate: {rate},"
            ' units: regions, codes: ["01", "03", "12", "14"], population: nyckel,'
            ' purpose: x, source: [{document: t.txt, quotes: ["x"]}]}\n'
        )
    else:
        limits = f", floor: {floor}" + (f", cap: {cap}" if cap is not None else "")
        part = (
            f"  - {{kind: population, id: part, label: By key, amount: {amount}, units: regions,"
            f' codes: ["01", "03", "12", "14"], population: nyckel{limits},'
            ' purpose: x, source: [{document: t.txt, quotes: ["x"]}]}\n'
        )
    return (
        "diarienummer: S2099/00001\ntitle: Generated\nbeslutsdatum: 2099-01-01\n"
        "ministry: Socialdepartementet\nagency: Socialstyrelsen\nbudget_year: 2099\n"
        f'total: {amount}\nsource: [{{document: t.txt, quotes: ["x"]}}]\n'
        + funding_text
        + "components:\n"
        + part
        + "dates:\n  deadlines: [{kind: report_due, date: 2099-12-31, actor: x}]\n"
        '  source: [{document: t.txt, quotes: ["x"]}]\n'
    )


def no_traceback(result: Result, command: list[str]) -> None:
    assert result.exit_code in (0, 1, 2), (command, result)
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:  # a message, on stderr (or in check's own report of errors)
        said = result.stderr.startswith("Error: ") or '"status": "ERROR"' in result.stdout
        assert said, (command, result.stderr)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    counts=st.lists(st.one_of(st.just(0), st.integers(0, 1_000_000)), min_size=4, max_size=4),
    amount=st.one_of(st.integers(1, 10_000_000), st.integers(MAX_WHOLE - 10, MAX_WHOLE)),
    floor_share=st.one_of(st.just(0), st.fractions(0, 1)),
    cap_share=st.one_of(st.none(), st.fractions(1, 4)),
    funding=st.booleans(),
    kind=st.sampled_from(["population", "rate"]),
    rate=st.integers(1, 10_000),
    setting=st.one_of(st.integers(1, 10_000_000), st.integers(MAX_WHOLE - 10, MAX_WHOLE)),
    other=st.sampled_from(["nyckel", "annan", "../population/nyckel", "saknas"]),
)
def test_generated_decisions_never_give_a_traceback(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    counts: list[int],
    amount: int,
    floor_share: Fraction,
    cap_share: Fraction | None,
    funding: bool,
    kind: str,
    rate: int,
    setting: int,
    other: str,
) -> None:
    floor = int(amount * floor_share / 4)  # within the money, or none
    cap = None if cap_share is None else max(1, int(amount * cap_share / 4) + 1)
    root = tmp_path_factory.mktemp("set")
    (root / "decisions").mkdir()
    shutil.copytree(POPULATION, root / "population")
    (root / "sources").mkdir()
    (root / "sources" / "t.txt").write_text("x\n", encoding="utf-8")
    for name, figures in (("nyckel", counts), ("annan", list(reversed(counts)))):
        rows = "".join(
            f"{code},Län {code},{count}\n" for code, count in zip(COUNTIES, figures, strict=True)
        )
        (root / "population" / f"{name}.csv").write_text(
            "kod,namn,folkmangd\n" + rows, encoding="utf-8"
        )
        (root / "population" / f"{name}.yaml").write_text(
            f"name: {name}\ntitle: t\nlevel: county\npartial: true\nreference_date: 2099-01-01\nsource: test\n",
            encoding="utf-8",
        )
    text = decision_text(amount, floor, cap, funding, kind, rate)
    (root / "decisions" / "S2099-00001.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(root / "cache"))
    args = DataCopy(root / "decisions", root / "population").args()
    commands = [
        ["allocate", "S2099/00001", "-f", "csv", "--explain"],
        ["allocate", "S2099/00001", "--set", f"part={setting}"],
        ["allocate", "S2099/00001", "--population", other],
        ["check", "-f", "json"],
        ["audit", "S2099/00001"],
    ]
    for command in commands:
        no_traceback(run(*command, *args), command)
    variant = ["compare", "S2099/00001", "--variant", f"part={setting}", "--variant", ""]
    no_traceback(run(*variant, "--decisions-dir", args[1], "--population-dir", args[3]), variant)


def test_a_what_if_on_a_decision_without_funding(tmp_path: Path) -> None:
    """All five examples state no anslag (``funding: null``): a what-if changes the part and
    the total, and charges nothing."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    args = [
        "--decisions-dir", str(examples / "decisions"),
        "--population-dir", str(examples / "population"),
    ]  # fmt: skip
    result = run("allocate", "fi-2017-asyl", "--set", "kommuner=1000000", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    assert "decision_total" in result.stdout


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--set", "population=999999999999999"], "more than the largest amount"),
        (["--population", "../population/folkmangd_kommun_2025-12-31"], "not a valid population dataset name"),
    ],
)  # fmt: skip
def test_a_what_if_out_of_bounds_is_refused_by_name(words: list[str], message: str) -> None:
    args = ["--decisions-dir", str(DECISIONS), "--population-dir", str(POPULATION)]
    result = run("allocate", "S2026/00953", *words, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert SOURCES.is_dir()


def test_an_empty_variant_is_no_what_if() -> None:
    result = run("compare", "S2026/00953", "--variant", "population=30000000", "--variant", "")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --variant '' changes nothing")


@pytest.mark.parametrize("kind", ["population", "rate"])
def test_a_kommun_split_on_a_county_key_names_the_dataset_and_its_level(
    tmp_path: Path, kind: str
) -> None:
    """Was exit 1 with an empty table (rate) or "no recipients" (population)."""
    (tmp_path / "decisions").mkdir()
    text = decision_text(1_000_000, 0, None, False, kind, 1)
    text = text.replace("units: regions,", "units: kommuner,").replace(
        ' codes: ["01", "03", "12", "14"], population: nyckel',
        " population: folkmangd_lan_2024-12-31",
    )
    (tmp_path / "decisions" / "S2099-00001.yaml").write_text(text, encoding="utf-8")
    result = run("allocate", "S2099/00001", "--decisions-dir", str(tmp_path / "decisions"),
                 "--population-dir", str(POPULATION))  # fmt: skip
    assert result.exit_code == 2
    assert "S2099-00001.yaml:" in result.stderr
    assert "counts per kommun, but dataset folkmangd_lan_2024-12-31" in result.stderr
    assert "(level: county)" in result.stderr
