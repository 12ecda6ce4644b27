"""What-if runs: a decision computed with a change, never written back to its file.

A :class:`Variant` is what an analyst asks on the command line: another population dataset
for the decision's population parts (``--population NAME``), other amounts for some of its
parts (``--set population=30000000``). :func:`apply_variant` returns the decision as the
variant has it, validated by the same model as the file, so a variant can never be a decision
the file format would refuse. Everything that says "this is not the decision" (titles, notes,
the comparison with the decision's own result) is built from :meth:`Variant.changes`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import StatsbidragError
from ..i18n import _, kr

if TYPE_CHECKING:
    from ..files.local.store import LoadedDecision
    from ..models.decision import Decision


@dataclass(frozen=True)
class Variant:
    """Changes to a decision for one run (empty: the decision itself)."""

    population: str | None = None
    """The dataset every population part uses instead of its own."""
    amounts: tuple[tuple[str, int], ...] = ()
    """(component id, amount in kronor): parts given another amount; the total follows."""

    def __bool__(self) -> bool:
        return self.population is not None or bool(self.amounts)

    @property
    def changes_amounts(self) -> bool:
        """Whether the variant moves money (then nothing published can be compared)."""
        return bool(self.amounts)

    def changes(self, decision: Decision) -> list[str]:
        """One line per change, in words: ``Befolkningsdelen: 28 000 000 kr → 30 000 000 kr``."""
        lines = []
        by_id = {component.id: component for component in decision.components}
        for component_id, amount in self.amounts:
            component = by_id[component_id]
            lines.append(
                _("{part}: {before} kr → {after} kr").format(
                    part=component.label, before=kr(component.amount), after=kr(amount)
                )
            )
        if self.population is not None:
            own = sorted({name for name in _datasets(decision)})
            lines.append(
                _("population figures: {name} instead of the decision's {own}").format(
                    name=self.population, own=", ".join(own)
                )
            )
        return lines


NO_VARIANT = Variant()
"""The decision itself."""


def _datasets(decision: Decision) -> list[str]:
    """The datasets (fördelningsnycklar) the decision's parts read, in order."""
    from ..core.kinds import kind_of

    named = (kind_of(part).dataset(part) for part in decision.components)
    return [name for name in named if name is not None]


def _charge(funding: list[dict[str, object]] | None, component_id: str, change: int) -> None:
    """Charge a part's change to the anslagspost that pays it: the funding line naming the
    part, else the decision's one line (several lines, none naming it: left as they are, and
    the funding check says the money is not covered; no funding stated: nothing to charge)."""
    if funding is None:
        return
    named = [line for line in funding if line.get("component") == component_id]
    lines = named or (
        [funding[0]] if len(funding) == 1 and funding[0].get("component") is None else []
    )
    for line in lines[:1]:
        amount = line["amount"]
        assert isinstance(amount, int)
        line["amount"] = amount + change


def parse_setting(text: str) -> tuple[str, int]:
    """``population=30000000`` (or ``30 000 000``, ``30_000_000``) as (component id, kronor)."""
    from ..models.numbers import parse_grouped

    part, sep, amount = text.partition("=")
    value = parse_grouped(amount.strip()) if sep else None
    if not part.strip() or value is None:
        raise StatsbidragError(
            _(
                "--set takes PART=KRONOR, a part's id and whole kronor, e.g. "
                "population=30000000, not {value!r}"
            ).format(value=text)
        )
    return part.strip(), value


def apply_variant(
    loaded: LoadedDecision, variant: Variant, every_decision: bool = False
) -> LoadedDecision:
    """The decision as ``variant`` has it (the same file and marks, so errors still point at
    its lines). Unknown parts, a part with earmarks and a zero amount are refused, each with
    what there is instead; so is another dataset for a decision without a population part,
    unless the variant is applied to ``every_decision`` of a set (``check``), where such a
    decision is checked as it is."""
    if not variant:
        return loaded
    from ..core.kinds import kind_of
    from ..files.local.population import validate_dataset_name
    from ..files.local.validation import validate_built
    from ..models.decision import Decision
    from ..models.numbers import MAX_WHOLE

    if variant.population is not None:
        validate_dataset_name(variant.population)  # a name, never a path: before any file

    decision = loaded.decision
    data = decision.model_dump(mode="python")
    by_id = {component.id: index for index, component in enumerate(decision.components)}
    for component_id, amount in variant.amounts:
        if component_id not in by_id:
            raise StatsbidragError(
                _("--set {id}: the decision has no part {id!r}; its parts are {value}").format(
                    id=component_id,
                    value=", ".join(f"{c.id} ({c.label})" for c in decision.components),
                )
            )
        component = decision.components[by_id[component_id]]
        if kind_of(component).earmarks(component):
            raise StatsbidragError(
                _(
                    "--set {id}: {label} is divided into earmarks, which the text fixes; a "
                    "what-if cannot change its amount"
                ).format(id=component_id, label=component.label)
            )
        if amount <= 0:
            raise StatsbidragError(
                _("--set {id}: the amount must be more than 0 kr").format(id=component_id)
            )
        data["components"][by_id[component_id]]["amount"] = amount
        data["total"] += amount - component.amount
        _charge(data["funding"], component_id, amount - component.amount)
    if variant.population is not None and not (every_decision and not _datasets(decision)):
        if not _datasets(decision):
            raise StatsbidragError(
                _(
                    "--population {name}: {id} has no population part, so there are no "
                    "population figures to replace"
                ).format(name=variant.population, id=loaded.id)
            )
        for part, item in zip(decision.components, data["components"], strict=True):
            if kind_of(part).dataset(part) is not None:  # every keyed kind names it so
                item["population"] = variant.population
    if variant.changes_amounts:
        data["published"] = None  # the agency published the decision, not this variant
        for item in data["components"]:  # the what-if is in kronor: shares no longer hold
            item["percent"] = None
        if data["total"] > MAX_WHOLE:
            raise StatsbidragError(
                _(
                    "--set: the what-if's total would be {total} kr, more than the largest "
                    "amount a decision can hold ({bound} kr)"
                ).format(total=kr(data["total"]), bound=kr(MAX_WHOLE))
            )
    broken = _("the what-if makes a decision that cannot be: {field}: {problem}")
    return replace(loaded, decision=validate_built(Decision, data, broken))
