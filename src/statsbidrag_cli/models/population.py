"""Pydantic shapes of the population files: the samverkansregioner and a dataset's provenance.

The figures themselves are CSV (read in :mod:`statsbidrag_cli.files.local.population`); these are
the YAML files beside them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .decision import CountyCode, KommunCode, Strict, Text


class SamverkansregionSpec(Strict):
    """One samverkansregion: whole counties plus single kommuner (Halland is split)."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
    name: Text
    counties: list[CountyCode] = []
    kommuner: list[KommunCode] = []


class SamverkansregionFile(Strict):
    """The file ``samverkansregioner.yaml``."""

    source: Text
    samverkansregioner: list[SamverkansregionSpec] = Field(min_length=1)


class ScbRequest(Strict):
    """How a dataset was fetched from SCB's PxWebApi 2.0: enough to repeat the request."""

    table: Text
    url: Text
    body: Text
    updated: Text | None = None
    """SCB's ``updated`` stamp for the table."""
    retrieved: Text
    """When the figures were fetched (UTC, ISO 8601)."""


class DatasetInfo(Strict):
    """Provenance of a population dataset (``NAME.yaml`` beside ``NAME.csv``)."""

    name: Text
    title: Text
    measure: Text = "folkmängd"
    """What is counted per unit (a fördelningsnyckel): folkmängd, unless the dataset says
    otherwise (asylsökande, elever, personer 80 år och äldre)."""
    level: Literal["kommun", "county", "mixed"]
    reference_date: dt.date
    source: Text
    checks: Text | None = None
    noise_note: Text | None = None
    fetched: ScbRequest | None = None
    partial: bool = False
    """A dataset that knowingly gives only some counties (or some kommuner); a split that needs
    a missing one is refused. Without it, a dataset must give all of its level."""
