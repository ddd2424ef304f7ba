"""``driver.metrics()`` against a real ArcadeDB server (async twin).

``tests/integration/sync/test_metrics_arcadedb.py`` is generated from
this file.
"""

from __future__ import annotations

import typing as t

from neo4j import AsyncGraphDatabase
from tests.integration.async_._util import DB


if t.TYPE_CHECKING:
    from tests.servers import ArcadeDBServer


async def test_one_query_counts_and_returns_its_connection(
    arcadedb: ArcadeDBServer,
) -> None:
    async with AsyncGraphDatabase.driver(
        arcadedb.uri, auth=arcadedb.auth, metrics_enabled=True
    ) as driver:
        records, summary, _ = await driver.execute_query(
            "RETURN 1 AS n", database_=DB
        )
        assert [r["n"] for r in records] == [1]
        metrics = driver.metrics()
    pool = metrics.pool(summary.server.address)
    assert metrics.queries == 1
    assert metrics.transactions_committed == 1
    assert (metrics.transactions_rolled_back, metrics.retries) == (0, 0)
    assert (pool.in_use, pool.idle, pool.creating, pool.acquiring) == (
        0,
        1,
        0,
        0,
    )
    assert (pool.created, pool.acquired, pool.closed) == (1, 1, 0)
    assert pool.in_use_count == 1
    assert pool.connection_time_total > 0
    assert pool.acquisition_time_total > 0
    assert pool.in_use_time_total > 0
    assert list(metrics.pools) == [pool.address]


async def test_session_query_then_close(arcadedb: ArcadeDBServer) -> None:
    driver = AsyncGraphDatabase.driver(
        arcadedb.uri, auth=arcadedb.auth, metrics_enabled=True
    )
    async with driver.session(database=DB) as session:
        result = await session.run("RETURN 1 AS n")
        busy = driver.metrics()
        assert [r["n"] async for r in result] == [1]
    idle = driver.metrics()
    await driver.close()
    closed = driver.metrics()
    ((address, busy_pool),) = busy.pools.items()
    assert (busy_pool.in_use, busy_pool.idle) == (1, 0)
    assert (idle.pool(address).in_use, idle.pool(address).idle) == (0, 1)
    final = closed.pool(address)
    assert (final.in_use, final.idle, final.created, final.closed) == (
        0,
        0,
        1,
        1,
    )
    assert closed.queries == 1
