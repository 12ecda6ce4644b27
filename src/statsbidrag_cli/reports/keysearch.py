"""The report of ``audit --find-key``: the candidate keys ranked, the attribution in words, and
the published rows against the best candidate.

Tables show each candidate dataset once (its best rule); CSV has one record per candidate and
rule; JSON holds everything, with stable English keys.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..core.engine import METHOD_NAMES, method_name
from ..core.keysearch import KeySearch, KeySearchResult, SearchedPart, Swap, TotalFinding, Trial
from ..i18n import N_, _, decimal_for_people, kr, ngettext, rounded_decimal, signed
from .report import Cell, Column, Extras, Report

FIT_LABELS = {
    "reproduced": N_("reproduced"),
    "adjusted": N_("adjusted"),
    "within_one_krona": N_("within 1 kr of every quota"),
    "not_consistent": N_("not consistent"),
}
"""How a candidate's fit reads (CSV and JSON keep the keys)."""


def find_key_report(result: KeySearchResult) -> Report:
    """Every searched part's candidates, best first, with the findings as notes."""
    several = len(result.parts) > 1
    best_rows: list[dict[str, Cell]] = []
    all_rows: list[dict[str, Cell]] = []
    notes: list[str] = []
    sections = []
    for part in result.parts:
        search = part.search
        seen: set[str] = set()
        for rank, trial in enumerate(search.trials, start=1):
            cells = _trial_cells(part, rank, trial)
            all_rows.append(cells)
            if trial.dataset not in seen:
                seen.add(trial.dataset)
                best_rows.append(cells)
        prefix = f"{part.label}: " if several else ""
        notes += [prefix + sentence for sentence in findings(search)]
        if search.best is not None:
            sections.append(_rows_report(part, search.best, several))
    notes += list(result.notes)
    notes.append(
        _(
            "Deviation = published − the candidate's exact quota (amount × figure / total), the "
            "largest over the known rows; in persons: × total / amount. A candidate is "
            "consistent with a table, never proof of its key."
        )
    )
    columns = _trial_columns(several)
    title = _("Which key made the table? {subject}").format(subject=result.subject)
    return Report(
        title=title,
        columns=columns,
        rows=best_rows,
        notes=notes,
        sections=sections,
        extras=Extras(
            json=_document(result),
            csv=Report(title=title, columns=columns, rows=all_rows),
            group_by="part" if several else None,
        ),
    )


def findings(search: KeySearch) -> list[str]:
    """The search's conclusions in sentences: the attribution (or why there is none), the
    runner-up and its margin, swapped figures and printed totals."""
    sentences = [_verdict_sentence(search)]
    runner_up = search.runner_up
    if search.best is not None and runner_up is not None and search.verdict == "consistent":
        sentences.append(_runner_up_sentence(search.best, runner_up))
    sentences += [_swap_sentence(search, swap) for swap in search.swaps]
    sentences += [_total_sentence(total) for total in search.totals]
    if search.printed_amount is not None:
        sentences.append(
            _(
                "The amount searched, {amount} kr, is not the table's own printed total, "
                "{printed} kr (published − searched: {difference} kr)."
            ).format(
                amount=kr(search.amount),
                printed=kr(search.printed_amount),
                difference=signed(search.printed_amount - search.amount),
            )
        )
    return sentences


def _candidate(trial: Trial) -> str:
    return _("{title} ({name}, reference date {date})").format(
        title=trial.title, name=trial.dataset, date=trial.reference_date
    )


def _rule(trial: Trial) -> str:
    if trial.tie_rule is None:
        return method_name(trial.method)
    return _("{method}, ties by {rule}").format(
        method=method_name(trial.method), rule=trial.tie_rule
    )


def _kronor(value: Fraction) -> str:
    """A deviation in kronor, two decimals, as the run's language writes them."""
    return _decimal(value, 2)


def _persons(value: Fraction) -> str:
    return _decimal(value, 1)


def _decimal(value: Fraction, digits: int) -> str:
    return decimal_for_people(_machine(value, digits))


def _evidence(trial: Trial) -> str:
    return ngettext(
        "{exact} of {count} known row exactly; largest deviation from an exact quota {kronor} kr "
        "≈ {persons} persons",
        "{exact} of {count} known rows exactly; largest deviation from an exact quota {kronor} kr "
        "≈ {persons} persons",
        trial.rows_compared,
    ).format(
        exact=trial.exact_rows,
        count=trial.rows_compared,
        kronor=_kronor(trial.largest_kronor),
        persons=_persons(trial.largest_persons),
    )


def _verdict_sentence(search: KeySearch) -> str:
    best, runner_up = search.best, search.runner_up
    if best is None:
        return _("No candidate dataset could be tried (see the notes).")
    verdict = search.verdict
    if verdict == "consistent":
        rules = search.equally_good
        text = _("Consistent with {candidate} split by {rules}: {fit} ({evidence}).").format(
            candidate=_candidate(best),
            rules=", ".join(_rule(t) for t in rules),
            fit=_(FIT_LABELS[best.fit]),
            evidence=_evidence(best),
        )
        if best.adjustments:
            text += " " + _("Moved by hand to make the total hold: {rows}.").format(
                rows=", ".join(f"{code} {signed(d)} kr" for code, d in best.adjustments)
            )
        return text
    if verdict == "indistinguishable" and runner_up is not None:
        separation = search.separation or Fraction(0)
        per_krona = search.persons_per_krona or Fraction(0)
        return _(
            "{first} and {second} cannot be told apart by this table: their exact quotas differ "
            "by at most {kronor} kr on any row, which rounding to whole kronor hides (1 kr here "
            "is about {persons} persons of the key); no key is attributed."
        ).format(
            first=_candidate(best),
            second=_candidate(runner_up),
            kronor=_kronor(separation),
            persons=_persons(per_krona),
        )
    if verdict == "ambiguous" and runner_up is not None:
        return _(
            "{first} and {second} fit the table equally well ({evidence}); no key is attributed."
        ).format(first=_candidate(best), second=_candidate(runner_up), evidence=_evidence(best))
    return _(
        "No candidate explains the table: none comes within 1 kr of every exact quota. "
        "Closest, not an attribution: {candidate}, {rule} ({evidence})."
    ).format(candidate=_candidate(best), rule=_rule(best), evidence=_evidence(best))


def _runner_up_sentence(best: Trial, runner_up: Trial) -> str:
    if best.exact_rows < runner_up.exact_rows:  # ranked first by its class: never "-1 rows"
        return _(
            "Runner-up: {candidate}, {rule}: {evidence}. Margin: the best is {best_fit}, the "
            "runner-up only {runner_fit}."
        ).format(
            candidate=_candidate(runner_up),
            rule=_rule(runner_up),
            evidence=_evidence(runner_up),
            best_fit=_(FIT_LABELS[best.fit]),
            runner_fit=_(FIT_LABELS[runner_up.fit]),
        )
    return _(
        "Runner-up: {candidate}, {rule}: {evidence}. Margin: {rows} rows exactly and {kronor} "
        "kr of largest deviation."
    ).format(
        candidate=_candidate(runner_up),
        rule=_rule(runner_up),
        evidence=_evidence(runner_up),
        rows=best.exact_rows - runner_up.exact_rows,
        kronor=_kronor(runner_up.largest_kronor - best.largest_kronor),
    )


def _swap_sentence(search: KeySearch, swap: Swap) -> str:
    names = {row.code: row.name for row in search.rows}
    return _(
        "The figures of {first} and {second} look swapped in {dataset}: as published, {first} "
        "is {first_kronor} kr and {second} {second_kronor} kr from its exact quota, mirrored; "
        "with their figures exchanged, {method} gives the table ({fit})."
    ).format(
        first=f"{swap.first} {names.get(swap.first, '')}".strip(),
        second=f"{swap.second} {names.get(swap.second, '')}".strip(),
        dataset=f"{swap.dataset} ({swap.reference_date})",
        first_kronor=_signed_kronor(swap.first_deviation),
        second_kronor=_signed_kronor(swap.second_deviation),
        method=method_name(swap.method),
        fit=_(FIT_LABELS[swap.fit]),
    )


def _signed_kronor(value: Fraction) -> str:
    return ("-" if value < 0 else "+") + _kronor(abs(value))


def _total_sentence(total: TotalFinding) -> str:
    return _(
        "The printed total {label}, {printed} kr, is {difference} kr from the sum of its "
        "printed rows, {rows_sum} kr: display rounding (each cell rounded on its own). A "
        "finding of its own; the rows are judged as printed."
    ).format(
        label=total.label,
        printed=kr(total.printed),
        difference=signed(total.difference),
        rows_sum=kr(total.rows_sum),
    )


def _trial_columns(several: bool) -> list[Column]:
    columns = [
        Column("rank", _("Rank"), numeric=True, kronor=False, in_table=False),
        Column("dataset", _("Dataset")),
        Column("reference_date", _("Reference date"), wide_only=True),
        Column("method", _("Method"), labels=METHOD_NAMES, wraps=True),
        Column("tie_rule", _("Tie rule"), in_table=False),
        Column("fit", _("Fit"), labels=FIT_LABELS, wraps=True),
        Column("exact_rows", _("Exact rows"), numeric=True, kronor=False),
        Column("rows_compared", _("Known rows"), numeric=True, kronor=False, wide_only=True),
        Column("largest_deviation_kronor", _("Largest dev. (kr)")),
        Column("largest_deviation_persons", _("Largest dev. (persons)"), wide_only=True),
    ]
    if several:
        columns.insert(0, Column("part", _("Part")))
    return columns


def _trial_cells(part: SearchedPart, rank: int, trial: Trial) -> dict[str, Cell]:
    return {"part": part.label, "rank": rank, **_trial_fields(trial)}


def _trial_fields(trial: Trial) -> dict[str, Cell]:
    """A trial's cells, in CSV and JSON alike (decimals as machine text)."""
    return {
        "dataset": trial.dataset,
        "reference_date": trial.reference_date,
        "method": trial.method,
        "tie_rule": trial.tie_rule,
        "fit": trial.fit,
        "exact_rows": trial.exact_rows,
        "rows_compared": trial.rows_compared,
        "largest_deviation_kronor": _machine(trial.largest_kronor, 2),
        "largest_deviation_persons": _machine(trial.largest_persons, 1),
    }


def _machine(value: Fraction, digits: int) -> str:
    """A non-negative Fraction as a machine decimal (tables show it as people write it)."""
    return rounded_decimal(value.numerator, value.denominator, digits)


def _rows_report(part: SearchedPart, best: Trial, several: bool) -> Report:
    """The published rows against the best candidate's split."""
    search = part.search
    computed = search.split(best)
    weights = search.weights(best)
    total_weight = sum(weights)
    rows: list[dict[str, Cell]] = []
    for row, amount, weight in zip(search.rows, computed, weights, strict=True):
        quota = Fraction(search.amount * weight, total_weight)
        deviation = None if row.published is None else row.published - quota
        rows.append(
            {
                "code": row.code,
                "name": row.name,
                "key_figure": weight,
                "published": row.published,
                "computed": amount,
                "published_minus_computed": None
                if row.published is None
                else row.published - amount,
                "published_minus_quota": None if deviation is None else _signed_machine(deviation),
            }
        )
    heading = _("The published rows against {candidate}, {rule}").format(
        candidate=_candidate(best), rule=_rule(best)
    )
    return Report(
        title=f"{part.label}: {heading}" if several else heading,
        columns=[
            Column("code", _("Code"), codes=True),
            Column("name", _("Name")),
            Column("key_figure", _("Key figure"), numeric=True, wide_only=True),
            Column("published", _("Published"), numeric=True, missing=N_("unknown")),
            Column("computed", _("Computed"), numeric=True, wide_only=True),
            Column("published_minus_computed", _("Publ. − comp."), numeric=True),
            Column("published_minus_quota", _("Publ. − quota")),
        ],
        rows=rows,
    )


def _document(result: KeySearchResult) -> dict[str, Any]:
    return {
        "subject": result.subject,
        "level": result.level,
        "datasets": list(result.datasets),
        "attributed": result.attributed,
        "sign": "published_minus_computed",
        "parts": [_part_document(part) for part in result.parts],
        "notes": list(result.notes),
    }


def _part_document(part: SearchedPart) -> dict[str, Any]:
    search = part.search
    best, runner_up = search.best, search.runner_up
    return {
        "part": part.part_id,
        "label": part.label,
        "amount": search.amount,
        "verdict": search.verdict,
        "best": _trial_document(best) if best else None,
        "equally_good": [_trial_document(t) for t in search.equally_good],
        "runner_up": _trial_document(runner_up) if runner_up else None,
        "findings": findings(search),
        "swaps": [
            {
                "dataset": swap.dataset,
                "first": swap.first,
                "second": swap.second,
                "first_deviation_kronor": _signed_machine(swap.first_deviation),
                "second_deviation_kronor": _signed_machine(swap.second_deviation),
                "method": swap.method,
                "fit": swap.fit,
            }
            for swap in search.swaps
        ],
        "printed_totals": [
            {
                "label": total.label,
                "printed": total.printed,
                "rows_sum": total.rows_sum,
                "printed_minus_rows": total.difference,
            }
            for total in search.totals
        ],
        "skipped": [
            {"dataset": skipped.dataset, "missing": list(skipped.missing)}
            for skipped in search.skipped
        ],
        "rows": [
            {"code": row.code, "name": row.name, "published": row.published} for row in search.rows
        ],
        "trials": [_trial_document(trial) for trial in search.trials],
    }


def _signed_machine(value: Fraction) -> str:
    return ("-" if value < 0 else "") + _machine(abs(value), 2)


def _trial_document(trial: Trial) -> dict[str, Any]:
    return {
        **_trial_fields(trial),
        "adjustments": [
            {"code": code, "published_minus_computed": d} for code, d in trial.adjustments
        ],
        "differing": [{"code": code, "published_minus_computed": d} for code, d in trial.differing],
    }
