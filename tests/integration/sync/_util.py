# This file is generated from tests/integration/async_/_util.py by bin/make-unasync; do not edit.
# make-unasync digest: c3202a4abc51a539b793e5a5f106ddf37344638047a03eb9912b0d5c3fa87a13
"""Helpers shared by the driver integration tests (see conftest.py)."""

from __future__ import annotations

import asyncio
import typing as t
from concurrent.futures import ThreadPoolExecutor

from neo4j import Driver
from neo4j._async_compat.util import Util


# The database of ArcadeDB servers; the tests that run on both servers
# take the ``db`` fixture instead.
DB = "test"
_T = t.TypeVar("_T")


def run_concurrently(
    functions: t.Sequence[t.Callable[[], _T]],
) -> list[_T]:
    """Run all *functions* at the same time; return their results.

    Async code gathers coroutines on the event loop; the sync twin runs
    each function in its own thread.
    """
    if Util.is_async_code:
        # wait for every function even when one fails (no task outlives
        # the test), then raise the first failure
        pending: list[t.Any] = [fn() for fn in functions]
        done: t.Any = asyncio.gather(*pending, return_exceptions=True)
        for item in done:
            if isinstance(item, BaseException):
                raise item
        return list(done)
    with ThreadPoolExecutor(max_workers=len(functions)) as pool:
        futures = [pool.submit(fn) for fn in functions]
        results: list[t.Any] = [future.result() for future in futures]
        return results


def count_nodes(driver: Driver, db: str, label: str) -> int:
    """Count the nodes with *label* in a fresh session on *db*."""
    with driver.session(database=db) as session:
        result = session.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        record = result.single(strict=True)
        value: int = record["c"]
        return value
