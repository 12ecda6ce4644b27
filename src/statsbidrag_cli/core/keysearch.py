"""Finding an unstated key: which figures, date and rule a published table was made with.

Pure. A published table gives an amount per unit (a county, a kommun) and, often, no word on
the figures it was split by. Given candidate keys (population datasets of the table's level)
this module splits the amount by each candidate with every rounding method of
:data:`~.engine.METHODS` (and, where equal remainders decide a krona, each tie rule of
:data:`~.split.TIE_RULES`) and ranks the candidates by how well they reproduce the known rows:

1. a rule gives every known row exactly (**reproduced**), or does so but for one-krona moves
   that make the total hold (**adjusted**, as in :mod:`.audit`);
2. else every known row is within 1 kr of the candidate's exact quota (**within_one_krona**:
   the figures fit, the rounding is not identified);
3. else the candidate does not explain the table (**not_consistent**).

Within a class: more rows exactly equal first, then the smaller largest |published − exact
quota|. The best candidate is reported as *consistent with*, never as proven, beside the
runner-up from another dataset and the margin between them. When no candidate reaches class 2,
nothing is attributed. When the best two datasets cannot be told apart, neither is.

**The power to tell candidates apart.** A table rounded to whole kronor can only tell two
keys apart where their exact quotas differ by more than the rounding can hide: at 1 000 kr
split over 10 million persons, one krona is 10 000 persons, and every key of the right level
comes within 1 kr of every row. So the best is attributed only when the runner-up is not
also consistent with the table, or their exact quotas differ by **more than 1 kr on at least
one known row** (:attr:`KeySearch.separation`); otherwise the verdict is
**indistinguishable**, with the resolution in persons per krona.

A search also shows faults only it reveals: two rows whose deviations mirror each other and
whose figures, swapped, reproduce the table (:class:`Swap`); a printed total that differs from
the sum of its printed rows (:class:`TotalFinding`, display rounding), which is a finding of
its own and never fails the rows. Every difference is **published − computed**.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from ..errors import TieError
from .audit import hand_adjustments
from .engine import METHODS, allocate_by
from .parts import tie_priorities
from .split import TIE_RULES

if TYPE_CHECKING:
    from ..models.decision import TieRule

CLASSES = ("reproduced", "adjusted", "within_one_krona", "not_consistent")
"""How well a candidate fits, best first."""
CONSISTENT = CLASSES[:3]
"""Classes for which a candidate is reported as consistent with the table."""


@dataclass(frozen=True)
class KeyCandidate:
    """One key to try: a dataset's figures per unit code, with what identifies them."""

    name: str
    reference_date: str
    """ISO date of the figures."""
    title: str
    weights: Mapping[str, int]


@dataclass(frozen=True)
class TableRow:
    """One unit of the published table; ``published`` None: the table does not give it."""

    code: str
    name: str
    published: int | None


@dataclass(frozen=True)
class PrintedTotal:
    """A total the table prints (a Summa row, a county subtotal) and the rows it sums."""

    label: str
    printed: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class Trial:
    """One candidate split by one rule, measured against the known rows."""

    dataset: str
    reference_date: str
    title: str
    method: str
    tie_rule: TieRule | None
    fit: str
    """One of :data:`CLASSES`."""
    exact_rows: int
    rows_compared: int
    largest_kronor: Fraction
    """The largest |published − exact quota| over the known rows, in kronor."""
    largest_persons: Fraction
    """The same deviation in persons: kronor × total weight / amount."""
    adjustments: tuple[tuple[str, int], ...]
    differing: tuple[tuple[str, int], ...]
    """(code, published − computed) of every known row the rule does not give."""

    @property
    def consistent(self) -> bool:
        return self.fit in CONSISTENT

    @property
    def rank(self) -> tuple[int, int, Fraction]:
        """Lower is better: class, then more exact rows, then the smaller largest deviation."""
        return (CLASSES.index(self.fit), -self.exact_rows, self.largest_kronor)


@dataclass(frozen=True)
class Swap:
    """Two units whose figures look swapped in ``dataset``: with them exchanged, ``method``
    reproduces the table (``fit``), while as published they deviate by mirrored amounts."""

    dataset: str
    reference_date: str
    first: str
    second: str
    first_deviation: Fraction
    """published − exact quota for ``first`` with the figures as the dataset has them."""
    second_deviation: Fraction
    method: str
    fit: str


@dataclass(frozen=True)
class TotalFinding:
    """A printed total that differs from the sum of its printed rows."""

    label: str
    printed: int
    rows_sum: int

    @property
    def difference(self) -> int:
        """printed − the sum of the rows."""
        return self.printed - self.rows_sum


@dataclass(frozen=True)
class Skipped:
    """A candidate that could not be tried, and why (units it lacks, no persons)."""

    dataset: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class KeySearch:
    """The ranked trials of every candidate, with the attribution and the findings."""

    amount: int
    rows: tuple[TableRow, ...]
    trials: tuple[Trial, ...]
    """Best first; one per candidate and rule."""
    swaps: tuple[Swap, ...]
    totals: tuple[TotalFinding, ...]
    skipped: tuple[Skipped, ...]
    candidates: tuple[KeyCandidate, ...] = ()
    """The candidates tried (not those skipped), in the order given."""
    printed_amount: int | None = None
    """The table's own printed grand total, where the amount searched (``--amount``) is
    another: a finding of its own."""

    def weights(self, trial: Trial) -> list[int]:
        """The key figures of the trial's dataset, one per row."""
        figures = next(c.weights for c in self.candidates if c.name == trial.dataset)
        return [figures[row.code] for row in self.rows]

    def split(self, trial: Trial) -> list[int]:
        """The trial's own split of the amount, one amount per row."""
        keys = [row.code for row in self.rows]
        return _split(trial.method, trial.tie_rule, self.amount, self.weights(trial), keys)

    @property
    def best(self) -> Trial | None:
        """The best trial, whatever its fit (None when no candidate could be tried)."""
        return self.trials[0] if self.trials else None

    @property
    def runner_up(self) -> Trial | None:
        """The best trial of any other dataset than the best one's."""
        best = self.best
        if best is None:
            return None
        return next((t for t in self.trials if t.dataset != best.dataset), None)

    @property
    def equally_good(self) -> tuple[Trial, ...]:
        """The trials of the best dataset that rank with the best one (rules not told apart)."""
        best = self.best
        if best is None:
            return ()
        return tuple(t for t in self.trials if t.dataset == best.dataset and t.rank == best.rank)

    def quotas(self, trial: Trial) -> list[Fraction]:
        """The exact quota of every row under the trial's key (the rule plays no part)."""
        weights = self.weights(trial)
        total = sum(weights)
        return [Fraction(self.amount * weight, total) for weight in weights]

    @property
    def separation(self) -> Fraction | None:
        """The largest difference, over the known rows, between the exact quotas of the best
        and the runner-up (None without both): at most 1 kr, and the rounding can hide it."""
        best, runner_up = self.best, self.runner_up
        if best is None or runner_up is None:
            return None
        known = [row.published is not None for row in self.rows]
        pairs = zip(self.quotas(best), self.quotas(runner_up), known, strict=True)
        return max((abs(a - b) for a, b, seen in pairs if seen), default=Fraction(0))

    @property
    def persons_per_krona(self) -> Fraction | None:
        """How many of the best key's persons one krona of the table stands for."""
        best = self.best
        if best is None or not self.amount:
            return None
        return Fraction(sum(self.weights(best)), self.amount)

    @property
    def verdict(self) -> str:
        """``consistent`` (the best is attributed), ``ambiguous`` (the best two datasets are of
        one class with as many exact rows), ``indistinguishable`` (both consistent, and their
        quotas differ by at most 1 kr on every known row: the table cannot tell them apart),
        ``swapped`` (only a swap explains it), ``none`` (no candidate explains it)."""
        best, runner_up = self.best, self.runner_up
        if best is not None and best.consistent:
            if runner_up is not None and runner_up.rank[:2] == best.rank[:2]:
                return "ambiguous"
            separation = self.separation
            both_fit = runner_up is not None and runner_up.consistent
            if both_fit and separation is not None and separation <= 1:
                return "indistinguishable"
            return "consistent"
        return "swapped" if self.swaps else "none"


@dataclass(frozen=True)
class SearchedPart:
    """One searched split: the part (or the table) and what the search found."""

    part_id: str
    label: str
    search: KeySearch


@dataclass(frozen=True)
class KeySearchResult:
    """What ``audit --find-key`` reports: the searches, on what, and what could not be tried."""

    subject: str
    """The decision's id, or the table file."""
    level: str
    """The units searched: regions, kommuner or samverkansregioner (the decision's parts may
    differ; each part's rows say)."""
    parts: tuple[SearchedPart, ...]
    datasets: tuple[str, ...]
    """The candidate datasets, in the order tried."""
    notes: tuple[str, ...]
    """How the table was read, and every candidate that could not be tried and why."""

    @property
    def attributed(self) -> bool:
        """Whether every part's table is attributed to one key (``audit`` exits 0)."""
        return all(part.search.verdict == "consistent" for part in self.parts)


def find_key(
    amount: int,
    rows: Sequence[TableRow],
    candidates: Sequence[KeyCandidate],
    printed_totals: Sequence[PrintedTotal] = (),
    printed_amount: int | None = None,
) -> KeySearch:
    """Try every candidate with every rule on the known rows of a table of ``amount`` kronor;
    see the module docstring for the ranking. Candidates keep their order among equals."""
    trials: list[Trial] = []
    skipped: list[Skipped] = []
    swaps: list[Swap] = []
    tried: list[KeyCandidate] = []
    for candidate in candidates:
        missing = tuple(row.code for row in rows if row.code not in candidate.weights)
        weights = [candidate.weights.get(row.code, 0) for row in rows]
        if missing or not any(weights):
            skipped.append(Skipped(candidate.name, missing))
            continue
        tried.append(candidate)
        deviations = _deviations(amount, rows, weights)
        found = _trials(amount, rows, candidate, weights, deviations)
        trials += found
        if not any(trial.consistent for trial in found):
            swap = _swap(amount, rows, candidate, weights, deviations)
            if swap is not None:
                swaps.append(swap)
    order = {candidate.name: index for index, candidate in enumerate(candidates)}
    trials.sort(key=lambda t: (*t.rank, order[t.dataset]))
    return KeySearch(
        amount=amount,
        rows=tuple(rows),
        trials=tuple(trials),
        swaps=tuple(swaps),
        totals=total_findings(rows, printed_totals),
        skipped=tuple(skipped),
        candidates=tuple(tried),
        printed_amount=printed_amount if printed_amount != amount else None,
    )


def total_findings(
    rows: Sequence[TableRow], printed_totals: Sequence[PrintedTotal]
) -> tuple[TotalFinding, ...]:
    """Every printed total that differs from the sum of its rows (all of them known)."""
    published = {row.code: row.published for row in rows}
    findings = []
    for total in printed_totals:
        members = [published.get(code) for code in total.members]
        if not members or None in members:
            continue
        rows_sum = sum(m for m in members if m is not None)
        if rows_sum != total.printed:
            findings.append(TotalFinding(total.label, total.printed, rows_sum))
    return tuple(findings)


def _split(
    method: str, tie_rule: TieRule | None, amount: int, weights: Sequence[int], keys: list[str]
) -> list[int]:
    """``amount`` split by ``weights`` with ``method``, equal remainders by ``tie_rule``."""
    ranks = tie_priorities(weights, keys, tie_rule)
    return allocate_by(method, amount, weights, tie_break=ranks)


def _trials(
    amount: int,
    rows: Sequence[TableRow],
    candidate: KeyCandidate,
    weights: Sequence[int],
    deviations: Sequence[tuple[int, Fraction]],
) -> list[Trial]:
    """One trial per method; where a tie decides a krona, one per tie rule instead."""
    keys = [row.code for row in rows]
    total_weight = sum(weights)
    largest = max((abs(d) for _, d in deviations), default=Fraction(0))
    trials = []
    for method in METHODS:
        for tie_rule in (None, *TIE_RULES):
            try:
                split = _split(method, tie_rule, amount, weights, keys)
            except TieError:
                continue  # the next tie rule decides it
            trials.append(
                _trial(amount, rows, candidate, total_weight, largest, method, tie_rule, split)
            )
            if tie_rule is None:
                break  # no tie in play: every rule gives this split
    return trials


def _trial(
    amount: int,
    rows: Sequence[TableRow],
    candidate: KeyCandidate,
    total_weight: int,
    largest: Fraction,
    method: str,
    tie_rule: TieRule | None,
    split: Sequence[int],
) -> Trial:
    """``split`` against the known rows; ``largest`` is the candidate's largest
    |published − exact quota| (the same for every rule)."""
    differences = [
        (row.code, row.published - computed)
        for row, computed in zip(rows, split, strict=True)
        if row.published is not None
    ]
    differing = tuple((code, d) for code, d in differences if d)
    adjustments = hand_adjustments(differences, amount - sum(split)) if differing else ()
    if not differing:
        fit = "reproduced"
    elif adjustments:
        fit = "adjusted"
    elif largest <= 1:
        fit = "within_one_krona"
    else:
        fit = "not_consistent"
    return Trial(
        dataset=candidate.name,
        reference_date=candidate.reference_date,
        title=candidate.title,
        method=method,
        tie_rule=tie_rule,
        fit=fit,
        exact_rows=len(differences) - len(differing),
        rows_compared=len(differences),
        largest_kronor=largest,
        largest_persons=largest * total_weight / amount if amount else Fraction(0),
        adjustments=adjustments,
        differing=differing,
    )


def _deviations(
    amount: int, rows: Sequence[TableRow], weights: Sequence[int]
) -> list[tuple[int, Fraction]]:
    """(position, published − exact quota) of every known row: a candidate's, whatever the
    rule."""
    total_weight = sum(weights)
    return [
        (index, row.published - Fraction(amount * weight, total_weight))
        for index, (row, weight) in enumerate(zip(rows, weights, strict=True))
        if row.published is not None
    ]


def _swap(
    amount: int,
    rows: Sequence[TableRow],
    candidate: KeyCandidate,
    weights: Sequence[int],
    deviations: Sequence[tuple[int, Fraction]],
) -> Swap | None:
    """The two units whose figures, exchanged, make ``candidate`` reproduce the table: only
    when exactly two known rows are more than 1 kr from their quotas and their deviations
    mirror each other (a swap leaves the total weight, so every other quota, unchanged)."""
    off = [(index, deviation) for index, deviation in deviations if abs(deviation) > 1]
    if len(off) != 2 or abs(off[0][1] + off[1][1]) > 2:
        return None
    (first, first_deviation), (second, second_deviation) = off
    swapped = list(weights)
    swapped[first], swapped[second] = swapped[second], swapped[first]
    for trial in _trials(amount, rows, candidate, swapped, _deviations(amount, rows, swapped)):
        if trial.fit in ("reproduced", "adjusted"):
            return Swap(
                dataset=candidate.name,
                reference_date=candidate.reference_date,
                first=rows[first].code,
                second=rows[second].code,
                first_deviation=first_deviation,
                second_deviation=second_deviation,
                method=trial.method,
                fit=trial.fit,
            )
    return None
