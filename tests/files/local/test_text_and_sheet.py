"""The one CSV delimiter sniffer and the one fallback to a legacy encoding, shared by every
reader of spreadsheets and PxWeb exports."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from statsbidrag_cli.files.local.sheet import csv_delimiter
from statsbidrag_cli.files.local.text import legacy_text

CELL = st.text(
    st.characters(blacklist_characters=';\t,"\r\n', blacklist_categories=["Cs"]), max_size=8
)


@given(
    delimiter=st.sampled_from([";", "\t", ","]),
    rows=st.lists(st.lists(CELL, min_size=2, max_size=5), min_size=1, max_size=6),
)
def test_a_table_written_with_any_separator_is_read_with_it(
    delimiter: str, rows: list[list[str]]
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    text = buffer.getvalue()
    if any(row and any(cell.strip() for cell in row) for row in rows):
        assert csv_delimiter(text) == delimiter


def test_a_comma_inside_a_semicolon_table_is_text() -> None:
    assert csv_delimiter("Län;Belopp, kr\n01 Stockholms län;1 000,50\n") == ";"
    assert csv_delimiter('"region","2024"\n"0114 Upplands Väsby","50495"\n') == ","


@given(st.text(max_size=50))
def test_utf8_and_windows_1252_read_back_as_written(text: str) -> None:
    assert legacy_text(text.encode("utf-8")) == (text, "utf-8")
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        return
    found = legacy_text(raw)
    if "\x00" in text:
        assert found is None or found[1] == "utf-8"
    else:  # Windows-1252 bytes that happen to be UTF-8 too are read as UTF-8
        assert found is not None and (found[0] == text or found[1] == "utf-8")


def test_bytes_with_nul_that_are_not_utf8_are_no_text() -> None:
    assert legacy_text("åäö".encode("utf-16-le")) is None
