"""Connection pool bookkeeping as pure computation (no I/O, no locks).

The pool shells (:mod:`neo4j._async.io._pool` and its generated twin)
call these methods inside a short critical section and do every socket
operation (open, RESET, close) outside of it.  Each per-address pool
counts idle connections, connections in use, *reservations* (slots
taken by connections that are still being opened) and acquisitions
waiting for a slot of the full pool (a gauge of the driver's
metrics).  A reservation is either turned into an in-use connection
(:meth:`PoolState.opened`) or given back
(:meth:`PoolState.cancel_reservation`), also when the opening task is
cancelled, so a slot can never leak.

Why a separate module: the accounting is the part of a pool that is easy
to get subtly wrong, and here it can be tested exhaustively without
sockets, event loops or threads; the generated sync twin stays small.
"""

from __future__ import annotations

import collections
import typing as t


__all__ = [
    "RESERVED",
    "AddressPool",
    "PoolState",
    "is_too_old",
    "needs_liveness_check",
]

_C = t.TypeVar("_C")


class _Reserved:
    __slots__ = ()

    def __repr__(self) -> str:
        return "RESERVED"


#: Returned by :meth:`PoolState.checkout` when the caller got a slot and
#: must open a new connection.
RESERVED: t.Final = _Reserved()


class AddressPool(t.Generic[_C]):
    """The connections of one server address."""

    __slots__ = ("idle", "in_use", "reservations", "waiting")

    def __init__(self) -> None:
        #: idle connections, the most recently released last (LIFO reuse)
        self.idle: collections.deque[_C] = collections.deque()
        self.in_use: set[_C] = set()
        self.reservations = 0
        #: acquisitions waiting for a slot of this (full) pool
        self.waiting = 0

    @property
    def size(self) -> int:
        """Connections counted against the size limit."""
        return len(self.idle) + len(self.in_use) + self.reservations

    @property
    def busy(self) -> int:
        """Connections in use or being opened (least-connected metric)."""
        return len(self.in_use) + self.reservations

    def __repr__(self) -> str:
        return (
            f"<AddressPool idle={len(self.idle)} in_use={len(self.in_use)} "
            f"reserved={self.reservations} waiting={self.waiting}>"
        )


class PoolState(t.Generic[_C]):
    """All per-address pools of a driver.

    :param max_size: connections per address; negative: unlimited
    """

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self.pools: dict[t.Any, AddressPool[_C]] = {}

    def _pool(self, address: t.Any) -> AddressPool[_C]:
        pool = self.pools.get(address)
        if pool is None:
            pool = self.pools[address] = AddressPool()
        return pool

    def checkout(self, address: t.Any) -> _C | _Reserved | None:
        """Take an idle connection, or reserve a slot for a new one.

        :returns: a connection (now in use), :data:`RESERVED` (open one
            and report it with :meth:`opened` or
            :meth:`cancel_reservation`), or None if the pool is full
        """
        pool = self._pool(address)
        if pool.idle:
            conn = pool.idle.pop()
            pool.in_use.add(conn)
            return conn
        if self.max_size < 0 or pool.size < self.max_size:
            pool.reservations += 1
            return RESERVED
        return None

    def opened(self, address: t.Any, conn: _C) -> None:
        """Turn a reservation into an in-use connection."""
        pool = self._pool(address)
        if pool.reservations <= 0:
            raise RuntimeError("no reservation to fulfil")
        pool.reservations -= 1
        pool.in_use.add(conn)

    def cancel_reservation(self, address: t.Any) -> None:
        """Give back a reservation (opening failed or was cancelled)."""
        pool = self._pool(address)
        if pool.reservations <= 0:
            raise RuntimeError("no reservation to cancel")
        pool.reservations -= 1

    def start_waiting(self, address: t.Any) -> None:
        """Count an acquisition that waits because the pool is full
        (until :meth:`stop_waiting`)."""
        self._pool(address).waiting += 1

    def stop_waiting(self, address: t.Any) -> None:
        """An acquisition counted by :meth:`start_waiting` stopped
        waiting (it got a connection, timed out or was cancelled)."""
        pool = self._pool(address)
        if pool.waiting <= 0:
            raise RuntimeError("no waiting acquisition to stop")
        pool.waiting -= 1

    def checkin(self, address: t.Any, conn: _C) -> bool:
        """Make an in-use connection idle again.

        :returns: False if the connection was not in use here (e.g. the
            pool was closed or the address purged meanwhile): the caller
            must close it
        """
        pool = self.pools.get(address)
        if pool is None or conn not in pool.in_use:
            return False
        pool.in_use.discard(conn)
        pool.idle.append(conn)
        return True

    def remove(self, address: t.Any, conn: _C) -> bool:
        """Forget a connection (in use or idle) that is being closed.

        :returns: False if it was not counted here (any more)
        """
        pool = self.pools.get(address)
        if pool is None:
            return False
        if conn in pool.in_use:
            pool.in_use.discard(conn)
            return True
        try:
            pool.idle.remove(conn)
        except ValueError:
            return False
        return True

    def take_idle(self, address: t.Any = None) -> list[_C]:
        """Remove and return idle connections (of one address or all)."""
        if address is None:
            pools = list(self.pools.values())
        else:
            found = self.pools.get(address)
            pools = [] if found is None else [found]
        taken: list[_C] = []
        for pool in pools:
            taken.extend(pool.idle)
            pool.idle.clear()
        return taken

    def clear(self) -> list[_C]:
        """Drop every address (the pool closes): returns all idle and
        in-use connections.  Reservations in flight are kept, so that
        their owners can still settle them."""
        conns: list[_C] = []
        for address in list(self.pools):
            conns.extend(self.purge(address))
        return conns

    def purge(self, address: t.Any) -> list[_C]:
        """Drop an address: returns its idle *and* in-use connections.

        Reservations in flight and waiting acquisitions are kept in a
        fresh entry, so that their owners can still settle them.
        """
        pool = self.pools.pop(address, None)
        if pool is None:
            return []
        conns = [*pool.idle, *pool.in_use]
        if pool.reservations or pool.waiting:
            fresh: AddressPool[_C] = AddressPool()
            fresh.reservations = pool.reservations
            fresh.waiting = pool.waiting
            self.pools[address] = fresh
        return conns

    def all_connections(self) -> list[_C]:
        """Every idle and in-use connection."""
        conns: list[_C] = []
        for pool in self.pools.values():
            conns.extend(pool.idle)
            conns.extend(pool.in_use)
        return conns

    def busy(self, address: t.Any) -> int:
        """In-use plus reserved connections of ``address``."""
        pool = self.pools.get(address)
        return 0 if pool is None else pool.busy

    def size(self, address: t.Any) -> int:
        """All connections of ``address`` counted against the limit."""
        pool = self.pools.get(address)
        return 0 if pool is None else pool.size


def is_too_old(
    created_at: float, now: float, max_lifetime: float | None
) -> bool:
    """Whether a connection has outlived ``max_connection_lifetime``.

    A negative or ``None`` lifetime disables the check; ``0`` means a
    connection is never reused.
    """
    if max_lifetime is None or max_lifetime < 0:
        return False
    return now - created_at >= max_lifetime


def needs_liveness_check(
    idle_since: float, now: float, timeout: float | None
) -> bool:
    """Whether an idle connection must be pinged (RESET) before reuse.

    :param timeout: ``liveness_check_timeout``; ``None`` disables it and
        ``0`` checks every time
    """
    if timeout is None:
        return False
    return now - idle_since >= timeout
