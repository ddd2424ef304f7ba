# This file is generated from tests/unit/async_/test_metrics_observer_calls.py by bin/make-unasync; do not edit.
# make-unasync digest: 3815e2f816ae9802818538be17f26280ea4962f97979af4309f4984e1e396077
# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""Where the driver calls the observation seam (async twin).

A recording observer, registered the way instrumentors register theirs
(:data:`neo4j._shared.observe.GLOBAL_FACTORIES`), sees every scope with
its parent, server and outcome, every retry and the pool events.
"""

from __future__ import annotations

import sys
import types
import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j._shared import observe
from neo4j._shared.observe import Observer, Scope
from neo4j.exceptions import (
    ClientError,
    ConnectionAcquisitionTimeoutError,
    TransactionError,
    TransientError,
)

from .fake_bolt import (
    FAILURE,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")


class Recorded(Scope):
    __slots__ = ("access_mode", "calls", "database", "kind", "parent", "query")

    def __init__(
        self,
        kind: str,
        database: str | None,
        query: str | None,
        access_mode: str | None,
        parent: Scope | None,
    ) -> None:
        self.kind = kind
        self.database = database
        self.query = query
        self.access_mode = access_mode
        self.parent = parent
        self.calls: list[tuple[t.Any, ...]] = []

    def set_server(self, host: str, port: int) -> None:
        self.calls.append(("server", host, port))

    def set_database(self, database: str | None) -> None:
        self.calls.append(("database", database))

    def finish(
        self,
        error: BaseException | None = None,
        outcome: str | None = None,
    ) -> None:
        self.calls.append(("finish", error, outcome))

    @property
    def finishes(self) -> list[tuple[t.Any, ...]]:
        return [call for call in self.calls if call[0] == "finish"]


class Recorder(Observer):
    def __init__(self, config: t.Any) -> None:
        self.config = config
        self.scopes: list[Recorded] = []
        self.retries: list[tuple[str, BaseException]] = []
        self.refreshes: list[str | None] = []
        self.pool: list[tuple[t.Any, ...]] = []

    def start(
        self,
        kind: str,
        *,
        database: str | None = None,
        query: str | None = None,
        access_mode: str | None = None,
        parent: Scope | None = None,
    ) -> Scope:
        scope = Recorded(kind, database, query, access_mode, parent)
        self.scopes.append(scope)
        return scope

    def retry(self, kind: str, error: BaseException) -> None:
        self.retries.append((kind, error))

    def routing_refresh(self, database: str | None) -> None:
        self.refreshes.append(database)

    def pool_event(
        self,
        address: tuple[str, int],
        event: str,
        seconds: float | None = None,
    ) -> None:
        self.pool.append((tuple(address), event, seconds))

    def of_kind(self, kind: str) -> list[Recorded]:
        return [scope for scope in self.scopes if scope.kind == kind]


@pytest.fixture
def recorders() -> t.Iterator[list[Recorder]]:
    made: list[Recorder] = []

    def factory(config: t.Any) -> Observer:
        recorder = Recorder(config)
        made.append(recorder)
        return recorder

    observe.GLOBAL_FACTORIES.append(factory)
    try:
        yield made
    finally:
        observe.GLOBAL_FACTORIES.remove(factory)


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


def _server_of(driver: Driver) -> tuple[str, t.Any, t.Any]:
    address = t.cast(t.Any, driver).address
    return ("server", address[0], address[1])


def test_factory_gets_the_driver_config(
    server: FakeBoltServer, recorders: list[Recorder]
) -> None:
    with driver_for(server, trace_query_text=True) as driver:
        (recorder,) = recorders
        assert recorder.config.trace_query_text is True
        assert recorder.config.metrics_enabled is False
        # the factory's observer alone: no metrics recorder joined in
        assert t.cast(t.Any, driver)._observer is recorder
        assert t.cast(t.Any, driver)._pool.observer is recorder


def test_auto_commit_query(
    server: FakeBoltServer, recorders: list[Recorder]
) -> None:
    with driver_for(server) as driver:
        with driver.session(database="db1") as session:
            result = session.run("2")
            (recorder,) = recorders
            (query,) = recorder.of_kind("query")
            assert query.finishes == []  # until the result is consumed
            result.consume()
    (acquire,) = recorder.of_kind("acquire")
    assert (query.query, query.database, query.access_mode) == (
        "2",
        "db1",
        "WRITE",
    )
    assert query.parent is None
    assert acquire.parent is query
    assert acquire.calls == [_server_of(driver), ("finish", None, None)]
    assert query.calls == [_server_of(driver), ("finish", None, None)]


def test_execute_query_tree(
    server: FakeBoltServer, recorders: list[Recorder]
) -> None:
    with driver_for(server) as driver:
        driver.execute_query("1", database_="db1", routing_="r")
    (recorder,) = recorders
    (outer,) = recorder.of_kind("execute_query")
    (tx,) = recorder.of_kind("transaction")
    (acquire,) = recorder.of_kind("acquire")
    (query,) = recorder.of_kind("query")
    assert (outer.query, outer.database, outer.access_mode) == (
        "1",
        "db1",
        "READ",
    )
    assert outer.parent is None
    assert tx.parent is outer
    assert acquire.parent is tx
    assert query.parent is tx
    assert (tx.database, tx.access_mode) == ("db1", "READ")
    assert (query.query, query.database) == ("1", "db1")
    assert tx.calls == [_server_of(driver), ("finish", None, "committed")]
    assert query.calls == [_server_of(driver), ("finish", None, None)]
    assert outer.calls == [_server_of(driver), ("finish", None, None)]
    # ended in order: query, transaction, execute_query
    order = [s.kind for s in recorder.scopes]
    assert order == ["execute_query", "transaction", "acquire", "query"]


def _fail_first_run(code: str) -> t.Callable[..., list[Reply]]:
    failed = [False]

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "RUN" and not failed[0]:
            failed[0] = True
            conn.failed = True
            return [(FAILURE, {"code": code, "message": "boom"})]
        return default_handler(conn, name, fields)

    return handler


def test_retry_is_a_second_transaction(
    recorders: list[Recorder],
) -> None:
    handler = _fail_first_run("Neo.TransientError.Transaction.Outdated")
    with FakeBoltServer(handler) as server:
        with driver_for(server, initial_retry_delay=0.01) as driver:
            driver.execute_query("1")
    (recorder,) = recorders
    (outer,) = recorder.of_kind("execute_query")
    first, second = recorder.of_kind("transaction")
    assert first.parent is outer and second.parent is outer
    ((kind, error),) = recorder.retries
    assert kind == "transaction"
    assert isinstance(error, TransientError)
    (failed_finish,) = first.finishes
    assert failed_finish[1] is not None  # the attempt's error
    assert second.finishes == [("finish", None, "committed")]
    failed_query, good_query = recorder.of_kind("query")
    assert failed_query.parent is first
    assert isinstance(failed_query.finishes[0][1], TransientError)
    assert good_query.parent is second
    assert outer.finishes == [("finish", None, None)]


def test_failed_auto_commit_query(
    recorders: list[Recorder],
) -> None:
    handler = _fail_first_run("Neo.ClientError.Statement.SyntaxError")
    with FakeBoltServer(handler) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(ClientError):
                    result = session.run("oops")
                    result.consume()
    (recorder,) = recorders
    (query,) = recorder.of_kind("query")
    ((_, error, outcome),) = query.finishes
    assert isinstance(error, ClientError)
    assert outcome is None


def test_failed_execute_query(recorders: list[Recorder]) -> None:
    handler = _fail_first_run("Neo.ClientError.Statement.SyntaxError")
    with FakeBoltServer(handler) as server:
        with driver_for(server) as driver:
            with pytest.raises(ClientError):
                driver.execute_query("oops")
    (recorder,) = recorders
    (outer,) = recorder.of_kind("execute_query")
    (tx,) = recorder.of_kind("transaction")
    assert isinstance(outer.finishes[0][1], ClientError)
    ((_, error, outcome),) = tx.finishes
    assert isinstance(error, ClientError)
    assert outcome == "rolled_back"
    assert recorder.retries == []


def test_function_that_swallows_a_query_failure(
    recorders: list[Recorder],
) -> None:
    handler = _fail_first_run("Neo.ClientError.Statement.SyntaxError")
    with FakeBoltServer(handler) as server:
        with driver_for(server, metrics_enabled=True) as driver:

            def work(tx: t.Any) -> None:
                with pytest.raises(ClientError):
                    (tx.run("oops")).consume()

            with driver.session() as session:
                with pytest.raises(TransactionError):
                    session.execute_write(work)
                # the session is usable afterwards
                (session.run("1")).consume()
            metrics = driver.metrics()
    (recorder,) = recorders
    (tx,) = recorder.of_kind("transaction")
    ((_, error, outcome),) = tx.finishes
    assert isinstance(error, TransactionError)
    assert outcome == "rolled_back"
    assert metrics.transactions_rolled_back == 1
    assert metrics.transactions_committed == 0
    assert metrics.pool(t.cast(t.Any, driver).address).in_use == 0


def test_explicit_transactions(
    server: FakeBoltServer, recorders: list[Recorder]
) -> None:
    with driver_for(server) as driver:
        with driver.session(default_access_mode="READ") as session:
            tx = session.begin_transaction()
            (tx.run("1")).consume()
            tx.commit()
            tx = session.begin_transaction()
            tx.rollback()
            with pytest.raises(ValueError):
                with session.begin_transaction() as tx:
                    raise ValueError("user")
            tx = session.begin_transaction()
        # closing the session rolls the open one back
    (recorder,) = recorders
    committed, rolled, failed, closed = recorder.of_kind("transaction")
    assert committed.access_mode == "READ"
    assert committed.parent is None
    assert committed.finishes == [("finish", None, "committed")]
    assert rolled.finishes == [("finish", None, "rolled_back")]
    ((_, error, outcome),) = failed.finishes
    assert isinstance(error, ValueError) and outcome == "rolled_back"
    assert closed.finishes == [("finish", None, "rolled_back")]
    (query,) = recorder.of_kind("query")
    assert query.parent is committed


def test_acquisition_timeout(
    server: FakeBoltServer, recorders: list[Recorder]
) -> None:
    with driver_for(
        server, max_connection_pool_size=1, connection_acquisition_timeout=0.2
    ) as driver:
        with driver.session() as holder:
            holder.run("1")
            with driver.session() as waiter:
                with pytest.raises(ConnectionAcquisitionTimeoutError):
                    waiter.run("1")
    (recorder,) = recorders
    first, second = recorder.of_kind("acquire")
    assert first.finishes == [("finish", None, None)]
    ((_, error, _),) = second.finishes
    assert isinstance(error, ConnectionAcquisitionTimeoutError)
    _, waiting_query = recorder.of_kind("query")
    assert isinstance(waiting_query.finishes[0][1], type(error))
    events = [event for _, event, _ in recorder.pool]
    assert "acquire_waiting" in events
    assert events.count("acquire_timed_out") == 1


def test_pool_events_of_one_query(
    server: FakeBoltServer, recorders: list[Recorder]
) -> None:
    driver = driver_for(server)
    driver.execute_query("1")
    driver.execute_query("1")
    driver.close()
    (recorder,) = recorders
    address = tuple(t.cast(t.Any, driver).address)
    assert {a for a, _, _ in recorder.pool} == {address}
    events = [event for _, event, _ in recorder.pool]
    assert events == [
        "max_size",
        "create_started",
        "created",
        "acquired",
        "released",
        "acquired",
        "released",
        "closed",
    ]
    timed = {event: s for _, event, s in recorder.pool if s is not None}
    assert set(timed) == {"created", "acquired", "released"}
    assert all(s >= 0 for s in timed.values())


def test_providers_load_the_otel_observer_lazily(
    server: FakeBoltServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[dict[str, t.Any]] = []

    def make_observer(**kwargs: t.Any) -> Observer:
        made.append(kwargs)
        return Recorder(None)

    fake = types.ModuleType("neo4j._otel")
    fake.make_observer = make_observer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "neo4j._otel", fake)

    class Provider:
        def get_tracer(self, *args: t.Any) -> None: ...

        def get_meter(self, *args: t.Any) -> None: ...

    tracer, meter = Provider(), Provider()
    with driver_for(server, metrics_enabled=True) as plain:
        # metrics alone: no OpenTelemetry
        assert made == []
        assert type(t.cast(t.Any, plain)._observer).__name__ == (
            "MetricsRecorder"
        )
    with driver_for(
        server,
        tracer_provider=tracer,
        meter_provider=meter,
        trace_query_text=True,
        metrics_enabled=True,
    ) as driver:
        driver.execute_query("1")
        assert driver.metrics().queries == 1
    assert made == [
        {
            "tracer_provider": tracer,
            "meter_provider": meter,
            "capture_query_text": True,
            "max_pool_size": 100,
        }
    ]
