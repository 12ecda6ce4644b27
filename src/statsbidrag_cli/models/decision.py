"""Pydantic models of a decision file: the shape of the facts, strictly typed.

Amounts are strict ints (whole kronor), codes are strict strings of digits, dates are real
dates. Whether the amounts *add up* is not a question of shape: :mod:`statsbidrag_cli.checks`
answers it, so that ``statsbidrag check`` can say what is off and by how much.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from ..i18n import N_, _, kr
from .numbers import MAX_WHOLE
from .text import control_problem

CountyCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")]
"""SCB's two-digit county (län) code, e.g. ``"01"``; always a string."""

RecipientCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}([0-9]{2})?$")]
"""A region (two-digit county code) or a kommun (four-digit code); always a string."""

KommunCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
"""SCB's four-digit kommun code, e.g. ``"0114"``; always a string."""

Amount = Annotated[int, Field(ge=0, le=MAX_WHOLE)]
"""Whole kronor, never negative, at most 999 999 999 999 999 (see :mod:`.numbers`)."""

PositiveAmount = Annotated[int, Field(gt=0, le=MAX_WHOLE)]
Percent = Annotated[int, Field(gt=0, le=100)]
"""A whole percentage of the decision total (``70`` for "70 procent")."""

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]

Diarienummer = Annotated[
    str, StringConstraints(pattern=r"^[A-ZÅÄÖ]{1,3}[0-9]{4}/[0-9]{1,5}(/[A-ZÅÄÖ0-9]+)?$")
]


def _printable(text: str) -> str:
    """Refuse control characters (:mod:`.text`) in text people read; tabs and line breaks
    are allowed."""
    problem = control_problem(text)
    if problem:
        raise ValueError(problem)
    return text


Text = Annotated[
    str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_printable)
]

TieRule = Literal["larger_population_then_code", "code"]
"""How equal remainders are ordered: see README, "Rounding and ties"."""


class Strict(BaseModel):
    """Base for every model: strict types, unknown keys refused, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class Source(Strict):
    """Where a fact comes from: a document in ``sources/`` and the words it is read from."""

    document: Text
    quotes: list[Text] = Field(min_length=1)


Sources = Annotated[list[Source], Field(min_length=1)]


class FundingLine(Strict):
    """What the decision charges to one anslagspost, and how much of it the agency may use."""

    utgiftsomrade: Annotated[int, Field(ge=1, le=27)]
    utgiftsomrade_name: Text
    anslag: Annotated[str, StringConstraints(pattern=r"^[0-9]+:[0-9]+$")]
    anslag_name: Text
    anslagspost: Annotated[int, Field(ge=1)]
    anslagspost_name: Text | None
    anslagspost_name_note: Text | None = None
    budget_year: Annotated[int, Field(ge=1900, le=2200)]
    amount: PositiveAmount
    own_work_max: Amount = 0
    component: Identifier | None = None
    source: Sources

    @model_validator(mode="after")
    def _name_or_note(self) -> FundingLine:
        if self.anslagspost_name is None and self.anslagspost_name_note is None:
            raise ValueError(
                _(
                    "anslagspost_name is null: say why in anslagspost_name_note (e.g. "
                    "not stated in the source)"
                )
            )
        return self


class Part(Strict):
    """What every part of a decision has, whatever its kind (the formula: see
    :mod:`statsbidrag_cli.core.kinds`, one module per kind)."""

    kind: str
    """Which formula the part follows; each kind narrows it to its own name."""
    id: Identifier
    label: Text
    amount: PositiveAmount
    percent: Percent | None = None
    """The part's share of the decision total, when the text states it so ("70 procent"): its
    amount is then that share, exactly (it may be left out and is derived)."""


class EqualComponent(Part):
    """An amount split equally between named regions."""

    kind: Literal["equal"]
    recipients: list[RecipientCode] | Literal["all"] = Field(min_length=1)
    """The recipients by code, or ``all``: the 21 regions."""
    purpose: Text
    source: Sources

    @model_validator(mode="after")
    def _unique_recipients(self) -> EqualComponent:
        if self.recipients != "all":
            _require_unique(self.recipients, "recipients")
        return self


Method = Literal["largest_remainder", "half_up", "dhondt", "sainte_lague"]
"""How exact quotas become whole kronor: see README, "Rounding methods"."""

UnitKind = Literal["samverkansregioner", "regions", "kommuner", "groups"]


class Group(Strict):
    """A custom unit for a population split: whole counties plus single kommuner."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    name: Text
    counties: list[CountyCode] = []
    kommuner: list[KommunCode] = []


class PopulationComponent(Part):
    """An amount split by population over units, each unit's share paid to one recipient.

    Units are the samverkansregioner, the regions (län), kommuner, or custom ``groups``;
    ``codes`` limits regions or kommuner to a list. Regions and kommuner are paid their own
    share unless ``payees`` says otherwise; samverkansregioner and groups need ``payees``.
    """

    kind: Literal["population"]
    units: UnitKind
    codes: list[RecipientCode] | None = None
    groups: list[Group] = []
    population: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    """The dataset split by (the fördelningsnyckel): population, or any count per unit a
    dataset holds, e.g. asylsökande (its ``measure`` says which)."""
    payees: dict[str, RecipientCode] = {}
    rounding: Method = "largest_remainder"
    floor: Amount = 0
    """The least each unit gets (golv); units below it are lifted to it and the rest split
    again by the key (0: no floor)."""
    cap: PositiveAmount | None = None
    """The most each unit gets (tak); units above it are held at it and the rest split again
    (none: no cap)."""
    purpose: Text
    source: Sources

    @model_validator(mode="after")
    def _units_are_named(self) -> PopulationComponent:
        if self.units == "groups" and not self.groups:
            raise ValueError(_("units: groups needs a `groups` list"))
        if self.units != "groups" and self.groups:
            raise ValueError(_("`groups` is only for units: groups"))
        if self.codes is not None and self.units not in ("regions", "kommuner"):
            raise ValueError(_("`codes` is only for units: regions or kommuner"))
        _require_unique([group.id for group in self.groups], "groups (id)")
        if self.cap is not None and self.cap < self.floor:
            raise ValueError(_("`cap` is below `floor`: no amount can meet both"))
        return self


class Earmark(Strict):
    """Part of an amount set aside for a purpose; may itself be split further."""

    id: Identifier
    label: Text
    amount: PositiveAmount
    purpose: Text
    children: list[Earmark] = []


def walk_earmarks(earmarks: Sequence[Earmark], depth: int = 0) -> Iterator[tuple[int, Earmark]]:
    """Every earmark of a tree, parents before children, with its depth (0 = top level)."""
    for earmark in earmarks:
        yield depth, earmark
        yield from walk_earmarks(earmark.children, depth + 1)


class FixedComponent(Part):
    """A fixed amount to one recipient, e.g. a värdregion requisitioning for a national project."""

    kind: Literal["fixed"]
    recipient: RecipientCode
    role: Text | None = None
    project: Text | None = None
    earmarks: list[Earmark] = []
    purpose: Text
    source: Sources

    @model_validator(mode="after")
    def _unique_earmarks(self) -> FixedComponent:
        _require_unique([e.id for _, e in walk_earmarks(self.earmarks)], "earmarks (id)")
        return self


class RateComponent(Part):
    """Kronor per counted unit of a key ("4 358 kr per person som uppnått 75 års ålder"):
    each region or kommun gets the rate times its count, exactly, with no rounding. The part's
    amount is what that comes to; ``check`` says so when it is not."""

    kind: Literal["rate"]
    rate: PositiveAmount
    """Kronor per counted unit (person, pupil, asylum seeker)."""
    units: Literal["regions", "kommuner"]
    codes: list[RecipientCode] | None = None
    population: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    """The dataset whose counts the rate is paid for."""
    purpose: Text
    source: Sources


AnyComponent = EqualComponent | PopulationComponent | FixedComponent | RateComponent
"""Every kind of part there is: the one list of their shapes (a new kind adds its model here
and its behaviour as a module of :mod:`statsbidrag_cli.core.kinds`)."""
Component = Annotated[AnyComponent, Field(discriminator="kind")]
PART_MODELS: tuple[type[Part], ...] = (
    EqualComponent,
    PopulationComponent,
    FixedComponent,
    RateComponent,
)
"""The models of :data:`AnyComponent`, in order (a test checks they are the same)."""


class Condition(Strict):
    """A condition attached to the grant, in the words of its source."""

    text: Text
    source: Sources


DeadlineKind = Literal[
    "use_period_start",
    "use_period_end",
    "rekvisition_opens",
    "rekvisition_closes",
    "payment_by",
    "report_due",
    "financial_report_due",
    "repayment_due",
    "agency_report_due",
]
"""The dated obligations a decision can set; ``check`` knows their sensible order."""

DEADLINE_LABELS: dict[str, str] = {
    "use_period_start": N_("use period starts"),
    "use_period_end": N_("use period ends"),
    "rekvisition_opens": N_("rekvisition opens"),
    "rekvisition_closes": N_("rekvisition closes (last day)"),
    "payment_by": N_("payment made by"),
    "report_due": N_("redovisning due"),
    "financial_report_due": N_("financial redovisning due"),
    "repayment_due": N_("repayment of unused funds due"),
    "agency_report_due": N_("the agency's redovisning to the government due"),
}
"""What each kind of deadline means, in English: translate with ``i18n._`` where shown."""


class Deadline(Strict):
    """One dated obligation: what happens, on which day, and who must act."""

    kind: DeadlineKind
    date: dt.date
    actor: Text
    description: Text | None = None


class Dates(Strict):
    """The decision's deadlines, as written in its sources."""

    deadlines: list[Deadline] = Field(min_length=1)
    source: Sources

    @model_validator(mode="after")
    def _one_per_kind(self) -> Dates:
        _require_unique([deadline.kind for deadline in self.deadlines], "deadlines (kind)")
        return self

    def get(self, kind: str) -> dt.date | None:
        """The date of the first deadline of this kind, if the decision sets one."""
        return next((d.date for d in self.deadlines if d.kind == kind), None)


class RepaymentTerms(Strict):
    """How the agency collects återbetalning: it invoices only amounts over a threshold."""

    invoice_above: Amount
    source: Sources


class Tolerance(Strict):
    """How far computed amounts may be from the published ones, and why."""

    kronor: Amount
    reason: Text


class PublishedRow(Strict):
    """One row of a published allocation table, exactly as printed."""

    code: RecipientCode
    name: Text
    amounts: dict[Identifier, Amount | None]
    """Per component; a component left out was paid nothing, ``null`` means not known."""
    total: Amount | None
    """``null`` when the source does not give it."""
    derived: bool = False
    """True when the row was worked out rather than read (say how in ``note``)."""
    note: Text | None = None

    @model_validator(mode="after")
    def _derived_says_how(self) -> PublishedRow:
        if self.derived and self.note is None:
            raise ValueError(_("a derived row needs a note saying how it was worked out"))
        return self

    def part(self, component_id: str) -> int | None:
        """The row's amount for a component: 0 when left out, None when not known."""
        return self.amounts.get(component_id, 0)

    @property
    def known(self) -> bool:
        """Whether the total and every amount of the row are given."""
        return self.total is not None and None not in self.amounts.values()


class PublishedTable(Strict):
    """The allocation table an agency published for the decision."""

    publisher: Text
    rows: list[PublishedRow] = Field(min_length=1)
    complete: bool = True
    """False when the source shows only some rows: rows not listed are unknown, never 0."""
    tolerance: Tolerance | None = None
    source: Sources

    @model_validator(mode="after")
    def _unique_codes(self) -> PublishedTable:
        _require_unique([row.code for row in self.rows], "rows (code)")
        return self


DerivationRule = Literal["sum_of_components", "component_plus_own_work", "sum_of_own_work"]
"""How a derived amount follows from others (``check`` verifies the arithmetic):

* ``sum_of_components``: the decision's ``total`` is the sum of its components;
* ``component_plus_own_work``: a funding line's ``amount`` is its component's amount plus the
  line's own-work allowance;
* ``sum_of_own_work``: the decision's ``own_work_max`` is the sum of its funding lines'.
"""

_RULE_FIELDS = {
    "sum_of_components": re.compile(r"total"),
    "component_plus_own_work": re.compile(r"funding\.[0-9]+\.amount"),
    "sum_of_own_work": re.compile(r"own_work_max"),
}


class DerivedAmount(Strict):
    """An amount the text implies but does not state as one figure, and the rule it follows."""

    field: Annotated[
        str, StringConstraints(pattern=r"^(total|own_work_max|funding\.[0-9]+\.amount)$")
    ]
    rule: DerivationRule
    note: Text

    @model_validator(mode="after")
    def _rule_fits_field(self) -> DerivedAmount:
        if not _RULE_FIELDS[self.rule].fullmatch(self.field):
            raise ValueError(
                _("rule {rule} does not apply to field {field}").format(
                    rule=self.rule, field=self.field
                )
            )
        return self


class Decision(Strict):
    """A regeringsbeslut that tells an agency to pay out a statsbidrag."""

    diarienummer: Diarienummer | None
    diarienummer_note: Text | None = None
    title: Text
    beslutsdatum: dt.date | None
    beslutsdatum_note: Text | None = None
    ministry: Text | None
    ministry_note: Text | None = None
    agency: Text | None
    agency_note: Text | None = None
    budget_year: Annotated[int, Field(ge=1900, le=2200)]
    total: PositiveAmount
    own_work_max: Amount = 0
    tie_rule: TieRule | None = None
    funding: Annotated[list[FundingLine], Field(min_length=1)] | None
    funding_note: Text | None = None
    components: list[Component] = Field(min_length=1)
    dates: Dates | None
    dates_note: Text | None = None
    published: PublishedTable | None = None
    conditions: list[Condition] = []
    repayment: RepaymentTerms | None = None
    derived: list[DerivedAmount] = []
    """Amounts worked out rather than read; checked by their rule instead of a quote."""
    source: Sources

    @model_validator(mode="before")
    @classmethod
    def _amounts_from_shares(cls, data: object) -> object:
        """A part stated only as a share of the total ("70 procent") gets its amount, exactly:
        a share that is not whole kronor is refused, naming the remainder (state the amount
        the agency paid instead, with a derived note)."""
        if not isinstance(data, dict):
            return data
        components = data.get("components")
        if not isinstance(components, list):
            return data
        total = data.get("total")
        filled = []
        for index, item in enumerate(components):
            percent = item.get("percent") if isinstance(item, dict) else None
            if isinstance(percent, str) and "amount" not in item:  # a placeholder to fill in:
                filled.append({**item, "amount": percent})  # one problem, not two
                continue
            if type(percent) is not int or "amount" in item or type(total) is not int:
                filled.append(item)
                continue
            amount, rest = divmod(total * percent, 100)
            if rest:
                raise ValueError(
                    _(
                        "components.{index}.percent: {percent} % of {total} kr is {amount} kr "
                        "and {rest}/100 of a krona, not whole kronor; state the amount (how "
                        "the agency rounded it) as amount:"
                    ).format(
                        index=index,
                        percent=percent,
                        total=kr(total),
                        amount=kr(amount),
                        rest=rest,
                    )
                )
            filled.append({**item, "amount": amount})
        return {**data, "components": filled}

    @model_validator(mode="after")
    def _consistent_references(self) -> Decision:
        for field in ("diarienummer", "beslutsdatum", "ministry", "agency", "funding", "dates"):
            if getattr(self, field) is None and getattr(self, f"{field}_note") is None:
                raise ValueError(
                    _(
                        "{field} is null: say why in {field}_note (e.g. not stated in the source)"
                    ).format(field=field)
                )
        ids = [component.id for component in self.components]
        _require_unique(ids, "components (id)")
        _require_unique([item.field for item in self.derived], "derived (field)")
        for item in self.derived:
            if item.field.startswith("funding."):
                index = int(item.field.split(".")[1])
                lines = self.funding_lines
                if index >= len(lines) or lines[index].component is None:
                    raise ValueError(
                        _(
                            "derived {field}: there is no funding line {index} that "
                            "names its component"
                        ).format(field=item.field, index=index)
                    )
        for line in self.funding_lines:
            if line.component is not None and line.component not in ids:
                raise ValueError(
                    _("funding line names unknown component {component!r}").format(
                        component=line.component
                    )
                )
        if self.published is not None:
            for row in self.published.rows:
                unknown = sorted(set(row.amounts) - set(ids))
                if unknown:
                    raise ValueError(
                        _(
                            "published row {code} names unknown component(s) {unknown}; "
                            "known: {ids}"
                        ).format(code=row.code, unknown=unknown, ids=ids)
                    )
        return self

    @property
    def funding_lines(self) -> list[FundingLine]:
        """The funding lines; none when the texts do not name the anslag (``funding_note``)."""
        return self.funding or []

    @property
    def deadlines(self) -> list[Deadline]:
        """The deadlines; none when the texts give no dates (``dates_note``)."""
        return self.dates.deadlines if self.dates is not None else []


def derived_location(item: DerivedAmount) -> tuple[str | int, ...]:
    """The field path of a derived amount: ``funding.1.amount`` -> ``("funding", 1, "amount")``."""
    return tuple(int(part) if part.isdigit() else part for part in item.field.split("."))


def _require_unique(values: list[str], what: str) -> None:
    duplicates = sorted(value for value, count in Counter(values).items() if count > 1)
    if duplicates:
        raise ValueError(
            _("{what} listed more than once: {value}").format(
                what=what, value=", ".join(duplicates)
            )
        )
