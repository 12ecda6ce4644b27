"""statsbidrag: exact allocation and checking of Swedish state grants (statsbidrag).

The library is usable without the CLI: :mod:`statsbidrag_cli.engine` is the pure apportionment
core, :mod:`statsbidrag_cli.service` loads decisions and allocates them.
"""

__version__ = "0.1.0"
