# This file is generated from tests/stub/async_/test_otel.py by bin/make-unasync; do not edit.
# make-unasync digest: cd180cd1e0bb9aaa3538105c3808050ca3e4116c8baa8420738a686ad0d467d6
"""OpenTelemetry traces and metrics of a real driver (async twin).

``tests/stub/sync/test_otel.py`` is generated from this file.  The
driver is configured with ``tracer_provider=``/``meter_provider=`` (or
instrumented by :class:`neo4j.opentelemetry.Neo4jInstrumentor`) and
talks to the stub server; the SDK's in-memory exporter and reader
collect what it recorded.
"""

from __future__ import annotations

import asyncio
import typing as t

import pytest
from opentelemetry import trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)
from opentelemetry.trace import SpanKind, StatusCode

from neo4j._sync.driver import Driver
from neo4j._async_compat import Util
from neo4j.exceptions import ConnectionAcquisitionTimeoutError, Neo4jError
from neo4j.opentelemetry import Neo4jInstrumentor
from tests.stub.server import StubServer, StubServers


MakeDriver = t.Callable[..., Driver]

HEADER = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
!: AUTO TELEMETRY
"""

QUERY = "MATCH (n) RETURN n.name AS name"

#: one transaction running QUERY
TX = f"""\
C: BEGIN {{"db": "neo4j", ...}}
S: SUCCESS {{}}
C: RUN "{QUERY}" {{}} {{}}
C: PULL {{"n": 1000}}
S: SUCCESS {{"fields": ["name"]}}
   RECORD ["Ada"]
   SUCCESS {{"type": "r"}}
C: COMMIT
S: SUCCESS {{"bookmark": "bm1"}}
"""

#: an attempt failing with a retryable error
FAILED_TX = f"""\
C: BEGIN {{"db": "neo4j", ...}}
S: SUCCESS {{}}
C: RUN "{QUERY}" {{}} {{}}
C: PULL {{"n": 1000}}
S: FAILURE {{"code": "Neo.TransientError.Transaction.DeadlockDetected",
             "message": "deadlock on node 42"}}
   IGNORED
"""

#: an auto-commit RETURN 1
RETURN_1 = """\
C: RUN "RETURN 1 AS x" {} {"db": "neo4j", ...}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["x"]}
   RECORD [1]
   SUCCESS {"type": "r"}
"""

FAST_RETRY = {
    "initial_retry_delay": 0.001,
    "retry_delay_multiplier": 1.0,
    "retry_delay_jitter_factor": 0.0,
}


class Telemetry:
    """An SDK tracer provider and meter provider with in-memory sinks."""

    def __init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        self.tracer_provider = TracerProvider()
        self.tracer_provider.add_span_processor(
            SimpleSpanProcessor(self.exporter)
        )
        self.reader = InMemoryMetricReader()
        self.meter_provider = MeterProvider(metric_readers=[self.reader])

    def spans(self) -> tuple[ReadableSpan, ...]:
        return tuple(self.exporter.get_finished_spans())

    def named(self, name: str) -> list[ReadableSpan]:
        return [span for span in self.spans() if span.name == name]

    def points(self, metric: str) -> list[t.Any]:
        data = self.reader.get_metrics_data()
        found: list[t.Any] = []
        if data is None:
            return found
        for resource_metrics in data.resource_metrics:
            for scope_metrics in resource_metrics.scope_metrics:
                for item in scope_metrics.metrics:
                    if item.name == metric:
                        found.extend(item.data.data_points)
        return found


@pytest.fixture
def telemetry() -> Telemetry:
    return Telemetry()


def _attributes(span: ReadableSpan) -> dict[str, t.Any]:
    return dict(span.attributes or {})


def _id(span: ReadableSpan) -> int:
    assert span.context is not None
    return span.context.span_id


def _parent(span: ReadableSpan) -> int | None:
    return None if span.parent is None else span.parent.span_id


def _traced_driver(
    make_driver: MakeDriver,
    server: StubServer,
    telemetry: Telemetry,
    **config: t.Any,
) -> Driver:
    return make_driver(
        server,
        tracer_provider=telemetry.tracer_provider,
        meter_provider=telemetry.meter_provider,
        **config,
    )


def test_execute_query_span_tree(
    stub_server: StubServers, make_driver: MakeDriver, telemetry: Telemetry
) -> None:
    server = stub_server.start(HEADER + TX)
    driver = _traced_driver(make_driver, server, telemetry)
    records, _, _ = driver.execute_query(QUERY, database_="neo4j")
    assert [r["name"] for r in records] == ["Ada"]
    driver.close()
    server.done()

    (root,) = telemetry.named("EXECUTE_QUERY neo4j")
    (tx,) = telemetry.named("TRANSACTION neo4j")
    (query,) = telemetry.named("MATCH RETURN")
    assert root.kind is SpanKind.CLIENT
    assert tx.kind is SpanKind.INTERNAL
    assert query.kind is SpanKind.CLIENT
    assert root.parent is None
    assert _parent(tx) == _id(root)
    assert _parent(query) == _id(tx)
    for span in telemetry.named("ACQUIRE CONNECTION"):
        assert span.context is not None and root.context is not None
        assert span.context.trace_id == root.context.trace_id
    assert _attributes(query) == {
        "db.system.name": "neo4j",
        "db.namespace": "neo4j",
        "db.operation.name": "RUN",
        "db.query.summary": "MATCH RETURN",
        "server.address": server.host,
        "server.port": server.port,
        "neo4j.access_mode": "WRITE",
    }
    assert _attributes(tx)["neo4j.transaction.outcome"] == "committed"
    assert _attributes(root)["db.query.summary"] == "MATCH RETURN"
    for span in telemetry.spans():
        assert span.status.status_code is StatusCode.UNSET
        assert "db.query.text" not in _attributes(span)


def test_query_text_on_opt_in(
    stub_server: StubServers, make_driver: MakeDriver, telemetry: Telemetry
) -> None:
    server = stub_server.start(HEADER + TX)
    driver = _traced_driver(
        make_driver, server, telemetry, trace_query_text=True
    )
    driver.execute_query(QUERY, database_="neo4j")
    driver.close()
    server.done()
    (query,) = telemetry.named("MATCH RETURN")
    assert _attributes(query)["db.query.text"] == QUERY


def test_retries_are_separate_transaction_spans(
    stub_server: StubServers, make_driver: MakeDriver, telemetry: Telemetry
) -> None:
    server = stub_server.start(HEADER + FAILED_TX + TX)
    driver = _traced_driver(make_driver, server, telemetry, **FAST_RETRY)
    records, _, _ = driver.execute_query(QUERY, database_="neo4j")
    assert len(records) == 1
    driver.close()
    server.done()

    (root,) = telemetry.named("EXECUTE_QUERY neo4j")
    failed, committed = telemetry.named("TRANSACTION neo4j")
    assert _parent(failed) == _parent(committed) == _id(root)
    code = "Neo.TransientError.Transaction.DeadlockDetected"
    assert failed.status.status_code is StatusCode.ERROR
    assert _attributes(failed)["error.type"] == code
    assert committed.status.status_code is StatusCode.UNSET
    failed_query, query = telemetry.named("MATCH RETURN")
    assert _parent(failed_query) == _id(failed)
    assert _parent(query) == _id(committed)
    assert _attributes(failed_query)["db.response.status_code"] == code
    assert [event.name for event in root.events] == ["neo4j.retry"]
    assert root.status.status_code is StatusCode.UNSET
    # the server's message is not recorded without the opt-in
    for span in (failed, failed_query):
        assert "node 42" not in repr([e.attributes for e in span.events])


def test_auto_commit_query_under_application_span(
    stub_server: StubServers, make_driver: MakeDriver, telemetry: Telemetry
) -> None:
    server = stub_server.start(HEADER + RETURN_1)
    driver = _traced_driver(make_driver, server, telemetry)
    tracer = telemetry.tracer_provider.get_tracer("app")
    with driver.session(database="neo4j") as session:
        with tracer.start_as_current_span("request") as request_span:
            result = session.run("RETURN 1 AS x")
            # the query span is not made current
            assert trace.get_current_span() is request_span
        # consumed later, outside the application span
        assert (result.single(strict=True))["x"] == 1
    driver.close()
    server.done()

    (request,) = telemetry.named("request")
    (query,) = telemetry.named("RETURN")
    assert _parent(query) == _id(request)
    attributes = _attributes(query)
    assert attributes["db.operation.name"] == "RUN"
    assert attributes["db.namespace"] == "neo4j"
    assert attributes["server.port"] == server.port
    (acquire,) = telemetry.named("ACQUIRE CONNECTION")
    assert _attributes(acquire)["server.port"] == server.port
    assert acquire.context is not None and request.context is not None
    assert acquire.context.trace_id == request.context.trace_id


def test_managed_transaction_is_current_in_its_function(
    stub_server: StubServers, make_driver: MakeDriver, telemetry: Telemetry
) -> None:
    server = stub_server.start(HEADER + TX)
    driver = _traced_driver(make_driver, server, telemetry)
    tracer = telemetry.tracer_provider.get_tracer("app")
    seen: list[int] = []

    def in_task() -> int:
        return trace.get_current_span().get_span_context().span_id

    def work(tx: t.Any) -> list[str]:
        with tracer.start_as_current_span("inside"):
            result = tx.run(QUERY)
            names = [record["name"] for record in result]
        if Util.is_async_code:
            # the context travels into tasks started here
            seen.append(asyncio.ensure_future(in_task()))
        else:
            seen.append(in_task())
        return names

    with driver.session(database="neo4j") as session:
        assert session.execute_write(work) == ["Ada"]
    driver.close()
    server.done()

    (tx,) = telemetry.named("TRANSACTION neo4j")
    (inside,) = telemetry.named("inside")
    (query,) = telemetry.named("MATCH RETURN")
    assert _parent(inside) == _id(tx)
    assert _parent(query) == _id(tx)
    assert seen == [_id(tx)]
    assert not trace.get_current_span().get_span_context().is_valid


def test_server_error_status_code(
    stub_server: StubServers, make_driver: MakeDriver, telemetry: Telemetry
) -> None:
    server = stub_server.start(
        HEADER.replace("5.4", "5.7") + 'C: RUN "RETURN" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        'S: FAILURE {"gql_status": "42001",'
        ' "description": "error: syntax error - invalid syntax",'
        ' "message": "42001: Invalid input \'secret\'",'
        ' "neo4j_code": "Neo.ClientError.Statement.SyntaxError",'
        ' "diagnostic_record": {"_classification": "CLIENT_ERROR"}}\n'
        "   IGNORED\n"
    )
    driver = _traced_driver(make_driver, server, telemetry)
    with driver.session(database="neo4j") as session:
        with pytest.raises(Neo4jError):
            (session.run("RETURN")).consume()
    driver.close()
    server.done()

    (query,) = telemetry.named("RETURN")
    attributes = _attributes(query)
    assert attributes["db.response.status_code"] == "42001"
    assert attributes["error.type"] == "42001"
    assert query.status.status_code is StatusCode.ERROR
    assert "secret" not in repr([e.attributes for e in query.events])
    (duration,) = [
        point
        for point in telemetry.points("db.client.operation.duration")
        if point.attributes.get("error.type") == "42001"
    ]
    assert duration.count == 1


def _counts(telemetry: Telemetry, pool: str) -> dict[str, int]:
    return {
        point.attributes["db.client.connection.state"]: point.value
        for point in telemetry.points("db.client.connection.count")
        if point.attributes["db.client.connection.pool.name"] == pool
    }


def test_pool_of_one_held_and_a_waiter_timing_out(
    stub_server: StubServers, make_driver: MakeDriver, telemetry: Telemetry
) -> None:
    server = stub_server.start(HEADER + "*{\n" + RETURN_1 + "}\n")
    driver = _traced_driver(
        make_driver,
        server,
        telemetry,
        max_connection_pool_size=1,
        connection_acquisition_timeout=0.3,
    )
    pool = server.address
    holder = driver.session(database="neo4j")
    holder.run("RETURN 1 AS x")  # keeps the only connection
    with driver.session(database="neo4j") as waiter:
        with pytest.raises(ConnectionAcquisitionTimeoutError):
            waiter.run("RETURN 1 AS x")
    assert _counts(telemetry, pool) == {"idle": 0, "used": 1}
    (timeouts,) = telemetry.points("db.client.connection.timeouts")
    assert timeouts.value == 1
    assert timeouts.attributes["db.client.connection.pool.name"] == pool
    (maximum,) = telemetry.points("db.client.connection.max")
    assert maximum.value == 1
    (create_time,) = telemetry.points("db.client.connection.create_time")
    assert create_time.count == 1

    holder.close()
    assert _counts(telemetry, pool) == {"idle": 1, "used": 0}
    (use_time,) = telemetry.points("db.client.connection.use_time")
    assert use_time.count == 1
    (wait_time,) = telemetry.points("db.client.connection.wait_time")
    assert wait_time.count == 1
    driver.close()
    server.done()
    assert _counts(telemetry, pool) == {"idle": 0, "used": 0}

    failed = [
        span
        for span in telemetry.named("ACQUIRE CONNECTION")
        if span.status.status_code is StatusCode.ERROR
    ]
    assert len(failed) == 1
    assert _attributes(failed[0])["error.type"] == (
        "neo4j.exceptions.ConnectionAcquisitionTimeoutError"
    )


def test_operation_duration_metric(
    stub_server: StubServers, make_driver: MakeDriver, telemetry: Telemetry
) -> None:
    server = stub_server.start(HEADER + TX)
    driver = make_driver(server, meter_provider=telemetry.meter_provider)
    driver.execute_query(QUERY, database_="neo4j")
    driver.close()
    server.done()
    points = telemetry.points("db.client.operation.duration")
    by_operation = {p.attributes["db.operation.name"]: p for p in points}
    assert set(by_operation) == {"EXECUTE_QUERY", "RUN"}
    run = by_operation["RUN"]
    assert run.count == 1
    assert run.attributes["db.query.summary"] == "MATCH RETURN"
    assert run.attributes["server.port"] == server.port
    # no tracer provider: no spans anywhere
    assert telemetry.spans() == ()


def test_instrumentor_observes_drivers_created_afterwards(
    stub_server: StubServers, make_driver: MakeDriver, telemetry: Telemetry
) -> None:
    server = stub_server.start(
        "!: ALLOW RESTART\n" + HEADER + "*{\n" + RETURN_1 + "}\n"
    )
    instrumentor = Neo4jInstrumentor()
    instrumentor.instrument(
        tracer_provider=telemetry.tracer_provider,
        meter_provider=telemetry.meter_provider,
    )
    try:
        driver = make_driver(server)
        with driver.session(database="neo4j") as session:
            (session.run("RETURN 1 AS x")).consume()
        driver.close()
    finally:
        instrumentor.uninstrument()
    assert len(telemetry.named("RETURN")) == 1

    plain = make_driver(server)
    with plain.session(database="neo4j") as session:
        (session.run("RETURN 1 AS x")).consume()
    plain.close()
    server.done()
    assert len(telemetry.named("RETURN")) == 1


def test_routing_driver_spans_name_the_member_server(
    stub_server: StubServers, make_driver: MakeDriver, telemetry: Telemetry
) -> None:
    greeting = "!: BOLT 5.4\n!: AUTO HELLO\n!: AUTO LOGON\n!: AUTO GOODBYE\n"
    reader = stub_server.start(
        greeting + 'C: RUN "RETURN 1 AS x" {} {"db": "neo4j", "mode": "r"}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
    )
    router = stub_server.start(
        greeting + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        'S: SUCCESS {"rt": {"ttl": 1000, "db": "neo4j", "servers": [\n'
        '     {"role": "ROUTE", "addresses": ["${address}"]},\n'
        '     {"role": "READ", "addresses": ["${reader}"]},\n'
        '     {"role": "WRITE", "addresses": ["${address}"]}]}}\n',
        reader=reader.address,
    )
    driver = make_driver(
        router,
        scheme="neo4j",
        tracer_provider=telemetry.tracer_provider,
        meter_provider=telemetry.meter_provider,
    )
    tracer = telemetry.tracer_provider.get_tracer("app")
    with tracer.start_as_current_span("request"):
        with driver.session(
            database="neo4j", default_access_mode="READ"
        ) as session:
            result = session.run("RETURN 1 AS x")
            assert [record["x"] for record in result] == [1]
    driver.close()
    reader.done()
    router.done()

    (query,) = telemetry.named("RETURN")
    attributes = _attributes(query)
    assert (attributes["server.address"], attributes["server.port"]) == (
        reader.host,
        reader.port,
    )
    assert attributes["neo4j.access_mode"] == "READ"
    pools = {
        point.attributes["db.client.connection.pool.name"]
        for point in telemetry.points("db.client.connection.count")
    }
    assert reader.address in pools
