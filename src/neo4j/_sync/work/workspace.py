# This file is generated from src/neo4j/_async/work/workspace.py by bin/make-unasync; do not edit.
# make-unasync digest: b899b82b28cc8be77988694b299fb69b1668982107f33f2d03197b8314902106
"""What sessions have in common: borrowing a connection from the pool,
giving it back, and the bookmarks that chain their work causally."""

from __future__ import annotations

import logging
import typing as t
import warnings

from ..._async_compat import Util
from ...api import READ_ACCESS, Bookmarks
from ...exceptions import SessionError
from ..io import AcquireAuth


if t.TYPE_CHECKING:
    from ..._shared.conf import SessionConfig
    from ..io import BoltConnection


__all__ = ["Workspace"]

log = logging.getLogger("neo4j.pool")


class Workspace:
    """Connection and bookmark handling of a session.

    :param pool: the driver's pool
    :param config: the session's options
    """

    def __init__(self, pool: t.Any, config: SessionConfig) -> None:
        self._pool = pool
        self._config = config
        self._conn: BoltConnection | None = None
        self._held_bookmarks: tuple[str, ...] = ()
        self._initial_bookmarks: tuple[str, ...] = ()
        self._bookmark_keeper: t.Any = config.bookmark_manager
        self._last_from_bookmark_manager: tuple[str, ...] | None = None
        self._closed = False
        #: the database is settled for the session's lifetime: named in
        #: the config, a direct driver (no routing), or the home database
        #: resolved once (its name may be None: a server that does not
        #: report one, e.g. ArcadeDB, is still asked only once)
        self._pinned_database = config.database is not None or getattr(
            pool, "is_direct_pool", False
        )
        #: the session's own auth token (resolved) of the last acquisition
        self._session_auth: t.Any = None
        self._initialize_bookmarks(config.bookmarks)

    def __del__(self) -> None:
        # never any I/O here: only tell the user about the leak
        if getattr(self, "_closed", True):
            return
        warnings.warn(
            f"unclosed {type(self).__name__}: {self!r}. Close it explicitly "
            "(or use it as a context manager).",
            ResourceWarning,
            stacklevel=2,
            source=self,
        )

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self, exc_type: t.Any, exc_value: t.Any, traceback: t.Any
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the connection (subclasses add more)."""
        self._give_back_connection()
        self._closed = True

    # -- bookmarks -------------------------------------------------------

    def _initialize_bookmarks(self, bookmarks: t.Any) -> None:
        if bookmarks is None:
            prepared: tuple[str, ...] = ()
        elif isinstance(bookmarks, Bookmarks):
            prepared = tuple(bookmarks.raw_values)
        else:
            raise TypeError(
                "Bookmarks must be an instance of Bookmarks or None."
            )
        self._initial_bookmarks = self._held_bookmarks = prepared

    def _bookmarks_for_begin(self) -> tuple[str, ...]:
        manager = self._bookmark_keeper
        if manager is None:
            return self._held_bookmarks
        managed = Util.callback(manager.get_bookmarks)
        combined = tuple({*managed, *self._initial_bookmarks})
        self._last_from_bookmark_manager = combined
        return combined

    def _update_bookmarks(self, new: tuple[str, ...]) -> None:
        if not new:
            return
        self._initial_bookmarks = ()
        self._held_bookmarks = new
        manager = self._bookmark_keeper
        if manager is None:
            return
        Util.callback(
            manager.update_bookmarks,
            self._last_from_bookmark_manager or (),
            new,
        )

    def _note_bookmark(self, bookmark: str | None) -> None:
        if bookmark:
            self._update_bookmarks((bookmark,))

    # -- connection --------------------------------------------------------

    def _ensure_open(self) -> None:
        if self._closed:
            raise SessionError(self, "Session closed")

    def _connect(
        self,
        access_mode: str | None,
        *,
        force_auth: bool = False,
        liveness_check_timeout: float | None = None,
    ) -> BoltConnection:
        if self._conn is not None:
            # should not happen: settle and return the old one first
            self._conn.send_all()
            self._conn.fetch_all()
            self._give_back_connection()
        config = self._config
        auth = config.auth
        if auth is not None and hasattr(auth, "get_auth"):
            auth = Util.callback(auth.get_auth)
        acquire_auth = (
            AcquireAuth(auth, force=force_auth)
            if auth is not None or force_auth
            else None
        )
        conn: BoltConnection = self._pool.acquire(
            access_mode=access_mode,
            timeout=config.connection_acquisition_timeout,
            database=config.database,
            bookmarks=(
                self._held_bookmarks
                if self._bookmark_keeper is None
                else self._bookmarks_for_begin()
            ),
            auth=acquire_auth,
            liveness_check_timeout=liveness_check_timeout,
            imp_user=config.impersonated_user,
            # no callback once pinned: the pool then uses the table of
            # the pinned database (even None) instead of resolving again
            database_callback=(
                None if self._pinned_database else self._set_pinned_database
            ),
        )
        self._session_auth = auth
        self._conn = conn
        return conn

    def _set_pinned_database(self, database: str | None) -> None:
        """Pin the home database the pool resolved (possibly None)."""
        if self._pinned_database:
            return
        log.debug("[#0000]  _: <WORKSPACE> pinning database: %r", database)
        self._pinned_database = True
        self._config.database = database

    def _on_db_resolved(self) -> t.Callable[[str], None] | None:
        """What a RUN or BEGIN SUCCESS naming its database (Bolt 5.8)
        should call: None once the database is pinned."""
        return None if self._pinned_database else self._database_reported

    def _database_reported(self, database: str) -> None:
        # runs inside the protocol core's feed(): no I/O here.  The server
        # routed an unpinned query (optimistic home database guess) and
        # says where to: pin it, and correct the pool's cached guess
        if self._pinned_database:
            return
        self._set_pinned_database(database)
        remember = getattr(self._pool, "remember_home_database", None)
        if remember is not None:
            remember(
                self._config.impersonated_user, self._session_auth, database
            )

    def _give_back_connection(self) -> None:
        conn = self._conn
        if conn is None:
            return
        self._conn = None
        self._pool.release(conn)

    def _kill_connection(self) -> None:
        """Kill the connection without awaiting (cancellation)."""
        conn = self._conn
        if conn is None:
            return
        self._conn = None
        self._pool.kill_connection(conn)

    def _fetch_server_info(self) -> t.Any:
        conn = self._connect(READ_ACCESS, liveness_check_timeout=0)
        info = conn.server_info
        self._give_back_connection()
        return info

    def _check_auth(self) -> None:
        self._connect(READ_ACCESS, force_auth=True)
        self._give_back_connection()

    def closed(self) -> bool:
        """True once the session is closed.

        :returns: the state
        """
        return self._closed
