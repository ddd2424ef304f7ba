"""
OpenTelemetry instrumentation of the driver.

Two ways to turn it on (both need ``opentelemetry-api``, installed by
the ``neo4j[opentelemetry]`` extra):

* per driver, with the ``tracer_provider=`` and ``meter_provider=``
  driver configuration keys (and ``trace_query_text=True`` to record
  query texts);
* process-wide, in the style of the ``opentelemetry-instrumentation-*``
  packages, with :class:`Neo4jInstrumentor`: every driver created
  afterwards (without providers of its own) is observed::

      from neo4j.opentelemetry import Neo4jInstrumentor

      Neo4jInstrumentor().instrument()  # the global providers

Importing this module does not import OpenTelemetry; :meth:`instrument`
does.  See the observability documentation for the spans, attributes
and metric instruments.
"""

from __future__ import annotations

import logging
import typing as t

from ._shared.observe import GLOBAL_FACTORIES, Observer


if t.TYPE_CHECKING:
    from collections.abc import Collection


__all__ = ["Neo4jInstrumentor"]

_log = logging.getLogger("neo4j")


class _Factory:
    """Builds the observer of each new driver (in ``GLOBAL_FACTORIES``)."""

    __slots__ = ("capture_query_text", "meter_provider", "tracer_provider")

    def __init__(
        self,
        tracer_provider: t.Any,
        meter_provider: t.Any,
        capture_query_text: bool,
    ) -> None:
        self.tracer_provider = tracer_provider
        self.meter_provider = meter_provider
        self.capture_query_text = capture_query_text

    def __call__(self, config: t.Any) -> Observer | None:
        # a driver configured with providers of its own is observed by
        # them only: instrumenting it twice would double every span
        if (
            getattr(config, "tracer_provider", None) is not None
            or getattr(config, "meter_provider", None) is not None
        ):
            return None
        from ._otel import make_observer

        max_size = getattr(config, "max_connection_pool_size", -1)
        return make_observer(
            tracer_provider=self.tracer_provider,
            meter_provider=self.meter_provider,
            capture_query_text=self.capture_query_text
            or bool(getattr(config, "trace_query_text", False)),
            max_pool_size=max_size if isinstance(max_size, int) else -1,
        )


class Neo4jInstrumentor:
    """Instruments every driver created while it is active.

    A singleton, like the instrumentors of ``opentelemetry-instrumentation``
    (``Neo4jInstrumentor()`` always returns the same object), with the
    same methods; it does not need that package.

    Drivers created before :meth:`instrument` are not observed; drivers
    created while it is active stay observed until they are closed,
    also after :meth:`uninstrument`.
    """

    _instance: t.ClassVar[Neo4jInstrumentor | None] = None
    _factory: _Factory | None = None

    def __new__(cls) -> Neo4jInstrumentor:
        instance = cls._instance
        if instance is None:
            instance = cls._instance = super().__new__(cls)
        return instance

    @property
    def is_instrumented(self) -> bool:
        """True between :meth:`instrument` and :meth:`uninstrument`."""
        return self._factory is not None

    @property
    def is_instrumented_by_opentelemetry(self) -> bool:
        """The name ``opentelemetry-instrumentation`` uses."""
        return self.is_instrumented

    def instrumentation_dependencies(self) -> Collection[str]:
        """The packages this instrumentation works with."""
        return ("neo4j >= 5.0",)

    def instrument(
        self,
        *,
        tracer_provider: t.Any = None,
        meter_provider: t.Any = None,
        capture_query_text: bool = False,
        **kwargs: t.Any,
    ) -> None:
        """Observe every driver created from now on.

        A second call while instrumented does nothing (and logs a
        warning).

        :param tracer_provider: the ``TracerProvider`` spans go to;
            None: the global one
        :param meter_provider: the ``MeterProvider`` metrics go to;
            None: the global one
        :param capture_query_text: record ``db.query.text`` (query
            parameters are never recorded)
        :param kwargs: ignored (other instrumentors' options)
        """
        if self._factory is not None:
            _log.warning("Neo4jInstrumentor: already instrumented")
            return
        from opentelemetry import metrics, trace

        if tracer_provider is None:
            tracer_provider = trace.get_tracer_provider()
        if meter_provider is None:
            meter_provider = metrics.get_meter_provider()
        factory = _Factory(tracer_provider, meter_provider, capture_query_text)
        GLOBAL_FACTORIES.append(factory)
        self._factory = factory

    def uninstrument(self, **kwargs: t.Any) -> None:
        """Stop observing drivers created from now on.

        :param kwargs: ignored
        """
        factory = self._factory
        if factory is None:
            return
        self._factory = None
        try:
            GLOBAL_FACTORIES.remove(factory)
        except ValueError:
            pass
