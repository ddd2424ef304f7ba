# This file is generated from tests/integration/async_/test_transactions.py by bin/make-unasync; do not edit.
# make-unasync digest: e5f889343926d5ebc66fcd98eafd596fcbc3580c9316ae9f2e1df9d515900aab
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
from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import (
    ResultConsumedError,
    TransactionError,
    TransientError,
)
from tests.integration.sync._util import count_nodes, run_concurrently


class Boom(Exception):
    pass


def test_explicit_commit_persists(driver: Driver, label: str, db: str) -> None:
    with driver.session(database=db) as session:
        tx = session.begin_transaction()
        result = tx.run(f"CREATE (:{label} {{i: 1}}), (:{label})")
        summary = result.consume()
        assert summary.counters.nodes_created == 2
        # read your own writes inside the transaction
        inner = tx.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        assert (inner.single(strict=True))["c"] == 2
        tx.commit()
        assert tx.closed()
    assert count_nodes(driver, db, label) == 2


def test_explicit_rollback_undoes_writes(
    driver: Driver, label: str, db: str
) -> None:
    _create(driver, db, label, 3)
    with driver.session(database=db) as session:
        tx = session.begin_transaction()
        (tx.run(f"CREATE (:{label}), (:{label})")).consume()
        (tx.run(f"MATCH (n:{label}) SET n.touched = true")).consume()
        inner = tx.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        assert (inner.single(strict=True))["c"] == 5
        # uncommitted writes are invisible to other sessions
        assert count_nodes(driver, db, label) == 3
        tx.rollback()
        assert tx.closed()
        # the session can run more work after the rollback
        result = session.run(
            f"MATCH (n:{label}) WHERE n.touched IS NULL RETURN count(n) AS c"
        )
        assert (result.single(strict=True))["c"] == 3
    assert count_nodes(driver, db, label) == 3


def test_tx_context_manager_commits_on_success(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db) as session:
        with session.begin_transaction() as tx:
            (tx.run(f"CREATE (:{label})")).consume()
            tx.commit()
        assert tx.closed()
    assert count_nodes(driver, db, label) == 1


def test_tx_context_manager_commits_on_clean_exit(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db) as session:
        with session.begin_transaction() as tx:
            (tx.run(f"CREATE (:{label})")).consume()
        assert tx.closed()
    assert count_nodes(driver, db, label) == 1


def test_tx_context_manager_after_explicit_rollback(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db) as session:
        with session.begin_transaction() as tx:
            (tx.run(f"CREATE (:{label})")).consume()
            tx.rollback()
        assert tx.closed()
    assert count_nodes(driver, db, label) == 0


def test_tx_context_manager_rolls_back_on_exception(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db) as session:
        with pytest.raises(Boom):
            with session.begin_transaction() as tx:
                (tx.run(f"CREATE (:{label})")).consume()
                raise Boom
        assert tx.closed()
        # the session is usable again
        result = session.run("RETURN 1 AS x")
        assert (result.single(strict=True))["x"] == 1
    assert count_nodes(driver, db, label) == 0


def test_closed_tx_refuses_work(driver: Driver, label: str, db: str) -> None:
    with driver.session(database=db) as session:
        tx = session.begin_transaction()
        tx.commit()
        with pytest.raises(TransactionError):
            tx.run("RETURN 1")
        with pytest.raises(TransactionError):
            tx.commit()


def test_second_begin_is_refused(driver: Driver, db: str) -> None:
    with driver.session(database=db) as session:
        tx = session.begin_transaction()
        with pytest.raises(TransactionError):
            session.begin_transaction()
        with pytest.raises(TransactionError):
            session.run("RETURN 1")
        tx.rollback()
        result = session.run("RETURN 2 AS x")
        assert (result.single(strict=True))["x"] == 2


def test_result_of_committed_tx_is_out_of_scope(
    driver: Driver,
    db: str,
) -> None:
    with driver.session(database=db) as session:
        tx = session.begin_transaction()
        result = tx.run("UNWIND range(1, 5) AS x RETURN x")
        tx.commit()
        with pytest.raises(ResultConsumedError):
            result.fetch(1)


def test_several_open_results_in_one_tx(driver: Driver, db: str) -> None:
    with driver.session(database=db, fetch_size=2) as session:
        tx = session.begin_transaction()
        r1 = tx.run("UNWIND range(1, 7) AS x RETURN x")
        r2 = tx.run("UNWIND range(10, 16) AS y RETURN y")
        r3 = tx.run("UNWIND range(20, 26) AS z RETURN z")
        first = r1.fetch(3)
        assert [rec["x"] for rec in first] == [1, 2, 3]
        assert [rec["z"] for rec in r3] == list(range(20, 27))
        assert [rec["y"] for rec in r2.fetch(2)] == [10, 11]
        assert [rec["x"] for rec in r1] == [4, 5, 6, 7]
        assert r2.value() == [12, 13, 14, 15, 16]
        tx.commit()


def test_auto_commit_run_while_previous_result_unconsumed(
    driver: Driver,
    db: str,
) -> None:
    with driver.session(database=db, fetch_size=3) as session:
        r1 = session.run("UNWIND range(1, 10) AS x RETURN x")
        peeked = r1.peek()
        assert peeked is not None
        assert peeked["x"] == 1
        # the next run needs the connection: r1 is buffered first
        r2 = session.run("UNWIND range(100, 104) AS y RETURN y")
        assert r2.value() == [100, 101, 102, 103, 104]
        assert [rec["x"] for rec in r1] == list(range(1, 11))


def test_begin_while_auto_commit_result_unconsumed(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db, fetch_size=2) as session:
        r1 = session.run("UNWIND range(1, 6) AS x RETURN x")
        assert [rec["x"] for rec in r1.fetch(1)] == [1]
        # beginning a transaction consumes the open auto-commit result
        with session.begin_transaction() as tx:
            (tx.run(f"CREATE (:{label})")).consume()
            tx.commit()
        with pytest.raises(ResultConsumedError):
            r1.value()
    assert count_nodes(driver, db, label) == 1


def test_execute_write_commits_and_returns(
    driver: Driver, label: str, db: str
) -> None:
    def work(tx: ManagedTransaction, n: int) -> list[int]:
        result = tx.run(
            f"UNWIND range(1, $n) AS i CREATE (x:{label} {{i: i}}) "
            "RETURN x.i AS i",
            n=n,
        )
        return result.value("i")

    with driver.session(database=db) as session:
        got = session.execute_write(work, 4)
    assert got == [1, 2, 3, 4]
    assert count_nodes(driver, db, label) == 4


def test_execute_read(driver: Driver, db: str, label: str) -> None:
    _create(driver, db, label, 2)

    def work(tx: ManagedTransaction) -> int:
        result = tx.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        record = result.single(strict=True)
        return t.cast(int, record["c"])

    with driver.session(database=db) as session:
        assert session.execute_read(work) == 2


def test_execute_write_rolls_back_on_user_error(
    driver: Driver, label: str, db: str
) -> None:
    calls = 0

    def work(tx: ManagedTransaction) -> None:
        nonlocal calls
        calls += 1
        (tx.run(f"CREATE (:{label})")).consume()
        raise Boom

    with driver.session(database=db) as session:
        with pytest.raises(Boom):
            session.execute_write(work)
    assert calls == 1  # not retried
    assert count_nodes(driver, db, label) == 0


# ArcadeDB commits optimistically (the conflict shows at COMMIT); Neo4j
# locks on write, so the nested write below would wait for ever.
@pytest.mark.servers("arcadedb")
def test_execute_write_retries_a_real_deadlock(
    driver: Driver, label: str, db: str
) -> None:
    # Attempt 1 writes the counter, then another session commits a write
    # to the same record first: attempt 1's COMMIT fails with
    # DeadlockDetected (transient) and execute_write retries.
    _create_counter(driver, db, label)
    attempts = 0

    def work(tx: ManagedTransaction) -> int:
        nonlocal attempts
        attempts += 1
        result = tx.run(f"MATCH (c:{label}) SET c.v = c.v + 1 RETURN c.v AS v")
        value = t.cast(int, (result.single(strict=True))["v"])
        if attempts == 1:
            with driver.session(database=db) as other:
                (other.run(f"MATCH (c:{label}) SET c.v = c.v + 100")).consume()
        return value

    with driver.session(database=db, initial_retry_delay=0.01) as session:
        got = session.execute_write(work)
    assert attempts == 2
    assert got == 101
    assert _counter(driver, db, label) == 101


@pytest.mark.servers("arcadedb")
def test_deadlock_error_class_on_explicit_commit(
    driver: Driver, label: str, db: str
) -> None:
    _create_counter(driver, db, label)
    with (
        driver.session(database=db) as s1,
        driver.session(database=db) as s2,
    ):
        tx1 = s1.begin_transaction()
        tx2 = s2.begin_transaction()
        (tx1.run(f"MATCH (c:{label}) SET c.v = 1")).consume()
        (tx2.run(f"MATCH (c:{label}) SET c.v = 2")).consume()
        tx1.commit()
        with pytest.raises(TransientError) as info:
            tx2.commit()
        assert info.value.code == (
            "Neo.TransientError.Transaction.DeadlockDetected"
        )
        assert info.value.is_retryable()
        # both sessions stay usable
        for session in (s1, s2):
            result = session.run(f"MATCH (c:{label}) RETURN c.v AS v")
            assert (result.single(strict=True))["v"] == 1


def test_concurrent_execute_write_count_is_exact(
    driver: Driver, label: str, db: str
) -> None:
    workers = 10
    increments = 5
    _create_counter(driver, db, label)
    attempts = 0

    def increment(tx: ManagedTransaction) -> None:
        nonlocal attempts
        attempts += 1
        (tx.run(f"MATCH (c:{label}) SET c.v = c.v + 1")).consume()

    def worker() -> None:
        with driver.session(
            database=db,
            initial_retry_delay=0.005,
            retry_delay_multiplier=1.5,
            max_transaction_retry_time=120.0,
        ) as session:
            for _ in range(increments):
                session.execute_write(increment)

    run_concurrently([worker] * workers)
    assert _counter(driver, db, label) == workers * increments
    assert attempts >= workers * increments


def test_run_with_query_object_and_parameters(
    driver: Driver,
    db: str,
) -> None:
    query = neo4j.Query("RETURN $a + $b AS s")
    with driver.session(database=db) as session:
        result = session.run(query, {"a": 1, "b": 2})
        assert (result.single(strict=True))["s"] == 3
        # kwargs win over the parameters dict
        result = session.run(query, {"a": 1, "b": 2}, b=40)
        assert (result.single(strict=True))["s"] == 41
        tx = session.begin_transaction()
        result = tx.run("RETURN $x AS x", {"x": [1, {"y": "z"}]})
        assert (result.single(strict=True))["x"] == [1, {"y": "z"}]
        tx.rollback()


def _create(driver: Driver, db: str, label: str, n: int) -> None:
    with driver.session(database=db) as session:
        (
            session.run(
                f"UNWIND range(1, $n) AS i CREATE (:{label} {{i: i}})", n=n
            )
        ).consume()


def _create_counter(driver: Driver, db: str, label: str) -> None:
    with driver.session(database=db) as session:
        (session.run(f"CREATE (:{label} {{v: 0}})")).consume()


def _counter(driver: Driver, db: str, label: str) -> int:
    with driver.session(database=db) as session:
        result = session.run(f"MATCH (c:{label}) RETURN c.v AS v")
        return t.cast(int, (result.single(strict=True))["v"])
