"""``check``'s own formats from a fixed check report: text lines, GitHub, JUnit."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from report_fixtures import checked_report

from statsbidrag_cli.render.check_text import CheckTextRenderer
from statsbidrag_cli.render.github import GithubRenderer
from statsbidrag_cli.render.junit import JunitRenderer
from statsbidrag_cli.render.registry import RenderOptions


def test_text_lines_one_per_decision_and_problem() -> None:
    text = CheckTextRenderer().render(checked_report(), RenderOptions()).decode("utf-8")
    assert text.splitlines() == [
        "PASS A (1 check)",
        "FAIL B (1 of 2 checks failed)",
        "  - decisions/B.yaml:7:3: total: 9 is 1 kr under 10",
        "ERROR C: cannot be checked",
        "  - decisions/C.yaml:2:1: not valid YAML",
    ]


def test_colour_only_for_a_terminal_that_asks_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = CheckTextRenderer().render(checked_report(), RenderOptions(terminal=True))
    assert coloured.startswith(b"\x1b[1;32mPASS\x1b[0m A")
    plain = CheckTextRenderer().render(checked_report(), RenderOptions(terminal=False))
    assert b"\x1b[" not in plain


def test_github_annotates_each_failure_at_its_line_and_sums_up() -> None:
    text = GithubRenderer().render(checked_report(), RenderOptions()).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == (
        "::error file=decisions/B.yaml,line=7,col=3,title=statsbidrag total%3A B::"
        "total: 9 is 1 kr under 10"
    )
    assert lines[1] == (
        "::error file=decisions/C.yaml,line=2,col=1,title=statsbidrag load%3A C::not valid YAML"
    )
    assert lines[-1] == (
        "statsbidrag check: 3 decisions, 1 passed, 1 failed, 1 could not be checked"
    )


def test_junit_counts_tests_failures_and_errors_per_decision() -> None:
    root = ET.fromstring(JunitRenderer().render(checked_report(), RenderOptions()))
    # A: 1 check; B: 2; C could not be read: a load error and every kind of check skipped.
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("13", "1", "1")
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert list(suites) == ["A", "B", "C"]
    failure = suites["B"].find("testcase/failure")
    assert failure is not None and failure.get("message") == "total: 9 is 1 kr under 10"
    assert suites["C"].find("testcase/error") is not None


def test_testcase_names_are_the_check_and_its_field_in_every_language() -> None:
    from statsbidrag_cli.i18n import use_language

    names = []
    for language in ("sv", "en"):
        use_language(language)
        root = ET.fromstring(JunitRenderer().render(checked_report(), RenderOptions()))
        names.append([case.get("name") for case in root.iter("testcase")])
    assert names[0] == names[1]
    assert names[0][:4] == ["sum", "sum", "total", "load"]  # A's, B's two, then C's


JUNIT_XSD = Path(__file__).resolve().parents[2] / ".cache" / "junit-10.xsd"


def test_junit_validates_against_the_jenkins_ant_schema() -> None:
    """junit-10.xsd, the schema Jenkins and other CI systems read JUnit with (a copy ships in
    pytest's sdist; `make test` unpacks it into .cache/)."""
    if not JUNIT_XSD.is_file():
        pytest.skip(f"{JUNIT_XSD} not found: run `make junit-xsd` (needs PyPI) to test this")
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is in the test extra")
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    document = JunitRenderer().render(checked_report(), RenderOptions())
    assert list(schema.iter_errors(document.decode("utf-8"))) == []
    assert not schema.is_valid('<testsuites><testcase name="x" file="y"/></testsuites>')


def test_an_error_with_details_has_one_bullet_per_line() -> None:
    from statsbidrag_cli.core.checks import CheckOutcome
    from statsbidrag_cli.errors import StatsbidragError
    from statsbidrag_cli.reports.checks import check_report

    error = StatsbidragError(
        "d.yaml: not a valid decision file (2 problems)", ["d.yaml:3:1: a", "d.yaml:4:1: b"]
    )
    report = check_report([CheckOutcome("d", None, error, "d.yaml")])
    text = CheckTextRenderer().render(report, RenderOptions()).decode("utf-8")
    assert text.splitlines() == [
        "ERROR d: cannot be checked",
        "  - d.yaml: not a valid decision file (2 problems)",
        "    - d.yaml:3:1: a",
        "    - d.yaml:4:1: b",
    ]
