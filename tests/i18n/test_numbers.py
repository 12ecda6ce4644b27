"""The one number formatter: grouped kronor, signed differences, exact and rounded decimals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from statsbidrag_cli.i18n import decimal_for_people, kr, rounded_decimal, signed, use_language


@pytest.mark.usefixtures("swedish")
@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (999, "999"), (1000, "1 000"), (63_000_000, "63 000 000"), (-1234, "-1 234")],
)
def test_kronor_are_grouped_by_thousands_with_spaces(value: int, text: str) -> None:
    assert kr(value) == text


@pytest.mark.parametrize(
    ("value", "text"), [(1000, "1,000"), (63_000_000, "63,000,000"), (-1234, "-1,234")]
)
def test_english_groups_thousands_with_commas(value: int, text: str) -> None:
    assert kr(value) == text


@pytest.mark.usefixtures("swedish")
@pytest.mark.parametrize(
    ("value", "text"), [(13, "+13"), (0, "+0"), (-30, "-30"), (-1234, "-1 234")]
)
def test_differences_always_carry_their_sign(value: int, text: str) -> None:
    assert signed(value) == text


@pytest.mark.parametrize("language", ["sv", "en"])
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_grouped_text_reads_back_as_the_same_integer(language: str, value: int) -> None:
    use_language(language)
    separator = " " if language == "sv" else ","
    assert int(kr(value).replace(separator, "")) == value
    assert int(signed(value).replace(separator, "")) == value


@pytest.mark.parametrize(
    ("language", "machine", "shown"),
    [
        ("sv", "7.80", "7,80"),
        ("sv", "-6.6666…", "-6,6666…"),
        ("en", "7.80", "7.80"),
        ("sv", "1.2.3", "1.2.3"),  # not a decimal: left as it is
        ("sv", "1:6", "1:6"),
    ],
)
def test_decimals_for_people_take_the_languages_decimal_sign(
    language: str, machine: str, shown: str
) -> None:
    use_language(language)
    assert decimal_for_people(machine) == shown


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [(1, 8, "0.13"), (1, 3, "0.33"), (2, 3, "0.67"), (5, 1, "5.00"), (1, 200, "0.01")],
)
def test_rounded_decimal_rounds_half_up(numerator: int, denominator: int, text: str) -> None:
    assert rounded_decimal(numerator, denominator) == text
