"""Where SCB's PxWebApi 2.0 answers.

A leaf module (no reader, no models), so the command line can offer the address as the
default of ``population fetch --base-url`` without loading the reader of :mod:`.scb` (and the
geography and decision models it stands on) for every ``--help``.
"""

from __future__ import annotations

DEFAULT_BASE_URL = "https://statistikdatabasen.scb.se/api/v2"
"""SCB's PxWebApi 2.0, as the bodies recorded from its live service in 2025 and 2026 link it
(the beta host ``api.scb.se/OV0104/v2beta`` is the older address)."""
