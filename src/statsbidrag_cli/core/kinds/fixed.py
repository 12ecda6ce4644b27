"""``kind: fixed``: a fixed amount to one recipient (a värdregion for a national project),
perhaps divided into earmarks that the text fixes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ...i18n import _
from ...models.decision import Earmark, FixedComponent
from ..geography import Geography
from ..parts import ComponentResult, PartContext
from .base import FieldPath, Kind, StatedFigure


class Fixed(Kind[FixedComponent]):
    name = "fixed"
    rounded = False

    def recipient_codes(self, part: FixedComponent, geography: Geography) -> list[str]:
        return [part.recipient]

    def allocate(self, part: FixedComponent, context: PartContext) -> ComponentResult:
        key = (part.recipient,)
        names = (context.geography.name_of(key[0]),)
        return ComponentResult(part, key, names, (1,), key, (part.amount,), None, None, None)

    def stated_figures(self, part: FixedComponent) -> Iterator[StatedFigure]:
        yield from super().stated_figures(part)
        for path, earmark in earmark_paths(part.earmarks, ("earmarks",)):
            label = _("earmark {label}").format(label=earmark.label)
            yield StatedFigure(label, earmark.amount, (*path, "amount"))

    def earmarks(self, part: FixedComponent) -> Sequence[Earmark]:
        return part.earmarks

    def heading(self, part: FixedComponent, by_label: bool = False) -> str:
        return part.project or part.label

    def document(self, part: FixedComponent) -> dict[str, Any]:
        return {
            "recipient": part.recipient,
            "role": part.role,
            "earmarks": [earmark_document(earmark) for earmark in part.earmarks],
        }

    def facts(
        self, part: FixedComponent, region: Callable[[str], str], unit: Callable[[str], str]
    ) -> Iterator[tuple[str, str]]:
        role = f" ({part.role})" if part.role else ""
        yield _("recipient"), f"{region(part.recipient)}{role}"


def earmark_document(earmark: Earmark) -> dict[str, Any]:
    """An earmark and those under it, as JSON."""
    return {
        "id": earmark.id,
        "label": earmark.label,
        "amount": earmark.amount,
        "purpose": earmark.purpose,
        "children": [earmark_document(child) for child in earmark.children],
    }


def earmark_paths(
    earmarks: Sequence[Earmark], prefix: FieldPath
) -> Iterator[tuple[FieldPath, Earmark]]:
    """Every earmark of a tree with its field path below the part, parents first."""
    for index, earmark in enumerate(earmarks):
        path = (*prefix, index)
        yield path, earmark
        yield from earmark_paths(earmark.children, (*path, "children"))


FIXED = Fixed()
