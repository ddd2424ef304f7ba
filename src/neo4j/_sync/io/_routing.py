# This file is generated from src/neo4j/_async/io/_routing.py by bin/make-unasync; do not edit.
# make-unasync digest: ec5c71f963c417022ebefcfe30ad012a1919c826159f09d4e35905078e2eafe6
"""The routing pool of the ``neo4j://`` driver.

The same per-address machinery as the direct pool; what differs is the
choice of the address: a routing table per database (learnt with ROUTE
from a router) lists readers and writers, and each acquisition takes
the least busy server of the wanted role.  Unreachable servers are
removed from the tables; a writer that says it is no longer the leader
is removed as a writer.
"""

from __future__ import annotations

import logging
import typing as t

from ..._async_compat import Lock
from ..._deadline import Deadline
from ..._routing_table import RoutingTable
from ...api import READ_ACCESS
from ...exceptions import (
    ForbiddenOnReadOnlyDatabase,
    Neo4jError,
    NotALeader,
    ReadServiceUnavailable,
    ServiceUnavailable,
    SessionExpired,
    WriteServiceUnavailable,
)
from ._pool import AcquireAuth, IOPool


if t.TYPE_CHECKING:
    import ssl

    from ..._addressing import Address
    from ..._auth_management import AuthManager
    from ..._conf import PoolConfig
    from ._connection import BoltConnection, ConnectionSettings


__all__ = ["Neo4jPool"]

log = logging.getLogger("neo4j.pool")


class Neo4jPool(IOPool):
    """Connections to a cluster, chosen by routing tables.

    :param address: the initial router (from the URI)
    :param routing_table_purge_delay: how long an expired table is kept
    """

    is_direct_pool = False

    def __init__(
        self,
        address: Address,
        settings: ConnectionSettings,
        config: PoolConfig,
        auth_manager: AuthManager,
        ssl_context: ssl.SSLContext | None = None,
        encrypted: bool = False,
        routing_table_purge_delay: float = 30.0,
    ) -> None:
        super().__init__(
            settings, config, auth_manager, ssl_context, encrypted
        )
        self.address = address
        self.routing_tables: dict[str | None, RoutingTable] = {}
        self._purge_delay = routing_table_purge_delay
        self._refresh_lock = Lock()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} address={self.address!r}>"

    def acquire(
        self,
        access_mode: str | None = None,
        timeout: float | None = None,
        database: str | None = None,
        bookmarks: t.Any = None,
        auth: AcquireAuth | None = None,
        liveness_check_timeout: float | None = None,
        database_callback: t.Callable[[str | None], None] | None = None,
    ) -> BoltConnection:
        """A connection to a server of the wanted role.

        :raises SessionExpired: no server of the role could be reached
        """
        deadline = Deadline(timeout)
        readonly = access_mode == READ_ACCESS
        if liveness_check_timeout is None:
            liveness_check_timeout = self.config.liveness_check_timeout
        table = self._ensure_fresh(
            readonly, database, bookmarks, auth, deadline
        )
        if database is None and database_callback is not None:
            database_callback(table.database)
        while True:
            candidates = table.readers if readonly else table.writers
            if not candidates:
                error_cls = (
                    ReadServiceUnavailable
                    if readonly
                    else WriteServiceUnavailable
                )
                raise SessionExpired(
                    "Failed to obtain connection towards "
                    f"'{'READ' if readonly else 'WRITE'}' server."
                ) from error_cls("No server of the requested role")
            address = min(candidates, key=self.in_use_count)
            try:
                return self._acquire_from(
                    address, deadline, auth, liveness_check_timeout
                )
            except (ServiceUnavailable, SessionExpired) as exc:
                log.debug(
                    "[#0000]  _: <POOL> failed to reach %r: %r", address, exc
                )
                self.deactivate(address)

    def _ensure_fresh(
        self,
        readonly: bool,
        database: str | None,
        bookmarks: t.Any,
        auth: AcquireAuth | None,
        deadline: Deadline,
    ) -> RoutingTable:
        table = self.routing_tables.get(database)
        if table is not None and table.is_fresh(readonly):
            return table
        remaining = deadline.remaining()
        if not self._refresh_lock.acquire(remaining):
            self._raise_timeout(deadline)
        try:
            table = self.routing_tables.get(database)
            if table is not None and table.is_fresh(readonly):
                return table
            self._purge_old_tables()
            table = self._fetch_table(
                database, table, bookmarks, auth, deadline
            )
            self.routing_tables[database] = table
            if table.database != database:
                self.routing_tables[table.database] = table
            return table
        finally:
            self._refresh_lock.release()

    def _purge_old_tables(self) -> None:
        for key, table in list(self.routing_tables.items()):
            if table.should_be_purged(self._purge_delay):
                del self.routing_tables[key]

    def _fetch_table(
        self,
        database: str | None,
        old: RoutingTable | None,
        bookmarks: t.Any,
        auth: AcquireAuth | None,
        deadline: Deadline,
    ) -> RoutingTable:
        routers = list(old.routers) if old is not None else []
        if self.address not in routers:
            routers.append(self.address)
        imp_user = None
        errors: list[BaseException] = []
        for router in routers:
            try:
                conn = self._acquire_from(router, deadline, auth, None)
            except (ServiceUnavailable, SessionExpired) as exc:
                errors.append(exc)
                self.deactivate(router)
                continue
            try:
                response = conn.bolt.route(database, imp_user, bookmarks)
                conn.send_all()
                conn.fetch(response)
                conn.check(response)
                metadata = response.metadata or {}
                table = RoutingTable.parse(database, metadata.get("rt", {}))
            except Neo4jError as exc:
                if exc._is_fatal_during_discovery():
                    raise
                errors.append(exc)
                continue
            except (ServiceUnavailable, SessionExpired, ValueError) as exc:
                errors.append(exc)
                self.deactivate(router)
                continue
            finally:
                self.release(conn)
            if table.routers and table.readers:
                log.debug("[#0000]  _: <ROUTING> table %r", table)
                return table
        raise ServiceUnavailable(
            "Unable to retrieve routing information"
        ) from (errors[-1] if errors else None)

    def deactivate(self, address: Address) -> None:
        """Remove an unreachable server from every table and close its
        idle connections."""
        for table in self.routing_tables.values():
            table.remove(address)
        super().deactivate(address)

    def on_neo4j_error(self, conn: BoltConnection, error: Neo4jError) -> None:
        """A writer that lost leadership is no writer any more."""
        if isinstance(error, (NotALeader, ForbiddenOnReadOnlyDatabase)):
            for table in self.routing_tables.values():
                table.remove_writer(conn.unresolved_address)
        super().on_neo4j_error(conn, error)
