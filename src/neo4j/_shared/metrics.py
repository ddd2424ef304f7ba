"""
Driver metrics: the recorder and its immutable snapshots (pure, no I/O).

:class:`MetricsRecorder` is an :class:`~neo4j._shared.observe.Observer`
like any other: the pool and the work layer report to it through the
observation seam, and :meth:`MetricsRecorder.snapshot` turns what it
counted, together with the pool's current state, into a
:class:`DriverMetrics`.

Thread safety, and why no lock is added:

* Per-address counters change only in :meth:`MetricsRecorder.pool_event`,
  which the pool calls inside its own critical sections (under its state
  lock), and :meth:`MetricsRecorder.snapshot` is called under that lock
  too: the counters and the gauges (in use, idle, creating, waiting) of
  a snapshot are read in one consistent pass.
* Driver-level counters (queries, transactions, retries, routing table
  refreshes) are bumped from the query path of any thread, outside any
  critical section.  Each is an :class:`_Tally`, whose increment is
  ``itertools.count().__next__``: one call into C that runs entirely
  while holding the GIL, so concurrent increments are never lost (the
  idiom CPython's own :mod:`threading` uses to number threads).  A lock
  would cost an acquire and a release per query and make threads
  contend; a plain ``+= 1`` on an attribute may lose increments.
"""

from __future__ import annotations

import dataclasses
import itertools
import types
import typing as t

from .._addressing import Address
from .observe import Observer, Scope


if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from .pool_state import PoolState


__all__ = [
    "ConnectionPoolMetrics",
    "DriverMetrics",
    "MetricsRecorder",
]


@dataclasses.dataclass(frozen=True, slots=True)
class ConnectionPoolMetrics:
    """The connection pool of one server address, at one moment.

    Gauges (``in_use``, ``idle``, ``creating``, ``acquiring``) are the
    state when the snapshot was taken; every other field counts from
    the driver's creation.  Times are in seconds; divide a ``*_total``
    by its ``*_count`` for the mean.
    """

    #: the server address (as configured or routed)
    address: Address
    #: connections lent to sessions now
    in_use: int
    #: connections waiting in the pool to be lent
    idle: int
    #: connections being opened now
    creating: int
    #: connections opened successfully
    created: int
    #: connection attempts that failed (or were interrupted)
    failed_to_create: int
    #: connections the pool closed (one in use when its server was
    #: removed: when it is given back)
    closed: int
    #: acquisitions waiting now for a connection of a full pool
    acquiring: int
    #: connections lent out
    acquired: int
    #: acquisitions that gave up after the acquisition timeout
    timed_out_to_acquire: int
    #: time spent in acquisitions (lent or timed out)
    acquisition_time_total: float
    #: acquisitions whose time is in ``acquisition_time_total``
    acquisition_count: int
    #: time spent opening connections (successful ones)
    connection_time_total: float
    #: connections whose opening time is in ``connection_time_total``
    connection_count: int
    #: time connections were lent to sessions, until given back
    in_use_time_total: float
    #: lendings whose time is in ``in_use_time_total``
    in_use_count: int
    #: ``max_connection_pool_size`` (negative: no limit)
    max_size: int


@dataclasses.dataclass(frozen=True, slots=True)
class DriverMetrics:
    """What a driver has done, at one moment (see
    :meth:`neo4j.Driver.metrics`).

    An extension of this driver: the official one has no public pool
    metrics.
    """

    #: per server address, the pool of that address (read-only mapping)
    pools: Mapping[Address, ConnectionPoolMetrics] = dataclasses.field(
        hash=False
    )
    #: queries run (each RUN, auto-commit or in a transaction)
    queries: int
    #: transactions committed (explicit and managed)
    transactions_committed: int
    #: transactions rolled back (explicitly, by close, or after a
    #: failure of the transaction function)
    transactions_rolled_back: int
    #: failed attempts run again (transaction functions,
    #: ``execute_query`` and auto-commit queries the server allows)
    retries: int
    #: routing table fetches (successful or not)
    routing_table_refreshes: int
    #: ``max_connection_pool_size`` (negative: no limit)
    max_connection_pool_size: int

    def pool(
        self, address: Address | tuple[t.Any, ...] | str
    ) -> ConnectionPoolMetrics:
        """The pool of one server address.

        :param address: an :class:`.Address`, a ``(host, port)`` tuple
            or a ``"host:port"`` string
        :returns: its metrics; all zero for an address the driver has
            never used
        :raises TypeError: ``address`` is none of the above
        """
        wanted = _host_port(address)
        for key, metrics in self.pools.items():
            if (key[0], key[1]) == wanted:
                return metrics
        return _empty_pool(Address(wanted), self.max_connection_pool_size)


def _host_port(address: object) -> tuple[t.Any, t.Any]:
    if isinstance(address, str):
        parsed = Address.parse(address)
        return parsed[0], parsed[1]
    if isinstance(address, tuple) and len(address) >= 2:
        port = address[1]
        if isinstance(port, str) and port.isdigit():
            port = int(port)  # a port given as text: "7687" means 7687
        return address[0], port
    raise TypeError(
        "an address is an Address, a (host, port) tuple or a "
        f"'host:port' string, not {address!r}"
    )


def _empty_pool(address: Address, max_size: int) -> ConnectionPoolMetrics:
    return ConnectionPoolMetrics(
        address=address,
        in_use=0,
        idle=0,
        creating=0,
        created=0,
        failed_to_create=0,
        closed=0,
        acquiring=0,
        acquired=0,
        timed_out_to_acquire=0,
        acquisition_time_total=0.0,
        acquisition_count=0,
        connection_time_total=0.0,
        connection_count=0,
        in_use_time_total=0.0,
        in_use_count=0,
        max_size=max_size,
    )


class _Tally:
    """A counter any thread may bump without a lock (see the module
    docstring)."""

    __slots__ = ("_count", "bump")

    def __init__(self) -> None:
        self._count = itertools.count()
        #: add one (the value returned is meaningless)
        self.bump: t.Callable[[], int] = self._count.__next__

    @property
    def value(self) -> int:
        """The number of bumps so far."""
        # itertools.count has no accessor for its next value (its pickle
        # support, the other way in, is deprecated since Python 3.12);
        # its repr is "count(N)", N the value the next bump returns
        return int(repr(self._count)[6:-1])


class _PoolCounters:
    """The counters of one address; changed under the pool's lock."""

    __slots__ = (
        "acquired",
        "acquisition_count",
        "acquisition_time",
        "closed",
        "connection_count",
        "connection_time",
        "created",
        "failed_to_create",
        "in_use_count",
        "in_use_time",
        "timed_out",
    )

    def __init__(self) -> None:
        self.created = 0
        self.failed_to_create = 0
        self.closed = 0
        self.acquired = 0
        self.timed_out = 0
        self.acquisition_time = 0.0
        self.acquisition_count = 0
        self.connection_time = 0.0
        self.connection_count = 0
        self.in_use_time = 0.0
        self.in_use_count = 0


class _TransactionTally(Scope):
    """The scope of every transaction: counts how it ended.

    Stateless (one per recorder): the outcome comes with ``finish``.
    """

    __slots__ = ("_committed", "_rolled_back")

    def __init__(self, committed: _Tally, rolled_back: _Tally) -> None:
        self._committed = committed
        self._rolled_back = rolled_back

    def finish(
        self,
        error: BaseException | None = None,
        outcome: str | None = None,
    ) -> None:
        if outcome == "committed":
            self._committed.bump()
        elif outcome == "rolled_back":
            self._rolled_back.bump()


_NO_OP_SCOPE = Scope()


class MetricsRecorder(Observer):
    """Counts what the driver does, for :meth:`snapshot`."""

    __slots__ = (
        "_committed",
        "_pools",
        "_queries",
        "_refreshes",
        "_retries",
        "_rolled_back",
        "_tx_scope",
    )

    def __init__(self) -> None:
        #: per address; written only under the pool's state lock
        self._pools: dict[tuple[t.Any, ...], _PoolCounters] = {}
        self._queries = _Tally()
        self._committed = _Tally()
        self._rolled_back = _Tally()
        self._retries = _Tally()
        self._refreshes = _Tally()
        self._tx_scope = _TransactionTally(self._committed, self._rolled_back)

    # -- the observer ------------------------------------------------------

    def start(
        self,
        kind: str,
        *,
        database: str | None = None,
        query: str | None = None,
        access_mode: str | None = None,
        parent: Scope | None = None,
    ) -> Scope:
        if kind == "query":
            self._queries.bump()
        elif kind == "transaction":
            return self._tx_scope
        return _NO_OP_SCOPE

    def retry(self, kind: str, error: BaseException) -> None:
        self._retries.bump()

    def routing_refresh(self, database: str | None) -> None:
        self._refreshes.bump()

    def pool_event(
        self,
        address: tuple[str, int],
        event: str,
        seconds: float | None = None,
    ) -> None:
        counters = self._pools.get(address)
        if counters is None:
            counters = self._pools[address] = _PoolCounters()
        if event == "acquired":
            counters.acquired += 1
            if seconds is not None:
                counters.acquisition_time += seconds
                counters.acquisition_count += 1
        elif event == "released":
            if seconds is not None:
                counters.in_use_time += seconds
                counters.in_use_count += 1
        elif event == "created":
            counters.created += 1
            if seconds is not None:
                counters.connection_time += seconds
                counters.connection_count += 1
        elif event == "closed":
            counters.closed += 1
        elif event == "create_failed":
            counters.failed_to_create += 1
        elif event == "acquire_timed_out":
            counters.timed_out += 1
            if seconds is not None:
                counters.acquisition_time += seconds
                counters.acquisition_count += 1
        # "create_started", "acquire_waiting", "max_size": the gauges
        # they stand for are read from the pool's state

    # -- snapshots ---------------------------------------------------------

    def snapshot(
        self, state: PoolState[t.Any] | None, max_size: int
    ) -> DriverMetrics:
        """The metrics now.

        Call it under the pool's state lock (the lock
        :meth:`pool_event` is called under).

        :param state: the pool's state (None: a driver without a Bolt
            pool, e.g. the Query API driver)
        :param max_size: ``max_connection_pool_size``
        :returns: the immutable snapshot
        """
        live = {} if state is None else state.pools
        pools: dict[Address, ConnectionPoolMetrics] = {}
        for address in [*live, *(a for a in self._pools if a not in live)]:
            pool = live.get(address)
            counters = self._pools.get(address) or _PoolCounters()
            key = Address(address)
            pools[key] = ConnectionPoolMetrics(
                address=key,
                in_use=0 if pool is None else len(pool.in_use),
                idle=0 if pool is None else len(pool.idle),
                creating=0 if pool is None else pool.reservations,
                created=counters.created,
                failed_to_create=counters.failed_to_create,
                closed=counters.closed,
                acquiring=0 if pool is None else pool.waiting,
                acquired=counters.acquired,
                timed_out_to_acquire=counters.timed_out,
                acquisition_time_total=counters.acquisition_time,
                acquisition_count=counters.acquisition_count,
                connection_time_total=counters.connection_time,
                connection_count=counters.connection_count,
                in_use_time_total=counters.in_use_time,
                in_use_count=counters.in_use_count,
                max_size=max_size,
            )
        return DriverMetrics(
            pools=types.MappingProxyType(pools),
            queries=self._queries.value,
            transactions_committed=self._committed.value,
            transactions_rolled_back=self._rolled_back.value,
            retries=self._retries.value,
            routing_table_refreshes=self._refreshes.value,
            max_connection_pool_size=max_size,
        )
