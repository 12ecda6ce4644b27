"""``kind: equal``: an amount split equally between named recipients (or all 21 regions)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ...i18n import _
from ...models.decision import EqualComponent
from ..geography import Geography
from ..parts import ComponentResult, PartContext, split_part
from .base import Kind


def recipients_of(part: EqualComponent, geography: Geography) -> list[str]:
    """An equal split's recipients: those named, or for ``all`` the regions of the geography."""
    if part.recipients == "all":
        return sorted(geography.counties)
    return list(part.recipients)


class Equal(Kind[EqualComponent]):
    name = "equal"
    equal = True

    def recipient_codes(self, part: EqualComponent, geography: Geography) -> list[str]:
        return recipients_of(part, geography)

    def allocate(self, part: EqualComponent, context: PartContext) -> ComponentResult:
        geography = context.geography
        keys = tuple(sorted(recipients_of(part, geography)))
        names = tuple(geography.name_of(code) for code in keys)
        return split_part(context, part, keys, names, (1,) * len(keys), keys, None)

    def heading(self, part: EqualComponent, by_label: bool = False) -> str:
        return part.label if by_label else _("Equal part")

    def facts(
        self, part: EqualComponent, region: Callable[[str], str], unit: Callable[[str], str]
    ) -> Iterator[tuple[str, str]]:
        between = (
            _("all regions")
            if part.recipients == "all"
            else "; ".join(region(code) for code in part.recipients)
        )
        yield _("split equally between"), between


EQUAL = Equal()
