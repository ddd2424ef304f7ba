"""The I/O shell of the Query API (HTTP) driver.

Importing this package imports httpx: only the ``http``/``https``
driver does, so ``import neo4j`` works without the ``http`` extra.
"""

from __future__ import annotations

from ._pool import AsyncQueryApiConnection, AsyncQueryApiPool


__all__ = ["AsyncQueryApiConnection", "AsyncQueryApiPool"]
