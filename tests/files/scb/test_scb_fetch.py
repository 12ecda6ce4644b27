"""`population fetch` against a local server that answers like SCB's PxWebApi 2.0.

No test touches the network: the fixture serves, on 127.0.0.1, table info and json-stat2 data
for the selection it is sent, and can answer with a Problem body, 429 or 503, a malformed
body, or a body whose dimensions do not match its values.
"""

from __future__ import annotations

import itertools
import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import POPULATION, REPO, DataCopy, json_stat_cell, run

from statsbidrag_cli.files.local.population import load_geography

GEOGRAPHY = load_geography(POPULATION)
RECORDED = REPO / "tests" / "fixtures" / "scb"
TABLES = {
    "TAB638": {"lastPeriod": "2024", "updated": "2025-02-21T06:00:00Z", "contents": "BE0101N1"},
    "TAB5557": {"lastPeriod": "2025", "updated": "2026-02-20T06:00:00Z", "contents": "000007ME"},
    "TAB6471": {"lastPeriod": "2026M04", "updated": "2026-06-08T06:00:00Z", "contents": "000007SF"},
}


@cache
def recorded(name: str) -> Any:
    """A recorded SCB body of tests/fixtures/scb, parsed once (read, never changed)."""
    return json.loads((RECORDED / name).read_text("utf-8"))


def described(codes: list[str], labels: dict[str, str], eliminable: bool,
              codelists: tuple[str, ...] = ()) -> dict[str, Any]:  # fmt: skip
    extension = {"elimination": eliminable, "codelists": [{"id": c} for c in codelists]}
    category = {"index": {c: i for i, c in enumerate(codes)}, "label": labels}
    return {"label": "", "category": category, "extension": extension}


def metadata(table: str, strict: bool = False) -> dict[str, Any]:
    """A ``/metadata`` body as the recorded ones describe the tables: TAB638 with single
    years, ``tot`` and kön and civilstånd eliminable (no total cells) and the aggregation
    ``agg_Ålder10årJ``; TAB5557 with published total cells and nothing eliminable; TAB6471
    the recorded body itself. ``strict``: TAB638 as if civilstånd could not be left out."""
    if table == "TAB6471":
        described_table: dict[str, Any] = recorded("TAB6471_metadata.json")
        return described_table
    regions = ["00", *sorted(GEOGRAPHY.counties), *sorted(GEOGRAPHY.kommuner)]
    singles = [str(age) for age in range(100)]
    sexes = {"1": "män", "2": "kvinnor"}
    if table == "TAB638":
        dims = {
            "Civilstand": described(["OG", "G", "SK", "ÄNKL"], {}, not strict),
            "Alder": described(
                [*singles, "100+", "tot"], {"tot": "totalt ålder"}, True, ("agg_Ålder10årJ",)
            ),
            "Kon": described(["1", "2"], sexes, True),
        }
    else:
        dims = {
            "Civilstand": described(["SC", "OG", "G", "SK", "ÄNKL"], {}, False),
            "Alder": described(["TotSA", *singles, "100+1"], {}, False),
            "Kon": described(["TotSa", "1", "2"], sexes, False),
        }
    tid = [str(year) for year in range(1968 if table == "TAB638" else 2025,
                                       int(TABLES[table]["lastPeriod"]) + 1)]  # fmt: skip
    dims = {"Region": described(regions, {}, True), **dims,
            "ContentsCode": described([{"TAB638": "BE0101N1"}.get(table, "000007ME")], {}, False),
            "Tid": described(tid, {}, False)}  # fmt: skip
    return {"version": "2.0", "class": "dataset", "id": list(dims), "dimension": dims,
            "size": [len(d["category"]["index"]) for d in dims.values()], "value": []}  # fmt: skip


def codelist(list_id: str) -> dict[str, Any] | None:
    """``agg_Ålder10årJ`` as recorded; TAB6471's value sets made from its recorded
    ``/metadata`` codes (single years, 5-year or 10-year classes, the total)."""
    if list_id == "agg_Ålder10årJ":
        aggregation: dict[str, Any] = recorded("agg_Alder10arJ.json")
        return aggregation
    codes = list(metadata("TAB6471")["dimension"]["Alder"]["category"]["index"])
    chosen = [code for code in codes if _value_set(code) == list_id]
    return {"id": list_id, "values": [{"code": c, "label": c} for c in chosen]} if chosen else None


def _value_set(code: str) -> str:
    """Which of TAB6471's value sets an age code belongs to, by its width."""
    if code == "TotSA":
        return "vs_CKM01AlderTot"
    if code.isdigit() or code == "100+":
        return "vs_CKM021år"
    first, _, last = code.replace("+", "-").partition("-")
    width = 5 if code == "100+5" else 10 if code == "100+10" else int(last) - int(first or 0) + 1
    return "vs_CKM035årN" if width == 5 else "vs_CKM0410årN"


def recorded_cell(cell: dict[str, str]) -> int | None:
    """A cell of the recorded TAB6471 data body, None where the recording lacks it."""
    return json_stat_cell(recorded("TAB6471_data.json"), **cell)


def figure(code: str, table: str) -> int:
    """Made-up figures: a kommun's from its code; a county's, in TAB5557, is the sum of its
    kommuner plus 3 (as if noise-protected), so a test can tell a published total from a sum."""
    if len(code) == 4:
        return 1000 + int(code)
    total = sum(figure(k, table) for k in GEOGRAPHY.kommuner if k.startswith(code))
    return total + (3 if table == "TAB5557" else 0)


def cell_figure(cell: dict[str, str], table: str) -> int:
    """A cell's made-up figure: the region's total for the total cells; for one age (and
    sex), a figure from the code, the age and the sex, so a sum over ages can be checked."""
    age, sex = cell.get("Alder", "TotSA"), cell.get("Kon", "TotSa")
    if age in ("TotSA", "tot") and sex in ("TotSa", "tot"):
        return figure(cell["Region"], table)
    if "-" in age:  # an aggregated band: the sum of its single years, as SCB sums it
        first, last = (int(part or 0) for part in age.split("-"))
        return sum(cell_figure({**cell, "Alder": str(a)}, table) for a in range(first, last + 1))
    years = 100 if age.startswith("100+") else int(age)
    if sex not in ("1", "2"):  # both sexes: the sum of the two
        return sum(cell_figure({**cell, "Kon": k}, table) for k in ("1", "2"))
    return int(cell["Region"]) % 50 + years + (7 if sex == "2" else 0)


@dataclass
class FakeScb:
    """What the fake server does next, and what it was asked."""

    mode: str = "ok"
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    posts: int = 0

    def answer(self, method: str, path: str, body: Any) -> tuple[int, dict[str, str], bytes]:
        self.requests.append((method, path, body))
        parts = [urllib.parse.unquote(p) for p in path.split("?")[0].strip("/").split("/")]
        if "codelists" in parts[:-1]:
            found = codelist(parts[-1])
            if found is None:
                return problem(404, "Non-existent codelist", parts[-1])
            return 200, {}, json.dumps(found, ensure_ascii=False).encode()
        table = parts[parts.index("tables") + 1] if "tables" in parts[:-1] else ""
        if table not in TABLES:
            return problem(404, "Non-existent table", f"No table {table}")
        if method == "GET" and parts[-1] == "metadata":
            described = metadata(table, strict=self.mode == "strict")
            return 200, {}, json.dumps(described, ensure_ascii=False).encode()
        if method == "GET":
            info = {"id": table, "label": "Folkmängden efter region", **TABLES[table]}
            return 200, {}, json.dumps(info).encode()
        self.posts += 1
        if self.mode == "503" or (self.mode == "429-then-ok" and self.posts == 1):
            code = 503 if self.mode == "503" else 429
            return code, {"Retry-After": "0"}, b""
        if self.mode == "malformed":
            return 200, {}, b'{"class": "dataset", "id": ['
        return self.data(table, body)

    def data(self, table: str, body: Any) -> tuple[int, dict[str, str], bytes]:
        selection = {s["variableCode"]: s["valueCodes"] for s in body["selection"]}
        if selection.get("ContentsCode") != [TABLES[table]["contents"]]:
            return problem(
                400, "Non-existent value", f"ContentsCode {selection.get('ContentsCode')}"
            )
        regions = selection["Region"]
        ids = ["Region", *[v for v in ("Civilstand", "Alder", "Kon") if v in selection]]
        ids += ["ContentsCode", "Tid"]
        dimension: dict[str, Any] = {
            name: {"category": {"index": {c: i for i, c in enumerate(selection[name])}}}
            for name in ids
        }
        names = {c: GEOGRAPHY.kommuner[c].name if len(c) == 4 else GEOGRAPHY.counties[c].name
                 for c in regions}  # fmt: skip
        dimension["Region"]["category"]["label"] = names
        cells = [
            dict(zip(ids, cell, strict=True))
            for cell in itertools.product(*(selection[name] for name in ids))
        ]  # row-major
        if table == "TAB6471":
            recorded = [recorded_cell(cell) for cell in cells]
            if None in recorded:
                return problem(400, "Non-existent value", "not in the recording")
            values = [value for value in recorded if value is not None]
        else:
            values = [cell_figure(cell, table) for cell in cells]
        if self.mode == "mismatch":
            values = values[:-1]
        document = {
            "version": "2.0", "class": "dataset", "label": "Folkmängden", "source": "SCB",
            "updated": TABLES[table]["updated"], "id": ids,
            "size": [len(selection[name]) for name in ids], "dimension": dimension,
            "value": values,
        }  # fmt: skip
        return 200, {}, json.dumps(document, ensure_ascii=False).encode()


def problem(status: int, title: str, detail: str) -> tuple[int, dict[str, str], bytes]:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return status, {"Content-Type": "application/problem+json"}, json.dumps(body).encode()


@pytest.fixture
def scb() -> Iterator[tuple[FakeScb, str]]:
    """A PxWebApi-2.0-like server on 127.0.0.1 and its base URL; stopped after the test."""
    state = FakeScb()

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            status, headers, payload = state.answer(method, self.path, body)
            self.send_response(status)
            for key, value in {"Content-Type": "application/json", **headers}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            self._reply("GET")

        def do_POST(self) -> None:
            self._reply("POST")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/api/v2"
    finally:
        server.shutdown()
        server.server_close()


def fetch(data: DataCopy, url: str, *args: str) -> Any:
    return run(
        "population", "fetch", "--base-url", url, "--population-dir", str(data.population), *args
    )


def test_county_totals_for_2024_come_from_tab638(scb: tuple[FakeScb, str], data: DataCopy) -> None:
    state, url = scb
    result = fetch(data, url, "--date", "2024-12-31", "--level", "lan")
    assert result.exit_code == 0, result.stderr
    assert "21 counties, 0 kommuner" in result.stderr
    lines = (data.population / "scb_lan_2024-12-31.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "kod,namn,folkmangd" and len(lines) == 22
    assert lines[1] == f"01,Stockholms län,{figure('01', 'TAB638')}"
    method, path, body = state.requests[-1]
    assert (method, path) == ("POST", "/api/v2/tables/TAB638/data?lang=sv&outputFormat=json-stat2")
    # Alder at its published total cell; kön and civilstånd, which have none, left out as
    # TAB638's /metadata allows (SCB then sums them exactly).
    assert [s["variableCode"] for s in body["selection"]] == [
        "Region",
        "Alder",
        "ContentsCode",
        "Tid",
    ]
    assert body["selection"][1:] == [
        {"variableCode": "Alder", "valueCodes": ["tot"]},
        {"variableCode": "ContentsCode", "valueCodes": ["BE0101N1"]},
        {"variableCode": "Tid", "valueCodes": ["2024"]},
    ]
    info = yaml.safe_load((data.population / "scb_lan_2024-12-31.yaml").read_text("utf-8"))
    assert info["level"] == "county" and str(info["reference_date"]) == "2024-12-31"
    assert info["fetched"]["table"] == "TAB638"
    assert info["fetched"]["updated"] == "2025-02-21T06:00:00Z"
    assert json.loads(info["fetched"]["body"]) == body
    assert info["fetched"]["url"].endswith("/tables/TAB638/data?lang=sv&outputFormat=json-stat2")
    assert "noise_note" not in info
    shown = run("population", "show", "scb_lan_2024-12-31", "-f", "csv",
                "--population-dir", str(data.population))  # fmt: skip
    assert shown.exit_code == 0, shown.stderr


def test_kommuner_and_published_county_totals_for_2025_come_from_tab5557(
    scb: tuple[FakeScb, str], data: DataCopy
) -> None:
    state, url = scb
    result = fetch(data, url, "--date", "2025-12-31", "--level", "kommun")
    assert result.exit_code == 0, result.stderr
    assert "21 counties, 290 kommuner" in result.stderr
    _, _, body = state.requests[-1]
    selection = {s["variableCode"]: s["valueCodes"] for s in body["selection"]}
    assert selection["Civilstand"] == ["SC"] and selection["Alder"] == ["TotSA"]
    assert selection["Kon"] == ["TotSa"] and selection["ContentsCode"] == ["000007ME"]
    assert len(selection["Region"]) == 21 + 290
    info = yaml.safe_load((data.population / "scb_kommun_2025-12-31.yaml").read_text("utf-8"))
    assert info["level"] == "mixed"
    assert "Cell Key Method" in info["noise_note"]
    # Counties use SCB's published totals (sum of kommuner + 3 here), never the sum.
    shown = run("population", "show", "scb_kommun_2025-12-31", "--by", "regions", "-f", "json",
                "--population-dir", str(data.population))  # fmt: skip
    rows = {row["code"]: row["population"] for row in json.loads(shown.stdout)["rows"]}
    kommun_sum = sum(figure(k, "TAB5557") for k in GEOGRAPHY.kommuner if k.startswith("01"))
    assert rows["01"] == kommun_sum + 3


def test_429_is_retried(scb: tuple[FakeScb, str], data: DataCopy) -> None:
    state, url = scb
    state.mode = "429-then-ok"
    result = fetch(data, url, "--date", "2024-12-31", "--level", "lan")
    assert result.exit_code == 0, result.stderr
    assert state.posts == 2


def assert_refused(data: DataCopy, result: Any, *messages: str) -> None:
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    for message in messages:
        assert message in result.stderr
    assert not list(data.population.glob("scb_*"))


def test_503_gives_up_after_five_attempts(scb: tuple[FakeScb, str], data: DataCopy) -> None:
    state, url = scb
    state.mode = "503"
    result = fetch(data, url, "--date", "2024-12-31", "--level", "lan")
    assert_refused(data, result, "SCB answered 503", "still after 5 attempts")
    assert state.posts == 5


def test_a_problem_body_is_shown(scb: tuple[FakeScb, str], data: DataCopy) -> None:
    _, url = scb
    TABLES["TAB5557"]["contents"] = "SOMETHING_ELSE"
    try:
        result = fetch(data, url, "--date", "2025-12-31", "--level", "lan")
    finally:
        TABLES["TAB5557"]["contents"] = "000007ME"
    assert_refused(data, result, "SCB answered 400 Non-existent value: ContentsCode")


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("malformed", "not valid JSON"),
        ("mismatch", "'value' has 20 entries, but the sizes make 21"),
    ],
)
def test_a_bad_body_is_refused(
    scb: tuple[FakeScb, str], data: DataCopy, mode: str, message: str
) -> None:
    state, url = scb
    state.mode = mode
    result = fetch(data, url, "--date", "2024-12-31", "--level", "lan")
    assert_refused(data, result, "SCB's answer from", message)


def test_no_figures_yet_for_the_date(
    scb: tuple[FakeScb, str], data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A date that has come, whose figures SCB has not published: SCB's answer says so."""
    import datetime as dt

    from statsbidrag_cli.service import population

    monkeypatch.setattr(population, "today", lambda: dt.date(2027, 1, 15))
    _, url = scb
    result = fetch(data, url, "--date", "2026-12-31", "--level", "lan")
    assert_refused(
        data, result, "SCB has no population figures for 2026-12-31 yet", "ends with 2025"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2025-06-15", "--level", "lan"], "SCB gives population on 31 December"),
        (["--date", "2024-06-30", "--level", "lan"], "from January 2025 on the last day"),
        (["--date", "1950-12-31", "--level", "lan"], "begin with 31 December 1968"),
        (["--date", "2025-12-31", "--level", "region"], "--level must be lan or kommun"),
        (["--date", "20251231", "--level", "lan"], "--date must be a date as YYYY-MM-DD"),
    ],
)
def test_bad_arguments_never_reach_scb(
    scb: tuple[FakeScb, str], data: DataCopy, args: list[str], message: str
) -> None:
    state, url = scb
    assert_refused(data, fetch(data, url, *args), message)
    assert state.requests == []


def test_no_network_says_what_to_do(data: DataCopy) -> None:
    result = fetch(data, "http://127.0.0.1:9/api/v2", "--date", "2024-12-31", "--level", "lan")
    assert_refused(
        data, result, "cannot reach SCB at http://127.0.0.1:9/api/v2/tables/TAB638",
        "export the table from SCB's statistikdatabas and use `population import`",
    )  # fmt: skip


def test_the_base_url_comes_from_the_environment(
    scb: tuple[FakeScb, str], data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, url = scb
    monkeypatch.setenv("STATSBIDRAG_SCB_URL", url)
    result = run("population", "fetch", "--date", "2024-12-31", "--level", "lan", "--name",
                 "egen", "--population-dir", str(data.population))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert Path(data.population / "egen.csv").is_file()
    assert state.posts == 1


def test_a_key_of_women_15_to_49_sums_single_ages_and_says_so(
    scb: tuple[FakeScb, str], data: DataCopy
) -> None:
    """--ages 15-49 --sex kvinnor for 2025: TAB5557's single years of age 15 to 49, Kon 2,
    summed per county; the provenance names the key and says the sum carries SCB's noise."""
    state, url = scb
    result = fetch(data, url, "--date", "2025-12-31", "--level", "lan", "--ages", "15-49",
                   "--sex", "kvinnor")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    _, _, body = state.requests[-1]
    selection = {s["variableCode"]: s["valueCodes"] for s in body["selection"]}
    assert selection["Alder"] == [str(age) for age in range(15, 50)]
    assert selection["Kon"] == ["2"] and selection["Civilstand"] == ["SC"]
    name = "scb_lan_2025-12-31_kvinnor-15-49-ar"
    info = yaml.safe_load((data.population / f"{name}.yaml").read_text("utf-8"))
    assert info["measure"] == "kvinnor 15\u201349 år"
    assert "Summerad av statsbidrag över 35 ettårsklasser" in info["noise_note"]
    assert "bär varje cell SCB:s brus" in info["noise_note"]
    rows = (data.population / f"{name}.csv").read_text("utf-8").splitlines()[1:]
    shown = {line.split(",")[0]: int(line.split(",")[2]) for line in rows}
    assert shown["01"] == sum(1 % 50 + age + 7 for age in range(15, 50))
    assert len(shown) == 21


def test_80_and_older_in_2024_asks_for_scbs_10_year_classes_and_the_open_band(
    scb: tuple[FakeScb, str], data: DataCopy
) -> None:
    """TAB638's /metadata names the aggregation agg_Ålder10årJ: three cells (80-89, 90-99,
    100+) rather than 21 single years; kön and civilstånd are left out, as /metadata allows."""
    state, url = scb
    result = fetch(data, url, "--date", "2024-12-31", "--level", "lan", "--ages", "80-")
    assert result.exit_code == 0, result.stderr
    assert [r[1].split("?")[0] for r in state.requests] == [
        "/api/v2/tables/TAB638", "/api/v2/tables/TAB638/metadata",
        "/api/v2/codelists/agg_%C3%85lder10%C3%A5rJ", "/api/v2/tables/TAB638/data",
    ]  # fmt: skip
    _, _, body = state.requests[-1]
    assert body["selection"][1] == {
        "variableCode": "Alder", "codelist": "agg_Ålder10årJ", "valueCodes": ["80-89", "90-99", "100+"],
    }  # fmt: skip
    assert [s["variableCode"] for s in body["selection"]] == [
        "Region",
        "Alder",
        "ContentsCode",
        "Tid",
    ]
    rows = (data.population / "scb_lan_2024-12-31_personer-80-ar-och-aldre.csv").read_text("utf-8")
    shown = {line.split(",")[0]: int(line.split(",")[2]) for line in rows.splitlines()[1:]}
    # Each of ages 80..100 for both sexes: region % 50 + age, and + 7 for women.
    assert shown["01"] == sum(2 * (1 + age) + 7 for age in range(80, 101))
    info = yaml.safe_load(
        (data.population / "scb_lan_2024-12-31_personer-80-ar-och-aldre.yaml").read_text("utf-8")
    )
    assert info["measure"] == "personer 80 år och äldre"
    assert "exakta" in info["noise_note"]


@pytest.mark.parametrize(("args", "words"), [
    (["--ages", "49-15"], "--ages takes FROM-TO or FROM-"),
    (["--ages", "äldre"], "--ages takes FROM-TO or FROM-"),
    (["--sex", "alla"], "--sex takes kvinnor or män"),
    (["--ages", "80-104"], "SCB counts everyone aged 100 or more in one cell"),
])  # fmt: skip
def test_a_bad_key_never_reaches_scb(
    scb: tuple[FakeScb, str], data: DataCopy, args: list[str], words: str
) -> None:
    state, url = scb
    result = fetch(data, url, "--date", "2025-12-31", "--level", "lan", *args)
    assert result.exit_code == 2 and words in result.stderr
    assert state.requests == []


def test_a_variable_that_may_not_be_left_out_and_has_no_total_is_refused_before_any_data(
    scb: tuple[FakeScb, str], data: DataCopy
) -> None:
    state, url = scb
    state.mode = "strict"
    result = fetch(data, url, "--date", "2024-12-31", "--level", "lan")
    assert_refused(data, result, "SCB's table TAB638 cannot give these figures: Civilstand",
                   "elimination: false")  # fmt: skip
    assert state.posts == 0


def test_month_end_figures_by_age_band_come_from_the_recorded_tab6471(
    scb: tuple[FakeScb, str], data: DataCopy
) -> None:
    """--date 2026-04-30 reads TAB6471 (SCB's recorded /metadata and data body): its Alder
    may not be left out, so every age is its TotSA cell; 80 and older is three published
    10-year cells (vs_CKM0410årN), summed per county; the figures are SCB's real ones."""
    state, url = scb
    result = fetch(data, url, "--date", "2026-04-30", "--level", "lan", "--ages", "80-")
    assert result.exit_code == 0, result.stderr
    _, _, body = state.requests[-1]
    assert body["selection"][1:] == [
        {"variableCode": "Alder", "valueCodes": ["80-89", "90-99", "100+10"],
         "codelist": "vs_CKM0410årN"},
        {"variableCode": "Kon", "valueCodes": ["TotSa"]},
        {"variableCode": "ContentsCode", "valueCodes": ["000007SF"]},
        {"variableCode": "Tid", "valueCodes": ["2026M04"]},
    ]  # fmt: skip
    name = "scb_lan_2026-04-30_personer-80-ar-och-aldre"
    rows = (data.population / f"{name}.csv").read_text("utf-8").splitlines()[1:]
    shown = {line.split(",")[0]: int(line.split(",")[2]) for line in rows}
    assert len(shown) == 21
    month = {"Kon": "TotSa", "ContentsCode": "000007SF", "Tid": "2026M04"}
    bands = ("80-89", "90-99", "100+10")
    assert shown == {
        c: sum(recorded_cell({"Region": c, "Alder": a, **month}) or 0 for a in bands) for c in shown
    }
    info = yaml.safe_load((data.population / f"{name}.yaml").read_text("utf-8"))
    assert str(info["reference_date"]) == "2026-04-30"
    assert info["title"].startswith("Personer 80 år och äldre 30 april 2026")
    assert (
        "3 publicerade åldersceller (kodlista vs_CKM0410årN): 80-89, 90-99, 100+10"
        in (info["noise_note"])
    )
