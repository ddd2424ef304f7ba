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
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
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


def _driver(cluster: ArcadeDBCluster) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        cluster.routing_uri,
        auth=cluster.auth,
        max_transaction_retry_time=60,
        initial_retry_delay=0.2,
        connection_acquisition_timeout=30,
    )


async def _read_address(driver: AsyncDriver, label: str) -> tuple[int, str]:
    records, summary, _ = await driver.execute_query(
        f"MATCH (n:{label}) RETURN count(n) AS c",
        database_=DB,
        routing_=RoutingControl.READ,
    )
    return records[0]["c"], str(summary.server.address)


async def test_writes_go_to_the_leader_reads_to_followers(
    cluster: ArcadeDBCluster, label: str
) -> None:
    leader = cluster.leader()
    followers = {node.address for node in cluster.followers()}
    async with _driver(cluster) as driver:
        writers = set()
        for i in range(3):
            _, summary, _ = await driver.execute_query(
                f"CREATE (:{label} {{i: $i}})", i=i, database_=DB
            )
            writers.add(str(summary.server.address))
        async with driver.session(database=DB) as session:

            async def work(tx: AsyncManagedTransaction) -> str:
                result = await tx.run(f"CREATE (:{label} {{i: 3}})")
                summary = await result.consume()
                return str(summary.server.address)

            writers.add(await session.execute_write(work))
        assert writers == {leader.address}

        readers = [
            (await _read_address(driver, label))[1] for _ in range(READS)
        ]
        # least connected with round robin between equals: sequential
        # reads use both followers and never the leader
        assert set(readers) == followers

        async with driver.session(
            database=DB, default_access_mode="READ"
        ) as session:

            async def read(tx: AsyncManagedTransaction) -> str:
                result = await tx.run("RETURN 1 AS x")
                summary = await result.consume()
                return str(summary.server.address)

            assert await session.execute_read(read) in followers


async def test_bookmark_carries_a_leader_write_to_follower_reads(
    cluster: ArcadeDBCluster, label: str
) -> None:
    followers = {node.address for node in cluster.followers()}
    async with _driver(cluster) as driver:
        async with driver.session(database=DB) as session:

            async def create(tx: AsyncManagedTransaction) -> None:
                await (await tx.run(f"CREATE (:{label} {{v: 42}})")).consume()

            await session.execute_write(create)
            bookmarks = await session.last_bookmarks()
        assert isinstance(bookmarks, Bookmarks)
        assert len(bookmarks.raw_values) == 1

        async def read(tx: AsyncManagedTransaction) -> tuple[list[int], str]:
            result = await tx.run(f"MATCH (n:{label}) RETURN n.v AS v")
            values = [record["v"] async for record in result]
            summary = await result.consume()
            return values, str(summary.server.address)

        deadline = time.monotonic() + REPLICATION_WAIT
        seen: list[tuple[list[int], str]] = []
        while True:
            async with driver.session(
                database=DB, bookmarks=bookmarks
            ) as session:
                values, address = await session.execute_read(read)
                # the session starts from the bookmark it was given
                assert address in followers
                seen.append((values, address))
                if values == [42]:
                    break
            assert time.monotonic() < deadline, seen
            time.sleep(0.2)  # blocking on purpose: nothing else runs
        assert all(values in ([], [42]) for values, _ in seen)


@pytest.mark.parametrize("fails_at", ["next_query", "commit"])
async def test_leader_killed_mid_workload(
    cluster: ArcadeDBCluster, label: str, fails_at: str
) -> None:
    old_leader = cluster.leader()
    attempts: dict[int, int] = {}
    committed_on: dict[int, str] = {}

    async with _driver(cluster) as driver:

        async def create(tx: AsyncManagedTransaction, key: int) -> str:
            attempts[key] = attempts.get(key, 0) + 1
            result = await tx.run(f"CREATE (:{label} {{k: $k}})", k=key)
            summary = await result.consume()
            if key == KILL_AT and attempts[key] == 1:
                # the leader dies in the middle of this transaction: the
                # next query, or the COMMIT (which cannot reach a server
                # that hung up), fails; the transaction is retried whole
                old_leader.kill()
                if fails_at == "next_query":
                    await (await tx.run("RETURN 1")).consume()
            return str(summary.server.address)

        async with driver.session(database=DB) as session:
            for key in range(WRITES):
                committed_on[key] = await session.execute_write(create, key)

        keys = [
            record["k"]
            for record in (
                await driver.execute_query(
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


async def test_follower_killed_restarted_and_routing_refreshed(
    cluster: ArcadeDBCluster, label: str
) -> None:
    leader = cluster.leader()
    first, second = cluster.followers()
    async with _driver(cluster) as driver:
        await driver.execute_query(f"CREATE (:{label})", database_=DB)
        before = {(await _read_address(driver, label))[1] for _ in range(4)}
        assert before == {first.address, second.address}

        # reads survive the loss of a follower and move to the other one
        first.kill()
        after_kill = await _reads_until_stable(driver, label, second)
        assert first.address not in after_kill[-4:]

        # bring it back, then take the other follower away: with no
        # reader left the driver must fetch a new routing table, which
        # names the restarted follower again
        first.restart()
        second.kill()
        after_refresh = await _reads_until_stable(driver, label, first)
        assert second.address not in after_refresh[-4:]

        # the cluster never lost its leader, and writes still go there
        _, summary, _ = await driver.execute_query(
            f"CREATE (:{label})", database_=DB
        )
        assert str(summary.server.address) == leader.address
    assert cluster.leader() is leader


async def _reads_until_stable(
    driver: AsyncDriver, label: str, expected: ClusterNode
) -> list[str]:
    """Read with retries until four reads in a row land on *expected*."""
    addresses: list[str] = []
    deadline = time.monotonic() + REPLICATION_WAIT

    async def read(tx: AsyncManagedTransaction) -> str:
        result = await tx.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        summary = await result.consume()
        return str(summary.server.address)

    while addresses[-4:] != [expected.address] * 4:
        assert time.monotonic() < deadline, addresses
        async with driver.session(
            database=DB, default_access_mode="READ"
        ) as session:
            addresses.append(await session.execute_read(read))
    return addresses
