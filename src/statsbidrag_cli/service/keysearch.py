"""Use cases of ``audit --find-key``: which key a published table was made with.

Two entries: a decision's own published table (every population part of it is searched,
each candidate dataset put in the place of the decision's own by a what-if), and a table read
from a file with no decision at all (``audit --table FILE --amount KR --level lan``). Both
try every candidate dataset (all installed, or those named) with the pure
:func:`~statsbidrag_cli.core.keysearch.find_key` and return a named result.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.geography import PopulationDataset
from ..core.keysearch import (
    KeyCandidate,
    KeySearchResult,
    SearchedPart,
    TableRow,
    find_key,
)
from ..core.kinds import kind_of
from ..core.split import SPLIT_UNITS, UNIT_ALIASES
from ..errors import StatsbidragError
from ..files.local.population import dataset_names, load_dataset, load_geography
from ..files.local.store import DataDirs, default_dir, load_decision
from ..i18n import _, kr
from .decisions import PopulationCache, allocate_loaded
from .variants import Variant, apply_variant


def candidate_datasets(dirs: DataDirs, names: Sequence[str] | None) -> tuple[str, ...]:
    """The datasets to try: ``names`` as given (each must exist), else every dataset of the
    population folder and of the built-in one (the historical county figures)."""
    if names:
        for name in names:
            load_dataset(dirs.population, name)  # a clear error for a name that is not there
        return tuple(dict.fromkeys(names))
    found = dataset_names(dirs.population)
    built_in = default_dir("population")
    if built_in.resolve() != dirs.population.resolve() and built_in.is_dir():
        found += dataset_names(built_in)
    return tuple(sorted(set(found)))


def find_key_in_decision(
    dirs: DataDirs, reference: str, datasets: Sequence[str] | None = None
) -> KeySearchResult:
    """Search the key of each population part of the decision's published table."""
    from ..core.audit import published_table

    loaded = load_decision(dirs, reference)
    population = PopulationCache(dirs.population)
    own = allocate_loaded(loaded, population)
    published = published_table(own)
    names = candidate_datasets(dirs, datasets)
    parts = [  # the parts rounded from a key's quotas: whose key a table can tell
        result
        for result in own.components
        if kind_of(result.component).rounded and result.dataset is not None
    ]
    if not parts:
        raise StatsbidragError(
            _("{id} has no part split by population figures: there is no key to find").format(
                id=own.decision_id
            )
        )
    notes: list[str] = []
    not_tried: list[tuple[str, str]] = []
    candidates: dict[str, list[KeyCandidate]] = {part.component.id: [] for part in parts}
    for name in names:
        try:
            variant = allocate_loaded(apply_variant(loaded, Variant(population=name)), population)
        except StatsbidragError as error:
            not_tried.append((name, error.message))
            continue
        for result in variant.components:
            if result.component.id in candidates and result.dataset is not None:
                figures = dict(zip(result.keys, result.weights, strict=True))
                candidates[result.component.id].append(_candidate(result.dataset, figures))
    notes += not_tried_notes(not_tried)
    rows_by_code = {row.code: row for row in published.rows}
    searched = []
    levels: dict[str, None] = {}
    for result in parts:
        component = result.component
        kind = kind_of(component)
        component_id = component.id
        levels[kind.level(component) or ""] = None
        rows = []
        for key, name, payee in zip(result.keys, result.names, result.payees, strict=True):
            row = rows_by_code.get(payee)
            figure = row.part(component_id) if row is not None and not row.derived else None
            if row is None and published.complete:
                figure = 0
            if result.payees.count(payee) > 1:  # the row sums several units: none is known
                figure = None
            rows.append(TableRow(key, name, figure))
        floor, cap = kind.limits(component)
        if floor or cap is not None:
            notes.append(
                _(
                    "{label}: its floor and cap are not part of the search; each candidate is "
                    "tried as a plain split"
                ).format(label=component.label)
            )
        search = find_key(component.amount, rows, candidates[component_id])
        searched.append(SearchedPart(component_id, component.label, search))
    return KeySearchResult(
        subject=own.decision_id,
        level=", ".join(levels),
        parts=tuple(searched),
        datasets=names,
        notes=tuple(notes),
    )


def find_key_in_table(
    dirs: DataDirs,
    table: Path,
    amount: int | None,
    level: str,
    datasets: Sequence[str] | None = None,
    column: str | None = None,
) -> KeySearchResult:
    """Search the key of a table read from a file: ``amount`` kronor split over the units of
    ``level`` (lan/regions, kommun/kommuner, samverkansregioner)."""
    from ..files.local.published_table import read_published_table

    units = table_level(level)
    geography = load_geography(dirs.population)
    read = read_published_table(table, units, geography, column)
    notes = list(read.notes)
    if amount is None:
        if read.grand_total is None:
            raise StatsbidragError(
                _(
                    "{path}: give --amount KRONOR (the amount the table splits); the table has "
                    "no total row to take it from"
                ).format(path=table)
            )
        amount = read.grand_total
        notes.append(
            _("the amount split is the table's printed total, {amount} kr (no --amount given)")
            .format(amount=kr(amount))
        )  # fmt: skip
    if amount <= 0:
        raise StatsbidragError(_("--amount must be a positive number of kronor"))
    names = candidate_datasets(dirs, datasets)
    codes = [row.code for row in read.rows]
    not_tried: list[tuple[str, str]] = []
    candidates: list[KeyCandidate] = []
    for name in names:
        try:
            dataset = load_dataset(dirs.population, name, geography)
            found = geography.units(units, dataset, None if units == "samverkansregioner"
                                    else codes, [])  # fmt: skip
        except StatsbidragError as error:
            not_tried.append((name, error.message))
            continue
        candidates.append(_candidate(dataset, {unit.key: unit.persons for unit in found}))
    notes += not_tried_notes(not_tried)
    search = find_key(amount, read.rows, candidates, read.totals, read.grand_total)
    return KeySearchResult(
        subject=str(table),
        level=units,
        parts=(SearchedPart("table", table.name, search),),
        datasets=names,
        notes=tuple(notes),
    )


def not_tried_notes(not_tried: Sequence[tuple[str, str]]) -> list[str]:
    """One note per reason a candidate could not be tried, naming every dataset it holds for
    (eleven county datasets cannot give a kommun split for one reason, said once)."""
    by_reason: dict[str, list[str]] = {}
    for name, reason in not_tried:
        by_reason.setdefault(reason.replace(name, "{name}"), []).append(name)
    notes = []
    for reason, names in by_reason.items():
        first = reason.replace("{name}", names[0])
        if len(names) == 1:
            notes.append(_("Not tried: {name}: {reason}").format(name=names[0], reason=first))
        else:
            notes.append(
                _("Not tried: {names}; the reason, for {name}: {reason}").format(
                    names=", ".join(names), name=names[0], reason=first
                )
            )
    return notes


SINGULAR_UNITS = {
    "region": "regions",
    "kommun": "kommuner",
    "samverkansregion": "samverkansregioner",
}
"""``--level`` names what one row is: the singular of a split's units (and the words
``split --by`` takes, :data:`~statsbidrag_cli.core.split.UNIT_ALIASES`)."""


def table_level(level: str) -> str:
    """The units of ``--level`` (``lan`` -> ``regions``); a usage error for anything else."""
    word = level.strip().lower()
    units = SINGULAR_UNITS.get(word) or UNIT_ALIASES.get(word, word)
    if units not in SPLIT_UNITS:
        raise StatsbidragError(
            _("--level must be lan, kommun or samverkansregion, not {level!r}").format(level=level)
        )
    return units


def _candidate(dataset: PopulationDataset, figures: dict[str, int]) -> KeyCandidate:
    """A dataset's figures per unit as a candidate key, with its date and title."""
    info = dataset.info
    return KeyCandidate(info.name, info.reference_date.isoformat(), info.title, figures)
