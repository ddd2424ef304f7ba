"""The result of a query: a lazily fetched stream of records.

Records are decoded by the protocol core straight into the result's
buffer (a :class:`collections.deque`); iterating pops from it and only
goes back to the network when the buffer is empty, asking the server
for the next ``fetch_size`` records (PULL, with ``qid`` inside
transactions).  When another query needs the connection, the protocol
core keeps delivering this result's records into its buffer, so
unconsumed records are never lost.

The SUCCESS callbacks check the metadata types first
(:func:`neo4j._bolt.responses.check_success_metadata`) and the record
factory checks each record's length: both raise inside the core's
``feed()``, so a server that breaks the protocol loses its connection
instead of handing it, in an unknown state, to the next query.

An observed query (see :mod:`neo4j._shared.observe`) carries its scope
in :attr:`AsyncResult._observed` from the RUN until the stream ends,
fails or goes out of scope; unobserved results leave the class default
(None) alone and pay one attribute test per query.
"""

from __future__ import annotations

import collections
import typing as t
import warnings

from ..._bolt.responses import check_success_metadata
from ..._data import Record, record_factory
from ..._work.eager_result import EagerResult
from ..._work.summary import (
    ResultSummary,
    capture_warning_origin,
    handle_notifications,
)
from ...exceptions import (
    ResultConsumedError,
    ResultFailedError,
    ResultNotSingleError,
)
from .._debug._concurrency_check import non_concurrent


if t.TYPE_CHECKING:
    import polars
    import pyarrow

    from ..._bolt import Response
    from ..._codec.hydration import HydrationScope
    from ..._shared.observe import Scope
    from ...graph import Graph
    from .._seams import AsyncWorkConnection

    _TResultKey: t.TypeAlias = int | str


__all__ = ["AsyncResult"]

_T = t.TypeVar("_T")

#: why a result refuses further reading, by state; the substrings "out
#: of scope", "closed", "transaction" and "consume" are relied upon by
#: tests and testkit
_WHY_OUT_OF_SCOPE: t.Final = (
    "The result is out of scope: its transaction was closed, and records "
    "of a transaction can only be read while it is open."
)
_WHY_CONSUMED: t.Final = (
    "The result has been consumed already; read the records you need "
    "before calling consume()."
)
# the official wording, which users see in tracebacks and match
_WHY_FAILED: t.Final = (
    "The result has failed. Either this result or another result in the "
    "same transaction has encountered an error."
)
#: strict ``single()`` by the number of records found (capped at 2);
#: "No records", "More than one" and "multiple" are matched by tests
#: and testkit
_NOT_ONE_RECORD: t.Final = {
    0: "No records found where exactly one was expected.",
    2: "More than one record found where exactly one was expected.",
}
_MANY_RECORDS_WARNING: t.Final = (
    "single() found multiple records; all but the first are dropped."
)


class AsyncResult:
    """The records and summary of one query.

    Returned by :meth:`.AsyncSession.run` and
    :meth:`.AsyncTransaction.run`; not created by user code.  Iterate it
    with ``async for`` or use the helper methods; the summary is
    available from :meth:`consume`.
    """

    #: the observer's scope of this query, until it ends (set by the
    #: session or transaction only when observed)
    _observed: Scope | None = None

    def __init__(
        self,
        connection: AsyncWorkConnection,
        fetch_size: int,
        warn_notification_severity: t.Any,
        on_closed: t.Callable[[], t.Awaitable[None]] | None,
        on_error: t.Callable[[BaseException], t.Awaitable[None]] | None,
        on_database: t.Callable[[str], None] | None = None,
    ) -> None:
        self._conn = connection
        self._batch_size = fetch_size
        self._warn_severity = warn_notification_severity
        self._when_closed = on_closed
        self._on_error = on_error
        #: told the database a RUN SUCCESS names (Bolt 5.8); no I/O
        self._when_database_known = on_database
        self._scope: HydrationScope = connection.bolt.new_hydration_scope()
        self._records: collections.deque[Record] = collections.deque()
        self._keys: tuple[str, ...] = ()
        #: builds the records once the keys are known (RUN SUCCESS)
        self._factory: t.Callable[[list[t.Any]], Record] | None = None
        self._metadata: dict[str, t.Any] = {}
        self._qid = -1
        self._run_response: Response | None = None
        #: the PULL/DISCARD waiting for its summary
        self._stream: Response | None = None
        self._has_more = False
        #: RUN sent, final summary not processed yet
        self._attached = False
        self._drop_rest = False
        self._consumed = False
        self._orphan = False
        self._error: BaseException | None = None
        self._saw_records = False
        self._origin = (
            capture_warning_origin()
            if warn_notification_severity is not None
            else None
        )
        self._bookmark: str | None = None
        self._database: str | None = None

    # -- observation -----------------------------------------------------

    def _observe(self, scope: Scope) -> None:
        """Report this query's end to ``scope`` (and its server now)."""
        self._observed = scope
        address = self._conn.unresolved_address
        scope.set_server(address[0], address[1])

    def _end_observed(self, error: BaseException | None) -> None:
        """Finish the query's scope, if it is observed and not finished
        yet; a database the server named (other than the one asked
        for) is reported first."""
        scope = self._observed
        if scope is None:
            return
        self._observed = None
        metadata = self._metadata
        reported = self._database or metadata.get("db")
        if isinstance(reported, str) and reported != metadata.get("database"):
            scope.set_database(reported)
        scope.finish(error)

    # -- starting ------------------------------------------------------

    def _queue_run(
        self,
        query: str,
        parameters: dict[str, t.Any] | None,
        **run_extra: t.Any,
    ) -> None:
        """Queue RUN + PULL (nothing is sent yet).  All or nothing: a
        parameter that cannot be encoded raises with nothing queued and
        the result left unstarted."""
        bolt = self._conn.bolt
        scope = self._scope
        if query.__class__ is not str:
            # like the official driver: the text of whatever was given
            # (the server then judges it)
            query = str(query)
        self._metadata = {
            "query": query,
            "parameters": parameters,
            "server": self._conn.server_info,
            "database": run_extra.get("db"),
        }
        mark = bolt.queue_mark()
        try:
            run = bolt.run(
                query,
                parameters,
                dehydration_hooks=scope.dehydration_hooks,
                hydration_hooks=scope.hydration_hooks,
                on_success=self._on_run_success,
                **run_extra,
            )
            self._queue_pull()
        except BaseException:
            bolt.drop_queued(mark)
            self._stream = None
            raise
        self._run_response = run
        self._attached = True

    async def _attach(self) -> None:
        """Send what is queued and wait for the RUN answer (the keys)."""
        conn = self._conn
        run = self._run_response
        assert run is not None
        try:
            await conn.send_all()
            await conn.fetch(run)
            if self._records:
                # records that came in the same read as the RUN answer
                self._saw_records = True
            if run.error is not None or run.ignored:
                await conn.check(run)
        except BaseException as exc:
            self._attached = False
            if self._error is None:
                self._error = exc
            self._end_observed(exc)
            await self._report_error(exc)
            raise

    def _run_failed(self) -> bool:
        """True if the server answered RUN with a FAILURE."""
        run = self._run_response
        return run is not None and run.error is not None

    def _on_run_success(self, metadata: dict[str, t.Any]) -> None:
        check_success_metadata(metadata, "RUN", self._conn.unresolved_address)
        fields = metadata.get("fields")
        keys = tuple(fields) if fields else ()
        self._keys = keys
        factory = self._factory = record_factory(keys)
        qid = metadata.get("qid")
        if qid is not None:
            self._qid = qid
        self._metadata.update(metadata)
        on_database = self._when_database_known
        if on_database is not None:
            database = metadata.get("db")
            if isinstance(database, str):
                on_database(database)
        stream = self._stream
        if stream is not None and stream.message == "pull":
            stream.record_factory = factory

    def _queue_pull(self) -> None:
        scope = self._scope
        self._stream = self._conn.bolt.pull(
            n=self._batch_size,
            qid=self._qid,
            records=self._records,
            # (None only for the PULL queued with the RUN: the RUN's
            # SUCCESS sets it before any record arrives)
            record_factory=self._factory,
            hydration_hooks=scope.hydration_hooks,
            on_success=self._on_stream_success,
            on_failure=self._on_stream_failure,
            on_ignored=self._on_stream_ignored,
        )

    def _queue_discard(self) -> None:
        self._stream = self._conn.bolt.discard(
            n=-1,
            qid=self._qid,
            hydration_hooks=self._scope.hydration_hooks,
            on_success=self._on_stream_success,
            on_failure=self._on_stream_failure,
            on_ignored=self._on_stream_ignored,
        )

    # callbacks run inside the protocol core's feed(): no I/O here

    def _on_stream_success(self, metadata: dict[str, t.Any]) -> None:
        stream = self._stream
        check_success_metadata(
            metadata,
            "PULL" if stream is None else stream.message.upper(),
            self._conn.unresolved_address,
        )
        if metadata.get("has_more"):
            self._has_more = True
            return
        self._has_more = False
        self._metadata.update(metadata)
        self._bookmark = metadata.get("bookmark")
        self._database = metadata.get("db")

    def _on_stream_failure(self, error: BaseException) -> None:
        self._has_more = False
        self._error = error

    def _on_stream_ignored(self, metadata: dict[str, t.Any]) -> None:
        self._has_more = False
        if self._error is None:
            failure = self._conn.bolt.last_failure
            if failure is not None:
                self._error = failure

    # -- streaming -------------------------------------------------------

    async def _step(self) -> None:
        """One step of network work for this stream: read (until records
        arrive or the batch ends), ask for the next batch, or finish."""
        conn = self._conn
        stream = self._stream
        records = self._records
        try:
            if stream is not None and not stream.done:
                await conn.fetch_records(stream, records)
                if records:
                    self._saw_records = True
                return
            if self._error is None and self._has_more:
                if self._drop_rest:
                    self._queue_discard()
                else:
                    self._queue_pull()
                await conn.send_all()
                return
        except BaseException as exc:
            await self._detach_on_error(exc)
            raise
        await self._stream_ended()

    async def _detach_on_error(self, exc: BaseException) -> None:
        self._attached = False
        if self._error is None:
            self._error = exc
        self._end_observed(exc)
        await self._report_error(exc)

    async def _stream_ended(self) -> None:
        """The last summary arrived: detach, report errors, notify."""
        self._attached = False
        error = self._error
        if self._observed is not None:
            self._end_observed(error)
        if error is not None:
            try:
                await self._conn.check_error(error)
            finally:
                await self._report_error(error)
        metadata = self._metadata
        if "statuses" in metadata or "notifications" in metadata:
            handle_notifications(
                self._summary_view, self._warn_severity, self._origin
            )
        # the stream is over: no error can come for it any more, and
        # the owner's callbacks (which hold this result) are let go, so
        # the result is freed by reference counting, not the cyclic GC
        self._on_error = None
        on_closed = self._when_closed
        if on_closed is not None:
            self._when_closed = None
            await on_closed()

    async def _report_error(self, error: BaseException) -> None:
        on_error = self._on_error
        if on_error is not None:
            self._on_error = None
            await on_error(error)

    def _refusal(self) -> ResultConsumedError | None:
        """The error for reading a result that is no longer readable
        (its transaction ended, or it was consumed), else None."""
        if self._orphan:
            why = _WHY_OUT_OF_SCOPE
        elif self._consumed:
            why = _WHY_CONSUMED
        else:
            return None
        return ResultConsumedError(self, why)

    def _ensure_readable(self) -> None:
        refusal = self._refusal()
        if refusal is not None:
            raise refusal

    def _no_more_records(self) -> t.NoReturn:
        """Raise what reading past the last record means now: the
        stream's failure comes first, then a refusal, else the end."""
        failure = self._error
        if failure is not None:
            raise ResultFailedError(self, _WHY_FAILED) from failure
        self._ensure_readable()
        raise StopAsyncIteration

    @non_concurrent
    async def __aiter__(self) -> t.AsyncIterator[Record]:
        """Iterate over the remaining records.

        Several iterators share one stream: each record is returned once.
        (A generator, as in the official driver: records already buffered
        cost no method call each; :meth:`__anext__` refills the buffer
        and raises what ends the stream.)
        """
        records = self._records
        next_record = self.__anext__
        while True:
            while records:
                yield records.popleft()
            try:
                record = await next_record()
            except StopAsyncIteration:
                return
            yield record

    @non_concurrent
    async def __anext__(self) -> Record:
        """The next record.

        :raises StopAsyncIteration: when no record is left
        """
        records = self._records
        if records:
            return records.popleft()
        while self._attached:
            await self._step()
            if records:
                return records.popleft()
        self._no_more_records()

    async def _buffer(self, n: int | None = None) -> None:
        """Read until ``n`` records (None: all) are buffered."""
        self._ensure_readable()
        records = self._records
        while self._attached and (n is None or len(records) < n):
            await self._step()
        if not records and self._error is not None:
            self._no_more_records()

    async def _fetch_everything(self) -> None:
        """Fetch every remaining record into the buffer (another query
        needs the connection, or the caller wants them all)."""
        if not self._attached:
            return
        await self._buffer()

    async def _exhaust(self) -> None:
        """Drop the remaining records (DISCARD) and finish the stream."""
        if self._records:
            self._saw_records = True
            self._records.clear()
        if not self._attached:
            return
        self._drop_rest = True
        records = self._records
        while self._attached:
            await self._step()
            records.clear()

    async def _tx_end(self) -> None:
        """The owning transaction ends: discard the rest, go out of
        scope."""
        try:
            await self._exhaust()
        finally:
            self._orphan = True

    def _tx_error_seen(self, error: BaseException) -> None:
        """Another result of the owning transaction failed."""
        self._attached = False
        if self._error is None:
            self._error = error
        if self._observed is not None:
            self._end_observed(self._error)

    # the summary, made on first use (a plain attribute rather than a
    # functools.cached_property, whose lock costs on every query)
    _summary_made: ResultSummary | None = None

    @property
    def _summary_view(self) -> ResultSummary:
        """The summary, made on first use (once the stream ended, or the
        result went out of scope) and the same object ever after."""
        return self._summary_made or self._freeze_summary()

    def _freeze_summary(self) -> ResultSummary:
        made = ResultSummary(
            self._conn.unresolved_address,
            bool(self._keys),
            self._saw_records,
            self._metadata,
        )
        self._summary_made = made
        return made

    # -- public API ------------------------------------------------------

    def keys(self) -> list[str]:
        """The names of the record fields.

        :returns: the keys, as announced by the server (a new list on
            each call, like the official driver's list of keys)
        """
        return list(self._keys)

    @non_concurrent
    async def consume(self) -> ResultSummary:
        """Discard the remaining records and return the summary.

        :returns: the :class:`.ResultSummary` of the query
        :raises ResultConsumedError: the owning transaction is closed
        """
        if self._orphan and self._error is None:
            # (a failure is reported first, as by the official driver)
            raise ResultConsumedError(self, _WHY_OUT_OF_SCOPE)
        if not self._consumed:
            await self._discard_for_consume()
        return self._summary_view

    async def _discard_for_consume(self) -> None:
        """Drop the unread records.  A failure the stream met before is
        raised now (one met while discarding propagates by itself); only
        a clean end counts as consumed."""
        failed_before = self._error
        await self._exhaust()
        if failed_before is not None:
            raise ResultFailedError(self, _WHY_FAILED) from failed_before
        self._consumed = True

    @t.overload
    async def single(
        self, strict: t.Literal[False] = False
    ) -> Record | None: ...

    @t.overload
    async def single(self, strict: t.Literal[True]) -> Record: ...

    @non_concurrent
    async def single(self, strict: bool = False) -> Record | None:
        """The one remaining record; always exhausts the result.

        :param strict: raise unless exactly one record is left
        :returns: the record, or None if none was left (non-strict)
        :raises ResultNotSingleError: ``strict`` and not exactly one record
        :warns: more than one record was left (non-strict)
        """
        await self._buffer(2)
        head = self._swap_buffer()
        await self._exhaust()
        found = min(len(head), 2)
        if found != 1:
            if strict:
                raise ResultNotSingleError(self, _NOT_ONE_RECORD[found])
            if not found:
                return None
            warnings.warn(_MANY_RECORDS_WARNING, stacklevel=2)
        self._saw_records = True
        return head[0]

    def _swap_buffer(self) -> collections.deque[Record]:
        """Take the buffered records; any later ones go to a new buffer
        (which the stream is told about)."""
        taken = self._records
        fresh: collections.deque[Record] = collections.deque()
        self._records = fresh
        stream = self._stream
        if stream is not None and stream.records is taken:
            stream.records = fresh
        return taken

    @non_concurrent
    async def fetch(self, n: int) -> list[Record]:
        """Up to ``n`` of the remaining records.

        :param n: the maximum number of records
        :returns: the records (fewer if the result ends)
        """
        await self._buffer(n)
        records = self._records
        count = min(n, len(records))
        if count:
            self._saw_records = True
        return [records.popleft() for _ in range(count)]

    @non_concurrent
    async def peek(self) -> Record | None:
        """The next record, left in the buffer.

        :returns: the record, or None at the end
        """
        await self._buffer(1)
        records = self._records
        return records[0] if records else None

    @non_concurrent
    async def graph(self) -> Graph:
        """All nodes and relationships of the result (buffering the rest
        of the records), including those of records already read.

        :returns: the :class:`.Graph`
        :raises ResultConsumedError: the result was consumed, or its
            transaction is closed
        """
        self._ensure_readable()
        await self._fetch_everything()
        return self._scope.get_graph()

    @non_concurrent
    async def value(
        self, key: _TResultKey = 0, default: object = None
    ) -> list[t.Any]:
        """One field of each remaining record.

        :param key: index or name of the field
        :param default: used where the field is missing
        """
        return [record.value(key, default) async for record in self]

    @non_concurrent
    async def values(self, *keys: _TResultKey) -> list[list[t.Any]]:
        """Some (default: all) fields of each remaining record.

        :param keys: indexes or names of the fields
        """
        return [record.values(*keys) async for record in self]

    @non_concurrent
    async def data(self, *keys: _TResultKey) -> list[dict[str, t.Any]]:
        """Each remaining record as a dictionary (see
        :meth:`.Record.data`).

        :param keys: indexes or names of the fields to include
        """
        return [record.data(*keys) async for record in self]

    @non_concurrent
    async def to_eager_result(self) -> EagerResult:
        """All remaining records with the summary and the keys.

        :returns: an :class:`.EagerResult`
        :raises ResultConsumedError: the result was consumed, or its
            transaction ended
        """
        self._ensure_readable()
        await self._fetch_everything()
        records = list(self._records)
        self._records.clear()
        if records:
            self._saw_records = True
        summary = await self.consume()
        return EagerResult(
            keys=list(self.keys()), records=records, summary=summary
        )

    @non_concurrent
    async def to_df(
        self, expand: bool = False, parse_dates: bool = False
    ) -> t.Any:
        """The remaining records as a :class:`pandas.DataFrame`.

        :param expand: flatten nodes, relationships, lists and maps into
            several columns (``n().prop.name``, ``l[].0``, ``m{}.k``...)
        :param parse_dates: turn columns of only temporal values (or
            None) into pandas timestamps
        :raises ImportError: pandas is not installed
        """
        from ..._work.dataframe import records_to_df

        keys = self._keys
        rows = [record async for record in self]
        return records_to_df(rows, keys, expand, parse_dates)

    @non_concurrent
    async def as_objects(self, cls: type[_T]) -> list[_T]:
        """The remaining records mapped onto ``cls`` (see
        :mod:`neo4j.mapping`).

        :param cls: a dataclass, attrs class, pydantic model,
            ``TypedDict``, ``NamedTuple`` or class with an annotated
            ``__init__``
        :raises neo4j.mapping.MappingError: a value is missing or does
            not fit its field
        :raises TypeError: ``cls`` cannot be mapped onto
        """
        from ...mapping import async_as_objects

        return await async_as_objects(self, cls)

    @non_concurrent
    async def to_arrow(
        self,
        batch_size: int | None = None,
        schema: pyarrow.Schema | None = None,
    ) -> pyarrow.Table:
        """The remaining records as a :class:`pyarrow.Table` (see
        :doc:`arrow`).

        :param batch_size: convert at most this many records at a time,
            releasing them before reading more; None: all at once
        :param schema: cast the columns to this :class:`pyarrow.Schema`
        :raises neo4j.exceptions.ArrowConversionError: a column Arrow
            cannot hold
        :raises ImportError: pyarrow is not installed
        """
        from ..._arrow import async_to_arrow

        return await async_to_arrow(self._keys, self, batch_size, schema)

    def iter_arrow_batches(
        self, batch_size: int, schema: pyarrow.Schema | None = None
    ) -> t.AsyncIterator[pyarrow.RecordBatch]:
        """Record batches of at most ``batch_size`` rows, each built as
        its records arrive (memory bounded by the batch).

        :raises ImportError: pyarrow is not installed
        """
        from ..._arrow import async_iter_record_batches

        return async_iter_record_batches(self._keys, self, batch_size, schema)

    @non_concurrent
    async def to_polars(
        self, batch_size: int | None = None
    ) -> polars.DataFrame:
        """The remaining records as a :class:`polars.DataFrame` (built
        from Arrow without copying).

        :raises ImportError: polars or pyarrow is not installed
        """
        from ..._arrow import async_to_polars

        return await async_to_polars(self._keys, self, batch_size)

    def closed(self) -> bool:
        """True once consumed or once the owning transaction ended."""
        return self._orphan or self._consumed
