"""The routing pool of the ``neo4j://`` driver.

Per server address it is the pool of the direct driver (the base class
keeps the connections); what differs is the choice of the address.  A
routing table per database, learnt with ROUTE from a router, lists the
readers and writers; every acquisition takes the least busy member of
the wanted role.

Rules, and why:

* Tables are refreshed by one task at a time (:attr:`refresh_lock`); a
  task that waited for the lock looks at the table again before asking
  a router, because the previous holder has usually just refreshed it.
  The fast path (a fresh table) takes no lock at all.
* A session without a database resolves its home database with its own
  ROUTE (a table of the driver's home database says nothing about the
  home database of another user, or after the server's default
  changed) and is then pinned to the name it got.  Servers that route
  themselves (Bolt 5.8 with the ``ssr.enabled`` hint) skip that round
  trip: the home database last resolved for the same user is used as a
  guess, and the server corrects a wrong guess.
* A server that cannot be reached, or says its database is unavailable,
  is removed from every table and its idle connections are closed;
  connections in use finish their work.  A writer that lost the
  leadership is removed as a writer of that one database only.
* A connection that fails its liveness check is closed by the base
  pool; the server stays in the tables.
* Connections to servers that are in no table any more are closed
  after each refresh.

Events go to the ``neo4j.pool`` logger at DEBUG (the choice of a
table, each refresh attempt and its outcome, deactivated servers); a
refresh that no router answered is logged at ERROR as ``Unable to
retrieve routing information``, the line the official driver writes
(and, as with it, Python prints it to stderr when the application set
up no logging).

The decisions themselves (router order, table acceptance, least
connected choice, home-database cache) live in
:mod:`neo4j._shared.routing_policy`.
"""

from __future__ import annotations

import logging
import typing as t

from ..._addressing import Address
from ..._async_compat import AsyncCooperativeLock, AsyncLock, AsyncUtil
from ..._auth_management import to_auth_dict
from ..._bolt import ServerState
from ..._exceptions import BoltError
from ..._shared.conf import check_acquisition_timeout
from ..._shared.deadline import Deadline
from ..._shared.routing_policy import (
    HomeDbCache,
    combine_errors,
    home_db_key,
    least_connected,
    refresh_order,
    rejection,
)
from ..._shared.routing_table import RoutingTable
from ...api import READ_ACCESS
from ...exceptions import (
    DatabaseUnavailable,
    ForbiddenOnReadOnlyDatabase,
    Neo4jError,
    NotALeader,
    ReadServiceUnavailable,
    ServiceUnavailable,
    SessionExpired,
    WriteServiceUnavailable,
)
from ._connection import resolve_address
from ._pool import AcquireAuth, AsyncIOPool


if t.TYPE_CHECKING:
    import ssl

    from ..._auth_management import AsyncAuthManager
    from ..._shared.conf import PoolConfig
    from ._connection import AsyncBoltConnection, ConnectionSettings


__all__ = ["AsyncNeo4jPool"]

log = logging.getLogger("neo4j.pool")

_DatabaseCallback = t.Callable[[str | None], t.Any]


class AsyncNeo4jPool(AsyncIOPool):
    """Connections to a cluster, chosen by routing tables.

    :param address: the initial router (from the URI)
    :param settings: how to open connections
    :param config: the driver's pool options
    :param auth_manager: the driver's auth manager
    :param routing_table_purge_delay: how long an expired table is kept
    """

    is_direct_pool = False

    def __init__(
        self,
        address: Address,
        settings: ConnectionSettings,
        config: PoolConfig,
        auth_manager: AsyncAuthManager,
        ssl_context: ssl.SSLContext | None = None,
        encrypted: bool = False,
        routing_table_purge_delay: float = 30.0,
    ) -> None:
        super().__init__(
            settings, config, auth_manager, ssl_context, encrypted
        )
        self.address = address
        #: routing table per database name (testing hooks read it)
        self.routing_tables: dict[str | None, RoutingTable] = {}
        #: held while a routing table is fetched (see
        #: :meth:`update_routing_table`)
        self.refresh_lock = AsyncLock()
        #: home database per user, used when every connection supports
        #: server-side routing
        self.home_db_cache = HomeDbCache()
        self._purge_delay = routing_table_purge_delay
        # guards changes of the tables and of the cache (never awaits)
        self._tables_lock = AsyncCooperativeLock()
        # the router of the last table fetched (for the log; written
        # under the refresh lock)
        self._table_source: Address = address
        log.debug("[#0000]  _: <POOL> created, routing address %r", address)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} address={self.address!r}>"

    # -- acquisition -------------------------------------------------------

    async def acquire(
        self,
        access_mode: str | None = None,
        timeout: float | None = None,
        database: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        auth: AcquireAuth | None = None,
        liveness_check_timeout: float | None = None,
        database_callback: _DatabaseCallback | None = None,
        imp_user: str | None = None,
    ) -> AsyncBoltConnection:
        """A connection to a server of the wanted role.

        :param access_mode: ``"READ"`` or ``"WRITE"`` (default)
        :param timeout: ``connection_acquisition_timeout``; covers the
            routing table refresh too
        :param database: the database; None: the home database, resolved
            here and reported through ``database_callback``
        :param bookmarks: bookmarks the routing table must reflect
        :param auth: the session's own auth, if any
        :param liveness_check_timeout: overrides the configured one
        :param database_callback: called with the resolved home database
            name (the session pins it)
        :param imp_user: the impersonated user (sent with ROUTE; its
            home database is not the driver's)
        :returns: the connection
        :raises SessionExpired: no server of the role could be reached
        :raises ServiceUnavailable: no router answered
        :raises TypeError: ``timeout`` is not a number
        :raises ValueError: ``timeout`` is not > 0
        """
        deadline = Deadline(check_acquisition_timeout(timeout))
        readonly = access_mode == READ_ACCESS
        if liveness_check_timeout is None:
            liveness_check_timeout = self.config.liveness_check_timeout
        # database_callback is None once the session has pinned its home
        # database (possibly as None, when the server names none): then
        # the table stored under that name is used without resolving again
        if database is None and database_callback is not None:
            key = home_db_key(imp_user, _auth_map(auth))
            with self._tables_lock:
                guess = self.home_db_cache.get(key)
                table = (
                    None if guess is None else self.routing_tables.get(guess)
                )
            if (
                table is not None
                and table.is_fresh(readonly)
                and self.ssr_enabled
            ):
                _log_acquire(access_mode, guess)
                conn = await self._acquire_member(
                    table, readonly, deadline, auth, liveness_check_timeout
                )
                if conn.bolt.ssr_enabled:
                    log.debug(
                        "[#%04X]  _: <POOL> optimistic home database %r",
                        conn.local_port,
                        guess,
                    )
                    return conn
                # a server without server-side routing joined meanwhile:
                # the guess cannot be corrected by it
                await self.release(conn)
            table = await self._resolve_home_database(
                key, imp_user, bookmarks, auth, deadline
            )
            await AsyncUtil.callback(database_callback, table.database)
            database = table.database
        _log_acquire(access_mode, database)
        table = await self._ensure_fresh(
            readonly, database, imp_user, bookmarks, auth, deadline
        )
        return await self._acquire_member(
            table, readonly, deadline, auth, liveness_check_timeout
        )

    async def _acquire_member(
        self,
        table: RoutingTable,
        readonly: bool,
        deadline: Deadline,
        auth: AcquireAuth | None,
        liveness_check_timeout: float | None,
    ) -> AsyncBoltConnection:
        """A connection to the least busy reader (or writer) of the
        table's database; unreachable members are deactivated and the
        next one is tried."""
        database = table.database
        while True:
            with self._tables_lock:
                # a concurrent refresh may have replaced the table
                current = self.routing_tables.get(database, table)
                candidates = list(
                    current.readers if readonly else current.writers
                )
            with self._state_lock:
                busy = [self._state.busy(a) for a in candidates]
            address = least_connected(candidates, busy)
            if address is None:
                log.debug("[#0000]  _: <POOL> no %s server left for "
                          "database %r", "read" if readonly else "write",
                          database)  # fmt: skip
                mode = "READ" if readonly else "WRITE"
                cause: ServiceUnavailable = (
                    ReadServiceUnavailable(
                        "No read service currently available"
                    )
                    if readonly
                    else WriteServiceUnavailable(
                        "No write service currently available"
                    )
                )
                raise SessionExpired(
                    f"Failed to obtain connection towards '{mode}' server."
                ) from cause
            log.debug("[#0000]  _: <POOL> acquire address, database=%r "
                      "address=%r", database, address)  # fmt: skip
            try:
                return await self._acquire_from(
                    address, deadline, auth, liveness_check_timeout
                )
            except (ServiceUnavailable, SessionExpired) as exc:
                log.debug(
                    "[#0000]  _: <POOL> cannot reach %r: %r", address, exc
                )
                await self.deactivate(address)

    @property
    def ssr_enabled(self) -> bool:
        """True if every pooled connection (and at least one) announced
        server-side routing."""
        with self._state_lock:
            conns = self._state.all_connections()
        return bool(conns) and all(c.bolt.ssr_enabled for c in conns)

    # -- routing tables ----------------------------------------------------

    def after_fork_in_child(self) -> None:
        """Start over in a forked child (see the base class), and fetch
        fresh routing tables: the parent's may be refreshed or purged
        independently of the child from now on."""
        super().after_fork_in_child()
        self.routing_tables.clear()
        self.refresh_lock = AsyncLock()
        self._tables_lock = AsyncCooperativeLock()

    def get_routing_table(self, database: str | None) -> RoutingTable | None:
        """The current table of ``database`` (fresh or not), if any.

        :param database: the database name
        :returns: the table
        """
        with self._tables_lock:
            return self.routing_tables.get(database)

    async def _lock_refresh(self, deadline: Deadline) -> None:
        if not await self.refresh_lock.acquire(deadline.remaining()):
            self._raise_timeout(deadline)

    async def _ensure_fresh(
        self,
        readonly: bool,
        database: str | None,
        imp_user: str | None,
        bookmarks: t.Iterable[str] | None,
        auth: AcquireAuth | None,
        deadline: Deadline,
    ) -> RoutingTable:
        """The table of ``database``, refreshed first if it is not fresh
        for the access mode (single flight, double checked)."""
        log.debug("[#0000]  _: <POOL> routing aged?, database=%s",
                  database)  # fmt: skip
        table = self.routing_tables.get(database)
        if _usable(table, readonly):
            assert table is not None
            log.debug("[#0000]  _: <POOL> using existing routing table %r",
                      table)  # fmt: skip
            return table
        await self._lock_refresh(deadline)
        try:
            self._purge_stale_tables()
            table = self.routing_tables.get(database)
            if _usable(table, readonly):
                assert table is not None
                log.debug("[#0000]  _: <POOL> using existing routing "
                          "table %r", table)  # fmt: skip
                return table
            table = await self.update_routing_table(
                acquisition_timeout=deadline,
                auth=auth,
                bookmarks=bookmarks,
                database=database,
                imp_user=imp_user,
            )
        finally:
            self.refresh_lock.release()
        await self._close_unused_connections()
        return table

    async def _resolve_home_database(
        self,
        key: t.Hashable,
        imp_user: str | None,
        bookmarks: t.Iterable[str] | None,
        auth: AcquireAuth | None,
        deadline: Deadline,
    ) -> RoutingTable:
        """ROUTE for the home database (never answered from a table: it
        depends on the user and may change)."""
        await self._lock_refresh(deadline)
        try:
            self._purge_stale_tables()
            table = await self.update_routing_table(
                acquisition_timeout=deadline,
                auth=auth,
                bookmarks=bookmarks,
                database=None,
                imp_user=imp_user,
            )
        finally:
            self.refresh_lock.release()
        with self._tables_lock:
            self.home_db_cache.set(key, table.database)
        await self._close_unused_connections()
        return table

    def remember_home_database(
        self, imp_user: str | None, auth: t.Any, database: str | None
    ) -> None:
        """Record the home database a server reported (e.g. in a RUN or
        BEGIN SUCCESS on Bolt 5.8) for later optimistic routing.

        :param imp_user: the session's impersonated user
        :param auth: the session's own auth token, if any
        :param database: the name the server reported
        """
        key = home_db_key(
            imp_user, None if auth is None else to_auth_dict(auth)
        )
        with self._tables_lock:
            self.home_db_cache.set(key, database)

    def _purge_stale_tables(self) -> None:
        with self._tables_lock:
            for name, table in list(self.routing_tables.items()):
                if table.should_be_purged(self._purge_delay):
                    log.debug(
                        "[#0000]  _: <POOL> dropping routing table of %r",
                        name,
                    )
                    del self.routing_tables[name]

    async def force_routing_table_update(
        self,
        database: str | None,
        imp_user: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        auth: t.Any = None,
    ) -> RoutingTable:
        """Fetch a new routing table now, fresh or not (testing hook).

        :param database: the database (None: the home database)
        :param imp_user: the user to impersonate
        :param bookmarks: bookmarks the table must reflect
        :param auth: session auth token to use for the ROUTE connection
        :returns: the new table
        :raises ServiceUnavailable: no router answered
        """
        acquire_auth = None if auth is None else AcquireAuth(auth)
        await self.refresh_lock.acquire()
        try:
            table = await self.update_routing_table(
                database=database,
                imp_user=imp_user,
                bookmarks=bookmarks,
                auth=acquire_auth,
            )
        finally:
            self.refresh_lock.release()
        await self._close_unused_connections()
        return table

    async def update_routing_table(
        self,
        *,
        database: str | None,
        imp_user: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        auth: AcquireAuth | None = None,
        acquisition_timeout: float | Deadline | None = None,
        database_callback: _DatabaseCallback | None = None,
    ) -> RoutingTable:
        """Fetch and store a new table of ``database``.

        The caller holds :attr:`refresh_lock` (see
        :meth:`force_routing_table_update` for a method that takes it).
        Routers are tried in the order of
        :func:`neo4j._shared.routing_policy.refresh_order`; the initial router
        is resolved again (custom resolver, then DNS) and every address
        it resolves to is tried; if DNS cannot resolve it, that error
        ends the search (as with the official driver).  A router that
        fails is deactivated.  Errors that no other router would answer
        differently (see :meth:`.Neo4jError._stops_discovery`) end the
        search.

        :param database: the database (None: the home database)
        :param imp_user: the user to impersonate
        :param bookmarks: bookmarks the table must reflect
        :param auth: auth for the router connections
        :param acquisition_timeout: bounds the whole refresh
        :param database_callback: called with the database the new
            table belongs to
        :returns: the new table (stored under its database name)
        :raises ServiceUnavailable: no router answered, or the initial
            router's address could not be resolved
        """
        if isinstance(acquisition_timeout, Deadline):
            deadline = acquisition_timeout
        else:
            deadline = Deadline(acquisition_timeout)
        observer = self.observer
        if observer is not None:
            observer.routing_refresh(database)
        if auth is not None and auth.force:
            auth = AcquireAuth(auth.token)
        marks = None if bookmarks is None else list(bookmarks)
        with self._tables_lock:
            old = self.routing_tables.get(database)
        seed_first, known = refresh_order(old, self.address)
        errors: list[Exception] = []
        log.debug("[#0000]  _: <POOL> attempting to update routing table "
                  "from %s", ", ".join(map(repr, known)) or repr(
                      self.address))  # fmt: skip

        async def from_seed() -> RoutingTable | None:
            # a DNS failure of the initial address (or of a candidate of
            # the custom resolver, once the ones before it failed) ends
            # the refresh with that error, as with the official driver
            addresses = await resolve_address(
                self.address, self.config.resolver
            )
            for address in addresses:
                table = await self._fetch_from(
                    address, database, imp_user, marks, auth, deadline, errors
                )
                if table is not None:
                    return table
            if addresses.failure is not None:
                raise addresses.failure
            await self.deactivate(self.address)
            return None

        table: RoutingTable | None = None
        if seed_first:
            table = await from_seed()
        for router in known:
            if table is not None:
                break
            table = await self._fetch_from(
                router, database, imp_user, marks, auth, deadline, errors
            )
            if table is None:
                await self.deactivate(router)
        if table is None and not seed_first:
            table = await from_seed()
        if table is None:
            log.error("Unable to retrieve routing information")
            raise ServiceUnavailable(
                "Unable to retrieve routing information"
            ) from combine_errors(errors)
        with self._tables_lock:
            self.routing_tables[table.database] = table
        log.debug("[#0000]  _: <ROUTING> updated table=%r", table)
        log.debug("[#0000]  _: <POOL> update routing table from "
                  "address=%r (%r)", self._table_source, table)  # fmt: skip
        if database_callback is not None:
            await AsyncUtil.callback(database_callback, table.database)
        return table

    async def _fetch_from(
        self,
        address: Address,
        database: str | None,
        imp_user: str | None,
        bookmarks: list[str] | None,
        auth: AcquireAuth | None,
        deadline: Deadline,
        errors: list[Exception],
    ) -> RoutingTable | None:
        """Ask one router; None (and the reason in ``errors``) if it
        could not give a usable table."""
        log.debug(
            "[#0000]  _: <POOL> acquire router connection, database=%r, "
            "address=%r",
            database,
            address,
        )
        table = await self._ask_router(
            address, database, imp_user, bookmarks, auth, deadline, errors
        )
        if table is None:
            log.debug("[#0000]  _: <POOL> failed to fetch routing info "
                      "from %r", address)  # fmt: skip
        else:
            self._table_source = address
        return table

    async def _ask_router(
        self,
        address: Address,
        database: str | None,
        imp_user: str | None,
        bookmarks: list[str] | None,
        auth: AcquireAuth | None,
        deadline: Deadline,
        errors: list[Exception],
    ) -> RoutingTable | None:
        try:
            conn = await self._acquire_from(
                address, deadline, auth, self.config.liveness_check_timeout
            )
        except (ServiceUnavailable, SessionExpired) as exc:
            errors.append(exc)
            return None
        try:
            response = conn.bolt.route(database, imp_user, bookmarks)
            await conn.send_all()
            await conn.fetch(response)
            await conn.check(response)
            metadata = response.metadata or {}
            table = RoutingTable.parse(database, metadata.get("rt", {}))
        except Neo4jError as exc:
            if exc._stops_discovery():
                raise
            errors.append(exc)
            return None
        except (ServiceUnavailable, SessionExpired, BoltError) as exc:
            errors.append(exc)
            return None
        except ValueError as exc:
            # a server that sends a malformed table is not trusted with
            # more work on this connection
            conn.kill()
            errors.append(
                ServiceUnavailable(f"Invalid routing table from {address}")
            )
            errors[-1].__cause__ = exc
            return None
        finally:
            await self.release(conn)
        problem = rejection(table)
        if problem is not None:
            log.debug(
                "[#0000]  _: <POOL> rejected routing table from %r: %s",
                address,
                problem,
            )
            errors.append(problem)
            return None
        return table

    # -- failures ----------------------------------------------------------

    async def deactivate(self, address: Address) -> None:
        """Remove a server from every table and close its idle
        connections (connections in use finish their work).

        :param address: the server (as the tables name it)
        """
        log.debug("[#0000]  _: <POOL> deactivating address %r", address)
        with self._tables_lock:
            for table in self.routing_tables.values():
                table.remove(address)
            tables = dict(self.routing_tables)
        log.debug("[#0000]  _: <POOL> table=%r", tables)
        await self._close_idle(address)

    def remove_writer(self, address: Address, database: str | None) -> None:
        """Stop sending ``database``'s writes to ``address``, after it
        said it is no longer the leader.  Its other roles, and the
        tables of other databases, stay as they are; the next write
        work refreshes the table if no writer is left.

        :param address: the server that refused the write
        :param database: the database the write was for (as keyed in
            :attr:`routing_tables`)
        """
        with self._tables_lock:
            table = self.routing_tables.get(database)
            if table is None or address not in table.writers:
                return  # already forgotten (e.g. by a concurrent failure)
            table.remove_writer(address)
        log.debug(
            "[#0000]  _: <POOL> %r no longer writes for database %r",
            address,
            database,
        )

    async def on_neo4j_error(
        self, conn: AsyncBoltConnection, error: Neo4jError
    ) -> None:
        """Routing consequences of a server failure, then the base
        handling (auth).

        :param conn: the connection that received the failure
        :param error: the failure
        """
        if isinstance(error, DatabaseUnavailable):
            await self.deactivate(conn.unresolved_address)
        elif isinstance(error, (NotALeader, ForbiddenOnReadOnlyDatabase)):
            self.remove_writer(
                conn.unresolved_address, conn.bolt.last_database
            )
        await super().on_neo4j_error(conn, error)

    async def release(self, conn: AsyncBoltConnection) -> None:
        """Give a connection back; a connection that was lost while in
        use (the server went away) deactivates its server.

        :param conn: the connection
        """
        lost = self._was_lost(conn)
        await super().release(conn)
        if lost:
            await self.deactivate(conn.unresolved_address)

    def _was_lost(self, conn: AsyncBoltConnection) -> bool:
        # killed by a socket error: the connection is defunct while the
        # protocol core is not (the core marks itself defunct for its own
        # reasons: protocol violations, failed HELLO/LOGON/RESET, which
        # say nothing about the server being reachable); a server that
        # just reported a failure may close the connection on purpose
        bolt = conn.bolt
        return (
            conn.defunct
            and not bolt.defunct
            and bolt.state is not ServerState.FAILED
            and not self.closed
        )

    async def _close_idle(self, address: Address) -> None:
        with self._state_lock:
            idle = self._state.take_idle(address)
            obs = self._observation
            if obs is not None:
                obs.closed(idle)
        try:
            for conn in idle:
                try:
                    await conn.close()
                except Exception:
                    conn.kill()
        except BaseException:
            for conn in idle:
                conn.kill()
            raise
        if idle:
            await self._notify()

    async def _close_unused_connections(self) -> None:
        """Close the idle connections of servers in no table."""
        with self._tables_lock:
            keep = {self.address}
            for table in self.routing_tables.values():
                keep.update(table.servers())
        with self._state_lock:
            addresses = list(self._state.pools)
        for address in addresses:
            if address in keep or address._original in keep:
                continue
            await self._close_idle(address)


def _log_acquire(access_mode: str | None, database: str | None) -> None:
    log.debug("[#0000]  _: <POOL> acquire routing connection, "
              "access_mode=%r, database=%r", access_mode,
              database)  # fmt: skip


def _usable(table: RoutingTable | None, readonly: bool) -> bool:
    fresh = table is not None and table.is_fresh(readonly)
    log.debug("[#0000]  _: <ROUTING> checking table freshness "
              "(readonly=%r): %r => %r", readonly, table, fresh)  # fmt: skip
    return fresh


def _auth_map(auth: AcquireAuth | None) -> dict[str, t.Any] | None:
    if auth is None or auth.token is None:
        return None
    return to_auth_dict(auth.token)
