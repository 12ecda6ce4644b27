"""The cache of earlier runs as a use case: what it holds, and emptying it (``cache info``,
``cache clear``). The cache itself is :mod:`statsbidrag_cli.files.cache`."""

from __future__ import annotations

from ..files.cache.upkeep import CacheInfo, clear, info

__all__ = ["CacheInfo", "clear_cache", "describe_cache"]


def describe_cache() -> CacheInfo:
    """The cache folder, whether it is used, its entries per kind and its bounds."""
    return info()


def clear_cache() -> tuple[int, int]:
    """Remove every entry: how many were removed, and their bytes."""
    return clear()
