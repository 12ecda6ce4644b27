"""``check``'s results as one report: rows and JSON, text lines, and the CI formats' items.

Kept apart from the other reports so that ``check`` answered from the cache loads nothing
but its results' classes.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.checks import CheckOutcome
from ..i18n import N_, _, ngettext
from .ci import CheckRun
from .report import Cell, Column, Extras, LazyDocument, Report

STATUS_LABELS = {"PASS": N_("PASS"), "FAIL": N_("FAIL"), "ERROR": N_("ERROR")}
"""How a status reads in a table (CSV and JSON keep PASS, FAIL and ERROR)."""


def check_lines(outcomes: Sequence[CheckOutcome]) -> list[tuple[str, str]]:
    """Text lines for ``check``: (status, line). One line per decision, plus one per problem."""
    lines: list[tuple[str, str]] = []
    for outcome in outcomes:
        if outcome.error is not None:
            lines.append(
                ("ERROR", _("ERROR {id}: cannot be checked").format(id=outcome.decision_id))
            )
            lines.append(("ERROR", f"  - {outcome.error.message}"))
            lines += [("ERROR", f"    - {detail}") for detail in outcome.error.details]
            continue
        report = outcome.report
        assert report is not None
        total = report.count
        if report.passed:
            lines.append(
                (
                    "PASS",
                    ngettext(
                        "PASS {id} ({count} check)", "PASS {id} ({count} checks)", total
                    ).format(id=outcome.decision_id, count=total),
                )
            )
        else:
            failed = len(report.failures)
            lines.append(
                (
                    "FAIL",
                    _("FAIL {id} ({failed} of {count} checks failed)").format(
                        id=outcome.decision_id, failed=failed, count=total
                    ),
                )
            )
            lines += [("FAIL", f"  - {finding.located_message}") for finding in report.failures]
    return lines


def check_report(outcomes: Sequence[CheckOutcome]) -> Report:
    """One row per decision: PASS, FAIL (with what is off) or ERROR (unusable input). The
    JSON document and the CI formats' items, which list every check, are built only by the
    formats that write them."""
    rows: list[dict[str, Cell]] = []
    for outcome in outcomes:
        status, problems = _status(outcome)
        rows.append(
            {
                "decision": outcome.decision_id,
                "status": status,
                "checks": outcome.report.count if outcome.report else 0,
                "problems": "; ".join(problems),
            }
        )
    passed = all(row["status"] == "PASS" for row in rows)
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
