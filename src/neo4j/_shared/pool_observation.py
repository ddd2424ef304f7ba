"""
What a connection pool reports to its observer (pure, no I/O, no locks).

The pool shells (:mod:`neo4j._async.io._pool` and its generated twin)
keep a :class:`PoolObservation` only while something observes them
(see :mod:`neo4j._shared.observe`), and call it inside the critical
sections that make the changes it reports, under the pool's state lock:
so a metrics recorder needs no lock of its own, and the bookkeeping
here (when each connection was lent, which ones close on their return)
is guarded too.  Written once here, it stays out of the generated twin
and is tested without sockets.

A connection is reported ``"closed"`` when it goes out of service: at
once when the pool drops or kills it, and on its return for one still
in use when its server was removed (it goes on working until then).
"""

from __future__ import annotations

import time
import typing as t

from .pool_state import RESERVED


if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from .observe import Observer


__all__ = ["PoolObservation"]


class _Pooled(t.Protocol):
    @property
    def unresolved_address(self) -> t.Any: ...


_C = t.TypeVar("_C", bound=_Pooled)


class PoolObservation(t.Generic[_C]):
    """The observer of one pool, and what reporting to it needs.

    :param observer: receives the events
    :param clock: seconds, monotonic (tests inject a fake one)
    """

    __slots__ = ("_announced", "_clock", "_doomed", "_lent_at", "observer")

    def __init__(
        self,
        observer: Observer,
        clock: t.Callable[[], float] = time.perf_counter,
    ) -> None:
        self.observer = observer
        self._clock = clock
        #: addresses whose size limit was announced
        self._announced: set[t.Any] = set()
        #: when each lent connection was handed out
        self._lent_at: dict[_C, float] = {}
        #: connections in use when their address was dropped
        self._doomed: set[_C] = set()

    def now(self) -> float:
        """The clock's time (to start timing an acquisition)."""
        return self._clock()

    def checkout(self, address: t.Any, got: object) -> None:
        """A checkout of ``address`` returned ``got``: a connection,
        :data:`.RESERVED` (one will be opened) or None (the pool is
        full: the acquisition waits)."""
        observer = self.observer
        if address not in self._announced:
            self._announced.add(address)
            observer.pool_event(address, "max_size")
        if got is None:
            observer.pool_event(address, "acquire_waiting")
        elif got is RESERVED:
            observer.pool_event(address, "create_started")

    def timed_out(self, address: t.Any, started: float) -> None:
        """An acquisition begun at ``started`` gave up waiting."""
        self.observer.pool_event(
            address, "acquire_timed_out", self._clock() - started
        )

    def created(self, address: t.Any, started: float) -> None:
        """A connection whose opening began at ``started`` is open."""
        self.observer.pool_event(address, "created", self._clock() - started)

    def create_failed(self, address: t.Any) -> None:
        """Opening a connection failed (or was interrupted)."""
        self.observer.pool_event(address, "create_failed")

    def acquired(self, address: t.Any, conn: _C, started: float) -> None:
        """``conn`` is lent out, at the end of an acquisition begun at
        ``started``."""
        now = self._clock()
        self._lent_at[conn] = now
        self.observer.pool_event(address, "acquired", now - started)

    def returned(self, conn: _C, removed: bool) -> None:
        """``conn`` is back from its borrower (or was killed).

        :param removed: the pool has just dropped it (it will be closed)
        """
        address = conn.unresolved_address
        self._end_lending(conn, address)
        if removed or conn in self._doomed:
            self._doomed.discard(conn)
            self.observer.pool_event(address, "closed")

    def dropped(self, idle: Iterable[_C], in_use: Iterable[_C]) -> None:
        """An address was dropped: its idle connections are closed now,
        the ones in use when they are given back."""
        self.closed(idle)
        self._doomed.update(in_use)

    def closed(self, conns: Iterable[_C]) -> None:
        """``conns`` (none of them lent) are closed."""
        observer = self.observer
        for conn in conns:
            observer.pool_event(conn.unresolved_address, "closed")

    def killed(self, conns: Iterable[_C]) -> None:
        """``conns``, lent out, are killed (the pool closes): their
        lending ends now and nothing is reported on their return."""
        observer = self.observer
        for conn in conns:
            address = conn.unresolved_address
            self._end_lending(conn, address)
            self._doomed.discard(conn)
            observer.pool_event(address, "closed")

    def _end_lending(self, conn: _C, address: t.Any) -> None:
        lent_at = self._lent_at.pop(conn, None)
        if lent_at is not None:
            self.observer.pool_event(
                address, "released", self._clock() - lent_at
            )
