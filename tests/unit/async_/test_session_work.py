"""Session, transaction and result rules that the fake Bolt server can
show: argument checks, what ends a transaction, retry logging and the
errors of a result that can no longer be read."""

from __future__ import annotations

import logging
import typing as t

import pytest

from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from neo4j._async_compat import AsyncUtil
from neo4j.exceptions import (
    ClientError,
    ResultConsumedError,
    ResultFailedError,
    TransactionError,
    TransientError,
)

from .fake_bolt import (
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
    failure,
)


class _Interrupt(BaseException):
    """Stands in for a cancellation or KeyboardInterrupt."""


def _driver(server: FakeBoltServer, **config: t.Any) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        server.uri, auth=("neo4j", "pass"), **config
    )


def _names(server: FakeBoltServer) -> list[str]:
    return [name for names in server.requests() for name in names]


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


@pytest.mark.parametrize(
    ("query", "error", "match"),
    [
        ("", ValueError, "empty query"),
        (None, ValueError, "empty query"),
        (42, TypeError, "int"),
        (b"RETURN 1", TypeError, "bytes"),
    ],
)
async def test_run_rejects_bad_queries_before_sending(
    server: FakeBoltServer, query: t.Any, error: type[Exception], match: str
) -> None:
    async with _driver(server) as driver, driver.session() as session:
        with pytest.raises(error, match=match):
            await session.run(query)
    assert "RUN" not in _names(server)


async def test_transaction_function_must_be_callable(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver, driver.session() as session:
        with pytest.raises(TypeError, match="callable"):
            await session.execute_write(
                "not a function"  # type: ignore[arg-type]
            )
    assert "BEGIN" not in _names(server)


async def test_begin_transaction_consumes_the_open_result(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver, driver.session() as session:
        result = await session.run("3")
        tx = await session.begin_transaction()
        assert result.closed()
        with pytest.raises(ResultConsumedError, match="consume"):
            await result.fetch(1)
        await tx.commit()
    names = _names(server)
    assert names.index("BEGIN") > names.index("PULL")


async def test_last_bookmarks_consumes_the_open_result(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver, driver.session() as session:
        result = await session.run("2")
        assert list((await session.last_bookmarks()).raw_values) == []
        assert result.closed()
        tx = await session.begin_transaction()
        await tx.commit()
        bookmarks = await session.last_bookmarks()
    assert len(bookmarks.raw_values) == 1


@pytest.mark.parametrize(
    ("raised", "ending"),
    [(None, "COMMIT"), (ValueError, "ROLLBACK")],
)
async def test_transaction_context_ends_by_outcome(
    server: FakeBoltServer,
    raised: type[Exception] | None,
    ending: str,
) -> None:
    async with _driver(server) as driver, driver.session() as session:
        try:
            async with await session.begin_transaction() as tx:
                await (await tx.run("1")).consume()
                if raised is not None:
                    raise raised("user code")
        except ValueError:
            assert raised is ValueError
        assert tx.closed()
    names = _names(server)
    assert ending in names
    assert {"COMMIT", "ROLLBACK"} - {ending} & set(names) == set()


async def test_interrupted_transaction_context_kills_the_connection(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver, driver.session() as session:
        with pytest.raises(_Interrupt):
            async with await session.begin_transaction() as tx:
                await (await tx.run("1")).consume()
                raise _Interrupt
        assert tx.closed()
        # the session goes on with a fresh connection
        assert await (await session.run("2")).value() == [0, 1]
    names = _names(server)
    assert "COMMIT" not in names
    assert "ROLLBACK" not in names
    assert len(server.connections) == 2


async def test_failing_transaction_function_is_rolled_back(
    server: FakeBoltServer,
) -> None:
    async def work(tx: t.Any) -> None:
        await (await tx.run("1")).consume()
        raise ValueError("user bug")

    async with _driver(server) as driver, driver.session() as session:
        with pytest.raises(ValueError, match="user bug"):
            await session.execute_write(work)
    names = _names(server)
    assert "ROLLBACK" in names
    assert "COMMIT" not in names


async def test_interrupted_transaction_function_is_not_retried(
    server: FakeBoltServer,
) -> None:
    calls = []

    async def work(tx: t.Any) -> None:
        calls.append(1)
        await (await tx.run("1")).consume()
        raise _Interrupt

    async with _driver(server) as driver, driver.session() as session:
        with pytest.raises(_Interrupt):
            await session.execute_read(work)
    assert calls == [1]
    assert "ROLLBACK" not in _names(server)


async def test_transaction_function_retries_log_to_session_logger(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def no_sleep(seconds: float) -> None:
        pass

    monkeypatch.setattr(AsyncUtil, "sleep", no_sleep)
    commits = [0]

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "COMMIT" and not conn.failed and commits[0] == 0:
            commits[0] += 1
            return [failure("Neo.TransientError.General.Busy", "so busy")]
        return default_handler(conn, name, fields)

    async def work(tx: t.Any) -> list[t.Any]:
        return t.cast("list[t.Any]", await (await tx.run("2")).value())

    with FakeBoltServer(handler) as srv:
        async with _driver(srv) as driver, driver.session() as session:
            with caplog.at_level(logging.WARNING, logger="neo4j"):
                assert await session.execute_write(work) == [0, 1]
    retry_logs = [r for r in caplog.records if "so busy" in r.getMessage()]
    assert len(retry_logs) == 1
    assert retry_logs[0].name == "neo4j.session"
    assert (
        retry_logs[0]
        .getMessage()
        .startswith("Transaction failed and will be retried in ")
    )


async def test_retry_gives_up_on_non_retryable_error_without_sleeping(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    monkeypatch.setattr(AsyncUtil, "sleep", fake_sleep)

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "COMMIT" and not conn.failed:
            return [failure("Neo.ClientError.General.Nope", "nope")]
        return default_handler(conn, name, fields)

    async def work(tx: t.Any) -> None:
        await (await tx.run("1")).consume()

    with FakeBoltServer(handler) as srv:
        async with _driver(srv) as driver, driver.session() as session:
            with pytest.raises(ClientError, match="nope"):
                await session.execute_write(work)
    assert sleeps == []


async def test_failed_result_reports_its_failure_after_the_end() -> None:
    pulls = [0]

    def first_pull_fails(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "PULL" and not conn.failed and pulls[0] == 0:
            pulls[0] += 1
            return [failure("Neo.TransientError.General.Busy", "pull broke")]
        return default_handler(conn, name, fields)

    with FakeBoltServer(first_pull_fails) as srv:
        async with _driver(srv) as driver, driver.session() as session:
            result = await session.run("3")
            with pytest.raises(TransientError, match="pull broke"):
                await result.fetch(1)
            for _ in range(2):
                with pytest.raises(ResultFailedError) as iter_info:
                    await result.__anext__()
                assert isinstance(iter_info.value.__cause__, TransientError)
                with pytest.raises(ResultFailedError) as consume_info:
                    await result.consume()
                cause = consume_info.value.__cause__
                assert isinstance(cause, TransientError)
            assert not result.closed()
            # the session is usable again
            assert await (await session.run("x")).value() == ["x"]


async def test_iterating_a_consumed_result(server: FakeBoltServer) -> None:
    async with _driver(server) as driver, driver.session() as session:
        result = await session.run("3")
        summary = await result.consume()
        with pytest.raises(ResultConsumedError, match="consume"):
            await result.__anext__()
        with pytest.raises(ResultConsumedError, match="consume"):
            await result.graph()
        assert await result.consume() is summary


async def test_result_of_a_committed_transaction_is_out_of_scope(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver, driver.session() as session:
        tx = await session.begin_transaction()
        result = await tx.run("4")
        await tx.commit()
        for read in (result.peek, result.__anext__, result.consume):
            with pytest.raises(ResultConsumedError) as info:
                await read()
            message = str(info.value).lower()
            # testkit looks for these words
            assert "closed" in message
            assert "transaction" in message


async def test_single_exhausts_and_warns_on_more_records(
    server: FakeBoltServer,
) -> None:
    async with (
        _driver(server, fetch_size=1) as driver,
        driver.session() as session,
    ):
        result = await session.run("5")
        with pytest.warns(UserWarning, match="multiple"):
            record = await result.single()
        assert record is not None and record["x"] == 0
        assert await result.single() is None
        summary = await result.consume()
        assert summary.query == "5"


async def test_transaction_refuses_work_after_it_ended(
    server: FakeBoltServer,
) -> None:
    async with _driver(server) as driver, driver.session() as session:
        tx = await session.begin_transaction()
        await tx.rollback()
        with pytest.raises(TransactionError, match="Transaction closed"):
            await tx.run("1")
        with pytest.raises(TransactionError, match="Transaction closed"):
            await tx.rollback()
        await tx.close()  # a no-op once ended
