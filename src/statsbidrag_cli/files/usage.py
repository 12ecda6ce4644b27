"""Reading a usage file for ``repay --used``: what each recipient used (and misused).

The file is CSV with the header ``code,used`` or ``code,used,misused``; every bad row is
reported at once, with the file and line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection
from pathlib import Path

from ..core.repay import Usage
from ..errors import StatsbidragError
from .yamlfile import read_text

_CODE = re.compile(r"[0-9]{2}([0-9]{2})?")
_KRONOR = re.compile(r"0|[1-9][0-9]*")


def read_usage(path: Path, recipients: Collection[str]) -> dict[str, Usage]:
    """Read a usage CSV (header ``code,used`` and optionally ``misused``); list every bad row."""
    text = read_text(path)
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise StatsbidragError(f"{path}: the file is empty; expected a header code,used[,misused]")
    header = [cell.strip() for cell in rows[0]]
    if header not in (["code", "used"], ["code", "used", "misused"]):
        raise StatsbidragError(
            f"{path}:1: header must be code,used or code,used,misused, found {header}"
        )
    usage: dict[str, Usage] = {}
    problems: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        where = f"{path}:{line}"
        code = cells.get("code", "")
        used, misused = cells.get("used", ""), cells.get("misused", "0") or "0"
        if len(row) != len(header):
            problems.append(f"{where}: expected {len(header)} fields, found {len(row)}")
        elif not _CODE.fullmatch(code):
            problems.append(f"{where}: code {code!r} is not a region (2 digits) or kommun (4) code")
        elif code not in recipients:
            problems.append(f"{where}: {code} received nothing under this decision")
        elif code in usage:
            problems.append(f"{where}: {code} is listed twice")
        elif not _KRONOR.fullmatch(used) or not _KRONOR.fullmatch(misused):
            problems.append(
                f"{where}: used and misused must be whole kronor, found {used!r}, {misused!r}"
            )
        elif int(misused) > int(used):
            problems.append(f"{where}: misused ({misused}) is more than used ({used})")
        else:
            usage[code] = Usage(int(used), int(misused))
    if problems:
        raise StatsbidragError(f"{path}: {len(problems)} bad row(s)", problems)
    return usage
