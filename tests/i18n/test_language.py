"""One language per run: Swedish by default, English with ``--lang en`` or ``$STATSBIDRAG_LANG``.

The catalog is complete (every message the code and the help screens have is translated, and
the compiled ``.mo`` is the ``.po``); a Swedish run shows no English words and an English run
no Swedish ones (beyond the data, which is shown as written); numbers follow the language in
tables and sentences; and machine output (CSV columns, JSON keys, numbers in both) is the same
whatever the language.
"""

from __future__ import annotations

import csv
import io
import json
import re
import string
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.catalog import Catalog
from helpers import REPO, run
from test_golden import CASES

sys.path.insert(0, str(REPO / "tools"))
import catalog

from statsbidrag_cli.cli import COMMAND_MODULES
from statsbidrag_cli.i18n import use_language


def _ids(messages: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in messages if m.id}


# The catalog ---------------------------------------------------------------------------------


def test_every_message_is_in_the_catalog_and_translated() -> None:
    """Fails on a message the code has but the catalog lacks (run ``make translations``), on
    one left untranslated or fuzzy, and on a translation the code no longer uses."""
    extracted, swedish = catalog.extract(), catalog.read_catalog("sv")
    assert sorted(_ids(extracted) - _ids(swedish)) == [], "run `make translations`"
    assert sorted(_ids(swedish) - _ids(extracted)) == [], "run `make translations`"
    assert catalog.untranslated(swedish) == []


def _marked_in_code() -> set[str]:
    """Every literal the package passes to ``_``, ``N_`` or ``ngettext``, read from the syntax
    tree: also those Babel's extractor cannot see (inside an f-string's braces, say)."""
    import ast

    found = set()
    for path in (REPO / "src" / "statsbidrag_cli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_", "ngettext")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_marked_message_is_extracted() -> None:
    assert sorted(_marked_in_code() - _ids(catalog.extract())) == []


def test_the_untranslated_check_catches_an_empty_or_fuzzy_translation() -> None:
    messages = Catalog(locale="sv")
    messages.add("Total", "Summa")
    messages.add("Amount", "")
    messages.add("Code", "Kod", flags=["fuzzy"])
    messages.add(("{count} row", "{count} rows"), ("{count} rad", ""))
    assert catalog.untranslated(messages) == ["Amount", "Code", "{count} row"]


def test_the_compiled_catalog_is_the_po_file() -> None:
    mo = catalog.po_path("sv").with_suffix(".mo")
    assert mo.read_bytes() == catalog.compiled(catalog.read_catalog("sv")), "make translations"


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_translations_use_only_the_placeholders_of_their_message() -> None:
    """A translation naming a field its message does not pass would raise at run time."""
    wrong = []
    for message in catalog.read_catalog("sv"):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        translated = message.string or ()
        strings = [translated] if isinstance(translated, str) else [str(t) for t in translated]
        allowed = set().union(*(_fields(i) for i in ids))
        wrong += [text for text in strings if not _fields(text) <= allowed]
    assert wrong == []


# What a person reads -------------------------------------------------------------------------

ENGLISH = {
    "the", "of", "and", "is", "are", "to", "with", "from", "not", "must", "should", "this",
    "Total", "Amount", "Amounts", "Published", "computed", "unknown", "Error", "Warning", "Note",
    "passed", "failed", "Options", "Commands", "Arguments", "Usage", "Show", "deadlines",
    "decided", "Code", "Population", "Sources", "Notes", "yes", "none",
}  # fmt: skip
"""Words that are English and never Swedish: none may show in a Swedish run."""

SWEDISH = {
    "och", "inte", "eller", "ska", "Summa", "Belopp", "Kod", "Fel", "Befolkning", "okänt",
    "Källor", "Noter", "ja", "nej", "Vardag", "Flaggor",
}  # fmt: skip
"""Swedish words that no English run shows (outside the data). Domain words such as
beslutsdatum, samverkansregion or anslagspost are English too here, as in DOMAIN.md."""


def _data_texts() -> list[str]:
    """Every text of the built-in data (titles, labels, quotes, names, notes), longest first:
    shown as written in either language, so taken out before words are counted."""
    texts: set[str] = set()

    def walk(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
            yield " ".join(value.split())
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    for folder in ("decisions", "population", "programmes", "sources"):
        for path in (REPO / folder).glob("*.yaml"):
            texts.update(walk(yaml.safe_load(path.read_text(encoding="utf-8"))))
    for path in (REPO / "population").glob("*.csv"):
        texts.update(cell for row in csv.reader(path.open(encoding="utf-8")) for cell in row)
    return sorted((text for text in texts if len(text) > 2), key=len, reverse=True)


def _words(text: str, data: list[str]) -> set[str]:
    """The words a run shows of its own: data, options (``--by``), paths, identifiers with
    underscores and quoted values left out."""
    flat = " ".join(text.split())
    for item in data:
        flat = flat.replace(item, " ")
    flat = re.sub(r"--?[\w-]+|\S*[/\\.]\S*|'[^']*'", " ", flat)
    words = set(re.findall(r"[^\W\d][\w'-]*", flat))
    return {word for word in words if "_" not in word and word not in COMMAND_NAMES}


COMMAND_NAMES = {*COMMAND_MODULES, "import", "fetch", "list", "show", "allocate"}
"""Command names (``deadlines``) are the same in every language."""


def _human_cases() -> list[str]:
    """The golden command lines whose output is for people (tables, messages, help)."""
    machine = ("csv", "json", "--excel", "schema")
    return sorted(
        name
        for name, args in CASES.items()
        if "--lang" not in " ".join(args) and not any(m in " ".join(args) for m in machine)
    )


@pytest.fixture(scope="module")
def data_texts() -> list[str]:
    return _data_texts()


@pytest.mark.usefixtures("swedish")
@pytest.mark.parametrize("name", _human_cases())
def test_a_swedish_run_shows_no_english(
    name: str, data_texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", "1000")  # no text of the data wraps, so all of it is found
    result = run(*CASES[name])
    assert sorted(_words(result.stdout + result.stderr, data_texts) & ENGLISH) == []


@pytest.mark.parametrize("name", _human_cases())
def test_an_english_run_shows_no_swedish(
    name: str, data_texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", "1000")
    result = run(*CASES[name], "--lang", "en")
    assert sorted(_words(result.stdout + result.stderr, data_texts) & SWEDISH) == []


@pytest.mark.usefixtures("swedish")
def test_swedish_is_the_default() -> None:
    shown = run("allocate", "S2026/00953").stdout
    assert "Belopp i kronor." in shown and "Summa" in shown and "Lika del" in shown
    assert "2 547 105" in shown  # thousands grouped with spaces


@pytest.mark.usefixtures("swedish")
@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "en", "allocate", "S2026/00953"],
        ["allocate", "S2026/00953", "--lang", "en"],
        ["allocate", "--lang=en", "S2026/00953"],
        ["allocate", "S2026/00953", "--lang", "EN"],
    ],
    ids=["before", "after", "equals", "capitals"],
)
def test_lang_en_wherever_it_stands(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert "Amounts in kronor." in result.stdout and "2,547,105" in result.stdout


@pytest.mark.parametrize(("value", "shown"), [("en", "Amounts"), ("sv_SE.UTF-8", "Belopp")])
def test_the_environment_chooses_the_language(
    value: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATSBIDRAG_LANG", value)
    assert shown in run("allocate", "S2026/00953").stdout


def test_lang_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATSBIDRAG_LANG", "en")
    assert "Belopp i kronor." in run("allocate", "S2026/00953", "--lang", "sv").stdout


def test_an_unknown_language_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("--lang", "fr", "list")
    assert result.exit_code == 2 and "'fr' is not one of 'sv', 'en'" in result.stderr
    monkeypatch.setenv("STATSBIDRAG_LANG", "de")
    result = run("list")
    assert result.exit_code == 2
    assert result.stderr == "Fel: $STATSBIDRAG_LANG är 'de'; språken är sv, en.\n"
    assert run("list", "--lang", "en").exit_code == 0  # --lang overrides a bad variable


@pytest.mark.usefixtures("swedish")
def test_messages_and_help_are_in_the_run_language() -> None:
    assert run("allocate", "S2099/00001").stderr.startswith("Fel: inget beslut 'S2099/00001'")
    english = run("allocate", "S2099/00001", "--lang", "en").stderr
    assert english.startswith("Error: no decision 'S2099/00001' in the built-in decisions")
    swedish_help = run("--help").stdout
    assert "Användning:" in swedish_help and "Flaggor" in swedish_help
    assert "Visa vem som får vad enligt ett beslut" in swedish_help
    english_help = run("allocate", "--help", "--lang", "en").stdout
    assert "Usage:" in english_help and "Show who gets what under a decision" in english_help


@pytest.mark.usefixtures("swedish")
def test_decimals_follow_the_language_in_tables_but_not_in_csv() -> None:
    words = ("compare", "exempel-femarigt-program")
    stockholm = [line for line in run(*words).stdout.splitlines() if line.startswith(" 01 ")]
    assert " 7,80 " in stockholm[0]
    stockholm = [
        line for line in run(*words, "--lang", "en").stdout.splitlines() if line.startswith(" 01 ")
    ]
    assert " 7.80 " in stockholm[0] and "19,386,740" in stockholm[0]
    rows = list(csv.DictReader(io.StringIO(run(*words, "-f", "csv").stdout)))
    assert rows[0]["bas_och_befolkning_per_inhabitant"] == "7.80"
    excel = run(*words, "--excel").stdout.lstrip("\ufeff")
    assert ";7,80;" in excel.splitlines()[1]  # Swedish Excel reads it as a number


# Machine output ------------------------------------------------------------------------------

MACHINE = [
    ["allocate", "S2026/00953", "-f", "csv"],
    ["allocate", "S2026/00953", "-f", "json"],
    ["allocate", "S2026/00953", "--explain", "-f", "csv"],
    ["audit", "S2026/00953", "-f", "csv"],
    ["audit", "S2026/00953", "-f", "json"],
    ["check", "-f", "csv"],
    ["check", "-f", "json"],
    ["list", "-f", "csv"],
    ["list", "-f", "json"],
    ["ledger", "-f", "json"],
    ["deadlines", "-f", "csv"],
    ["split", "28000000", "--by", "samverkansregioner", "-f", "json"],
    ["repay", "S2026/00953", "--used", "tests/golden/inputs/used.csv", "-f", "json"],
    ["population", "list", "-f", "csv"],
    ["compare", "exempel-femarigt-program", "-f", "json"],
]


def _shape(value: Any) -> Any:
    """A JSON document's keys and numbers, with its texts (which follow the language) blanked."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return "<text>" if isinstance(value, str) else value


@pytest.mark.parametrize("args", MACHINE, ids=" ".join)
def test_csv_and_json_keep_their_keys_and_numbers_in_every_language(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    english = run(*args, "--lang", "en").stdout
    swedish = run(*args, "--lang", "sv").stdout
    if "csv" in args:
        en_rows = list(csv.reader(io.StringIO(english)))
        sv_rows = list(csv.reader(io.StringIO(swedish)))
        assert en_rows[0] == sv_rows[0]  # the header: the machine keys
        numbers = re.compile(r"-?\d+(\.\d+)?")
        for en_row, sv_row in zip(en_rows[1:], sv_rows[1:], strict=True):
            for en_cell, sv_cell in zip(en_row, sv_row, strict=True):
                if numbers.fullmatch(en_cell) or numbers.fullmatch(sv_cell) or not en_cell:
                    assert en_cell == sv_cell
    else:
        assert _shape(json.loads(english)) == _shape(json.loads(swedish))


@pytest.mark.usefixtures("swedish")
def test_workbook_headings_and_sheets_are_in_the_run_language(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    for language, headings, sheets in (
        ("sv", ["Kod", "Region", "Lika del"], ["Data", "Källor", "Noter"]),
        ("en", ["Code", "Region", "Equal part"], ["Data", "Sources", "Notes"]),
    ):
        target = tmp_path / f"{language}.xlsx"
        assert run("allocate", "S2026/00953", "--lang", language, "-o", str(target)).exit_code == 0
        book = load_workbook(target, read_only=True)
        first = next(book["Data"].iter_rows(min_row=2, max_row=2, values_only=True))
        assert list(first[:3]) == headings
        assert book.sheetnames == sheets


@pytest.mark.usefixtures("swedish")
def test_calendar_events_are_in_the_run_language(tmp_path: Path) -> None:
    target = tmp_path / "frister.ics"
    assert run("deadlines", "--ics", str(target)).exit_code == 0
    text = target.read_bytes().replace(b"\r\n ", b"").decode("utf-8")
    assert "X-WR-CALNAME:statsbidrag: tidpunkter\r\n" in text
    assert "PRODID:-//statsbidrag//deadlines//SV\r\n" in text
    assert "SUMMARY;LANGUAGE=sv:S2026/00953: användningsperioden slutar\r\n" in text
    assert "DESCRIPTION;LANGUAGE=sv:Vem ska agera: Mottagarna (regionerna)" in text


def test_lang_offers_exactly_the_languages_there_are() -> None:
    from statsbidrag_cli.cli.language import Language
    from statsbidrag_cli.i18n import LANGUAGES

    assert [language.value for language in Language] == list(LANGUAGES)
    assert catalog.LANGUAGES == ("sv",)


def test_library_calls_follow_use_language() -> None:
    """The language is process state for library users too, not only for the CLI."""
    from statsbidrag_cli.i18n import kr, language

    use_language("sv")
    assert (language(), kr(1234567)) == ("sv", "1 234 567")
    use_language("en")
    assert (language(), kr(1234567)) == ("en", "1,234,567")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        use_language("de")


USAGE_ERRORS = [
    (["allocate"], "Argumentet BESLUT saknas.", "Missing argument DECISION."),
    (
        ["allocate", "X", "--foo"],
        "Okänd flagga: --foo (möjliga flaggor: --force, --format)",
        "No such option: --foo (possible options: --force, --format)",
    ),
    (
        ["alocate"],
        "Okänt kommando 'alocate'. Menade du 'allocate', 'validate'?",
        "No such command 'alocate'. Did you mean 'allocate', 'validate'?",
    ),
    (["allocate", "X", "Y"], "Oväntade extra argument (Y)", "Got unexpected extra argument(s) (Y)"),
    (
        ["allocate", "X", "--format"],
        "Flaggan '--format' kräver ett värde.",
        "Option '--format' requires a value.",
    ),
    (
        ["list", "--format", "pdf"],
        "Ogiltigt värde för '--format' / '-f': 'pdf' är inte en av 'table', 'csv', 'json', 'xlsx', 'markdown', 'html'.",
        "Invalid value for '--format' / '-f': 'pdf' is not one of 'table', 'csv', 'json', 'xlsx', 'markdown', 'html'.",
    ),
    (
        ["deadlines", "--remind", "x"],
        "Ogiltigt värde för '--remind': ange ett heltal.",
        "Invalid value for '--remind': give a whole number.",
    ),
]


@pytest.mark.usefixtures("swedish")
@pytest.mark.parametrize(("args", "in_swedish", "english"), USAGE_ERRORS, ids=lambda a: str(a))
def test_a_malformed_command_line_is_answered_in_the_run_language(
    args: list[str], in_swedish: str, english: str
) -> None:
    """Click writes these in English; they are shown, like everything else, in one language."""
    shown = run(*args)
    assert shown.exit_code == 2
    assert in_swedish in " ".join(shown.stderr.replace("│", " ").split())
    assert "Fel" in shown.stderr and "Error" not in shown.stderr
    english_run = run(*args, "--lang", "en")
    assert english_run.exit_code == 2
    assert english in " ".join(english_run.stderr.replace("│", " ").split())
