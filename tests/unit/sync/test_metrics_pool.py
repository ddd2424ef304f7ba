# This file is generated from tests/unit/async_/test_metrics_pool.py by bin/make-unasync; do not edit.
# make-unasync digest: 7e009fd281b1d9519cc009c9376be662eaf97aa376abc36ccab9ccc7d0d9d9df
"""``driver.metrics()`` against the in-process fake server (async twin).

The pool gauges and counters follow what the pool did; the work
counters follow queries, transactions and retries; a driver without
``metrics_enabled=True`` refuses and observes nothing.
"""

from __future__ import annotations

import dataclasses
import socket
import typing as t

import pytest

from neo4j import ConnectionPoolMetrics, DriverMetrics
from neo4j._sync.driver import Driver, GraphDatabase
from neo4j.exceptions import (
    ConfigurationError,
    ConnectionAcquisitionTimeoutError,
    ServiceUnavailable,
)
from neo4j.warnings import PreviewWarning

from .fake_bolt import (
    FAILURE,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    config.setdefault("metrics_enabled", True)
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


def pool_of(driver: Driver) -> ConnectionPoolMetrics:
    return driver.metrics().pool(t.cast(t.Any, driver).address)


# -- off by default ----------------------------------------------------


def test_disabled_driver_refuses_and_observes_nothing(
    server: FakeBoltServer,
) -> None:
    with GraphDatabase.driver(server.uri, auth=AUTH) as driver:
        with driver.session() as session:
            result = session.run("1")
            result.consume()
        with pytest.raises(ConfigurationError, match="metrics_enabled=True"):
            driver.metrics()
        inner: t.Any = driver
        assert inner._observer is None
        assert inner._metrics_recorder is None
        assert inner._pool.observer is None
        assert inner._pool._observation is None


@pytest.mark.parametrize(
    ("option", "value", "match"),
    [
        ("metrics_enabled", "yes", "metrics_enabled"),
        ("metrics_enabled", 1, "metrics_enabled"),
        ("trace_query_text", "no", "trace_query_text"),
        ("tracer_provider", object(), "tracer_provider"),
        ("meter_provider", "meter", "meter_provider"),
    ],
)
def test_invalid_observability_options(
    option: str, value: object, match: str
) -> None:
    with pytest.raises(TypeError, match=match) as info:
        options: dict[str, t.Any] = {option: value}
        GraphDatabase.driver("bolt://localhost:7687", auth=AUTH, **options)
    assert repr(value) in str(info.value)


def test_metrics_enabled_none_means_off() -> None:
    driver = GraphDatabase.driver(
        "bolt://localhost:7687", auth=AUTH, metrics_enabled=None
    )
    with pytest.raises(ConfigurationError):
        driver.metrics()
    t.cast(t.Any, driver)._closed = True


# -- the pool ------------------------------------------------------------


def test_fresh_driver_has_no_pool_yet(server: FakeBoltServer) -> None:
    with driver_for(server, max_connection_pool_size=7) as driver:
        metrics = driver.metrics()
        assert isinstance(metrics, DriverMetrics)
        assert dict(metrics.pools) == {}
        assert metrics.max_connection_pool_size == 7
        pool = pool_of(driver)
        assert (pool.in_use, pool.idle, pool.created) == (0, 0, 0)
        assert pool.max_size == 7


def test_one_query_lends_and_returns_one_connection(
    server: FakeBoltServer,
) -> None:
    with driver_for(server) as driver:
        with driver.session() as session:
            result = session.run("3")
            during = pool_of(driver)
            assert result.value() == [0, 1, 2]
        after = pool_of(driver)
        metrics = driver.metrics()
    assert (during.in_use, during.idle, during.creating) == (1, 0, 0)
    assert (during.created, during.acquired) == (1, 1)
    assert (after.in_use, after.idle) == (0, 1)
    assert after.in_use_count == 1
    assert after.in_use_time_total > 0
    assert after.connection_count == 1
    assert after.connection_time_total > 0
    assert after.acquisition_count == 1
    assert after.acquisition_time_total > 0
    assert (after.closed, after.failed_to_create) == (0, 0)
    assert metrics.queries == 1
    assert list(metrics.pools) == [t.cast(t.Any, driver).address]


def test_pool_of_one_held_while_a_second_session_times_out(
    server: FakeBoltServer,
) -> None:
    with driver_for(
        server, max_connection_pool_size=1, connection_acquisition_timeout=0.3
    ) as driver:
        pool: t.Any = t.cast(t.Any, driver)._pool
        address = t.cast(t.Any, driver).address
        waiting_seen: list[int] = []
        wait_for_slot = pool._wait_for_slot

        def spy(*args: t.Any) -> None:
            # runs while the second session waits, outside the lock
            waiting_seen.append(driver.metrics().pool(address).acquiring)
            wait_for_slot(*args)

        pool._wait_for_slot = spy
        with driver.session() as holder:
            tx = holder.begin_transaction()
            before = pool_of(driver)
            with driver.session() as waiter:
                with pytest.raises(ConnectionAcquisitionTimeoutError):
                    waiter.run("1")
            after = pool_of(driver)
            tx.rollback()
        released = pool_of(driver)
    assert waiting_seen and set(waiting_seen) == {1}
    assert (before.in_use, before.acquiring, before.timed_out_to_acquire) == (
        1,
        0,
        0,
    )
    assert (after.in_use, after.acquiring, after.timed_out_to_acquire) == (
        1,
        0,
        1,
    )
    assert after.acquired == before.acquired == 1
    # the timed-out acquisition is counted with its waiting time
    assert after.acquisition_count == before.acquisition_count + 1
    assert after.acquisition_time_total > before.acquisition_time_total
    assert after.max_size == 1
    assert (released.in_use, released.idle) == (0, 1)


def test_closed_connections_are_counted(server: FakeBoltServer) -> None:
    driver = driver_for(server, max_connection_pool_size=3)
    sessions = [driver.session() for _ in range(3)]
    for session in sessions:
        session.run("1")  # each holds its connection
    held = pool_of(driver)
    for session in sessions:
        session.close()
    idle = pool_of(driver)
    driver.close()
    closed = pool_of(driver)
    assert (held.in_use, held.created) == (3, 3)
    assert (idle.in_use, idle.idle, idle.closed) == (0, 3, 0)
    assert (closed.in_use, closed.idle, closed.closed) == (0, 0, 3)
    assert closed.created - closed.closed == closed.in_use + closed.idle


def test_connection_of_a_dropped_address_closes_on_return(
    server: FakeBoltServer,
) -> None:
    with driver_for(server) as driver:
        pool: t.Any = t.cast(t.Any, driver)._pool
        session = driver.session()
        result = session.run("1")  # holds the connection
        pool.deactivate(pool.address)
        dropped = pool_of(driver)
        result.consume()
        session.close()
        returned = pool_of(driver)
    # out of the pool at once, but still working: closed on its return
    assert (dropped.in_use, dropped.idle, dropped.closed) == (0, 0, 0)
    assert dropped.in_use_count == 0
    assert (returned.in_use, returned.idle, returned.closed) == (0, 0, 1)
    assert returned.in_use_count == 1
    assert returned.created == returned.closed


def test_driver_close_ends_the_lending_of_killed_connections(
    server: FakeBoltServer,
) -> None:
    driver = driver_for(server)
    session = driver.session()
    session.run("1")  # holds the connection
    driver.close()
    closed = pool_of(driver)
    assert (closed.in_use, closed.idle, closed.closed) == (0, 0, 1)
    assert closed.in_use_count == 1
    # the borrower giving it back later counts nothing twice
    session.close()
    assert pool_of(driver) == closed


def test_too_old_connection_closed_on_release(
    server: FakeBoltServer,
) -> None:
    with driver_for(server, max_connection_lifetime=0) as driver:
        with driver.session() as session:
            result = session.run("1")
            result.consume()
        pool = pool_of(driver)
    assert (pool.created, pool.closed, pool.in_use, pool.idle) == (1, 1, 0, 0)
    assert pool.in_use_count == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_failed_connection_attempt_is_counted() -> None:
    port = _closed_port()
    with GraphDatabase.driver(
        f"bolt://127.0.0.1:{port}", auth=AUTH, metrics_enabled=True
    ) as driver:
        with pytest.raises(ServiceUnavailable):
            driver.verify_connectivity()
        pool = driver.metrics().pool(f"127.0.0.1:{port}")
    assert pool.failed_to_create == 1
    assert (pool.created, pool.creating, pool.in_use, pool.idle) == (
        0,
        0,
        0,
        0,
    )
    assert pool.acquired == 0


# -- the work ------------------------------------------------------------


def _transient_once() -> t.Callable[..., list[Reply]]:
    failed = [False]

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "RUN" and not failed[0]:
            failed[0] = True
            conn.failed = True
            return [
                (
                    FAILURE,
                    {
                        "code": "Neo.TransientError.Transaction."
                        "DeadlockDetected",
                        "message": "try again",
                    },
                )
            ]
        return default_handler(conn, name, fields)

    return handler


def test_work_counters() -> None:
    with FakeBoltServer(_transient_once()) as server:
        with driver_for(server, initial_retry_delay=0.01) as driver:
            with driver.session() as session:

                def work(tx: t.Any) -> list[t.Any]:
                    result = tx.run("2")
                    values: list[t.Any] = result.value()
                    return values

                # first attempt fails (transient), the second commits
                assert session.execute_write(work) == [0, 1]
                result = session.run("1")
                result.consume()
                tx = session.begin_transaction()
                (tx.run("1")).consume()
                tx.commit()
                tx = session.begin_transaction()
                tx.rollback()
                with session.begin_transaction() as tx:
                    (tx.run("1")).consume()
            records, _, _ = driver.execute_query("1")
            assert len(records) == 1
            metrics = driver.metrics()
    # two attempts of execute_write, one auto-commit, one in the
    # committed explicit tx, one in the context-managed tx, one of
    # execute_query
    assert metrics.queries == 6
    assert metrics.retries == 1
    # execute_write's second attempt, the explicit commit, the context
    # manager's commit and execute_query's
    assert metrics.transactions_committed == 4
    # the failed attempt and the explicit rollback
    assert metrics.transactions_rolled_back == 2
    assert metrics.routing_table_refreshes == 0


def test_snapshot_is_immutable(server: FakeBoltServer) -> None:
    with driver_for(server) as driver:
        driver.execute_query("1")
        metrics = driver.metrics()
        with pytest.raises(dataclasses.FrozenInstanceError):
            metrics.queries = 0  # type: ignore[misc]
        pool = metrics.pool(t.cast(t.Any, driver).address)
        with pytest.raises(dataclasses.FrozenInstanceError):
            pool.idle = 5  # type: ignore[misc]
        with pytest.raises(TypeError):
            metrics.pools[pool.address] = pool  # type: ignore[index]
        driver.execute_query("1")
        assert metrics.queries == 1
        assert driver.metrics().queries == 2


def test_query_api_driver_counts_work_only() -> None:
    # no connection is made: the Query API driver has no Bolt pool
    with pytest.warns(PreviewWarning):
        driver = GraphDatabase.driver(
            "http://localhost:7474", auth=AUTH, metrics_enabled=True
        )
    try:
        metrics = driver.metrics()
    finally:
        driver.close()
    assert dict(metrics.pools) == {}
    assert metrics.queries == 0


# -- fork --------------------------------------------------------------


def test_forked_child_pool_starts_from_no_connections(
    server: FakeBoltServer,
) -> None:
    # what the os.register_at_fork hook runs in a child, run here: the
    # inherited connections are counted closed, none stays lent
    driver = driver_for(server)
    with driver, driver.session() as session:
        (session.run("1")).consume()
        session.begin_transaction()
        before = pool_of(driver)
        assert (before.in_use, before.idle) == (1, 0)
        inner: t.Any = driver
        inner._pool.after_fork_in_child()
        after = pool_of(driver)
        assert (after.in_use, after.idle, after.creating) == (0, 0, 0)
        assert after.closed == before.closed + 1
        assert not inner._pool._observation._lent_at
