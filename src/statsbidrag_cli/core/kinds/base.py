"""What every kind of part does, stated once: the :class:`Kind` each kind's module implements.

A kind is a formula a decision text can state: an equal split, a split by a key, a fixed
amount, a rate per counted unit. Everything that differs between kinds is a method here, so
allocation, checks, traceability, audits, what-ifs and reports ask a part's kind (through
:func:`statsbidrag_cli.core.kinds.kind_of`) and never test its type. Adding a kind is its
model (:mod:`statsbidrag_cli.models.decision`), one module here and one registry line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ...i18n import N_
from ...models.decision import Earmark, Part
from ..geography import Geography
from ..parts import ComponentResult, PaidElsewhere, PartContext

P = TypeVar("P", bound=Part)

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class StatedFigure:
    """A figure the decision text must state for the part (traceability): what it is, its
    value, and the field it stands in, below the part."""

    label: str
    value: int
    field: FieldPath
    percent: bool = False


@dataclass(frozen=True)
class KeyColumns:
    """The columns a part by a key adds before its amount: the unit's name (None where the
    unit is the row's own recipient) and its count, each a message to translate."""

    unit: str | None
    count: str


PER_UNIT = {
    "regions": N_("per region"),
    "samverkansregioner": N_("per samverkansregion"),
    "kommuner": N_("per kommun"),
}
""""Per …" for each unit, as a text says it (Swedish takes the singular: per kommun)."""


class Kind(Generic[P]):
    """One kind of part. The defaults are those of a part that splits nothing by a key."""

    name: str
    """The ``kind:`` of a part in a decision file."""
    rounded: bool = True
    """Whether its amounts are rounded from exact quotas (what ``--explain`` and ``audit``
    explain); a fixed amount and a rate times a count are exact as they stand."""
    equal: bool = False
    """Whether every unit weighs the same (an audit's candidates are then all alike)."""

    def dataset(self, part: P) -> str | None:
        """The dataset (fördelningsnyckel) the part reads, if it reads one."""
        return None

    def level(self, part: P) -> str | None:
        """The units a part by a key counts per (``regions``, ``kommuner``, …)."""
        return None

    def recipient_codes(self, part: P, geography: Geography) -> list[str]:
        """Every region or kommun code the part names, for the check that each exists."""
        return []

    def allocate(self, part: P, context: PartContext) -> ComponentResult:
        """The part split over its units (see :mod:`statsbidrag_cli.core.parts`)."""
        raise NotImplementedError

    def limits(self, part: P) -> tuple[int, int | None]:
        """The floor and cap per unit (0 and None: none)."""
        return 0, None

    def paid_elsewhere(
        self, part: P, result: ComponentResult, code: str, geography: Geography
    ) -> PaidElsewhere | None:
        """For region ``code``: the unit holding it whose share is paid to another, if any."""
        return None

    def stated_figures(self, part: P) -> Iterator[StatedFigure]:
        """The figures the text must state for the part: its share where it states one, else
        its amount (a kind adds what else decides its amounts)."""
        if part.percent is not None:  # the text states the share; the amount follows
            yield StatedFigure(part.label, part.percent, ("percent",), percent=True)
        else:
            yield StatedFigure(part.label, part.amount, ("amount",))

    def rate(self, part: P) -> int | None:
        """Kronor per counted unit, for a part paid at a rate (its amounts are exact)."""
        return None

    def earmarks(self, part: P) -> Sequence[Earmark]:
        """The earmark tree under the part's amount (which the text fixes)."""
        return ()

    def key_columns(self, part: P) -> KeyColumns | None:
        """The unit and count columns a table shows before the part's amount."""
        return None

    def heading(self, part: P, by_label: bool = False) -> str:
        """The part's column heading; ``by_label`` where the decision has several parts by a
        key (a kommun part and a region part), so the kind's own word would not tell them
        apart."""
        return part.label

    def document(self, part: P) -> dict[str, Any]:
        """What the part's JSON document (``allocate --format json``) holds besides its id,
        kind, label, amount and what was allocated."""
        return {}

    def facts(
        self, part: P, region: Callable[[str], str], unit: Callable[[str], str]
    ) -> Iterator[tuple[str, str]]:
        """What ``show`` says of the part besides its amount, share and purpose: (item, text)
        pairs, in the run's language; ``region`` and ``unit`` name a code or a unit id."""
        return iter(())
