# This file is generated from src/neo4j/_async/http/__init__.py by bin/make-unasync; do not edit.
# make-unasync digest: ae1ea08df71522c5dfd150c72a60fb27873f39d46d3270a4bfe1246b63287828
"""The I/O shell of the Query API (HTTP) driver.

Importing this package imports httpx: only the ``http``/``https``
driver does, so ``import neo4j`` works without the ``http`` extra.
"""

from __future__ import annotations

from ._pool import QueryApiConnection, QueryApiPool


__all__ = ["QueryApiConnection", "QueryApiPool"]
