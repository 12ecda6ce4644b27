"""The pure core: exact arithmetic on values, no files, no terminal, no YAML, Rich or Typer.

``engine`` apportions whole kronor; ``limits`` lifts to floors and holds at caps;
``geography`` sums populations over units; ``kinds`` holds one module per kind of part (the
formulas a decision can state) and ``parts`` the split every rounding kind shares;
``allocation`` applies them to a decision; ``checks``, ``audit``, ``programme``, ``repay``,
``split``, ``recipients`` and ``obligations`` compute what the commands report;
``traceability`` holds quotes and amounts against their sources; ``drafting`` reads facts
from a decision's text, ``months`` the Swedish month names; ``keysearch`` finds which key and
rule a published table was made with. Everything here takes values already read and returns
values; a test guards that it stays so.
"""
