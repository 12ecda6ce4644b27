"""``kind: population``: an amount split by a key (population, or any count per unit a
dataset holds) over samverkansregioner, regions, kommuner or groups, each unit's share paid
to one recipient; rounded by the part's method, with a floor and a cap per unit."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from ...errors import AllocationError
from ...i18n import N_, _
from ...models.decision import PopulationComponent
from ..geography import Geography, Unit
from ..parts import ComponentResult, PaidElsewhere, PartContext, split_part
from .base import PER_UNIT, KeyColumns, Kind

PAID_TO_THEMSELVES = ("regions", "kommuner")
"""Units that are paid their own share: the unit is the row's own region or kommun."""

UNIT_HEADINGS = {
    "samverkansregioner": (N_("Samverkansregion"), N_("Samverkansregion population")),
    "groups": (N_("Group"), N_("Group population")),
    "regions": (N_("Region"), N_("Population")),
    "kommuner": (N_("Kommun"), N_("Population")),
}
"""Headings of a population part's unit and persons columns: whose population it is."""


class Population(Kind[PopulationComponent]):
    name = "population"

    def dataset(self, part: PopulationComponent) -> str:
        return part.population

    def level(self, part: PopulationComponent) -> str:
        return part.units

    def recipient_codes(self, part: PopulationComponent, geography: Geography) -> list[str]:
        return [*(part.codes or []), *part.payees.values()]

    def allocate(self, part: PopulationComponent, context: PartContext) -> ComponentResult:
        dataset = context.datasets[part.population]
        geography = context.geography
        units = geography.units(part.units, dataset, part.codes, part.groups)
        payees = unit_payees(context.decision_id, part, units, geography)
        return split_part(
            context,
            part,
            tuple(unit.key for unit in units),
            tuple(unit.name for unit in units),
            tuple(unit.persons for unit in units),
            payees,
            dataset,
            method=part.rounding,
            limits=self.limits(part),
        )

    def limits(self, part: PopulationComponent) -> tuple[int, int | None]:
        return part.floor, part.cap

    def paid_elsewhere(
        self, part: PopulationComponent, result: ComponentResult, code: str, geography: Geography
    ) -> PaidElsewhere | None:
        if len(code) != 2:
            return None
        if part.units == "samverkansregioner":
            members = {key: geography.samverkansregioner[key].counties for key in result.keys}
        elif part.units == "groups":
            members = {group.id: group.counties for group in part.groups}
        else:
            return None
        found = None
        for key, name, payee in zip(result.keys, result.names, result.payees, strict=True):
            if code in members.get(key, ()) and payee != code:
                found = PaidElsewhere(key, name, payee, geography.name_of(payee))
        return found

    def key_columns(self, part: PopulationComponent) -> KeyColumns:
        unit, persons = UNIT_HEADINGS[part.units]
        return KeyColumns(None if part.units in PAID_TO_THEMSELVES else unit, persons)

    def heading(self, part: PopulationComponent, by_label: bool = False) -> str:
        return part.label if by_label else _("Population part")

    def facts(
        self,
        part: PopulationComponent,
        region: Callable[[str], str],
        unit: Callable[[str], str],
    ) -> Iterator[tuple[str, str]]:
        yield (
            _("split by"),
            _("population {per_unit} ({dataset})").format(
                per_unit=_(PER_UNIT.get(part.units, part.units)), dataset=part.population
            ),
        )
        groups = {group.id: group.name for group in part.groups}
        if part.payees:
            yield (
                _("paid to"),
                "; ".join(
                    f"{groups.get(key) or unit(key)} → {region(code)}"
                    for key, code in part.payees.items()
                ),
            )


def unit_payees(
    decision_id: str, component: PopulationComponent, units: Sequence[Unit], geography: Geography
) -> tuple[str, ...]:
    """Who is paid each unit's share: ``payees``, or the unit itself for regions and kommuner."""
    keys = [unit.key for unit in units]
    self_paying = component.units in ("regions", "kommuner")
    problems = [
        _("no payee for {unit!r}").format(unit=unit)
        for unit in keys
        if unit not in component.payees and not self_paying
    ]
    problems += [
        _("unknown unit {unit!r}").format(unit=unit)
        for unit in sorted(set(component.payees) - set(keys))
    ]
    if problems:
        raise AllocationError(
            _("{decision_id}: {label}: payees must name each of {value} exactly once").format(
                decision_id=decision_id, label=component.label, value=", ".join(keys)
            ),
            problems,
        )
    payees = tuple(component.payees.get(unit, unit) for unit in keys)
    for payee in payees:
        if len(payee) == 2:
            geography.county(payee)
    repeated = sorted({p for p in payees if payees.count(p) > 1})
    if repeated:
        raise AllocationError(
            _(
                "{decision_id}: {label} pays several units to {value}; give each unit its own payee"
            ).format(decision_id=decision_id, label=component.label, value=", ".join(repeated))
        )
    return payees


POPULATION = Population()
