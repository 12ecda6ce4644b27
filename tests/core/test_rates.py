"""Rates per counted unit (SFS 1991:1516: "4 358 kr per person 75-79 år, 8 716 kr för 80-84"):
each kommun gets rate × its count, exactly; a part's amount must be what the rates come to.
The counts are a test's own (illustrative, not SCB's); expected amounts computed here."""

from __future__ import annotations

import csv
import datetime as dt

from helpers import DataCopy, run

from statsbidrag_cli.service.population import import_population

TEXT = (
    "Statsbidraget beräknas efter antalet personer som uppnått lägst 75 års ålder. Bidraget "
    "är 4 358 kronor per person i åldern 75-79 år och 8 716 kronor per person i åldern 80-84 år. "
    "För bidraget får Socialstyrelsen använda FUNDING kronor.\n"
)
DECISION = """\
diarienummer: S2099/00003
title: Bidrag per äldre invånare
beslutsdatum: 2099-01-01
ministry: Socialdepartementet
agency: Socialstyrelsen
budget_year: 2099
total: TOTAL
derived: [{field: total, rule: sum_of_components, note: summan av delarna}]
source: [{document: text.txt, quotes: ["Statsbidraget beräknas efter antalet personer"]}]
funding:
  - {utgiftsomrade: 9, utgiftsomrade_name: x, anslag: "1:6", anslag_name: x, anslagspost: 7, anslagspost_name: x, budget_year: 2099, amount: TOTAL, source: [{document: text.txt, quotes: ["använda FUNDING kronor"]}]}
components:
  - kind: rate
    id: alder_75_79
    label: 75-79 år
    rate: 4358
    amount: YOUNGER
    units: kommuner
    population: alder_75_79
    purpose: test
    source: [{document: text.txt, quotes: ["4 358 kronor per person i åldern 75-79 år"]}]
  - kind: rate
    id: alder_80_84
    label: 80-84 år
    rate: 8716
    amount: OLDER
    units: kommuner
    population: alder_80_84
    purpose: test
    source: [{document: text.txt, quotes: ["8 716 kronor per person i åldern 80-84 år"]}]
dates:
  deadlines: [{kind: report_due, date: 2099-12-31, actor: test}]
  source: [{document: text.txt, quotes: ["Statsbidraget beräknas efter antalet personer"]}]
"""


def _counts(data: DataCopy, name: str, step: int) -> dict[str, int]:
    with (data.population / "kommuner.csv").open(encoding="utf-8") as handle:
        codes = [row["kommunkod"] for row in csv.DictReader(handle)]
    counts = {code: 10 + (index * step) % 900 for index, code in enumerate(codes)}
    path = data.population.parent / f"{name}.csv"
    path.write_text("kod;antal\n" + "".join(f"{c};{n}\n" for c, n in counts.items()), "utf-8")
    import_population(data.population, path, name, dt.date(2098, 12, 31), None, None, False,
                      "personer " + name.split("_", 1)[1].replace("_", "-") + " år")  # fmt: skip
    return counts


def _decision(data: DataCopy, younger: int, older: int) -> None:
    (data.decisions.parent / "sources").mkdir(exist_ok=True)
    funding = f"{younger + older:,}".replace(",", " ")
    (data.decisions.parent / "sources" / "text.txt").write_text(
        TEXT.replace("FUNDING", funding), "utf-8"
    )
    text = (DECISION.replace("TOTAL", str(younger + older)).replace("YOUNGER", str(younger))
            .replace("OLDER", str(older)).replace("FUNDING", funding))  # fmt: skip
    data.write_decision(text, "S2099-00003")


def test_each_kommun_gets_the_rates_times_its_counts(data: DataCopy) -> None:
    younger, older = _counts(data, "alder_75_79", 37), _counts(data, "alder_80_84", 53)
    expected_younger = sum(4_358 * n for n in younger.values())
    expected_older = sum(8_716 * n for n in older.values())
    _decision(data, expected_younger, expected_older)
    checked = run("check", "S2099/00003", *data.args())
    assert checked.exit_code == 0, checked.stdout
    result = run("allocate", "S2099/00003", "--format", "csv", *data.args())
    rows = {row["code"]: row for row in csv.DictReader(result.stdout.splitlines())}
    assert len(rows) == 290
    for code, row in rows.items():
        assert int(row["alder_75_79"]) == 4_358 * younger[code]
        assert int(row["alder_80_84"]) == 8_716 * older[code]
        assert int(row["total"]) == 4_358 * younger[code] + 8_716 * older[code]
        assert int(row["alder_75_79_persons"]) == younger[code]
    explained = run("allocate", "S2099/00003", "--explain", "--format", "csv", *data.args())
    first = next(csv.DictReader(explained.stdout.splitlines()))
    assert first["why"] == f"{younger[first['unit']]:,} × 4,358 kr"


def test_an_amount_the_rates_do_not_come_to_fails_the_check(data: DataCopy) -> None:
    younger, older = _counts(data, "alder_75_79", 37), _counts(data, "alder_80_84", 53)
    expected = sum(4_358 * n for n in younger.values())
    _decision(data, expected + 1, sum(8_716 * n for n in older.values()))
    checked = run("check", "S2099/00003", *data.args())
    assert checked.exit_code == 1
    assert f"{expected + 1:,}" in checked.stdout and f"{expected:,}" in checked.stdout
    assert "75-79 år" in checked.stdout


def test_audit_names_a_rate_part_it_does_not_audit(data: DataCopy) -> None:
    younger, older = _counts(data, "alder_75_79", 37), _counts(data, "alder_80_84", 53)
    _decision(
        data, sum(4_358 * n for n in younger.values()), sum(8_716 * n for n in older.values())
    )
    path = data.decisions / "S2099-00003.yaml"
    amount = 4_358 * younger["0114"]
    path.write_text(
        path.read_text("utf-8") + "published:\n  publisher: test\n  complete: false\n  rows:\n"
        f'    - {{code: "0114", name: x, amounts: {{alder_75_79: {amount}}}, total: {amount}}}\n'
        '  source: [{document: text.txt, quotes: ["Statsbidraget beräknas efter antalet personer"]}]\n',
        "utf-8",
    )
    result = run("audit", "S2099/00003", *data.args())
    text = " ".join((result.stdout + result.stderr).split())
    assert "75-79 år: not audited: its amounts are a rate times each count" in text
