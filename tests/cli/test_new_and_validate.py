"""Authoring a decision: `new` (with and without a text), the field reference and the standard
JSON Schema, `recipients: all`, file paths accepted by every decision command."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers import DECISIONS, REGIONS_DECISION, REPO, SOURCES, DataCopy, run

from statsbidrag_cli.core.drafting import draft
from statsbidrag_cli.models.schema import decision_schema, field_reference

AMBULANCE_TEXT = """\
Uppdrag till Socialstyrelsen att betala ut medel för ambulanssjukvård

Regeringens beslut

Regeringen ger Socialstyrelsen i uppdrag att under 2027 efter rekvisition betala ut
42 000 000 kronor till regionerna för att stärka ambulanssjukvården. Av dessa ska
21 000 000 kronor fördelas lika mellan regionerna. Resterande 21 000 000 kronor ska
fördelas efter befolkningsmängd. Medlen ska rekvireras senast den 30 september 2027.
Medel som inte har använts ska återbetalas senast den 31 mars 2028.

För uppdraget får Socialstyrelsen under år 2027 använda 42 300 000 kronor som ska redovisas
mot det under utgiftsområde 9 Hälsovård, sjukvård och social omsorg för budgetåret 2027
uppförda anslaget 1:6 Bidrag till folkhälsa och sjukvård, anslagsposten 3 Ambulanser.
Av dessa medel får högst 300 000 kronor användas för Socialstyrelsens eget arbete.
"""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def problems(result_stdout: str) -> list[str]:
    return [
        line[4:] for line in result_stdout.splitlines() if line.startswith("  - ") and ": " in line
    ]


@pytest.mark.parametrize("shape", ["equal-population", "fixed", "earmarked", "shares", "rate"])
def test_new_writes_a_skeleton_that_validate_asks_to_fill_in(workspace: Path, shape: str) -> None:
    result = run("new", "S2027/00123", "--shape", shape)
    assert result.exit_code == 0, result.stderr
    path = workspace / "decisions" / "S2027-00123.yaml"
    text = path.read_text(encoding="utf-8")
    # The modeline names the schema relative to the file, so it works on any machine.
    assert text.startswith("# yaml-language-server: $schema=../schema/decision.schema.json\n")
    schema = path.parent / "../schema/decision.schema.json"
    assert json.loads(schema.read_text("utf-8")) == decision_schema()
    assert str(workspace) not in text and "file://" not in text
    assert (workspace / "sources").is_dir()
    assert 'diarienummer: "S2027/00123"' in text
    checked = run("validate", str(path))
    assert checked.exit_code == 2
    found = problems(checked.stdout)[1:]
    assert found and all(": fill in " in line for line in found), found
    assert any(line.startswith(f"{path}:") for line in found)


def test_new_refuses_to_overwrite(workspace: Path) -> None:
    assert run("new", "S2027/00123").exit_code == 0
    again = run("new", "S2027/00123")
    assert again.exit_code == 2 and "exists; use --force" in again.stderr


SHIPPED_FROM = {
    "S2026-00953": "001_252f2b2961331e49.txt",
    "gms-pilot-2023": "002_1e3c66fe02c3bf2e.txt",
}


@pytest.mark.parametrize("name", sorted(SHIPPED_FROM))
def test_drafts_from_the_seeds_agree_with_the_shipped_files(workspace: Path, name: str) -> None:
    text_file = SOURCES / SHIPPED_FROM[name]
    assert run("new", name, "--from-text", str(text_file)).exit_code == 0
    drafted = yaml.safe_load((workspace / "decisions" / f"{name}.yaml").read_text("utf-8"))
    shipped = yaml.safe_load((DECISIONS / f"{name}.yaml").read_text("utf-8"))
    filled = 0

    def agree(ours: object, theirs: object) -> None:
        nonlocal filled
        if isinstance(ours, str) and ours.startswith("FYLL I"):
            return
        assert ours == theirs
        filled += 1

    for field in ("title", "budget_year", "total", "own_work_max"):
        agree(drafted[field], shipped[field])
    for field in ("utgiftsomrade", "utgiftsomrade_name", "anslag", "anslag_name",
                  "anslagspost", "anslagspost_name", "budget_year", "amount", "own_work_max"):  # fmt: skip
        agree(drafted["funding"][0][field], shipped["funding"][0][field])
    shipped_dates = {d["kind"]: d["date"] for d in shipped["dates"]["deadlines"]}
    for deadline in drafted["dates"]["deadlines"]:
        if deadline["kind"] in shipped_dates or not str(deadline["date"]).startswith("FYLL"):
            agree(deadline["date"], shipped_dates[deadline["kind"]])
    if name == "S2026-00953":
        amounts = {c["kind"]: c["amount"] for c in shipped["components"]}
        for component in drafted["components"]:
            agree(component["amount"], amounts[component["kind"]])
    assert filled >= 12
    # Every quote the draft wrote stands in the text it was drafted from.
    copied = (workspace / "sources" / SHIPPED_FROM[name]).read_text(encoding="utf-8")
    assert copied == text_file.read_text(encoding="utf-8")


def test_a_draft_of_a_new_text(workspace: Path) -> None:
    (workspace / "ambulans.txt").write_text(AMBULANCE_TEXT, encoding="utf-8")
    found = draft(AMBULANCE_TEXT)
    values = {name: fact.value for name, fact in found.facts.items()}
    assert values["total"] == 42_000_000
    assert (values["equal"], values["population"]) == (21_000_000, 21_000_000)
    assert (values["funding_amount"], values["own_work_max"]) == (42_300_000, 300_000)
    assert (values["anslag"], values["anslagspost"], values["anslagspost_name"]) == (
        "1:6", 3, "Ambulanser",
    )  # fmt: skip
    dates = {kind: str(fact.value) for kind, fact in found.deadlines.items()}
    assert dates == {"rekvisition_closes": "2027-09-30", "repayment_due": "2028-03-31"}
    result = run("new", "S2027/00123", "--from-text", "ambulans.txt")
    assert result.exit_code == 0, result.stderr
    checked = run("validate", "decisions/S2027-00123.yaml")
    # What the text does not say is left to fill in; everything else is valid already.
    assert all(": fill in " in line for line in problems(checked.stdout)[1:])


def test_the_schema_is_standard_and_points_a_typo_at_its_field() -> None:
    schema = decision_schema()
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(DECISIONS.glob("*.yaml")):
        document = json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
        assert list(validator.iter_errors(document)) == [], path.name
    document = json.loads(
        json.dumps(yaml.safe_load((DECISIONS / "S2026-00953.yaml").read_text("utf-8")), default=str)
    )
    document["components"][1]["units"] = "regioner"
    errors = list(validator.iter_errors(document))
    assert [list(error.absolute_path) for error in errors] == [["components", 1, "units"]]
    assert "'regioner' is not one of" in errors[0].message


def test_every_field_and_deadline_kind_is_described() -> None:
    schema = decision_schema()
    for name, definition in [("Decision", schema), *schema["$defs"].items()]:
        for field, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{field} has no description"


def test_the_readme_field_reference_is_current() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- field-reference:start -->\n") + len(
        "<!-- field-reference:start -->\n"
    )
    end = readme.index("<!-- field-reference:end -->")
    assert readme[start:end] == field_reference(), "regenerate: statsbidrag schema --reference"


def test_recipients_all_means_the_21_regions(data: DataCopy) -> None:
    text = REGIONS_DECISION.replace("DATASET", "folkmangd_kommun_2025-12-31").replace(
        "total: 1000000\n", "total: 1000000\ntie_rule: code\n"
    )
    start, end = text.index("  - kind: population"), text.index("dates:")
    equal = (
        "  - kind: equal\n    id: part\n    label: Lika\n    amount: 1000000\n"
        "    recipients: all\n    purpose: test\n"
        '    source: [{document: test, quotes: ["betala ut 1 000 000 kronor"]}]\n'
    )
    data.write_decision(text[:start] + equal + text[end:], "S2099-00001")
    result = run("allocate", "S2099/00001", "-f", "json", *data.args())
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["rows"]
    assert len(rows) == 21 and sum(row["total"] for row in rows) == 1_000_000


@pytest.mark.parametrize("command", ["allocate", "check", "show", "audit"])
def test_decision_commands_accept_a_file_path(command: str) -> None:
    result = run(command, str(DECISIONS / "S2026-00953.yaml"), "-f", "json")
    assert result.exit_code == 0, result.stderr


def test_errors_for_authors_name_the_true_field_and_give_advice(data: DataCopy) -> None:
    text = (
        data.decision_text()
        .replace("units: samverkansregioner", "units: regioner")
        .replace("beslutsdatum: 2026-05-07", "beslutsdatum: 7 maj 2026")
        .replace('recipients: ["01", "03"', 'recipients: [10, "03"')
        .replace("total: 63000000", "total: 63 000 000")
    )
    path = data.write_decision(text)
    result = run("validate", str(path))
    assert result.exit_code == 2
    found = problems(result.stdout)[1:]
    lines = path.read_text(encoding="utf-8").splitlines()

    def at(fragment: str) -> str:
        number = next(i for i, line in enumerate(lines, start=1) if fragment in line)
        return f"{path}:{number}:"

    expected = [
        (at("units: regioner"), "components.1.units: must be one of 'samverkansregioner', "
         "'regions', 'kommuner' or 'groups', not 'regioner'"),
        (at("beslutsdatum:"), "beslutsdatum: write a date as YYYY-MM-DD"),
        (at("recipients: [10"), 'components.0.recipients.0: codes are quoted text: write "10"'),
        (at("total: 63 000 000"), "total: write a plain whole number (amounts as 42000000"),
    ]  # fmt: skip
    for place, message in expected:
        assert any(line.startswith(place) and message in line for line in found), (place, found)


def test_a_sum_error_is_reported_even_when_a_tie_stops_the_allocation(data: DataCopy) -> None:
    path = data.write_decision(data.decision_text().replace("amount: 35000000", "amount: 35000003"))
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "add `tie_rule:`" in result.stdout
    assert (
        f"{path}:12:8: components sum to the decision total: 63,000,003 is 3 kr over 63,000,000"
        in (result.stdout)
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "ministry: Socialdepartementet",
            "ministry: null",
            "ministry is null: say why in ministry_note",
        ),
        ("anslagspost_name: Precisionshälsa", "anslagspost_name: null", "anslagspost_name is null"),
    ],
)
def test_unstated_names_may_be_null_with_a_note(
    data: DataCopy, old: str, new: str, message: str
) -> None:
    text = data.decision_text()
    assert old in text
    path = data.write_decision(text.replace(old, new, 1))
    refused = run("validate", str(path))
    assert refused.exit_code == 2 and message in refused.stdout
    field = new.split(":")[0].strip()
    line = next(line for line in text.splitlines() if old in line)
    indent = " " * (len(line) - len(line.lstrip()))
    noted = text.replace(old, f"{new}\n{indent}{field}_note: Står inte i texten.", 1)
    path.write_text(noted, encoding="utf-8")
    accepted = run("validate", str(path))
    assert accepted.exit_code == 0, accepted.stdout
    shown = run("show", "S2026/00953", "-f", "csv", *data.args())
    assert "unknown: Står inte i texten." in shown.stdout


def test_a_text_of_another_decision_is_refused_not_renamed(workspace: Path) -> None:
    text = workspace / "beslut.txt"
    text.write_text(
        "Regeringsbeslut S2026/00953\nRegeringen beslutar att betala ut 1 000 kronor.\n",
        encoding="utf-8",
    )
    result = run("new", "S2027/00123", "--from-text", str(text))
    assert result.exit_code == 2
    assert "S2026/00953" in result.stderr and "S2027/00123" in result.stderr
    assert not (workspace / "decisions").exists()  # nothing written
    assert run("new", "S2026/00953", "--from-text", str(text)).exit_code == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "the text is empty"),
        (b"  \n\n\t\n", "the text is empty"),
        (b"PK\x03\x04\x00\x00\x14\x00" * 50, "not a text"),
    ],
    ids=["empty", "blank", "binary"],
)
def test_an_empty_or_binary_text_is_refused(workspace: Path, content: bytes, words: str) -> None:
    text = workspace / "beslut.txt"
    text.write_bytes(content)
    result = run("new", "S2027/00123", "--from-text", str(text))
    assert result.exit_code == 2 and words in result.stderr, result.stderr
    assert not (workspace / "decisions").exists()


def test_validate_reports_a_tie_and_the_quote_problems_at_once(data: DataCopy) -> None:
    """A decision that cannot be allocated (a tie without a rule) still has every other
    problem reported in the same run: here a total the components do not reach and a quote
    its document does not hold."""
    text = REGIONS_DECISION.replace("DATASET", "folkmangd_kommun_2025-12-31")
    text = text.replace(
        "  - kind: population\n    id: part\n    label: By population over three regions\n"
        '    amount: 1000000\n    units: regions\n    codes: ["01", "03", "12"]\n'
        "    population: folkmangd_kommun_2025-12-31\n",
        "  - kind: equal\n    id: part\n    label: Equal over three regions\n"
        '    amount: 1000000\n    recipients: ["01", "03", "12"]\n',
    ).replace("total: 1000000\n", "total: 1000001\n", 1)
    assert "kind: equal" in text
    path = data.write_decision(text, "S2099-00001")
    result = run("validate", str(path), "--population-dir", str(data.population))
    assert result.exit_code == 2  # an invalid file: every problem listed
    said = result.stdout + result.stderr
    assert "equal remainders" in said  # the tie
    assert "1,000,001" in said  # the total the part does not reach
    assert "does not appear in a quote" in said or "not in its document" in said
    problems = [line for line in result.stdout.splitlines() if line.startswith("  - ")]
    assert len(problems) == len(set(problems))  # each problem once


def test_a_text_that_refers_to_another_decision_is_drafted_under_its_own_number(
    workspace: Path,
) -> None:
    """ "Enligt regeringsbeslut S2027/04567 gäller följande" names the decision the text builds
    on, not its own: the draft is the number the command line gives, with a note."""
    text = workspace / "beslut.txt"
    text.write_text(
        "Enligt regeringsbeslut S2027/04567 gäller följande.\n"
        "Regeringen beslutar att betala ut 1 000 kronor.\n",
        encoding="utf-8",
    )
    result = run("new", "S2027/00123", "--from-text", str(text))
    assert result.exit_code == 0, result.stderr
    assert "refers to decision S2027/04567" in result.stderr
    written = (workspace / "decisions" / "S2027-00123.yaml").read_text(encoding="utf-8")
    assert 'diarienummer: "S2027/00123"' in written
    assert "S2027/04567" not in written.split("diarienummer:")[1].splitlines()[0]
