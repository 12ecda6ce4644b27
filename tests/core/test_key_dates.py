"""check compares a key's reference date with the date the text names for counting it
("folkbokförda i kommunen den 31 december året innan", "per den 1 november 2019")."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from helpers import REPO, run

from statsbidrag_cli.core.checks import named_key_dates

EXAMPLES = REPO / "examples"


def test_dates_named_for_counting_are_read_and_others_are_not() -> None:
    quotes = [
        "efter antalet personer som uppnått lägst 75 års ålder … folkbokförda i kommunen den "
        "31 december året innan",
        "befolkningsstatistik per den 1 november 2019",
        "Socialstyrelsen har i uppdrag enligt regeringsbeslut S2026/00953 den 7 maj 2026",
        "folkmängden den 31 februari 2020",  # no such day: not a date
    ]
    assert named_key_dates(quotes, 2026) == [dt.date(2025, 12, 31), dt.date(2019, 11, 1)]


def test_a_key_of_another_date_than_the_text_names_fails_check(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    decisions = tmp_path / "examples" / "decisions"
    args = ["--decisions-dir", str(decisions)]
    assert run("check", "SFS-1991-1516-aldersband", *args).exit_code == 0
    path = decisions / "SFS-1991-1516-aldersband.yaml"
    path.write_text(path.read_text("utf-8").replace("budget_year: 2026", "budget_year: 2027"))
    result = run("check", "SFS-1991-1516-aldersband", *args)
    assert result.exit_code == 1
    assert (
        "75\u201379 år: the text counts the key on 2026-12-31, but dataset "
        "illustrativ_personer_75_79_kommun is of 2025-12-31"
    ) in result.stdout
