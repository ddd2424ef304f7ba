"""The I/O shell: connections and connection pools."""

from __future__ import annotations

import typing as t

from .._seams import AcquireAuth
from ._connection import (
    AsyncBoltConnection,
    ConnectionSettings,
    open_connection,
    resolve_address,
)
from ._pool import AsyncBoltPool, AsyncIOPool


__all__ = [
    "AcquireAuth",
    "AsyncBoltConnection",
    "AsyncBoltPool",
    "AsyncIOPool",
    "ConnectionSettings",
    "open_connection",
    "resolve_address",
]


if t.TYPE_CHECKING:
    from .._seams import (
        AsyncConnectionOwner,
        AsyncWorkConnection,
        AsyncWorkPool,
    )
    from ._routing import AsyncNeo4jPool

    def _pools_fit_the_seams(
        direct: AsyncBoltPool,
        routed: AsyncNeo4jPool,
        conn: AsyncBoltConnection,
    ) -> None:
        """Never called: mypy checks the assignments structurally."""
        lenders: list[AsyncWorkPool[AsyncBoltConnection]] = [direct, routed]
        owners: list[AsyncConnectionOwner[AsyncBoltConnection]] = [
            direct,
            routed,
        ]
        borrowed: AsyncWorkConnection = conn
        del lenders, owners, borrowed
