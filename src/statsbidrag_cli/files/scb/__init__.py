"""SCB, Statistics Sweden: its PxWebApi 2.0 (:mod:`.api`, with :mod:`.selection` for what to
ask a table for and :mod:`.address` for where), and the exports of its statistical database
(:mod:`.pxweb`: CSV and JSON-stat 2). The only package that talks to a network."""
