"""What a text does not say is null with a note, never a guess: agency, funding and dates as
well as diarienummer, beslutsdatum and ministry (on the examples' S2010/1791, encoded from an
excerpt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, run

EXAMPLE = REPO / "examples" / "decisions" / "S2010-1791.yaml"
ARGS = [
    "--decisions-dir",
    str(EXAMPLE.parent),
    "--population-dir",
    str(REPO / "examples/population"),
]


@pytest.mark.parametrize("field", ["agency", "funding", "dates"])
def test_null_without_a_note_is_refused(tmp_path: Path, field: str) -> None:
    lines = EXAMPLE.read_text("utf-8").splitlines(keepends=True)
    kept = "".join(line for line in lines if not line.startswith(f"{field}_note:"))
    path = tmp_path / EXAMPLE.name
    path.write_text(kept, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{field} is null: say why in {field}_note" in result.stdout


def test_show_says_unknown_with_the_note() -> None:
    result = run("show", "S2010-1791", "-f", "csv", *ARGS)
    assert result.exit_code == 0, result.stderr
    assert "unknown: Den utbetalande myndigheten står inte i utdraget." in result.stdout
    assert "unknown: Anslaget står inte i utdraget." in result.stdout
    assert "unknown: Utdraget anger inga datum." in result.stdout


def test_check_has_no_funding_or_date_findings_to_make() -> None:
    result = run("check", "S2010-1791", "-f", "json", *ARGS)
    assert result.exit_code == 0, result.stderr
    assert '"check": "funding"' not in result.stdout and '"check": "dates"' not in result.stdout
