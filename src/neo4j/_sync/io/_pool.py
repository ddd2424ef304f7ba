# This file is generated from src/neo4j/_async/io/_pool.py by bin/make-unasync; do not edit.
# make-unasync digest: fa239bbd7bc194b971604b00037cf41eedbb07af9c7472ee658d35347335d46a
"""Connection pools: per-address pools for the direct driver (and the
machinery the routing pool in :mod:`._routing` builds on).

The bookkeeping lives in :class:`neo4j._shared.pool_state.PoolState` and is
changed only inside short critical sections that never await; opening,
pinging (RESET), re-authenticating and closing connections all happen
outside of them.  A task that is cancelled (or fails) while opening a
connection gives its reservation back synchronously, so a slot can never
leak; a connection whose state is unknown is killed, never pooled.

A closed pool kills the connections in use (their work then fails with
:class:`ServiceUnavailable`, as with the official driver) and closes the
idle ones; it still opens connections for work that comes later (again
as the official driver does), but closes them when they are released
instead of keeping them.

The pool options are read when they are needed (the size limit at every
acquisition, the connection settings whenever a connection opens), so a
change third-party code makes to ``driver._pool.pool_config`` after the
driver was created takes effect, as it does with the official driver.

Events go to the ``neo4j.pool`` logger at DEBUG, one line each, starting
with the connection's local port (``[#0000]`` before there is one):
acquisition, a new or a reused connection, the liveness check, release
and close.

Observation (metrics, tracing): :meth:`IOPool.observe` gives the
pool a :class:`neo4j._shared.pool_observation.PoolObservation`, called
inside the critical sections that make the changes it reports; without
one, each event costs one ``is not None`` test.

Waiters for a full pool sleep on a condition variable.  Releases notify
it; the one path that cannot (cleanup after cancellation, which must not
await) is covered by waiters re-checking the pool at least every
:data:`_WAIT_SLICE` seconds.
"""

from __future__ import annotations

import logging
import time
import typing as t

from ..._async_compat import (
    Condition,
    CooperativeLock,
    Lock,
    Util,
)
from ..._auth_management import AuthManager, to_auth_dict
from ..._shared import fork
from ..._shared.conf import check_acquisition_timeout
from ..._shared.deadline import Deadline
from ..._shared.pool_observation import PoolObservation
from ..._shared.pool_state import (
    RESERVED,
    PoolState,
    is_too_old,
    needs_liveness_check,
)
from ..._shared.tls import make_ssl_context
from ...exceptions import (
    ConnectionAcquisitionTimeoutError,
    DriverError,
    Neo4jError,
)
from .._seams import AcquireAuth
from ._connection import (
    BoltConnection,
    ConnectionSettings,
    open_connection,
)


if t.TYPE_CHECKING:
    import ssl

    from ..._addressing import Address
    from ..._shared.conf import PoolConfig
    from ..._shared.metrics import DriverMetrics, MetricsRecorder
    from ..._shared.observe import Observer
    from ..._shared.pool_state import _Reserved
    from ...api import _TAuth
    from .._seams import HomeDatabaseHook


__all__ = ["AcquireAuth", "BoltPool", "IOPool"]

log = logging.getLogger("neo4j.pool")
_io_log = logging.getLogger("neo4j.io")

#: Longest sleep of a waiter before it looks at the pool again.
_WAIT_SLICE = 0.5


class IOPool:
    """Per-address connection pools with size limits and deadlines.

    :param settings: how to open connections
    :param config: the driver's pool options
    :param auth_manager: the driver's auth manager
    """

    #: connection errors become ServiceUnavailable (not SessionExpired)
    is_direct_pool: t.ClassVar[bool] = True

    def __init__(
        self,
        settings: ConnectionSettings,
        config: PoolConfig,
        auth_manager: AuthManager,
        ssl_context: ssl.SSLContext | None = None,
        encrypted: bool = False,
    ) -> None:
        self.settings = settings
        self.config = config
        self.auth_manager = auth_manager
        self.encrypted = encrypted or ssl_context is not None
        self._ssl_context = ssl_context
        self._state: PoolState[BoltConnection] = PoolState(
            config.max_connection_pool_size
        )
        #: the client certificate the provider gave last (None: none)
        self._client_cert: t.Any = None
        self._state_lock = CooperativeLock()
        self._wait_lock = Lock()
        self._cond = Condition(self._wait_lock)
        #: tasks sleeping in :meth:`_wait_for_slot` (guarded by the
        #: state lock); releases notify only when there are some
        self._waiters = 0
        self._closed = False
        #: reports the pool events (None: nothing observes); set by
        #: :meth:`observe`, used under the state lock
        self._observation: PoolObservation[BoltConnection] | None = None
        #: set in a forked child of an asyncio process (see
        #: :meth:`after_fork_in_child`)
        self._forked_from_loop = False
        fork.register(self)

    # -- fork ---------------------------------------------------------------

    def after_fork_in_child(self) -> None:
        """Start over in a process made by :func:`os.fork`.

        The child forgets every inherited connection (they are the
        parent's streams: nothing is sent on them, not even GOODBYE) and
        every lock, which another thread of the parent may have held at
        the moment of the fork.  Its next query opens its own connection.
        An asyncio driver is refused in the child instead: its event loop
        did not survive the fork.
        """
        idle = self._state.take_idle()
        lent = self._state.all_connections()
        obs = self._observation
        if obs is not None:
            # as for a closing pool: the child's gauges and counts start
            # from no connections, and no lending stays open
            obs.closed(idle)
            obs.killed(lent)
        self._state = PoolState(self.config.max_connection_pool_size)
        self._state_lock = CooperativeLock()
        self._wait_lock = Lock()
        self._cond = Condition(self._wait_lock)
        self._waiters = 0
        self._forked_from_loop = Util.is_async_code
        for conn in (*idle, *lent):
            conn.abandon()

    def _refuse_after_fork(self) -> t.NoReturn:
        raise DriverError(
            "this driver was created before os.fork() in an asyncio "
            "process and cannot be used in the child: its event loop "
            "does not survive a fork; create a new driver in the child"
        )

    # -- acquisition -------------------------------------------------------

    def _raise_timeout(self, deadline: Deadline) -> t.NoReturn:
        log.debug("[#0000]  _: <POOL> no connection before the deadline")
        raise ConnectionAcquisitionTimeoutError(
            "failed to obtain a connection from the pool within "
            f"{deadline.original_timeout!r}s (timeout)"
        )

    def _acquire_from(
        self,
        address: Address,
        deadline: Deadline,
        auth: AcquireAuth | None,
        liveness_check_timeout: float | None,
    ) -> BoltConnection:
        """A ready connection to ``address``: reused or newly opened."""
        if self._forked_from_loop:
            self._refuse_after_fork()
        state = self._state
        obs = self._observation
        started = obs.now() if obs is not None else 0.0
        while True:
            with self._state_lock:
                # read at every acquisition: third-party code may change
                # the limit after the driver was created
                state.max_size = self.config.max_connection_pool_size
                got = state.checkout(address)
                if got is None:
                    # counted in the section that saw the pool full
                    state.start_waiting(address)
                if obs is not None:
                    obs.checkout(address, got)
            if got is None:
                got = self._wait_for_checkout(address, deadline, started)
            if got is RESERVED:
                log.debug("[#0000]  _: <POOL> trying to hand out new "
                          "connection")  # fmt: skip
                conn = self._open(address, deadline, auth)
                self._check_session_auth(conn, auth)
                if obs is not None:
                    with self._state_lock:
                        obs.acquired(address, conn, started)
                return conn
            conn = t.cast(BoltConnection, got)
            try:
                usable = self._prepare_reuse(
                    conn, deadline, auth, liveness_check_timeout
                )
            except BaseException:
                conn.kill()
                self._forget(conn)
                raise
            if usable:
                log.debug("[#%04X]  _: <POOL> handing out existing "
                          "connection", conn.local_port)  # fmt: skip
                self._check_session_auth(conn, auth)
                if obs is not None:
                    with self._state_lock:
                        obs.acquired(address, conn, started)
                return conn
            self._forget(conn)
            self._notify()

    def _wait_for_checkout(
        self,
        address: Address,
        deadline: Deadline,
        started: float,
    ) -> BoltConnection | _Reserved:
        """Wait until the full pool of ``address`` has an idle
        connection or a free slot, and take it.

        The caller counted this acquisition as waiting
        (:meth:`.PoolState.start_waiting`); it stops counting here, in
        the section that takes the connection, or when the wait ends
        otherwise (timeout, cancellation).
        """
        state = self._state
        waiting = True
        try:
            while True:
                self._wait_for_slot(address, deadline)
                with self._state_lock:
                    state.max_size = self.config.max_connection_pool_size
                    got = state.checkout(address)
                    if got is not None:
                        waiting = False
                        state.stop_waiting(address)
                        obs = self._observation
                        if obs is not None:
                            obs.checkout(address, got)
                        return got
        except BaseException as exc:
            if waiting:
                with self._state_lock:
                    state.stop_waiting(address)
                    obs = self._observation
                    if obs is not None and isinstance(
                        exc, ConnectionAcquisitionTimeoutError
                    ):
                        obs.timed_out(address, started)
            raise

    # -- observation -------------------------------------------------------

    def observe(self, observer: Observer | None) -> None:
        """Report the pool's events to ``observer`` from now on (None:
        stop); the driver calls it when it is created."""
        with self._state_lock:
            self._observation = (
                None if observer is None else PoolObservation(observer)
            )

    @property
    def observer(self) -> Observer | None:
        """What the pool reports to (None: nothing)."""
        obs = self._observation
        return None if obs is None else obs.observer

    def metrics(self, recorder: MetricsRecorder) -> DriverMetrics:
        """A snapshot of the pool's state and of what ``recorder``
        counted, read in one critical section.

        :param recorder: the driver's metrics recorder (the observer of
            this pool, or part of it)
        :returns: the snapshot
        """
        with self._state_lock:
            return recorder.snapshot(
                self._state, self.config.max_connection_pool_size
            )

    def _check_session_auth(
        self, conn: BoltConnection, auth: AcquireAuth | None
    ) -> None:
        if (
            auth is not None
            and auth.token is not None
            and not conn.bolt.SUPPORTS_RE_AUTH
        ):
            self.release(conn)
            conn.bolt.check_re_auth()

    def _wait_for_slot(self, address: Address, deadline: Deadline) -> None:
        remaining = deadline.remaining()
        if remaining is not None and remaining <= 0:
            self._raise_timeout(deadline)
        if not self._wait_lock.acquire(remaining):
            self._raise_timeout(deadline)
        try:
            with self._state_lock:
                full = (
                    self._state.max_size >= 0
                    and self._state.size(address) >= self._state.max_size
                    and not self._has_idle(address)
                )
                if full:
                    # counted in the same critical section that saw the
                    # pool full: a release after it will notify
                    self._waiters += 1
            if full:
                try:
                    slice_ = _WAIT_SLICE
                    remaining = deadline.remaining()
                    if remaining is not None:
                        slice_ = min(slice_, remaining)
                    self._cond.wait(slice_)
                finally:
                    with self._state_lock:
                        self._waiters -= 1
        finally:
            self._wait_lock.release()

    def _has_idle(self, address: Address) -> bool:
        pool = self._state.pools.get(address)
        return bool(pool and pool.idle)

    def _open(
        self,
        address: Address,
        deadline: Deadline,
        auth: AcquireAuth | None,
    ) -> BoltConnection:
        """Open a connection for a reserved slot (always settles it)."""
        obs = self._observation
        started = obs.now() if obs is not None else 0.0
        try:
            token, manager = self._auth_for(auth)
            ssl_context = self._get_ssl_context()
            conn = open_connection(
                address,
                settings=self.settings.current(self.config),
                auth=to_auth_dict(token),
                deadline=deadline,
                ssl_context=ssl_context,
            )
        except BaseException:
            with self._state_lock:
                self._state.cancel_reservation(address)
                if obs is not None:
                    obs.create_failed(address)
            raise
        conn.pool = self
        conn.auth_token = token
        conn.auth_manager = manager
        with self._state_lock:
            self._state.opened(address, conn)
            if obs is not None:
                obs.created(address, started)
        return conn

    def _auth_for(
        self, auth: AcquireAuth | None
    ) -> tuple[_TAuth, AuthManager | None]:
        """The token to authenticate with, and the manager behind it
        (None for a caller's own token)."""
        if auth is not None and auth.token is not None:
            return auth.token, None
        manager = self.auth_manager
        token = Util.callback(manager.get_auth)
        return token, manager

    def _get_ssl_context(self) -> ssl.SSLContext | None:
        # a user-supplied context always wins, even without
        # ``encrypted=True`` (it carries its own trust settings)
        config = self.config
        if config.ssl_context is not None:
            return t.cast("ssl.SSLContext", config.ssl_context)
        if not self.encrypted:
            return None
        provider = config.client_certificate
        if provider is None:
            if self._ssl_context is None:
                self._ssl_context = make_ssl_context(
                    config.trusted_certificates
                )
            return self._ssl_context
        if hasattr(provider, "get_certificate"):
            cert = Util.callback(provider.get_certificate)
        else:
            cert, config.client_certificate = provider, None
            self._ssl_context = None
        if cert is not None:
            if self._ssl_context is not None:
                self.mark_all_stale()
            # kept: should building the context fail, the next attempt
            # must fail the same way, never connect without a certificate
            self._client_cert = cert
            self._ssl_context = None
        if self._ssl_context is None:
            self._ssl_context = make_ssl_context(
                config.trusted_certificates, self._client_cert
            )
        return self._ssl_context

    def _prepare_reuse(
        self,
        conn: BoltConnection,
        deadline: Deadline,
        auth: AcquireAuth | None,
        liveness_check_timeout: float | None,
    ) -> bool:
        """Check an idle connection before handing it out.

        :returns: False if it was closed instead (caller forgets it)
        """
        if conn.closed or conn.defunct:
            return False
        sock = conn.socket
        if not sock.usable_here():
            # opened under another event loop (an earlier asyncio.run)
            log.debug("[#%04X]  _: <POOL> idle connection unusable",
                      conn.local_port)  # fmt: skip
            conn.kill()
            return False
        if sock.peer_gone():
            # closed by the server while idle (e.g. it restarted); logged
            # in the official driver's words
            _log_unhealthy(conn)
            return False
        now = time.monotonic()
        if conn.stale or is_too_old(
            conn.created_at, now, self.config.max_connection_lifetime
        ):
            conn.close()
            return False
        # RESET when the liveness check is due, or when the connection
        # was touched while idle (e.g. by a transaction object that had
        # lost it) and must be brought back to READY first
        if not conn.bolt.is_reset or needs_liveness_check(
            conn.idle_since, now, liveness_check_timeout
        ):
            log.debug("[#%04X]  _: <POOL> liveness check", conn.local_port)
            try:
                old_timeout = conn.socket.read_timeout
                conn.socket.read_timeout = deadline.cap(old_timeout)
                conn.reset()
                conn.socket.read_timeout = old_timeout
            except DriverError:
                return False
        log.debug("[#%04X]  _: <POOL> picked existing connection %s",
                  conn.local_port, conn.bolt.connection_id)  # fmt: skip
        token, manager = self._auth_for(auth)
        force = auth is not None and auth.force
        session_auth = auth is not None and auth.token is not None
        if token is conn.auth_token and token is not None and not force:
            # the very token the connection authenticated with (a static
            # manager's): nothing to compare
            conn.auth_manager = manager
            _log_re_auth(conn, session_auth, False, force)
            return True
        wanted = to_auth_dict(token)
        if wanted == conn.auth and not force:
            conn.auth_token = token
            conn.auth_manager = manager
            _log_re_auth(conn, session_auth, False, force)
            return True
        if not conn.bolt.SUPPORTS_RE_AUTH:
            if auth is not None and auth.token is not None:
                # session auth: the caller reports the missing support
                return True
            conn.close()
            return False
        response = conn.bolt.reauth(wanted)
        conn.auth = wanted
        conn.auth_token = token
        conn.auth_manager = manager
        _log_re_auth(conn, session_auth, True, force)
        if force:
            conn.send_all()
            conn.fetch(response)
            conn.check(response)
        return True

    # -- release -----------------------------------------------------------

    def release(self, conn: BoltConnection) -> None:
        """Give a connection back: RESET it if needed, then pool it (or
        close it if it is stale, too old or broken)."""
        address = conn.unresolved_address
        try:
            if not conn.defunct and not conn.is_reset:
                try:
                    # still bounded by the borrower's response_timeout
                    conn.reset()
                except (DriverError, Neo4jError, OSError):
                    pass
            # the borrower's reply limit does not outlive the borrowing
            conn.response_timeout = None
            if (
                self._closed
                or conn.defunct
                or conn.closed
                or conn.stale
                or is_too_old(
                    conn.created_at,
                    time.monotonic(),
                    self.config.max_connection_lifetime,
                )
            ):
                self._forget(conn)
                conn.close()
            else:
                conn.idle_since = time.monotonic()
                with self._state_lock:
                    pooled = self._state.checkin(address, conn)
                    obs = self._observation
                    if obs is not None:
                        obs.returned(conn, False)
                if not pooled:
                    conn.close()
        except BaseException:
            conn.kill()
            self._forget(conn)
            raise
        log.debug("[#%04X]  _: <POOL> released %s", conn.local_port,
                  conn.bolt.connection_id)  # fmt: skip
        self._notify()

    def kill_connection(self, conn: BoltConnection) -> None:
        """Kill a connection and free its slot without awaiting anything
        (for cancellation handlers)."""
        conn.kill()
        self._forget(conn)

    def _forget(self, conn: BoltConnection) -> None:
        with self._state_lock:
            removed = self._state.remove(conn.unresolved_address, conn)
            obs = self._observation
            if obs is not None:
                obs.returned(conn, removed)

    def _notify(self) -> None:
        with self._state_lock:
            if not self._waiters:
                # nobody waits (the common case): skip the wait lock
                return
        self._wait_lock.acquire()
        try:
            self._cond.notify_all()
        finally:
            self._wait_lock.release()

    # -- maintenance ------------------------------------------------------

    def mark_all_stale(self) -> None:
        """Make every current connection close instead of being reused."""
        with self._state_lock:
            conns = self._state.all_connections()
        for conn in conns:
            conn.stale = True

    def on_neo4j_error(self, conn: BoltConnection, error: Neo4jError) -> None:
        """Let the auth manager look at a security error; expired auth
        invalidates every connection of the address."""
        if not error._is_security_error():
            return
        manager = getattr(conn, "auth_manager", None)
        if manager is not None:
            handled = Util.callback(
                manager.handle_security_exception,
                getattr(conn, "auth_token", None),
                error,
            )
            if handled:
                error._retry_ok = True
        if error._drops_all_auth():
            with self._state_lock:
                pool = self._state.pools.get(conn.unresolved_address)
                conns = [] if pool is None else [*pool.idle, *pool.in_use]
            for other in conns:
                other.auth = {"scheme": None}
                # (no token matches by identity any more either)
                other.auth_token = None

    def deactivate(self, address: Address) -> None:
        """Close the idle connections of an address and forget it.

        Connections in use are only marked stale: their work goes on and
        :meth:`release` closes them.
        """
        with self._state_lock:
            idle = self._state.take_idle(address)
            in_use = self._state.purge(address)
            obs = self._observation
            if obs is not None:
                obs.dropped(idle, in_use)
        for conn in in_use:
            conn.stale = True
        for conn in idle:
            conn.stale = True
            if not conn.closed:
                conn.close()
        self._notify()

    def close(self) -> None:
        """Close idle connections (GOODBYE) and kill the ones in use."""
        with self._state_lock:
            if self._closed:
                return
            log.debug("[#0000]  _: <POOL> close")
            self._closed = True
            idle = self._state.take_idle()
            in_use = self._state.all_connections()
            # keeps the reservations of connections still being opened:
            # their tasks settle them (and kill what they opened)
            self._state.clear()
            obs = self._observation
            if obs is not None:
                obs.closed(idle)
                obs.killed(in_use)
        for conn in in_use:
            conn.kill()
        for conn in idle:
            try:
                conn.close()
            except Exception:
                conn.kill()
        self._notify()

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._closed

    @property
    def pool_config(self) -> PoolConfig:
        """The driver's pool options (the name third-party code reads)."""
        return self.config

    def remember_home_database(
        self, imp_user: str | None, auth: _TAuth, database: str | None
    ) -> None:
        """Nothing to remember without routing: the database a server
        reports is never used to choose a server here."""

    def in_use_count(self, address: Address) -> int:
        """Connections of ``address`` in use or being opened."""
        with self._state_lock:
            return self._state.busy(address)

    def size(self, address: Address) -> int:
        """Connections of ``address`` counted against the limit."""
        with self._state_lock:
            return self._state.size(address)


class BoltPool(IOPool):
    """The pool of the direct (``bolt://``) driver: one address.

    :param address: the server address from the URI
    """

    def __init__(
        self,
        address: Address,
        settings: ConnectionSettings,
        config: PoolConfig,
        auth_manager: AuthManager,
        ssl_context: ssl.SSLContext | None = None,
        encrypted: bool = False,
    ) -> None:
        super().__init__(
            settings, config, auth_manager, ssl_context, encrypted
        )
        self.address = address
        log.debug("[#0000]  _: <POOL> created, direct address %r", address)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} address={self.address!r}>"

    def acquire(
        self,
        access_mode: str | None = None,
        timeout: float | None = None,
        database: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        auth: AcquireAuth | None = None,
        liveness_check_timeout: float | None = None,
        database_callback: HomeDatabaseHook | None = None,
        imp_user: str | None = None,
    ) -> BoltConnection:
        """Get a connection to the server.

        :param timeout: ``connection_acquisition_timeout``
        :raises ConnectionAcquisitionTimeoutError: the pool stayed full
        :raises ServiceUnavailable: the server cannot be reached
        :raises TypeError: ``timeout`` is not a number
        :raises ValueError: ``timeout`` is not > 0
        """
        timeout = check_acquisition_timeout(timeout)
        log.debug(
            "[#0000]  _: <POOL> acquire direct connection, "
            "access_mode=%r, database=%r",
            access_mode,
            database,
        )
        deadline = Deadline(timeout)
        if liveness_check_timeout is None:
            liveness_check_timeout = self.config.liveness_check_timeout
        return self._acquire_from(
            self.address, deadline, auth, liveness_check_timeout
        )


def _log_unhealthy(conn: BoltConnection) -> None:
    """Kill an idle connection the server closed, logging it as the
    official driver does."""
    port = conn.local_port
    connection_id = conn.bolt.connection_id
    _io_log.debug("[#%04X]  _: <CONNECTION> defunct: reached EOF", port)
    log.debug("[#%04X]  _: <POOL> found unhealthy connection %s "
              "(closed=False, defunct=True, stale=%s, in_use=True)",
              port, connection_id, conn.stale)  # fmt: skip
    conn.kill()
    log.debug("[#%04X]  _: <POOL> remove connection from pool %r %s",
              port, conn.unresolved_address, connection_id)  # fmt: skip


def _log_re_auth(
    conn: BoltConnection, session_auth: bool, updated: bool, force: bool
) -> None:
    # never the token itself: credentials stay out of logs
    log.debug(
        "[#%04X]  _: <POOL> checked re_auth session_auth=%s updated=%s "
        "force=%s",
        conn.local_port,
        session_auth,
        updated,
        force,
    )
