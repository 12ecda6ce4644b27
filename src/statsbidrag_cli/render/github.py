"""``check --format github``: GitHub Actions workflow commands, one per failed check.

One ``::error file=…,line=…,col=…,title=…::message`` per failed check, which GitHub shows on
the pull request's diff; passing decisions are silent; one summary line at the end. Paths are
made relative to the working directory (the repository root in a workflow).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ..i18n import _
from ..reports.ci import CheckedDecision, CheckItem
from ..reports.report import Report
from .registry import RenderOptions


class GithubRenderer:
    """The report's check results as workflow commands."""

    def render(self, report: Report, options: RenderOptions) -> bytes:
        assert report.extras.checks is not None, "github renders check reports only"
        return github_annotations(report.extras.checks.decisions).encode("utf-8")


def relative(path: str | None) -> str | None:
    """``path`` relative to the working directory when it lies below it."""
    if path is None:
        return None
    absolute = os.path.abspath(path)
    here = os.getcwd()
    if absolute == here or absolute.startswith(here + os.sep):
        return os.path.relpath(absolute, here)
    return path


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(item: CheckItem, decision_id: str) -> str:
    """One GitHub Actions ``::error`` workflow command for a failed item."""
    properties = []
    file = relative(item.file)
    if file:
        properties.append(f"file={_escape_property(file)}")
    if item.line is not None:
        properties.append(f"line={item.line}")
    if item.column is not None:
        properties.append(f"col={item.column}")
    properties.append(f"title={_escape_property(f'statsbidrag {item.name}: {decision_id}')}")
    return f"::error {','.join(properties)}::{_escape_data(item.message)}"


def github_annotations(run: Sequence[CheckedDecision]) -> str:
    """Workflow commands for every failure, then a one-line summary."""
    lines = []
    failed = unreadable = 0
    for decision in run:
        if decision.error is not None:
            unreadable += 1
            lines.append(annotation(decision.error, decision.decision_id))
            continue
        failures = [item for item in decision.items if not item.ok]
        if failures:
            failed += 1
            lines += [annotation(item, decision.decision_id) for item in failures]
    passed = len(run) - failed - unreadable
    lines.append(
        "statsbidrag check: "
        + _(
            "{count} decisions, {passed} passed, {failed} failed, {unreadable} could not be checked"
        ).format(count=len(run), passed=passed, failed=failed, unreadable=unreadable)
    )
    return "".join(line + "\n" for line in lines)
