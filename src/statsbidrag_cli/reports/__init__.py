"""Results turned into format-neutral reports (``report``: :class:`~.report.Report`), one
module per subject: ``decision`` (allocate, repay, what-ifs), ``analysis`` (``--explain`` and
``audit``), ``keysearch`` (``audit --find-key``), ``overview`` (show, list, ledger, deadlines,
recipient, population), ``programme``, ``split``, ``cache``; ``checks`` builds ``check``'s
report and ``ci`` its lines and located items for people and CI systems."""
