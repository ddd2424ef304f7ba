"""One async driver used under several event loops, one after another.

A common pattern (e.g. a module-level driver with a fresh event loop per
test): the driver is created once, then every ``asyncio.run`` uses it.
Pooled connections opened under an earlier, now closed, loop cannot be
used; the pool must drop them quietly and open new ones, instead of
failing the next query.
"""

from __future__ import annotations

import asyncio
import gc
import warnings

from neo4j import AsyncGraphDatabase
from tests.servers import ArcadeDBServer


def test_pooled_connections_of_a_closed_loop_are_replaced(
    arcadedb: ArcadeDBServer,
) -> None:
    driver = AsyncGraphDatabase.driver(arcadedb.uri, auth=arcadedb.auth)
    seen: list[object] = []

    async def use(n: int) -> None:
        result = await driver.execute_query(
            "RETURN $n AS n", n=n, database_="test"
        )
        seen.append(result.records[0]["n"])
        async with driver.session(database="test") as session:
            record = await (await session.run("RETURN $n AS n", n=n)).single()
            assert record is not None
            seen.append(record["n"])

    for n in range(3):
        asyncio.run(use(n))
    assert seen == [0, 0, 1, 1, 2, 2]

    async def close() -> None:
        await driver.close()

    with warnings.catch_warnings():
        # the transports of closed loops may warn when collected
        warnings.simplefilter("ignore", ResourceWarning)
        asyncio.run(close())
        gc.collect()


def test_connections_of_a_closed_loop_do_not_count_against_the_pool(
    arcadedb: ArcadeDBServer,
) -> None:
    driver = AsyncGraphDatabase.driver(
        arcadedb.uri,
        auth=arcadedb.auth,
        max_connection_pool_size=1,
        connection_acquisition_timeout=5.0,
    )

    async def use() -> int:
        records, _, _ = await driver.execute_query(
            "RETURN 1 AS n", database_="test"
        )
        return int(records[0]["n"])

    async def close() -> None:
        await driver.close()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        # with a single slot, a dead connection kept in the pool would
        # make the second loop wait for the acquisition timeout and fail
        assert [asyncio.run(use()) for _ in range(3)] == [1, 1, 1]
        asyncio.run(close())
        gc.collect()
