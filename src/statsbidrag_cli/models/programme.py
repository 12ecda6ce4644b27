"""Pydantic shape of a programme file (``programmes/NAME.yaml``): years and candidate models.

The arithmetic that splits a year under a model is in :mod:`statsbidrag_cli.core.programme`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from ..errors import ProgrammeError
from ..i18n import _
from .decision import Amount, CountyCode, Method, PositiveAmount, Strict, Text, TieRule

DatasetName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


class ProgrammeYear(Strict):
    """One year of a programme: the amount, and optionally that year's population dataset."""

    year: Annotated[int, Field(ge=1900, le=2200)]
    amount: PositiveAmount
    population: DatasetName | None = None


class Model(Strict):
    """How a year's amount is split between the regions."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    equal_base: Amount = 0
    floor: Amount = 0
    cap: PositiveAmount | None = None
    """The most a region gets in a year, as a decision's population part has it (tak)."""
    population_key: DatasetName | None = None
    rounding: Method = "largest_remainder"
    tie_rule: TieRule | None = "larger_population_then_code"


class Programme(Strict):
    """A multi-year plan and its candidate models. Amounts here are what-if inputs."""

    title: Text
    basis: Text
    regions: list[CountyCode] | None = None
    population: DatasetName
    years: list[ProgrammeYear] = Field(min_length=1)
    models: list[Model] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Programme:
        for what, values in (
            ("years", [str(y.year) for y in self.years]),
            ("models (id)", [m.id for m in self.models]),
        ):
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(
                    _("{what} listed more than once: {value}").format(
                        what=what, value=", ".join(repeated)
                    )
                )
        return self

    def model(self, model_id: str | None) -> Model:
        """The named model, or the first one."""
        if model_id is None:
            return self.models[0]
        for model in self.models:
            if model.id == model_id:
                return model
        known = ", ".join(m.id for m in self.models)
        raise ProgrammeError(
            _("no model {model_id!r} in the programme (models: {known})").format(
                model_id=model_id, known=known
            )
        )

    def dataset_for(self, year: ProgrammeYear, model: Model) -> str:
        """The population key for a year under a model: the model's fixed key, else the
        year's own dataset, else the programme's."""
        return model.population_key or year.population or self.population
