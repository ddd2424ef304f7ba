"""
The OpenTelemetry observer: spans and metrics from the driver's events.

Span tree
---------
A scope's span is the child of its ``parent`` scope's span when the
driver names one, else of the current OpenTelemetry context.
``execute_query`` and transaction spans are made *current* while they
run, so work the application does inside a transaction function (its
own spans, nested drivers) nests under them; the context travels with
``contextvars``, hence into the tasks the application starts.  A query
span is never made current: an auto-commit result is consumed whenever
and wherever the application likes, so its span is started with an
explicit parent context and only ended by the driver.

Making a span current is an ``attach`` whose token must be detached in
the same context, last in first out.  An explicit transaction may be
committed in another task, or transactions of two sessions closed in
the opposite order of their start; a scope therefore only detaches when
its own context is the current one, and otherwise leaves its token to
be unwound as soon as the context it covers becomes current again
(after the detach of the scope on top of it, or when the next scope
starts there).  No context is left pointing at a finished span in the
usual, well-nested use.

Nothing of a query's parameters is ever recorded.  The query text
(``db.query.text``) only with ``capture_query_text``; the messages of
server errors likewise, because the server echoes query fragments and
property values in them (without it, the exception event carries the
error class and status codes only, and its stack trace no message).
"""

from __future__ import annotations

import contextvars
import time
import traceback
import typing as t

from opentelemetry import context as otel_context, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from .._shared.observe import Observer, Scope
from . import _attributes as attr


if t.TYPE_CHECKING:
    from opentelemetry.context import Context
    from opentelemetry.trace import Span, Tracer

    from ._metrics import PoolInstruments


__all__ = ["OtelObserver", "OtelScope"]

#: holds the scope whose span a context made current
_SCOPE_KEY: t.Final = otel_context.create_key("neo4j-otel-scope")

#: kinds whose spans become current while they run
_CURRENT_KINDS: t.Final = frozenset(("execute_query", "transaction"))
#: kinds whose durations feed db.client.operation.duration
_TIMED_KINDS: t.Final = frozenset(("execute_query", "query"))
_CLIENT_KINDS: t.Final = frozenset(("execute_query", "query"))

#: attributes of a finished operation copied to its duration metric
_METRIC_KEYS: t.Final = (
    attr.DB_SYSTEM_NAME,
    attr.DB_NAMESPACE,
    attr.DB_OPERATION_NAME,
    attr.DB_QUERY_SUMMARY,
    attr.SERVER_ADDRESS,
    attr.SERVER_PORT,
    attr.ERROR_TYPE,
    attr.DB_RESPONSE_STATUS_CODE,
)

_NO_SCOPE: t.Final = Scope()

#: set along with each attach: resetting it first tells whether this
#: is the ``contextvars`` context the attach happened in (a task or
#: thread started meanwhile copies the OpenTelemetry context, but its
#: tokens cannot be reset there)
_ATTACHED: contextvars.ContextVar[object] = contextvars.ContextVar(
    "neo4j_otel_attached", default=None
)


class OtelScope(Scope):
    """One operation: its span (if tracing) and its duration metric."""

    __slots__ = (
        "_attributes",
        "_ctx",
        "_finished",
        "_kind",
        "_observer",
        "_span",
        "_started",
        "_summary",
        "_token",
    )

    def __init__(
        self,
        observer: OtelObserver,
        kind: str,
        attributes: dict[str, t.Any],
        summary: str | None,
    ) -> None:
        self._observer = observer
        self._kind = kind
        self._attributes = attributes
        self._summary = summary
        self._span: Span | None = None
        self._ctx: Context | None = None
        #: the tokens of the attach while not yet detached
        self._token: tuple[object, contextvars.Token[object]] | None = None
        self._finished = False
        self._started = time.perf_counter()

    @property
    def span(self) -> Span | None:
        """The span of the operation (None when not tracing)."""
        return self._span

    def set_server(self, host: str, port: int) -> None:
        """Record ``server.address`` and ``server.port``."""
        self._attributes[attr.SERVER_ADDRESS] = host
        self._attributes[attr.SERVER_PORT] = port
        span = self._span
        if span is not None:
            span.set_attribute(attr.SERVER_ADDRESS, host)
            span.set_attribute(attr.SERVER_PORT, port)

    def set_database(self, database: str | None) -> None:
        """Record ``db.namespace`` (renaming the span if it names it)."""
        if not database or self._attributes.get(attr.DB_NAMESPACE) == (
            database
        ):
            return
        self._attributes[attr.DB_NAMESPACE] = database
        span = self._span
        if span is not None:
            span.set_attribute(attr.DB_NAMESPACE, database)
            span.update_name(
                attr.span_name(self._kind, self._summary, database)
            )

    def finish(
        self,
        error: BaseException | None = None,
        outcome: str | None = None,
    ) -> None:
        """End the span and record the duration (once)."""
        if self._finished:
            return
        self._finished = True
        observer = self._observer
        attributes = self._attributes
        if error is not None:
            error_type, status_code = attr.error_attributes(error)
            attributes[attr.ERROR_TYPE] = error_type
            if status_code is not None:
                attributes[attr.DB_RESPONSE_STATUS_CODE] = status_code
        span = self._span
        if span is not None:
            if error is not None:
                self._record_error(span, error)
            if outcome is not None:
                span.set_attribute(attr.TX_OUTCOME, outcome)
            span.end()
        if self._kind in _TIMED_KINDS:
            instruments = observer.instruments
            if instruments is not None:
                instruments.operation_duration.record(
                    time.perf_counter() - self._started,
                    {
                        key: attributes[key]
                        for key in _METRIC_KEYS
                        if key in attributes
                    },
                )
        if self._token is not None:
            _unwind(self)

    def _record_error(self, span: Span, error: BaseException) -> None:
        attributes = self._attributes
        error_type = attributes[attr.ERROR_TYPE]
        span.set_attribute(attr.ERROR_TYPE, error_type)
        status_code = attributes.get(attr.DB_RESPONSE_STATUS_CODE)
        if status_code is not None:
            span.set_attribute(attr.DB_RESPONSE_STATUS_CODE, status_code)
        if status_code is None or self._observer.capture_query_text:
            span.record_exception(error)
        else:
            # a server error's message may quote the query and values
            span.record_exception(
                error,
                attributes={
                    "exception.message": f"{error_type} (message withheld)",
                    "exception.stacktrace": _bare_traceback(error),
                },
            )
        span.set_status(Status(StatusCode.ERROR, error_type))


def _bare_traceback(error: BaseException) -> str:
    """The stack of ``error`` without its message."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    cls = type(error)
    return (
        f"Traceback (most recent call last):\n{frames}"
        f"{cls.__module__}.{cls.__qualname__}\n"
    )


def _unwind(scope: OtelScope) -> None:
    """Detach ``scope``'s context and finished ones it uncovers."""
    while True:
        tokens = scope._token
        if tokens is None or otel_context.get_current() is not scope._ctx:
            # not current here: detached once it is current again
            return
        try:
            _ATTACHED.reset(tokens[1])
        except ValueError:
            # another task's or thread's copy of the attaching context
            return
        scope._token = None
        otel_context.detach(t.cast("t.Any", tokens[0]))
        below = otel_context.get_value(_SCOPE_KEY)
        if not isinstance(below, OtelScope) or not below._finished:
            return
        scope = below


class OtelObserver(Observer):
    """Turns the driver's events into spans and metrics.

    :param tracer: where spans go (None: no spans)
    :param instruments: where metrics go (None: no metrics)
    :param capture_query_text: record ``db.query.text`` and server
        error messages
    """

    __slots__ = ("capture_query_text", "instruments", "tracer")

    def __init__(
        self,
        tracer: Tracer | None,
        instruments: PoolInstruments | None,
        capture_query_text: bool = False,
    ) -> None:
        self.tracer = tracer
        self.instruments = instruments
        self.capture_query_text = capture_query_text

    def start(
        self,
        kind: str,
        *,
        database: str | None = None,
        query: str | None = None,
        access_mode: str | None = None,
        parent: Scope | None = None,
    ) -> Scope:
        """Begin an operation: start its span, made current if due."""
        tracer = self.tracer
        if tracer is None and kind not in _TIMED_KINDS:
            return _NO_SCOPE
        attributes: dict[str, t.Any] = {
            attr.DB_SYSTEM_NAME: attr.NEO4J,
            attr.DB_OPERATION_NAME: attr.operation_name(kind),
        }
        if database:
            attributes[attr.DB_NAMESPACE] = database
        summary = None
        if isinstance(query, str):
            summary = attr.summarize_query(query)
            if summary is not None:
                attributes[attr.DB_QUERY_SUMMARY] = summary
        scope = OtelScope(self, kind, attributes, summary)
        if tracer is None:
            return scope
        span_attributes = dict(attributes)
        if query is not None and self.capture_query_text:
            span_attributes[attr.DB_QUERY_TEXT] = query
        if access_mode is not None:
            span_attributes[attr.ACCESS_MODE] = access_mode
        if isinstance(parent, OtelScope) and parent._ctx is not None:
            parent_ctx = parent._ctx
        else:
            parent_ctx = _current_context()
        span = tracer.start_span(
            attr.span_name(kind, summary, database),
            context=parent_ctx,
            kind=SpanKind.CLIENT
            if kind in _CLIENT_KINDS
            else SpanKind.INTERNAL,
            attributes=span_attributes,
        )
        scope._span = span
        ctx = trace.set_span_in_context(span, parent_ctx)
        if kind in _CURRENT_KINDS:
            ctx = otel_context.set_value(_SCOPE_KEY, scope, ctx)
            scope._token = (
                otel_context.attach(ctx),
                _ATTACHED.set(scope),
            )
        scope._ctx = ctx
        return scope

    def retry(self, kind: str, error: BaseException) -> None:
        """Add a ``retry`` event to the current driver span, if any."""
        span = self._current_driver_span()
        if span is not None:
            error_type, _ = attr.error_attributes(error)
            span.add_event(
                "neo4j.retry",
                {attr.ERROR_TYPE: error_type, "neo4j.retry.kind": kind},
            )

    def routing_refresh(self, database: str | None) -> None:
        """Add a routing-refresh event to the current driver span."""
        span = self._current_driver_span()
        if span is not None:
            span.add_event(
                "neo4j.routing_table.refresh",
                {attr.DB_NAMESPACE: database} if database else None,
            )

    def pool_event(
        self,
        address: tuple[str, int],
        event: str,
        seconds: float | None = None,
    ) -> None:
        """Update the connection-pool instruments."""
        instruments = self.instruments
        if instruments is not None:
            instruments.pool_event(address, event, seconds)

    def _current_driver_span(self) -> Span | None:
        if self.tracer is None:
            return None
        scope = otel_context.get_value(_SCOPE_KEY)
        if (
            isinstance(scope, OtelScope)
            and not scope._finished
            and scope._observer is self
        ):
            return scope._span
        return None


def _current_context() -> Context:
    """The current context, first unwinding finished driver scopes."""
    ctx = otel_context.get_current()
    scope = otel_context.get_value(_SCOPE_KEY, ctx)
    if (
        isinstance(scope, OtelScope)
        and scope._finished
        and scope._token is not None
        and scope._ctx is ctx
    ):
        _unwind(scope)
        ctx = otel_context.get_current()
    return ctx
