"""Reading the files under ``population/``, strictly, and checking them against each other.

* ``lan.csv``: the 21 counties (län) by SCB code, with the region that receives grants;
* ``kommuner.csv``: the kommuner by SCB code, with their county;
* ``samverkansregioner.yaml``: the six samverkansregioner by county and kommun code;
* ``NAME.csv`` + ``NAME.yaml``: a population dataset (kommun and/or county figures) and its
  provenance.

Every bad row is reported at once, with the file and line. A dataset is checked against the
geography of its folder: every code exists and sits in its county, totals rows such as
``00 Riket`` are refused, a kommun-level dataset covers every kommun, and its description
(level, reference date, name) agrees with its figures.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.geography import County, Geography, Kommun, KommunEntry, PopulationDataset
from ...errors import PopulationError
from ...i18n import _, kr, ngettext, problem_count
from ...models.numbers import whole_number_problem
from ...models.population import DatasetInfo, SamverkansregionFile, SamverkansregionSpec
from ...models.text import control_problem
from .output import write_files
from .text import names_ending, not_a_file, read_text

COUNTIES_FILE = "lan.csv"
KOMMUNER_FILE = "kommuner.csv"
SAMVERKANSREGIONER_FILE = "samverkansregioner.yaml"
GEOGRAPHY_NAMES = ("lan", "kommuner", "samverkansregioner")
GEOGRAPHY_FILES = ("lan.csv", "kommuner.csv", "samverkansregioner.yaml")
"""File stems of the geography: never dataset names, so an import cannot replace them."""
COUNTY_HEADER = ["lanskod", "lan", "region"]
KOMMUN_LIST_HEADER = ["kommunkod", "kommun", "lanskod"]
KOMMUN_HEADER = ["kommunkod", "kommun", "lanskod", "folkmangd"]
GENERAL_HEADER = ["kod", "namn", "folkmangd"]
"""A dataset of counties (two-digit codes) and/or kommuner (four-digit codes)."""

_DATASET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_DATE_IN_NAME = re.compile(r"(?<![0-9])([0-9]{4}-[0-9]{2}-[0-9]{2})(?![0-9])")
_NATIONAL_TOTAL = "00"


def geography_file(population_dir: Path, name: str) -> Path:
    """The geography file ``name`` of a population folder: the folder's own where it has
    one, else the built-in one, so a folder of the analyst's own datasets needs no copy of
    ``lan.csv``, ``kommuner.csv`` or ``samverkansregioner.yaml``."""
    from ..cache.reads import note_folder

    note_folder(population_dir)  # the folder's own file, added later, is read instead
    own = population_dir / name
    if own.exists():
        return own
    from .store import default_dir

    return default_dir("population") / name


def load_geography(population_dir: Path) -> Geography:
    """Read ``lan.csv``, ``kommuner.csv`` and ``samverkansregioner.yaml`` (the folder's own,
    else the built-in ones: :func:`geography_file`); check they agree.

    Read once while the files it read are as they were (see :mod:`.cache`)."""
    from .. import cache

    key = cache.fingerprint("geography", os.path.abspath(population_dir))
    hit = cache.load_checked("geography", key, _decode_geography)
    if hit is not None:
        return hit
    with cache.recording() as record:
        geography = _read_geography(population_dir)
    cache.store_checked("geography", key, geography, _encode_geography, record)
    return geography


def _encode_geography(geography: Geography) -> dict[str, Any]:
    """The geography as plain JSON data for the cache."""
    return {
        "counties": [[c.code, c.name, c.region] for c in geography.counties.values()],
        "kommuner": [[k.code, k.name, k.county] for k in geography.kommuner.values()],
        "samverkansregioner": [
            s.model_dump(mode="json") for s in geography.samverkansregioner.values()
        ],
        "source": geography.source,
    }


def _decode_geography(value: Any) -> Geography:
    """The cache's JSON back as a geography; anything of another shape raises (a miss)."""
    import json

    counties = {
        code: County(code, name, region) for code, name, region in _texts(value["counties"], 3)
    }
    kommuner = {
        code: KommunEntry(code, name, county) for code, name, county in _texts(value["kommuner"], 3)
    }
    specs = [
        SamverkansregionSpec.model_validate_json(json.dumps(item))
        for item in value["samverkansregioner"]
    ]
    if not isinstance(value["source"], str):
        raise ValueError("not a source")
    return Geography(counties, kommuner, {spec.id: spec for spec in specs}, value["source"])


def _texts(rows: Any, width: int) -> list[list[str]]:
    """``rows`` if it is a list of lists of ``width`` strings, else an error."""
    if not isinstance(rows, list) or not all(
        isinstance(row, list) and len(row) == width and all(isinstance(v, str) for v in row)
        for row in rows
    ):
        raise ValueError("not rows of text")
    return rows


def _read_geography(population_dir: Path) -> Geography:
    from .validation import validate_document
    from .yamlfile import read_yaml

    counties = _load_counties(geography_file(population_dir, COUNTIES_FILE))
    kommuner = _load_kommun_list(geography_file(population_dir, KOMMUNER_FILE), counties)
    path = geography_file(population_dir, SAMVERKANSREGIONER_FILE)
    spec = validate_document(read_yaml(path), SamverkansregionFile, _("samverkansregioner file"))
    by_id: dict[str, SamverkansregionSpec] = {}
    problems: list[str] = []
    for unit in spec.samverkansregioner:
        if unit.id in by_id:
            problems.append(
                _("{path}: samverkansregion {id!r} is defined twice").format(path=path, id=unit.id)
            )
        unknown = sorted(set(unit.counties) - set(counties))
        if unknown:
            problems.append(
                _("{path}: {id}: unknown county code(s) {value}").format(
                    path=path, id=unit.id, value=", ".join(unknown)
                )
            )
        strangers = sorted(set(unit.kommuner) - set(kommuner))
        if strangers:
            problems.append(
                _("{path}: {id}: kommun code(s) {value} not in {file}").format(
                    path=path, id=unit.id, value=", ".join(strangers), file=KOMMUNER_FILE
                )
            )
        by_id[unit.id] = unit
    if problems:
        raise PopulationError(problems[0], problems[1:])
    return Geography(
        counties=counties, kommuner=kommuner, samverkansregioner=by_id, source=str(path)
    )


def validate_dataset_name(name: str) -> None:
    """Dataset names become file names: letters, digits, ``_``, ``.`` and ``-`` only; the
    geography's own file names are reserved."""
    if not _DATASET_NAME.fullmatch(name) or ".." in name:
        raise PopulationError(
            _(
                "{name!r} is not a valid population dataset name (letters, digits, _ . - "
                "only, e.g. folkmangd_2024-12-31)"
            ).format(name=name)
        )
    if name.lower() in GEOGRAPHY_NAMES:
        raise PopulationError(
            _(
                "{name!r} is the name of a geography file ({name}.csv/.yaml) and cannot "
                "be a population dataset; choose another name, e.g. folkmangd_2024-12-31"
            ).format(name=name)
        )


def dataset_names(population_dir: Path) -> list[str]:
    """Names of the datasets in the folder: ``NAME.csv`` with a ``NAME.yaml`` beside it."""
    return sorted(
        p.stem
        for p in _files(population_dir, ".yaml")
        if p.is_file() and p.with_suffix(".csv").is_file() and p.stem.lower() not in GEOGRAPHY_NAMES
    )


def _files(folder: Path, suffix: str) -> list[Path]:
    """The folder's entries ending ``suffix`` (:func:`.text.names_ending`: a folder that
    cannot be read is an error, never "no datasets")."""
    unreadable = _("cannot read the population folder {folder} ({strerror})")
    return [folder / name for name in names_ending(folder, suffix, unreadable)]


def not_datasets(population_dir: Path) -> list[str]:
    """Why each other ``.csv`` or ``.yaml`` file of the folder is not a dataset (a CSV
    without its description, a description without its figures, a name that cannot be a
    dataset's), so ``population list`` never shows "0 datasets" without a reason."""
    reasons = []
    names = {p.stem for p in (*_files(population_dir, ".csv"), *_files(population_dir, ".yaml"))}
    for name in sorted(names):
        if name.lower() in GEOGRAPHY_NAMES:
            continue
        csv, info = population_dir / f"{name}.csv", population_dir / f"{name}.yaml"
        special = [(path, kind) for path in (csv, info) if (kind := not_a_file(path))]
        if special:
            path, kind = special[0]
            reasons.append(
                _("{path} is not a dataset: it is not a regular file ({kind})").format(
                    path=path, kind=kind
                )
            )
            continue
        if not _DATASET_NAME.fullmatch(name) or ".." in name:
            reason = _("its name is not a dataset name (letters, digits, _ . - only)")
        elif not info.is_file():
            reason = _(
                "no description {file} beside it (reference date, source; see population "
                "import, which writes both)"
            ).format(file=info.name)
        elif not csv.is_file():
            reason = _("no figures {file} beside it").format(file=csv.name)
        else:
            continue
        reasons.append(
            _("{path} is not a dataset: {reason}").format(
                path=csv if csv.is_file() else info, reason=reason
            )
        )
    return reasons


def load_dataset(
    population_dir: Path, name: str, geography: Geography | None = None
) -> PopulationDataset:
    """Read the dataset ``NAME.csv`` with its provenance ``NAME.yaml``, checked against the
    geography (that of ``population_dir`` unless given). A dataset the folder does not hold
    is read from the built-in folder where that has it (a decision naming a shipped dataset
    runs in a set with population data of its own), as the geography is."""
    validate_dataset_name(name)
    from .. import cache

    key = cache.fingerprint(
        "dataset",
        name,
        os.path.abspath(population_dir),
        repr(sorted(geography.counties.items())) + repr(sorted(geography.kommuner.items()))
        if geography
        else "",
    )
    hit = cache.load_checked("datasets", key, _decode_dataset)
    if hit is not None:
        return hit
    with cache.recording() as record:  # the folders looked in, the files as read
        folder = dataset_folder(population_dir, name)
        info_path = folder / f"{name}.yaml"
        if not info_path.is_file():
            available = dataset_names(population_dir)
            message = _("no population dataset {name!r} in {population_dir} (available: {value})")
            value = ", ".join(available) or _("none")
            raise PopulationError(
                message.format(name=name, population_dir=population_dir, value=value)
            )
        if geography is None and folder != population_dir:
            geography = load_geography(population_dir)
        dataset = _read_dataset(folder, name, info_path, geography)
    cache.store_checked("datasets", key, dataset, _encode_dataset, record)
    return dataset


def dataset_folder(population_dir: Path, name: str) -> Path:
    """Where the dataset ``name`` is read from: ``population_dir`` when it holds the dataset
    (or when neither it nor the built-in folder does: the error names ``population_dir``),
    else the built-in population folder."""
    from ..cache.reads import note_folder
    from .store import default_dir

    built_in = default_dir("population")
    note_folder(population_dir)  # a dataset added here shadows the built-in one
    if (population_dir / f"{name}.yaml").is_file() or not (built_in / f"{name}.yaml").is_file():
        return population_dir
    return built_in


def _encode_dataset(dataset: PopulationDataset) -> dict[str, Any]:
    """A dataset as plain JSON data for the cache."""
    return {
        "info": dataset.info.model_dump(mode="json"),
        "kommuner": [[k.code, k.name, k.county, k.persons] for k in dataset.kommuner.values()],
        "counties": dataset.counties,
        "source": dataset.source,
    }


def _decode_dataset(value: Any) -> PopulationDataset:
    """The cache's JSON back as a dataset; anything of another shape raises (a miss)."""
    import json

    # Not strict: JSON has no dates, and the strict models take a date only as a date; the
    # entry was validated strictly when it was made.
    info = DatasetInfo.model_validate_json(json.dumps(value["info"]), strict=False)
    kommuner = {}
    for code, name, county, persons in value["kommuner"]:
        if not all(isinstance(v, str) for v in (code, name, county)) or type(persons) is not int:
            raise ValueError("not a kommun row")
        kommuner[code] = Kommun(code, name, county, persons)
    counties = value["counties"]
    if not isinstance(counties, dict) or not all(
        isinstance(code, str) and type(persons) is int for code, persons in counties.items()
    ):
        raise ValueError("not county figures")
    if not isinstance(value["source"], str):
        raise ValueError("not a source")
    return PopulationDataset(info, kommuner, dict(counties), value["source"])


def _read_dataset(
    population_dir: Path, name: str, info_path: Path, geography: Geography | None
) -> PopulationDataset:
    """Read and check a dataset (see :func:`load_dataset`)."""
    from .validation import validate_document
    from .yamlfile import read_yaml

    info = validate_document(read_yaml(info_path), DatasetInfo, _("population dataset description"))
    if info.name != name:
        raise PopulationError(
            _("{info_path}: name is {name!r}, but the file is named {name2!r}").format(
                info_path=info_path, name=info.name, name2=name
            )
        )
    figures = read_figures(population_dir / f"{name}.csv")
    if geography is None:
        geography = load_geography(population_dir)
    problems = figures.problems_against(geography, info.reference_date.year, info.partial)
    problems += _description_problems(info_path, info, figures)
    if problems:
        raise PopulationError(
            ngettext(
                "{path}: the dataset does not fit the geography or its description "
                "({count} problem)",
                "{path}: the dataset does not fit the geography or its description "
                "({count} problems)",
                len(problems),
            ).format(path=figures.path, count=len(problems)),
            problems,
        )
    return PopulationDataset(
        info=info, kommuner=figures.kommuner, counties=figures.counties, source=str(figures.path)
    )


@dataclass
class Figures:
    """A dataset file's figures as read, with the line of every code (for messages)."""

    path: Path
    kommuner: dict[str, Kommun] = field(default_factory=dict)
    counties: dict[str, int] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def level(self) -> str:
        if self.counties and self.kommuner:
            return "mixed"
        return "county" if self.counties else "kommun"

    def where(self, code: str) -> str:
        """``file:line`` of a code's row, or just the file where lines are not known."""
        line = self.lines.get(code)
        return f"{self.path}:{line}" if line is not None else str(self.path)

    def problems_against(
        self, geography: Geography, year: int | None = None, partial: bool = False
    ) -> list[str]:
        """Everything that makes the figures impossible, wherever a dataset enters (import,
        fetch, ``validate``, loading): codes that are not in the geography, kommuner in the
        wrong county, a kommun-level dataset leaving kommuner out, a county-level one leaving
        counties out (both unless ``partial``), names with control characters, no person at all,
        and a county below the sum of its own kommuner (beyond SCB's noise from
        :data:`NOISE_FROM_YEAR`, for a reference ``year``)."""
        problems = self._code_problems(geography)
        problems += self._name_problems()
        problems += self._plausibility_problems(geography, year, partial)
        return problems

    def _name_problems(self) -> list[str]:
        problems = []
        for code, kommun in self.kommuner.items():
            problem = control_problem(kommun.name, one_line=True)
            if problem:
                problems.append(
                    _("{where}: the name of {code}: {problem}").format(
                        where=self.where(code), code=code, problem=problem
                    )
                )
        return problems

    def _plausibility_problems(
        self, geography: Geography, year: int | None, partial: bool
    ) -> list[str]:
        problems = []
        if not any(self.counties.values()) and not any(k.persons for k in self.kommuner.values()):
            problems.append(
                _("{path}: every figure is 0; a population dataset counts people").format(
                    path=self.path
                )
            )
        for code, persons in sorted(self.counties.items()):
            members = [k.persons for k in self.kommuner.values() if k.county == code]
            tolerance = noise_tolerance(year, len(members))
            if members and sum(members) > persons + tolerance:
                problems.append(
                    _(
                        "{where}: county {code} has {persons} persons, fewer than the {total} of "
                        "its own kommuner in the file{allowed}"
                    ).format(
                        where=self.where(code),
                        code=code,
                        persons=kr(persons),
                        total=kr(sum(members)),
                        allowed=_(" (beyond SCB's noise of up to {count} persons)").format(
                            count=tolerance
                        )
                        if tolerance
                        else "",
                    )
                )
        if self.kommuner and not self.counties and not partial:
            missing = sorted(set(geography.kommuner) - set(self.kommuner))
            if missing:
                shown = ", ".join(missing[:10]) + (", …" if len(missing) > 10 else "")
                problems.append(
                    _(
                        "{path}: a kommun-level dataset must give every kommun; {count} "
                        "missing ({shown}); if that is meant, say partial: true in its "
                        "description"
                    ).format(path=self.path, count=len(missing), shown=shown)
                )
        if self.counties and not self.kommuner and not partial:
            missing = sorted(set(geography.counties) - set(self.counties))
            if missing:
                problems.append(
                    _(
                        "{path}: a county-level dataset must give every county; {count} missing "
                        "({shown}); if that is meant, say partial: true in its description"
                    ).format(path=self.path, count=len(missing), shown=", ".join(missing))
                )
        return problems

    def _code_problems(self, geography: Geography) -> list[str]:
        """Codes that are not in the geography, kommuner in the wrong county, and (for a
        kommun-level dataset) kommuner left out."""
        problems = []
        for code in self.counties:
            if code not in geography.counties:
                problems.append(
                    _("{where}: county {code} is not in {file}").format(
                        where=self.where(code), code=code, file=COUNTIES_FILE
                    )
                )
        for code, kommun in self.kommuner.items():
            known = geography.kommuner.get(code)
            where = self.where(code)
            if known is None:
                problems.append(
                    _("{where}: kommun {code} is not in {file}").format(
                        where=where, code=code, file=KOMMUNER_FILE
                    )
                )
            elif known.county != kommun.county:
                problems.append(
                    _("{where}: kommun {code} belongs to county {county}, not {county2}").format(
                        where=where, code=code, county=known.county, county2=kommun.county
                    )
                )
        return problems


NOISE_FROM_YEAR = 2025
"""From this reference year SCB adds a small random noise to every published cell."""
NOISE_PER_CELL = 3
"""Persons a noise-protected cell may be off by, for the county-versus-kommuner check: a
county figure may be below the sum of its k kommuner by at most 3 × (k + 1) persons."""


def noise_tolerance(year: int | None, kommuner: int) -> int:
    """How far a county figure may fall below the sum of ``kommuner`` of its kommuner."""
    if year is None or year < NOISE_FROM_YEAR:
        return 0
    return NOISE_PER_CELL * (kommuner + 1)


def _description_problems(info_path: Path, info: DatasetInfo, figures: Figures) -> list[str]:
    """Where ``NAME.yaml`` contradicts ``NAME.csv``: its level, or the date in the name."""
    problems = []
    if info.level != figures.level:
        problems.append(
            _(
                "{info_path}: level is {level!r}, but the figures are {level2!r} "
                "({count} counties, {count2} kommuner)"
            ).format(
                info_path=info_path,
                level=info.level,
                level2=figures.level,
                count=len(figures.counties),
                count2=len(figures.kommuner),
            )
        )
    named = _DATE_IN_NAME.search(info.name)
    if named and named.group(1) != info.reference_date.isoformat():
        problems.append(
            _(
                "{info_path}: reference_date is {isoformat}, but the name {name!r} says {group}"
            ).format(
                info_path=info_path,
                isoformat=info.reference_date.isoformat(),
                name=info.name,
                group=named.group(1),
            )
        )
    return problems


def is_dataset_csv(raw: bytes) -> bool:
    """Whether ``raw`` starts like a dataset CSV this tool writes (either header), so
    ``population import`` can read a dataset copied from another folder."""
    first = raw.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip()
    header = [cell.strip() for cell in first.decode("utf-8", "replace").split(",")]
    return header in (KOMMUN_HEADER, GENERAL_HEADER)


def read_figures(path: Path) -> Figures:
    """Kommun and county figures from a dataset CSV, in either accepted format."""
    header, rows = _csv_table(path)
    if header == GENERAL_HEADER:
        return _general_figures(path, rows)
    if header != KOMMUN_HEADER:
        raise PopulationError(
            _("{path}:1: header must be {value} or {value2}, found {value3}").format(
                path=path,
                value=",".join(KOMMUN_HEADER),
                value2=",".join(GENERAL_HEADER),
                value3=",".join(header) if header else "nothing",
            )
        )
    return _kommun_figures(path, rows)


def _persons_problem(where: str, persons: str, code: str) -> str | None:
    problem = whole_number_problem(persons)
    if problem is None:
        return None
    return _("{where}: folkmangd {persons!r} for {code} {problem} of persons").format(
        where=where, persons=persons, code=code, problem=problem
    )


def _general_figures(path: Path, rows: Iterator[tuple[int, dict[str, str]]]) -> Figures:
    figures = Figures(path)
    problems: list[str] = []
    for line, row in rows:
        code, persons = row["kod"], row["folkmangd"]
        where = f"{path}:{line}"
        if code == _NATIONAL_TOTAL:
            problems.append(
                _("{where}: 00 is the national total (Riket), not data; remove the row").format(
                    where=where
                )
            )
        elif not re.fullmatch(r"[0-9]{2}|[0-9]{4}", code):
            problems.append(
                _("{where}: kod {code!r} is neither a county (2 digits) nor a kommun (4)").format(
                    where=where, code=code
                )
            )
        elif problem := _persons_problem(where, persons, code):
            problems.append(problem)
        elif code in figures.lines:
            problems.append(_("{where}: {code} is listed twice").format(where=where, code=code))
        else:
            figures.lines[code] = line
            if len(code) == 2:
                figures.counties[code] = int(persons)
            else:
                figures.kommuner[code] = Kommun(code, row["namn"], code[:2], int(persons))
    _raise_problems(path, problems, "figures", figures.lines)
    return figures


def _kommun_figures(path: Path, rows: Iterator[tuple[int, dict[str, str]]]) -> Figures:
    figures = Figures(path)
    problems: list[str] = []
    for line, row in rows:
        code, county, persons = row["kommunkod"], row["lanskod"], row["folkmangd"]
        where = f"{path}:{line}"
        if not re.fullmatch(r"[0-9]{4}", code):
            problems.append(
                _("{where}: kommunkod {code!r} is not a four-digit code").format(
                    where=where, code=code
                )
            )
        elif county != code[:2]:
            problems.append(
                _("{where}: lanskod {county!r} does not match kommunkod {code}").format(
                    where=where, county=county, code=code
                )
            )
        elif problem := _persons_problem(where, persons, code):
            problems.append(problem)
        elif code in figures.kommuner:
            problems.append(
                _("{where}: kommun {code} is listed twice").format(where=where, code=code)
            )
        else:
            figures.lines[code] = line
            figures.kommuner[code] = Kommun(code, row["kommun"], county, int(persons))
    _raise_problems(path, problems, "kommuner", figures.kommuner)
    return figures


def _csv_table(path: Path) -> tuple[list[str] | None, Iterator[tuple[int, dict[str, str]]]]:
    """The header of a UTF-8 CSV file and an iterator of (line number, row) after it.

    Only CR and LF end a record (as in every CSV), so a name holding U+2028 or another Unicode
    line separator stays in its cell.
    """
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise PopulationError(
            _("{path}:1: not a CSV file ({error})").format(path=path, error=error)
        ) from None
    header = [cell.strip() for cell in header] if header is not None else None

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        assert header is not None
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise PopulationError(
                    _("{path}:{line_num}: {error}").format(
                        path=path, line_num=reader.line_num, error=error
                    )
                ) from None
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise PopulationError(
                    _("{path}:{line_num}: expected {count} fields, found {count2}").format(
                        path=path, line_num=reader.line_num, count=len(header), count2=len(row)
                    )
                )
            yield reader.line_num, dict(zip(header, (cell.strip() for cell in row), strict=True))

    return header, rows()


def _rows_with_header(path: Path, expected: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    header, rows = _csv_table(path)
    if header != expected:
        found = ",".join(header) if header else "nothing"
        raise PopulationError(
            _("{path}:1: header must be {value}, found {found}").format(
                path=path, value=",".join(expected), found=found
            )
        )
    return rows


def _load_counties(path: Path) -> dict[str, County]:
    counties: dict[str, County] = {}
    problems: list[str] = []
    for line, row in _rows_with_header(path, COUNTY_HEADER):
        code = row["lanskod"]
        if not re.fullmatch(r"[0-9]{2}", code) or code == _NATIONAL_TOTAL:
            problems.append(
                _("{path}:{line}: lanskod {code!r} is not a county's two-digit code").format(
                    path=path, line=line, code=code
                )
            )
        elif code in counties:
            problems.append(
                _("{path}:{line}: county {code} is listed twice").format(
                    path=path, line=line, code=code
                )
            )
        elif problem := _names_problem(path, line, row["lan"], row["region"]):
            problems.append(problem)
        else:
            counties[code] = County(code=code, name=row["lan"], region=row["region"])
    _raise_problems(path, problems, "counties", counties)
    return counties


def _load_kommun_list(path: Path, counties: Mapping[str, County]) -> dict[str, KommunEntry]:
    kommuner: dict[str, KommunEntry] = {}
    problems: list[str] = []
    for line, row in _rows_with_header(path, KOMMUN_LIST_HEADER):
        code, county = row["kommunkod"], row["lanskod"]
        where = f"{path}:{line}"
        if not re.fullmatch(r"[0-9]{4}", code):
            problems.append(
                _("{where}: kommunkod {code!r} is not a four-digit code").format(
                    where=where, code=code
                )
            )
        elif county != code[:2] or county not in counties:
            problems.append(
                _("{where}: lanskod {county!r} is not the county of kommun {code}").format(
                    where=where, county=county, code=code
                )
            )
        elif code in kommuner:
            problems.append(
                _("{where}: kommun {code} is listed twice").format(where=where, code=code)
            )
        elif problem := _names_problem(path, line, row["kommun"]):
            problems.append(problem)
        else:
            kommuner[code] = KommunEntry(code, row["kommun"], county)
    _raise_problems(path, problems, "kommuner", kommuner)
    return kommuner


def _names_problem(path: Path, line: int, *names: str) -> str | None:
    """A name of the geography with a control character, at its row."""
    for name in names:
        problem = control_problem(name, one_line=True)
        if problem:
            return _("{path}:{line}: {problem}").format(path=path, line=line, problem=problem)
    return None


def _raise_problems(path: Path, problems: list[str], what: str, found: Mapping[str, Any]) -> None:
    """Report every bad row at once, not just the first; an empty file is a problem too."""
    if problems:
        summary = (
            problems[0]
            if len(problems) == 1
            else _("{path}: {count} bad rows").format(path=path, count=len(problems))
        )
        raise PopulationError(summary, problems if len(problems) > 1 else [])
    if not found:
        raise PopulationError(_("{path}: no {what}").format(path=path, what=what))


def validate_population_file(path: Path, population_dir: Path) -> str:
    """Validate a population or geography file; return what kind of file it is.

    A dataset (``NAME.csv`` or ``NAME.yaml``) is validated as a pair against the geography
    of ``population_dir`` when both halves are beside each other; a geography file on its own.
    """
    from .validation import validate_document
    from .yamlfile import read_yaml

    if path.suffix.lower() == ".csv":
        header, _rows = _csv_table(path)
        if header == COUNTY_HEADER:
            _load_counties(path)
            return _("counties")
        if header == KOMMUN_LIST_HEADER:
            _load_kommun_list(path, load_geography(population_dir).counties)
            return _("kommuner")
        figures = read_figures(path)
        if path.with_suffix(".yaml").is_file():
            load_dataset(path.parent, path.stem, _geography_for(path.parent, population_dir))
        else:
            problems = figures.problems_against(load_geography(population_dir))
            if problems:
                raise PopulationError(problem_count(path, len(problems)), problems)
        return _("population dataset")
    document = read_yaml(path)
    if isinstance(document.data, dict) and "samverkansregioner" in document.data:
        validate_document(document, SamverkansregionFile, _("samverkansregioner file"))
        return _("samverkansregioner")
    validate_document(document, DatasetInfo, _("population dataset description"))
    if path.with_suffix(".csv").is_file():
        load_dataset(path.parent, path.stem, _geography_for(path.parent, population_dir))
    return _("population dataset description")


def _geography_for(folder: Path, population_dir: Path) -> Geography:
    """The geography of ``folder`` when it has one, else that of ``population_dir``."""
    has_own = (folder / COUNTIES_FILE).is_file() and (folder / KOMMUNER_FILE).is_file()
    return load_geography(folder if has_own else population_dir)


def dataset_files(
    targets: tuple[Path, Path], figures_csv: str, info: Mapping[str, Any]
) -> list[tuple[Path, bytes]]:
    """The two files of a dataset, ``NAME.csv`` (figures) and ``NAME.yaml`` (provenance)."""
    import yaml

    header = (
        "# Varifrån befolkningsdatamängden kommer; skriven av `statsbidrag population import`.\n"
    )
    text = header + yaml.safe_dump(dict(info), allow_unicode=True, sort_keys=False, width=100)
    return [(targets[0], figures_csv.encode("utf-8")), (targets[1], text.encode("utf-8"))]


def write_dataset(
    targets: tuple[Path, Path], figures_csv: str, info: Mapping[str, Any], force: bool
) -> None:
    """Write both files of a dataset, or neither (see :func:`.output.write_files`)."""
    write_files(dataset_files(targets, figures_csv, info), force)
