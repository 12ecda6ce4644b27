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
    """JUnit XML: a testsuite per decision, a testcase per check."""
    suites = ET.Element("testsuites", name="statsbidrag check")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for decision in run:
        suite = ET.SubElement(suites, "testsuite", name=decision.decision_id)
        cases = [decision.error] if decision.error else list(decision.items)
        counts = {
            "tests": len(cases),
            "failures": 0 if decision.error else sum(1 for c in cases if not c.ok),
            "errors": 1 if decision.error else 0,
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        file = relative(decision.file)
        if file:
            suite.set("file", file)
        seen: dict[str, int] = {}
        for item in cases:
            _testcase(suite, decision, item, seen, is_error=decision.error is not None)
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    document: bytes = ET.tostring(suites, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _testcase(
    suite: ET.Element,
    decision: CheckedDecision,
    item: CheckItem,
    seen: dict[str, int],
    *,
    is_error: bool,
) -> None:
    title = item.message.split(": ", 1)[0] if not is_error else _("decision file can be read")
    name = f"{item.name}: {title}"
    seen[name] = seen.get(name, 0) + 1
    if seen[name] > 1:
        name = f"{name} ({seen[name]})"
    case = ET.SubElement(suite, "testcase", classname=decision.decision_id, name=name)
    file = relative(item.file)
    if file:
        case.set("file", file)
    if item.line is not None:
        case.set("line", str(item.line))
    if item.ok:
        return
    where = ":".join([file or "", *(str(n) for n in (item.line, item.column) if n is not None)])
    element = ET.SubElement(case, "error" if is_error else "failure", message=item.message)
    element.set("type", item.name)
    element.text = f"{where}: {item.message}" if where else item.message
