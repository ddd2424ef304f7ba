# This file is generated from tests/integration/async_/test_concurrency.py by bin/make-unasync; do not edit.
# make-unasync digest: ef56254f5361c50a6d288b9449f2f0923b9801fa41f4edf0c666bcedee38d170
"""Many sessions sharing one driver and its pool (ArcadeDB and Neo4j)."""

from __future__ import annotations

import asyncio
import typing as t

import pytest

from neo4j import GraphDatabase, ManagedTransaction
from neo4j._async_compat.util import Util
from neo4j.exceptions import ConnectionAcquisitionTimeoutError
from tests.integration.sync._util import (
    count_nodes,
    run_concurrently,
)


SESSIONS = 100


@pytest.mark.parametrize("pool_size", [100, 10, 1])
def test_100_concurrent_sessions(
    bolt_uri: str, auth: tuple[str, str], pool_size: int, db: str
) -> None:
    with GraphDatabase.driver(
        bolt_uri,
        auth=auth,
        max_connection_pool_size=pool_size,
        connection_acquisition_timeout=120,
    ) as driver:

        def make(i: int):  # type: ignore[no-untyped-def]
            def one() -> tuple[int, list[int]]:
                with driver.session(database=db, fetch_size=3) as session:
                    result = session.run(
                        "UNWIND range($i, $i + 9) AS x RETURN x * 2 AS y",
                        i=i,
                    )
                    values = [record["y"] for record in result]
                    return i, values

            return one

        results = run_concurrently([make(i) for i in range(SESSIONS)])
    assert len(results) == SESSIONS
    for i, (got_i, values) in enumerate(results):
        assert got_i == i
        assert values == [2 * x for x in range(i, i + 10)]


def test_concurrent_transactions_with_small_pool(
    bolt_uri: str, auth: tuple[str, str], label: str, db: str
) -> None:
    with GraphDatabase.driver(
        bolt_uri,
        auth=auth,
        max_connection_pool_size=4,
        connection_acquisition_timeout=120,
    ) as driver:

        def make(i: int):  # type: ignore[no-untyped-def]
            def work(tx: ManagedTransaction) -> int:
                (tx.run(f"CREATE (:{label} {{i: $i}})", i=i)).consume()
                result = tx.run("RETURN $i AS i", i=i)
                return int((result.single(strict=True))["i"])

            def one() -> int:
                with driver.session(database=db) as session:
                    return session.execute_write(work)

            return one

        results = run_concurrently([make(i) for i in range(40)])
        assert results == list(range(40))
        assert count_nodes(driver, db, label) == 40


def test_pool_size_is_a_hard_limit(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    # With a pool of 2 and two sessions holding their connections (open
    # explicit transactions), a third session cannot get a connection.
    with GraphDatabase.driver(
        bolt_uri,
        auth=auth,
        max_connection_pool_size=2,
        connection_acquisition_timeout=1.0,
    ) as driver:
        s1 = driver.session(database=db)
        s2 = driver.session(database=db)
        tx1 = s1.begin_transaction()
        tx2 = s2.begin_transaction()
        try:
            with driver.session(database=db) as s3:
                with pytest.raises(ConnectionAcquisitionTimeoutError):
                    s3.run("RETURN 1")
        finally:
            tx1.rollback()
            tx2.rollback()
            s1.close()
            s2.close()
        # released connections are reused
        with driver.session(database=db) as s4:
            result = s4.run("RETURN 1 AS x")
            assert (result.single(strict=True))["x"] == 1


def test_sessions_reuse_pooled_connections(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    with GraphDatabase.driver(
        bolt_uri, auth=auth, max_connection_pool_size=1
    ) as driver:
        for i in range(50):
            with driver.session(database=db) as session:
                result = session.run("RETURN $i AS i", i=i)
                assert (result.single(strict=True))["i"] == i


STREAM = "UNWIND range(1, 100000) AS x RETURN x"


def test_abandoned_or_cancelled_stream_keeps_pool_healthy(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    # One connection only: if a half-read connection went back to the
    # pool, every later query would read garbage or hang.
    with GraphDatabase.driver(
        bolt_uri, auth=auth, max_connection_pool_size=1
    ) as driver:
        # leave a big stream half-read: closing the session cleans up
        with driver.session(database=db, fetch_size=10) as session:
            result = session.run(STREAM)
            got = [record["x"] for record in result.fetch(25)]
            assert got == list(range(1, 26))

        if Util.is_async_code:
            # cancel the task while the driver waits for the next batch
            def stream() -> int:
                with driver.session(database=db, fetch_size=10) as session:
                    result = session.run(STREAM)
                    seen = 0
                    for _ in result:
                        seen += 1
                        if seen == 25:
                            # delivered at the driver's next socket read
                            task = asyncio.current_task()
                            assert task is not None
                            task.cancel()
                    return seen

            work: t.Any = stream()
            with pytest.raises(asyncio.CancelledError):
                asyncio.ensure_future(work)

        for i in range(3):
            with driver.session(database=db) as session:
                result = session.run("RETURN $i AS i", i=i)
                assert (result.single(strict=True))["i"] == i
