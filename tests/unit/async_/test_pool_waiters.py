"""Pool wake-ups: releases notify sleeping acquirers, and only them."""

from __future__ import annotations

import asyncio
import typing as t

import pytest

from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from neo4j._async_compat import AsyncUtil

from .fake_bolt import FakeBoltServer, FakeConnection, Reply, default_handler


AUTH = ("neo4j", "pass")


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def driver_for(server: FakeBoltServer, **config: t.Any) -> AsyncDriver:
    return AsyncGraphDatabase.driver(server.uri, auth=AUTH, **config)


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


async def test_release_without_waiters_skips_notify(
    server: FakeBoltServer,
) -> None:
    async with driver_for(server) as driver:
        pool: t.Any = driver._pool
        spy = NotifySpy(pool)
        async with driver.session() as session:
            for _ in range(3):
                result = await session.run("2")
                assert await result.value() == [0, 1]
        assert spy.count == 0
        assert pool._waiters == 0


async def test_release_wakes_a_waiting_acquirer(
    server: FakeBoltServer,
) -> None:
    if not AsyncUtil.is_async_code:
        pytest.skip("concurrent acquirers need tasks")
    async with driver_for(
        server, max_connection_pool_size=1, connection_acquisition_timeout=30
    ) as driver:
        pool: t.Any = driver._pool
        spy = NotifySpy(pool)
        holder = driver.session(fetch_size=1)
        result = await holder.run("3")  # keeps the only connection busy

        async def other() -> list[t.Any]:
            async with driver.session() as session:
                return t.cast(
                    "list[t.Any]", await (await session.run("2")).value()
                )

        task = asyncio.ensure_future(other())
        while pool._waiters == 0:
            await asyncio.sleep(0.001)
        assert await result.value() == [0, 1, 2]
        await holder.close()
        assert await task == [0, 1]
        assert spy.count >= 1
        assert pool._waiters == 0
    assert len(server.connections) == 1


async def test_cancel_while_opening_after_driver_close() -> None:
    if not AsyncUtil.is_async_code:
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
            await asyncio.sleep(0.001)
        await driver.close()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        session.cancel()
        pool: t.Any = driver._pool
        assert pool._state.all_connections() == []
        assert pool.size(pool.address) == 0
