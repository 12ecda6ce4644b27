"""statsbidrag's version: the one place it is written (the build reads it from here too).

A leaf module, so the cache (which keys entries by version) and ``--version`` need not import
the package's top, which every layer sits below.
"""

__version__ = "0.1.0"
