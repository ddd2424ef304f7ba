# This file is generated from src/neo4j/_async/work/workspace.py by bin/make-unasync; do not edit.
# make-unasync digest: d835005829115d32ec433e1efa15068852da8fac337c01ed8bd84c758d29b790
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
    from ..._conf import SessionConfig
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
        self._connection: BoltConnection | None = None
        self._bookmarks: tuple[str, ...] = ()
        self._initial_bookmarks: tuple[str, ...] = ()
        self._bookmark_manager: t.Any = config.bookmark_manager
        self._last_from_bookmark_manager: tuple[str, ...] | None = None
        self._closed = False
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
        self._disconnect()
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
        self._initial_bookmarks = self._bookmarks = prepared

    def _get_bookmarks(self) -> tuple[str, ...]:
        manager = self._bookmark_manager
        if manager is None:
            return self._bookmarks
        managed = Util.callback(manager.get_bookmarks)
        combined = tuple({*managed, *self._initial_bookmarks})
        self._last_from_bookmark_manager = combined
        return combined

    def _update_bookmarks(self, new: tuple[str, ...]) -> None:
        if not new:
            return
        self._initial_bookmarks = ()
        self._bookmarks = new
        manager = self._bookmark_manager
        if manager is None:
            return
        Util.callback(
            manager.update_bookmarks,
            self._last_from_bookmark_manager or (),
            new,
        )

    def _update_bookmark(self, bookmark: str | None) -> None:
        if bookmark:
            self._update_bookmarks((bookmark,))

    # -- connection --------------------------------------------------------

    def _check_state(self) -> None:
        if self._closed:
            raise SessionError(self, "Session closed")

    def _connect(
        self,
        access_mode: str | None,
        *,
        force_auth: bool = False,
        liveness_check_timeout: float | None = None,
    ) -> BoltConnection:
        if self._connection is not None:
            # should not happen: settle and return the old one first
            self._connection.send_all()
            self._connection.fetch_all()
            self._disconnect()
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
                self._bookmarks
                if self._bookmark_manager is None
                else self._get_bookmarks()
            ),
            auth=acquire_auth,
            liveness_check_timeout=liveness_check_timeout,
            imp_user=config.impersonated_user,
            database_callback=self._set_pinned_database,
        )
        self._connection = conn
        return conn

    def _set_pinned_database(self, database: str | None) -> None:
        if self._config.database is None and database is not None:
            log.debug("[#0000]  _: <WORKSPACE> pinning database: %r", database)
            self._config.database = database

    def _disconnect(self) -> None:
        conn = self._connection
        if conn is None:
            return
        self._connection = None
        self._pool.release(conn)

    def _kill_connection(self) -> None:
        """Kill the connection without awaiting (cancellation)."""
        conn = self._connection
        if conn is None:
            return
        self._connection = None
        self._pool.kill_connection(conn)

    def _get_server_info(self) -> t.Any:
        conn = self._connect(READ_ACCESS, liveness_check_timeout=0)
        info = conn.server_info
        self._disconnect()
        return info

    def _verify_authentication(self) -> None:
        self._connect(READ_ACCESS, force_auth=True)
        self._disconnect()

    def closed(self) -> bool:
        """True once the session is closed.

        :returns: the state
        """
        return self._closed
