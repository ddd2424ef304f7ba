"""Sessions: auto-commit queries, explicit transactions and transaction
functions with retries.

With an observer (see :mod:`neo4j._shared.observe`), each auto-commit
RUN is a ``"query"`` scope, each transaction (explicit, or one attempt
of a managed one) a ``"transaction"`` scope, and each retry is reported
before its wait; without one, each of these costs one ``is not None``
test.
"""

from __future__ import annotations

import functools
import logging
import typing as t

from ..._api import TelemetryAPI
from ..._async_compat import AsyncUtil
from ..._shared.retry import RetryBudget, retry_delays
from ..._work.query import Query
from ...api import READ_ACCESS, WRITE_ACCESS, Bookmarks
from ...exceptions import (
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransactionError,
)
from .._debug._concurrency_check import non_concurrent
from .result import AsyncResult
from .transaction import (
    AsyncManagedTransaction,
    AsyncTransaction,
    AsyncTransactionBase,
)
from .workspace import AsyncWorkspace


if t.TYPE_CHECKING:
    from typing_extensions import LiteralString

    from ..._bolt import Response
    from ..._shared.conf import SessionConfig
    from ..._shared.observe import Observer, Scope
    from .._seams import AsyncWorkPool
    from ..io import AsyncBoltConnection

    _P = t.ParamSpec("_P")
    _R = t.TypeVar("_R")
    _Tx = t.TypeVar("_Tx", bound=AsyncTransactionBase)

    #: what ``execute_read``/``execute_write`` take: a function of the
    #: managed transaction and the caller's extra arguments
    _TxFunction: t.TypeAlias = t.Callable[
        t.Concatenate[AsyncManagedTransaction, _P], t.Awaitable[_R]
    ]


__all__ = ["AsyncSession"]

log = logging.getLogger("neo4j.session")

#: ``session.run`` retries a failed RUN at most this often (only errors
#: the server flags as ``_idempotent``, unless disabled by config)
_MAX_AUTO_COMMIT_RETRIES: t.Final = 1

#: matched by tests
_TX_ALREADY_OPEN: t.Final = "Explicit transaction already open"


def _split_query(
    query: object,
) -> tuple[str, dict[str, t.Any] | None, float | None]:
    """Text, metadata and timeout of what ``session.run`` was given.

    :raises ValueError: nothing (or an empty text) was given
    :raises TypeError: neither a ``str`` nor a :class:`.Query`
    """
    if not query:
        raise ValueError("An empty query cannot be run")
    if isinstance(query, str):
        return query, None, None
    if isinstance(query, Query):
        return str(query.text), query.metadata, query.timeout
    raise TypeError(
        f"session.run() takes a str or a Query, not {type(query).__name__}"
    )


def _may_rerun(result: AsyncResult, error: Neo4jError) -> bool:
    """The server refused the RUN itself and said running it again is
    safe (``_idempotent`` in the GQL diagnostic record)."""
    if not result._run_failed():
        return False
    return error.diagnostic_record.get("_idempotent") is True


class AsyncSession(AsyncWorkspace):
    """A context for causally chained work (created by
    :meth:`.AsyncDriver.session`).

    Not safe for concurrent use: give each concurrent unit of work its
    own session.  Connections are borrowed from the driver's pool only
    while needed.
    """

    def __init__(
        self,
        pool: AsyncWorkPool[AsyncBoltConnection],
        config: SessionConfig,
        observer: Observer | None = None,
    ) -> None:
        super().__init__(pool, config, observer)
        #: the auto-commit result still using the connection
        self._live_result: AsyncResult | None = None
        #: the explicit or managed transaction holding the connection
        self._live_tx: AsyncTransactionBase | None = None
        #: the connection broke under an auto-commit result
        self._conn_broken = False
        #: TelemetryAPI to report for auto-commit (execute_query: DRIVER)
        self._telemetry_api = TelemetryAPI.AUTO_COMMIT
        #: the TELEMETRY of the current transaction attempt is settled
        #: (answered with SUCCESS, or not sent at all)
        self._telemetry_done = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} database={self._config.database!r}>"

    async def __aenter__(self) -> AsyncSession:
        return self

    async def __aexit__(
        self, exc_type: t.Any, exc_value: t.Any, traceback: t.Any
    ) -> None:
        if exc_type is not None and not issubclass(exc_type, Exception):
            # interrupted: no more I/O, but the block is over all the same
            self.cancel()
            self._closed = True
            return
        await self.close()

    # -- hooks of results and transactions -------------------------------

    # Results and transactions report to the session about themselves;
    # the session acts only while they are the work it lends its
    # connection to.  One it let go of (cancel(), a failure) lives on
    # with its own, possibly dead, connection and must never touch the
    # session's current one.

    async def _auto_result_done(self, result: AsyncResult) -> None:
        """The auto-commit result read its last summary."""
        if result is not self._live_result:
            return
        self._live_result = None
        await self._note_bookmark(result._bookmark)
        await self._give_back_connection()

    async def _auto_result_failed(
        self, result: AsyncResult, error: BaseException
    ) -> None:
        """The auto-commit result failed (or was interrupted)."""
        if result is not self._live_result:
            return
        # the failed result stays the user's to inspect; the session
        # forgets it, so that later work (run, begin_transaction,
        # last_bookmarks) starts afresh instead of raising it again
        self._live_result = None
        if not isinstance(error, Exception):
            # interrupted mid-I/O: the connection's state is unknown
            self._kill_connection()
            return
        self._conn_broken = self._conn_broken or isinstance(
            error, (ServiceUnavailable, SessionExpired)
        )
        await self._give_back_connection()

    async def _transaction_closed(self, tx: AsyncTransactionBase) -> None:
        if tx is not self._live_tx:
            # one the session already let go of (detached, replaced)
            if tx._bookmark:
                await self._note_bookmark(tx._bookmark)
            return
        self._live_tx = None
        await self._note_bookmark(tx._bookmark)
        await self._give_back_connection()

    async def _transaction_error(
        self, tx: AsyncTransactionBase, error: BaseException
    ) -> None:
        if tx is self._live_tx:
            self._live_tx = None
            await self._give_back_connection()

    def _telemetry_acked(self, metadata: dict[str, t.Any]) -> None:
        # runs inside the protocol core's feed(): no I/O here
        self._telemetry_done = True

    def _transaction_cancelled(self, tx: AsyncTransactionBase) -> None:
        if tx is self._live_tx:
            self._live_tx = None
            self._kill_connection()

    async def _drain_auto_result(self) -> None:
        """Consume the open auto-commit result, if any; its end hook
        then records the bookmark and gives the connection back."""
        result = self._live_result
        if result is not None:
            await result.consume()

    def _refuse_when_tx_open(self) -> None:
        tx = self._live_tx
        if tx is not None:
            raise TransactionError(tx, _TX_ALREADY_OPEN)

    # -- lifecycle ---------------------------------------------------------

    @non_concurrent
    async def close(self) -> None:
        """Finish the session: consume the open result, roll back an open
        transaction and give the connection back.  A no-op once closed
        (or cancelled)."""
        if self._closed:
            return
        try:
            if self._conn is not None:
                await self._close_work()
        except BaseException:
            # the connection's state is unknown (a failed rollback has
            # already given it back, so there is nothing to kill then)
            self.cancel()
            raise
        finally:
            self._live_result = None
            self._conn_broken = False
            self._closed = True

    async def _close_work(self) -> None:
        """Settle what still uses the connection, then give it back.

        An unread auto-commit result is consumed on a best-effort basis
        (a failure is logged as a warning); a failed rollback of the open
        transaction is raised once the connection is back in the pool.
        """
        result = self._live_result
        if result is not None and not self._conn_broken:
            try:
                await result.consume()
                await self._note_bookmark(result._bookmark)
            except (Neo4jError, DriverError) as exc:
                self._conn_broken = True
                log.warning(
                    "Failed to consume outstanding auto-commit transaction "
                    "result before closing session: %s",
                    exc,
                )
        rollback_error: Exception | None = None
        tx, self._live_tx = self._live_tx, None
        if tx is not None and not tx._closed():
            try:
                await tx._rollback()
            except Exception as exc:
                rollback_error = exc
        conn = self._conn
        if conn is not None:
            try:
                await conn.send_all()
                await conn.fetch_all()
            except Exception:
                pass
            finally:
                await self._give_back_connection()
        if rollback_error is not None:
            raise rollback_error

    def cancel(self) -> None:
        """Kill the session's connection right now, without awaiting.

        Meant for cleanup after an interruption (cancellation,
        ``KeyboardInterrupt``) where no more I/O may happen.  The session
        stays open, as in the official driver: the next unit of work
        borrows a new connection.  The open result or transaction keeps
        the killed connection, so using it raises
        :class:`.ServiceUnavailable` (then it counts as failed).
        """
        self._live_tx = None
        self._live_result = None
        self._conn_broken = False
        self._kill_connection()

    # -- auto-commit -----------------------------------------------------

    @non_concurrent
    async def run(
        self,
        query: LiteralString | Query,
        parameters: dict[str, t.Any] | None = None,
        **kwargs: t.Any,
    ) -> AsyncResult:
        """Run a query in an auto-commit transaction.

        RUN and the first PULL go out in one write; records are fetched
        lazily while the result is read.  Auto-commit transactions are
        the only way to run ``CALL {...} IN TRANSACTIONS``.  A RUN that
        fails is retried once, and only if the server marks the failure
        as safe to retry (unless ``disable_auto_commit_retries``).

        :param query: Cypher text, or a :class:`.Query` carrying
            transaction metadata and timeout
        :param parameters: query parameters
        :param kwargs: more parameters, taking precedence
        :returns: the result
        :raises SessionError: the session is closed
        :raises TransactionError: an explicit transaction is open
        """
        self._ensure_open()
        text, metadata, timeout = _split_query(query)
        self._refuse_when_tx_open()
        earlier = self._live_result
        if earlier is not None:
            # keep its records: the connection is needed for this query
            await earlier._fetch_everything()
        merged = dict(parameters or {}, **kwargs)
        return await self._auto_commit(text, merged, metadata, timeout)

    async def _auto_commit(
        self,
        text: str,
        params: dict[str, t.Any],
        metadata: dict[str, t.Any] | None,
        timeout: float | None,
    ) -> AsyncResult:
        """Start the auto-commit transaction, running it again (see
        :func:`_may_rerun`) while retries are left."""
        reruns = (
            0
            if self._config.disable_auto_commit_retries
            else _MAX_AUTO_COMMIT_RETRIES
        )
        api: TelemetryAPI | None = self._telemetry_api
        observer = self._observer
        while True:
            scope = None
            if observer is not None:
                config = self._config
                scope = observer.start(
                    "query",
                    database=config.database,
                    query=text,
                    access_mode=config.default_access_mode,
                )
            result, telemetry = await self._start_auto_commit(
                text, params, metadata, timeout, api, scope
            )
            try:
                await result._attach()
            except Neo4jError as error:
                if reruns <= 0 or not _may_rerun(result, error):
                    raise
                reruns -= 1
                if observer is not None:
                    observer.retry("query", error)
                log.warning(
                    "Auto-commit transaction failed and will be retried (%s)",
                    error,
                )
                if telemetry is not None and telemetry.metadata is not None:
                    # the server took it: report the API once only
                    api = None
            else:
                return result

    async def _start_auto_commit(
        self,
        text: str,
        params: dict[str, t.Any],
        metadata: dict[str, t.Any] | None,
        timeout: float | None,
        telemetry_api: TelemetryAPI | None,
        scope: Scope | None = None,
    ) -> tuple[AsyncResult, Response | None]:
        """Queue (TELEMETRY +) RUN + PULL on a connection; nothing is
        sent yet.

        :param scope: the observed query (the result finishes it)
        """
        config = self._config
        conn = self._conn
        try:
            if conn is None:
                conn = await self._connect(
                    config.default_access_mode, parent=scope
                )
            bookmarks = await self._bookmarks_for_begin()
        except BaseException as exc:
            if scope is not None:
                scope.finish(exc)
            raise
        result = AsyncResult(
            conn,
            config.fetch_size,
            config.warn_notification_severity,
            None,
            None,
            self._on_db_resolved(),
        )
        if scope is not None:
            result._observe(scope)
        result._when_closed = functools.partial(self._auto_result_done, result)
        result._on_error = functools.partial(self._auto_result_failed, result)
        self._live_result = result
        telemetry = None
        # TELEMETRY + RUN + PULL are queued all or nothing: a parameter
        # that cannot be encoded leaves the connection clean
        mark = conn.bolt.queue_mark()
        try:
            if telemetry_api is not None:
                telemetry = conn.bolt.telemetry(telemetry_api)
            result._queue_run(
                text,
                params,
                mode=config.default_access_mode,
                bookmarks=bookmarks,
                metadata=metadata,
                timeout=timeout,
                db=config.database,
                imp_user=config.impersonated_user,
                notifications_min_severity=config.notifications_min_severity,
                notifications_disabled_classifications=(
                    config.notifications_disabled_classifications
                ),
            )
        except BaseException as exc:
            conn.bolt.drop_queued(mark)
            result._end_observed(exc)
            await result._report_error(exc)
            raise
        return result, telemetry

    @non_concurrent
    async def last_bookmarks(self) -> Bookmarks:
        """The bookmarks of the last work committed in this session.

        Pass them to another session (``bookmarks=``) to make it see that
        work.  An unconsumed auto-commit result is consumed first.

        :returns: the bookmarks
        """
        await self._drain_auto_result()
        ended = self._live_tx
        if ended is not None and ended._closed():
            # it ended without telling the session (e.g. cancelled)
            await self._note_bookmark(ended._bookmark)
            self._live_tx = None
        return Bookmarks.from_raw_values(self._held_bookmarks)

    # -- transactions ----------------------------------------------------

    def _new_tx(self, kind: type[_Tx], conn: AsyncBoltConnection) -> _Tx:
        config = self._config
        tx = kind(
            conn,
            config.fetch_size,
            config.warn_notification_severity,
            self._transaction_closed,
            self._transaction_error,
            self._transaction_cancelled,
            self._on_db_resolved(),
        )
        self._live_tx = tx
        return tx

    def _queue_telemetry(
        self, conn: AsyncBoltConnection, api: TelemetryAPI | None
    ) -> None:
        if api is None:
            return
        if conn.bolt.telemetry(api, on_success=self._telemetry_acked) is None:
            # not sent (server or config): nothing to repeat later
            self._telemetry_done = True

    async def _start_tx(
        self,
        kind: type[_Tx],
        api: TelemetryAPI | None,
        access_mode: str,
        metadata: dict[str, t.Any] | None = None,
        timeout: float | None = None,
        pipelined: bool = False,
        parent: Scope | None = None,
    ) -> _Tx:
        """Borrow a connection and BEGIN a transaction of ``kind`` on it
        (see :meth:`AsyncTransactionBase._begin` for ``pipelined``).

        :param parent: the observed operation it is part of
            (``execute_query``)
        """
        config = self._config
        observer = self._observer
        scope = None
        if observer is not None:
            scope = observer.start(
                "transaction",
                database=config.database,
                access_mode=access_mode,
                parent=parent,
            )
        try:
            conn = await self._connect(access_mode, parent=scope)
        except BaseException as exc:
            if scope is not None:
                scope.finish(exc)
            raise
        tx = self._new_tx(kind, conn)
        if observer is not None and scope is not None:
            tx._observe(observer, scope, access_mode)
            if parent is not None:
                address = conn.unresolved_address
                parent.set_server(address[0], address[1])
        try:
            bookmarks = await self._bookmarks_for_begin()
            since = conn.bolt.queue_mark()
            self._queue_telemetry(conn, api)
            await tx._begin(
                database=config.database,
                imp_user=config.impersonated_user,
                bookmarks=bookmarks,
                access_mode=access_mode,
                metadata=metadata,
                timeout=timeout,
                notifications_min_severity=config.notifications_min_severity,
                notifications_disabled_classifications=(
                    config.notifications_disabled_classifications
                ),
                pipelined=pipelined,
                since=since,
            )
        except BaseException as exc:
            if tx._obs_scope is not None:
                tx._end_observed(exc)
            raise
        return tx

    @non_concurrent
    async def begin_transaction(
        self,
        metadata: dict[str, t.Any] | None = None,
        timeout: float | None = None,
    ) -> AsyncTransaction:
        """Start an explicit transaction.

        :param metadata: transaction metadata (``SHOW TRANSACTIONS``)
        :param timeout: transaction timeout in seconds
        :returns: the transaction; commit, roll back or close it
        :raises TransactionError: a transaction is already open
        :raises SessionError: the session is closed
        """
        self._ensure_open()
        self._refuse_when_tx_open()
        await self._drain_auto_result()
        mode = self._config.default_access_mode
        return await self._start_tx(
            AsyncTransaction, TelemetryAPI.TX, mode, metadata, timeout
        )

    def _hand_over_explicit_tx(self) -> None:
        """A managed transaction takes the connection from an open
        explicit one (as in the official driver: its RESET rolls the
        explicit one back); that one must not touch it any more."""
        explicit = self._live_tx
        if explicit is None or explicit._closed():
            return
        explicit._detach()
        self._live_tx = None

    async def _run_with_retries(
        self,
        access_mode: str,
        api: TelemetryAPI,
        transaction_function: t.Callable[..., t.Awaitable[_R]],
        args: t.Any,
        kwargs: t.Any,
        pipelined_begin: bool = False,
        parent: Scope | None = None,
    ) -> _R:
        """Run ``transaction_function`` in a managed transaction, again
        after each retryable failure until the retry time is used up.

        :param pipelined_begin: send BEGIN with the first RUN instead of
            waiting for its reply before calling the function.  Only for
            work the driver itself controls (``execute_query``): user
            functions must never run after a failed BEGIN.
        :param parent: the observed ``execute_query``, if any
        """
        self._ensure_open()
        if not callable(transaction_function):
            raise TypeError(
                "the transaction function must be callable, got "
                f"{type(transaction_function).__name__}"
            )
        # unit_of_work() settings ride on the function
        tx_metadata = getattr(transaction_function, "metadata", None)
        tx_timeout = getattr(transaction_function, "timeout", None)

        async def attempt(report: TelemetryAPI | None) -> _R:
            tx = await self._start_tx(
                AsyncManagedTransaction,
                report,
                access_mode,
                tx_metadata,
                tx_timeout,
                pipelined=pipelined_begin,
                parent=parent,
            )
            try:
                outcome = await transaction_function(tx, *args, **kwargs)
            except Exception as exc:
                if not tx._closed():
                    try:
                        await tx._close(exc)
                    except Exception:
                        pass
                raise
            except BaseException as exc:
                tx._cancel(exc)
                raise
            try:
                await tx._commit()
            except Exception as exc:
                # refused before COMMIT went out (a query of the function
                # failed and it carried on): nothing to send, but the
                # transaction ends here
                if not tx._closed():
                    try:
                        await tx._close(exc)
                    except Exception:
                        pass
                raise
            return outcome

        config = self._config
        waits = retry_delays(
            config.initial_retry_delay,
            config.retry_delay_multiplier,
            config.retry_delay_jitter_factor,
        )
        budget = RetryBudget(config.max_transaction_retry_time)
        report: TelemetryAPI | None = api
        observer = self._observer
        self._hand_over_explicit_tx()
        while True:
            await self._drain_auto_result()
            self._telemetry_done = False
            try:
                return await attempt(report)
            except (DriverError, Neo4jError) as error:
                await self._give_back_connection()
                if not (error.is_retryable() and budget.failed()):
                    raise
                if observer is not None:
                    observer.retry("transaction", error)
                wait = next(waits)
                # the official wording: log filters and alerts match it
                log.warning(
                    "Transaction failed and will be retried in %ss (%s)",
                    wait,
                    error,
                )
            if self._telemetry_done:
                # the server took it: report the API once only (a
                # TELEMETRY left unanswered is sent again)
                report = None
            await AsyncUtil.sleep(wait)

    async def _tx_function(
        self,
        access_mode: str,
        transaction_function: t.Callable[..., t.Awaitable[_R]],
        args: tuple[t.Any, ...],
        kwargs: dict[str, t.Any],
    ) -> _R:
        """What :meth:`execute_read` and :meth:`execute_write` share."""
        return await self._run_with_retries(
            api=TelemetryAPI.TX_FUNC,
            access_mode=access_mode,
            transaction_function=transaction_function,
            kwargs=kwargs,
            args=args,
        )

    @non_concurrent
    async def execute_read(
        self,
        transaction_function: _TxFunction[_P, _R],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> _R:
        """Run a transaction function in a read transaction, retrying it
        on transient failures (see :func:`.unit_of_work` for metadata and
        timeout).

        The function gets an :class:`.AsyncManagedTransaction` plus
        ``args`` and ``kwargs``; it may run several times, so it should
        have no other side effects, and it must consume its results.

        :returns: the function's return value
        """
        return await self._tx_function(
            READ_ACCESS, transaction_function, args, kwargs
        )

    @non_concurrent
    async def execute_write(
        self,
        transaction_function: _TxFunction[_P, _R],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> _R:
        """Like :meth:`execute_read`, in a write transaction.

        :returns: the function's return value
        """
        return await self._tx_function(
            WRITE_ACCESS, transaction_function, args, kwargs
        )
