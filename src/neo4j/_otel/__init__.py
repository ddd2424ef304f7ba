"""
OpenTelemetry support behind the observation seam (optional).

The driver imports this package only when a driver is configured with a
``tracer_provider`` or ``meter_provider`` (or
:class:`neo4j.opentelemetry.Neo4jInstrumentor` is active): it needs
``opentelemetry-api`` (the ``opentelemetry`` extra) and nothing else.
:func:`make_observer` builds the :class:`~neo4j._shared.observe.Observer`
that turns the driver's events into spans (:mod:`._observer`), metric
instruments (:mod:`._metrics`) and semantic-convention attributes
(:mod:`._attributes`).
"""

from __future__ import annotations

import typing as t

from .._shared.observe import Observer
from ._metrics import PoolInstruments, make_meter
from ._observer import OtelObserver, OtelScope


__all__ = ["OtelObserver", "OtelScope", "make_observer"]


def make_observer(
    *,
    tracer_provider: t.Any = None,
    meter_provider: t.Any = None,
    capture_query_text: bool = False,
    max_pool_size: int = -1,
) -> Observer:
    """Build the OpenTelemetry observer of a driver.

    :param tracer_provider: an OpenTelemetry ``TracerProvider``; None
        records no spans
    :param meter_provider: an OpenTelemetry ``MeterProvider``; None
        records no metrics
    :param capture_query_text: record ``db.query.text`` (and the
        messages of server errors); parameters are never recorded
    :param max_pool_size: the driver's ``max_connection_pool_size``,
        reported as ``db.client.connection.max`` (negative: unlimited,
        not reported)
    :returns: the observer (a no-op one when both providers are None)
    """
    if tracer_provider is None and meter_provider is None:
        return Observer()
    tracer = None
    if tracer_provider is not None:
        from .._meta import version

        tracer = tracer_provider.get_tracer("neo4j", version)
    instruments = None
    if meter_provider is not None:
        instruments = PoolInstruments(
            make_meter(meter_provider), max_size=max_pool_size
        )
    return OtelObserver(tracer, instruments, capture_query_text)
