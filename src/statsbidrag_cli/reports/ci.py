"""``check``'s results with their places, for the formats that show each check on its own:
the text lines for people, and every check of every decision with where it points for CI
systems.

Format-neutral: :mod:`statsbidrag_cli.render.check_text` writes the lines,
:mod:`statsbidrag_cli.render.github` and :mod:`statsbidrag_cli.render.junit` the items as
GitHub Actions workflow commands or as JUnit XML. Nothing here imports another report
module, so the report's :class:`~.report.Extras` can carry a :class:`CheckRun` without a
circle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..core.checks import CHECK_KINDS, CheckOutcome
from ..i18n import _, ngettext

_LOCATED = re.compile(r"^(?P<file>[^\n]+?\.ya?ml):(?P<line>\d+)(?::(?P<column>\d+))?: ")


@dataclass(frozen=True)
class CheckItem:
    """One check (or the error that kept a decision from being checked) and its place."""

    name: str
    ok: bool
    message: str
    file: str | None
    line: int | None
    column: int | None
    field: str = ""
    """The field the check is about, as a dotted path (``components.1.amount``): with the
    name, a check's identity that stays the same whatever the language or the figures."""


@dataclass(frozen=True)
class CheckedDecision:
    """A decision's checks, or the one error that kept it from being checked."""

    decision_id: str
    file: str | None
    items: tuple[CheckItem, ...]
    error: CheckItem | None
    skipped: tuple[str, ...] = ()
    """The kinds of check not run because the decision could not be read."""


@dataclass(frozen=True)
class CheckRun:
    """Everything ``check`` found, for the formats that show each check on its own: worked
    out from the outcomes when a format asks, so that a run keeps only its outcomes."""

    outcomes: tuple[CheckOutcome, ...]

    @property
    def decisions(self) -> tuple[CheckedDecision, ...]:
        """Every decision with its located checks (built afresh on each call)."""
        return checked_decisions(self.outcomes)

    @property
    def lines(self) -> Iterator[tuple[str, str]]:
        """The text lines for people: (status, line), one per decision and one per problem,
        made as they are read."""
        return check_lines(self.outcomes)


def check_lines(outcomes: Sequence[CheckOutcome]) -> Iterator[tuple[str, str]]:
    """Text lines for ``check``: (status, line). One line per decision, plus one per problem;
    made one at a time, as the text is written."""
    for outcome in outcomes:
        if outcome.error is not None:
            yield ("ERROR", _("ERROR {id}: cannot be checked").format(id=outcome.decision_id))
            yield ("ERROR", f"  - {outcome.error.message}")
            for detail in outcome.error.details:
                yield ("ERROR", f"    - {detail}")
            continue
        report = outcome.report
        assert report is not None
        total = report.count
        if report.passed:
            line = ngettext("PASS {id} ({count} check)", "PASS {id} ({count} checks)", total)
            yield ("PASS", line.format(id=outcome.decision_id, count=total))
            continue
        failures = report.failures
        yield (
            "FAIL",
            _("FAIL {id} ({failed} of {count} checks failed)").format(
                id=outcome.decision_id, failed=len(failures), count=total
            ),
        )
        for finding in failures:
            yield ("FAIL", f"  - {finding.located_message}")


def checked_decisions(outcomes: Sequence[CheckOutcome]) -> tuple[CheckedDecision, ...]:
    """``check``'s outcomes as decisions with located items, in the order checked."""
    run = []
    for outcome in outcomes:
        if outcome.error is not None:
            error = _error_item(outcome)
            run.append(CheckedDecision(outcome.decision_id, outcome.file, (), error, CHECK_KINDS))
            continue
        assert outcome.report is not None
        items = tuple(
            CheckItem(
                f.check, f.ok, f.message, f.file or outcome.file, f.line, f.column,
                ".".join(str(part) for part in f.location or ()),
            )
            for f in outcome.report.findings
        )  # fmt: skip
        run.append(CheckedDecision(outcome.decision_id, outcome.file, items, None))
    return tuple(run)


def _error_item(outcome: CheckOutcome) -> CheckItem:
    """The error as an item, with the file, line and column its message starts with."""
    assert outcome.error is not None
    text = str(outcome.error)
    found = _LOCATED.match(text)
    if found is None:
        return CheckItem("load", False, text, outcome.file, None, None)
    column = found.group("column")
    return CheckItem(
        "load",
        False,
        text[found.end() :],
        found.group("file"),
        int(found.group("line")),
        int(column) if column else None,
    )
