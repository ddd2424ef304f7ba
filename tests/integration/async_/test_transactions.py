"""Transactions against a real server: commit, rollback, retries.

ArcadeDB transactions are real: a rollback undoes the writes, and two
transactions writing the same record make the second COMMIT fail with
``Neo.TransientError.Transaction.DeadlockDetected``, which managed
transactions (``execute_write``) must retry.  Neo4j locks on write
instead, so those two conflict tests run on ArcadeDB only; the rest run
on both servers.
"""

from __future__ import annotations

import typing as t

import pytest

import neo4j
from neo4j import AsyncDriver, AsyncManagedTransaction
from neo4j.exceptions import (
    ResultConsumedError,
    TransactionError,
    TransientError,
)
from tests.integration.async_._util import count_nodes, run_concurrently


class Boom(Exception):
    pass


async def test_explicit_commit_persists(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        tx = await session.begin_transaction()
        result = await tx.run(f"CREATE (:{label} {{i: 1}}), (:{label})")
        summary = await result.consume()
        assert summary.counters.nodes_created == 2
        # read your own writes inside the transaction
        inner = await tx.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        assert (await inner.single(strict=True))["c"] == 2
        await tx.commit()
        assert tx.closed()
    assert await count_nodes(driver, db, label) == 2


async def test_explicit_rollback_undoes_writes(
    driver: AsyncDriver, label: str, db: str
) -> None:
    await _create(driver, db, label, 3)
    async with driver.session(database=db) as session:
        tx = await session.begin_transaction()
        await (await tx.run(f"CREATE (:{label}), (:{label})")).consume()
        await (
            await tx.run(f"MATCH (n:{label}) SET n.touched = true")
        ).consume()
        inner = await tx.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        assert (await inner.single(strict=True))["c"] == 5
        # uncommitted writes are invisible to other sessions
        assert await count_nodes(driver, db, label) == 3
        await tx.rollback()
        assert tx.closed()
        # the session can run more work after the rollback
        result = await session.run(
            f"MATCH (n:{label}) WHERE n.touched IS NULL RETURN count(n) AS c"
        )
        assert (await result.single(strict=True))["c"] == 3
    assert await count_nodes(driver, db, label) == 3


async def test_tx_context_manager_commits_on_success(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        async with await session.begin_transaction() as tx:
            await (await tx.run(f"CREATE (:{label})")).consume()
            await tx.commit()
        assert tx.closed()
    assert await count_nodes(driver, db, label) == 1


async def test_tx_context_manager_commits_on_clean_exit(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        async with await session.begin_transaction() as tx:
            await (await tx.run(f"CREATE (:{label})")).consume()
        assert tx.closed()
    assert await count_nodes(driver, db, label) == 1


async def test_tx_context_manager_after_explicit_rollback(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        async with await session.begin_transaction() as tx:
            await (await tx.run(f"CREATE (:{label})")).consume()
            await tx.rollback()
        assert tx.closed()
    assert await count_nodes(driver, db, label) == 0


async def test_tx_context_manager_rolls_back_on_exception(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        with pytest.raises(Boom):
            async with await session.begin_transaction() as tx:
                await (await tx.run(f"CREATE (:{label})")).consume()
                raise Boom
        assert tx.closed()
        # the session is usable again
        result = await session.run("RETURN 1 AS x")
        assert (await result.single(strict=True))["x"] == 1
    assert await count_nodes(driver, db, label) == 0


async def test_closed_tx_refuses_work(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        tx = await session.begin_transaction()
        await tx.commit()
        with pytest.raises(TransactionError):
            await tx.run("RETURN 1")
        with pytest.raises(TransactionError):
            await tx.commit()


async def test_second_begin_is_refused(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        tx = await session.begin_transaction()
        with pytest.raises(TransactionError):
            await session.begin_transaction()
        with pytest.raises(TransactionError):
            await session.run("RETURN 1")
        await tx.rollback()
        result = await session.run("RETURN 2 AS x")
        assert (await result.single(strict=True))["x"] == 2


async def test_result_of_committed_tx_is_out_of_scope(
    driver: AsyncDriver,
    db: str,
) -> None:
    async with driver.session(database=db) as session:
        tx = await session.begin_transaction()
        result = await tx.run("UNWIND range(1, 5) AS x RETURN x")
        await tx.commit()
        with pytest.raises(ResultConsumedError):
            await result.fetch(1)


async def test_several_open_results_in_one_tx(
    driver: AsyncDriver, db: str
) -> None:
    async with driver.session(database=db, fetch_size=2) as session:
        tx = await session.begin_transaction()
        r1 = await tx.run("UNWIND range(1, 7) AS x RETURN x")
        r2 = await tx.run("UNWIND range(10, 16) AS y RETURN y")
        r3 = await tx.run("UNWIND range(20, 26) AS z RETURN z")
        first = await r1.fetch(3)
        assert [rec["x"] for rec in first] == [1, 2, 3]
        assert [rec["z"] async for rec in r3] == list(range(20, 27))
        assert [rec["y"] for rec in await r2.fetch(2)] == [10, 11]
        assert [rec["x"] async for rec in r1] == [4, 5, 6, 7]
        assert await r2.value() == [12, 13, 14, 15, 16]
        await tx.commit()


async def test_auto_commit_run_while_previous_result_unconsumed(
    driver: AsyncDriver,
    db: str,
) -> None:
    async with driver.session(database=db, fetch_size=3) as session:
        r1 = await session.run("UNWIND range(1, 10) AS x RETURN x")
        peeked = await r1.peek()
        assert peeked is not None
        assert peeked["x"] == 1
        # the next run needs the connection: r1 is buffered first
        r2 = await session.run("UNWIND range(100, 104) AS y RETURN y")
        assert await r2.value() == [100, 101, 102, 103, 104]
        assert [rec["x"] async for rec in r1] == list(range(1, 11))


async def test_begin_while_auto_commit_result_unconsumed(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db, fetch_size=2) as session:
        r1 = await session.run("UNWIND range(1, 6) AS x RETURN x")
        assert [rec["x"] for rec in await r1.fetch(1)] == [1]
        # beginning a transaction consumes the open auto-commit result
        async with await session.begin_transaction() as tx:
            await (await tx.run(f"CREATE (:{label})")).consume()
            await tx.commit()
        with pytest.raises(ResultConsumedError):
            await r1.value()
    assert await count_nodes(driver, db, label) == 1


async def test_execute_write_commits_and_returns(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async def work(tx: AsyncManagedTransaction, n: int) -> list[int]:
        result = await tx.run(
            f"UNWIND range(1, $n) AS i CREATE (x:{label} {{i: i}}) "
            "RETURN x.i AS i",
            n=n,
        )
        return await result.value("i")

    async with driver.session(database=db) as session:
        got = await session.execute_write(work, 4)
    assert got == [1, 2, 3, 4]
    assert await count_nodes(driver, db, label) == 4


async def test_execute_read(driver: AsyncDriver, db: str, label: str) -> None:
    await _create(driver, db, label, 2)

    async def work(tx: AsyncManagedTransaction) -> int:
        result = await tx.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        record = await result.single(strict=True)
        return t.cast(int, record["c"])

    async with driver.session(database=db) as session:
        assert await session.execute_read(work) == 2


async def test_execute_write_rolls_back_on_user_error(
    driver: AsyncDriver, label: str, db: str
) -> None:
    calls = 0

    async def work(tx: AsyncManagedTransaction) -> None:
        nonlocal calls
        calls += 1
        await (await tx.run(f"CREATE (:{label})")).consume()
        raise Boom

    async with driver.session(database=db) as session:
        with pytest.raises(Boom):
            await session.execute_write(work)
    assert calls == 1  # not retried
    assert await count_nodes(driver, db, label) == 0


# ArcadeDB commits optimistically (the conflict shows at COMMIT); Neo4j
# locks on write, so the nested write below would wait for ever.
@pytest.mark.servers("arcadedb")
async def test_execute_write_retries_a_real_deadlock(
    driver: AsyncDriver, label: str, db: str
) -> None:
    # Attempt 1 writes the counter, then another session commits a write
    # to the same record first: attempt 1's COMMIT fails with
    # DeadlockDetected (transient) and execute_write retries.
    await _create_counter(driver, db, label)
    attempts = 0

    async def work(tx: AsyncManagedTransaction) -> int:
        nonlocal attempts
        attempts += 1
        result = await tx.run(
            f"MATCH (c:{label}) SET c.v = c.v + 1 RETURN c.v AS v"
        )
        value = t.cast(int, (await result.single(strict=True))["v"])
        if attempts == 1:
            async with driver.session(database=db) as other:
                await (
                    await other.run(f"MATCH (c:{label}) SET c.v = c.v + 100")
                ).consume()
        return value

    async with driver.session(
        database=db, initial_retry_delay=0.01
    ) as session:
        got = await session.execute_write(work)
    assert attempts == 2
    assert got == 101
    assert await _counter(driver, db, label) == 101


@pytest.mark.servers("arcadedb")
async def test_deadlock_error_class_on_explicit_commit(
    driver: AsyncDriver, label: str, db: str
) -> None:
    await _create_counter(driver, db, label)
    async with (
        driver.session(database=db) as s1,
        driver.session(database=db) as s2,
    ):
        tx1 = await s1.begin_transaction()
        tx2 = await s2.begin_transaction()
        await (await tx1.run(f"MATCH (c:{label}) SET c.v = 1")).consume()
        await (await tx2.run(f"MATCH (c:{label}) SET c.v = 2")).consume()
        await tx1.commit()
        with pytest.raises(TransientError) as info:
            await tx2.commit()
        assert info.value.code == (
            "Neo.TransientError.Transaction.DeadlockDetected"
        )
        assert info.value.is_retryable()
        # both sessions stay usable
        for session in (s1, s2):
            result = await session.run(f"MATCH (c:{label}) RETURN c.v AS v")
            assert (await result.single(strict=True))["v"] == 1


async def test_concurrent_execute_write_count_is_exact(
    driver: AsyncDriver, label: str, db: str
) -> None:
    workers = 10
    increments = 5
    await _create_counter(driver, db, label)
    attempts = 0

    async def increment(tx: AsyncManagedTransaction) -> None:
        nonlocal attempts
        attempts += 1
        await (await tx.run(f"MATCH (c:{label}) SET c.v = c.v + 1")).consume()

    async def worker() -> None:
        async with driver.session(
            database=db,
            initial_retry_delay=0.005,
            retry_delay_multiplier=1.5,
            max_transaction_retry_time=120.0,
        ) as session:
            for _ in range(increments):
                await session.execute_write(increment)

    await run_concurrently([worker] * workers)
    assert await _counter(driver, db, label) == workers * increments
    assert attempts >= workers * increments


async def test_run_with_query_object_and_parameters(
    driver: AsyncDriver,
    db: str,
) -> None:
    query = neo4j.Query("RETURN $a + $b AS s")
    async with driver.session(database=db) as session:
        result = await session.run(query, {"a": 1, "b": 2})
        assert (await result.single(strict=True))["s"] == 3
        # kwargs win over the parameters dict
        result = await session.run(query, {"a": 1, "b": 2}, b=40)
        assert (await result.single(strict=True))["s"] == 41
        tx = await session.begin_transaction()
        result = await tx.run("RETURN $x AS x", {"x": [1, {"y": "z"}]})
        assert (await result.single(strict=True))["x"] == [1, {"y": "z"}]
        await tx.rollback()


async def _create(driver: AsyncDriver, db: str, label: str, n: int) -> None:
    async with driver.session(database=db) as session:
        await (
            await session.run(
                f"UNWIND range(1, $n) AS i CREATE (:{label} {{i: i}})", n=n
            )
        ).consume()


async def _create_counter(driver: AsyncDriver, db: str, label: str) -> None:
    async with driver.session(database=db) as session:
        await (await session.run(f"CREATE (:{label} {{v: 0}})")).consume()


async def _counter(driver: AsyncDriver, db: str, label: str) -> int:
    async with driver.session(database=db) as session:
        result = await session.run(f"MATCH (c:{label}) RETURN c.v AS v")
        return t.cast(int, (await result.single(strict=True))["v"])
