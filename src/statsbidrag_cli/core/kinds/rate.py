"""``kind: rate``: kronor per counted unit of a key ("4 358 kr per person som uppnått 75 års
ålder"): each region or kommun gets the rate times its count, exactly, nothing rounded."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ...i18n import N_, _, kr
from ...models.decision import RateComponent
from ..geography import Geography
from ..parts import ComponentResult, PartContext
from .base import PER_UNIT, KeyColumns, Kind, StatedFigure


class Rate(Kind[RateComponent]):
    name = "rate"
    rounded = False

    def dataset(self, part: RateComponent) -> str:
        return part.population

    def level(self, part: RateComponent) -> str:
        return part.units

    def recipient_codes(self, part: RateComponent, geography: Geography) -> list[str]:
        return list(part.codes or [])

    def allocate(self, part: RateComponent, context: PartContext) -> ComponentResult:
        dataset = context.datasets[part.population]
        units = context.geography.units(part.units, dataset, part.codes, [])
        keys = tuple(unit.key for unit in units)
        counts = tuple(unit.persons for unit in units)
        amounts = tuple(part.rate * count for count in counts)  # exact, unrounded
        names = tuple(unit.name for unit in units)
        return ComponentResult(part, keys, names, counts, keys, amounts, None, dataset, None)

    def rate(self, part: RateComponent) -> int:
        return part.rate

    def stated_figures(self, part: RateComponent) -> Iterator[StatedFigure]:
        yield StatedFigure(part.label, part.rate, ("rate",))  # the sum follows from it

    def key_columns(self, part: RateComponent) -> KeyColumns:
        return KeyColumns(None, N_("Counted"))

    def facts(
        self, part: RateComponent, region: Callable[[str], str], unit: Callable[[str], str]
    ) -> Iterator[tuple[str, str]]:
        yield (
            _("rate"),
            _("{rate} kr per counted unit of {dataset}, {per_unit}").format(
                rate=kr(part.rate),
                dataset=part.population,
                per_unit=_(PER_UNIT.get(part.units, part.units)),
            ),
        )


RATE = Rate()
