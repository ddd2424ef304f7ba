"""The I/O shell: connections and connection pools."""

from __future__ import annotations

from ._connection import (
    AsyncBoltConnection,
    ConnectionSettings,
    open_connection,
    resolve_address,
)
from ._pool import AcquireAuth, AsyncBoltPool, AsyncIOPool


__all__ = [
    "AcquireAuth",
    "AsyncBoltConnection",
    "AsyncBoltPool",
    "AsyncIOPool",
    "ConnectionSettings",
    "open_connection",
    "resolve_address",
]
