"""A corpus of bad files (tests/bad/), each refused by `statsbidrag validate` with the right
message, exit code 2 and no traceback; and generated documents fed through the loader."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import pytest
import yaml
from helpers import DECISIONS, DataCopy, paths_in, replaced, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statsbidrag_cli.errors import StatsbidragError
from statsbidrag_cli.files.local.validation import validate_document
from statsbidrag_cli.files.local.yamlfile import parse_yaml
from statsbidrag_cli.models.decision import Decision

BAD = Path(__file__).parents[2] / "bad"

EXPECTED = {
    "alias.yaml": "anchors and aliases (&, *) are not allowed",
    "billion_laughs.yaml": "anchors and aliases (&, *) are not allowed",
    "broken_syntax.yaml": "broken_syntax.yaml:2:1: not valid YAML",
    "date_with_time.yaml": "write dates as YYYY-MM-DD, without a time",
    "deep_nesting.yaml": "nesting deeper than 40 levels",
    "duplicate_key.yaml": (
        "duplicate_key.yaml:2:1: duplicate key 'diarienummer' (first given on line 1)"
    ),
    "empty.yaml": "empty.yaml: the file is empty",
    "impossible_date.yaml": "'2026-02-30' is not a real date",
    "latin1.yaml": "not valid UTF-8 (it looks like Latin-1/Windows-1252",
    "octal_code.yaml": "'0114' is read as a number in YAML 1.1 (e.g. 0114 is octal 76); quote it",
    "python_tag.yaml": "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    "yes_boolean.yaml": "'yes' is read as a boolean in YAML 1.1",
    "population_bad_rows.csv": "3 bad rows",
    "population_wrong_header.csv": "header must be kommunkod,kommun,lanskod,folkmangd",
    "population_latin1.csv": "population_latin1.csv:2: not valid UTF-8 (it looks like Latin-1",
    "population_code_as_number.csv": "kommunkod '114' is not a four-digit code",
}


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_refused_with_a_clear_message(name: str) -> None:
    result = run("validate", str(BAD / name))
    assert result.exit_code == 2
    assert result.stdout.startswith(f"INVALID {BAD / name}")
    assert EXPECTED[name] in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


# Decision files made from the shipped one with one fault each: (old text, new text, message).
DERIVED = {
    "float_amount": ("total: 63000000", "total: 63000000.0", "total: write a plain whole number"),
    "amount_as_text": ("total: 63000000", 'total: "63 000 000"', "total: write a plain whole number"),
    "exponent_amount": ("total: 63000000", "total: 63e6", "total: write a plain whole number"),
    "negative_amount": ("amount: 35000000", "amount: -35000000", "components.0.amount: must be greater than 0, not"),
    "zero_amount": ("amount: 35000000", "amount: 0", "components.0.amount: must be greater than 0, not"),
    "unknown_key": ("agency: Socialstyrelsen", "agency: Socialstyrelsen\nagnecy: typo", "agnecy: unknown field (did you mean 'agency'?)"),
    "unknown_region": ('recipients: ["01", "03"', 'recipients: ["99", "03"', "unknown county code '99'"),
    "does_not_add_up": ("amount: 28000000", "amount: 27000000", "components sum to the decision total: 62,000,000 is 1,000,000 kr short"),
    "code_as_number": ('recipients: ["01", "03"', 'recipients: [1, "03"', 'components.0.recipients.0: codes are quoted text: write "01"'),
    "missing_payee": ('      umea: "24"\n', "", "no payee for 'umea'"),
    "null_diarienummer_without_note": ("diarienummer: S2026/00953", "diarienummer: null", "diarienummer is null: say why in diarienummer_note"),
    "deadline_order": ("date: 2026-08-03", "date: 2027-08-03", "rekvisition closes (last day) (2027-08-03) comes after use period ends (2026-12-31)"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(DERIVED))
def test_faulty_decision_is_refused(name: str, tmp_path: Path) -> None:
    old, new, message = DERIVED[name]
    text = (DECISIONS / "S2026-00953.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stdout.startswith(f"INVALID {path}")
    assert message in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_population_rows_are_all_reported() -> None:
    result = run("validate", str(BAD / "population_bad_rows.csv"))
    path = BAD / "population_bad_rows.csv"
    assert f"{path}:2: folkmangd '-5' for 0114 is not a whole number of persons" in result.stdout
    assert f"{path}:4: kommun 0115 is listed twice" in result.stdout
    assert f"{path}:5: lanskod '02' does not match kommunkod 0116" in result.stdout


def test_validate_reports_good_and_bad_files_together() -> None:
    good = DECISIONS / "S2026-00953.yaml"
    result = run("validate", str(good), str(BAD / "alias.yaml"))
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == f"OK {good} (decision)"
    assert result.stdout.splitlines()[1] == f"INVALID {BAD / 'alias.yaml'} (YAML file)"


def test_validate_ok() -> None:
    result = run("validate", str(DECISIONS / "S2026-00953.yaml"))
    assert result.exit_code == 0
    assert result.stdout == f"OK {DECISIONS / 'S2026-00953.yaml'} (decision)\n"


REAL = yaml.safe_load((DECISIONS / "S2026-00953.yaml").read_text(encoding="utf-8"))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["01", "0114", "yes", "no", "1e6", "35 000 000", "2026-02-30", "~"]),
)


ALL_PATHS = [path for path in paths_in(REAL) if path]


def load(text: str) -> Decision:
    return validate_document(parse_yaml(text, Path("generated.yaml")), Decision, "decision file")


def test_the_real_document_round_trips() -> None:
    assert load(yaml.safe_dump(REAL, allow_unicode=True)).total == 63_000_000


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(ALL_PATHS), value=scalars, style=st.sampled_from([None, '"']))
def test_mutated_documents_load_or_raise_our_error(
    path: tuple[object, ...], value: object, style: str | None
) -> None:
    text = yaml.safe_dump(replaced(REAL, path, value), allow_unicode=True, default_style=style)
    with suppress(StatsbidragError):  # anything else escaping is a bug
        load(text)


@settings(max_examples=150)
@given(text=st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!'\"\n #01yes.,|>?%@`")), max_size=60))
def test_arbitrary_text_loads_or_raises_our_error(text: str) -> None:
    with suppress(StatsbidragError):  # anything else escaping is a bug
        load(text)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"1315", ', "", "kommun 1315 Hylte: in no samverkansregion"),
        ('kommuner: ["1382"', 'kommuner: ["1380", "1382"', "kommun 1380 Halmstad: in several"),
        ('"1384"]', '"1384", "1399"]', "goteborg: kommun code(s) 1399 not in kommuner.csv"),
    ],
    ids=["leaves-one-out", "counts-one-twice", "unknown-kommun"],
)
def test_bad_samverkansregion_definition(data: DataCopy, old: str, new: str, message: str) -> None:
    path = data.population / "samverkansregioner.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = run("allocate", "S2026/00953", *data.args())
    assert result.exit_code == 2
    assert message in result.stderr


def test_very_large_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("# padding\n" * 300_000, encoding="utf-8")
    result = run("validate", str(big))
    assert result.exit_code == 2
    assert "more than the 2000000 allowed" in result.stdout
