"""Internals of :mod:`neo4j.vector` (element codecs, byte order)."""

from __future__ import annotations

from ._elements import (
    SPECS,
    ElementSpec,
    pack_native,
    swap_bytes,
    unpack_native,
)


__all__ = [
    "SPECS",
    "ElementSpec",
    "pack_native",
    "swap_bytes",
    "unpack_native",
]
