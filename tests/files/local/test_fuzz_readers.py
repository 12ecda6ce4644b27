"""Fuzzing every reader with hypothesis. The property, for each: either a clean
``StatsbidragError`` that names the file, or data equal to what the file says; never another
exception, and never a file written by a command that failed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from helpers import DECISIONS, POPULATION, PXWEB, REPO, paths_in, replaced
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statsbidrag_cli.errors import StatsbidragError
from statsbidrag_cli.files.local.population import load_dataset, load_geography
from statsbidrag_cli.files.local.programme import read_programme
from statsbidrag_cli.files.local.store import load_decision_file
from statsbidrag_cli.files.local.usage import read_usage
from statsbidrag_cli.files.scb.pxweb import parse_export
from statsbidrag_cli.models.numbers import MAX_WHOLE
from statsbidrag_cli.service.population import import_population

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GEOGRAPHY = load_geography(POPULATION)
COUNTY_CODES = sorted(GEOGRAPHY.counties)
KOMMUN_CODES = sorted(GEOGRAPHY.kommuner)

codes = st.one_of(
    st.sampled_from(COUNTY_CODES + KOMMUN_CODES[:30] + ["00", "99", "9999", "1", "0114 ", ""]),
    st.text(alphabet="0123456789", min_size=1, max_size=5),
    st.text(max_size=6),
)
persons = st.one_of(
    st.integers(min_value=0, max_value=10**7).map(str),
    st.sampled_from(["", "-1", "1.5", "1e6", "1 000", "..", "9" * 16, "9" * 5000, "007"]),
    st.text(max_size=5),
)
names = st.one_of(
    st.sampled_from(["Stockholms län", "Upplands Väsby", "a,b", 'x"y', "Stock\u2028holm"]),
    st.text(max_size=10),
)


@contextmanager
def population_folder() -> Iterator[Path]:
    """A fresh copy of the built-in population folder (hypothesis reruns the test body, so a
    function-scoped pytest fixture would be shared between examples)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "population"
        shutil.copytree(POPULATION, copy)
        yield copy


def assert_names_the_file(error: StatsbidragError, path: Path) -> None:
    assert str(path) in str(error) or path.name in str(error), str(error)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@FUZZ
@given(rows=st.lists(st.tuples(codes, names, persons), max_size=8))
def test_population_csv(rows: list[tuple[str, str, str]]) -> None:
    with population_folder() as folder:
        path = folder / "fuzz.csv"
        path.write_text(csv_text(["kod", "namn", "folkmangd"], [list(r) for r in rows]), "utf-8")
        (folder / "fuzz.yaml").write_text(
            "name: fuzz\ntitle: t\nlevel: mixed\nreference_date: 2024-12-31\nsource: s\n", "utf-8"
        )
        try:
            dataset = load_dataset(folder, "fuzz")
        except StatsbidragError as error:
            assert_names_the_file(error, folder / "fuzz")
            return
        given_figures = {code.strip(): int(count) for code, _, count in rows}
        read = {**dataset.counties, **{c: k.persons for c, k in dataset.kommuner.items()}}
        assert read == given_figures
        assert all(0 <= n <= MAX_WHOLE for n in read.values())


descriptions = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["fuzz", "other", "", "fuzz_2024-12-31"]),
        "title": st.one_of(st.just("t"), st.text(max_size=4), st.integers()),
        "level": st.sampled_from(["kommun", "county", "mixed", "lan", "", "yes"]),
        "reference_date": st.one_of(
            st.dates(min_value=dt.date(1900, 1, 1)).map(str),
            st.sampled_from(["2024-02-30", "20241231", "2024-W52-2", "31/12/2024"]),
        ),
        "source": st.one_of(st.just("s"), st.text(max_size=4)),
    }
)


@FUZZ
@given(description=descriptions)
def test_population_description(description: dict[str, object]) -> None:
    with population_folder() as folder:
        shutil.copy(POPULATION / "folkmangd_kommun_2025-12-31.csv", folder / "fuzz.csv")
        lines = "".join(f"{key}: {json.dumps(value)}\n" for key, value in description.items())
        (folder / "fuzz.yaml").write_text(lines.replace('"20', "20", 1), "utf-8")
        try:
            dataset = load_dataset(folder, "fuzz")
        except StatsbidragError as error:
            assert_names_the_file(error, folder / "fuzz")
            return
        assert dataset.info.name == description["name"] == "fuzz"
        assert dataset.info.level == description["level"] == "kommun"


region_lines = st.lists(
    st.tuples(codes, names, persons).map(lambda r: f'"{r[0]} {r[1]}"{{sep}}"{r[2]}"'),
    max_size=8,
)


@FUZZ
@given(
    lines=region_lines,
    sep=st.sampled_from([",", ";", "\t"]),
    title=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_pxweb_csv(lines: list[str], sep: str, title: bool, encoding: str) -> None:
    text = ('"Folkmängd"\n\n' if title else "") + f'"region"{sep}"2024"\n'
    text += "".join(line.replace("{sep}", sep) + "\n" for line in lines)
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        parsed = parse_export(raw, "fuzz.csv")
    except StatsbidragError as error:
        assert "fuzz.csv" in str(error)
        return
    for figure in parsed.figures:
        assert figure.code != "00" and 0 <= figure.persons <= MAX_WHOLE
        assert f"{figure.code} " in text


FIXTURE = json.loads((PXWEB / "json_stat2.json").read_text(encoding="utf-8"))
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=False),
        st.text(max_size=5),
    ),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=10,
)


@FUZZ
@given(path=st.sampled_from([p for p in paths_in(FIXTURE) if p]), value=json_values)
def test_json_stat(path: tuple[object, ...], value: object) -> None:
    document = replaced(FIXTURE, path, value)
    try:
        parsed = parse_export(json.dumps(document).encode("utf-8"), "fuzz.json")
    except StatsbidragError as error:
        assert "fuzz.json" in str(error)
        return
    for figure in parsed.figures:
        assert isinstance(figure.persons, int) and 0 <= figure.persons <= MAX_WHOLE


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list('{}[]":,0123456789abc \n-.e')), max_size=80))
def test_json_like_text(text: str) -> None:
    try:
        parse_export(("{" + text).encode("utf-8"), "fuzz.json")
    except StatsbidragError as error:
        assert "fuzz.json" in str(error)


PAID = {"01": 11_724_687, "03": 5_000_000, "05": 7_871_744}


@FUZZ
@given(
    rows=st.lists(st.tuples(codes, persons, persons), max_size=5),
    sep=st.sampled_from([",", ";"]),
    header=st.sampled_from(["code,used,misused", "code,used", "code,spent", "region,code,used"]),
    bom=st.booleans(),
)
def test_usage_csv(rows: list[tuple[str, str, str]], sep: str, header: str, bom: bool) -> None:
    columns = header.split(",")
    body = [sep.join(f'"{c}"' for c in columns)]
    for code, used, misused in rows:
        cells = {"code": code, "used": used, "misused": misused, "region": "x", "spent": used}
        body.append(sep.join(f'"{cells[c]}"' for c in columns))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "used.csv"
        path.write_text(("\ufeff" if bom else "") + "\r\n".join(body) + "\r\n", "utf-8")
        try:
            usage = read_usage(path, PAID)
        except StatsbidragError as error:
            assert_names_the_file(error, path)
            return
    assert set(usage.usage) == set(PAID)
    for code, reported in usage.usage.items():
        assert 0 <= reported.misused <= reported.used <= PAID[code]


PROGRAMME = yaml.safe_load(
    (REPO / "programmes" / "exempel-femarigt-program.yaml").read_text(encoding="utf-8")
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["01", "yes", "1e6", "2026-02-30", "9" * 5000]),
)


@FUZZ
@given(path=st.sampled_from([p for p in paths_in(PROGRAMME) if p]), value=scalars)
def test_programme_yaml(path: tuple[object, ...], value: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "p.yaml"
        text = yaml.safe_dump(replaced(PROGRAMME, path, value), allow_unicode=True)
        target.write_text(text.replace("'" + "9" * 5000 + "'", "9" * 5000), "utf-8")
        try:
            _, programme = read_programme(Path(folder), "p")
        except StatsbidragError as error:
            assert_names_the_file(error, target)
            return
    assert programme.title


DECISION = yaml.safe_load((DECISIONS / "S2026-00953.yaml").read_text(encoding="utf-8"))


@FUZZ
@given(path=st.sampled_from([p for p in paths_in(DECISION) if p]), value=scalars)
def test_decision_yaml_errors_name_the_file(path: tuple[object, ...], value: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "S2026-00953.yaml"
        target.write_text(yaml.safe_dump(replaced(DECISION, path, value), allow_unicode=True))
        try:
            load_decision_file(target)
        except StatsbidragError as error:
            assert_names_the_file(error, target)


@FUZZ
@given(lines=region_lines, sep=st.sampled_from([",", ";"]))
def test_population_import_writes_all_or_nothing(lines: list[str], sep: str) -> None:
    text = f'"region"{sep}"2024"\n' + "".join(line.replace("{sep}", sep) + "\n" for line in lines)
    with population_folder() as folder:
        export = folder.parent / "export.csv"
        export.write_text(text, "utf-8")
        before = sorted(p.name for p in folder.iterdir())
        try:
            import_population(
                folder, export, "fuzz", dt.date(2024, 12, 31), None, None, force=False
            )
        except StatsbidragError as error:
            assert "export.csv" in str(error) or str(folder) in str(error), str(error)
            assert sorted(p.name for p in folder.iterdir()) == before
            return
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [*before, "fuzz.csv", "fuzz.yaml"]
        )
