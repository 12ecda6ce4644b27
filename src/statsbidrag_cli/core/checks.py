"""The invariants ``statsbidrag check`` verifies for an allocated decision.

Pure: each check looks at an :class:`~statsbidrag_cli.allocation.Allocation` and says, in
kronor, what holds and what is off. Nothing is adjusted to make a check pass.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from ..errors import StatsbidragError
from ..i18n import _, kr, ngettext, signed
from .months import MONTHS

if TYPE_CHECKING:  # reading a cached report needs only the classes below, not the models
    from ..models.decision import Decision, Earmark
    from .allocation import Allocation

Location = tuple[str | int, ...]

CHECK_KINDS = (
    "file", "components", "allocation", "funding", "earmarks", "published", "agreement",
    "dates", "sources",
)  # fmt: skip
"""Every kind of check a decision gets (``Finding.check``): what a CI report lists as not
run when a decision cannot be read at all."""


@dataclass(frozen=True)
class Finding:
    """The outcome of one check: whether it holds, and a sentence saying what was compared."""

    check: str
    ok: bool
    message: str
    location: tuple[str | int, ...] | None = None
    """The field the finding is about (None: the whole decision); whoever read the file
    fills in ``file``, ``line`` and ``column`` from it."""
    file: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def where(self) -> str | None:
        """``file:line:column`` (or less, as far as known), or None."""
        if self.file is None:
            return None
        parts = [self.file] + [str(n) for n in (self.line, self.column) if n is not None]
        return ":".join(parts)

    @property
    def located_message(self) -> str:
        """The message with its place in front, where known."""
        return f"{self.where}: {self.message}" if self.where else self.message

    def row(self) -> list[object]:
        """The finding as plain JSON data (a cache entry's, a packed report's)."""
        location = None if self.location is None else list(self.location)
        return [self.check, self.ok, self.message, location, self.file, self.line, self.column]

    @classmethod
    def of_row(cls, row: object) -> Finding:
        """A :meth:`row` back as a finding; anything of another shape raises ValueError."""
        if not isinstance(row, list) or len(row) != 7:
            raise ValueError("not a finding")
        check, ok, message, location, file, line, column = row
        if not (isinstance(check, str) and isinstance(ok, bool) and isinstance(message, str)):
            raise ValueError("not a finding")
        if location is not None and not all(
            isinstance(part, str) or type(part) is int for part in location
        ):
            raise ValueError("not a field path")
        if not (file is None or isinstance(file, str)) or not all(
            n is None or type(n) is int for n in (line, column)
        ):
            raise ValueError("not a place")
        place = None if location is None else tuple(location)
        return cls(check, ok, message, place, file, line, column)


@dataclass(frozen=True)
class CheckReport:
    """All findings for one decision."""

    decision_id: str
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        return all(finding.ok for finding in self.findings)

    @property
    def failures(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.ok]

    @property
    def count(self) -> int:
        """How many checks were made."""
        return len(self.findings)

    def packed(self, every_finding: bool = True) -> PackedReport:
        """The report as a check of a whole folder keeps it until the end of the run: the
        failures as they are, every finding compressed (see :class:`PackedReport`), or with
        ``every_finding=False`` only how many checks there were."""
        if not every_finding:
            return PackedReport(self.decision_id, self.count, tuple(self.failures), None)
        rows = [finding.row() for finding in self.findings]
        data = zlib.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8"), 6)
        return PackedReport(self.decision_id, self.count, tuple(self.failures), data)


@dataclass(frozen=True, slots=True)
class PackedReport:
    """A check report kept compact: how many checks, the failures, and every finding as
    compressed data, read back only by the formats that list each check (JSON, JUnit,
    GitHub). A run over ten thousand files keeps about a kilobyte per file, not ten, so its
    memory stays nearly flat however large the folder. Reads as a :class:`CheckReport`."""

    decision_id: str
    count: int
    failures_kept: tuple[Finding, ...]
    data: bytes | None
    """The findings compressed; None where only the failures were kept."""

    @property
    def passed(self) -> bool:
        return not self.failures_kept

    @property
    def failures(self) -> list[Finding]:
        return list(self.failures_kept)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, decompressed (each call decodes them afresh: nothing is kept)."""
        if self.data is None:
            raise ValueError(f"{self.decision_id}: only the failed checks were kept")
        return tuple(Finding.of_row(row) for row in json.loads(zlib.decompress(self.data)))


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """A decision's check report, or the error that kept it from being checked."""

    decision_id: str
    report: CheckReport | PackedReport | None
    error: StatsbidragError | None
    file: str | None = None
    """The decision file checked (for CI annotations and reports)."""

    @property
    def passed(self) -> bool:
        """Checked, and every check held."""
        return self.error is None and self.report is not None and self.report.passed


def _sum_finding(
    check: str, what: str, actual: int, expected: int, location: Location | None = None
) -> Finding:
    """Compare a sum with what it must equal; say by how much it is off, if it is.
    ``location`` is the field to edit (the one that should equal the sum)."""
    if actual == expected:
        return Finding(check, True, f"{what}: {kr(actual)} = {kr(expected)}", location)
    gap = actual - expected
    sentence = (
        _("{what}: {actual} is {gap} kr over {expected}")
        if gap > 0
        else _("{what}: {actual} is {gap} kr short of {expected}")
    )
    message = sentence.format(what=what, actual=kr(actual), gap=kr(abs(gap)), expected=kr(expected))
    return Finding(check, False, message, location)


def check_allocation(allocation: Allocation) -> CheckReport:
    """Every check for one allocated decision."""
    decision = allocation.decision
    findings = [
        *_component_sums(allocation),
        _components_total(decision),
        *_shares(decision),
        *_funding(decision),
        *_earmarks(decision),
        *_published(allocation),
        *_dates(decision),
        *_key_dates(allocation),
        *_file_name(allocation),
    ]
    return CheckReport(allocation.decision_id, tuple(findings))


def decision_findings(decision: Decision) -> list[Finding]:
    """The checks that need no allocation: the components against the total, funding,
    earmarks and dates. Run on their own when a decision cannot be allocated (a tie without
    a rule, say), so its sums are still reported."""
    return [
        _components_total(decision),
        *_shares(decision),
        *_funding(decision),
        *_earmarks(decision),
        *_dates(decision),
    ]


def _components_total(decision: Decision) -> Finding:
    """The components sum to the decision's total."""
    return _sum_finding(
        "components",
        _("components sum to the decision total"),
        sum(component.amount for component in decision.components),
        decision.total,
        ("total",),
    )


def _shares(decision: Decision) -> list[Finding]:
    """Parts stated as shares of the total: each amount is exactly its share, and the shares
    of a decision whose every part is one add up to 100 %."""
    findings = []
    shared = [(index, c) for index, c in enumerate(decision.components) if c.percent is not None]
    for index, component in shared:
        assert component.percent is not None
        expected = Fraction(decision.total * component.percent, 100)
        findings.append(
            Finding(
                "components",
                component.amount == expected,
                _("{label}: {percent} % of the total is {expected} kr; the part is {amount} kr")
                .format(label=component.label, percent=component.percent,
                        expected=_kronor(expected), amount=kr(component.amount)),
                ("components", index, "amount"),
            )
        )  # fmt: skip
    if shared and len(shared) == len(decision.components):
        total = sum(c.percent or 0 for _index, c in shared)
        findings.append(
            Finding(
                "components",
                total == 100,
                _("the parts' shares add up to {total} % of the total").format(total=total),
                ("components",),
            )
        )
    return findings


def _kronor(value: Fraction) -> str:
    """An exact amount in kronor: whole as usual, else with its öre as a fraction."""
    if value.denominator == 1:
        return kr(value.numerator)
    whole, rest = divmod(value.numerator, value.denominator)
    return f"{kr(whole)} {rest}/{value.denominator}"


def _component_sums(allocation: Allocation) -> list[Finding]:
    return [
        _sum_finding(
            "allocation",
            _("{label}: all of it allocated").format(label=result.component.label),
            result.allocated,
            result.component.amount,
            ("components", index, "amount"),
        )
        for index, result in enumerate(allocation.components)
    ]


def _funding(decision: Decision) -> list[Finding]:
    if decision.funding is None:  # the texts name no anslag: nothing to add up (funding_note)
        return []
    funded = sum(line.amount for line in decision.funding_lines)
    own_work = sum(line.own_work_max for line in decision.funding_lines)
    return [
        _sum_finding(
            "funding",
            _("funding lines equal payments plus own-work allowance"),
            funded,
            decision.total + decision.own_work_max,
            ("funding",),
        ),
        _sum_finding(
            "funding",
            _("own-work allowance per funding line sums to the decision's"),
            own_work,
            decision.own_work_max,
            ("own_work_max",),
        ),
        *_funding_per_component(decision),
    ]


def _funding_per_component(decision: Decision) -> list[Finding]:
    """Where funding lines name the component they pay for, they must pay exactly for it."""
    findings = []
    for component in decision.components:
        indices = [
            i for i, line in enumerate(decision.funding_lines) if line.component == component.id
        ]
        if indices:
            findings.append(
                _sum_finding(
                    "funding",
                    _("funding for {label}, less own-work allowance").format(label=component.label),
                    sum(
                        decision.funding_lines[i].amount - decision.funding_lines[i].own_work_max
                        for i in indices
                    ),
                    component.amount,
                    ("funding", indices[0], "amount"),
                )
            )
    return findings


def _earmarks(decision: Decision) -> list[Finding]:
    """Each level of an earmark tree sums exactly to the amount above it."""
    from .kinds import kind_of

    findings = []
    for index, component in enumerate(decision.components):
        earmarks = kind_of(component).earmarks(component)
        if earmarks:
            where: Location = ("components", index, "earmarks")
            findings += _earmark_level(component.id, component.amount, earmarks, where)
    return findings


def _earmark_level(
    path: str, amount: int, earmarks: Sequence[Earmark], where: Location
) -> list[Finding]:
    findings = [
        _sum_finding(
            "earmarks",
            _("earmarks under '{path}' sum to it").format(path=path),
            sum(earmark.amount for earmark in earmarks),
            amount,
            where,
        )
    ]
    for index, earmark in enumerate(earmarks):
        if earmark.children:
            findings += _earmark_level(
                f"{path}/{earmark.id}",
                earmark.amount,
                earmark.children,
                (*where, index, "children"),
            )
    return findings


def _published(allocation: Allocation) -> list[Finding]:
    """The published table adds up as far as it is known, and agrees with the computation."""
    published = allocation.decision.published
    if published is None:
        return []
    findings = [
        _known_sum(
            _("published column {label} sums to its amount").format(label=component.label),
            [row.part(component.id) for row in published.rows],
            component.amount,
            published.complete,
        )
        for component in allocation.decision.components
    ]
    findings.append(
        _known_sum(
            _("published totals sum to the decision total"),
            [row.total for row in published.rows],
            allocation.decision.total,
            published.complete,
        )
    )
    for index, row in enumerate(published.rows):
        parts = list(row.amounts.values())
        if row.total is not None and None not in parts:
            known = [part for part in parts if part is not None]
            if sum(known) != row.total:
                what = _("published row {code} ({name}) adds up").format(
                    code=row.code, name=row.name
                )
                where: Location = ("published", "rows", index, "total")
                findings.append(_sum_finding("published", what, sum(known), row.total, where))
    findings.append(_agreement(allocation))
    return findings


def _known_sum(what: str, values: Sequence[int | None], amount: int, complete: bool) -> Finding:
    """A published column or total: equal to ``amount`` when every value is known and the
    table complete; otherwise the known values may not exceed it."""
    known = [value for value in values if value is not None]
    if complete and len(known) == len(values):
        return _sum_finding("published", what, sum(known), amount, ("published", "rows"))
    unknown = len(values) - len(known)
    scope = (
        _("partial table")
        if not complete
        else ngettext("{count} amount unknown", "{count} amounts unknown", unknown).format(
            count=unknown
        )
    )
    ok = sum(known) <= amount
    sentence = (
        _("{what} as far as known ({scope}): the {count} known amounts make {sum}, ≤ {amount}")
        if ok
        else _(
            "{what} as far as known ({scope}): the {count} known amounts make {sum}, "
            "exceeding {amount}"
        )
    )
    return Finding(
        "published",
        ok,
        sentence.format(
            what=what, scope=scope, count=len(known), sum=kr(sum(known)), amount=kr(amount)
        ),
        ("published", "rows"),
    )


def _agreement(allocation: Allocation) -> Finding:
    """Computed versus published, per row and component where the published amount is known,
    within the declared tolerance. Differences are published − computed."""
    published = allocation.decision.published
    assert published is not None
    tolerance = published.tolerance.kronor if published.tolerance else 0
    gaps: list[tuple[int, str]] = []
    for row in allocation.rows:
        for component_id, amount in row.parts.items():
            expected = row.published_part(component_id)
            if expected is not None:
                gaps.append((expected - amount, f"{row.code} {row.region} {component_id}"))
    limit = _("within {kronor} kr").format(kronor=kr(tolerance)) if tolerance else _("exactly")
    if not gaps:
        return Finding("agreement", True, _("no published amount is known to compare with"))
    worst = max(gaps, key=lambda gap: abs(gap[0]))
    beyond = [
        _("{label}: published − computed = {gap} kr").format(label=label, gap=signed(gap))
        for gap, label in gaps
        if abs(gap) > tolerance
    ]
    if beyond:
        return Finding(
            "agreement",
            False,
            _("computed amounts must match the published table {limit}: {gaps}").format(
                limit=limit, gaps="; ".join(beyond)
            ),
            ("published",),
        )
    return Finding(
        "agreement",
        True,
        _(
            "computed amounts match the published table {limit} (largest published − computed "
            "{gap} kr, {label}; {count} amounts compared)"
        ).format(limit=limit, gap=signed(worst[0]), label=worst[1], count=len(gaps)),
    )


DATE_ORDER = (
    ("use_period_start", "use_period_end"),
    ("rekvisition_opens", "rekvisition_closes"),
    ("rekvisition_closes", "use_period_end"),
    ("use_period_end", "report_due"),
    ("use_period_end", "repayment_due"),
    ("use_period_end", "financial_report_due"),
)
"""Pairs of deadlines whose first must not come after the second, when a decision sets both."""


def _dates(decision: Decision) -> list[Finding]:
    from ..models.decision import DEADLINE_LABELS

    dates = decision.dates
    if dates is None:  # the texts give no dates (dates_note)
        return []
    position: dict[str, int] = {d.kind: i for i, d in enumerate(dates.deadlines)}
    findings = []
    for first, second in DATE_ORDER:
        earlier, later = dates.get(first), dates.get(second)
        if earlier is None or later is None:
            continue
        ok = earlier <= later
        sentence = (
            _("{first} ({first_date}) is not after {second} ({second_date})")
            if ok
            else _("{first} ({first_date}) comes after {second} ({second_date})")
        )
        findings.append(
            Finding(
                "dates",
                ok,
                sentence.format(
                    first=_(DEADLINE_LABELS[first]),
                    first_date=earlier.isoformat(),
                    second=_(DEADLINE_LABELS[second]),
                    second_date=later.isoformat(),
                ),
                ("dates", "deadlines", position[first], "date"),
            )
        )
    if decision.beslutsdatum is not None:
        early = [d for d in dates.deadlines if d.date < decision.beslutsdatum]
        where: Location = (
            ("dates", "deadlines", position[early[0].kind], "date") if early else ("dates",)
        )
        findings.append(
            Finding(
                "dates",
                not early,
                _("no deadline precedes the beslutsdatum {date}").format(
                    date=decision.beslutsdatum.isoformat()
                )
                + "".join(
                    "; "
                    + _("{deadline} is {date}").format(
                        deadline=_(DEADLINE_LABELS[d.kind]), date=d.date.isoformat()
                    )
                    for d in early
                ),
                where,
            )
        )
    return findings


_NAMED_DATE = re.compile(
    rf"(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+(\d{{4}}|året\s+(?:innan|före))", re.IGNORECASE
)
_ABOUT_THE_KEY = re.compile(r"folkbokf|befolkning|invånare|folkmängd|personer", re.IGNORECASE)


def named_key_dates(quotes: Sequence[str], budget_year: int) -> list[dt.date]:
    """The dates a text names for counting a key: ``den 31 december året innan`` (the year
    before the budget year), ``per den 1 november 2019``; only in sentences about who is
    counted (folkbokförda, befolkning, invånare, folkmängd, personer)."""
    found = []
    for quote in quotes:
        if not _ABOUT_THE_KEY.search(quote):
            continue
        for day, month, year in _NAMED_DATE.findall(quote):
            number = int(year) if year.isdigit() else budget_year - 1
            with suppress(ValueError):
                found.append(dt.date(number, MONTHS[month.lower()], int(day)))
    return found


def _key_dates(allocation: Allocation) -> list[Finding]:
    """A key's reference date against the date the text names for it, where it names one:
    a dataset of another date counts other people ("31 december året innan" is not
    30 april)."""
    decision = allocation.decision
    top = [quote for source in decision.source for quote in source.quotes]
    findings = []
    for index, result in enumerate(allocation.components):
        if result.dataset is None:
            continue
        own = [quote for source in result.component.source for quote in source.quotes]
        named = named_key_dates([*own, *top], decision.budget_year)
        if not named:
            continue
        info = result.dataset.info
        ok = info.reference_date in named
        message = (
            _("{label}: the key's reference date {date} is the one the text names")
            if ok
            else _("{label}: the text counts the key on {named}, but dataset {name} is of {date}")
        )
        text = message.format(
            label=result.component.label,
            named=", ".join(sorted({d.isoformat() for d in named})),
            name=info.name,
            date=info.reference_date,
        )
        findings.append(Finding("components", ok, text, ("components", index, "population")))
    return findings


def _file_name(allocation: Allocation) -> list[Finding]:
    """A decision with a diarienummer lives in the file named after it (``/`` as ``-``), so
    ``allocate S2026/00953`` finds it and no two files can claim one decision."""
    number = allocation.decision.diarienummer
    if number is None:
        return []
    expected = number.replace("/", "-")
    if allocation.decision_id == expected:
        return [
            Finding(
                "file",
                True,
                _("the file is named after diarienummer {number}").format(number=number),
            )
        ]
    return [
        Finding(
            "file",
            False,
            _(
                "the file is named {name}.yaml, but diarienummer {number} needs {expected}.yaml"
            ).format(name=allocation.decision_id, number=number, expected=expected),
            ("diarienummer",),
        )
    ]
