"""The format registry: every choice, suffix and help text comes from one list."""

from __future__ import annotations

from report_fixtures import grant_report

from statsbidrag_cli.render.registry import (
    CHECK_FORMATS,
    DATA_FORMATS,
    RenderOptions,
)


def test_the_data_commands_offer_the_data_formats_table_first() -> None:
    assert DATA_FORMATS.names == ["table", "csv", "json", "xlsx", "markdown", "html"]
    assert DATA_FORMATS.default.name == "table"


def test_check_offers_the_data_formats_and_two_for_ci() -> None:
    assert CHECK_FORMATS.names == [
        "table", "csv", "json", "xlsx", "markdown", "html", "github", "junit"
    ]  # fmt: skip
    assert CHECK_FORMATS.get("csv") is DATA_FORMATS.get("csv")
    assert CHECK_FORMATS.default is not DATA_FORMATS.default  # check's table is its lines


def test_a_file_suffix_chooses_its_format_whatever_its_case() -> None:
    assert DATA_FORMATS.of_suffix(".CSV") is DATA_FORMATS.get("csv")
    assert DATA_FORMATS.of_suffix(".xlsx") is DATA_FORMATS.get("xlsx")
    assert DATA_FORMATS.of_suffix(".xml") is None
    assert CHECK_FORMATS.of_suffix(".xml") is CHECK_FORMATS.get("junit")
    assert DATA_FORMATS.of_suffix(".txt") is None


def test_every_format_renders_bytes_and_only_xlsx_needs_a_file() -> None:
    for item in DATA_FORMATS:
        data = item.renderer().render(grant_report(), RenderOptions())
        assert isinstance(data, bytes) and data, item.name
        assert item.needs_file == (item.name == "xlsx")
        assert item.help and not item.help.endswith(".")
