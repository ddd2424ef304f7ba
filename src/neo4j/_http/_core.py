"""The Query API core: Bolt's request pipeline, answered over HTTP.

Sessions, transactions and results queue requests on a protocol core
(``run``, ``pull``, ``begin``...) and read the :class:`~neo4j._bolt.
Response` each request returns.  :class:`QueryApiCore` offers that same
interface, so the work layer runs unchanged over HTTP, but a request is
not a message: RUN and BEGIN/COMMIT/ROLLBACK become one HTTP exchange
each, and PULL and DISCARD are answered from the records the RUN reply
already brought (the Query API returns a whole result at once).

Driving it (the shell does the HTTP)::

    core = QueryApiCore(headers)
    run = core.run("RETURN 1 AS n", db="neo4j")
    pull = core.pull(n=1000, records=buffer)
    while not pull.done:
        request = core.next_request()   # PULL answered here when due
        if request is None:
            break
        core.receive(send(request))     # an HttpReply

Failures behave as on a Bolt connection: the failed request gets the
:class:`~neo4j.exceptions.Neo4jError`, the requests queued after it are
IGNORED (``last_failure`` tells the result why), and the connection
takes new requests again once those are settled.  A failure inside a
transaction ends it: the server rolls a transaction back on any error.

Like the Bolt core it does no I/O; everything here is plain data
handling, tested by feeding replies.
"""

from __future__ import annotations

import collections
import logging
import typing as t

from .._bolt.responses import Response
from .._codec.hydration import HydrationScope
from .._codec.packstream import DehydrationHooks
from ..exceptions import ConfigurationError, Neo4jError
from . import _exchange as ex
from ._values import ValueDecoder


__all__ = ["QueryApiCore"]

log = logging.getLogger("neo4j.io")

#: What :meth:`QueryApiCore.queue_mark` returns: requests ever queued
#: and whether a transaction was open.
QueueMark: t.TypeAlias = tuple[int, bool]

_LATEST: t.Final = -1


class _Pending:
    """A queued request: what to do and whom to tell."""

    __slots__ = ("body", "db", "in_tx", "kind", "n", "qid", "response")

    def __init__(
        self,
        kind: str,
        response: Response,
        *,
        body: bytes | None = None,
        db: str | None = None,
        in_tx: bool = False,
        n: int = -1,
        qid: int = _LATEST,
    ) -> None:
        self.kind = kind
        self.response = response
        self.body = body
        self.db = db
        self.in_tx = in_tx
        self.n = n
        self.qid = qid


class _OpenTx:
    __slots__ = ("affinity", "db", "tx_id")

    def __init__(self, tx_id: str, db: str, affinity: str | None) -> None:
        self.tx_id = tx_id
        self.db = db
        self.affinity = affinity


class _Buffered:
    """The records of one query reply, handed out by PULLs."""

    __slots__ = ("body", "bookmark", "db", "error", "rows")

    def __init__(
        self,
        rows: list[t.Any],
        body: dict[str, t.Any],
        db: str,
        bookmark: str | None,
        error: Neo4jError | None,
    ) -> None:
        self.rows = rows
        self.body = body
        self.db = db
        self.bookmark = bookmark
        #: the query failed after it produced its keys: the records
        #: that came are delivered, then the last PULL fails
        self.error = error


class QueryApiCore:
    """One logical Query API connection's request pipeline (no I/O).

    :param headers: headers of every request (``Authorization``)
    """

    #: the HTTP driver never sends telemetry (as the official one)
    telemetry_enabled: t.Final = False

    def __init__(self, headers: t.Mapping[str, str]) -> None:
        self._headers = {
            "Accept": ex.MEDIA_TYPE,
            "Content-Type": ex.MEDIA_TYPE,
            **headers,
        }
        self._queue: collections.deque[_Pending] = collections.deque()
        self._queued = 0
        self._in_flight: _Pending | None = None
        self._in_tx = False
        self._tx: _OpenTx | None = None
        self._failed = False
        self._results: dict[int, _Buffered] = {}
        self._latest_qid = _LATEST
        self._next_qid = 0
        #: The error of the latest failure.
        self.last_failure: Neo4jError | None = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} pending={self.pending_count}>"

    # -- introspection -------------------------------------------------

    @property
    def pending_count(self) -> int:
        """Requests waiting for their answer."""
        return len(self._queue) + (self._in_flight is not None)

    @property
    def in_transaction(self) -> bool:
        """True between a queued BEGIN and its COMMIT/ROLLBACK."""
        return self._in_tx

    @property
    def transaction_open(self) -> bool:
        """True while the server holds a transaction of this connection."""
        return self._tx is not None

    def new_hydration_scope(self) -> HydrationScope:
        """A result's scope: its graph hooks make the nodes and
        relationships (no PackStream structures travel over HTTP)."""
        return HydrationScope({}, DehydrationHooks())

    # -- queueing ------------------------------------------------------

    def queue_mark(self) -> QueueMark:
        """Where the queue stands (see :meth:`drop_queued`)."""
        return self._queued, self._in_tx

    def drop_queued(self, mark: QueueMark) -> None:
        """Forget the requests queued since ``mark``.

        :raises RuntimeError: one of them was handed out already
        """
        queued, in_tx = mark
        count = self._queued - queued
        if count > len(self._queue):
            raise RuntimeError("requests since the mark were handed over")
        for _ in range(count):
            self._queue.pop()
        self._queued = queued
        self._in_tx = in_tx

    def _append(self, pending: _Pending) -> Response:
        self._queue.append(pending)
        self._queued += 1
        return pending.response

    def telemetry(self, api: int, **handlers: t.Any) -> None:
        """Telemetry does not exist over HTTP: nothing is queued."""
        return None

    def run(
        self,
        query: str,
        parameters: t.Mapping[str, t.Any] | None = None,
        mode: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        metadata: t.Mapping[str, t.Any] | None = None,
        timeout: float | None = None,
        db: str | None = None,
        imp_user: str | None = None,
        notifications_min_severity: t.Any = None,
        notifications_disabled_classifications: t.Any = None,
        dehydration_hooks: t.Any = None,
        hydration_hooks: t.Any = None,
        **handlers: t.Any,
    ) -> Response:
        """Queue a query (auto-commit, or in the open transaction).

        :raises ConfigurationError: no database, transaction metadata or
            timeout, notification filters (none of them exist over HTTP)
        :raises TypeError: a parameter map key is not a string
        :raises ValueError: a parameter cannot travel over HTTP
        """
        _refuse_filters(
            notifications_min_severity, notifications_disabled_classifications
        )
        response = Response("run", hydration_hooks=hydration_hooks, **handlers)
        if self._in_tx:
            body = ex.query_body(query, parameters, {})
            pending = _Pending("run", response, body=body, in_tx=True)
        else:
            _refuse_tx_config(metadata, timeout)
            database = ex.check_database(db)
            extra = ex.transaction_extra(mode, bookmarks, imp_user)
            body = ex.query_body(query, parameters, extra)
            pending = _Pending("run", response, body=body, db=database)
        log.debug("[#0000]  C: RUN %r (Query API)", query)
        return self._append(pending)

    def pull(
        self,
        n: int = -1,
        qid: int = -1,
        records: t.Any = None,
        record_factory: t.Callable[[list[t.Any]], t.Any] | None = None,
        hydration_hooks: t.Any = None,
        **handlers: t.Any,
    ) -> Response:
        """Queue taking ``n`` records (-1: all) of query ``qid``."""
        response = Response(
            "pull",
            hydration_hooks=hydration_hooks,
            records=[] if records is None else records,
            record_factory=record_factory,
            **handlers,
        )
        return self._append(_Pending("pull", response, n=n, qid=qid))

    def discard(
        self,
        n: int = -1,
        qid: int = -1,
        hydration_hooks: t.Any = None,
        **handlers: t.Any,
    ) -> Response:
        """Queue dropping ``n`` records (-1: all) of query ``qid``."""
        response = Response("discard", **handlers)
        return self._append(_Pending("discard", response, n=n, qid=qid))

    def begin(
        self,
        mode: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        metadata: t.Mapping[str, t.Any] | None = None,
        timeout: float | None = None,
        db: str | None = None,
        imp_user: str | None = None,
        notifications_min_severity: t.Any = None,
        notifications_disabled_classifications: t.Any = None,
        dehydration_hooks: t.Any = None,
        hydration_hooks: t.Any = None,
        **handlers: t.Any,
    ) -> Response:
        """Queue opening a transaction (see :meth:`run` for the errors)."""
        _refuse_filters(
            notifications_min_severity, notifications_disabled_classifications
        )
        _refuse_tx_config(metadata, timeout)
        database = ex.check_database(db)
        body = ex.json_body(ex.transaction_extra(mode, bookmarks, imp_user))
        log.debug("[#0000]  C: BEGIN %r (Query API)", database)
        pending = _Pending(
            "begin", Response("begin", **handlers), body=body, db=database
        )
        self._in_tx = True
        return self._append(pending)

    def commit(self, **handlers: t.Any) -> Response:
        """Queue COMMIT; the bookmark is in the SUCCESS metadata."""
        self._in_tx = False
        return self._append(_Pending("commit", Response("commit", **handlers)))

    def rollback(self, **handlers: t.Any) -> Response:
        """Queue ROLLBACK."""
        self._in_tx = False
        response = Response("rollback", **handlers)
        return self._append(_Pending("rollback", response))

    # -- processing ----------------------------------------------------

    def next_request(self) -> ex.HttpRequest | None:
        """Answer what needs no exchange (PULL, DISCARD, requests after
        a failure) and return the next exchange to perform.

        :returns: the request, or None when nothing is left
        :raises RuntimeError: an exchange is still awaiting its reply
        """
        if self._in_flight is not None:
            raise RuntimeError("the previous exchange has no reply yet")
        queue = self._queue
        while queue:
            pending = queue[0]
            if self._failed:
                queue.popleft()
                pending.response._ignore({})
                continue
            if pending.kind in ("pull", "discard"):
                queue.popleft()
                self._stream(pending)
                continue
            request = self._request_for(pending)
            queue.popleft()
            self._in_flight = pending
            return request
        # everything queued before the failure is settled
        self._failed = False
        return None

    def _tx_path(self, tail: str = "") -> tuple[str, dict[str, str]]:
        tx = self._tx
        if tx is None:
            raise RuntimeError("no transaction is open")
        base = f"db/{ex.quoted(tx.db)}/query/v2/tx/"
        path = f"{base}{ex.quoted(tx.tx_id)}{tail}"
        headers = dict(self._headers)
        if tx.affinity is not None:
            headers[ex.AFFINITY_HEADER] = tx.affinity
        return path, headers

    def _request_for(self, pending: _Pending) -> ex.HttpRequest:
        kind = pending.kind
        if kind == "run" and not pending.in_tx:
            path = f"db/{ex.quoted(t.cast(str, pending.db))}/query/v2"
            return ex.HttpRequest("POST", path, pending.body, self._headers)
        if kind == "begin":
            path = f"db/{ex.quoted(t.cast(str, pending.db))}/query/v2/tx"
            return ex.HttpRequest("POST", path, pending.body, self._headers)
        if kind == "run":
            path, headers = self._tx_path()
            return ex.HttpRequest("POST", path, pending.body, headers)
        if kind == "commit":
            path, headers = self._tx_path("/commit")
            return ex.HttpRequest("POST", path, None, headers)
        path, headers = self._tx_path()
        return ex.HttpRequest("DELETE", path, None, headers)

    def receive(self, reply: ex.HttpReply) -> None:
        """Process the reply to the request :meth:`next_request` gave.

        :raises QueryApiProtocolError: the reply makes no sense
        :raises RuntimeError: an error page instead of a Query API reply
        """
        pending = self._in_flight
        if pending is None:
            raise RuntimeError("a reply without a request")
        self._in_flight = None
        body = ex.read_body(reply)
        error = ex.failure_of(reply, body)
        kind = pending.kind
        log.debug(
            "[#0000]  S: %d %s (Query API)",
            reply.status,
            "FAILURE" if error else "SUCCESS",
        )
        if kind == "run":
            self._ran(pending, body, error)
        elif error is not None:
            self._fail(pending.response, error)
        elif kind == "begin":
            affinity = reply.headers.get(ex.AFFINITY_HEADER)
            tx_id = ex.transaction_id(body)
            self._tx = _OpenTx(tx_id, t.cast(str, pending.db), affinity)
            pending.response._succeed({})
        elif kind == "commit":
            bookmark = ex.bookmark_of(body)
            self._end_transaction()
            pending.response._succeed(
                {} if bookmark is None else {"bookmark": bookmark}
            )
        else:
            self._end_transaction()
            pending.response._succeed({})

    def _ran(
        self, pending: _Pending, body: t.Any, error: Neo4jError | None
    ) -> None:
        fields, rows = ex.query_fields(body)
        if error is not None and not fields:
            self._fail(pending.response, error)
            return
        if pending.in_tx:
            tx = self._tx
            database = tx.db if tx is not None else ""
            bookmark = None
        else:
            database = t.cast(str, pending.db)
            bookmark = ex.bookmark_of(body)
        qid = _LATEST
        if pending.in_tx:
            qid = self._next_qid
            self._next_qid += 1
        self._results[qid] = _Buffered(rows, body, database, bookmark, error)
        self._latest_qid = qid
        metadata: dict[str, t.Any] = {"fields": fields}
        if pending.in_tx:
            metadata["qid"] = qid
        pending.response._succeed(metadata)

    def _stream(self, pending: _Pending) -> None:
        """Answer a PULL or DISCARD from the buffered reply."""
        response = pending.response
        qid = self._latest_qid if pending.qid == _LATEST else pending.qid
        buffered = self._results.get(qid)
        if buffered is None:
            self._fail(
                response,
                Neo4jError._from_neo4j_failure(
                    code="Neo.ClientError.Request.Invalid",
                    message=f"No such statement: {pending.qid}",
                ),
            )
            return
        rows = buffered.rows
        count = len(rows) if pending.n < 0 else pending.n
        taken, buffered.rows = rows[:count], rows[count:]
        hooks = response.hydration_hooks
        if pending.kind == "pull" and taken:
            if hooks is None:
                hooks = self.new_hydration_scope().hydration_hooks
            decoder = ValueDecoder(hooks)
            make = response.record_factory
            decoded = [decoder.row(row) for row in taken]
            response.records.extend(
                decoded if make is None else map(make, decoded)
            )
        if buffered.rows:
            response._succeed({"has_more": True})
            return
        del self._results[qid]
        if buffered.error is not None:
            self._fail(response, buffered.error)
            return
        decoder = ValueDecoder(
            hooks
            if hooks is not None
            else self.new_hydration_scope().hydration_hooks
        )
        metadata = ex.summary_metadata(buffered.body, decoder)
        metadata["db"] = buffered.db
        if buffered.bookmark is not None:
            metadata["bookmark"] = buffered.bookmark
        response._succeed(metadata)

    def _fail(self, response: Response, error: Neo4jError) -> None:
        self.last_failure = error
        self._failed = True
        self._in_tx = False
        # the server rolls back a transaction on any failure in it
        self._end_transaction()
        response._fail({"code": error.code, "message": error.message}, error)

    def _end_transaction(self) -> None:
        self._tx = None
        self._results.clear()
        self._latest_qid = _LATEST


def _refuse_filters(min_severity: t.Any, disabled: t.Any) -> None:
    if min_severity is not None or disabled is not None:
        raise ConfigurationError(
            "Notification filtering is not supported via the Query API/HTTP."
        )


def _refuse_tx_config(metadata: t.Any, timeout: t.Any) -> None:
    if metadata is not None:
        raise ConfigurationError(
            "Transaction metadata is not supported over Query API/HTTP."
        )
    if timeout is not None:
        raise ConfigurationError(
            "Transaction timeouts are not supported over Query API/HTTP."
        )
