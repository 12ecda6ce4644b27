"""list, show, ledger and deadlines across the encoded decisions; allocate with earmarks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import DataCopy, run


def test_list_csv_sorted_by_date_unknown_last() -> None:
    result = run("list", "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "id,diarienummer,beslutsdatum,budget_year,title,total"
    assert [[*line.split(",")[:4], line.split(",")[-1]] for line in lines[1:]] == [
        ["S2026-00953", "S2026/00953", "2026-05-07", "2026", "63000000"],
        ["gms-pilot-2023", "", "", "2023", "10000000"],  # unknown: empty, not a word
        ["gms-sprintr-biobank-2026", "", "", "2026", "102000000"],
    ]


def test_list_sorted_by_total() -> None:
    result = run("list", "--sort", "total", "--format", "json")
    ids = [d["id"] for d in json.loads(result.stdout)["decisions"]]
    assert ids == ["gms-sprintr-biobank-2026", "S2026-00953", "gms-pilot-2023"]


def test_list_rejects_an_unknown_order() -> None:
    result = run("list", "--sort", "size")
    assert result.exit_code == 2
    assert "--sort must be date, id or total" in result.stderr


def test_list_table_has_years_without_separators() -> None:
    result = run("list")
    assert "S2026-00953" in result.stdout
    assert " 2026 " in result.stdout
    assert "2,026" not in result.stdout
    assert "102,000,000" in result.stdout


def test_allocate_fixed_amounts_with_earmark_tree() -> None:
    csv = run("allocate", "gms-sprintr-biobank-2026", "-f", "csv").stdout
    assert csv == (
        "code,region,gms,sprintr,biobank,total\n"
        "03,Region Uppsala,0,0,10000000,10000000\n"
        "12,Region Skåne,80000000,0,0,80000000\n"
        "24,Region Västerbotten,0,12000000,0,12000000\n"
    )
    table = run("allocate", "gms-sprintr-biobank-2026").stdout
    lines = table.splitlines()
    assert lines[0].startswith("gms-sprintr-biobank-2026 (diarienummer unknown) · decided unknown")
    tree = lines[lines.index("Earmarks: Genomic Medicine Sweden (GMS)") :]
    assert [line.strip() for line in tree if "000" in line] == [
        "Genomic Medicine Sweden (GMS)                         80,000,000",
        "Barncancer                                         5,000,000",
        "BrainChild                                     4,900,000",
        "Implementeringsprojekt, långa DNA-läsningar      100,000",
        "Sällsynta hälsotillstånd                           9,375,000",
        "Akuta leukemier                                    3,872,000",
        "Solida tumörer                                     8,823,000",
        "Infektionssjukdomar                                2,930,000",
        "Förvaltning av GMS                                50,000,000",
    ]
    document = json.loads(run("allocate", "gms-sprintr-biobank-2026", "-f", "json").stdout)
    gms = document["components"][0]
    assert gms["earmarks"][0]["children"][0] == {
        "id": "brainchild",
        "label": "BrainChild",
        "amount": 4_900_000,
        "purpose": gms["earmarks"][0]["children"][0]["purpose"],
        "children": [],
    }
    assert document["decision"]["diarienummer"] is None


@pytest.mark.usefixtures("swedish")
def test_show_lists_facts_with_their_sources() -> None:
    result = run("show", "gms-sprintr-biobank-2026", "-f", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "section,item,value,amount,source"
    assert (
        "Del: Genomic Medicine Sweden (GMS),mottagare,12 Region Skåne (värdregion),,000_0ee85cfafae5739e.txt"
        in lines
    )
    assert any(
        line.startswith("Del: Genomic Medicine Sweden (GMS),  öronmärkt: BrainChild,")
        and ",4900000," in line
        for line in lines
    )
    assert (
        "Finansiering,UO 9 anslag 1:6 ap. 7 (2026),Precisionshälsa; för Genomic Medicine Sweden (GMS),20250000,000_0ee85cfafae5739e.txt"
        in lines
    )
    assert (
        'Finansiering,"  varav eget arbete (högst), ap. 7",,250000,000_0ee85cfafae5739e.txt'
        in lines
    )
    assert (
        'Datum,utbetalning senast,"2026-12-01, Socialstyrelsen: anslagspost 16: utbetalning '
        'engångsvis efter Socialstyrelsens rekvisition till Kammarkollegiet",,'
        "000_0ee85cfafae5739e.txt"
    ) in lines


@pytest.mark.usefixtures("swedish")
def test_show_table_groups_sections_and_json_has_the_whole_file() -> None:
    table = run("show", "S2026/00953").stdout
    for heading in (
        "Beslut",
        "Del: Lika fördelning",
        "Finansiering",
        "Datum",
        "Villkor",
        "Publicerad tabell",
    ):
        assert f"\n{heading}\n" in table
    document = json.loads(run("show", "S2026/00953", "-f", "json").stdout)
    assert document["decision"]["published"]["rows"][0]["total"] == 11_724_687


def test_ledger_2026_per_anslagspost() -> None:
    result = run("ledger", "--year", "2026", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "budget_year,utgiftsomrade,anslag,anslagspost,anslagspost_name,paid,own_work_max,charged,decisions\n"
        '2026,9,1:6,7,Precisionshälsa,93000000,750000,93750000,"S2026-00953, gms-sprintr-biobank-2026"\n'
        "2026,9,1:6,16,Åtgärder för en bättre cancervård,72000000,0,72000000,gms-sprintr-biobank-2026\n"
    )


def test_ledger_totals_are_per_budget_year() -> None:
    document = json.loads(run("ledger", "-f", "json").stdout)
    assert [
        (line["budget_year"], line["anslagspost"], line["charged"]) for line in document["lines"]
    ] == [
        (2023, 16, 10_250_000),
        (2026, 7, 93_750_000),
        (2026, 16, 72_000_000),
    ]
    # Different budget years' money is never added up.
    assert document["totals_per_year"] == {
        "2023": {"paid": 10_000_000, "own_work_max": 250_000, "charged": 10_250_000},
        "2026": {"paid": 165_000_000, "own_work_max": 750_000, "charged": 165_750_000},
    }
    table = run("ledger").stdout
    assert not any(line.strip().startswith("Total") for line in table.splitlines())
    assert "Budget year 2026: to recipients 165,000,000, own work (max) 750,000, charged " in (
        " ".join(table.split())
    )


def test_ledger_for_a_year_without_funding_says_so() -> None:
    result = run("ledger", "--year", "2030")
    assert result.exit_code == 0
    assert "No funding lines for budget year 2030. The decisions cover: 2023, 2026." in (
        " ".join(result.stdout.split())
    )


def test_deadlines_upcoming_and_today(tmp_path: Path) -> None:
    import datetime as dt

    today = dt.date.today().isoformat()
    for args in (["--upcoming"], ["--after", "today"]):
        result = run("deadlines", *args, "-f", "json")
        assert result.exit_code == 0, result.stderr
        document = json.loads(result.stdout)
        assert document["after"] == today
        assert all(item["date"] > today for item in document["deadlines"])
    both = run("deadlines", "--upcoming", "--after", "2026-01-01")
    assert both.exit_code == 2 and "not both" in both.stderr
    ics = tmp_path / "frister.ics"
    written = run("deadlines", "--ics", str(ics), "-f", "csv")
    assert written.stderr == f"Wrote 15 deadlines to {ics}\n"
    assert ics.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_deadlines_sorted_with_who_must_act() -> None:
    result = run("deadlines", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "date,decision,what,actor,details"
    dates = [line.split(",")[0] for line in lines[1:]]
    assert dates == sorted(dates)
    assert len(lines) - 1 == 4 + 7 + 4
    assert lines[1].startswith("2023-12-01,gms-pilot-2023,payment made by,Socialstyrelsen,")
    assert (
        "2026-08-03,S2026/00953,rekvisition closes (last day),Mottagarna (regionerna),"
        in result.stdout
    )


def test_deadlines_after_a_date() -> None:
    result = run("deadlines", "--after", "2027-01-31", "-f", "json")
    items = json.loads(result.stdout)["deadlines"]
    assert {item["date"] for item in items} == {"2027-03-31"}
    assert len(items) == 5


@pytest.mark.parametrize(("remind", "alarms"), [("0", 0), ("14", 8)])
def test_deadlines_ics_reminders_are_chosen(tmp_path: Path, remind: str, alarms: int) -> None:
    target = tmp_path / "frister.ics"
    result = run("deadlines", "--after", "2026-11-23", "--ics", str(target), "--remind", remind)
    assert result.exit_code == 0, result.stderr
    raw = target.read_bytes()
    assert raw.count(b"BEGIN:VALARM") == alarms
    assert raw.count(f"TRIGGER:-P{remind}D".encode()) == alarms


def test_deadlines_remind_must_be_whole_days() -> None:
    result = run("deadlines", "--remind", "-1")
    assert result.exit_code == 2
    assert "--remind" in result.stderr


def test_deadlines_after_needs_a_real_date() -> None:
    result = run("deadlines", "--after", "2027-02-30")
    assert result.exit_code == 2
    assert "--after must be a date as YYYY-MM-DD" in result.stderr


def test_deadlines_ics(tmp_path: Path) -> None:
    target = tmp_path / "frister.ics"
    result = run("deadlines", "--after", "2026-11-23", "--ics", str(target), "-f", "csv")
    assert result.exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert raw.count(b"BEGIN:VEVENT") == 8
    assert b"DTSTART;VALUE=DATE:20261201\r\n" in raw
    stamps = {line for line in raw.split(b"\r\n") if line.startswith(b"DTSTAMP:")}
    assert len(stamps) == 1  # when the entries were made (now), not each deadline's date
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY;LANGUAGE=en:S2026/00953: use period ends" in unfolded
    assert (
        "DESCRIPTION;LANGUAGE=en:Who must act: Mottagarna (regionerna). till Socialstyrelsen"
        in unfolded
    )
    # Each event reminds a week ahead by default, inside its VEVENT.
    assert raw.count(b"BEGIN:VALARM") == 8 and raw.count(b"TRIGGER:-P7D\r\n") == 8
    first_event = unfolded.split("BEGIN:VEVENT")[1]
    assert "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P7D\r\nDESCRIPTION:" in first_event
    assert first_event.index("END:VALARM") < first_event.index("END:VEVENT")
    again = run("deadlines", "--ics", str(target))
    assert again.exit_code == 2
    assert "exists; use --force" in again.stderr


def test_check_names_the_earmark_that_does_not_add_up(data: DataCopy) -> None:
    name = "gms-sprintr-biobank-2026"
    data.write_decision(
        data.decision_text(name).replace("amount: 4900000", "amount: 4800000"), name
    )
    result = run("check", name, *data.args())
    assert result.exit_code == 1
    assert any(
        line.endswith(
            ": earmarks under 'gms/barncancer' sum to it: 4,900,000 is 100,000 kr short of 5,000,000"
        )
        for line in result.stdout.splitlines()
    )


def test_check_fails_when_funding_does_not_cover_a_component(data: DataCopy) -> None:
    name = "gms-sprintr-biobank-2026"
    data.write_decision(
        data.decision_text(name).replace("amount: 60000000", "amount: 59000000"), name
    )
    result = run("check", name, *data.args())
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(
        line.endswith(
            ": funding for Genomic Medicine Sweden (GMS), less own-work allowance: 79,000,000 is 1,000,000 kr short of 80,000,000"
        )
        for line in lines
    )


@pytest.mark.parametrize(
    ("word", "first"), [("summa", "gms-sprintr-biobank-2026"), ("datum", "S2026-00953")]
)
def test_list_sorts_by_swedish_words_too(word: str, first: str) -> None:
    rows = list(csv.reader(io.StringIO(run("list", "--sort", word, "-f", "csv").stdout)))
    assert rows[1][0] == first
    refused = run("list", "--sort", "storlek")
    assert refused.exit_code == 2
    assert "--sort must be date, id or total (also datum, summa), not 'storlek'" in refused.stderr


def test_deadlines_ics_dtstamp_follows_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00:00 UTC
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run("deadlines", "--ics", str(first), "-f", "csv").exit_code == 0
    assert run("deadlines", "--ics", str(second), "-f", "csv").exit_code == 0
    assert first.read_bytes() == second.read_bytes()  # reproducible
    assert b"DTSTAMP:20260101T000000Z\r\n" in first.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    refused = run("deadlines", "--ics", str(tmp_path / "c.ics"))
    assert refused.exit_code == 2 and "SOURCE_DATE_EPOCH" in refused.stderr
