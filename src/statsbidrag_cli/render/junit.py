"""``check --format junit``: JUnit XML, which every CI system reads.

One ``testsuite`` per decision, one ``testcase`` per check, ``failure`` elements with the
message and location, ``error`` for a decision that could not be read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..i18n import _
from ..reports.ci import CheckedDecision, CheckItem
from ..reports.report import Report
from .github import relative
from .registry import RenderOptions


class JunitRenderer:
    """The report's check results as a JUnit XML document."""

    def render(self, report: Report, options: RenderOptions) -> bytes:
        assert report.extras.checks is not None, "junit renders check reports only"
        return junit_xml(report.extras.checks.decisions)


def junit_xml(run: Sequence[CheckedDecision]) -> bytes:
    """JUnit XML: a testsuite per decision, a testcase per check, valid against the Jenkins/Ant
    ``junit-10.xsd`` that CI systems read."""
    suites = ET.Element("testsuites", name="statsbidrag check")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for decision in run:
        suite = ET.SubElement(suites, "testsuite", name=decision.decision_id)
        counts = _testcases(suite, decision)
        for key in ("tests", "failures", "errors", "skipped"):
            suite.set(key, str(counts[key]))
            totals[key] += counts[key]
        file = relative(decision.file)
        if file:
            suite.set("file", file)
    for key in ("tests", "failures", "errors"):
        suites.set(key, str(totals[key]))
    ET.indent(suites)
    document: bytes = ET.tostring(suites, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _testcases(suite: ET.Element, decision: CheckedDecision) -> dict[str, int]:
    """One testcase per check, named by its kind and field (stable across languages and
    figures); a decision that could not be read gets a ``load`` error and every kind of
    check as skipped, with the reason."""
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    seen: dict[str, int] = {}
    if decision.error is not None:
        case = _case(suite, decision, "load", seen)
        error = ET.SubElement(case, "error", message=decision.error.message, type="load")
        error.text = _located(decision.error)
        counts.update(tests=1, errors=1)
        for kind in decision.skipped:
            skipped = _case(suite, decision, kind, seen)
            ET.SubElement(skipped, "skipped", message=_("not checked: the file could not be read"))
            counts["tests"] += 1
            counts["skipped"] += 1
        return counts
    for item in decision.items:
        case = _case(suite, decision, f"{item.name} {item.field}".strip(), seen)
        counts["tests"] += 1
        if not item.ok:
            failure = ET.SubElement(case, "failure", message=item.message, type=item.name)
            failure.text = _located(item)
            counts["failures"] += 1
    return counts


def _case(
    suite: ET.Element, decision: CheckedDecision, name: str, seen: dict[str, int]
) -> ET.Element:
    seen[name] = seen.get(name, 0) + 1
    if seen[name] > 1:
        name = f"{name} ({seen[name]})"
    return ET.SubElement(suite, "testcase", classname=decision.decision_id, name=name)


def _located(item: CheckItem) -> str:
    """The message with its file, line and column in front: where a CI system's reader of
    JUnit (which has no attributes for them) shows the place."""
    file = relative(item.file)
    where = ":".join([file or "", *(str(n) for n in (item.line, item.column) if n is not None)])
    return f"{where}: {item.message}" if where else item.message
