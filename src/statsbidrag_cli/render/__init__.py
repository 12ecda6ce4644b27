"""Reports written out: table, CSV and JSON (:mod:`.formats`), iCalendar, charts."""
