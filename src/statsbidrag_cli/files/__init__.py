"""Everything that talks to the world outside the process, one package per counterpart:

* :mod:`.local`: files on this machine, read strictly and written all or nothing;
* :mod:`.scb`: Statistics Sweden's API and the exports of its database;
* :mod:`.cache`: the cache of earlier runs, which answers only what a fresh run would write;
* :mod:`.git`: what a revision range changed.

Nothing here renders, parses a command line or decides a grant: that is the other layers'.
"""
