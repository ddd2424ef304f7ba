"""Using a result or a transaction after its task was cancelled in the
middle of I/O (asyncio only: the sync driver has no task cancellation).

As with the official driver 6.4.1: the cancelled call raises
``CancelledError``; the connection is killed and its pool slot freed; a
cancelled result raises ``ResultFailedError`` from then on, a cancelled
transaction is closed (``TransactionError: Transaction closed``, and
``close()`` is a no-op); the session goes on with a new connection.
"""

from __future__ import annotations

import asyncio
import typing as t

import pytest

from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from neo4j.exceptions import ResultFailedError, TransactionError
from tests.unit.async_.fake_bolt import (
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


RESULT_FAILED = (
    "The result has failed. Either this result or another result in the "
    "same transaction has encountered an error."
)


def _hanging(
    conn: FakeConnection, name: str, fields: list[t.Any]
) -> list[Reply]:
    """``RUN "hang-run"`` is never answered; after ``RUN "hang-pull"``
    the PULL is never answered."""
    if name == "RUN" and fields[0] == "hang-run":
        return ["hang"]
    if name == "RUN":
        conn.hang_pull = fields[0] == "hang-pull"  # type: ignore[attr-defined]
    if name == "PULL" and getattr(conn, "hang_pull", False):
        return ["hang"]
    return default_handler(conn, name, fields)


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer(_hanging) as srv:
        yield srv


def _driver(server: FakeBoltServer) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        server.uri,
        auth=("neo4j", "pass"),
        max_connection_pool_size=1,
        connection_acquisition_timeout=3,
    )


async def _cancel_when_sent(
    server: FakeBoltServer,
    driver: AsyncDriver,
    request: str,
    coro: t.Awaitable[t.Any],
) -> list[t.Any]:
    """Run ``coro`` as a task and cancel it once the server received
    ``request`` and the task waits for the reply.

    :returns: the connections in use when the task was cancelled
    """
    task = asyncio.ensure_future(coro)
    for _ in range(500):
        if any(request in names for names in server.requests()):
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError(f"{request} never arrived")
    # the request may have been sent before the task started (run()
    # sends RUN and PULL together): let the task run to its read
    for _ in range(10):
        await asyncio.sleep(0)
    assert not task.done()
    in_use = _pooled(driver)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    return in_use


def _killed(conns: list[t.Any]) -> None:
    """The connection the cancelled task used was killed (a close would
    have gone through the pool and said GOODBYE)."""
    assert len(conns) == 1
    assert conns[0].closed
    assert conns[0].defunct


def _pooled(driver: AsyncDriver) -> list[t.Any]:
    pool: t.Any = driver._pool
    return list(pool._state.all_connections())


async def test_result_after_cancelled_consume(server: FakeBoltServer) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        result = await session.run("hang-pull")
        in_use = await _cancel_when_sent(
            server, driver, "PULL", result.consume()
        )
        _killed(in_use)
        assert _pooled(driver) == []
        for use in (result.consume, result.values, result.single):
            with pytest.raises(ResultFailedError) as info:
                await use()
            assert str(info.value) == RESULT_FAILED
        # the session goes on (the only pool slot was freed)
        assert await (await session.run("2")).value() == [0, 1]
        await session.close()
    assert len(server.connections) == 2


async def test_result_iteration_after_cancellation(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        result = await session.run("hang-pull")

        async def iterate() -> None:
            async for _ in result:
                pass

        in_use = await _cancel_when_sent(server, driver, "PULL", iterate())
        _killed(in_use)
        with pytest.raises(ResultFailedError):
            await result.fetch(1)
        with pytest.raises(ResultFailedError):
            await result.peek()
        await session.close()
        records, _, _ = await driver.execute_query("2")
        assert [r[0] for r in records] == [0, 1]


async def test_transaction_after_cancelled_run(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        tx = await session.begin_transaction()
        in_use = await _cancel_when_sent(
            server, driver, "RUN", tx.run("hang-run")
        )
        _killed(in_use)
        assert tx.closed()
        assert _pooled(driver) == []
        for use in (lambda: tx.run("1"), tx.commit, tx.rollback):
            with pytest.raises(TransactionError) as info:
                await use()
            assert str(info.value) == "Transaction closed"
        await tx.close()  # no-op
        # the session begins anew on a new connection
        tx2 = await session.begin_transaction()
        assert await (await tx2.run("3")).value() == [0, 1, 2]
        await tx2.commit()
        await session.close()
    assert len(server.connections) == 2
    assert "COMMIT" not in server.requests()[0]
    assert "COMMIT" in server.requests()[1]


async def test_transaction_result_after_cancellation(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        tx = await session.begin_transaction()
        result = await tx.run("hang-pull")
        in_use = await _cancel_when_sent(
            server, driver, "PULL", result.consume()
        )
        _killed(in_use)
        assert tx.closed()
        with pytest.raises(ResultFailedError):
            await result.values()
        with pytest.raises(TransactionError, match=r"^Transaction closed$"):
            await tx.commit()
        assert await (await session.run("2")).value() == [0, 1]
        await session.close()
    assert len(server.connections) == 2


async def test_cancelled_transaction_function_leaves_the_session_usable(
    server: FakeBoltServer,
) -> None:
    async def work(tx: t.Any) -> t.Any:
        return await (await tx.run("hang-run")).value()

    async with _driver(server) as driver:
        session = driver.session()
        in_use = await _cancel_when_sent(
            server, driver, "RUN", session.execute_write(work)
        )
        _killed(in_use)
        assert _pooled(driver) == []
        assert await (await session.run("2")).value() == [0, 1]
        await session.close()
    assert len(server.connections) == 2
