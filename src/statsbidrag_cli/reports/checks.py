"""``check``'s results as one report: rows and JSON, text lines, and the CI formats' items.

Kept apart from the other reports so that ``check`` answered from the cache loads nothing
but its results' classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from ..core.checks import CheckOutcome
from ..i18n import N_, _
from .ci import CheckRun
from .report import Cell, Column, Extras, LazyDocument, Report

STATUS_LABELS = {"PASS": N_("PASS"), "FAIL": N_("FAIL"), "ERROR": N_("ERROR")}
"""How a status reads in a table (CSV and JSON keep PASS, FAIL and ERROR)."""


def check_report(outcomes: Sequence[CheckOutcome]) -> Report:
    """One row per decision: PASS, FAIL (with what is off) or ERROR (unusable input). The
    JSON document and the CI formats' items, which list every check, are built only by the
    formats that write them."""
    rows = _Rows(tuple(outcomes))
    passed = all(outcome.passed for outcome in outcomes)
    return Report(
        title="statsbidrag check",
        columns=[
            Column("decision", _("Decision")),
            Column("status", _("Status"), labels=STATUS_LABELS),
            Column("checks", _("Checks"), numeric=True),
            Column("problems", _("Problems")),
        ],
        rows=rows,
        extras=Extras(
            json=LazyDocument(lambda: _check_document(outcomes, passed)),
            checks=CheckRun(tuple(outcomes)),
        ),
    )


class _Rows(Sequence[dict[str, Cell]]):
    """The rows of ``check``'s table, each made when a format reads it, so that a run over
    many files keeps its outcomes and not a row of text for each as well."""

    def __init__(self, outcomes: tuple[CheckOutcome, ...]) -> None:
        self._outcomes = outcomes

    def __len__(self) -> int:
        return len(self._outcomes)

    @overload
    def __getitem__(self, index: int) -> dict[str, Cell]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Cell]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Cell] | list[dict[str, Cell]]:
        if isinstance(index, slice):
            return [_row(outcome) for outcome in self._outcomes[index]]
        return _row(self._outcomes[index])


def _row(outcome: CheckOutcome) -> dict[str, Cell]:
    status, problems = _status(outcome)
    return {
        "decision": outcome.decision_id,
        "status": status,
        "checks": outcome.report.count if outcome.report else 0,
        "problems": "; ".join(problems),
    }


def _status(outcome: CheckOutcome) -> tuple[str, list[str]]:
    """PASS, FAIL or ERROR, and the problems in words."""
    if outcome.error is not None:
        return "ERROR", [str(outcome.error)]
    assert outcome.report is not None
    status = "PASS" if outcome.report.passed else "FAIL"
    return status, [finding.located_message for finding in outcome.report.failures]


def _check_document(outcomes: Sequence[CheckOutcome], passed: bool) -> dict[str, object]:
    """``check --format json``: every decision with every finding."""
    documents = []
    for outcome in outcomes:
        documents.append(
            {
                "decision": outcome.decision_id,
                "status": _status(outcome)[0],
                "findings": [
                    {
                        "check": f.check,
                        "ok": f.ok,
                        "message": f.message,
                        "file": f.file,
                        "line": f.line,
                        "column": f.column,
                    }
                    for f in (outcome.report.findings if outcome.report else ())
                ],
                "error": str(outcome.error) if outcome.error else None,
            }
        )
    return {"decisions": documents, "passed": passed}
