# This file is generated from tests/stub/async_/test_metrics.py by bin/make-unasync; do not edit.
# make-unasync digest: 4e6f3476a96be472fe713915b39d4288eada43ca848ca8be33c7527c29d041e0
"""``driver.metrics()`` against scripted servers (async twin).

``tests/stub/sync/test_metrics.py`` is generated from this file.  The
scripts pin what the driver did on the wire; the metrics must tell the
same story: connections lent, waited for, timed out, created and
closed; queries, commits, rollbacks, retries and routing refreshes.
"""

from __future__ import annotations

import dataclasses
import typing as t

import pytest

from neo4j._sync.driver import Driver
from neo4j.exceptions import (
    ConfigurationError,
    ConnectionAcquisitionTimeoutError,
)
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., Driver]

HEADER = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
"""

QUERY = """\
C: RUN "RETURN 1 AS n" {} {"db": "neo4j"}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["n"]}
   RECORD [1]
   SUCCESS {"type": "r"}
"""

TX_QUERY = """\
C: RUN "RETURN 1 AS n" {} {}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["n"]}
   RECORD [1]
   SUCCESS {"type": "r"}
"""


def test_disabled_driver_refuses(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(HEADER + QUERY)
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        (session.run("RETURN 1 AS n")).consume()
    with pytest.raises(ConfigurationError) as info:
        driver.metrics()
    assert "metrics_enabled=True" in str(info.value)
    driver.close()
    server.done()


def test_pool_of_one_held_and_a_waiter_timing_out(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + "C: BEGIN ...\nS: SUCCESS {}\nC: ROLLBACK\nS: SUCCESS {}\n"
    )
    driver = make_driver(
        server,
        metrics_enabled=True,
        max_connection_pool_size=1,
        connection_acquisition_timeout=0.3,
    )
    pool: t.Any = t.cast(t.Any, driver)._pool
    acquiring_seen: list[int] = []
    wait_for_slot = pool._wait_for_slot

    def spy(*args: t.Any) -> None:
        # the waiter is in the pool's wait, outside its lock
        acquiring_seen.append(driver.metrics().pool(server.address).acquiring)
        wait_for_slot(*args)

    pool._wait_for_slot = spy
    holder = driver.session(database="neo4j")
    tx = holder.begin_transaction()
    before = driver.metrics().pool(server.address)
    with driver.session(database="neo4j") as waiter:
        with pytest.raises(ConnectionAcquisitionTimeoutError):
            waiter.run("RETURN 1 AS n")
    after = driver.metrics().pool(server.address)
    tx.rollback()
    holder.close()
    end = driver.metrics()
    driver.close()
    server.done()

    assert acquiring_seen and set(acquiring_seen) == {1}
    assert (before.in_use, before.idle, before.acquiring) == (1, 0, 0)
    assert (before.acquired, before.timed_out_to_acquire) == (1, 0)
    assert (after.in_use, after.acquiring, after.timed_out_to_acquire) == (
        1,
        0,
        1,
    )
    assert after.acquired == 1
    assert after.acquisition_count == before.acquisition_count + 1
    assert after.acquisition_time_total > before.acquisition_time_total
    assert after.max_size == 1
    pool_end = end.pool(server.address)
    assert (pool_end.in_use, pool_end.idle) == (0, 1)
    assert pool_end.in_use_count == 1
    assert end.transactions_rolled_back == 1
    assert end.transactions_committed == 0


def test_created_and_closed(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start("!: ALLOW CONCURRENT\n" + HEADER + QUERY)
    driver = make_driver(server, metrics_enabled=True)
    first = driver.session(database="neo4j")
    second = driver.session(database="neo4j")
    one = first.run("RETURN 1 AS n")
    two = second.run("RETURN 1 AS n")
    held = driver.metrics().pool(server.address)
    one.consume()
    two.consume()
    first.close()
    second.close()
    idle = driver.metrics().pool(server.address)
    driver.close()
    closed = driver.metrics()
    server.done()
    assert (held.in_use, held.idle, held.created, held.acquired) == (
        2,
        0,
        2,
        2,
    )
    assert (idle.in_use, idle.idle, idle.closed) == (0, 2, 0)
    assert idle.in_use_count == 2
    pool = closed.pool(server.address)
    assert (pool.in_use, pool.idle, pool.created, pool.closed) == (
        0,
        0,
        2,
        2,
    )
    assert pool.failed_to_create == 0
    assert pool.connection_count == 2
    assert pool.connection_time_total > 0
    assert closed.queries == 2
    # a snapshot taken after close() is as immutable as any other
    with pytest.raises(dataclasses.FrozenInstanceError):
        pool.closed = 0  # type: ignore[misc]


RETRIED = """\
C: BEGIN ...
S: SUCCESS {}
C: RUN "RETURN 1 AS n" {} {}
C: PULL {"n": 1000}
S: FAILURE {"code": "Neo.TransientError.Transaction.DeadlockDetected", \
"message": "try again"}
   IGNORED
C: RESET
S: SUCCESS {}
C: BEGIN ...
S: SUCCESS {}
"""


def test_retry_counts_two_attempts(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER
        + RETRIED
        + TX_QUERY
        + 'C: COMMIT\nS: SUCCESS {"bookmark": "bm1"}\n'
    )
    driver = make_driver(
        server, metrics_enabled=True, initial_retry_delay=0.01
    )

    def work(tx: t.Any) -> list[t.Any]:
        result = tx.run("RETURN 1 AS n")
        values: list[t.Any] = result.value()
        return values

    with driver.session(database="neo4j") as session:
        assert session.execute_read(work) == [1]
    metrics = driver.metrics()
    driver.close()
    server.done()
    assert metrics.retries == 1
    assert metrics.queries == 2  # one per attempt
    assert metrics.transactions_committed == 1
    # the failed attempt ended rolled back by the server
    assert metrics.transactions_rolled_back == 1
    pool = metrics.pool(server.address)
    # both attempts borrowed the same connection
    assert (pool.created, pool.acquired, pool.in_use_count) == (1, 2, 2)


def test_explicit_commit_and_rollback(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER
        + "C: BEGIN ...\nS: SUCCESS {}\n"
        + TX_QUERY
        + 'C: COMMIT\nS: SUCCESS {"bookmark": "bm1"}\n'
        + "C: BEGIN ...\nS: SUCCESS {}\n"
        + TX_QUERY
        + "C: ROLLBACK\nS: SUCCESS {}\n"
        + QUERY.replace('{"db": "neo4j"}', '{"db": "neo4j", ...}')
    )
    driver = make_driver(server, metrics_enabled=True)
    with driver.session(database="neo4j") as session:
        for commit in (True, False):
            tx = session.begin_transaction()
            (tx.run("RETURN 1 AS n")).consume()
            if commit:
                tx.commit()
            else:
                tx.rollback()
        (session.run("RETURN 1 AS n")).consume()
    metrics = driver.metrics()
    driver.close()
    server.done()
    assert metrics.queries == 3
    assert metrics.transactions_committed == 1
    assert metrics.transactions_rolled_back == 1
    assert metrics.retries == 0
    assert metrics.routing_table_refreshes == 0


ROUTER = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}
S: SUCCESS {"rt": {"ttl": 1000, "db": "neo4j", "servers": [
     {"role": "ROUTE", "addresses": ["${address}"]},
     {"role": "READ", "addresses": ["${reader}"]},
     {"role": "WRITE", "addresses": ["${reader}"]}]}}
C: ROUTE {"address": "${address}"} [] {"db": "other"}
S: SUCCESS {"rt": {"ttl": 1000, "db": "other", "servers": [
     {"role": "ROUTE", "addresses": ["${address}"]},
     {"role": "READ", "addresses": ["${reader}"]},
     {"role": "WRITE", "addresses": ["${reader}"]}]}}
"""


def _read(database: str) -> str:
    return (
        f'C: RUN "RETURN 1 AS n" {{}} {{"db": "{database}", "mode": "r"}}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["n"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
    )


def test_routing_refreshes_and_pools_per_server(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    reader = stub_server.start(
        HEADER + _read("neo4j") + _read("neo4j") + _read("other")
    )
    router = stub_server.start(ROUTER, reader=reader.address)
    driver = make_driver(router, scheme="neo4j", metrics_enabled=True)
    counts = []
    for database in ("neo4j", "neo4j", "other"):
        with driver.session(
            database=database, default_access_mode="READ"
        ) as session:
            (session.run("RETURN 1 AS n")).consume()
        counts.append(driver.metrics().routing_table_refreshes)
    metrics = driver.metrics()
    driver.close()
    router.done()
    reader.done()
    # a fresh table is not fetched again; a new database is
    assert counts == [1, 1, 2]
    assert metrics.queries == 3
    routing = metrics.pool(router.address)
    member = metrics.pool(reader.address)
    assert set(metrics.pools) == {routing.address, member.address}
    # the router's connection served both ROUTE requests
    assert (routing.created, routing.acquired, routing.idle) == (1, 2, 1)
    assert (member.created, member.acquired, member.idle) == (1, 3, 1)
    assert member.in_use == routing.in_use == 0
