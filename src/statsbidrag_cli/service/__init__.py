"""The use cases: what each command does, as functions a program can call too.

One module per subject: :mod:`.decisions` (allocate, audit, repay, show one decision),
:mod:`.checking` (which files ``check``, ``validate`` and ``allocate`` check, and diarienummer
clashes), :mod:`.checker` (one decision's cached check), :mod:`.check_workers` (a large check
among processes), :mod:`.variants` (what-ifs), :mod:`.keysearch` (``audit --find-key``),
:mod:`.overview` (ledger, deadlines and one recipient across decisions), :mod:`.population`
(import, fetch, list, show, split), :mod:`.programmes`, :mod:`.authoring` (``new``) and
:mod:`.cache`. Each reads files through :mod:`statsbidrag_cli.files`, computes with the pure
:mod:`statsbidrag_cli.core` and returns a named, frozen result; it never prints, renders or
parses a command line (that is :mod:`statsbidrag_cli.cli`'s job).
"""
