"""Återbetalning: what each recipient must repay, and which amounts the agency invoices.

A recipient reports ``used`` (all it spent of the grant) and optionally ``misused`` (the part
of that spent outside the purpose or the period). It must repay what it did not use for the
purpose: ``repay = max(0, paid - (used - misused))``. The agency invoices only repayments over
the decision's threshold (1 000 kr for S2026/00953: "vid belopp över 1000 kronor"); smaller
ones are still owed and still shown. Whole kronor throughout; nothing is rounded away.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import StatsbidragError
from .yamlfile import read_text

_CODE = re.compile(r"[0-9]{2}([0-9]{2})?")
_KRONOR = re.compile(r"0|[1-9][0-9]*")


@dataclass(frozen=True)
class Usage:
    """What one recipient reports."""

    used: int
    misused: int


@dataclass(frozen=True)
class RepaymentRow:
    """One recipient's repayment."""

    code: str
    region: str
    paid: int
    used: int
    misused: int
    repay: int
    invoiced: bool


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


def repayments(
    paid: Mapping[str, int],
    names: Mapping[str, str],
    usage: Mapping[str, Usage],
    invoice_above: int | None,
) -> list[RepaymentRow]:
    """One row per recipient paid; a recipient missing from ``usage`` used nothing."""
    rows = []
    for code in sorted(paid):
        reported = usage.get(code, Usage(0, 0))
        repay = max(0, paid[code] - (reported.used - reported.misused))
        threshold = invoice_above if invoice_above is not None else 0
        rows.append(
            RepaymentRow(
                code=code,
                region=names[code],
                paid=paid[code],
                used=reported.used,
                misused=reported.misused,
                repay=repay,
                invoiced=repay > threshold,
            )
        )
    return rows
