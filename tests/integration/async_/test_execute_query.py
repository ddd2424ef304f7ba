"""``driver.execute_query`` and bookmarks against a real server.

Runs on ArcadeDB and Neo4j.  ArcadeDB returns a bookmark for every
committed explicit (or managed) transaction; it does not check incoming
bookmarks, so chaining is verified by what the driver sends being
accepted and by the data being visible.  Neo4j checks them (see
``test_neo4j_features.py``).
"""

from __future__ import annotations

import typing as t

import pytest

import neo4j
from neo4j import (
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncResult,
    Bookmarks,
    EagerResult,
    RoutingControl,
)
from neo4j.api import AsyncBookmarkManager
from tests.integration.async_._util import count_nodes


if t.TYPE_CHECKING:
    from tests.integration.conftest import Target


# -- execute_query ---------------------------------------------------------


async def test_default_returns_eager_result(
    driver: AsyncDriver, db: str
) -> None:
    eager = await driver.execute_query(
        "UNWIND range(1, 3) AS x RETURN x", database_=db
    )
    assert isinstance(eager, EagerResult)
    records, summary, keys = eager
    assert keys == ["x"]
    assert [r["x"] for r in records] == [1, 2, 3]
    assert summary.query == "UNWIND range(1, 3) AS x RETURN x"


@pytest.mark.parametrize(
    "routing",
    ["r", "w", RoutingControl.READ, RoutingControl.WRITE],
    ids=["r", "w", "READ", "WRITE"],
)
async def test_routing(driver: AsyncDriver, routing: t.Any, db: str) -> None:
    records, _, _ = await driver.execute_query(
        "RETURN $x AS x", {"x": 5}, routing_=routing, database_=db
    )
    assert records[0]["x"] == 5


async def test_write_then_read(
    driver: AsyncDriver, label: str, db: str
) -> None:
    _, summary, _ = await driver.execute_query(
        f"CREATE (:{label} {{v: $v}})", v=3, routing_="w", database_=db
    )
    assert summary.counters.nodes_created == 1
    records, _, _ = await driver.execute_query(
        f"MATCH (n:{label}) RETURN n.v AS v", routing_="r", database_=db
    )
    assert [r["v"] for r in records] == [3]


# Neo4j Community has a single user database.
@pytest.mark.servers("arcadedb")
async def test_database_selection(
    driver: AsyncDriver, label: str, db: str
) -> None:
    await driver.execute_query(f"CREATE (:{label})", database_="other")
    assert await count_nodes(driver, db, label) == 0
    records, _, _ = await driver.execute_query(
        f"MATCH (n:{label}) RETURN count(n) AS c", database_="other"
    )
    assert records[0]["c"] == 1


async def test_parameters_and_kwargs_merge(
    driver: AsyncDriver, db: str
) -> None:
    records, summary, _ = await driver.execute_query(
        "RETURN $a AS a, $b AS b, $c AS c",
        {"a": 1, "b": 2},
        database_=db,
        b=20,
        c=30,
    )
    assert records[0].data() == {"a": 1, "b": 20, "c": 30}
    assert summary.parameters == {"a": 1, "b": 20, "c": 30}

    records, _, _ = await driver.execute_query(
        "RETURN $a AS a", parameters_={"a": "x"}, database_=db
    )
    assert records[0]["a"] == "x"


async def test_query_object(driver: AsyncDriver, db: str) -> None:
    query = neo4j.Query("RETURN $v AS v", timeout=10.0)
    records, _, _ = await driver.execute_query(query, v=9, database_=db)
    assert records[0]["v"] == 9


async def test_async_result_transformer(driver: AsyncDriver, db: str) -> None:
    async def transformer(result: AsyncResult) -> list[int]:
        return [record["x"] async for record in result]

    got = await driver.execute_query(
        "UNWIND range(1, 4) AS x RETURN x",
        database_=db,
        result_transformer_=transformer,
    )
    assert got == [1, 2, 3, 4]


async def test_builtin_result_transformers(
    driver: AsyncDriver, db: str
) -> None:
    single = await driver.execute_query(
        "RETURN 1 AS x",
        database_=db,
        result_transformer_=AsyncResult.single,
    )
    assert single is not None
    assert single["x"] == 1
    data = await driver.execute_query(
        "UNWIND [1, 2] AS x RETURN x",
        database_=db,
        result_transformer_=AsyncResult.data,
    )
    assert data == [{"x": 1}, {"x": 2}]
    summary = await driver.execute_query(
        "RETURN 1 AS x",
        database_=db,
        result_transformer_=AsyncResult.consume,
    )
    assert summary.query == "RETURN 1 AS x"


async def test_lambda_result_transformer(driver: AsyncDriver, db: str) -> None:
    got = await driver.execute_query(
        "UNWIND range(1, 5) AS x RETURN x",
        database_=db,
        result_transformer_=lambda result: result.value("x"),
    )
    assert got == [1, 2, 3, 4, 5]


async def test_execute_query_chains_causally(
    driver: AsyncDriver, label: str, db: str
) -> None:
    manager = driver.execute_query_bookmark_manager
    before = set(await manager.get_bookmarks())
    await driver.execute_query(f"CREATE (:{label})", database_=db)
    after = set(await manager.get_bookmarks())
    assert after
    assert after != before
    records, _, _ = await driver.execute_query(
        f"MATCH (n:{label}) RETURN count(n) AS c", database_=db
    )
    assert records[0]["c"] == 1


async def test_execute_query_without_bookmark_manager(
    driver: AsyncDriver, label: str, db: str
) -> None:
    manager = driver.execute_query_bookmark_manager
    before = set(await manager.get_bookmarks())
    await driver.execute_query(
        f"CREATE (:{label})", database_=db, bookmark_manager_=None
    )
    assert set(await manager.get_bookmarks()) == before
    assert await count_nodes(driver, db, label) == 1


async def test_reserved_kwargs_are_refused(
    driver: AsyncDriver, db: str
) -> None:
    with pytest.raises(ValueError):
        await driver.execute_query("RETURN 1", database_=db, bad_=1)


# -- bookmarks -------------------------------------------------------------


async def test_last_bookmarks_after_explicit_commit(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        assert isinstance(await session.last_bookmarks(), Bookmarks)
        assert not await session.last_bookmarks()
        tx = await session.begin_transaction()
        await (await tx.run(f"CREATE (:{label})")).consume()
        await tx.commit()
        first = await session.last_bookmarks()
        assert first
        assert len(first.raw_values) == 1
        assert all(isinstance(v, str) and v for v in first.raw_values)

        async def work(tx: neo4j.AsyncManagedTransaction) -> None:
            await (await tx.run(f"CREATE (:{label})")).consume()

        await session.execute_write(work)
        second = await session.last_bookmarks()
        # (not compared with the first: ArcadeDB's bookmarks are commit
        # timestamps in milliseconds, two fast commits may share one)
        assert second
        assert len(second.raw_values) == 1


async def test_rollback_keeps_previous_bookmarks(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        tx = await session.begin_transaction()
        await (await tx.run(f"CREATE (:{label})")).consume()
        await tx.commit()
        committed = await session.last_bookmarks()
        tx = await session.begin_transaction()
        await (await tx.run(f"CREATE (:{label})")).consume()
        await tx.rollback()
        assert (await session.last_bookmarks()).raw_values == (
            committed.raw_values
        )


async def test_cross_session_chaining_with_bookmarks(
    driver: AsyncDriver, label: str, db: str, server: Target
) -> None:
    collected = Bookmarks()
    each: list[frozenset[str]] = []
    for i in range(2):
        async with driver.session(database=db) as session:
            async with await session.begin_transaction() as tx:
                await (
                    await tx.run(f"CREATE (:{label} {{i: $i}})", i=i)
                ).consume()
            last = await session.last_bookmarks()
            each.append(last.raw_values)
            collected += last
    # ArcadeDB's bookmarks are commit timestamps: two commits in the same
    # millisecond share one, so assert the union rather than a count
    assert all(each)
    assert collected.raw_values == each[0] | each[1]
    async with driver.session(database=db, bookmarks=collected) as session:
        result = await session.run(f"MATCH (n:{label}) RETURN n.i AS i")
        assert sorted(await result.value()) == [0, 1]
        after_read = (await session.last_bookmarks()).raw_values
    if server.is_neo4j:
        # Neo4j answers even a read with a bookmark: the newest one
        assert after_read == each[1]
    else:
        # bookmarks given to the session are its last bookmarks until it
        # commits something itself
        assert after_read == collected.raw_values


async def test_bookmarks_from_raw_values(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        async with await session.begin_transaction() as tx:
            await (await tx.run(f"CREATE (:{label})")).consume()
        raw = (await session.last_bookmarks()).raw_values
    bookmarks = Bookmarks.from_raw_values(raw)
    async with driver.session(database=db, bookmarks=bookmarks) as session:
        result = await session.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        assert (await result.single(strict=True))["c"] == 1


async def test_bookmark_manager_chains_sessions(
    driver: AsyncDriver, label: str, db: str
) -> None:
    consumed: list[frozenset[str]] = []

    async def consumer(bookmarks: Bookmarks) -> None:
        consumed.append(bookmarks.raw_values)

    manager = AsyncGraphDatabase.bookmark_manager(bookmarks_consumer=consumer)
    assert isinstance(manager, AsyncBookmarkManager)
    async with driver.session(
        database=db, bookmark_manager=manager
    ) as session:
        async with await session.begin_transaction() as tx:
            await (await tx.run(f"CREATE (:{label})")).consume()
        first = await session.last_bookmarks()
    assert set(await manager.get_bookmarks()) == set(first.raw_values)
    assert consumed[-1] == first.raw_values

    async with driver.session(
        database=db, bookmark_manager=manager
    ) as session:

        async def work(tx: neo4j.AsyncManagedTransaction) -> int:
            await (await tx.run(f"CREATE (:{label})")).consume()
            result = await tx.run(f"MATCH (n:{label}) RETURN count(n) AS c")
            return t.cast(int, (await result.single(strict=True))["c"])

        assert await session.execute_write(work) == 2
        second = await session.last_bookmarks()
    # the manager replaced the bookmarks it handed out with the new one
    assert set(await manager.get_bookmarks()) == set(second.raw_values)
    assert len(consumed) == 2


async def test_bookmark_manager_with_initial_bookmarks_and_supplier(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        async with await session.begin_transaction() as tx:
            await (await tx.run(f"CREATE (:{label})")).consume()
        initial = await session.last_bookmarks()

    # a bookmark the server knows (Neo4j refuses unparsable ones)
    supplied = Bookmarks.from_raw_values(initial.raw_values)
    manager = AsyncGraphDatabase.bookmark_manager(
        initial_bookmarks=initial, bookmarks_supplier=lambda: supplied
    )
    assert set(await manager.get_bookmarks()) == set(initial.raw_values)
    async with driver.session(
        database=db, bookmark_manager=manager
    ) as session:
        result = await session.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        assert (await result.single(strict=True))["c"] == 1


async def test_sync_bookmark_manager_in_async_session(
    driver: AsyncDriver, label: str, db: str
) -> None:
    manager = neo4j.GraphDatabase.bookmark_manager()
    async with driver.session(
        database=db, bookmark_manager=manager
    ) as session:
        async with await session.begin_transaction() as tx:
            await (await tx.run(f"CREATE (:{label})")).consume()
        last = await session.last_bookmarks()
    assert set(manager.get_bookmarks()) == set(last.raw_values)


async def test_execute_query_with_custom_bookmark_manager(
    driver: AsyncDriver, label: str, db: str
) -> None:
    manager = AsyncGraphDatabase.bookmark_manager()
    await driver.execute_query(
        f"CREATE (:{label})", database_=db, bookmark_manager_=manager
    )
    assert len(set(await manager.get_bookmarks())) == 1


# -- neo4j:// (ROUTE lists only the server itself) ----------------------


async def test_routing_driver(server: Target, label: str, db: str) -> None:
    async with AsyncGraphDatabase.driver(
        server.routing_uri, auth=server.auth
    ) as driver:
        assert isinstance(driver, neo4j.AsyncNeo4jDriver)
        _, summary, _ = await driver.execute_query(
            f"CREATE (:{label})", routing_="w", database_=db
        )
        assert summary.counters.nodes_created == 1
        records, _, _ = await driver.execute_query(
            f"MATCH (n:{label}) RETURN count(n) AS c",
            routing_="r",
            database_=db,
        )
        assert records[0]["c"] == 1
        async with driver.session(
            database=db, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            result = await session.run("RETURN 1 AS x")
            assert (await result.single(strict=True))["x"] == 1
        await driver.verify_connectivity()
