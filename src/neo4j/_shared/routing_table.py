"""Routing tables of the ``neo4j://`` driver (pure, no I/O).

A table lists, for one database, the servers that route (answer ROUTE),
read and write, and how long that information may be trusted (``ttl``
seconds from the moment it was received).  The routing pool asks for a
new table when the one it has is not fresh for the wanted access mode,
removes servers it failed to reach, and forgets tables that stayed
expired for longer than ``routing_table_purge_delay``.

Server lists keep the order the server sent them in, without
duplicates; they are plain lists because they are short (a handful of
members) and read far more often than changed.
"""

from __future__ import annotations

import time
import typing as t

from .._addressing import DEFAULT_PORT, Address


__all__ = ["RoutingTable"]


class RoutingTable:
    """Servers of one database, by role.

    :param database: the database name (None: not known, e.g. a server
        that does not name the home database it resolved)
    :param routers: addresses answering ROUTE
    :param readers: addresses for read work
    :param writers: addresses for write work
    :param ttl: seconds the table is valid for
    :param clock: monotonic clock (tests inject a fake one)
    """

    __slots__ = (
        "_clock",
        "database",
        "initialized_without_writers",
        "last_updated",
        "readers",
        "routers",
        "ttl",
        "writers",
    )

    def __init__(
        self,
        *,
        database: str | None,
        routers: t.Iterable[Address] = (),
        readers: t.Iterable[Address] = (),
        writers: t.Iterable[Address] = (),
        ttl: float = 0,
        clock: t.Callable[[], float] = time.monotonic,
    ) -> None:
        self.database = database
        self.routers: list[Address] = list(dict.fromkeys(routers))
        self.readers: list[Address] = list(dict.fromkeys(readers))
        self.writers: list[Address] = list(dict.fromkeys(writers))
        self.ttl = ttl
        self._clock = clock
        self.last_updated = clock()
        #: the server named no writer (e.g. during a leader election):
        #: the next refresh asks the initial router first
        self.initialized_without_writers = not self.writers

    @classmethod
    def parse(
        cls,
        database: str | None,
        metadata: t.Mapping[str, t.Any],
        clock: t.Callable[[], float] = time.monotonic,
    ) -> RoutingTable:
        """Build a table from the ``rt`` map of a ROUTE SUCCESS.

        :param database: the database asked for (``rt["db"]`` wins)
        :param metadata: ``{"ttl": int, "db": str, "servers": [{"role":
            "ROUTE"|"READ"|"WRITE", "addresses": ["host:port", ...]}]}``
        :param clock: monotonic clock
        :returns: the table
        :raises ValueError: the map is malformed: ``ttl`` is not a
            number, ``servers`` not a list of maps, a ``role`` not a
            string, ``addresses`` not a list of strings, or an address
            unparsable (a server with an unknown role is skipped, a
            ``db`` that is not a string is ignored)
        """
        try:
            ttl = metadata["ttl"]
            if not isinstance(ttl, int | float) or isinstance(ttl, bool):
                raise TypeError(f"ttl must be a number, got {ttl!r}")
            servers = metadata["servers"]
            if not isinstance(servers, list):
                raise TypeError(f"servers must be a list, got {servers!r}")
            roles: dict[str, list[Address]] = {
                "ROUTE": [],
                "READ": [],
                "WRITE": [],
            }
            for server in servers:
                found = roles.get(_role(server))
                if found is not None:
                    found.extend(_addresses(server))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"Invalid routing table: {metadata!r}") from exc
        db = metadata.get("db", database)
        return cls(
            database=db if isinstance(db, str) else database,
            routers=roles["ROUTE"],
            readers=roles["READ"],
            writers=roles["WRITE"],
            ttl=float(ttl),
            clock=clock,
        )

    def __repr__(self) -> str:
        return (
            f"<RoutingTable database={self.database!r} "
            f"routers={self.routers!r} readers={self.readers!r} "
            f"writers={self.writers!r} ttl={self.ttl!r}>"
        )

    def is_expired(self) -> bool:
        """True once ``ttl`` seconds passed since the table arrived."""
        return self.last_updated + self.ttl <= self._clock()

    def is_fresh(self, readonly: bool) -> bool:
        """Usable for the access mode: not expired, has a router and a
        server of the wanted role (a reader for read work, a writer for
        write work).

        :param readonly: read access (else write access)
        :returns: the answer
        """
        servers = self.readers if readonly else self.writers
        return bool(self.routers) and bool(servers) and not self.is_expired()

    def should_be_purged(self, purge_delay: float) -> bool:
        """Expired for at least ``purge_delay`` more seconds.

        :param purge_delay: ``routing_table_purge_delay``
        :returns: the answer
        """
        return self.last_updated + self.ttl + purge_delay <= self._clock()

    def servers(self) -> set[Address]:
        """Every address in the table, whatever its role."""
        return {*self.routers, *self.readers, *self.writers}

    def remove(self, address: Address) -> None:
        """Forget an unreachable server in every role."""
        for role in (self.routers, self.readers, self.writers):
            if address in role:
                role.remove(address)

    def remove_writer(self, address: Address) -> None:
        """Forget a server as a writer (it is no longer the leader)."""
        if address in self.writers:
            self.writers.remove(address)


def _role(server: object) -> str:
    """The ``role`` of one ``servers`` entry of a routing table.

    :raises TypeError: the entry is not a map, or its role not a string
    """
    if not isinstance(server, dict):
        raise TypeError(f"a server entry must be a map, got {server!r}")
    role = server.get("role")
    if not isinstance(role, str):
        raise TypeError(f"role must be a string, got {role!r}")
    return role


def _addresses(server: dict[str, t.Any]) -> list[Address]:
    """The parsed ``addresses`` of one ``servers`` entry.

    :raises TypeError: ``addresses`` is not a list of strings
    :raises ValueError: an address cannot be parsed
    """
    addresses = server.get("addresses", [])
    if not isinstance(addresses, list) or not all(
        isinstance(address, str) for address in addresses
    ):
        raise TypeError(
            f"addresses must be a list of strings, got {addresses!r}"
        )
    return [
        Address.parse(address, default_port=DEFAULT_PORT)
        for address in addresses
    ]
