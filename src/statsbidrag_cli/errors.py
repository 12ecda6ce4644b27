"""Every exception type of statsbidrag, and the exit code each one means.

Every layer (engine, loading, checks) raises :class:`StatsbidragError` or one of the
subclasses here for problems a user can fix; the CLI turns them into one clean message on
standard error and the error's ``exit_code``. Anything else escaping to the CLI is a bug in
statsbidrag. This module imports only :mod:`.i18n` (its messages are in the run's language),
so the pure core can use it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .i18n import ngettext

# Exit codes, documented in the README and in ``statsbidrag --help``.
EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2

__all__ = [
    "EXIT_CHECK_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "AllocationError",
    "AllocationInputError",
    "DecisionNotFoundError",
    "InvalidFileError",
    "PopulationError",
    "ProgrammeError",
    "PxWebError",
    "ScbError",
    "StatsbidragError",
    "TieError",
    "YamlInputError",
]


class StatsbidragError(Exception):
    """A problem with the user's input or request, reported without a traceback.

    ``details`` are extra lines (one per problem, e.g. one per invalid field) that the CLI
    prints as bullets under the message.
    """

    exit_code: int = EXIT_USAGE

    def __init__(
        self,
        message: str,
        details: list[str] | None = None,
        location: tuple[str | int, ...] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details: list[str] = list(details or [])
        self.location = location
        """Where in the file the problem is, as a field path (e.g. ``("components", 1)``);
        whoever read the file turns it into ``file:line:column`` with :meth:`locate`."""

    def locate(self, where: str) -> StatsbidragError:
        """Name the file (``file:line:column``) at the front of the message, once."""
        if not self.message.startswith(where.split(":", 1)[0]):
            self.message = f"{where}: {self.message}"
            self.args = (self.message,)
        return self

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return "\n".join([self.message, *(f"  - {line}" for line in self.details)])


# The engine ---------------------------------------------------------------------------------


class AllocationInputError(StatsbidragError):
    """The amount, weights or tie priorities cannot be apportioned (e.g. zero total weight)."""


class TieError(StatsbidragError):
    """Equal remainders compete for the last kronor and no tie rule was given.

    ``tied`` are the indices of the recipients with the deciding remainder; ``kronor`` is how
    many of them would get an extra krona.
    """

    def __init__(self, tied: Sequence[int], kronor: int) -> None:
        self.tied = tuple(tied)
        self.kronor = kronor
        super().__init__(
            ngettext(
                "{count} recipients (positions {positions}) have equal remainders and {kronor} "
                "extra krona to share between them; state a tie rule so the result does not "
                "depend on the order of entries",
                "{count} recipients (positions {positions}) have equal remainders and {kronor} "
                "extra kronor to share between them; state a tie rule so the result does not "
                "depend on the order of entries",
                kronor,
            ).format(
                count=len(self.tied),
                positions=", ".join(str(i) for i in self.tied),
                kronor=kronor,
            )
        )


# The rest of the core ------------------------------------------------------------------------


class AllocationError(StatsbidragError):
    """A decision that cannot be allocated as written (e.g. a payee missing, a tie without rule)."""


class PopulationError(StatsbidragError):
    """A population or geography file that is missing, malformed or inconsistent."""


class ProgrammeError(StatsbidragError):
    """A programme that cannot be allocated as written (e.g. a floor the money cannot cover)."""


# Reading files --------------------------------------------------------------------------------


class YamlInputError(StatsbidragError):
    """A YAML file that cannot be read safely and unambiguously."""


class InvalidFileError(StatsbidragError):
    """A file that parsed as YAML but does not have the expected fields and types."""


class DecisionNotFoundError(StatsbidragError):
    """No decision file for the id the user gave."""


class PxWebError(StatsbidragError):
    """An export from SCB's statistical database that cannot be read as a population table."""


class ScbError(StatsbidragError):
    """SCB's API could not be reached, refused the request, or has no figures for the date."""
