# This file is generated from tests/integration/cluster/async_/test_routing_cluster.py by bin/make-unasync; do not edit.
# make-unasync digest: 6fd8b7d9c418320e8892a7fbf7172f38a0d8ac59341d13f04c5f6f91c5a6abac
"""The ``neo4j://`` driver against a real three-node Raft cluster.

ArcadeDB's Bolt ``ROUTE`` names the Raft leader as the only writer and
the followers as readers (see ``tests/servers/arcadedb_cluster.py``).
Every test uses the public API only, so the file also runs against the
official driver.  Where the driver connected is read from
``summary.server.address``.

Server facts the assertions rely on (measured): ``ROUTE`` keeps listing
a killed peer (it answers with the configured peers); a follower
executes reads locally and forwards writes to the leader; bookmarks are
returned on commit but not waited for by followers, so a follower may
serve a read before the write it follows has been applied.
"""

from __future__ import annotations

import time

import pytest

from neo4j import (
    Driver,
    GraphDatabase,
    ManagedTransaction,
    Bookmarks,
    RoutingControl,
)
from tests.servers.arcadedb_cluster import ArcadeDBCluster, ClusterNode


DB = "test"
READS = 12
WRITES = 30
KILL_AT = 10
# How long a write may take to show on a follower (the server does not
# wait for bookmarks) and how long a failover may take.
REPLICATION_WAIT = 20.0


def _driver(cluster: ArcadeDBCluster) -> Driver:
    return GraphDatabase.driver(
        cluster.routing_uri,
        auth=cluster.auth,
        max_transaction_retry_time=60,
        initial_retry_delay=0.2,
        connection_acquisition_timeout=30,
    )


def _read_address(driver: Driver, label: str) -> tuple[int, str]:
    records, summary, _ = driver.execute_query(
        f"MATCH (n:{label}) RETURN count(n) AS c",
        database_=DB,
        routing_=RoutingControl.READ,
    )
    return records[0]["c"], str(summary.server.address)


def test_writes_go_to_the_leader_reads_to_followers(
    cluster: ArcadeDBCluster, label: str
) -> None:
    leader = cluster.leader()
    followers = {node.address for node in cluster.followers()}
    with _driver(cluster) as driver:
        writers = set()
        for i in range(3):
            _, summary, _ = driver.execute_query(
                f"CREATE (:{label} {{i: $i}})", i=i, database_=DB
            )
            writers.add(str(summary.server.address))
        with driver.session(database=DB) as session:

            def work(tx: ManagedTransaction) -> str:
                result = tx.run(f"CREATE (:{label} {{i: 3}})")
                summary = result.consume()
                return str(summary.server.address)

            writers.add(session.execute_write(work))
        assert writers == {leader.address}

        readers = [(_read_address(driver, label))[1] for _ in range(READS)]
        # least connected with round robin between equals: sequential
        # reads use both followers and never the leader
        assert set(readers) == followers

        with driver.session(
            database=DB, default_access_mode="READ"
        ) as session:

            def read(tx: ManagedTransaction) -> str:
                result = tx.run("RETURN 1 AS x")
                summary = result.consume()
                return str(summary.server.address)

            assert session.execute_read(read) in followers


def test_bookmark_carries_a_leader_write_to_follower_reads(
    cluster: ArcadeDBCluster, label: str
) -> None:
    followers = {node.address for node in cluster.followers()}
    with _driver(cluster) as driver:
        with driver.session(database=DB) as session:

            def create(tx: ManagedTransaction) -> None:
                (tx.run(f"CREATE (:{label} {{v: 42}})")).consume()

            session.execute_write(create)
            bookmarks = session.last_bookmarks()
        assert isinstance(bookmarks, Bookmarks)
        assert len(bookmarks.raw_values) == 1

        def read(tx: ManagedTransaction) -> tuple[list[int], str]:
            result = tx.run(f"MATCH (n:{label}) RETURN n.v AS v")
            values = [record["v"] for record in result]
            summary = result.consume()
            return values, str(summary.server.address)

        deadline = time.monotonic() + REPLICATION_WAIT
        seen: list[tuple[list[int], str]] = []
        while True:
            with driver.session(database=DB, bookmarks=bookmarks) as session:
                values, address = session.execute_read(read)
                # the session starts from the bookmark it was given
                assert address in followers
                seen.append((values, address))
                if values == [42]:
                    break
            assert time.monotonic() < deadline, seen
            time.sleep(0.2)  # blocking on purpose: nothing else runs
        assert all(values in ([], [42]) for values, _ in seen)


@pytest.mark.parametrize("fails_at", ["next_query", "commit"])
def test_leader_killed_mid_workload(
    cluster: ArcadeDBCluster, label: str, fails_at: str
) -> None:
    old_leader = cluster.leader()
    attempts: dict[int, int] = {}
    committed_on: dict[int, str] = {}

    with _driver(cluster) as driver:

        def create(tx: ManagedTransaction, key: int) -> str:
            attempts[key] = attempts.get(key, 0) + 1
            result = tx.run(f"CREATE (:{label} {{k: $k}})", k=key)
            summary = result.consume()
            if key == KILL_AT and attempts[key] == 1:
                # the leader dies in the middle of this transaction: the
                # next query, or the COMMIT (which cannot reach a server
                # that hung up), fails; the transaction is retried whole
                old_leader.kill()
                if fails_at == "next_query":
                    (tx.run("RETURN 1")).consume()
            return str(summary.server.address)

        with driver.session(database=DB) as session:
            for key in range(WRITES):
                committed_on[key] = session.execute_write(create, key)

        keys = [
            record["k"]
            for record in (
                driver.execute_query(
                    f"MATCH (n:{label}) RETURN n.k AS k ORDER BY k",
                    database_=DB,
                )
            ).records
        ]

    # every write exactly once: none lost, none doubled
    assert keys == list(range(WRITES))
    assert attempts[KILL_AT] >= 2
    assert all(attempts[k] == 1 for k in range(WRITES) if k != KILL_AT)
    new_leader = cluster.leader()
    assert new_leader is not old_leader
    assert {committed_on[k] for k in range(KILL_AT)} == {old_leader.address}
    assert {committed_on[k] for k in range(KILL_AT, WRITES)} == {
        new_leader.address
    }


def test_follower_killed_restarted_and_routing_refreshed(
    cluster: ArcadeDBCluster, label: str
) -> None:
    leader = cluster.leader()
    first, second = cluster.followers()
    with _driver(cluster) as driver:
        driver.execute_query(f"CREATE (:{label})", database_=DB)
        before = {(_read_address(driver, label))[1] for _ in range(4)}
        assert before == {first.address, second.address}

        # reads survive the loss of a follower and move to the other one
        first.kill()
        after_kill = _reads_until_stable(driver, label, second)
        assert first.address not in after_kill[-4:]

        # bring it back, then take the other follower away: with no
        # reader left the driver must fetch a new routing table, which
        # names the restarted follower again
        first.restart()
        second.kill()
        after_refresh = _reads_until_stable(driver, label, first)
        assert second.address not in after_refresh[-4:]

        # the cluster never lost its leader, and writes still go there
        _, summary, _ = driver.execute_query(
            f"CREATE (:{label})", database_=DB
        )
        assert str(summary.server.address) == leader.address
    assert cluster.leader() is leader


def _reads_until_stable(
    driver: Driver, label: str, expected: ClusterNode
) -> list[str]:
    """Read with retries until four reads in a row land on *expected*."""
    addresses: list[str] = []
    deadline = time.monotonic() + REPLICATION_WAIT

    def read(tx: ManagedTransaction) -> str:
        result = tx.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        summary = result.consume()
        return str(summary.server.address)

    while addresses[-4:] != [expected.address] * 4:
        assert time.monotonic() < deadline, addresses
        with driver.session(
            database=DB, default_access_mode="READ"
        ) as session:
            addresses.append(session.execute_read(read))
    return addresses
