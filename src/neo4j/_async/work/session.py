"""Sessions: auto-commit queries, explicit transactions and transaction
functions with retries."""

from __future__ import annotations

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

    _P = t.ParamSpec("_P")
    _R = t.TypeVar("_R")


__all__ = ["AsyncSession"]

log = logging.getLogger("neo4j.session")

#: ``session.run`` retries a failed RUN at most this often (only errors
#: the server flags as ``_idempotent``, unless disabled by config)
_MAX_AUTO_COMMIT_RETRIES: t.Final = 1


class AsyncSession(AsyncWorkspace):
    """A context for causally chained work (created by
    :meth:`.AsyncDriver.session`).

    Not safe for concurrent use: give each concurrent unit of work its
    own session.  Connections are borrowed from the driver's pool only
    while needed.
    """

    def __init__(self, pool: t.Any, config: SessionConfig) -> None:
        super().__init__(pool, config)
        self._auto_result: AsyncResult | None = None
        self._transaction: AsyncTransactionBase | None = None
        self._state_failed = False
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
            self.cancel()
            return
        await self.close()

    # -- handlers for results and transactions ---------------------------

    async def _result_closed(self) -> None:
        result = self._auto_result
        if result is not None:
            self._auto_result = None
            await self._note_bookmark(result._bookmark)
            await self._give_back_connection()

    async def _result_error(self, error: BaseException) -> None:
        if not isinstance(error, Exception):
            self._kill_connection()
            return
        if isinstance(error, (ServiceUnavailable, SessionExpired)):
            self._state_failed = True
        # the failed result stays the user's to inspect; the session
        # forgets it, so that later work (run, begin_transaction,
        # last_bookmarks) starts afresh instead of raising it again
        self._auto_result = None
        await self._give_back_connection()

    async def _transaction_closed(self, tx: AsyncTransactionBase) -> None:
        if tx is self._transaction:
            self._transaction = None
            await self._note_bookmark(tx._bookmark)
            await self._give_back_connection()
        elif tx._bookmark:
            await self._note_bookmark(tx._bookmark)

    async def _transaction_error(
        self, tx: AsyncTransactionBase, error: BaseException
    ) -> None:
        if tx is self._transaction:
            self._transaction = None
            await self._give_back_connection()

    def _telemetry_acked(self, metadata: dict[str, t.Any]) -> None:
        # runs inside the protocol core's feed(): no I/O here
        self._telemetry_done = True

    def _transaction_cancelled(self) -> None:
        self._transaction = None
        self._kill_connection()

    # -- lifecycle ---------------------------------------------------------

    async def close(self) -> None:
        """Finish the session: consume the open result, roll back an open
        transaction and give the connection back.  A no-op once closed
        (or cancelled)."""
        if self._closed:
            return
        try:
            if self._conn is not None:
                result = self._auto_result
                if result is not None and not self._state_failed:
                    try:
                        await result.consume()
                        await self._note_bookmark(result._bookmark)
                    except Exception:
                        self._state_failed = True
                tx = self._transaction
                if tx is not None:
                    self._transaction = None
                    if not tx._closed():
                        try:
                            await tx._rollback()
                        except Exception:
                            pass
                conn = self._conn
                if conn is not None:
                    try:
                        await conn.send_all()
                        await conn.fetch_all()
                    except Exception:
                        pass
                    finally:
                        await self._give_back_connection()
        except BaseException as exc:
            if not isinstance(exc, Exception):
                self.cancel()
            raise
        finally:
            self._auto_result = None
            self._state_failed = False
            self._closed = True

    def cancel(self) -> None:
        """Kill the session's connection right now, without awaiting.

        Meant for cleanup after an interruption (cancellation,
        ``KeyboardInterrupt``) where no more I/O may happen; a later
        :meth:`close` does nothing.  Results and transactions of the
        session are invalid afterwards.
        """
        tx = self._transaction
        self._transaction = None
        if tx is not None and not tx._closed():
            tx._tx_done = True
            tx._connection_cancelled = True
        result = self._auto_result
        if result is not None:
            result._attached = False
            result._orphan = True
        self._kill_connection()
        self._closed = True

    # -- auto-commit -----------------------------------------------------

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
        if not query:
            raise ValueError("Cannot run an empty query")
        if not isinstance(query, (str, Query)):
            raise TypeError("query must be a string or a Query instance")
        if self._transaction is not None:
            raise TransactionError(
                self._transaction, "Explicit transaction already open"
            )
        if self._auto_result is not None:
            # keep its records: the connection is needed for this query
            await self._auto_result._fetch_everything()
        if isinstance(query, Query):
            text = str(query.text)
            metadata = query.metadata
            timeout = query.timeout
        else:
            text = query
            metadata = None
            timeout = None
        params = dict(parameters or {}, **kwargs)
        retries = 0
        telemetry_api: TelemetryAPI | None = self._telemetry_api
        while True:
            result, telemetry = await self._start_auto_commit(
                text, params, metadata, timeout, telemetry_api
            )
            try:
                await result._attach()
            except Neo4jError as error:
                if (
                    retries >= _MAX_AUTO_COMMIT_RETRIES
                    or self._config.disable_auto_commit_retries
                    or not result._run_failed()
                    or error.diagnostic_record.get("_idempotent") is not True
                ):
                    raise
                retries += 1
                if telemetry is not None and telemetry.metadata is not None:
                    # the server took it: report the API once only
                    telemetry_api = None
                log.warning(
                    "Auto-commit transaction failed and will be retried (%s)",
                    error,
                )
                continue
            return result

    async def _start_auto_commit(
        self,
        text: str,
        params: dict[str, t.Any],
        metadata: dict[str, t.Any] | None,
        timeout: float | None,
        telemetry_api: TelemetryAPI | None,
    ) -> tuple[AsyncResult, Response | None]:
        """Queue (TELEMETRY +) RUN + PULL on a connection; nothing is
        sent yet."""
        config = self._config
        conn = self._conn
        if conn is None:
            conn = await self._connect(config.default_access_mode)
        result = AsyncResult(
            conn,
            config.fetch_size,
            config.warn_notification_severity,
            self._result_closed,
            self._result_error,
            self._on_db_resolved(),
        )
        self._auto_result = result
        bookmarks = (
            self._held_bookmarks
            if self._bookmark_keeper is None
            else await self._bookmarks_for_begin()
        )
        telemetry = None
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
            await result._report_error(exc)
            raise
        return result, telemetry

    async def last_bookmarks(self) -> Bookmarks:
        """The bookmarks of the last work committed in this session.

        Pass them to another session (``bookmarks=``) to make it see that
        work.  An unconsumed auto-commit result is consumed first.

        :returns: the bookmarks
        """
        if self._auto_result is not None:
            await self._auto_result.consume()
        tx = self._transaction
        if tx is not None and tx._closed():
            await self._note_bookmark(tx._bookmark)
            self._transaction = None
        return Bookmarks.from_raw_values(self._held_bookmarks)

    # -- transactions ----------------------------------------------------

    async def _open_transaction(
        self,
        tx_cls: type[AsyncTransactionBase],
        api: TelemetryAPI | None,
        access_mode: str,
        metadata: dict[str, t.Any] | None = None,
        timeout: float | None = None,
        pipelined: bool = False,
    ) -> AsyncTransactionBase:
        config = self._config
        conn = await self._connect(access_mode)
        tx = tx_cls(
            conn,
            config.fetch_size,
            config.warn_notification_severity,
            self._transaction_closed,
            self._transaction_error,
            self._transaction_cancelled,
            self._on_db_resolved(),
        )
        self._transaction = tx
        bookmarks = (
            self._held_bookmarks
            if self._bookmark_keeper is None
            else await self._bookmarks_for_begin()
        )
        if api is not None:
            queued = conn.bolt.telemetry(api, on_success=self._telemetry_acked)
            if queued is None:
                # not sent (server or config): nothing to repeat later
                self._telemetry_done = True
        await tx._begin(
            config.database,
            config.impersonated_user,
            bookmarks,
            access_mode,
            metadata,
            timeout,
            config.notifications_min_severity,
            config.notifications_disabled_classifications,
            pipelined=pipelined,
        )
        return tx

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
        if self._auto_result is not None:
            await self._auto_result.consume()
        if self._transaction is not None:
            raise TransactionError(
                self._transaction, "Explicit transaction already open"
            )
        tx = await self._open_transaction(
            AsyncTransaction,
            TelemetryAPI.TX,
            self._config.default_access_mode,
            metadata,
            timeout,
        )
        return t.cast(AsyncTransaction, tx)

    async def _run_with_retries(
        self,
        access_mode: str,
        api: TelemetryAPI,
        transaction_function: t.Callable[..., t.Awaitable[_R]],
        args: t.Any,
        kwargs: t.Any,
        pipelined_begin: bool = False,
    ) -> _R:
        """Run ``transaction_function`` in a managed transaction, with
        retries.

        :param pipelined_begin: send BEGIN with the first RUN instead of
            waiting for its reply before calling the function.  Only for
            work the driver itself controls (``execute_query``): user
            functions must never run after a failed BEGIN.
        """
        self._ensure_open()
        if not callable(transaction_function):
            raise TypeError("Unit of work is not callable")
        metadata = getattr(transaction_function, "metadata", None)
        timeout = getattr(transaction_function, "timeout", None)
        config = self._config
        delays = retry_delays(
            config.initial_retry_delay,
            config.retry_delay_multiplier,
            config.retry_delay_jitter_factor,
        )
        budget = RetryBudget(config.max_transaction_retry_time)
        errors: list[BaseException] = []
        telemetry_api: TelemetryAPI | None = api
        open_tx = self._transaction
        if open_tx is not None and not open_tx._closed():
            # as in the official driver, the managed transaction takes
            # the connection (RESET rolls the explicit one back); the
            # explicit one must not touch it any more
            open_tx._detach()
            self._transaction = None
        while True:
            if self._auto_result is not None:
                await self._auto_result.consume()
            self._telemetry_done = False
            try:
                tx = await self._open_transaction(
                    AsyncManagedTransaction,
                    telemetry_api,
                    access_mode,
                    metadata,
                    timeout,
                    pipelined=pipelined_begin,
                )
                try:
                    value = await transaction_function(tx, *args, **kwargs)
                except BaseException as exc:
                    if not isinstance(exc, Exception):
                        tx._cancel()
                        raise
                    if not tx._closed():
                        try:
                            await tx._close()
                        except Exception:
                            pass
                    raise
                await tx._commit()
            except (DriverError, Neo4jError) as error:
                await self._give_back_connection()
                if not error.is_retryable():
                    raise
                errors.append(error)
            else:
                return value
            if self._telemetry_done:
                # the server took it: report the API once only (a
                # TELEMETRY left unanswered is sent again)
                telemetry_api = None
            if not budget.failed():
                break
            delay = next(delays)
            log.warning(
                "Transaction failed and will be retried in %ss (%s)",
                delay,
                errors[-1],
            )
            await AsyncUtil.sleep(delay)
        raise errors[-1]

    async def execute_read(
        self,
        transaction_function: t.Callable[
            t.Concatenate[AsyncManagedTransaction, _P], t.Awaitable[_R]
        ],
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
        return await self._run_with_retries(
            READ_ACCESS,
            TelemetryAPI.TX_FUNC,
            transaction_function,
            args,
            kwargs,
        )

    async def execute_write(
        self,
        transaction_function: t.Callable[
            t.Concatenate[AsyncManagedTransaction, _P], t.Awaitable[_R]
        ],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> _R:
        """Like :meth:`execute_read`, in a write transaction.

        :returns: the function's return value
        """
        return await self._run_with_retries(
            WRITE_ACCESS,
            TelemetryAPI.TX_FUNC,
            transaction_function,
            args,
            kwargs,
        )
