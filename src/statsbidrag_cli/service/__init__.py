"""The use cases: what each command does, as functions a program can call too.

One module per subject: :mod:`.decisions` (allocate, audit, repay, show one decision),
:mod:`.checking` (the full check behind ``check``, ``validate`` and ``allocate``, its cache
keys and diarienummer clashes), :mod:`.overview` (ledger and deadlines across decisions),
:mod:`.population` (import, fetch, list, show, split), :mod:`.programmes` and
:mod:`.authoring` (``new``). Each reads files through :mod:`statsbidrag_cli.files`, computes
with the pure :mod:`statsbidrag_cli.core` and returns a named, frozen result; it never
prints, renders or parses a command line (that is :mod:`statsbidrag_cli.cli`'s job).
"""
