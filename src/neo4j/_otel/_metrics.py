"""
The OpenTelemetry metric instruments of the driver (meter ``neo4j``).

Operation durations come from finished scopes; the connection-pool
instruments are kept from the pool events of the observation seam, one
``db.client.connection.pool.name`` (``host:port``) per server address:

========================  ==============================================
pool event                instruments
========================  ==============================================
``created`` (seconds)     ``create_time``; count ``idle`` +1
``acquired`` (seconds)    ``wait_time``; count ``idle`` -1, ``used`` +1
``released`` (seconds)    ``use_time``; count ``used`` -1, ``idle`` +1
``closed``                count ``idle`` -1
``acquire_timed_out``     ``timeouts`` +1
``max_size``              ``max`` + the pool's size limit
========================  ==============================================

A new connection is counted idle from its creation until the
acquisition it was opened for completes; the pool reports a connection
in use as released before it closes it, so ``closed`` always leaves the
idle state.  The instruments are stateless counters: no lock, no
per-address bookkeeping here.
"""

from __future__ import annotations

import typing as t

from . import _attributes as attr


if t.TYPE_CHECKING:
    from opentelemetry.metrics import Histogram, Meter, MeterProvider


__all__ = ["PoolInstruments", "make_meter"]

#: the bucket boundaries the conventions advise for durations (seconds)
_DURATION_BUCKETS: t.Final = (
    0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0,
)  # fmt: skip

_IDLE: t.Final = "idle"
_USED: t.Final = "used"


def make_meter(provider: MeterProvider) -> Meter:
    """The driver's meter from ``provider``."""
    from .._meta import version

    return provider.get_meter(attr.NEO4J, version)


def _histogram(meter: Meter, name: str, description: str) -> Histogram:
    try:
        return meter.create_histogram(
            name,
            unit="s",
            description=description,
            explicit_bucket_boundaries_advisory=list(_DURATION_BUCKETS),
        )
    except TypeError:
        # opentelemetry-api before 1.23 has no advisory parameter
        return meter.create_histogram(name, unit="s", description=description)


class PoolInstruments:
    """Every metric instrument; records operations and pool events.

    :param meter: the meter the instruments are created with
    :param max_size: the pool size limit per address (negative:
        unlimited, not reported)
    """

    __slots__ = (
        "_count",
        "_create_time",
        "_max",
        "_max_size",
        "_pools",
        "_timeouts",
        "_use_time",
        "_wait_time",
        "operation_duration",
    )

    def __init__(self, meter: Meter, max_size: int = -1) -> None:
        self._max_size = max_size
        #: attribute sets per address, built once
        self._pools: dict[
            tuple[str, int], tuple[dict[str, str], dict[str, str]]
        ] = {}
        self.operation_duration = _histogram(
            meter,
            "db.client.operation.duration",
            "Duration of database client operations.",
        )
        self._count = meter.create_up_down_counter(
            "db.client.connection.count",
            unit="{connection}",
            description=(
                "The number of connections that are currently in the"
                " state described by the state attribute."
            ),
        )
        self._max = meter.create_up_down_counter(
            "db.client.connection.max",
            unit="{connection}",
            description="The maximum number of open connections allowed.",
        )
        self._timeouts = meter.create_counter(
            "db.client.connection.timeouts",
            unit="{timeout}",
            description=(
                "The number of connection timeouts that have occurred"
                " trying to obtain a connection from the pool."
            ),
        )
        self._wait_time = _histogram(
            meter,
            "db.client.connection.wait_time",
            "The time it took to obtain an open connection from the pool.",
        )
        self._create_time = _histogram(
            meter,
            "db.client.connection.create_time",
            "The time it took to create a new connection.",
        )
        self._use_time = _histogram(
            meter,
            "db.client.connection.use_time",
            "The time between borrowing a connection and returning it to"
            " the pool.",
        )

    def _states(
        self, address: tuple[str, int]
    ) -> tuple[dict[str, str], dict[str, str]]:
        states = self._pools.get(address)
        if states is None:
            name = f"{address[0]}:{address[1]}"
            states = self._pools[address] = (
                {attr.POOL_NAME: name, attr.STATE: _IDLE},
                {attr.POOL_NAME: name, attr.STATE: _USED},
            )
        return states

    def pool_event(
        self, address: tuple[str, int], event: str, seconds: float | None
    ) -> None:
        """Record one pool event (see the module docstring)."""
        idle, used = self._states(address)
        pool = {attr.POOL_NAME: idle[attr.POOL_NAME]}
        if event == "acquired":
            self._count.add(-1, idle)
            self._count.add(1, used)
            if seconds is not None:
                self._wait_time.record(seconds, pool)
        elif event == "released":
            self._count.add(-1, used)
            self._count.add(1, idle)
            if seconds is not None:
                self._use_time.record(seconds, pool)
        elif event == "created":
            self._count.add(1, idle)
            if seconds is not None:
                self._create_time.record(seconds, pool)
        elif event == "closed":
            self._count.add(-1, idle)
        elif event == "acquire_timed_out":
            self._timeouts.add(1, pool)
        elif event == "max_size":
            size = self._max_size if seconds is None else int(seconds)
            if size >= 0:
                self._max.add(size, pool)
