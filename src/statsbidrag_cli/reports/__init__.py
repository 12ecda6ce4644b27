"""Results turned into format-neutral reports (:class:`~.report.Report`), one per command."""
