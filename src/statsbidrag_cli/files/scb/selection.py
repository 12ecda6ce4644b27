"""Which cells to ask SCB for, read from the table's own ``/metadata``: pure, no network.

SCB's tables differ in what they publish: TAB638 has single years of age and no total cell
for kön or civilstånd (both may be left out, *eliminated*, and SCB then sums them exactly);
TAB5557 and TAB6471 publish total cells (``TotSA``, ``TotSa``, ``SC``) and, from 2025, add
noise to every cell. So the selection is planned from the table's ``/metadata`` rather than
from what we believe of it:

* a variable the key does not narrow is asked for at its published total cell; without one,
  it is left out only where ``/metadata`` says ``elimination: true`` (never read from a data
  body: for TAB638 the two disagree); otherwise the table cannot give the figure, and that is
  said before anything is fetched;
* an age band is made of the fewest published cells that cover it exactly, from the table's
  own codes or one of the code lists ``/metadata`` names for ``Alder`` (``vs_CKM0410årN``,
  ``agg_Ålder10årJ``): one published cell for 80-89 carries one cell's noise, ten single years
  carry ten;
* kön is chosen by its label (``män``, ``kvinnor``), not by a guessed code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ...errors import ScbError
from ...i18n import _
from .pxweb import TOTAL_CODES

AGE = "Alder"
SEX = "Kon"
OPEN = 200
"""The top of an open age band (``100+``): beyond any age in whole years."""

_TOTAL_WORDS = ("totalt", "samtliga")


@dataclass(frozen=True)
class Variable:
    """One dimension of a table, as its ``/metadata`` describes it."""

    code: str
    title: str
    eliminable: bool
    codes: tuple[str, ...]
    labels: Mapping[str, str]
    codelists: tuple[str, ...]
    """The ids of the code lists (valuesets, aggregations) SCB offers for the variable."""

    def total(self) -> str | None:
        """The published total cell (``tot``, ``TotSA``, ``TotSa``, ``SC``), if any."""
        for code in self.codes:
            label = self.labels.get(code, "").strip().lower()
            if code.lower() in TOTAL_CODES or label.startswith(_TOTAL_WORDS):
                return code
        return None


@dataclass(frozen=True)
class CodeList:
    """A code list of a variable: its id and its codes with their labels."""

    id: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class AgeBand:
    """Whole years ``first`` to ``last`` (``None``: and older), and whether ``last`` is
    the open top band."""

    first: int
    last: int | None


@dataclass(frozen=True)
class Plan:
    """The selection to send, and what it says about the figures."""

    selection: list[dict[str, Any]]
    age_codes: tuple[str, ...] = ()
    """The age cells asked for, summed per region by us (empty: no age band)."""
    age_codelist: str | None = None


def variables(metadata: Any, where: str) -> dict[str, Variable]:
    """The variables of a json-stat2 ``/metadata`` body, by code; a body of another shape is
    refused, naming ``where`` it came from."""

    def fail(detail: str) -> ScbError:
        return ScbError(
            _("{where}: not a table description SCB would send ({detail})").format(
                where=where, detail=detail
            )
        )

    if not isinstance(metadata, dict) or not isinstance(metadata.get("dimension"), dict):
        raise fail("no 'dimension' object")
    ids = metadata.get("id")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise fail("no 'id' list")
    found: dict[str, Variable] = {}
    for code in ids:
        dimension = metadata["dimension"].get(code)
        category = dimension.get("category") if isinstance(dimension, dict) else None
        index = category.get("index") if isinstance(category, dict) else None
        if isinstance(index, dict):
            codes = sorted(index, key=lambda c: index[c] if isinstance(index[c], int) else 0)
        elif isinstance(index, list):
            codes = list(index)
        else:
            raise fail(f"dimension {code!r} has no category index")
        if not all(isinstance(c, str) for c in codes):
            raise fail(f"dimension {code!r} has a category code that is not text")
        assert isinstance(dimension, dict) and isinstance(category, dict)
        labels = category.get("label")
        extension = dimension.get("extension")
        extension = extension if isinstance(extension, dict) else {}
        lists = extension.get("codelists")
        found[code] = Variable(
            code=code,
            title=str(dimension.get("label") or code),
            eliminable=extension.get("elimination") is True,
            codes=tuple(codes),
            labels={str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {},
            codelists=tuple(
                str(item["id"])
                for item in (lists if isinstance(lists, list) else [])
                if isinstance(item, dict) and isinstance(item.get("id"), str)
            ),
        )
    return found


def codelist(body: Any, where: str) -> CodeList:
    """A code list as ``GET /codelists/{id}`` answers it (``values``: ``code``, ``label``)."""
    values = body.get("values") if isinstance(body, dict) else None
    if not isinstance(values, list) or not all(
        isinstance(v, dict) and isinstance(v.get("code"), str) for v in values
    ):
        raise ScbError(
            _("{where}: not a code list SCB would send (no 'values' with codes)").format(
                where=where
            )
        )
    return CodeList(str(body.get("id", "")), tuple(v["code"] for v in values))


_SINGLE = re.compile(r"^([0-9]{1,3})$")
_BAND = re.compile(r"^([0-9]{1,3})?-([0-9]{1,3})$")
_OPEN = re.compile(r"^([0-9]{1,3})\+[0-9]*$")


def age_span(code: str) -> tuple[int, int] | None:
    """The whole years an age code covers: ``80`` (80, 80), ``80-89``, ``-4`` (0, 4),
    ``100+``/``100+1``/``100+10`` (100, open); None for a total or anything else."""
    if found := _SINGLE.match(code):
        return int(found.group(1)), int(found.group(1))
    if found := _BAND.match(code):
        first, last = int(found.group(1) or 0), int(found.group(2))
        return (first, last) if first <= last else None
    if found := _OPEN.match(code):
        return int(found.group(1)), OPEN
    return None


def fewest_cells(band: AgeBand, codes: Sequence[str]) -> tuple[str, ...] | None:
    """The fewest of ``codes`` whose spans cover ``band`` exactly, each year once; the first
    code in order among equals. None when they cannot."""
    end = OPEN if band.last is None else band.last
    spans = [(code, span) for code in codes if (span := age_span(code)) is not None]

    @cache
    def cover(start: int) -> tuple[str, ...] | None:
        if start == end + 1:
            return ()
        best: tuple[str, ...] | None = None
        for code, (first, last) in spans:
            if first != start or last > end:
                continue
            rest = cover(last + 1)
            if rest is not None and (best is None or len(rest) + 1 < len(best)):
                best = (code, *rest)
        return best

    return cover(band.first)


def plan(
    table: str,
    found: Mapping[str, Variable],
    fixed: Mapping[str, Sequence[str]],
    band: AgeBand | None,
    sex: str | None,
    lists: Sequence[CodeList] = (),
) -> Plan:
    """The selection for every variable of the table, in its order: ``fixed`` ones as given
    (region, measure, period); the age band from the fewest published cells (``lists``: the
    age variable's code lists, fetched); the sex by its label; every other variable at its
    total cell, or left out where it may be; anything else is refused."""
    selection: list[dict[str, Any]] = []
    age_codes: tuple[str, ...] = ()
    age_list: str | None = None
    for code, variable in found.items():
        if code in fixed:
            missing = [c for c in fixed[code] if c not in variable.codes]
            if missing:
                raise ScbError(
                    _("SCB's table {table} has no {variable} {codes}").format(
                        table=table, variable=code, codes=", ".join(missing[:5])
                    )
                )
            selection.append({"variableCode": code, "valueCodes": list(fixed[code])})
        elif code == AGE and band is not None:
            age_list, age_codes = _age_cells(table, variable, band, lists)
            chosen: dict[str, Any] = {"variableCode": code, "valueCodes": list(age_codes)}
            if age_list is not None:
                chosen["codelist"] = age_list
            selection.append(chosen)
        elif code == SEX and sex is not None:
            selection.append(
                {"variableCode": code, "valueCodes": [_sex_code(table, variable, sex)]}
            )
        elif (total := variable.total()) is not None:
            selection.append({"variableCode": code, "valueCodes": [total]})
        elif not variable.eliminable:
            raise ScbError(
                _(
                    "SCB's table {table} cannot give these figures: {variable} ({title}) has "
                    "no total cell and may not be left out (its /metadata says elimination: "
                    "false)"
                ).format(table=table, variable=code, title=variable.title)
            )
    if band is not None and AGE not in found:
        raise ScbError(_("SCB's table {table} has no ages").format(table=table))
    if sex is not None and SEX not in found:
        raise ScbError(_("SCB's table {table} has no sexes").format(table=table))
    return Plan(selection, age_codes, age_list)


def _age_cells(
    table: str, variable: Variable, band: AgeBand, lists: Sequence[CodeList]
) -> tuple[str | None, tuple[str, ...]]:
    """The code list and its fewest cells for ``band``: each of SCB's code lists on its own
    (a request names one list for a variable); the table's own codes only where no list
    covers the band (they may mix lists)."""
    best: tuple[str | None, tuple[str, ...]] | None = None
    options: list[tuple[str | None, tuple[str, ...]]] = [(item.id, item.codes) for item in lists]
    for list_id, codes in options or [(None, variable.codes)]:
        cells = fewest_cells(band, codes)
        if cells is not None and (best is None or len(cells) < len(best[1])):
            best = (list_id, cells)
    if best is None and lists:
        cells = fewest_cells(band, variable.codes)
        best = None if cells is None else (None, cells)
    if best is None:
        last = "" if band.last is None else str(band.last)
        raise ScbError(
            _("SCB's table {table} publishes no age cells that make up {first}-{last}").format(
                table=table, first=band.first, last=last
            )
        )
    return best


def _sex_code(table: str, variable: Variable, sex: str) -> str:
    for code in variable.codes:
        if variable.labels.get(code, "").strip().lower() == sex:
            return code
    raise ScbError(
        _("SCB's table {table} has no {variable} labelled {label!r}").format(
            table=table, variable=variable.code, label=sex
        )
    )
