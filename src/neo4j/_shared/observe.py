"""
The observation seam: how the driver reports what it does (pure, no I/O).

The driver calls one :class:`Observer` at the points worth measuring
(an ``execute_query`` call, a transaction, a query, a connection
acquisition, a retry, a routing table refresh, pool events) and holds
the :class:`Scope` it gets back until the operation ends. The metrics
recorder (:mod:`neo4j._shared.metrics`) and the OpenTelemetry observer
(:mod:`neo4j._otel`) are both observers; :func:`fan_out` joins several
into one.

A driver with nothing to observe keeps ``None`` instead of an observer,
and every call site is guarded by ``if observer is not None:``: the
seam then costs one attribute test per event and nothing else.

Kinds passed to :meth:`Observer.start`: ``"execute_query"``,
``"transaction"``, ``"query"`` and ``"acquire"``. Pool events passed to
:meth:`Observer.pool_event`: ``"create_started"``, ``"created"``
(seconds to connect), ``"create_failed"``, ``"closed"``,
``"acquire_waiting"``, ``"acquired"`` (seconds to acquire),
``"acquire_timed_out"``, ``"released"`` (seconds in use) and
``"max_size"`` (once per address when its pool appears).
"""

from __future__ import annotations

import typing as t


if t.TYPE_CHECKING:
    from collections.abc import Callable, Sequence


__all__ = [
    "GLOBAL_FACTORIES",
    "Observer",
    "Scope",
    "fan_out",
]


class Scope:
    """One observed operation in progress (no-op base)."""

    __slots__ = ()

    def set_server(self, host: str, port: int) -> None:
        """Record the server the operation runs against.

        :param host: server host name or IP address
        :param port: server port
        """

    def set_database(self, database: str | None) -> None:
        """Record the database the operation runs against.

        :param database: database name, or ``None`` for the default
        """

    def finish(
        self,
        error: BaseException | None = None,
        outcome: str | None = None,
    ) -> None:
        """End the operation.

        :param error: the error that ended it, if it failed
        :param outcome: ``"committed"`` or ``"rolled_back"`` for a
            transaction that ended without error
        """


#: the scope the base :class:`Observer` hands out (stateless, shared)
_NO_OP_SCOPE = Scope()


class Observer:
    """Receives driver events.

    Base class: every method is a no-op and :meth:`start` returns a
    shared no-op :class:`Scope`; subclasses override what they need.
    """

    __slots__ = ()

    def start(
        self,
        kind: str,
        *,
        database: str | None = None,
        query: str | None = None,
        access_mode: str | None = None,
        parent: Scope | None = None,
    ) -> Scope:
        """Begin an operation and return its scope.

        :param kind: ``"execute_query"``, ``"transaction"``, ``"query"``
            or ``"acquire"``
        :param database: the database requested, if known
        :param query: the query text (``"query"`` and
            ``"execute_query"``)
        :param access_mode: ``"READ"`` or ``"WRITE"``
        :param parent: the enclosing operation's scope, if known
        :returns: the scope to :meth:`Scope.finish` when it ends
        """
        return _NO_OP_SCOPE

    def retry(self, kind: str, error: BaseException) -> None:
        """Report that a failed attempt is about to be retried.

        :param kind: the kind of work retried (``"transaction"``)
        :param error: the retryable error of the failed attempt
        """

    def routing_refresh(self, database: str | None) -> None:
        """Report a routing table refresh.

        :param database: the database whose table is fetched
        """

    def pool_event(
        self,
        address: tuple[str, int],
        event: str,
        seconds: float | None = None,
    ) -> None:
        """Report a connection-pool event for one server address.

        :param address: the server address of the pool
        :param event: the event name (see the module docstring)
        :param seconds: the duration the event measures, if any
        """


class _FanOutScope(Scope):
    """Forwards every call to several scopes."""

    __slots__ = ("_scopes",)

    def __init__(self, scopes: tuple[Scope, ...]) -> None:
        self._scopes = scopes

    def set_server(self, host: str, port: int) -> None:
        for scope in self._scopes:
            scope.set_server(host, port)

    def set_database(self, database: str | None) -> None:
        for scope in self._scopes:
            scope.set_database(database)

    def finish(
        self,
        error: BaseException | None = None,
        outcome: str | None = None,
    ) -> None:
        for scope in self._scopes:
            scope.finish(error, outcome)


class _FanOutObserver(Observer):
    """Forwards every call to several observers.

    A parent scope handed to :meth:`start` is one of this observer's
    fan-out scopes; each observer gets its own scope of it back.
    """

    __slots__ = ("_observers",)

    def __init__(self, observers: tuple[Observer, ...]) -> None:
        self._observers = observers

    def start(
        self,
        kind: str,
        *,
        database: str | None = None,
        query: str | None = None,
        access_mode: str | None = None,
        parent: Scope | None = None,
    ) -> Scope:
        parents: tuple[Scope | None, ...]
        if isinstance(parent, _FanOutScope) and len(parent._scopes) == len(
            self._observers
        ):
            parents = parent._scopes
        else:
            parents = (parent,) * len(self._observers)
        return _FanOutScope(
            tuple(
                observer.start(
                    kind,
                    database=database,
                    query=query,
                    access_mode=access_mode,
                    parent=own_parent,
                )
                for observer, own_parent in zip(
                    self._observers, parents, strict=True
                )
            )
        )

    def retry(self, kind: str, error: BaseException) -> None:
        for observer in self._observers:
            observer.retry(kind, error)

    def routing_refresh(self, database: str | None) -> None:
        for observer in self._observers:
            observer.routing_refresh(database)

    def pool_event(
        self,
        address: tuple[str, int],
        event: str,
        seconds: float | None = None,
    ) -> None:
        for observer in self._observers:
            observer.pool_event(address, event, seconds)


def fan_out(observers: Sequence[Observer | None]) -> Observer | None:
    """Join observers into one.

    ``None`` entries are dropped.

    :param observers: the observers to join
    :returns: ``None`` for no observers, the observer itself for one,
        else one that forwards every call (scopes fanned out too)
    """
    present = tuple(o for o in observers if o is not None)
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    return _FanOutObserver(present)


#: process-wide factories registered by instrumentors (for example
#: ``neo4j.opentelemetry.Neo4jInstrumentor().instrument()`` appends
#: one); each is called with the driver's config when a driver is
#: created and returns an :class:`Observer` or ``None``.
GLOBAL_FACTORIES: list[Callable[[t.Any], Observer | None]] = []
