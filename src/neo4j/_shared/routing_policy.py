"""Routing decisions of the ``neo4j://`` driver (pure, no I/O).

The routing pool (:mod:`neo4j._async.io._routing` and its generated
twin) performs the I/O; what it should do is decided here, where it can
be tested without sockets or event loops:

* :func:`refresh_order`: which routers to ask for a new table, in which
  order;
* :func:`rejection`: whether a received table is usable at all;
* :func:`least_connected`: which member of a role gets the next
  connection;
* :class:`HomeDbCache` and :func:`home_db_key`: the home database last
  resolved for a user, so that servers with server-side routing (Bolt
  5.8, ``ssr.enabled``) can be used without a ROUTE round trip per
  session.
"""

from __future__ import annotations

import math
import random
import sys
import time
import typing as t

from ..exceptions import (
    ReadServiceUnavailable,
    RoutingServiceUnavailable,
    ServiceUnavailable,
)


if t.TYPE_CHECKING:
    from .._addressing import Address
    from .routing_table import RoutingTable


__all__ = [
    "HomeDbCache",
    "combine_errors",
    "home_db_key",
    "least_connected",
    "refresh_order",
    "rejection",
]

#: A home-database cache key: the impersonated user, the session auth
#: (the principal of basic auth, else the whole auth map), or ``(None,)``
#: for the driver's own auth.
HomeDbKey: t.TypeAlias = t.Hashable


def refresh_order(
    table: RoutingTable | None, seed: Address
) -> tuple[bool, list[Address]]:
    """Plan a routing table refresh.

    The known routers (except the initial one) are asked first; the
    initial router from the URI comes last, because it is resolved again
    (custom resolver and DNS) and may lead to new cluster members.  When
    there is no table yet, or the current one arrived without writers (a
    leader election may have been going on), the initial router is asked
    first instead.

    :param table: the current table of the database, if any
    :param seed: the initial router address
    :returns: ``(seed_first, known_routers)``: whether to try the seed
        before the known routers, and those routers in order
    """
    if table is None:
        return True, []
    known = [router for router in table.routers if router != seed]
    return table.initialized_without_writers, known


def rejection(table: RoutingTable) -> ServiceUnavailable | None:
    """Why a received table cannot be used, or None if it can.

    A table without routers or without readers is rejected (the next
    router is asked).  A table without writers is accepted: a cluster
    electing a leader has none for a short while.

    :param table: the table a router sent
    :returns: the error to remember for the final report, if rejected
    """
    if not table.routers:
        return RoutingServiceUnavailable("Rejected routing table: no routers")
    if not table.readers:
        return ReadServiceUnavailable("Rejected routing table: no readers")
    return None


def least_connected(
    candidates: t.Sequence[Address],
    busy: t.Sequence[int],
    choice: t.Callable[[t.Sequence[Address]], Address] = random.choice,
) -> Address | None:
    """The candidate with the fewest busy connections.

    Ties are broken at random so that equally loaded servers share the
    work (always picking the first would send every new connection to
    the same server).

    :param candidates: the addresses of a role
    :param busy: connections in use or being opened, per candidate
    :param choice: picks one of the tied addresses (tests pass a
        deterministic one)
    :returns: the address, or None if there are no candidates
    """
    if not candidates:
        return None
    fewest = min(busy)
    tied = [a for a, n in zip(candidates, busy, strict=True) if n == fewest]
    if len(tied) == 1:
        return tied[0]
    return choice(tied)


def combine_errors(errors: t.Sequence[Exception]) -> Exception | None:
    """One cause for "Unable to retrieve routing information".

    :param errors: what each router attempt failed with, in order
    :returns: an :class:`ExceptionGroup` of them (Python 3.11+), else
        the last one; None if there were none
    """
    if not errors:
        return None
    if sys.version_info >= (3, 11):
        return ExceptionGroup(  # noqa: F821 (guarded by the version)
            "All routing table requests failed", list(errors)
        )
    return errors[-1]


def home_db_key(
    imp_user: str | None, auth: t.Mapping[str, t.Any] | None
) -> HomeDbKey:
    """The cache key under which a user's home database is kept.

    :param imp_user: the impersonated user, if any (wins)
    :param auth: the session's auth map, if it has its own (None: the
        driver's auth)
    :returns: the key
    """
    if imp_user is not None:
        return imp_user
    if auth is None:
        return (None,)
    principal = auth.get("principal")
    if auth.get("scheme") == "basic" and isinstance(principal, str):
        return principal
    return t.cast(HomeDbKey, _freeze(auth))


def _freeze(value: t.Any) -> t.Any:
    if isinstance(value, t.Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


class HomeDbCache:
    """Home databases last resolved per user (see :func:`home_db_key`).

    Entries older than ``ttl`` are dropped; when more than ``max_size``
    keys are held, the oldest are dropped.  Not thread safe by itself:
    the pool calls it from one critical section at a time.

    :param ttl: seconds an entry may be used (``inf``: no expiry)
    :param max_size: most entries kept (None: no limit)
    :param clock: monotonic clock (tests inject a fake one)
    :raises ValueError: ``ttl`` not positive, ``max_size`` below 1
    """

    __slots__ = ("_clock", "_entries", "_max_size", "_ttl")

    def __init__(
        self,
        ttl: float = math.inf,
        max_size: int | None = 10_000,
        clock: t.Callable[[], float] = time.monotonic,
    ) -> None:
        if math.isnan(ttl) or ttl <= 0:
            raise ValueError(f"home db cache ttl must be > 0, got {ttl!r}")
        if max_size is not None and max_size < 1:
            raise ValueError(
                f"home db cache max_size must be >= 1, got {max_size!r}"
            )
        self._ttl = ttl
        self._max_size = max_size
        self._clock = clock
        #: key -> (stored at, database); insertion order = age order
        self._entries: dict[HomeDbKey, tuple[float, str]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: HomeDbKey) -> str | None:
        """The cached home database of ``key``, or None.

        :param key: from :func:`home_db_key`
        :returns: the database name
        """
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self._clock() - entry[0] >= self._ttl:
            del self._entries[key]
            return None
        return entry[1]

    def set(self, key: HomeDbKey, database: str | None) -> None:
        """Remember (or, with None, forget) the home database of ``key``.

        :param key: from :func:`home_db_key`
        :param database: the resolved database name
        """
        self._entries.pop(key, None)
        if database is None:
            return
        self._entries[key] = (self._clock(), database)
        if self._max_size is not None and len(self._entries) > self._max_size:
            # drop the oldest tenth at once, so that a full cache does not
            # pay for an eviction on every insertion
            excess = len(self._entries) - self._max_size
            drop = max(excess, self._max_size // 10)
            for old in list(self._entries)[:drop]:
                del self._entries[old]

    def clear(self) -> None:
        """Forget every entry."""
        self._entries.clear()
