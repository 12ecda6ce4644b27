"""``statsbidrag split``: an ad-hoc split with no decision file, for what-if questions.

Pure: takes the geography and a dataset as values and returns whole kronor per unit. Every
check of the split's options is here, in :meth:`SplitRequest.validate`, so the CLI only parses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import StatsbidragError, TieError
from ..i18n import N_, _
from ..models.decision import TieRule
from .engine import METHODS, largest_remainder
from .geography import Geography, PopulationDataset, Unit
from .parts import allocate_with_rule, tie_priorities

SPLIT_UNITS = ("regions", "samverkansregioner", "kommuner")
TIE_RULES: tuple[TieRule, ...] = ("larger_population_then_code", "code")


UNIT_NAMES = {
    "regions": N_("regions"),
    "samverkansregioner": N_("samverkansregioner"),
    "kommuner": N_("kommuner"),
}
"""How a sentence names each unit (translate with ``i18n._`` where shown)."""
UNIT_ALIASES = {"regioner": "regions", "län": "regions", "lan": "regions"}
"""The Swedish words analysts type for the units (``--by regioner``)."""


def units_by(by: str) -> str:
    """``--by``'s units in the format's own words (``regioner`` -> ``regions``); a usage
    error for anything else."""
    units = UNIT_ALIASES.get(by.strip().lower(), by.strip().lower())
    if units not in SPLIT_UNITS:
        raise StatsbidragError(
            _("--by must be regions, samverkansregioner or kommuner, not {by!r}").format(by=by)
        )
    return units


def check_units_by(by: str) -> None:
    """``--by`` names the units of a population split: a usage error otherwise."""
    units_by(by)


@dataclass(frozen=True)
class SplitRequest:
    """What the user asked for: AMOUNT over units, optionally an equal base first."""

    amount: int
    by: str
    equal_base: int
    equal_over: Sequence[str] | None
    method: str
    tie_rule: str | None

    def validate(self) -> None:
        """Refuse options that cannot be split, each with the option's name."""
        check_units_by(self.by)
        if self.method not in METHODS:
            raise StatsbidragError(
                _("--method must be one of {value}, not {method!r}").format(
                    value=", ".join(METHODS), method=self.method
                )
            )
        if self.tie_rule is not None and self.tie_rule not in TIE_RULES:
            raise StatsbidragError(
                _(
                    "--tie-rule must be larger_population_then_code or code, not {tie_rule!r}"
                ).format(tie_rule=self.tie_rule)
            )

    @property
    def rule(self) -> TieRule | None:
        """The tie rule, once :meth:`validate` has accepted it."""
        return next((rule for rule in TIE_RULES if rule == self.tie_rule), None)


@dataclass(frozen=True)
class SplitResult:
    """The split: per unit its equal part (zeros without a base), population part and total."""

    request: SplitRequest
    units: tuple[Unit, ...]
    equal_over: tuple[str, ...]
    equal: tuple[int, ...]
    population: tuple[int, ...]

    @property
    def totals(self) -> list[int]:
        return [e + p for e, p in zip(self.equal, self.population, strict=True)]

    @property
    def total(self) -> int:
        return sum(self.totals)


def split_amount(
    request: SplitRequest, geography: Geography, dataset: PopulationDataset
) -> SplitResult:
    """Split ``request.amount`` over the units, the equal base first; never adjusts a sum."""
    request.validate()
    if request.amount <= 0:
        raise StatsbidragError(
            _("AMOUNT must be a positive number of kronor, not {amount}").format(
                amount=request.amount
            )
        )
    if not 0 <= request.equal_base <= request.amount:
        raise StatsbidragError(
            _("--equal-base must be between 0 and AMOUNT ({amount}), not {equal_base}").format(
                amount=request.amount, equal_base=request.equal_base
            )
        )
    units = geography.units(request.by, dataset, None, [])
    keys = [unit.key for unit in units]
    weights = [unit.persons for unit in units]
    equal_over = list(request.equal_over) if request.equal_over else keys
    unknown = sorted(set(equal_over) - set(keys))
    if unknown:
        raise StatsbidragError(
            _("--equal-over names {value}, which are not {by} (known: {value2}{value3})").format(
                value=", ".join(unknown),
                by=request.by,
                value2=", ".join(keys[:8]),
                value3=", …" if len(keys) > 8 else "",
            )
        )
    population_amount = request.amount - request.equal_base
    try:
        equal = _equal_parts(request, keys, weights, equal_over)
        population = allocate_with_rule(
            request.method, population_amount, weights, keys, request.rule
        )
    except TieError as tie:
        tied = ", ".join(keys[i] for i in tie.tied) if request.equal_base == 0 else str(tie)
        raise StatsbidragError(
            _(
                "equal remainders ({tied}) compete for the last kronor; choose "
                "--tie-rule larger_population_then_code or code"
            ).format(tied=tied)
        ) from None
    return SplitResult(request, tuple(units), tuple(equal_over), tuple(equal), tuple(population))


def _equal_parts(
    request: SplitRequest, keys: Sequence[str], weights: Sequence[int], equal_over: Sequence[str]
) -> list[int]:
    if not request.equal_base:
        return [0] * len(keys)
    chosen = [key in equal_over for key in keys]
    chosen_keys = [key for key, pick in zip(keys, chosen, strict=True) if pick]
    chosen_weights = [w for w, pick in zip(weights, chosen, strict=True) if pick]
    parts = iter(
        largest_remainder(
            request.equal_base,
            [1] * len(chosen_keys),
            tie_break=tie_priorities(chosen_weights, chosen_keys, request.rule),
        )
    )
    return [next(parts) if pick else 0 for pick in chosen]
