"""The OpenTelemetry observer's spans, driven directly through the seam.

The driver's call sites are simulated: each test calls ``start``/
``finish`` in the order the driver does and reads the finished spans
from the SDK's in-memory exporter.
"""

from __future__ import annotations

import asyncio
import contextvars
import typing as t

import pytest
from opentelemetry import context as otel_context, trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)
from opentelemetry.trace import SpanKind, StatusCode

from neo4j._otel import OtelScope, make_observer
from neo4j._shared.observe import Observer, Scope
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    Neo4jError,
    ServiceUnavailable,
    TransientError,
)


QUERY = "MATCH (n:Person {name: 'Ada'}) RETURN n.name AS name"


class Traced(t.NamedTuple):
    observer: Observer
    exporter: InMemorySpanExporter
    provider: TracerProvider


def _traced(capture_query_text: bool = False) -> Traced:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    observer = make_observer(
        tracer_provider=provider, capture_query_text=capture_query_text
    )
    return Traced(observer, exporter, provider)


@pytest.fixture
def traced() -> Traced:
    return _traced()


def _by_name(spans: t.Sequence[ReadableSpan]) -> dict[str, ReadableSpan]:
    names = [span.name for span in spans]
    assert len(set(names)) == len(names), names
    return {span.name: span for span in spans}


def _parent_id(span: ReadableSpan) -> int | None:
    return None if span.parent is None else span.parent.span_id


def _span_id(span: ReadableSpan) -> int:
    assert span.context is not None
    return span.context.span_id


def _transient() -> Neo4jError:
    return Neo4jError._from_gql_failure(
        gql_status="50N00",
        description="error: general processing exception",
        message="Deadlock between node 42 and 'Ada'",
        neo4j_code="Neo.TransientError.Transaction.DeadlockDetected",
    )


def _current_span_id() -> int:
    return int(trace.get_current_span().get_span_context().span_id)


# -- each kind ---------------------------------------------------------------


def test_auto_commit_query_span(traced: Traced) -> None:
    scope = traced.observer.start("query", database="neo4j", query=QUERY)
    scope.set_server("db.example.com", 7687)
    scope.finish()
    (span,) = traced.exporter.get_finished_spans()
    assert span.name == "MATCH RETURN"
    assert span.kind is SpanKind.CLIENT
    assert span.parent is None
    assert dict(span.attributes or {}) == {
        "db.system.name": "neo4j",
        "db.namespace": "neo4j",
        "db.operation.name": "RUN",
        "db.query.summary": "MATCH RETURN",
        "server.address": "db.example.com",
        "server.port": 7687,
    }
    assert span.status.status_code is StatusCode.UNSET


def test_query_text_only_on_opt_in() -> None:
    traced = _traced(capture_query_text=True)
    traced.observer.start("query", query=QUERY).finish()
    (span,) = traced.exporter.get_finished_spans()
    assert (span.attributes or {})["db.query.text"] == QUERY


def test_no_literal_values_without_opt_in(traced: Traced) -> None:
    traced.observer.start("query", query=QUERY).finish()
    (span,) = traced.exporter.get_finished_spans()
    recorded = repr(dict(span.attributes or {})) + span.name
    assert "Ada" not in recorded
    assert "db.query.text" not in (span.attributes or {})


def test_query_without_clauses_is_named_by_operation(
    traced: Traced,
) -> None:
    scope = traced.observer.start("query", query="x")
    scope.set_database("movies")
    scope.finish()
    (span,) = traced.exporter.get_finished_spans()
    assert span.name == "RUN movies"
    assert "db.query.summary" not in (span.attributes or {})
    assert (span.attributes or {})["db.namespace"] == "movies"


def test_database_reported_by_server_renames_span(traced: Traced) -> None:
    scope = traced.observer.start("transaction", access_mode="READ")
    scope.set_database("movies")
    scope.finish(outcome="rolled_back")
    (span,) = traced.exporter.get_finished_spans()
    assert span.name == "TRANSACTION movies"
    assert span.kind is SpanKind.INTERNAL
    attributes = dict(span.attributes or {})
    assert attributes["db.operation.name"] == "TRANSACTION"
    assert attributes["neo4j.access_mode"] == "READ"
    assert attributes["neo4j.transaction.outcome"] == "rolled_back"


def test_acquire_span(traced: Traced) -> None:
    scope = traced.observer.start("acquire", database="neo4j")
    scope.set_server("localhost", 7687)
    scope.finish()
    (span,) = traced.exporter.get_finished_spans()
    assert span.name == "ACQUIRE CONNECTION"
    assert span.kind is SpanKind.INTERNAL
    attributes = dict(span.attributes or {})
    assert attributes["db.operation.name"] == "ACQUIRE"
    assert attributes["server.address"] == "localhost"
    assert attributes["server.port"] == 7687


def test_execute_query_tree_with_retry(traced: Traced) -> None:
    observer = traced.observer
    error = _transient()
    eq = observer.start("execute_query", database="neo4j", query=QUERY)
    attempts = []
    for attempt in range(2):
        tx = observer.start(
            "transaction", database="neo4j", access_mode="WRITE", parent=eq
        )
        acquire = observer.start("acquire", database="neo4j", parent=tx)
        acquire.set_server("localhost", 7687)
        acquire.finish()
        query = observer.start(
            "query", database="neo4j", query=QUERY, parent=tx
        )
        query.set_server("localhost", 7687)
        if attempt == 0:
            query.finish(error=error)
            tx.finish(error=error)
            observer.retry("transaction", error)
        else:
            query.finish()
            tx.finish(outcome="committed")
        attempts.append(tx)
    eq.finish()

    spans = traced.exporter.get_finished_spans()
    assert [span.name for span in spans] == [
        "ACQUIRE CONNECTION",
        "MATCH RETURN",
        "TRANSACTION neo4j",
        "ACQUIRE CONNECTION",
        "MATCH RETURN",
        "TRANSACTION neo4j",
        "EXECUTE_QUERY neo4j",
    ]
    root = spans[-1]
    assert root.kind is SpanKind.CLIENT
    assert root.parent is None
    assert (root.attributes or {})["db.query.summary"] == "MATCH RETURN"
    first_tx, second_tx = spans[2], spans[5]
    for tx_span in (first_tx, second_tx):
        assert _parent_id(tx_span) == _span_id(root)
    for child, tx_span in ((0, first_tx), (1, first_tx), (3, second_tx)):
        assert _parent_id(spans[child]) == _span_id(tx_span)
    assert _parent_id(spans[4]) == _span_id(second_tx)
    assert first_tx.status.status_code is StatusCode.ERROR
    assert second_tx.status.status_code is StatusCode.UNSET
    assert (second_tx.attributes or {})[
        "neo4j.transaction.outcome"
    ] == "committed"
    (retry_event,) = root.events
    assert retry_event.name == "neo4j.retry"
    assert dict(retry_event.attributes or {}) == {
        "error.type": "50N00",
        "neo4j.retry.kind": "transaction",
    }


# -- errors ------------------------------------------------------------------


def test_server_error_attributes_and_status(traced: Traced) -> None:
    scope = traced.observer.start("query", query=QUERY)
    scope.finish(error=_transient())
    (span,) = traced.exporter.get_finished_spans()
    attributes = dict(span.attributes or {})
    assert attributes["error.type"] == "50N00"
    assert attributes["db.response.status_code"] == "50N00"
    assert span.status.status_code is StatusCode.ERROR
    assert span.status.description == "50N00"
    (event,) = span.events
    assert event.name == "exception"
    event_attributes = dict(event.attributes or {})
    assert str(event_attributes["exception.type"]).endswith("TransientError")
    # the server's message quotes data: withheld without the opt-in
    assert "Ada" not in repr(event_attributes)
    assert "42" not in str(event_attributes["exception.message"])


def test_server_error_message_kept_on_opt_in() -> None:
    traced = _traced(capture_query_text=True)
    traced.observer.start("query", query=QUERY).finish(error=_transient())
    (span,) = traced.exporter.get_finished_spans()
    (event,) = span.events
    assert "Ada" in str((event.attributes or {})["exception.message"])
    attributes = dict(span.attributes or {})
    assert attributes["db.response.status_code"] == "50N00"
    assert attributes["error.type"] == "50N00"


def test_pre_gql_server_error_uses_neo4j_code(traced: Traced) -> None:
    error = Neo4jError._from_neo4j_failure(
        code="Neo.ClientError.Statement.SyntaxError", message="bad"
    )
    traced.observer.start("query", query="RETURN").finish(error=error)
    (span,) = traced.exporter.get_finished_spans()
    attributes = dict(span.attributes or {})
    assert attributes["db.response.status_code"] == (
        "Neo.ClientError.Statement.SyntaxError"
    )
    assert attributes["error.type"] == "Neo.ClientError.Statement.SyntaxError"


@pytest.mark.parametrize(
    ("error", "error_type"),
    [
        (
            ConnectionAcquisitionTimeoutError("timed out"),
            "neo4j.exceptions.ConnectionAcquisitionTimeoutError",
        ),
        (ServiceUnavailable("gone"), "neo4j.exceptions.ServiceUnavailable"),
        (ValueError("user code"), "ValueError"),
    ],
)
def test_driver_error_type_is_class_name(
    traced: Traced, error: BaseException, error_type: str
) -> None:
    traced.observer.start("acquire").finish(error=error)
    (span,) = traced.exporter.get_finished_spans()
    attributes = dict(span.attributes or {})
    assert attributes["error.type"] == error_type
    assert "db.response.status_code" not in attributes
    assert span.status.status_code is StatusCode.ERROR
    (event,) = span.events
    assert (event.attributes or {})["exception.message"] == str(error)


def test_user_error_class_is_transient_error() -> None:
    # the hierarchy the retry test above relies on
    assert isinstance(_transient(), TransientError)


def test_finish_twice_ends_once(traced: Traced) -> None:
    scope = traced.observer.start("query", query=QUERY)
    scope.finish()
    scope.finish(error=ValueError("late"))
    (span,) = traced.exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.UNSET


# -- context -----------------------------------------------------------------


def test_parent_from_current_context(traced: Traced) -> None:
    tracer = traced.provider.get_tracer("app")
    with tracer.start_as_current_span("request") as request:
        scope = traced.observer.start("query", query=QUERY)
        # an auto-commit query span is never made current
        assert _current_span_id() == request.get_span_context().span_id
        scope.finish()
    query_span, request_span = traced.exporter.get_finished_spans()
    assert _parent_id(query_span) == _span_id(request_span)


def test_execute_query_and_transaction_are_current(traced: Traced) -> None:
    observer = traced.observer
    eq = observer.start("execute_query", query=QUERY)
    assert isinstance(eq, OtelScope) and eq.span is not None
    assert _current_span_id() == eq.span.get_span_context().span_id
    tx = observer.start("transaction", parent=eq)
    assert isinstance(tx, OtelScope) and tx.span is not None
    assert _current_span_id() == tx.span.get_span_context().span_id
    # application work in the transaction function nests under it
    with traced.provider.get_tracer("app").start_as_current_span("work"):
        pass
    tx.finish(outcome="committed")
    assert _current_span_id() == eq.span.get_span_context().span_id
    eq.finish()
    assert not trace.get_current_span().get_span_context().is_valid
    work, tx_span, _ = traced.exporter.get_finished_spans()
    assert _parent_id(work) == _span_id(tx_span)


def test_context_propagates_into_asyncio_tasks(traced: Traced) -> None:
    observer = traced.observer

    async def child() -> int:
        return _current_span_id()

    async def main() -> tuple[int, int]:
        eq = observer.start("execute_query", query=QUERY)
        assert isinstance(eq, OtelScope) and eq.span is not None
        seen = await asyncio.create_task(child())
        eq.finish()
        return seen, eq.span.get_span_context().span_id

    seen, expected = asyncio.run(main())
    assert seen == expected


def test_transactions_closed_out_of_order_leave_no_stale_context(
    traced: Traced,
) -> None:
    observer = traced.observer
    tx1 = observer.start("transaction")
    tx2 = observer.start("transaction")
    tx1.finish(outcome="committed")
    tx2.finish(outcome="committed")
    assert not trace.get_current_span().get_span_context().is_valid
    assert otel_context.get_current() == otel_context.Context()


def test_transaction_finished_in_copied_context_heals_later(
    traced: Traced,
) -> None:
    observer = traced.observer
    tx = observer.start("transaction")
    # committed in a task started while it was open: a copy of the
    # context, where the attaching tokens cannot be reset
    contextvars.copy_context().run(tx.finish, None, "committed")
    assert len(traced.exporter.get_finished_spans()) == 1
    # the next driver operation here starts from a clean context
    query = observer.start("query", query=QUERY)
    query.finish()
    assert not trace.get_current_span().get_span_context().is_valid
    query_span = traced.exporter.get_finished_spans()[-1]
    assert query_span.parent is None


def test_foreign_parent_scope_falls_back_to_current(traced: Traced) -> None:
    scope = traced.observer.start("query", query=QUERY, parent=Scope())
    scope.finish()
    (span,) = traced.exporter.get_finished_spans()
    assert span.parent is None


def test_no_providers_gives_no_op_observer() -> None:
    observer = make_observer()
    assert type(observer) is Observer
