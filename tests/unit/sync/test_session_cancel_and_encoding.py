# This file is generated from tests/unit/async_/test_session_cancel_and_encoding.py by bin/make-unasync; do not edit.
# make-unasync digest: 1e47a2c032a9aa5c28387390575f92ff713c283b4fb76d453370bce6e77b88d8
"""Drop-in fidelity of the work layer (issue 9): cancelling keeps the
session usable, a parameter that cannot be encoded leaves the
transaction (and the connection) as it was, and errors surface in the
official driver's order."""

from __future__ import annotations

import typing as t

import pytest

from neo4j import Query
from neo4j._sync.driver import Driver, GraphDatabase
from neo4j._sync.io import BoltConnection
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


def _driver(server: FakeBoltServer, **config: t.Any) -> Driver:
    config.setdefault("max_connection_pool_size", 1)
    config.setdefault("connection_acquisition_timeout", 5)
    return GraphDatabase.driver(server.uri, auth=("neo4j", "pass"), **config)


def _names(server: FakeBoltServer) -> list[str]:
    return [name for names in server.requests() for name in names]


def _after_hello(server: FakeBoltServer) -> list[str]:
    return [
        n for n in _names(server) if n not in {"HELLO", "LOGON", "GOODBYE"}
    ]


def _one(session: t.Any) -> list[t.Any]:
    return t.cast("list[t.Any]", (session.run("2")).value())


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


# -- session.cancel() ----------------------------------------------------


def test_cancel_keeps_the_session_open(server: FakeBoltServer) -> None:
    with _driver(server) as driver:
        session = driver.session()
        (session.run("1")).consume()
        session.cancel()
        assert not session.closed()
        assert _one(session) == [0, 1]
        assert list((session.last_bookmarks()).raw_values) == []
        session.close()
        assert session.closed()
    # an idle session holds no connection: nothing was killed
    assert len(server.connections) == 1


def test_cancel_leaves_no_dead_result_behind(
    server: FakeBoltServer,
) -> None:
    with _driver(server, fetch_size=2) as driver:
        session = driver.session()
        old = session.run("10")
        session.cancel()
        # the session starts afresh: run, transactions, bookmarks work
        assert _one(session) == [0, 1]
        assert list((session.last_bookmarks()).raw_values) == []
        tx = session.begin_transaction()
        (tx.run("1")).consume()
        tx.commit()
        assert len((session.last_bookmarks()).raw_values) == 1
        # the old result reads from its killed connection
        with pytest.raises(ServiceUnavailable):
            old.consume()
        with pytest.raises(ResultFailedError):
            old.fetch(1)
        # ... and never touched the session's new connection
        assert _one(session) == [0, 1]
        session.close()


def test_cancel_with_open_transaction(server: FakeBoltServer) -> None:
    with _driver(server) as driver:
        session = driver.session()
        tx = session.begin_transaction()
        result = tx.run("3")
        session.cancel()
        assert not session.closed()
        assert not tx.closed()
        with pytest.raises(ServiceUnavailable):
            tx.run("1")
        with pytest.raises(TransactionError, match="failed"):
            tx.commit()
        tx.close()
        with pytest.raises(ResultFailedError):
            result.consume()
        # the transaction's failure did not reach the session
        tx2 = session.begin_transaction()
        assert (tx2.run("2")).value() == [0, 1]
        tx2.commit()
        assert len((session.last_bookmarks()).raw_values) == 1
        session.close()
    assert "COMMIT" in server.requests()[1]


def test_commit_after_cancel_is_not_an_incomplete_commit(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver:
        session = driver.session()
        tx = session.begin_transaction()
        session.cancel()
        with pytest.raises(ServiceUnavailable) as caught:
            tx.commit()
        assert not isinstance(caught.value, IncompleteCommit)
        assert tx.closed()
        with pytest.raises(TransactionError, match="closed"):
            tx.rollback()
        assert _one(session) == [0, 1]
        session.close()


def test_stale_transaction_cancel_spares_the_new_connection(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver:
        session = driver.session()
        old = session.begin_transaction()
        session.cancel()
        result = session.run("3")
        old.cancel()  # must not kill the connection of `result`
        assert result.value() == [0, 1, 2]
        session.close()
    assert len(server.connections) == 2


def test_interrupted_session_block_closes_the_session(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver:
        session = driver.session()
        with pytest.raises(_Interrupt):
            with session:
                (session.run("1")).consume()
                raise _Interrupt
        assert session.closed()
        # the slot was freed
        assert (driver.execute_query("2")).records[1][0] == 1


# every (work, I/O call) pair the work really goes through: fetch_all
# only drains stray replies, and a bare run() reads no records
_INTERRUPTION_POINTS = [
    (work, point)
    for work in ("run", "iterate", "consume", "managed", "explicit")
    for point in ("send_all", "fetch", "fetch_records")
    if (work, point) != ("run", "fetch_records")
]


@pytest.mark.parametrize(("work", "point"), _INTERRUPTION_POINTS)
def test_interruption_mid_io_keeps_the_session(
    server: FakeBoltServer,
    monkeypatch: pytest.MonkeyPatch,
    point: str,
    work: str,
) -> None:
    armed = [False]
    hit = [0]
    original = getattr(BoltConnection, point)

    def interrupted(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if armed[0]:
            armed[0] = False
            hit[0] += 1
            raise _Interrupt
        return original(self, *args, **kwargs)

    monkeypatch.setattr(BoltConnection, point, interrupted)

    def managed(tx: t.Any) -> list[t.Any]:
        return t.cast("list[t.Any]", (tx.run("5")).value())

    with _driver(server, fetch_size=2) as driver:
        session = driver.session()
        (session.run("1")).consume()  # a pooled connection
        armed[0] = True
        try:
            if work == "run":
                session.run("5")
            elif work == "iterate":
                result = session.run("5")
                for _ in result:
                    pass
            elif work == "consume":
                (session.run("5")).consume()
            elif work == "managed":
                session.execute_write(managed)
            else:
                tx = session.begin_transaction()
                (tx.run("5")).value()
                tx.commit()
        except _Interrupt:
            pass
        assert not armed[0], f"{work} did not call {point}"
        assert hit[0] == 1
        assert not session.closed()
        # every later call works and gets the pool's only slot (no dead
        # result is left for last_bookmarks() to trip over)
        assert list((session.last_bookmarks()).raw_values) == []
        assert _one(session) == [0, 1]
        assert session.execute_read(managed) == [0, 1, 2, 3, 4]
        tx = session.begin_transaction()
        tx.commit()
        session.close()
        other = driver.session()
        assert _one(other) == [0, 1]
        other.close()


# -- parameters that cannot be encoded ----------------------------------


def test_unencodable_parameter_leaves_transaction_open(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver:
        session = driver.session()
        tx = session.begin_transaction()
        (tx.run("1")).consume()
        with pytest.raises(ValueError, match="not supported"):
            tx.run("RETURN $x", x=object())
        with pytest.raises(TypeError, match="Map keys must be strings"):
            tx.run("RETURN $x", {1: 2})  # type: ignore[dict-item]
        assert not tx.closed()
        assert (tx.run("2")).value() == [0, 1]
        bookmark = tx.commit()
        assert bookmark is not None
        assert list((session.last_bookmarks()).raw_values) == [bookmark]
        session.close()
    assert _after_hello(server) == [
        "BEGIN", "RUN", "PULL", "RUN", "PULL", "COMMIT",
    ]  # fmt: skip


def test_unencodable_parameter_in_auto_commit_sends_nothing(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver:
        session = driver.session()
        with pytest.raises(ValueError, match="not supported"):
            session.run("RETURN $x", x=[1, {"a": object()}])
        assert _one(session) == [0, 1]
        session.close()
    assert _after_hello(server) == ["RUN", "PULL"]


def test_unencodable_parameter_in_transaction_function(
    server: FakeBoltServer,
) -> None:
    seen: list[str] = []

    def work(tx: t.Any) -> list[t.Any]:
        try:
            tx.run("RETURN $x", x=object())
        except ValueError as exc:
            seen.append(type(exc).__name__)
        return t.cast("list[t.Any]", (tx.run("2")).value())

    with _driver(server) as driver:
        with driver.session() as session:
            assert session.execute_write(work) == [0, 1]
        with pytest.raises(ValueError, match="not supported"):
            driver.execute_query("RETURN $x", x=object())
        assert (driver.execute_query("2")).records[1][0] == 1
    assert len(seen) == 1
    names = _after_hello(server)
    # the failed execute_query rolled back cleanly: no RESET needed
    assert "RESET" not in names
    assert names.count("ROLLBACK") == 1


def test_unencodable_parameter_drops_queued_telemetry() -> None:
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
        with _driver(srv) as driver:
            session = driver.session()
            with pytest.raises(ValueError):
                session.run("RETURN $x", x=object())
            with pytest.raises(ValueError):
                session.begin_transaction(metadata={"a": object()})
            assert _one(session) == [0, 1]
            session.close()
        assert _after_hello(srv) == ["TELEMETRY", "RUN", "PULL"]


def test_begin_failure_wins_over_parameter_error() -> None:
    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "BEGIN" and fields[0].get("db") == "nope":
            return [failure("Neo.ClientError.Database.DatabaseNotFound")]
        return default_handler(conn, name, fields)

    with FakeBoltServer(handler) as srv:
        with _driver(srv) as driver:
            with pytest.raises(ClientError, match="boom"):
                driver.execute_query("RETURN $x", x=object(), database_="nope")
            # the connection came back usable
            assert (driver.execute_query("2")).records[0][0] == 0


def test_metadata_is_checked_before_timeout(
    server: FakeBoltServer,
) -> None:
    with _driver(server) as driver, driver.session() as session:
        with pytest.raises(TypeError, match="Metadata"):
            session.begin_transaction(
                metadata=5,  # type: ignore[arg-type]
                timeout="x",  # type: ignore[arg-type]
            )
        with pytest.raises(TypeError, match="Metadata"):
            session.run(Query("1", metadata=5, timeout="x"))  # type: ignore[arg-type]
        assert _one(session) == [0, 1]


def test_connection_error_comes_before_parameter_error() -> None:
    driver = GraphDatabase.driver(
        "bolt://127.0.0.1:1",
        auth=("neo4j", "pass"),
        connection_timeout=1,
        connection_acquisition_timeout=2,
    )
    with driver, driver.session() as session:
        with pytest.raises(ServiceUnavailable):
            session.run("RETURN $x", x=object())
        with pytest.raises(ServiceUnavailable):
            session.begin_transaction(metadata={"a": object()})
        with pytest.raises(ServiceUnavailable):
            session.begin_transaction(timeout=-1)
