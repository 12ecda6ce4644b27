"""Files on this machine: every input statsbidrag reads and every output it writes.

The strict YAML reader and its errors at file:line:column (:mod:`.yamlfile`,
:mod:`.validation`), bounded text, JSON and workbook readers (:mod:`.text`, :mod:`.jsontext`,
:mod:`.workbook`, :mod:`.sheet` for spreadsheet rows), the decision store and the data folders
(:mod:`.store`), the :mod:`.population`, :mod:`.programme`, :mod:`.usage`, :mod:`.sources` and
:mod:`.published_table` readers, :mod:`.skeleton` for ``new``, and writes that are all or
nothing (:mod:`.output`).
"""
