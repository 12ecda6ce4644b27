"""Use cases on population data: import and fetch datasets, list and show them, split.

A dataset is written only after its figures are parsed and checked against the geography,
both files (``NAME.csv`` and ``NAME.yaml``, with the provenance) or neither, and loaded back
from what was written, so what a command reports is what the next one will read.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.geography import Geography, PopulationDataset
from ..core.months import MONTHS
from ..core.split import SplitRequest, SplitResult, split_amount, units_by
from ..errors import AllocationInputError, StatsbidragError
from ..files.local.population import (
    dataset_names,
    is_dataset_csv,
    load_dataset,
    load_geography,
    not_datasets,
    read_figures,
    validate_dataset_name,
    write_dataset,
)
from ..files.local.store import is_package_data
from ..files.local.text import read_bytes
from ..files.scb.api import EVERYONE, KeySelection, ScbClient, table_for
from ..files.scb.pxweb import (
    Figure,
    ParsedExport,
    dataset_csv,
    figures_of,
    parse_export,
    parse_summed,
)
from ..files.scb.selection import Plan
from ..i18n import _
from ..models.text import control_problem


@dataclass(frozen=True)
class SavedDataset:
    """A dataset as loaded back from the files just written, and a one-line summary."""

    dataset: PopulationDataset
    summary: str


@dataclass(frozen=True)
class PopulationView:
    """One dataset with the geography to sum it by, and the units asked for."""

    dataset: PopulationDataset
    geography: Geography
    units: str
    """``regions``, ``samverkansregioner`` or ``kommuner`` (``regioner`` is read as regions)."""


@dataclass(frozen=True)
class Split:
    """An ad-hoc split and the dataset it used."""

    result: SplitResult
    dataset: PopulationDataset


MAX_EXPORT_BYTES = 20_000_000
"""The largest export ``population import`` reads (SCB's kommun tables are well under 1 MB)."""


def import_population(
    population_dir: Path,
    export: Path,
    name: str,
    reference_date: dt.date,
    source: str | None,
    column: str | None,
    force: bool,
    measure: str | None = None,
) -> SavedDataset:
    """Read a PxWeb export, a plain spreadsheet of a key (code and count per unit) or a
    dataset this tool wrote, and write it as dataset ``NAME`` (``.csv`` + ``.yaml``);
    ``measure`` says what is counted (default folkmängd).

    Returns the dataset as loaded back from the files written, and a one-line summary. The
    export is parsed, checked against the geography and both targets are checked before
    anything is written; then both files are written, or neither.
    """

    validate_dataset_name(name)
    raw = read_bytes(export, MAX_EXPORT_BYTES)  # a regular file, bounded: never a pipe
    if is_dataset_csv(raw):
        figures, described = _own_dataset(export)
        shape, default_source = (
            _("a statsbidrag dataset"),
            described or (f"statsbidrag-datamängd {export.name} (utan beskrivning; källan okänd)."),
        )
    else:
        parsed = parse_export(raw, str(export), column)
        figures, shape = list(parsed.figures), f"{parsed.shape}, {parsed.encoding}"
        selected = "; ".join(parsed.selection)
        if selected and measure is None:  # an age band or a sex is not the population
            raise StatsbidragError(
                _(
                    "{export}: the figures are those of {selection}, not the total "
                    "population; give --measure (what they count, e.g. 'personer 80-89 år') "
                    "to import them as that key"
                ).format(export=export, selection=selected)
            )
        default_source = (
            f"SCB:s statistikdatabas (PxWeb), {parsed.shape}-export {export.name}, "
            f"kolumn {parsed.column!r}"
            + (f", urval {selected}" if selected else "")
            + f", läst som {parsed.encoding}."
        )
    counted = (measure or "folkmängd").strip()
    if not counted or control_problem(counted, one_line=True):
        raise StatsbidragError(_("--measure must be a few words, e.g. asylsökande"))
    geography = load_geography(population_dir)
    names = {**{c: county.name for c, county in geography.counties.items()},
             **{k: kommun.name for k, kommun in geography.kommuner.items()}}  # fmt: skip
    figures = [  # a unit without its name (a bare code, a county row): the geography's
        f if f.name else Figure(f.code, names.get(f.code, f.code), f.persons) for f in figures
    ]
    info: dict[str, object] = {
        "name": name,
        "title": f"{counted[:1].upper()}{counted[1:]} {reference_date.isoformat()} ({export.name})",
        "reference_date": reference_date,
        "source": source or default_source,
    }
    if measure is not None:
        info["measure"] = counted
    saved = _save_dataset(population_dir, name, figures, info, force, str(export))
    return SavedDataset(saved.dataset, f"{saved.summary} ({shape})")


def _own_dataset(path: Path) -> tuple[list[Figure], str | None]:
    """The figures of a dataset CSV this tool wrote (county rows unnamed: the caller names
    them from the geography), and the source its description beside it states (None when
    there is none to read)."""
    read = read_figures(path)
    figures = [Figure(code, k.name, k.persons) for code, k in read.kommuner.items()]
    figures += [Figure(code, "", persons) for code, persons in read.counties.items()]
    described = None
    info_path = path.with_suffix(".yaml")
    if info_path.is_file():
        from ..files.local.validation import validate_document
        from ..files.local.yamlfile import read_yaml
        from ..models.population import DatasetInfo

        info = validate_document(
            read_yaml(info_path), DatasetInfo, _("population dataset description")
        )
        described = info.source
    return figures, described


def today() -> dt.date:
    """Today's date, where a fetch asks whether a reference date has come (tests set it)."""
    return dt.date.today()


def fetch_population(
    population_dir: Path,
    reference_date: dt.date,
    level: str,
    name: str | None,
    base_url: str,
    force: bool,
    client: ScbClient | None = None,
    key: KeySelection = EVERYONE,
) -> SavedDataset:
    """Fetch SCB's published totals for ``reference_date`` and write them as a dataset; with
    ``key``, those of an age band and a sex (a fördelningsnyckel such as "80 år och äldre").

    ``level`` ``lan`` gives the 21 county totals; ``kommun`` the 290 kommuner and the county
    totals, so counties and samverkansregioner can use SCB's own totals. The figures go
    through the same checks and all-or-nothing write as :func:`import_population`.
    """

    if level not in ("lan", "kommun"):
        raise StatsbidragError(
            _("--level must be lan or kommun, not {level!r}").format(level=level)
        )
    words = _ascii(key.measure().replace("\u2013", "-"))  # the en dash, as a hyphen
    suffix = "" if key.everyone else "_" + re.sub(r"[^a-z0-9]+", "-", words).strip("-")
    name = name or f"scb_{level}_{reference_date.isoformat()}{suffix}"
    validate_dataset_name(name)
    if reference_date > today():  # nothing to ask SCB for: refused before the network
        raise StatsbidragError(
            _("--date {isoformat} is in the future: SCB has no figures for it yet").format(
                isoformat=reference_date.isoformat()
            )
        )
    table = table_for(reference_date)
    geography = load_geography(population_dir)
    regions = sorted(geography.counties)
    if level == "kommun":
        regions += sorted(geography.kommuner)
    _dataset_targets(population_dir, name, force)  # before asking SCB anything
    answer = (client or ScbClient(base_url)).population(reference_date, regions, key)
    where = f"SCB's answer from {answer.url}"
    if key.everyone:
        figures = parse_export(answer.body, where).figures
    else:  # the age cells asked for, summed per region (one cell: nothing to sum)
        figures, _count = parse_summed(answer.body, where, "Alder")
    parsed = ParsedExport(figures, "JSON-stat 2", "UTF-8", "value")
    missing = sorted(set(regions) - {figure.code for figure in parsed.figures})
    if missing:
        raise StatsbidragError(
            _(
                "SCB's answer from {url} lacks {count} of the regions asked for ({value}{value2})"
            ).format(
                url=answer.url,
                count=len(missing),
                value=", ".join(missing[:10]),
                value2=", …" if len(missing) > 10 else "",
            )
        )
    noise = _noise_note(table.noise_protected, answer.plan)
    what = "Folkmängd" if key.everyone else key.measure()[:1].upper() + key.measure()[1:]
    info: dict[str, object] = {
        "name": name,
        "title": f"{what} {_swedish_date(reference_date)} "
        f"({'län' if level == 'lan' else 'kommuner och län'}, SCB {table.table})",
        "reference_date": reference_date,
        "source": f"SCB, PxWebApi 2.0, tabell {table.table} "
        f"({answer.table_info.get('label', 'Folkmängden efter region')}), hämtad med "
        "`statsbidrag population fetch`.",
        "noise_note": noise,
        **({} if key.everyone else {"measure": key.measure()}),
        "fetched": {
            "table": table.table,
            "url": answer.url,
            "body": answer.request_body,
            "updated": answer.updated,
            "retrieved": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        },
    }
    return _save_dataset(population_dir, name, parsed.figures, info, force, answer.url)


def _swedish_date(date: dt.date) -> str:
    """``31 december 2025``: the provenance is written in Swedish whatever the run's
    language, so the same fetch writes the same file."""
    return f"{date.day} {list(MONTHS)[date.month - 1]} {date.year}"


def _noise_note(noise_protected: bool, plan: Plan) -> str | None:
    """What the provenance says of SCB's noise and of any sum of ours: a published total is
    kept as it is; a band of several age cells is our sum, carrying each cell's noise."""
    cells = plan.age_codes
    listed = f" (kodlista {plan.age_codelist})" if plan.age_codelist else ""
    if len(cells) > 1:
        singles = all(code.isdigit() for code in cells)
        what = "ettårsklasser" if singles else "publicerade åldersceller"
        return (
            f"Summerad av statsbidrag över {len(cells)} {what}{listed}: {', '.join(cells)} "
            "(SCB ger ingen cell för hela åldersgruppen)"
            + (
                "; från referensår 2025 bär varje cell SCB:s brus (Cell Key Method), så "
                "summan bär bruset från alla."
                if noise_protected
                else "; SCB:s siffror före 2025 är exakta, och summan likaså."
            )
        )
    if not noise_protected:
        return None
    kept = (
        f"åldersgruppens publicerade cell {cells[0]}{listed}"
        if cells
        else "summacellerna (länen SCB:s publicerade, aldrig ersatta av summor av kommuner)"
    )
    return (
        "Från referensår 2025 lägger SCB till en liten kontrollerad slumpmässig osäkerhet i "
        f"varje publicerad siffra (Cell Key Method). Här används {kept}, som de är."
    )


def _dataset_targets(population_dir: Path, name: str, force: bool) -> tuple[Path, Path]:
    """``NAME.csv`` and ``NAME.yaml``; existing ones are refused unless ``force``, and so is
    the installed package's own folder (an upgrade would lose the dataset, and others
    sharing the installation would see it)."""
    if is_package_data(population_dir):
        raise StatsbidragError(
            _(
                "no population folder of your own here: the dataset would be written into the "
                "installed package ({folder}); make a population/ folder here (or in a "
                "parent), or give --population-dir FOLDER"
            ).format(folder=population_dir)
        )
    targets = (population_dir / f"{name}.csv", population_dir / f"{name}.yaml")
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise StatsbidragError(
            _("{value} exists; use --force to replace").format(value=", ".join(existing))
        )
    return targets


def _refuse_invalid_description(info: dict[str, object]) -> None:
    """Refuse, naming the field, a description the dataset could not be read back with."""
    from ..files.local.validation import validate_built
    from ..models.population import DatasetInfo

    invalid = _("the dataset's description would not be valid: {field}: {problem}")
    validate_built(DatasetInfo, info, invalid)


def _save_dataset(
    population_dir: Path,
    name: str,
    figures: Sequence[Figure],
    info: dict[str, object],
    force: bool,
    origin: str,
) -> SavedDataset:
    """Check figures against the geography, then write ``NAME.csv`` and ``NAME.yaml`` (both
    or neither) and load them back; ``info`` gets the level and the counts."""

    targets = _dataset_targets(population_dir, name, force)
    geography = load_geography(population_dir)
    checked = figures_of(Path(origin), tuple(figures))
    reference_date = info["reference_date"]
    assert isinstance(reference_date, dt.date)
    problems = checked.problems_against(geography, reference_date.year)
    if problems:
        raise StatsbidragError(
            _("{origin}: the figures do not fit the geography of {population_dir}").format(
                origin=origin, population_dir=population_dir
            ),
            problems,
        )
    counties = len(checked.counties)
    kommuner = len(checked.kommuner)
    info = {
        "name": info["name"],
        "title": info["title"],
        **({"measure": info["measure"]} if "measure" in info else {}),
        "level": checked.level,
        "reference_date": info["reference_date"],
        "source": info["source"],
        "checks": f"{counties} länssiffror och {kommuner} kommunsiffror; "
        f"{sum(f.persons for f in figures)} {'personer' if 'measure' not in info else 'räknade'} "
        "på alla rader.",
        **{key: value for key, value in info.items() if key in ("noise_note", "fetched") and value},
    }
    _refuse_invalid_description(info)  # what loading it back would refuse, before writing
    write_dataset(targets, dataset_csv(tuple(figures)), info, force)
    dataset = load_dataset(population_dir, name, geography)
    summary = _("Wrote {csv} and {yaml}: {counties} counties, {kommuner} kommuner").format(
        csv=targets[0], yaml=targets[1], counties=counties, kommuner=kommuner
    )
    return SavedDataset(dataset, summary)


def load_population(population_dir: Path, name: str, by: str) -> PopulationView:
    """One population dataset, the geography, and the units to sum it ``by`` in the format's
    words (``regioner`` -> ``regions``; checked before any file is read)."""

    units = units_by(by)
    return PopulationView(load_dataset(population_dir, name), load_geography(population_dir), units)


@dataclass(frozen=True)
class PopulationFolder:
    """The datasets of a population folder, and why its other files are not datasets."""

    folder: Path
    datasets: list[PopulationDataset]
    not_datasets: list[str]


def population_datasets(population_dir: Path) -> PopulationFolder:
    """Every dataset (``NAME.csv`` with ``NAME.yaml``) in the folder, by name, and a reason
    for every other data file."""

    datasets = [load_dataset(population_dir, name) for name in dataset_names(population_dir)]
    return PopulationFolder(population_dir, datasets, not_datasets(population_dir))


def split_population(
    population_dir: Path,
    dataset_name: str,
    *,
    amount: int,
    by: str,
    equal_base: int,
    equal_over: Sequence[str] | None,
    method: str,
    tie_rule: str | None,
) -> Split:
    """An ad-hoc split: the options are checked before any file is read."""

    request = SplitRequest(amount, units_by(by), equal_base, equal_over, method, tie_rule)
    request.validate()
    geography = load_geography(population_dir)
    dataset = load_dataset(population_dir, dataset_name, geography)
    try:
        return Split(split_amount(request, geography, dataset), dataset)
    except AllocationInputError as error:  # e.g. the figures' total is zero
        raise error.locate(str(population_dir / f"{dataset_name}.csv")) from None


def _ascii(text: str) -> str:
    """``text`` as lower-case ASCII for a file name (``män`` -> ``man``)."""
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
