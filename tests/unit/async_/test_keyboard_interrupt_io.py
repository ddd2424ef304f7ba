"""``KeyboardInterrupt`` raised by a socket read in the middle of the
work (async twin): it reaches the caller unchanged, the connection it
interrupted is killed (never pooled, no ``GOODBYE``: its state is
unknown), its pool slot is freed, and the session goes on.

The interrupt comes from the driver's own socket class
(``AsyncBoltSocket.recv``, ``BoltSocket.recv`` in the sync twin),
patched to raise on the read after the request was sent.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from neo4j._async_compat import AsyncBoltSocket, AsyncUtil

from .fake_bolt import FakeBoltServer, FakeConnection


AUTH = ("neo4j", "pass")


class _Trap:
    """Makes the next socket read raise ``KeyboardInterrupt``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.armed = False
        self.sprung = 0
        original = AsyncBoltSocket.recv

        def recv(sock: AsyncBoltSocket) -> t.Any:
            if self.armed:
                self.armed = False
                self.sprung += 1
                raise KeyboardInterrupt
            return original(sock)

        monkeypatch.setattr(AsyncBoltSocket, "recv", recv)


@pytest.fixture
def trap(monkeypatch: pytest.MonkeyPatch) -> _Trap:
    return _Trap(monkeypatch)


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def _driver(server: FakeBoltServer) -> AsyncDriver:
    # one slot: work after the interrupt proves it was freed
    return AsyncGraphDatabase.driver(
        server.uri,
        auth=AUTH,
        max_connection_pool_size=1,
        connection_acquisition_timeout=3,
    )


async def _until_closed(conn: FakeConnection) -> None:
    """Wait (at most 5 s) until the server saw the connection end."""
    for _ in range(500):
        if conn.closed:
            return
        await AsyncUtil.sleep(0.01)
    raise AssertionError("the server still sees the connection open")


def _pooled(driver: AsyncDriver) -> list[t.Any]:
    pool: t.Any = driver._pool
    return list(pool._state.all_connections())


async def _interrupted(work: str, session: t.Any) -> None:
    async def read(tx: t.Any) -> t.Any:
        return await (await tx.run("5")).value()

    if work == "run":
        await session.run("5")
    elif work == "consume":
        result = await session.run("5")
        await result.consume()
    elif work == "begin":
        await session.begin_transaction()
    elif work == "transaction":
        tx = await session.begin_transaction()
        await (await tx.run("5")).value()
    else:
        await session.execute_read(read)


WORK = ["run", "consume", "begin", "transaction", "managed"]


@pytest.mark.parametrize("work", WORK)
async def test_interrupt_kills_the_connection_and_frees_the_slot(
    server: FakeBoltServer, trap: _Trap, work: str
) -> None:
    async with _driver(server) as driver:
        session = driver.session(fetch_size=2)
        assert await (await session.run("1")).value() == [0]
        (interrupted,) = _pooled(driver)
        if work == "consume":
            result = await session.run("5")
            trap.armed = True
            with pytest.raises(KeyboardInterrupt):
                # the first batch arrived with the RUN reply: reading
                # the rest needs the socket
                await result.consume()
        else:
            trap.armed = True
            with pytest.raises(KeyboardInterrupt):
                await _interrupted(work, session)
        assert trap.sprung == 1
        assert interrupted.closed or interrupted.defunct
        assert _pooled(driver) == []
        # the same session and another one work, on a new connection
        assert await (await session.run("2")).value() == [0, 1]
        await session.close()
        records, _, _ = await driver.execute_query("3")
        assert [r[0] for r in records] == [0, 1, 2]
        (fresh,) = _pooled(driver)
        assert fresh is not interrupted
    assert len(server.connections) == 2
    # the interrupted connection was killed, not said goodbye to
    await _until_closed(server.connections[0])
    assert "GOODBYE" not in server.requests()[0]


async def test_interrupt_inside_a_session_block_closes_the_session(
    server: FakeBoltServer, trap: _Trap
) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        with pytest.raises(KeyboardInterrupt):
            async with session:
                trap.armed = True
                await session.run("5")
        assert session.closed()
        assert _pooled(driver) == []
        records, _, _ = await driver.execute_query("2")
        assert [r[0] for r in records] == [0, 1]
    assert len(server.connections) == 2
