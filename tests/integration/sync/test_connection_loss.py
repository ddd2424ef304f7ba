# This file is generated from tests/integration/async_/test_connection_loss.py by bin/make-unasync; do not edit.
# make-unasync digest: b636f1ac6e1fb4c518ca3e96a4b1659109f60d66c0bb975946e5abe5e45d1e35
"""Losing the server: kill it mid-stream, then bring it back.

Each test runs its own ArcadeDB (``arcadedb_factory``) since it kills
it. A killed server drops every connection at once; on ``bolt://`` the
driver reports :class:`ServiceUnavailable`. After ``restart()`` (same
port, same data) the very same driver object must work again.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from tests.integration.sync._util import DB
from tests.servers import ArcadeDBServer


Factory = t.Callable[..., ArcadeDBServer]
STREAM = "UNWIND range(1, 200000) AS x RETURN x"


def test_kill_mid_stream_then_restart(
    arcadedb_factory: Factory,
) -> None:
    server = arcadedb_factory()
    with GraphDatabase.driver(
        server.uri,
        auth=server.auth,
        connection_acquisition_timeout=30,
        max_transaction_retry_time=60,
        initial_retry_delay=0.1,
    ) as driver:
        with driver.session(database=DB, fetch_size=5) as session:
            result = session.run(STREAM)
            seen = []
            with pytest.raises((ServiceUnavailable, SessionExpired)):
                for record in result:
                    seen.append(record["x"])
                    if len(seen) == 12:
                        server.kill()
            assert seen[:12] == list(range(1, 13))
            assert len(seen) < 200_000
            assert seen == list(range(1, len(seen) + 1))

        server.restart()

        # a managed transaction retries past stale pooled connections
        def read(tx: ManagedTransaction) -> list[int]:
            result = tx.run("UNWIND range(1, 5) AS x RETURN x")
            return t.cast(list[int], result.value())

        with driver.session(database=DB) as session:
            assert session.execute_read(read) == [1, 2, 3, 4, 5]
        records, _, _ = driver.execute_query(
            "RETURN 'back' AS x", database_=DB
        )
        assert records[0]["x"] == "back"
        driver.verify_connectivity()


def test_kill_inside_explicit_transaction(
    arcadedb_factory: Factory,
) -> None:
    server = arcadedb_factory()
    label = "KillTx"
    with GraphDatabase.driver(
        server.uri,
        auth=server.auth,
        max_transaction_retry_time=60,
        initial_retry_delay=0.1,
    ) as driver:
        driver.execute_query(
            "UNWIND range(1, 3) AS i CREATE (:Kept {i: i})", database_=DB
        )
        with driver.session(database=DB) as session:
            tx = session.begin_transaction()
            (tx.run(f"CREATE (:{label})")).consume()
            server.kill()
            with pytest.raises((ServiceUnavailable, SessionExpired)):
                tx.commit()
            tx.close()

        server.restart()
        records, _, _ = driver.execute_query(
            f"MATCH (n:{label}) RETURN count(n) AS c", database_=DB
        )
        # the uncommitted write did not survive, the committed ones did
        assert records[0]["c"] == 0
        records, _, _ = driver.execute_query(
            "MATCH (n:Kept) RETURN n.i AS i ORDER BY i", database_=DB
        )
        assert [r["i"] for r in records] == [1, 2, 3]


def test_server_down_gives_service_unavailable(
    arcadedb_factory: Factory,
) -> None:
    server = arcadedb_factory()
    with GraphDatabase.driver(
        server.uri,
        auth=server.auth,
        connection_acquisition_timeout=10,
        connection_timeout=5,
        max_transaction_retry_time=1,
        initial_retry_delay=0.1,
    ) as driver:
        driver.verify_connectivity()
        server.kill()
        with pytest.raises(ServiceUnavailable):
            driver.verify_connectivity()
        with pytest.raises(ServiceUnavailable):
            driver.execute_query("RETURN 1", database_=DB)
        server.restart()
        driver.verify_connectivity()
        records, _, _ = driver.execute_query("RETURN 2 AS x", database_=DB)
        assert records[0]["x"] == 2


def test_idle_connections_closed_by_a_restart_are_replaced(
    arcadedb_factory: Factory,
) -> None:
    # the server closes every pooled connection when it restarts: the
    # pool must notice before handing them out, so that the first query
    # after the restart works (no retry budget, no auto-commit retry)
    server = arcadedb_factory()
    with GraphDatabase.driver(
        server.uri, auth=server.auth, max_transaction_retry_time=0
    ) as driver:
        sessions = [driver.session(database=DB) for _ in range(4)]
        for session in sessions:  # four connections in use at once
            (session.run("RETURN 1 AS x")).peek()
        for session in sessions:
            session.close()
        server.restart()
        with driver.session(database=DB) as session:
            result = session.run("RETURN 2 AS x")
            assert (result.single(strict=True))["x"] == 2
        for _ in range(4):
            records, _, _ = driver.execute_query("RETURN 3 AS x", database_=DB)
            assert records[0]["x"] == 3
