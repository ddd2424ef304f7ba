"""Drop-in fidelity of the work layer (issue 9): cancelling keeps the
session usable, a parameter that cannot be encoded leaves the
transaction (and the connection) as it was, and errors surface in the
official driver's order."""

from __future__ import annotations

import typing as t

import pytest

from neo4j import Query
from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from neo4j._async.io import AsyncBoltConnection
from neo4j.exceptions import (
    ClientError,
    IncompleteCommit,
    ResultFailedError,
    ServiceUnavailable,
    TransactionError,
)

from .fake_bolt import (
    SUCCESS,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
    failure,
)


class _Interrupt(BaseException):
    """Stands in for a cancellation or KeyboardInterrupt."""


def _driver(server: FakeBoltServer, **config: t.Any) -> AsyncDriver:
    config.setdefault("max_connection_pool_size", 1)
    config.setdefault("connection_acquisition_timeout", 5)
    return AsyncGraphDatabase.driver(
        server.uri, auth=("neo4j", "pass"), **config
    )


def _names(server: FakeBoltServer) -> list[str]:
    return [name for names in server.requests() for name in names]


def _after_hello(server: FakeBoltServer) -> list[str]:
    return [
        n for n in _names(server) if n not in {"HELLO", "LOGON", "GOODBYE"}
    ]


async def _one(session: t.Any) -> list[t.Any]:
    return t.cast("list[t.Any]", await (await session.run("2")).value())


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


# -- session.cancel() ----------------------------------------------------


async def test_cancel_keeps_the_session_open(server: FakeBoltServer) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        await (await session.run("1")).consume()
        session.cancel()
        assert not session.closed()
        assert await _one(session) == [0, 1]
        assert list((await session.last_bookmarks()).raw_values) == []
        await session.close()
        assert session.closed()
    # an idle session holds no connection: nothing was killed
    assert len(server.connections) == 1


async def test_cancel_leaves_no_dead_result_behind(
    server: FakeBoltServer,
) -> None:
    async with _driver(server, fetch_size=2) as driver:
        session = driver.session()
        old = await session.run("10")
        session.cancel()
        # the session starts afresh: run, transactions, bookmarks work
        assert await _one(session) == [0, 1]
        assert list((await session.last_bookmarks()).raw_values) == []
        tx = await session.begin_transaction()
        await (await tx.run("1")).consume()
        await tx.commit()
        assert len((await session.last_bookmarks()).raw_values) == 1
        # the old result reads from its killed connection
        with pytest.raises(ServiceUnavailable):
            await old.consume()
        with pytest.raises(ResultFailedError):
            await old.fetch(1)
        # ... and never touched the session's new connection
        assert await _one(session) == [0, 1]
        await session.close()


async def test_cancel_with_open_transaction(server: FakeBoltServer) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        tx = await session.begin_transaction()
        result = await tx.run("3")
        session.cancel()
        assert not session.closed()
        assert not tx.closed()
        with pytest.raises(ServiceUnavailable):
            await tx.run("1")
        with pytest.raises(TransactionError, match="failed"):
            await tx.commit()
        await tx.close()
        with pytest.raises(ResultFailedError):
            await result.consume()
        # the transaction's failure did not reach the session
        tx2 = await session.begin_transaction()
        assert await (await tx2.run("2")).value() == [0, 1]
        await tx2.commit()
        assert len((await session.last_bookmarks()).raw_values) == 1
        await session.close()
    assert "COMMIT" in server.requests()[1]


async def test_commit_after_cancel_is_not_an_incomplete_commit(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        tx = await session.begin_transaction()
        session.cancel()
        with pytest.raises(ServiceUnavailable) as caught:
            await tx.commit()
        assert not isinstance(caught.value, IncompleteCommit)
        assert tx.closed()
        with pytest.raises(TransactionError, match="closed"):
            await tx.rollback()
        assert await _one(session) == [0, 1]
        await session.close()


async def test_stale_transaction_cancel_spares_the_new_connection(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        old = await session.begin_transaction()
        session.cancel()
        result = await session.run("3")
        old.cancel()  # must not kill the connection of `result`
        assert await result.value() == [0, 1, 2]
        await session.close()
    assert len(server.connections) == 2


async def test_interrupted_session_block_closes_the_session(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        with pytest.raises(_Interrupt):
            async with session:
                await (await session.run("1")).consume()
                raise _Interrupt
        assert session.closed()
        # the slot was freed
        assert (await driver.execute_query("2")).records[1][0] == 1


# every (work, I/O call) pair the work really goes through: fetch_all
# only drains stray replies, and a bare run() reads no records
_INTERRUPTION_POINTS = [
    (work, point)
    for work in ("run", "iterate", "consume", "managed", "explicit")
    for point in ("send_all", "fetch", "fetch_records")
    if (work, point) != ("run", "fetch_records")
]


@pytest.mark.parametrize(("work", "point"), _INTERRUPTION_POINTS)
async def test_interruption_mid_io_keeps_the_session(
    server: FakeBoltServer,
    monkeypatch: pytest.MonkeyPatch,
    point: str,
    work: str,
) -> None:
    armed = [False]
    hit = [0]
    original = getattr(AsyncBoltConnection, point)

    async def interrupted(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if armed[0]:
            armed[0] = False
            hit[0] += 1
            raise _Interrupt
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(AsyncBoltConnection, point, interrupted)

    async def managed(tx: t.Any) -> list[t.Any]:
        return t.cast("list[t.Any]", await (await tx.run("5")).value())

    async with _driver(server, fetch_size=2) as driver:
        session = driver.session()
        await (await session.run("1")).consume()  # a pooled connection
        armed[0] = True
        try:
            if work == "run":
                await session.run("5")
            elif work == "iterate":
                result = await session.run("5")
                async for _ in result:
                    pass
            elif work == "consume":
                await (await session.run("5")).consume()
            elif work == "managed":
                await session.execute_write(managed)
            else:
                tx = await session.begin_transaction()
                await (await tx.run("5")).value()
                await tx.commit()
        except _Interrupt:
            pass
        assert not armed[0], f"{work} did not call {point}"
        assert hit[0] == 1
        assert not session.closed()
        # every later call works and gets the pool's only slot (no dead
        # result is left for last_bookmarks() to trip over)
        assert list((await session.last_bookmarks()).raw_values) == []
        assert await _one(session) == [0, 1]
        assert await session.execute_read(managed) == [0, 1, 2, 3, 4]
        tx = await session.begin_transaction()
        await tx.commit()
        await session.close()
        other = driver.session()
        assert await _one(other) == [0, 1]
        await other.close()


# -- parameters that cannot be encoded ----------------------------------


async def test_unencodable_parameter_leaves_transaction_open(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        tx = await session.begin_transaction()
        await (await tx.run("1")).consume()
        with pytest.raises(ValueError, match="not supported"):
            await tx.run("RETURN $x", x=object())
        with pytest.raises(TypeError, match="Map keys must be strings"):
            await tx.run("RETURN $x", {1: 2})  # type: ignore[dict-item]
        assert not tx.closed()
        assert await (await tx.run("2")).value() == [0, 1]
        bookmark = await tx.commit()
        assert bookmark is not None
        assert list((await session.last_bookmarks()).raw_values) == [bookmark]
        await session.close()
    assert _after_hello(server) == [
        "BEGIN", "RUN", "PULL", "RUN", "PULL", "COMMIT",
    ]  # fmt: skip


async def test_unencodable_parameter_in_auto_commit_sends_nothing(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver:
        session = driver.session()
        with pytest.raises(ValueError, match="not supported"):
            await session.run("RETURN $x", x=[1, {"a": object()}])
        assert await _one(session) == [0, 1]
        await session.close()
    assert _after_hello(server) == ["RUN", "PULL"]


async def test_unencodable_parameter_in_transaction_function(
    server: FakeBoltServer,
) -> None:
    seen: list[str] = []

    async def work(tx: t.Any) -> list[t.Any]:
        try:
            await tx.run("RETURN $x", x=object())
        except ValueError as exc:
            seen.append(type(exc).__name__)
        return t.cast("list[t.Any]", await (await tx.run("2")).value())

    async with _driver(server) as driver:
        async with driver.session() as session:
            assert await session.execute_write(work) == [0, 1]
        with pytest.raises(ValueError, match="not supported"):
            await driver.execute_query("RETURN $x", x=object())
        assert (await driver.execute_query("2")).records[1][0] == 1
    assert len(seen) == 1
    names = _after_hello(server)
    # the failed execute_query rolled back cleanly: no RESET needed
    assert "RESET" not in names
    assert names.count("ROLLBACK") == 1


async def test_unencodable_parameter_drops_queued_telemetry() -> None:
    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "HELLO":
            return [
                (SUCCESS, {"server": "Fake/1.0", "connection_id": "c1",
                           "hints": {"telemetry.enabled": True}})
            ]  # fmt: skip
        return default_handler(conn, name, fields)

    with FakeBoltServer(handler) as srv:
        async with _driver(srv) as driver:
            session = driver.session()
            with pytest.raises(ValueError):
                await session.run("RETURN $x", x=object())
            with pytest.raises(ValueError):
                await session.begin_transaction(metadata={"a": object()})
            assert await _one(session) == [0, 1]
            await session.close()
        assert _after_hello(srv) == ["TELEMETRY", "RUN", "PULL"]


async def test_begin_failure_wins_over_parameter_error() -> None:
    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "BEGIN" and fields[0].get("db") == "nope":
            return [failure("Neo.ClientError.Database.DatabaseNotFound")]
        return default_handler(conn, name, fields)

    with FakeBoltServer(handler) as srv:
        async with _driver(srv) as driver:
            with pytest.raises(ClientError, match="boom"):
                await driver.execute_query(
                    "RETURN $x", x=object(), database_="nope"
                )
            # the connection came back usable
            assert (await driver.execute_query("2")).records[0][0] == 0


async def test_metadata_is_checked_before_timeout(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver, driver.session() as session:
        with pytest.raises(TypeError, match="Metadata"):
            await session.begin_transaction(
                metadata=5,  # type: ignore[arg-type]
                timeout="x",  # type: ignore[arg-type]
            )
        with pytest.raises(TypeError, match="Metadata"):
            await session.run(Query("1", metadata=5, timeout="x"))  # type: ignore[arg-type]
        assert await _one(session) == [0, 1]


async def test_connection_error_comes_before_parameter_error() -> None:
    driver = AsyncGraphDatabase.driver(
        "bolt://127.0.0.1:1",
        auth=("neo4j", "pass"),
        connection_timeout=1,
        connection_acquisition_timeout=2,
    )
    async with driver, driver.session() as session:
        with pytest.raises(ServiceUnavailable):
            await session.run("RETURN $x", x=object())
        with pytest.raises(ServiceUnavailable):
            await session.begin_transaction(metadata={"a": object()})
        with pytest.raises(ServiceUnavailable):
            await session.begin_transaction(timeout=-1)
