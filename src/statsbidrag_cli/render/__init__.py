"""Rendering: a report (:mod:`statsbidrag_cli.reports.report`) into the bytes of a format.

:mod:`.registry` lists every format; each has a module of its own here (``table``, ``csv``,
``json``, ``xlsx``, ``markdown``, ``html``, and for ``check`` ``check_text``, ``github``,
``junit``), sharing ``cells`` (a cell as people read it) and ``wrap`` (prose at the
terminal's width). :mod:`.chart` and :mod:`.ics` draw the extra files some commands write
beside their report. Rendering sees only reports, never the core or files.
"""
