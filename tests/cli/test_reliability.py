"""Bad input, class by class: a clean error naming the file (exit 2), never a traceback,
never silently accepted, never half-written. The fuzz tests for every reader are at the end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import PXWEB, REGIONS_DECISION, DataCopy, run

HUGE = "9" * 5000  # beyond Python's 4 300-digit int-string limit


def import_export(data: DataCopy, path: Path, *extra: str) -> tuple[int, str]:
    result = run(
        "population", "import", str(path), "--date", "2024-12-31", "--name", "imported",
        "--population-dir", str(data.population), *extra,
    )  # fmt: skip
    return result.exit_code, result.stderr


def assert_clean_refusal(exit_code: int, stderr: str, *messages: str) -> None:
    assert exit_code == 2, stderr
    assert "Traceback" not in stderr
    for message in messages:
        assert message in stderr


# Numbers beyond the bound --------------------------------------------------------------------


def test_a_huge_amount_in_a_decision_is_refused_with_its_line(data: DataCopy) -> None:
    path = data.write_decision(data.decision_text().replace("total: 63000000", f"total: {HUGE}"))
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "a number of 5000 digits; the largest accepted is 999 999 999 999 999" in result.stdout
    assert f"{path}:" in result.stdout


def test_a_huge_population_figure_is_refused(data: DataCopy) -> None:
    csv_path = data.population / "folkmangd_kommun_2025-12-31.csv"
    text = csv_path.read_text(encoding="utf-8").replace(",50495\n", f",{HUGE}\n")
    csv_path.write_text(text, encoding="utf-8")
    result = run("allocate", "S2026/00953", *data.args())
    assert_clean_refusal(result.exit_code, result.stderr, "has more than 15 digits")
    assert "folkmangd_kommun_2025-12-31.csv:2:" in result.stderr


@pytest.mark.parametrize("shape", ["csv", "json"])
def test_a_huge_figure_in_an_export_is_refused(data: DataCopy, tmp_path: Path, shape: str) -> None:
    path = tmp_path / f"export.{shape}"
    if shape == "csv":
        path.write_text(f'"region","2024"\n"01 Stockholms län","{HUGE}"\n', encoding="utf-8")
    else:
        document = (PXWEB / "json_stat2.json").read_text(encoding="utf-8")
        path.write_text(document.replace("[1800, 1000", f"[1800, {HUGE}"), encoding="utf-8")
    assert_clean_refusal(*import_export(data, path), "more than 15 digits")
    assert not (data.population / "imported.csv").exists()


@pytest.mark.parametrize("amount", [HUGE, "10 000 000 000 000 000", "1e6", "10,5"])
def test_split_amount_beyond_the_bound_or_not_whole_is_refused(amount: str) -> None:
    result = run("split", amount)
    assert_clean_refusal(result.exit_code, result.stderr, "AMOUNT must be whole kronor below 10^15")


@pytest.mark.parametrize("amount", ["28000000", "28 000 000", "28_000_000", "28\u00a0000\u00a0000"])
def test_split_amount_as_swedes_write_it(amount: str) -> None:
    result = run("split", amount, "--by", "samverkansregioner", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 28_000_000


# JSON-stat 2 structure -----------------------------------------------------------------------


def json_stat(**changes: object) -> str:
    document = json.loads((PXWEB / "json_stat2.json").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key == "region_index":
            document["dimension"]["Region"]["category"]["index"] = value
        else:
            document[key] = value
    return json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (json_stat(value=[1800, 1000, 300]), "'value' has 3 entries, but the sizes make 4"),
        (json_stat(value="1800100030050"), "'value' must be a list (or an object) of figures"),
        (json_stat(value=["1800", 1000, 300, 500]), "00: '1800' is not a whole number"),
        (
            json_stat(region_index={"00": 0, "01": 1, "0114": 1, "0115": 3}),
            "must take the positions 0 to 3 once each",
        ),
        (
            json_stat(region_index={"00": 0, "01": 1, "0114": 2, "0115": 9}),
            "must take the positions 0 to 3 once each",
        ),
        (json_stat(size=[5, 1, 1]), "must take the positions 0 to 4 once each"),
        (json_stat(size=[4, 1]), "'size' must be a list with one size per dimension"),
        (json_stat(dimension=[1, 2, 3]), "'dimension' must be an object"),
        (json_stat(value={"0": 1800, "7": 1}), "'value' key '7' is not a position below 4"),
        ("[1, 2, 3]", "a JSON array, not a JSON-stat 2 dataset"),
        ('{"class": "dataset", "id": ', "not valid JSON"),
    ],
    ids=[
        "value-short", "value-string", "figure-as-text", "index-twice", "index-past-end",
        "size-disagrees", "size-short", "dimension-list", "value-key-past-end", "json-array",
        "broken-json",
    ],
)  # fmt: skip
def test_json_stat_structure_is_checked_before_any_figure(
    data: DataCopy, tmp_path: Path, document: str, message: str
) -> None:
    path = tmp_path / "export.json"
    path.write_text(document, encoding="utf-8")
    assert_clean_refusal(*import_export(data, path), str(path), message)
    assert not (data.population / "imported.csv").exists()


def test_json_stat_values_as_an_object_are_read(data: DataCopy, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json_stat(value={"0": 1800, "1": 1000, "2": 300, "3": 500}), encoding="utf-8")
    exit_code, stderr = import_export(data, path)
    assert exit_code == 0, stderr
    assert (data.population / "imported.csv").read_text(encoding="utf-8").splitlines()[1] == (
        "01,Stockholms län,1000"
    )


# Exports that are not what they seem ----------------------------------------------------------


def test_a_utf16_export_is_read(data: DataCopy, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes((PXWEB / "tab_no_heading.csv").read_text(encoding="utf-8").encode("utf-16"))
    exit_code, stderr = import_export(data, path)
    assert exit_code == 0, stderr
    assert "(CSV, UTF-16)" in stderr


def test_an_export_without_a_figure_column_says_so(data: DataCopy, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('"region"\n"01 Stockholms län"\n', encoding="utf-8")
    assert_clean_refusal(*import_export(data, path), "no column of figures beside the region")


def test_a_line_separator_inside_a_county_label_stays_in_its_cell(
    data: DataCopy, tmp_path: Path
) -> None:
    """The CSV reader keeps a U+2028 inside its cell (only CR and LF end a record); a county's
    label in an export is not kept (its name comes from lan.csv), so the import succeeds."""
    lan = (data.population / "lan.csv").read_text(encoding="utf-8").splitlines()[1:]
    rows = [f'"{line.split(",")[0]} Län\u2028{n}","{1000 + n}"' for n, line in enumerate(lan)]
    path = tmp_path / "export.csv"
    path.write_text('"region","2024"\n' + "\n".join(rows) + "\n", encoding="utf-8")
    exit_code, stderr = import_export(data, path)
    assert exit_code == 0, stderr


def test_an_export_with_unknown_codes_is_refused_before_writing(
    data: DataCopy, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_text('"region","2024"\n"99 Atlantis län","1000"\n"9999 Ys","5"\n', encoding="utf-8")
    assert_clean_refusal(
        *import_export(data, path),
        "county 99 is not in lan.csv",
        "kommun 9999 is not in kommuner.csv",
    )
    assert sorted(p.name for p in data.population.iterdir()) == sorted(
        p.name for p in Path(PXWEB.parents[1] / "population").iterdir()
    )


# Writing all or nothing -------------------------------------------------------------------------


def test_a_refused_output_leaves_the_chart_unwritten(tmp_path: Path) -> None:
    output, chart = tmp_path / "pmc.csv", tmp_path / "pmc.svg"
    output.write_text("keep me", encoding="utf-8")
    result = run("allocate", "S2026/00953", "-f", "csv", "-o", str(output), "--chart", str(chart))
    assert_clean_refusal(result.exit_code, result.stderr, "exists; use --force")
    assert not chart.exists()
    assert output.read_text(encoding="utf-8") == "keep me"


def test_a_refused_output_leaves_the_calendar_unwritten(tmp_path: Path) -> None:
    output, ics = tmp_path / "frister.csv", tmp_path / "frister.ics"
    output.write_text("keep me", encoding="utf-8")
    result = run("deadlines", "-f", "csv", "-o", str(output), "--ics", str(ics))
    assert_clean_refusal(result.exit_code, result.stderr, "exists; use --force")
    assert not ics.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["allocate", "S2026/00953", "-f", "csv", "-o", "/proc/statsbidrag.csv"],
        ["allocate", "S2026/00953", "--chart", "/proc/1/statsbidrag.svg"],
        ["deadlines", "--ics", "/proc/1/frister.ics"],
        ["schema", "-o", "/proc/1/schema.json"],
    ],
    ids=["output", "chart", "ics", "schema"],
)
def test_an_unwritable_folder_is_a_clean_error(args: list[str]) -> None:
    result = run(*args)
    assert_clean_refusal(result.exit_code, result.stderr, "cannot write /proc/")


@pytest.mark.parametrize("name", ["lan", "kommuner", "samverkansregioner", "LAN"])
def test_import_cannot_replace_a_geography_file(data: DataCopy, name: str) -> None:
    before = (data.population / "lan.csv").read_bytes()
    result = run(
        "population", "import", str(PXWEB / "tab_no_heading.csv"), "--date", "2024-12-31",
        "--name", name, "--force", "--population-dir", str(data.population),
    )  # fmt: skip
    assert_clean_refusal(result.exit_code, result.stderr, "is the name of a geography file")
    assert (data.population / "lan.csv").read_bytes() == before


def test_import_writes_both_files_or_neither(data: DataCopy) -> None:
    (data.population / "pair.yaml").mkdir()  # the second target cannot be written
    result = run(
        "population", "import", str(PXWEB / "tab_no_heading.csv"), "--date", "2024-12-31",
        "--name", "pair", "--force", "--population-dir", str(data.population),
    )  # fmt: skip
    assert_clean_refusal(result.exit_code, result.stderr, "is a folder")
    assert not (data.population / "pair.csv").exists()


# Geography integrity -----------------------------------------------------------------------------


def test_a_decision_paying_an_unknown_kommun_is_refused_at_its_line(data: DataCopy) -> None:
    text = data.decision_text().replace('recipients: ["01",', 'recipients: ["9999", "01",', 1)
    assert "9999" in text
    path = data.write_decision(text)
    result = run("allocate", "S2026/00953", *data.args())
    assert_clean_refusal(
        result.exit_code,
        result.stderr,
        f"{path}:",
        "unknown kommun code '9999' (not in kommuner.csv)",
    )


GROUPS = """\
  - kind: population
    id: part
    label: Overlapping groups
    amount: 1000000
    units: groups
    groups:
      - {id: a, name: A, counties: ["13"]}
      - {id: b, name: B, kommuner: ["1380"]}
    payees: {a: "13", b: "1380"}
    population: folkmangd_kommun_2025-12-31
    purpose: test
    source: [{document: test, quotes: ["betala ut 1 000 000 kronor"]}]
"""


def test_groups_that_overlap_are_refused(data: DataCopy) -> None:
    text = REGIONS_DECISION.replace("DATASET", "folkmangd_kommun_2025-12-31")
    start, end = text.index("  - kind: population"), text.index("dates:")
    path = data.write_decision(text[:start] + GROUPS + text[end:], "S2099-00001")
    result = run("allocate", "S2099/00001", *data.args())
    assert_clean_refusal(
        result.exit_code,
        result.stderr,
        f"{path}:",
        "kommun 1380 lies in county 13, which group a counts whole",
    )


def write_dataset(data: DataCopy, name: str, csv_text: str, level: str, date: str) -> None:
    (data.population / f"{name}.csv").write_text(csv_text, encoding="utf-8")
    (data.population / f"{name}.yaml").write_text(
        f"name: {name}\ntitle: t\nlevel: {level}\nreference_date: {date}\nsource: test\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("csv_text", "level", "message"),
    [
        ("kod,namn,folkmangd\n00,Riket,100\n01,Stockholms län,10\n", "county", "00 is the national total"),
        ("kod,namn,folkmangd\n01,Stockholms län,10\n99,X,5\n", "county", "county 99 is not in lan.csv"),
        ("kod,namn,folkmangd\n01,Stockholms län,10\n", "kommun", "level is 'kommun', but the figures are 'county'"),
        ("kod,namn,folkmangd\n0114,Upplands Väsby,10\n", "kommun", "a kommun-level dataset must give every kommun; 289 missing"),
        ("kod,namn,folkmangd\n01,S,10\n1480,Göteborg,5\n", "mixed", "given.csv) has no figures for county 03"),
    ],
    ids=["national-total", "unknown-county", "level-contradicts", "kommun-missing", "partial-mixed"],
)  # fmt: skip
def test_datasets_are_checked_against_geography_and_description(
    data: DataCopy, csv_text: str, level: str, message: str
) -> None:
    write_dataset(data, "given", csv_text, level, "2099-01-01")
    result = run("population", "show", "given", "--population-dir", str(data.population))
    assert_clean_refusal(result.exit_code, result.stderr, message)


def test_a_reference_date_contradicting_the_name_is_refused(data: DataCopy) -> None:
    write_dataset(data, "folk_2024-12-31", "kod,namn,folkmangd\n01,S,10\n", "county", "2025-12-31")
    result = run("population", "show", "folk_2024-12-31", "--population-dir", str(data.population))
    assert_clean_refusal(
        result.exit_code, result.stderr, "reference_date is 2025-12-31, but the name"
    )


# Decision-set integrity -------------------------------------------------------------------------


def test_two_files_with_one_diarienummer(data: DataCopy) -> None:
    (data.decisions / "kopia.yaml").write_text(data.decision_text(), encoding="utf-8")
    check = run("check", *data.args())
    assert check.exit_code == 2
    assert "diarienummer S2026/00953 is also that of" in check.stdout
    ledger = run("ledger", "--decisions-dir", str(data.decisions))
    assert_clean_refusal(ledger.exit_code, ledger.stderr, "keep one file per decision")


def test_a_file_not_named_after_its_diarienummer_fails_check(data: DataCopy) -> None:
    (data.decisions / "S2026-00953.yaml").rename(data.decisions / "pmc.yaml")
    result = run("check", "pmc", *data.args())
    assert result.exit_code == 1
    assert "the file is named pmc.yaml, but diarienummer S2026/00953 needs S2026-00953.yaml" in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("id: brainchild", "id: barncancer", "earmarks (id) listed more than once: barncancer"),
        ("ministry: Socialdepartementet", 'ministry: "Social\\0departementet"', "control character U+0000"),
        ("ministry: Socialdepartementet", 'ministry: "Social\\e[31mdepartementet"', "control character U+001B"),
    ],
    ids=["duplicate-earmark-id", "nul-in-text", "escape-in-text"],
)  # fmt: skip
def test_decision_text_and_earmarks(data: DataCopy, old: str, new: str, message: str) -> None:
    name = "gms-sprintr-biobank-2026" if "earmark" in message else "S2026-00953"
    text = data.decision_text(name)
    assert old in text, old
    path = data.write_decision(text.replace(old, new, 1), name)
    result = run("validate", str(path), "--population-dir", str(data.population))
    assert result.exit_code == 2
    assert message in result.stdout


# Dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["20241231", "2024-W52-2", "2024-12-31T00:00", "31/12/2024"])
def test_dates_are_exactly_yyyy_mm_dd(date: str) -> None:
    result = run("deadlines", "--after", date)
    assert_clean_refusal(result.exit_code, result.stderr, "--after must be a date as YYYY-MM-DD")


# Errors name the file -----------------------------------------------------------------------------


def test_a_tie_error_names_the_decision_file_and_component_line(data: DataCopy) -> None:
    text = data.decision_text().replace("amount: 35000000", "amount: 35000003")
    path = data.write_decision(text.replace("total: 63000000", "total: 63000003"))
    result = run("allocate", "S2026/00953", *data.args())
    assert_clean_refusal(result.exit_code, result.stderr, f"{path}:", "add `tie_rule:`")
    line = int(result.stderr.split(f"{path}:")[1].split(":")[0])
    assert "kind: equal" in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_a_programme_floor_error_names_the_programme_file(tmp_path: Path) -> None:
    programmes = tmp_path / "programmes"
    programmes.mkdir()
    source = Path(PXWEB.parents[1] / "programmes" / "exempel-femarigt-program.yaml")
    text = source.read_text(encoding="utf-8")
    assert "floor: 0" in text or "floor:" in text
    (programmes / "p.yaml").write_text(
        text.replace("models:\n", "models:\n  - {id: golv, label: Golv, floor: 999999999}\n", 1),
        encoding="utf-8",
    )
    result = run(
        "programme", "allocate", "p", "--model", "golv", "--programmes-dir", str(programmes)
    )
    assert_clean_refusal(
        result.exit_code, result.stderr, f"{programmes / 'p.yaml'}: ", "a floor of"
    )


def test_a_zero_population_names_the_dataset(data: DataCopy) -> None:
    lan = (data.population / "lan.csv").read_text(encoding="utf-8").splitlines()[1:]
    rows = "".join(f"{line.split(',')[0]},X,0\n" for line in lan)
    write_dataset(data, "zero", "kod,namn,folkmangd\n" + rows, "county", "2099-01-01")
    result = run("split", "100", "--population", "zero", "--population-dir", str(data.population))
    assert_clean_refusal(result.exit_code, result.stderr, "zero.csv: ", "every figure is 0")


@pytest.mark.parametrize("target", ["fifo", "/dev/full", "/dev/null"])
def test_output_never_replaces_anything_but_a_regular_file(tmp_path: Path, target: str) -> None:
    """``-o`` onto a named pipe or a device, even with ``--force``: refused by name, the node
    left as it was (as root, replacing /dev/full once broke the machine)."""
    import os
    import stat

    path = tmp_path / "pipe" if target == "fifo" else Path(target)
    if target == "fifo":
        os.mkfifo(path)
    before = os.stat(path)
    result = run("allocate", "S2026/00953", "-f", "csv", "-o", str(path), "--force")
    assert result.exit_code == 2
    assert "is not a regular file" in result.stderr
    after = os.stat(path)
    assert (after.st_ino, after.st_mode, after.st_rdev) == (
        before.st_ino,
        before.st_mode,
        before.st_rdev,
    )
    assert not stat.S_ISREG(after.st_mode)


def test_a_deleted_current_folder_gets_one_clear_message(tmp_path: Path) -> None:
    import subprocess
    import sys

    gone = tmp_path / "gone"
    gone.mkdir()
    script = (
        "import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); "
        "sys.argv = ['statsbidrag', '--lang', 'en', 'allocate', 'S2026/00953', '-f', 'csv']; "
        "from statsbidrag_cli.cli import main; main()"
    )
    done = subprocess.run([sys.executable, "-c", script, str(gone)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == (
        "Error: the current folder no longer exists (it was deleted or moved); change to a "
        "folder that exists and run the command again\n"
    )
    assert done.stdout == ""


FIFO_PLACES = [
    ("decisions/S2026-00954.yaml", ["check"]),
    ("population/nyckel_2025-12-31.yaml", ["population", "list"]),
    ("programmes/fifo.yaml", ["programme", "list", "--programmes-dir", "{root}/programmes"]),
    ("population/nyckel_2025-12-31.csv", ["check"]),  # in no decision: finishes, unread
    ("sources/fifo.txt", ["check"]),  # quoted by none: finishes, unread
    ("used.xlsx", ["repay", "S2026/00953", "--used", "{root}/used.xlsx"]),
    ("used.csv", ["repay", "S2026/00953", "--used", "{root}/used.csv"]),
    ("table.csv", ["audit", "--table", "{root}/table.csv", "--amount", "1000"]),
    ("export.csv", ["population", "import", "{root}/export.csv", "--date", "2025-12-31",
                    "--name", "x_2025-12-31"]),
]  # fmt: skip


UNREAD = {"population/nyckel_2025-12-31.csv", "sources/fifo.txt"}


@pytest.mark.parametrize(("place", "command"), FIFO_PLACES, ids=[p for p, _ in FIFO_PLACES])
def test_a_named_pipe_where_a_file_is_expected_never_hangs(
    data: DataCopy, place: str, command: list[str]
) -> None:
    """A FIFO waits for a writer that never comes: wherever statsbidrag reads a file, one
    there is refused by name (or, in a folder it lists, reported), within seconds."""
    import os
    import subprocess
    import sys

    root = data.population.parent
    (root / "programmes").mkdir(exist_ok=True)
    os.mkfifo(root / place)
    words = [word.format(root=root) for word in command]
    folders = ["--decisions-dir", str(data.decisions)]
    if words[0] != "population" or words[1] != "list":
        folders += ["--population-dir", str(data.population)]
    if words[0] == "population":
        folders = ["--population-dir", str(data.population)]
    if words[0] == "programme":
        folders = []
    if words[0] == "audit" and "--table" in words:
        folders = ["--population-dir", str(data.population)]
    done = subprocess.run(
        [sys.executable, "-m", "statsbidrag_cli", "--lang", "en", *words, *folders],
        capture_output=True, text=True, timeout=60, cwd=root,
    )  # fmt: skip
    assert "Traceback" not in done.stderr
    if place in UNREAD:  # nothing asks for it: the run finishes as if it were not there
        assert done.returncode == 0, done.stdout
        return
    assert "named pipe" in done.stdout + done.stderr, (done.stdout, done.stderr)
