"""Tests of asyncio-only behaviour: task cancellation and waiting tasks.

They live outside ``tests/unit/async_`` so that ``bin/make-unasync`` does
not generate sync twins that could only skip: the sync driver has no task
cancellation (its concurrency is threads, covered by the pool tests).
"""

from __future__ import annotations

import asyncio
import typing as t

import pytest

from tests.unit.async_.fake_bolt import (
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)
from tests.unit.async_.test_driver_fake import Recorder, driver_for
from tests.unit.async_.test_pool_waiters import NotifySpy


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


async def test_cancellation_never_leaks_a_slot() -> None:
    def hang_on_run(
        conn: FakeConnection, fields: list[t.Any]
    ) -> list[Reply] | None:
        if fields[0] == "hang":
            return ["hang"]
        return None

    with FakeBoltServer(Recorder({"RUN": hang_on_run})) as server:
        async with driver_for(
            server,
            max_connection_pool_size=1,
            connection_acquisition_timeout=2,
        ) as driver:
            session = driver.session()

            async def work() -> None:
                try:
                    await session.run("hang")
                except asyncio.CancelledError:
                    session.cancel()
                    raise

            task = asyncio.create_task(work())
            while not any("RUN" in r for r in server.requests()):
                await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await session.close()  # no-op after cancel
            async with driver.session() as other:
                assert await (await other.run("ok")).value() == ["ok"]
        # the cancelled connection was killed, not reused
        assert len(server.connections) == 2


async def test_release_wakes_a_waiting_acquirer(
    server: FakeBoltServer,
) -> None:
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
