"""The library API behind the CLI: load what a request needs, then compute.

Each function reads files through :mod:`statsbidrag_cli.files`, hands the values to the pure
:mod:`statsbidrag_cli.core`, and returns results. The CLI only wires options to these
functions and results to reports and renderers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import AllocationInputError, StatsbidragError
from .i18n import _

if TYPE_CHECKING:  # annotations only: each function imports what it runs, so start-up stays small
    from .core.allocation import Allocation
    from .core.audit import ComponentAudit
    from .core.checks import CheckOutcome, CheckReport
    from .core.geography import Geography, PopulationDataset
    from .core.obligations import DatedObligation, LedgerLine
    from .core.programme import Comparison, ProgrammeAllocation
    from .core.repay import RepaymentRow
    from .core.split import SplitResult
    from .files.pxweb import Figure
    from .files.scb import ScbClient
    from .files.sources import SourceLibrary
    from .files.store import DataDirs, LoadedDecision
    from .models.programme import Model, Programme


@dataclass
class PopulationCache:
    """Geography and datasets read once per command, however many decisions use them."""

    population_dir: Path
    _geography: Geography | None = None
    _datasets: dict[str, PopulationDataset] | None = None

    @property
    def geography(self) -> Geography:
        from .files.population import load_geography

        if self._geography is None:
            self._geography = load_geography(self.population_dir)
        return self._geography

    def datasets_for(self, loaded: LoadedDecision) -> dict[str, PopulationDataset]:
        """The datasets the decision's population components name."""
        from .files.population import load_dataset
        from .models.decision import PopulationComponent

        if self._datasets is None:
            self._datasets = {}
        for index, component in enumerate(loaded.decision.components):
            if isinstance(component, PopulationComponent):
                name = component.population
                if name not in self._datasets:
                    try:
                        dataset = load_dataset(self.population_dir, name, self.geography)
                    except StatsbidragError as error:
                        error.location = ("components", index, "population")
                        raise loaded.located(error) from None
                    self._datasets[name] = dataset
        return self._datasets


def allocate_loaded(loaded: LoadedDecision, cache: PopulationCache) -> Allocation:
    """Allocate an already loaded decision; an error names the decision file and line."""
    from .core.allocation import allocate

    geography, datasets = cache.geography, cache.datasets_for(loaded)
    try:
        return allocate(loaded.id, loaded.decision, geography, datasets)
    except StatsbidragError as error:
        located = loaded.located(error)
        located.details += _sum_failures(loaded)
        raise located from None


def _sum_failures(loaded: LoadedDecision) -> list[str]:
    """What the allocation-free checks find wrong, so that a decision that cannot be
    allocated (a tie without a rule) still has its sums reported, each at its line."""
    from .core.checks import decision_findings

    failures = []
    for finding in decision_findings(loaded.decision):
        if not finding.ok:
            where = loaded.where(finding.location)
            failures.append(f"{where}: {finding.message}")
    return failures


def allocate_decision(dirs: DataDirs, reference: str) -> Allocation:
    """Load the decision ``reference`` (id or diarienummer) and allocate it."""
    from .files.store import decision_path, load_decision_file

    loaded = load_decision_file(decision_path(dirs.decisions, reference))
    return allocate_loaded(loaded, PopulationCache(dirs.population))


def check_decisions(
    dirs: DataDirs, references: Sequence[str], changed_since: str | None = None
) -> list[CheckOutcome]:
    """Check the named decisions (ids, diarienummer or file paths), those changed since git
    revision ``changed_since``, or every decision file when neither is given.

    One unreadable file does not stop the others from being checked; it is reported as an
    error outcome. A diarienummer shared with any file of the folder is an error even when
    only some files are checked.
    """
    if changed_since is not None:
        from .files.changes import changed_decision_files

        paths = changed_decision_files(dirs.decisions, changed_since)
        named = [_reference_path(dirs, reference) for reference in references]
        paths += [path for path in named if path not in paths]
    elif references:
        paths = [_reference_path(dirs, reference) for reference in references]
    else:
        paths = _all_decision_files(dirs)
    return _check_paths(dirs, paths, whole_set=not references and changed_since is None)


@dataclass
class _Entry:
    """One decision file checked: its diarienummer and where it stands, and its report or the
    error that kept it from being checked."""

    path: Path
    key: str = ""
    identity: tuple[str | None, str] | None = None
    report: CheckReport | None = None
    error: StatsbidragError | None = None


def _check_paths(dirs: DataDirs, paths: Sequence[Path], whole_set: bool) -> list[CheckOutcome]:
    """Check each file: a report from the cache when the file, the population folder and the
    sources are as they were, else computed (and cached)."""
    from .core.checks import CheckOutcome
    from .files import cache
    from .files.sources import SourceLibrary
    from .files.store import load_decision_file
    from .files.text import read_text

    folders_key = _folders_key(dirs)
    population: PopulationCache | None = None
    library: SourceLibrary | None = None
    entries = []
    for path in paths:  # one file at a time, so memory stays flat however many there are
        entry = _Entry(path)
        try:
            text = read_text(path)
            entry.key = _check_key(folders_key, path, text)
            hit = cache.load("checks", entry.key)
            if hit is not None:
                entry.report, entry.identity = hit
            else:
                loaded = load_decision_file(path)
                entry.identity = _identity(loaded)
                population = population or PopulationCache(dirs.population)
                library = library or SourceLibrary(dirs.sources_folder)
                allocation = allocate_loaded(loaded, population)
                entry.report = full_check(loaded, allocation, library)
                cache.store("checks", entry.key, (entry.report, entry.identity))
        except StatsbidragError as error:
            entry.error = error
        entries.append(entry)
    identities = {e.path: e.identity for e in entries if e.identity is not None}
    clashes = _shared_diarienummer(identities)
    if not whole_set:
        clashes |= _clashes_with_the_set(dirs, identities)
    outcomes = []
    for entry in entries:
        failure = entry.error or clashes.get(entry.path)
        report = None if failure is not None else entry.report
        outcomes.append(CheckOutcome(entry.path.stem, report, failure, str(entry.path)))
    return outcomes


def _identity(loaded: LoadedDecision) -> tuple[str | None, str]:
    """A decision's diarienummer and the file:line:column where it stands."""
    return loaded.decision.diarienummer, loaded.where(("diarienummer",))


def _reference_path(dirs: DataDirs, reference: str) -> Path:
    """A decision named by id or diarienummer, or given as a path to its file."""
    from .files.store import decision_path

    candidate = Path(reference)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return candidate
    return decision_path(dirs.decisions, reference)


def _clashes_with_the_set(
    dirs: DataDirs, identities: dict[Path, tuple[str | None, str]]
) -> dict[Path, StatsbidragError]:
    """Checked files whose diarienummer another file of the decisions folder also has."""
    from .files.changes import diarienummer_index

    index = diarienummer_index(dirs.decisions)
    errors = {}
    for path, (number, where) in identities.items():
        if number is None:
            continue
        others = sorted(str(p) for p, n in index.items() if n == number and p != path.resolve())
        if others:
            errors[path] = StatsbidragError(
                _(
                    "{where}: diarienummer {number} is also that of {value}; keep one "
                    "file per decision"
                ).format(where=where, number=number, value=", ".join(others))
            )
    return errors


def _shared_diarienummer(
    identities: dict[Path, tuple[str | None, str]],
) -> dict[Path, StatsbidragError]:
    """An error for every file whose diarienummer another file of the set has too: one
    decision is one file, or ``ledger`` would charge its anslagspost twice."""
    by_number: dict[str, list[Path]] = {}
    for path, (number, _unused) in identities.items():
        if number is not None:
            by_number.setdefault(number, []).append(path)
    errors = {}
    for number, paths in by_number.items():
        if len(paths) > 1:
            for path in paths:
                others = ", ".join(str(p) for p in paths if p != path)
                errors[path] = StatsbidragError(
                    _(
                        "{value}: diarienummer {number} is also that of {others}; keep "
                        "one file per decision"
                    ).format(value=identities[path][1], number=number, others=others)
                )
    return errors


@dataclass(frozen=True)
class FileOutcome:
    """What ``validate`` found in one file: its kind and every problem (none if it is valid)."""

    path: Path
    kind: str
    problems: list[str]


def validate_file(path: Path, population_dir: Path, sources: Path | None = None) -> FileOutcome:
    """Validate one decision or population file, whatever folder it is in.

    Decision files are also allocated and checked against the population files in
    ``population_dir``, so unknown codes and amounts that do not add up are reported too;
    their quotes are checked against ``sources`` (default: ``sources`` beside the folder the
    file is in).
    """
    from .files.population import validate_population_file
    from .files.sources import SourceLibrary
    from .files.store import load_decision_file, sources_beside
    from .files.text import read_text
    from .files.yamlfile import parse_yaml

    kind = _("CSV file") if path.suffix.lower() == ".csv" else _("YAML file")
    try:
        if path.suffix.lower() == ".csv":
            kind = validate_population_file(path, population_dir)
            return FileOutcome(path, kind, [])
        document = parse_yaml(read_text(path), path, collect=True)  # to see what it is
        if isinstance(document.data, dict) and (
            "samverkansregioner" in document.data or "reference_date" in document.data
        ):
            kind = validate_population_file(path, population_dir)
            return FileOutcome(path, kind, [])
        kind = _("decision")
        loaded = load_decision_file(path)
        allocation = allocate_loaded(loaded, PopulationCache(population_dir))
        library = SourceLibrary(sources or sources_beside(path.parent))
        report = full_check(loaded, allocation, library)
    except StatsbidragError as error:
        return FileOutcome(path, kind, [error.message, *error.details])
    return FileOutcome(path, kind, [f.located_message for f in report.failures])


def load_all_decisions(dirs: DataDirs) -> list[LoadedDecision]:
    """Every decision file in the decisions folder, validated; the first invalid one, or two
    files with one diarienummer, is an error."""
    from .files.store import load_decision_file

    decisions = [load_decision_file(path) for path in _all_decision_files(dirs)]
    clashes = _shared_diarienummer({d.path: _identity(d) for d in decisions})
    if clashes:
        first, *rest = clashes.values()
        raise StatsbidragError(first.message, [error.message for error in rest])
    return decisions


def _all_decision_files(dirs: DataDirs) -> list[Path]:
    """The decision files in the folder; an empty folder is an error, not a silent pass."""
    from .files.store import decision_files

    paths = decision_files(dirs.decisions)
    if not paths:
        raise StatsbidragError(
            _("no decision files (*.yaml) in {decisions}").format(decisions=dirs.decisions)
        )
    return paths


def import_population(
    population_dir: Path,
    export: Path,
    name: str,
    reference_date: dt.date,
    source: str | None,
    column: str | None,
    force: bool,
) -> tuple[PopulationDataset, str]:
    """Read a PxWeb export and write it as dataset ``NAME`` (``.csv`` + ``.yaml``).

    Returns the dataset as loaded back from the files written, and a one-line summary. The
    export is parsed, checked against the geography and both targets are checked before
    anything is written; then both files are written, or neither.
    """
    from .files.population import validate_dataset_name
    from .files.pxweb import parse_export

    validate_dataset_name(name)
    try:
        raw = export.read_bytes()
    except OSError as error:
        raise StatsbidragError(
            _("{export}: cannot read ({strerror})").format(export=export, strerror=error.strerror)
        ) from None
    parsed = parse_export(raw, str(export), column)
    info = {
        "name": name,
        "title": f"Folkmängd {reference_date.isoformat()} ({export.name})",
        "reference_date": reference_date,
        "source": source
        or f"SCB:s statistikdatabas (PxWeb), {parsed.shape}-export {export.name}, "
        f"kolumn {parsed.column!r}, läst som {parsed.encoding}.",
    }
    dataset, summary = _save_dataset(population_dir, name, parsed.figures, info, force, str(export))
    return dataset, f"{summary} ({parsed.shape}, {parsed.encoding})"


def fetch_population(
    population_dir: Path,
    reference_date: dt.date,
    level: str,
    name: str | None,
    base_url: str,
    force: bool,
    client: ScbClient | None = None,
) -> tuple[PopulationDataset, str]:
    """Fetch SCB's published totals for ``reference_date`` and write them as a dataset.

    ``level`` ``lan`` gives the 21 county totals; ``kommun`` the 290 kommuner and the county
    totals, so counties and samverkansregioner can use SCB's own totals. The figures go
    through the same checks and all-or-nothing write as :func:`import_population`.
    """
    from .files.population import load_geography, validate_dataset_name
    from .files.pxweb import parse_export
    from .files.scb import ScbClient, table_for

    if level not in ("lan", "kommun"):
        raise StatsbidragError(
            _("--level must be lan or kommun, not {level!r}").format(level=level)
        )
    name = name or f"scb_{level}_{reference_date.isoformat()}"
    validate_dataset_name(name)
    table = table_for(reference_date)
    geography = load_geography(population_dir)
    regions = sorted(geography.counties)
    if level == "kommun":
        regions += sorted(geography.kommuner)
    _dataset_targets(population_dir, name, force)  # before asking SCB anything
    answer = (client or ScbClient(base_url)).population(reference_date, regions)
    parsed = parse_export(answer.body, f"SCB's answer from {answer.url}")
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
    noise = (
        "Från referensår 2025 lägger SCB till en liten kontrollerad slumpmässig osäkerhet i "
        "varje publicerad siffra (Cell Key Method). Länssummorna här är SCB:s publicerade "
        "summaceller, behållna som de är, aldrig ersatta av summor av kommuner."
        if table.noise_protected
        else None
    )
    info: dict[str, object] = {
        "name": name,
        "title": f"Folkmängd 31 december {reference_date.year} "
        f"({'län' if level == 'lan' else 'kommuner och län'}, SCB {table.table})",
        "reference_date": reference_date,
        "source": f"SCB, PxWebApi 2.0, tabell {table.table} "
        f"({answer.table_info.get('label', 'Folkmängden efter region')}), hämtad med "
        "`statsbidrag population fetch`.",
        "noise_note": noise,
        "fetched": {
            "table": table.table,
            "url": answer.url,
            "body": answer.request_body,
            "updated": answer.updated,
            "retrieved": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        },
    }
    return _save_dataset(population_dir, name, parsed.figures, info, force, answer.url)


def _dataset_targets(population_dir: Path, name: str, force: bool) -> tuple[Path, Path]:
    """``NAME.csv`` and ``NAME.yaml``; existing ones are refused unless ``force``."""
    targets = (population_dir / f"{name}.csv", population_dir / f"{name}.yaml")
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise StatsbidragError(
            _("{value} exists; use --force to replace").format(value=", ".join(existing))
        )
    return targets


def _save_dataset(
    population_dir: Path,
    name: str,
    figures: Sequence[Figure],
    info: dict[str, object],
    force: bool,
    origin: str,
) -> tuple[PopulationDataset, str]:
    """Check figures against the geography, then write ``NAME.csv`` and ``NAME.yaml`` (both
    or neither) and load them back; ``info`` gets the level and the counts."""
    from .files.population import load_dataset, load_geography, write_dataset
    from .files.pxweb import dataset_csv, figures_of

    targets = _dataset_targets(population_dir, name, force)
    geography = load_geography(population_dir)
    checked = figures_of(Path(origin), tuple(figures))
    problems = checked.problems_against(geography)
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
        "level": checked.level,
        "reference_date": info["reference_date"],
        "source": info["source"],
        "checks": f"{counties} länssiffror och {kommuner} kommunsiffror; "
        f"{sum(f.persons for f in figures)} personer på alla rader.",
        **{key: value for key, value in info.items() if key in ("noise_note", "fetched") and value},
    }
    write_dataset(targets, dataset_csv(tuple(figures)), info, force)
    dataset = load_dataset(population_dir, name, geography)
    summary = _("Wrote {csv} and {yaml}: {counties} counties, {kommuner} kommuner").format(
        csv=targets[0], yaml=targets[1], counties=counties, kommuner=kommuner
    )
    return dataset, summary


def load_population(
    population_dir: Path, name: str, by: str
) -> tuple[PopulationDataset, Geography, str]:
    """One population dataset, the geography, and the units to sum it ``by`` in the format's
    words (``regioner`` -> ``regions``; checked before any file is read)."""
    from .core.split import units_by
    from .files.population import load_dataset, load_geography

    units = units_by(by)
    return load_dataset(population_dir, name), load_geography(population_dir), units


def population_datasets(population_dir: Path) -> list[PopulationDataset]:
    """Every dataset (``NAME.csv`` with ``NAME.yaml``) in the folder, by name."""
    from .files.population import dataset_names, load_dataset

    return [load_dataset(population_dir, name) for name in dataset_names(population_dir)]


def load_programme(programmes_dir: Path, reference: str) -> tuple[str, Programme]:
    """Read and validate ``programmes/NAME.yaml``; NAME is checked like a decision id."""
    from .files.programme import read_programme

    return read_programme(programmes_dir, reference)


def programme_inputs(
    population_dir: Path, programme: Programme, models: Sequence[Model]
) -> tuple[dict[str, dict[str, int]], dict[str, str]]:
    """Region populations per dataset the programme needs, and region names by code."""
    from .core.programme import datasets_needed
    from .files.population import load_dataset, load_geography

    geography = load_geography(population_dir)
    codes = programme.regions or sorted(geography.counties)
    names = {code: geography.county(code).region for code in codes}
    populations = {}
    for name in datasets_needed(programme, models):
        dataset = load_dataset(population_dir, name)
        populations[name] = {code: dataset.county_persons(code) for code in codes}
    return populations, names


def allocate_programme_named(
    dirs: DataDirs, programmes_dir: Path, reference: str, model_id: str | None
) -> ProgrammeAllocation:
    """Read a programme and allocate every year under one of its models; an error names the
    programme file."""
    from .core.programme import allocate_programme

    name, programme = load_programme(programmes_dir, reference)
    with _in_file(programmes_dir / f"{name}.yaml"):
        model = programme.model(model_id)
        populations, names = programme_inputs(dirs.population, programme, [model])
        return allocate_programme(name, programme, model, populations, names)


def compare_programme(
    dirs: DataDirs,
    programmes_dir: Path,
    reference: str,
    year: int | None,
    model_ids: Sequence[str] | None,
) -> Comparison:
    """One year of a programme under two or more of its models, side by side; an error names
    the programme file."""
    from .core.programme import compare_models, comparison_plan

    name, programme = load_programme(programmes_dir, reference)
    with _in_file(programmes_dir / f"{name}.yaml"):
        plan, models = comparison_plan(programme, year, model_ids)
        populations, names = programme_inputs(dirs.population, programme, models)
        return compare_models(programme, plan, models, populations, names)


@contextmanager
def _in_file(path: Path) -> Iterator[None]:
    """Errors raised inside name ``path`` (unless they name a file already)."""
    try:
        yield
    except StatsbidragError as error:
        if not _names_a_file(error.message):
            raise error.locate(str(path)) from None
        raise


def _names_a_file(message: str) -> bool:
    """Whether a message already starts with a file (``something.yaml:`` or ``.csv:``)."""
    head = message.split(" ", 1)[0]
    return any(f"{suffix}:" in head for suffix in (".yaml", ".csv", ".json", ".yml"))


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
) -> tuple[SplitResult, PopulationDataset]:
    """An ad-hoc split: the options are checked before any file is read."""
    from .core.split import SplitRequest, split_amount, units_by
    from .files.population import load_dataset, load_geography

    request = SplitRequest(amount, units_by(by), equal_base, equal_over, method, tie_rule)
    request.validate()
    geography = load_geography(population_dir)
    dataset = load_dataset(population_dir, dataset_name, geography)
    try:
        return split_amount(request, geography, dataset), dataset
    except AllocationInputError as error:  # e.g. the figures' total is zero
        raise error.locate(str(population_dir / f"{dataset_name}.csv")) from None


def repay_decision(
    dirs: DataDirs, reference: str, used: Path
) -> tuple[Allocation, list[RepaymentRow], list[str]]:
    """A decision's repayments from a usage file: paid (published, else computed) less used.

    Also returns notes on how the file was read (e.g. codes whose leading zeros a spreadsheet
    dropped), for standard error."""
    from .core.repay import paid_amounts, repay_allocation
    from .files.usage import read_usage

    allocation = allocate_decision(dirs, reference)
    usage = read_usage(used, paid_amounts(allocation))
    return allocation, repay_allocation(allocation, usage.usage), usage.notes


def show_decision(
    dirs: DataDirs, reference: str
) -> tuple[LoadedDecision, dict[str, str], SourceLibrary]:
    """A decision as read, the region names by county code that ``show`` prints, and the
    decision set's source documents."""
    from .files.population import load_geography
    from .files.sources import SourceLibrary
    from .files.store import decision_path, load_decision_file

    loaded = load_decision_file(decision_path(dirs.decisions, reference))
    counties = load_geography(dirs.population).counties
    regions = {code: county.region for code, county in counties.items()}
    return loaded, regions, SourceLibrary(dirs.sources_folder)


def audit_decision(dirs: DataDirs, reference: str) -> tuple[Allocation, list[ComponentAudit]]:
    """A decision allocated, and its published table compared with every rounding method."""
    from .core.audit import audit_allocation

    allocation = allocate_decision(dirs, reference)
    return allocation, audit_allocation(allocation)


def ledger(dirs: DataDirs, year: int | None) -> tuple[list[LedgerLine], list[int]]:
    """What all decisions charge per anslagspost and budget year (all years when None), and
    every budget year the decisions charge."""
    from .core.obligations import ledger_lines

    decisions = load_all_decisions(dirs)
    years = sorted({line.budget_year for d in decisions for line in d.decision.funding})
    return ledger_lines(decisions, year), years


def deadlines_after(dirs: DataDirs, after: dt.date | None) -> list[DatedObligation]:
    """Every dated obligation across decisions, later than ``after`` when given."""
    from .core.obligations import obligations

    return obligations(load_all_decisions(dirs), after)


def allocate_and_check(dirs: DataDirs, reference: str) -> tuple[Allocation, list[str]]:
    """Allocate a decision, and say what ``check`` would report as failed (empty: passes)."""
    from .files import cache
    from .files.sources import SourceLibrary
    from .files.store import decision_path, load_decision_file
    from .files.text import read_text

    path = decision_path(dirs.decisions, reference)
    loaded = load_decision_file(path)
    allocation = allocate_loaded(loaded, PopulationCache(dirs.population))
    key = _check_key(_folders_key(dirs), path, read_text(path))
    hit = cache.load("checks", key)
    if hit is not None:  # the same file, population and sources as a check before
        report = hit[0]
    else:
        report = full_check(loaded, allocation, SourceLibrary(dirs.sources_folder))
        cache.store("checks", key, (report, _identity(loaded)))
    return allocation, [finding.located_message for finding in report.failures]


def _folders_key(dirs: DataDirs) -> str:
    """The population and sources folders' files and content, read once per command."""
    from .files import cache

    return cache.fingerprint(
        cache.folder_fingerprint(dirs.population), cache.folder_fingerprint(dirs.sources_folder)
    )


def _check_key(folders_key: str, path: Path, text: str) -> str:
    """The cache key of a decision's check: its file and content, the population and sources
    folders (:func:`_folders_key`), and statsbidrag's version."""
    from .files import cache

    return cache.fingerprint("check", str(path), text, folders_key)


def full_check(
    loaded: LoadedDecision, allocation: Allocation, library: SourceLibrary
) -> CheckReport:
    """Every check of a decision: the sums (:mod:`.core.checks`) and its sources
    (:mod:`.core.traceability`); a failure names the file and line of the field at fault."""
    from .core.checks import CheckReport, check_allocation
    from .core.traceability import source_uses, trace_sources

    decision = loaded.decision
    documents = library.texts({use.source.document for use in source_uses(decision)})
    findings = [*check_allocation(allocation).findings, *trace_sources(decision, documents)]
    located = []
    for finding in findings:
        mark = loaded.mark(finding.location)
        line, column = mark if mark else (None, None)
        located.append(replace(finding, file=str(loaded.path), line=line, column=column))
    return CheckReport(allocation.decision_id, tuple(located))


def new_decision(
    reference: str, shape: str, target: Path, text_file: Path | None, force: bool
) -> list[Path]:
    """Write a skeleton decision file at ``target`` (drafted from ``text_file`` when given),
    with the sources folder beside its folder (the text copied into it). Returns what was
    written."""
    from .core.drafting import draft
    from .files.output import write_files
    from .files.skeleton import SHAPES, skeleton
    from .files.store import decision_id, default_dir, sources_beside
    from .files.text import read_text

    if shape not in SHAPES:
        raise StatsbidragError(
            _("--shape must be one of {value}, not {shape!r}").format(
                value=", ".join(SHAPES), shape=shape
            )
        )
    decision_id(reference)  # refuses anything that is not an id or a diarienummer
    sources = sources_beside(target.parent)
    items: list[tuple[Path, bytes]] = []
    found = None
    document = "FYLL I: källdokumentets filnamn i sources/"
    if text_file is not None:
        text = read_text(text_file, 20_000_000)
        found = draft(text)
        document = text_file.name
        copy = sources / text_file.name
        if not copy.exists():
            items.append((copy, text.encode("utf-8")))
    schema = default_dir("schema") / "decision.schema.json"
    items.insert(0, (target, skeleton(reference, shape, schema, found, document).encode("utf-8")))
    for folder in {target.parent, sources}:
        folder.mkdir(parents=True, exist_ok=True)
    write_files(items, force)
    return [path for path, _ in items]
