# This file is generated from src/neo4j/_async/io/__init__.py by bin/make-unasync; do not edit.
# make-unasync digest: c10e63bab15e5316543cbbc58906a5e89f6fda9f91a751a6132fe67e737616a5
"""The I/O shell: connections and connection pools."""

from __future__ import annotations

import typing as t

from .._seams import AcquireAuth
from ._connection import (
    BoltConnection,
    ConnectionSettings,
    open_connection,
    resolve_address,
)
from ._pool import BoltPool, IOPool


__all__ = [
    "AcquireAuth",
    "BoltConnection",
    "BoltPool",
    "IOPool",
    "ConnectionSettings",
    "open_connection",
    "resolve_address",
]


if t.TYPE_CHECKING:
    from .._seams import (
        ConnectionOwner,
        WorkConnection,
        WorkPool,
    )
    from ._routing import Neo4jPool

    def _pools_fit_the_seams(
        direct: BoltPool,
        routed: Neo4jPool,
        conn: BoltConnection,
    ) -> None:
        """Never called: mypy checks the assignments structurally."""
        lenders: list[WorkPool[BoltConnection]] = [direct, routed]
        owners: list[ConnectionOwner[BoltConnection]] = [
            direct,
            routed,
        ]
        borrowed: WorkConnection = conn
        del lenders, owners, borrowed
