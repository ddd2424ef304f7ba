"""Bolt 6.0 and 6.1."""

from __future__ import annotations

import typing as t

from .bolt5 import Bolt5x8


if t.TYPE_CHECKING:
    from ..._codec.hydration import HydrationHandlerBase


__all__ = ["Bolt6x0", "Bolt6x1"]


class Bolt6x0(Bolt5x8):
    """Bolt 6.0: same messages as 5.8; adds the Vector and
    UnsupportedType structures (hydration v3)."""

    PROTOCOL_VERSION = (6, 0)

    def _make_hydration_handler(self) -> HydrationHandlerBase:
        from ..._codec.hydration import HydrationHandlerV3

        return HydrationHandlerV3()


class Bolt6x1(Bolt6x0):
    """Bolt 6.1: same messages as 6.0; PackStream 2 adds the UUID type
    (marker ``E0``), sent from :class:`uuid.UUID` parameters (hydration
    v4) and received as :class:`uuid.UUID`."""

    PROTOCOL_VERSION = (6, 1)

    def _make_hydration_handler(self) -> HydrationHandlerBase:
        from ..._codec.hydration import HydrationHandlerV4

        return HydrationHandlerV4()
