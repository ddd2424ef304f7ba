# This file is generated from tests/unit/async_/test_session_work.py by bin/make-unasync; do not edit.
# make-unasync digest: 2e6ed10c392dc5a7f91f0e3d0a78d84abb623a44d75c1dea5862e9a2f9d27fbc
"""Session, transaction and result rules that the fake Bolt server can
show: argument checks, what ends a transaction, retry logging and the
errors of a result that can no longer be read."""

from __future__ import annotations

import logging
import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j._async_compat import Util
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


def _driver(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=("neo4j", "pass"), **config)


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
def test_run_rejects_bad_queries_before_sending(
    server: FakeBoltServer, query: t.Any, error: type[Exception], match: str
) -> None:
    with _driver(server) as driver, driver.session() as session:
        with pytest.raises(error, match=match):
            session.run(query)
    assert "RUN" not in _names(server)


def test_transaction_function_must_be_callable(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver, driver.session() as session:
        with pytest.raises(TypeError, match="callable"):
            session.execute_write(
                "not a function"  # type: ignore[arg-type]
            )
    assert "BEGIN" not in _names(server)


def test_begin_transaction_consumes_the_open_result(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver, driver.session() as session:
        result = session.run("3")
        tx = session.begin_transaction()
        assert result.closed()
        with pytest.raises(ResultConsumedError, match="consume"):
            result.fetch(1)
        tx.commit()
    names = _names(server)
    assert names.index("BEGIN") > names.index("PULL")


def test_last_bookmarks_consumes_the_open_result(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver, driver.session() as session:
        result = session.run("2")
        assert list((session.last_bookmarks()).raw_values) == []
        assert result.closed()
        tx = session.begin_transaction()
        tx.commit()
        bookmarks = session.last_bookmarks()
    assert len(bookmarks.raw_values) == 1


@pytest.mark.parametrize(
    ("raised", "ending"),
    [(None, "COMMIT"), (ValueError, "ROLLBACK")],
)
def test_transaction_context_ends_by_outcome(
    server: FakeBoltServer,
    raised: type[Exception] | None,
    ending: str,
) -> None:
    with _driver(server) as driver, driver.session() as session:
        try:
            with session.begin_transaction() as tx:
                (tx.run("1")).consume()
                if raised is not None:
                    raise raised("user code")
        except ValueError:
            assert raised is ValueError
        assert tx.closed()
    names = _names(server)
    assert ending in names
    assert {"COMMIT", "ROLLBACK"} - {ending} & set(names) == set()


def test_interrupted_transaction_context_kills_the_connection(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver, driver.session() as session:
        with pytest.raises(_Interrupt):
            with session.begin_transaction() as tx:
                (tx.run("1")).consume()
                raise _Interrupt
        assert tx.closed()
        # the session goes on with a fresh connection
        assert (session.run("2")).value() == [0, 1]
    names = _names(server)
    assert "COMMIT" not in names
    assert "ROLLBACK" not in names
    assert len(server.connections) == 2


def test_failing_transaction_function_is_rolled_back(
    server: FakeBoltServer,
) -> None:
    def work(tx: t.Any) -> None:
        (tx.run("1")).consume()
        raise ValueError("user bug")

    with _driver(server) as driver, driver.session() as session:
        with pytest.raises(ValueError, match="user bug"):
            session.execute_write(work)
    names = _names(server)
    assert "ROLLBACK" in names
    assert "COMMIT" not in names


def test_interrupted_transaction_function_is_not_retried(
    server: FakeBoltServer,
) -> None:
    calls = []

    def work(tx: t.Any) -> None:
        calls.append(1)
        (tx.run("1")).consume()
        raise _Interrupt

    with _driver(server) as driver, driver.session() as session:
        with pytest.raises(_Interrupt):
            session.execute_read(work)
    assert calls == [1]
    assert "ROLLBACK" not in _names(server)


def test_transaction_function_retries_log_to_session_logger(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def no_sleep(seconds: float) -> None:
        pass

    monkeypatch.setattr(Util, "sleep", no_sleep)
    commits = [0]

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "COMMIT" and not conn.failed and commits[0] == 0:
            commits[0] += 1
            return [failure("Neo.TransientError.General.Busy", "so busy")]
        return default_handler(conn, name, fields)

    def work(tx: t.Any) -> list[t.Any]:
        return t.cast("list[t.Any]", (tx.run("2")).value())

    with FakeBoltServer(handler) as srv:
        with _driver(srv) as driver, driver.session() as session:
            with caplog.at_level(logging.WARNING, logger="neo4j"):
                assert session.execute_write(work) == [0, 1]
    retry_logs = [r for r in caplog.records if "so busy" in r.getMessage()]
    assert len(retry_logs) == 1
    assert retry_logs[0].name == "neo4j.session"
    assert (
        retry_logs[0]
        .getMessage()
        .startswith("Transaction failed and will be retried in ")
    )


def test_retry_gives_up_on_non_retryable_error_without_sleeping(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sleeps: list[float] = []

    def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    monkeypatch.setattr(Util, "sleep", fake_sleep)

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "COMMIT" and not conn.failed:
            return [failure("Neo.ClientError.General.Nope", "nope")]
        return default_handler(conn, name, fields)

    def work(tx: t.Any) -> None:
        (tx.run("1")).consume()

    with FakeBoltServer(handler) as srv:
        with _driver(srv) as driver, driver.session() as session:
            with pytest.raises(ClientError, match="nope"):
                session.execute_write(work)
    assert sleeps == []


def test_failed_result_reports_its_failure_after_the_end() -> None:
    pulls = [0]

    def first_pull_fails(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "PULL" and not conn.failed and pulls[0] == 0:
            pulls[0] += 1
            return [failure("Neo.TransientError.General.Busy", "pull broke")]
        return default_handler(conn, name, fields)

    with FakeBoltServer(first_pull_fails) as srv:
        with _driver(srv) as driver, driver.session() as session:
            result = session.run("3")
            with pytest.raises(TransientError, match="pull broke"):
                result.fetch(1)
            for _ in range(2):
                with pytest.raises(ResultFailedError) as iter_info:
                    result.__next__()
                assert isinstance(iter_info.value.__cause__, TransientError)
                with pytest.raises(ResultFailedError) as consume_info:
                    result.consume()
                cause = consume_info.value.__cause__
                assert isinstance(cause, TransientError)
            assert not result.closed()
            # the session is usable again
            assert (session.run("x")).value() == ["x"]


def test_iterating_a_consumed_result(server: FakeBoltServer) -> None:
    with _driver(server) as driver, driver.session() as session:
        result = session.run("3")
        summary = result.consume()
        with pytest.raises(ResultConsumedError, match="consume"):
            result.__next__()
        with pytest.raises(ResultConsumedError, match="consume"):
            result.graph()
        assert result.consume() is summary


def test_result_of_a_committed_transaction_is_out_of_scope(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver, driver.session() as session:
        tx = session.begin_transaction()
        result = tx.run("4")
        tx.commit()
        for read in (result.peek, result.__next__, result.consume):
            with pytest.raises(ResultConsumedError) as info:
                read()
            message = str(info.value).lower()
            # testkit looks for these words
            assert "closed" in message
            assert "transaction" in message


def test_single_exhausts_and_warns_on_more_records(
    server: FakeBoltServer,
) -> None:
    with (
        _driver(server, fetch_size=1) as driver,
        driver.session() as session,
    ):
        result = session.run("5")
        with pytest.warns(UserWarning, match="multiple"):
            record = result.single()
        assert record is not None and record["x"] == 0
        assert result.single() is None
        summary = result.consume()
        assert summary.query == "5"


def test_transaction_refuses_work_after_it_ended(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver, driver.session() as session:
        tx = session.begin_transaction()
        tx.rollback()
        with pytest.raises(TransactionError, match="Transaction closed"):
            tx.run("1")
        with pytest.raises(TransactionError, match="Transaction closed"):
            tx.rollback()
        tx.close()  # a no-op once ended
