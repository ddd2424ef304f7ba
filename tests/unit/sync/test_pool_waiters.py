# This file is generated from tests/unit/async_/test_pool_waiters.py by bin/make-unasync; do not edit.
# make-unasync digest: 860c71cbd9949cccfee5f834f4b78e7848088a885d9dd6db4ac7cb020bdd294c
"""Pool wake-ups: releases notify sleeping acquirers, and only them."""

from __future__ import annotations

import asyncio
import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j._async_compat import Util

from .fake_bolt import FakeBoltServer, FakeConnection, Reply, default_handler


AUTH = ("neo4j", "pass")


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


class NotifySpy:
    """Stands in for the pool's condition, counting ``notify_all``."""

    def __init__(self, pool: t.Any) -> None:
        self.count = 0
        self._cond = pool._cond
        pool._cond = self

    def notify_all(self) -> None:
        self.count += 1
        self._cond.notify_all()

    def __getattr__(self, name: str) -> t.Any:
        return getattr(self._cond, name)


def test_release_without_waiters_skips_notify(
    server: FakeBoltServer,
) -> None:
    with driver_for(server) as driver:
        pool: t.Any = driver._pool
        spy = NotifySpy(pool)
        with driver.session() as session:
            for _ in range(3):
                result = session.run("2")
                assert result.value() == [0, 1]
        assert spy.count == 0
        assert pool._waiters == 0


def test_release_wakes_a_waiting_acquirer(
    server: FakeBoltServer,
) -> None:
    if not Util.is_async_code:
        pytest.skip("concurrent acquirers need tasks")
    with driver_for(
        server, max_connection_pool_size=1, connection_acquisition_timeout=30
    ) as driver:
        pool: t.Any = driver._pool
        spy = NotifySpy(pool)
        holder = driver.session(fetch_size=1)
        result = holder.run("3")  # keeps the only connection busy

        def other() -> list[t.Any]:
            with driver.session() as session:
                return t.cast("list[t.Any]", (session.run("2")).value())

        task = asyncio.ensure_future(other())
        while pool._waiters == 0:
            asyncio.sleep(0.001)
        assert result.value() == [0, 1, 2]
        holder.close()
        assert task == [0, 1]
        assert spy.count >= 1
        assert pool._waiters == 0
    assert len(server.connections) == 1


def test_cancel_while_opening_after_driver_close() -> None:
    if not Util.is_async_code:
        pytest.skip("cancellation is an asyncio feature")
    hello_seen = []

    def hang_on_hello(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "HELLO":
            hello_seen.append(conn.number)
            return ["hang"]
        return default_handler(conn, name, fields)

    with FakeBoltServer(hang_on_hello) as server:
        driver = driver_for(server, connection_timeout=30)
        session = driver.session()
        task = asyncio.ensure_future(session.run("1"))
        while not hello_seen:
            asyncio.sleep(0.001)
        driver.close()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            task
        session.cancel()
        pool: t.Any = driver._pool
        assert pool._state.all_connections() == []
        assert pool.size(pool.address) == 0
