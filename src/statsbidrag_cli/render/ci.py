"""``check`` for CI: GitHub Actions workflow commands and JUnit XML.

* GitHub: one ``::error file=…,line=…,col=…,title=…::message`` per failed check, which GitHub
  shows on the pull request's diff; passing decisions are silent; one summary line at the end.
  Paths are made relative to the working directory (the repository root in a workflow).
* JUnit XML: one ``testsuite`` per decision, one ``testcase`` per check, ``failure`` elements
  with the message and location, ``error`` for a decision that could not be read. Every CI
  system reads it.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..i18n import _
from ..reports.ci import CheckedDecision, CheckItem


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
