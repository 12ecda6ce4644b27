"""``python -m statsbidrag_cli``: the same as the ``statsbidrag`` command."""

from .cli import main

main()
