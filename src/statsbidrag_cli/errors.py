"""The one exception type the CLI turns into a clean message and an exit code.

Every layer (engine, loading, checks) raises :class:`StatsbidragError` or a subclass for
problems a user can fix. Anything else escaping to the CLI is a bug in statsbidrag.
"""

from __future__ import annotations

# Exit codes, documented in the README and in ``statsbidrag --help``.
EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2


class StatsbidragError(Exception):
    """A problem with the user's input or request, reported without a traceback.

    ``details`` are extra lines (one per problem, e.g. one per invalid field) that the CLI
    prints as bullets under the message.
    """

    exit_code: int = EXIT_USAGE

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: list[str] = list(details or [])

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return "\n".join([self.message, *(f"  - {line}" for line in self.details)])
