# This file is generated from src/neo4j/_async/io/__init__.py by bin/make-unasync; do not edit.
# make-unasync digest: 07b207d7d128c55e737a4211c371528e4c1afe5304f6f6f6bfe218ec5f212242
"""The I/O shell: connections and connection pools."""

from __future__ import annotations

from ._connection import (
    BoltConnection,
    ConnectionSettings,
    open_connection,
    resolve_address,
)
from ._pool import AcquireAuth, BoltPool, IOPool


__all__ = [
    "AcquireAuth",
    "BoltConnection",
    "BoltPool",
    "IOPool",
    "ConnectionSettings",
    "open_connection",
    "resolve_address",
]
