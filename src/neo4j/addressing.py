"""Public address types: :class:`Address` and its IPv4/IPv6 variants."""

from __future__ import annotations

from ._addressing import (
    Address,
    IPv4Address,
    IPv6Address,
)


__all__ = [
    "Address",
    "IPv4Address",
    "IPv6Address",
]
