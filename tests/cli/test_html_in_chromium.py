"""The HTML page in a real browser: headless Chromium renders it, its DOM holds the same
figures as the CSV, and a screenshot is taken (left in the test's folder)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import PUBLISHED_COMMANDS, run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (Debian's chromium; .ci/run installs it)"
)


class Rows(HTMLParser):
    """The rows of the first table's body, as the browser's DOM has them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tables = 0
        self.in_body = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables += 1
        elif tag == "tbody" and self.tables == 1:
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag == "td" and self.in_body:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False
        elif tag == "td" and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _browser(page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = page.parent / "chromium-profile"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@needs_chromium
@pytest.mark.parametrize(
    "command",
    PUBLISHED_COMMANDS,
    ids=lambda c: c[0],
)
def test_chromium_renders_the_page_with_the_csvs_figures(
    tmp_path: Path, command: list[str]
) -> None:
    page = tmp_path / "page.html"
    written = run(*command, "-o", str(page))
    assert written.exit_code in (0, 1), written.stderr
    dom = _browser(page, "--dump-dom")
    assert dom.returncode == 0 and "<table>" in dom.stdout, dom.stderr[-500:]
    parser = Rows()
    parser.feed(dom.stdout)
    rows = list(csv.reader(io.StringIO(run(*command, "-f", "csv").stdout)))
    if command[0] == "allocate":  # the first table is the CSV's rows: every figure equal
        header, *records = rows
        assert len(parser.rows) == len(records)
        for shown, record in zip(parser.rows, records, strict=True):
            total = shown[header.index("total")]
            assert re.sub(r"\D", "", total) == record[header.index("total")], (shown, record)
            assert shown[0] == record[0]  # the code, as text: 01
    else:
        assert parser.rows  # a table the browser built
    shot = tmp_path / "page.png"
    taken = _browser(page, f"--screenshot={shot}", "--window-size=1280,1024")
    assert taken.returncode == 0 and shot.read_bytes().startswith(b"\x89PNG")
