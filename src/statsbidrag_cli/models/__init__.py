"""Pydantic shapes of the files: ``decision`` (decisions and their parts), ``population``
(dataset descriptions), ``programme``, ``sources`` (the sources index); ``numbers`` (the
bound on amounts), ``text`` (the one rule for control characters in text) and ``schema``
(the JSON Schema and the README's field reference)."""
