# This file is generated from src/neo4j/_async/work/workspace.py by bin/make-unasync; do not edit.
# make-unasync digest: 5a47f4f9d6a3b78e9ceb7f5f550a77690ac9db2110b32709075724aa46259c07
"""What sessions have in common: borrowing a connection from the pool,
giving it back, and the bookmarks that chain their work causally.

The pool and the connection are seen only through the protocols of
:mod:`.._seams`.  With an observer (see :mod:`neo4j._shared.observe`)
each acquisition is an ``"acquire"`` scope.
"""

from __future__ import annotations

import logging
import typing as t
import warnings

from ..._async_compat import Util
from ...api import READ_ACCESS, Bookmarks
from ...exceptions import SessionError
from ..io import AcquireAuth


if t.TYPE_CHECKING:
    import types

    from ..._shared.conf import SessionConfig
    from ..._shared.observe import Observer, Scope
    from ...api import ServerInfo, _TAuth
    from .._seams import WorkPool
    from ..io import BoltConnection


__all__ = ["Workspace"]

# session-level events go to the package logger, as in the official
log = logging.getLogger("neo4j")


class _BookmarkKeeper(t.Protocol):
    """A bookmark manager as a session uses it (plain or async)."""

    def get_bookmarks(
        self,
    ) -> t.Collection[str] | t.Collection[str]: ...

    def update_bookmarks(
        self,
        previous_bookmarks: t.Collection[str],
        new_bookmarks: t.Collection[str],
    ) -> object: ...


def _bookmark_values(option: object) -> tuple[str, ...]:
    """The raw strings of the session option ``bookmarks``.

    :raises TypeError: the option is neither None nor :class:`Bookmarks`
    """
    if isinstance(option, Bookmarks):
        return tuple(option.raw_values)
    if option is not None:
        raise TypeError(
            "the session option 'bookmarks' takes a Bookmarks object or "
            f"None, not {type(option).__name__}"
        )
    return ()


class Workspace:
    """Connection and bookmark handling of a session.

    :param pool: the driver's pool
    :param config: the session's options
    :param observer: the driver's observer (None: nothing observes)
    """

    def __init__(
        self,
        pool: WorkPool[BoltConnection],
        config: SessionConfig,
        observer: Observer | None = None,
    ) -> None:
        #: what the next BEGIN or RUN names without a bookmark manager:
        #: the option ``bookmarks`` until a commit brings a newer one
        #: (checked first: a rejected option leaves nothing to close)
        self._held_bookmarks = _bookmark_values(config.bookmarks)
        self._pool = pool
        self._config = config
        self._observer = observer
        self._conn: BoltConnection | None = None
        self._closed = False
        #: the option ``bookmarks`` while no commit has superseded them;
        #: with a manager they are sent along with the manager's own
        self._seed_bookmarks = self._held_bookmarks
        self._bookmark_keeper: _BookmarkKeeper | None = config.bookmark_manager
        #: the bookmarks the last BEGIN or RUN got from the manager
        #: (plus the seed): a commit replaces exactly these there
        self._manager_view: tuple[str, ...] = ()
        #: True while the session's database may still change: no name
        #: configured and a routing pool.  It is settled at most once
        #: (by the pool's resolution or by the server naming it), also
        #: to None: a server that reports no home database (ArcadeDB)
        #: is asked only once
        self._db_unsettled = (
            config.database is None and not pool.is_direct_pool
        )
        #: a fixed database is announced in the log at the first
        #: acquisition (an unsettled one when it settles)
        self._db_unannounced = not self._db_unsettled
        #: the session's own auth token (resolved) of the last acquisition
        self._session_auth: _TAuth = None

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
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: types.TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the connection (subclasses add more)."""
        self._give_back_connection()
        self._closed = True

    # -- bookmarks -------------------------------------------------------

    def _bookmarks_for_begin(self) -> tuple[str, ...]:
        """The bookmarks a BEGIN or RUN waits for.

        With a manager: its bookmarks joined with the seed, remembered
        as the ones a later commit replaces.
        """
        keeper = self._bookmark_keeper
        if keeper is None:
            return self._held_bookmarks
        wanted = set(self._seed_bookmarks)
        wanted.update(Util.callback(keeper.get_bookmarks))
        self._manager_view = tuple(wanted)
        return self._manager_view

    def _note_bookmark(self, bookmark: str | None) -> None:
        """Take the bookmark a commit (or auto-commit) produced.

        It causally follows everything sent so far, so the seed is done
        with; the manager trades the bookmarks it gave for it.
        """
        if not bookmark:
            return
        newest = (bookmark,)
        self._held_bookmarks = newest
        self._seed_bookmarks = ()
        keeper = self._bookmark_keeper
        if keeper is not None:
            Util.callback(keeper.update_bookmarks, self._manager_view, newest)

    # -- database ----------------------------------------------------------

    def _settle_database(self, name: str | None) -> bool:
        """Fix the session's database for the rest of its life.

        :returns: False if it was fixed already (nothing changes)
        """
        if not self._db_unsettled:
            return False
        self._db_unsettled = False
        self._config.database = name
        log.debug("[#0000]  _: <WORKSPACE> pinning database: %r", name)
        return True

    def _on_db_resolved(self) -> t.Callable[[str], None] | None:
        """What a RUN or BEGIN SUCCESS naming its database (Bolt 5.8)
        should call: None once the database is settled."""
        if self._db_unsettled:
            return self._database_reported
        return None

    def _database_reported(self, database: str) -> None:
        # runs inside the protocol core's feed(): no I/O here.  The query
        # went out on the pool's guess of the home database and the
        # server says which one it used: keep it, and let the pool's
        # cache learn it
        if self._settle_database(database):
            self._pool.remember_home_database(
                self._config.impersonated_user, self._session_auth, database
            )

    # -- connection --------------------------------------------------------

    def _ensure_open(self) -> None:
        if self._closed:
            raise SessionError(self, "Session closed")

    def _own_auth_token(self) -> _TAuth:
        """The session's own auth token; a manager in its place is asked
        for the current one."""
        auth = self._config.auth
        if auth is None or not hasattr(auth, "get_auth"):
            return t.cast("_TAuth", auth)
        return t.cast("_TAuth", Util.callback(auth.get_auth))

    def _connect(
        self,
        access_mode: str | None,
        *,
        force_auth: bool = False,
        liveness_check_timeout: float | None = None,
        parent: Scope | None = None,
    ) -> BoltConnection:
        """Borrow a connection for the next unit of work.

        :param parent: the observed operation that needs it
        """
        stray = self._conn
        if stray is not None:
            # not expected: drain the old connection and give it back
            stray.send_all()
            stray.fetch_all()
            self._give_back_connection()
        token = self._own_auth_token()
        wants_own_auth = token is not None or force_auth
        config = self._config
        if self._db_unsettled:
            log.debug("[#0000]  _: <WORKSPACE> resolve home database")
        elif self._db_unannounced:
            self._db_unannounced = False
            log.debug(
                "[#0000]  _: <WORKSPACE> routing towards fixed database: %r",
                config.database,
            )
            log.debug(
                "[#0000]  _: <WORKSPACE> pinning database: %r", config.database
            )
        if self._bookmark_keeper is None:
            bookmarks = self._held_bookmarks
        else:
            bookmarks = self._bookmarks_for_begin()
        observer = self._observer
        scope = None
        if observer is not None:
            scope = observer.start(
                "acquire",
                database=config.database,
                access_mode=access_mode,
                parent=parent,
            )
        try:
            conn = self._pool.acquire(
                access_mode=access_mode,
                timeout=config.connection_acquisition_timeout,
                database=config.database,
                bookmarks=bookmarks,
                auth=(
                    AcquireAuth(token, force_auth) if wants_own_auth else None
                ),
                liveness_check_timeout=liveness_check_timeout,
                imp_user=config.impersonated_user,
                # once settled, no hook: the pool then routes by the
                # settled database (even None) and resolves nothing
                database_callback=(
                    self._settle_database if self._db_unsettled else None
                ),
            )
        except BaseException as exc:
            if scope is not None:
                scope.finish(exc)
            raise
        if scope is not None:
            address = conn.unresolved_address
            scope.set_server(address[0], address[1])
            scope.finish()
        self._session_auth = token
        conn.response_timeout = config.response_timeout
        self._conn = conn
        return conn

    def _give_back_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._pool.release(conn)

    def _kill_connection(self) -> None:
        """Kill the connection without awaiting (cancellation)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            self._pool.kill_connection(conn)

    def _fetch_server_info(self) -> ServerInfo:
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
