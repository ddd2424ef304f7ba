"""Losing the server: kill it mid-stream, then bring it back.

Each test runs its own ArcadeDB (``arcadedb_factory``) since it kills
it. A killed server drops every connection at once; on ``bolt://`` the
driver reports :class:`ServiceUnavailable`. After ``restart()`` (same
port, same data) the very same driver object must work again.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j import AsyncGraphDatabase, AsyncManagedTransaction
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from tests.integration.async_._util import DB
from tests.servers import ArcadeDBServer


Factory = t.Callable[..., ArcadeDBServer]
STREAM = "UNWIND range(1, 200000) AS x RETURN x"


async def test_kill_mid_stream_then_restart(
    arcadedb_factory: Factory,
) -> None:
    server = arcadedb_factory()
    async with AsyncGraphDatabase.driver(
        server.uri,
        auth=server.auth,
        connection_acquisition_timeout=30,
        max_transaction_retry_time=60,
        initial_retry_delay=0.1,
    ) as driver:
        async with driver.session(database=DB, fetch_size=5) as session:
            result = await session.run(STREAM)
            seen = []
            with pytest.raises((ServiceUnavailable, SessionExpired)):
                async for record in result:
                    seen.append(record["x"])
                    if len(seen) == 12:
                        server.kill()
            assert seen[:12] == list(range(1, 13))
            assert len(seen) < 200_000
            assert seen == list(range(1, len(seen) + 1))

        server.restart()

        # a managed transaction retries past stale pooled connections
        async def read(tx: AsyncManagedTransaction) -> list[int]:
            result = await tx.run("UNWIND range(1, 5) AS x RETURN x")
            return t.cast(list[int], await result.value())

        async with driver.session(database=DB) as session:
            assert await session.execute_read(read) == [1, 2, 3, 4, 5]
        records, _, _ = await driver.execute_query(
            "RETURN 'back' AS x", database_=DB
        )
        assert records[0]["x"] == "back"
        await driver.verify_connectivity()


async def test_kill_inside_explicit_transaction(
    arcadedb_factory: Factory,
) -> None:
    server = arcadedb_factory()
    label = "KillTx"
    async with AsyncGraphDatabase.driver(
        server.uri,
        auth=server.auth,
        max_transaction_retry_time=60,
        initial_retry_delay=0.1,
    ) as driver:
        await driver.execute_query(
            "UNWIND range(1, 3) AS i CREATE (:Kept {i: i})", database_=DB
        )
        async with driver.session(database=DB) as session:
            tx = await session.begin_transaction()
            await (await tx.run(f"CREATE (:{label})")).consume()
            server.kill()
            with pytest.raises((ServiceUnavailable, SessionExpired)):
                await tx.commit()
            await tx.close()

        server.restart()
        records, _, _ = await driver.execute_query(
            f"MATCH (n:{label}) RETURN count(n) AS c", database_=DB
        )
        # the uncommitted write did not survive, the committed ones did
        assert records[0]["c"] == 0
        records, _, _ = await driver.execute_query(
            "MATCH (n:Kept) RETURN n.i AS i ORDER BY i", database_=DB
        )
        assert [r["i"] for r in records] == [1, 2, 3]


async def test_server_down_gives_service_unavailable(
    arcadedb_factory: Factory,
) -> None:
    server = arcadedb_factory()
    async with AsyncGraphDatabase.driver(
        server.uri,
        auth=server.auth,
        connection_acquisition_timeout=10,
        connection_timeout=5,
        max_transaction_retry_time=1,
        initial_retry_delay=0.1,
    ) as driver:
        await driver.verify_connectivity()
        server.kill()
        with pytest.raises(ServiceUnavailable):
            await driver.verify_connectivity()
        with pytest.raises(ServiceUnavailable):
            await driver.execute_query("RETURN 1", database_=DB)
        server.restart()
        await driver.verify_connectivity()
        records, _, _ = await driver.execute_query(
            "RETURN 2 AS x", database_=DB
        )
        assert records[0]["x"] == 2


async def test_idle_connections_closed_by_a_restart_are_replaced(
    arcadedb_factory: Factory,
) -> None:
    # the server closes every pooled connection when it restarts: the
    # pool must notice before handing them out, so that the first query
    # after the restart works (no retry budget, no auto-commit retry)
    server = arcadedb_factory()
    async with AsyncGraphDatabase.driver(
        server.uri, auth=server.auth, max_transaction_retry_time=0
    ) as driver:
        sessions = [driver.session(database=DB) for _ in range(4)]
        for session in sessions:  # four connections in use at once
            await (await session.run("RETURN 1 AS x")).peek()
        for session in sessions:
            await session.close()
        server.restart()
        async with driver.session(database=DB) as session:
            result = await session.run("RETURN 2 AS x")
            assert (await result.single(strict=True))["x"] == 2
        for _ in range(4):
            records, _, _ = await driver.execute_query(
                "RETURN 3 AS x", database_=DB
            )
            assert records[0]["x"] == 3
