"""Explicit and managed transactions.

An observed transaction (see :mod:`neo4j._shared.observe`) holds its
scope from BEGIN until it commits, rolls back, is detached or cancelled,
and starts a child scope for each query; unobserved ones keep the class
defaults (None) and pay one attribute test per query and per end.
"""

from __future__ import annotations

import typing as t

from ..._bolt.responses import check_success_metadata
from ..._work.query import Query
from ...exceptions import (
    IncompleteCommit,
    ServiceUnavailable,
    SessionExpired,
    TransactionError,
)
from .._debug._concurrency_check import non_concurrent
from .result import AsyncResult


if t.TYPE_CHECKING:
    import types

    from typing_extensions import LiteralString

    from ..._bolt import QueueMark, Response
    from ..._shared.observe import Observer, Scope
    from .._seams import AsyncWorkConnection

    _Handler: t.TypeAlias = t.Callable[..., t.Awaitable[None]]


__all__ = [
    "AsyncManagedTransaction",
    "AsyncTransaction",
    "AsyncTransactionBase",
]

# "Transaction closed" and "failed" are matched by tests
_TX_CLOSED: t.Final = "Transaction closed"
_TX_FAILED: t.Final = "Transaction failed"
_TX_TAKEN_OVER: t.Final = (
    "Transaction closed: its session ran another unit of work while it "
    "was open, which rolled it back"
)
# "only supported for session" is matched by tests
_QUERY_OBJECT_HERE: t.Final = (
    "Query objects are only supported for session.run(); give a "
    "transaction the query text (and its metadata and timeout to "
    "begin_transaction or unit_of_work)"
)


class AsyncTransactionBase:
    """State and requests shared by explicit and managed transactions."""

    # observation (set by the session only when observed)
    _observer: Observer | None = None
    _obs_scope: Scope | None = None
    _obs_mode: str | None = None

    def __init__(
        self,
        connection: AsyncWorkConnection,
        fetch_size: int,
        warn_notification_severity: t.Any,
        on_closed: _Handler,
        on_error: _Handler,
        on_cancel: t.Callable[[AsyncTransactionBase], None],
        on_database: t.Callable[[str], None] | None = None,
    ) -> None:
        self._conn = connection
        #: told the database a BEGIN SUCCESS names (Bolt 5.8); no I/O
        self._when_database_known = on_database
        self._batch_size = fetch_size
        self._warn_severity = warn_notification_severity
        self._when_closed = on_closed
        self._on_error = on_error
        #: the session's hook that kills the connection if it still
        #: lends it to this transaction (no I/O)
        self._abandon_conn = on_cancel
        self._results: list[AsyncResult] = []
        self._tx_done = False
        #: the first failure; the transaction takes no more work after it
        self._failure: BaseException | None = None
        self._bookmark: str | None = None
        self._database: str | None = None
        self._begin_response: Response | None = None
        #: the session gave the connection back while this was open
        self._detached = False

    def _observe(
        self, observer: Observer, scope: Scope, access_mode: str
    ) -> None:
        """Report to ``scope`` how this transaction ends, and start
        its queries' scopes with ``observer``."""
        self._observer = observer
        self._obs_scope = scope
        self._obs_mode = access_mode
        address = self._conn.unresolved_address
        scope.set_server(address[0], address[1])

    def _end_observed(
        self,
        error: BaseException | None = None,
        outcome: str | None = None,
    ) -> None:
        """Finish the transaction's scope (once)."""
        scope = self._obs_scope
        if scope is None:
            return
        self._obs_scope = None
        scope.finish(error, outcome)

    async def _begin(
        self,
        database: str | None,
        imp_user: str | None,
        bookmarks: t.Iterable[str],
        access_mode: str | None,
        metadata: dict[str, t.Any] | None,
        timeout: float | None,
        notifications_min_severity: t.Any,
        notifications_disabled_classifications: t.Any,
        pipelined: bool = False,
        since: QueueMark | None = None,
    ) -> None:
        """Queue BEGIN; unless ``pipelined``, send it and wait for its
        outcome (raising its failure).

        A pipelined BEGIN goes out with the first RUN; its failure is
        then raised by that :meth:`_run`.

        :param since: where the batch this BEGIN ends began (TELEMETRY
            before it): an argument that cannot be encoded drops the
            whole batch, so the connection is handed back clean
        """
        conn = self._conn
        bolt = conn.bolt
        if since is None:
            since = bolt.queue_mark()
        self._database = database
        try:
            begin = bolt.begin(
                mode=access_mode,
                bookmarks=bookmarks,
                metadata=metadata,
                timeout=timeout,
                db=database,
                imp_user=imp_user,
                notifications_min_severity=notifications_min_severity,
                notifications_disabled_classifications=(
                    notifications_disabled_classifications
                ),
                on_success=self._on_begin_success,
            )
        except BaseException as exc:
            bolt.drop_queued(since)
            await self._note_failure(exc)
            raise
        self._begin_response = begin
        if not pipelined:
            await self._await_begin(begin)

    async def _await_begin(self, begin: Response) -> None:
        """Send the queued BEGIN and raise its failure, if any."""
        conn = self._conn
        try:
            await conn.send_all()
            await conn.fetch(begin)
            await conn.check(begin)
        except BaseException as exc:
            await self._note_failure(exc)
            raise

    async def _settle_pipelined_begin(self) -> None:
        """Send a BEGIN queued without waiting (``pipelined``) and raise
        its failure, if it is not answered yet."""
        begin = self._begin_response
        if begin is not None and not begin.done and not self._tx_done:
            await self._await_begin(begin)

    def _on_begin_success(self, metadata: dict[str, t.Any]) -> None:
        # (inside the core's feed(): a malformed entry gives the
        # connection up)
        check_success_metadata(
            metadata, "BEGIN", self._conn.unresolved_address
        )
        database = metadata.get("db")
        if isinstance(database, str):
            self._database = database
            if self._when_database_known is not None:
                self._when_database_known(database)

    def _on_commit_success(self, metadata: dict[str, t.Any]) -> None:
        check_success_metadata(
            metadata, "COMMIT", self._conn.unresolved_address
        )

    async def _note_failure(self, error: BaseException) -> None:
        """A request of this transaction failed (also the hook of its
        results): keep the first failure, mark every result, then let
        the session give the connection back.  An interruption (not an
        :class:`Exception`) leaves the connection in an unknown state,
        so it is killed instead."""
        if self._failure is None:
            self._failure = error
        for result in self._results:
            result._tx_error_seen(error)
        if isinstance(error, Exception):
            await self._on_error(self, error)
        else:
            self._cancel(error)

    def _check_takes_work(self, committing: bool = False) -> None:
        """Raise unless the transaction is open and has not failed."""
        if self._tx_done:
            raise TransactionError(self, _TX_CLOSED)
        if committing and self._detached:
            self._tx_done = True
            raise TransactionError(self, _TX_TAKEN_OVER)
        failure = self._failure
        if failure is not None:
            raise TransactionError(self, _TX_FAILED) from failure

    async def _run(
        self,
        query: t.Any,
        parameters: dict[str, t.Any] | None = None,
        **kwparameters: t.Any,
    ) -> AsyncResult:
        if isinstance(query, Query):
            raise TypeError(_QUERY_OBJECT_HERE)
        self._check_takes_work()
        merged = dict(parameters or {}, **kwparameters)
        result = AsyncResult(
            self._conn,
            self._batch_size,
            self._warn_severity,
            None,
            self._note_failure,
        )
        observer = self._observer
        if observer is not None:
            result._observe(
                observer.start(
                    "query",
                    database=self._database,
                    query=str(query),
                    access_mode=self._obs_mode,
                    parent=self._obs_scope,
                )
            )
        try:
            result._queue_run(query, merged)
        except BaseException as exc:
            result._end_observed(exc)
            if not isinstance(exc, Exception):
                raise
            # nothing was queued: the transaction goes on as before (as
            # in the official driver).  A BEGIN still waiting to go out
            # is settled first: its failure is the one to report
            await self._settle_pipelined_begin()
            raise
        self._results.append(result)
        await result._attach()
        # a pipelined BEGIN answered before RUN: its failure wins
        begin = self._begin_response
        if begin is not None and begin.error is not None:
            await self._conn.check(begin)
        return result

    def _detach(self) -> None:
        """The session handed the connection to other work while this
        transaction was open: the server rolls it back (RESET) and this
        object must never write to that connection again."""
        self._detached = True
        self._drop_results()
        self._results = []
        if self._obs_scope is not None:
            # the RESET of the new work rolls it back on the server
            self._end_observed(outcome="rolled_back")

    def _drop_results(self) -> None:
        """Put every result of this transaction out of use, without I/O."""
        for result in self._results:
            result._orphan = True
            result._attached = False
            if result._observed is not None:
                result._end_observed(None)

    async def _finish_results(self) -> None:
        """Discard what the results left unread; they go out of scope."""
        for result in tuple(self._results):
            await result._tx_end()
        self._results.clear()

    async def _commit(self) -> str | None:
        self._check_takes_work(committing=True)
        conn = self._conn
        try:
            await self._finish_results()
            response = conn.bolt.commit(on_success=self._on_commit_success)
            # a connection dead before the COMMIT went out (the session
            # was cancelled) cannot have committed: its error as it is
            dead_before = conn.defunct or conn.closed
            if not dead_before:
                # a server that hung up before the COMMIT went out cannot
                # have committed: the work may be retried
                conn.ensure_server_listening()
            try:
                await conn.send_all()
                await conn.fetch(response)
            except (ServiceUnavailable, SessionExpired) as exc:
                if dead_before:
                    raise
                raise IncompleteCommit(str(exc)) from exc
            await conn.check(response)
            metadata = response.metadata or {}
            self._bookmark = metadata.get("bookmark")
            database = metadata.get("db")
            if isinstance(database, str):
                self._database = database
        except Exception as exc:
            if self._failure is None:
                self._failure = exc
            if self._obs_scope is not None:
                self._end_observed(exc)
            raise
        except BaseException as exc:
            self._cancel(exc)
            raise
        finally:
            self._tx_done = True
            if not self._cancelled():
                await self._when_closed(self)
        if self._obs_scope is not None:
            self._end_observed(outcome="committed")
        return self._bookmark

    async def _rollback(self, cause: BaseException | None = None) -> None:
        """Roll back (no ROLLBACK is sent after a failure: the server
        has rolled back already).

        :param cause: why (the error a transaction function raised), for
            the observer only
        """
        if self._tx_done:
            raise TransactionError(self, _TX_CLOSED)
        conn = self._conn
        try:
            if (
                self._failure is None
                and not self._detached
                and not conn.defunct
                and not conn.closed
            ):
                await self._finish_results()
                response = conn.bolt.rollback()
                await conn.send_all()
                await conn.fetch(response)
                if response.error is not None:
                    await conn.check(response)
            else:
                for result in self._results:
                    result._orphan = True
        except BaseException as exc:
            if not isinstance(exc, Exception):
                self._cancel(exc)
            elif self._obs_scope is not None:
                self._end_observed(exc)
            raise
        finally:
            self._tx_done = True
            if not self._cancelled():
                await self._when_closed(self)
        if self._obs_scope is not None:
            self._end_observed(
                cause if cause is not None else self._failure,
                "rolled_back",
            )

    async def _close(self, cause: BaseException | None = None) -> None:
        if self._tx_done:
            return
        await self._rollback(cause)

    def _cancel(self, error: BaseException | None = None) -> None:
        """Kill the connection without awaiting; the transaction is
        unusable afterwards.

        :param error: the interruption, if known (for the observer)
        """
        if self._tx_done and self._cancelled():
            return
        self._tx_done = True
        self._connection_cancelled = True
        self._drop_results()
        if not self._detached:  # else the connection is not ours
            self._abandon_conn(self)
        if self._obs_scope is not None:
            self._end_observed(error)

    def _cancelled(self) -> bool:
        return getattr(self, "_connection_cancelled", False)

    def _closed(self) -> bool:
        return self._tx_done


class AsyncTransaction(AsyncTransactionBase):
    """An explicit transaction, from :meth:`.AsyncSession.begin_transaction`.

    Use it as a context manager (``async with tx:``) to commit on
    success and roll back on an exception.
    """

    async def __aenter__(self) -> AsyncTransaction:
        return self

    @non_concurrent
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: types.TracebackType | None,
    ) -> None:
        if self._tx_done:
            return
        if exc_type is not None and not issubclass(exc_type, Exception):
            # interrupted (cancelled, KeyboardInterrupt): no more I/O
            self._cancel(exc_value)
        elif exc_type is None:
            await self._commit()
        else:
            await self._rollback(exc_value)

    @non_concurrent
    async def run(
        self,
        query: LiteralString,
        parameters: dict[str, t.Any] | None = None,
        **kwparameters: t.Any,
    ) -> AsyncResult:
        """Run a query inside this transaction.

        Several results may be open at a time; records of results that are
        not read yet are buffered when needed.

        :param query: the Cypher text (not a :class:`.Query`)
        :param parameters: query parameters
        :param kwparameters: more parameters, taking precedence
        :returns: the result
        :raises TransactionError: the transaction is closed or failed
        :raises TypeError: a :class:`.Query` was passed
        """
        return await self._run(query, parameters, **kwparameters)

    @non_concurrent
    async def commit(self) -> str | None:
        """Commit: discard unread records, then COMMIT.

        :returns: the bookmark of the commit (as the official driver
            does; :meth:`.AsyncSession.last_bookmarks` is the documented
            way to get it)
        :raises TransactionError: the transaction is closed or failed
        :raises IncompleteCommit: the connection broke before the outcome
            was known
        """
        return await self._commit()

    @non_concurrent
    async def rollback(self) -> None:
        """Roll the transaction back.

        :raises TransactionError: the transaction is closed
        """
        await self._rollback()

    @non_concurrent
    async def close(self) -> None:
        """Roll back unless already committed or rolled back."""
        await self._close()

    def closed(self) -> bool:
        """True once committed, rolled back, closed or cancelled."""
        return self._tx_done

    def cancel(self) -> None:
        """Kill the transaction's connection right now (no awaiting).

        Meant for cleanup after an interruption (cancellation,
        ``KeyboardInterrupt``) where no more I/O may happen; the
        transaction and its results are invalid afterwards.
        """
        self._cancel()


class AsyncManagedTransaction(AsyncTransactionBase):
    """The transaction a transaction function receives (see
    :meth:`.AsyncSession.execute_read`): only :meth:`run`; the session
    commits or rolls back."""

    @non_concurrent
    async def run(
        self,
        query: LiteralString,
        parameters: dict[str, t.Any] | None = None,
        **kwparameters: t.Any,
    ) -> AsyncResult:
        """Run a query inside this transaction.

        :param query: the Cypher text (not a :class:`.Query`)
        :param parameters: query parameters
        :param kwparameters: more parameters, taking precedence
        :returns: the result (consume it inside the function)
        """
        return await self._run(query, parameters, **kwparameters)
