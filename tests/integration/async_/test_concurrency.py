"""Many sessions sharing one driver and its pool (ArcadeDB and Neo4j)."""

from __future__ import annotations

import asyncio
import typing as t

import pytest

from neo4j import AsyncGraphDatabase, AsyncManagedTransaction
from neo4j._async_compat.util import AsyncUtil
from neo4j.exceptions import ConnectionAcquisitionTimeoutError
from tests.integration.async_._util import (
    count_nodes,
    run_concurrently,
)


SESSIONS = 100


@pytest.mark.parametrize("pool_size", [100, 10, 1])
async def test_100_concurrent_sessions(
    bolt_uri: str, auth: tuple[str, str], pool_size: int, db: str
) -> None:
    async with AsyncGraphDatabase.driver(
        bolt_uri,
        auth=auth,
        max_connection_pool_size=pool_size,
        connection_acquisition_timeout=120,
    ) as driver:

        def make(i: int):  # type: ignore[no-untyped-def]
            async def one() -> tuple[int, list[int]]:
                async with driver.session(
                    database=db, fetch_size=3
                ) as session:
                    result = await session.run(
                        "UNWIND range($i, $i + 9) AS x RETURN x * 2 AS y",
                        i=i,
                    )
                    values = [record["y"] async for record in result]
                    return i, values

            return one

        results = await run_concurrently([make(i) for i in range(SESSIONS)])
    assert len(results) == SESSIONS
    for i, (got_i, values) in enumerate(results):
        assert got_i == i
        assert values == [2 * x for x in range(i, i + 10)]


async def test_concurrent_transactions_with_small_pool(
    bolt_uri: str, auth: tuple[str, str], label: str, db: str
) -> None:
    async with AsyncGraphDatabase.driver(
        bolt_uri,
        auth=auth,
        max_connection_pool_size=4,
        connection_acquisition_timeout=120,
    ) as driver:

        def make(i: int):  # type: ignore[no-untyped-def]
            async def work(tx: AsyncManagedTransaction) -> int:
                await (
                    await tx.run(f"CREATE (:{label} {{i: $i}})", i=i)
                ).consume()
                result = await tx.run("RETURN $i AS i", i=i)
                return int((await result.single(strict=True))["i"])

            async def one() -> int:
                async with driver.session(database=db) as session:
                    return await session.execute_write(work)

            return one

        results = await run_concurrently([make(i) for i in range(40)])
        assert results == list(range(40))
        assert await count_nodes(driver, db, label) == 40


async def test_pool_size_is_a_hard_limit(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    # With a pool of 2 and two sessions holding their connections (open
    # explicit transactions), a third session cannot get a connection.
    async with AsyncGraphDatabase.driver(
        bolt_uri,
        auth=auth,
        max_connection_pool_size=2,
        connection_acquisition_timeout=1.0,
    ) as driver:
        s1 = driver.session(database=db)
        s2 = driver.session(database=db)
        tx1 = await s1.begin_transaction()
        tx2 = await s2.begin_transaction()
        try:
            async with driver.session(database=db) as s3:
                with pytest.raises(ConnectionAcquisitionTimeoutError):
                    await s3.run("RETURN 1")
        finally:
            await tx1.rollback()
            await tx2.rollback()
            await s1.close()
            await s2.close()
        # released connections are reused
        async with driver.session(database=db) as s4:
            result = await s4.run("RETURN 1 AS x")
            assert (await result.single(strict=True))["x"] == 1


async def test_sessions_reuse_pooled_connections(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    async with AsyncGraphDatabase.driver(
        bolt_uri, auth=auth, max_connection_pool_size=1
    ) as driver:
        for i in range(50):
            async with driver.session(database=db) as session:
                result = await session.run("RETURN $i AS i", i=i)
                assert (await result.single(strict=True))["i"] == i


STREAM = "UNWIND range(1, 100000) AS x RETURN x"


async def test_abandoned_or_cancelled_stream_keeps_pool_healthy(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    # One connection only: if a half-read connection went back to the
    # pool, every later query would read garbage or hang.
    async with AsyncGraphDatabase.driver(
        bolt_uri, auth=auth, max_connection_pool_size=1
    ) as driver:
        # leave a big stream half-read: closing the session cleans up
        async with driver.session(database=db, fetch_size=10) as session:
            result = await session.run(STREAM)
            got = [record["x"] for record in await result.fetch(25)]
            assert got == list(range(1, 26))

        if AsyncUtil.is_async_code:
            # cancel the task while the driver waits for the next batch
            async def stream() -> int:
                async with driver.session(
                    database=db, fetch_size=10
                ) as session:
                    result = await session.run(STREAM)
                    seen = 0
                    async for _ in result:
                        seen += 1
                        if seen == 25:
                            # delivered at the driver's next socket read
                            task = asyncio.current_task()
                            assert task is not None
                            task.cancel()
                    return seen

            work: t.Any = stream()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.ensure_future(work)

        for i in range(3):
            async with driver.session(database=db) as session:
                result = await session.run("RETURN $i AS i", i=i)
                assert (await result.single(strict=True))["i"] == i
