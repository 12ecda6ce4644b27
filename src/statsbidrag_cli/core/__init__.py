"""The pure core: exact arithmetic on values, no files, no terminal, no YAML, Rich or Typer.

``engine`` apportions whole kronor; ``geography`` sums populations over units; ``allocation``
applies the engine to a decision; ``checks``, ``audit``, ``programme``, ``repay``, ``split``
and ``obligations`` compute what the commands report. Everything here takes values already
read and returns values; a test guards that it stays so.
"""
