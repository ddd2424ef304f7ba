# This file is generated from testkitbackend/_async/requests_work.py by bin/make-unasync; do not edit.
# make-unasync digest: 572b7725c1a362630df40ac2d380d6fc68185f9e3e4a3edca57fa11e0d0e4d43
"""Sessions, transactions (explicit and retried) and results."""

from __future__ import annotations

import typing as t
import warnings

import neo4j

from .._cypher import (
    params_to_native,
    record,
)
from .._errors import (
    FrontendError,
    MarkedDriverError,
)
from .._options import (
    auth_token,
    notification_options,
    tx_options,
)
from .._registry import make_registry
from .._state import SessionState
from .._summary import summary


if t.TYPE_CHECKING:
    from .._framing import Request
    from .backend import Backend


HANDLERS, handles = make_registry()

_ACCESS_MODES = {"r": neo4j.READ_ACCESS, "w": neo4j.WRITE_ACCESS}


# ------------------------------------------------------------------ sessions


@handles("NewSession")
def new_session(backend: Backend, data: Request) -> t.Any:
    driver = backend.drivers[data["driverId"]]
    options: dict[str, t.Any] = {}
    access_mode = data.get("accessMode")
    if access_mode is not None:
        options["default_access_mode"] = _ACCESS_MODES[access_mode]
    for field, option in (
        ("database", "database"),
        ("fetchSize", "fetch_size"),
        ("impersonatedUser", "impersonated_user"),
    ):
        if data.get(field) is not None:
            options[option] = data[field]
    if data.get("bookmarks") is not None:
        options["bookmarks"] = neo4j.Bookmarks.from_raw_values(
            data["bookmarks"]
        )
    if data.get("bookmarkManagerId") is not None:
        options["bookmark_manager"] = backend.bookmark_managers[
            data["bookmarkManagerId"]
        ]
    if data.get("authorizationToken") is not None:
        options["auth"] = auth_token(data, "authorizationToken")
    options.update(notification_options(data))
    key = backend.next_key()
    backend.sessions[key] = SessionState(driver.session(**options))
    return "Session", {"id": key}


@handles("SessionClose")
def session_close(backend: Backend, data: Request) -> t.Any:
    key = data["sessionId"]
    backend.sessions[key].session.close()
    del backend.sessions[key]
    return "Session", {"id": key}


@handles("SessionRun")
def session_run(backend: Backend, data: Request) -> t.Any:
    session = backend.sessions[data["sessionId"]].session
    query = neo4j.Query(data["cypher"], **tx_options(data))
    params = params_to_native(data.get("params"))
    result = session.run(query, parameters=params)
    return _new_result(backend, result)


@handles("SessionBeginTransaction")
def session_begin_transaction(backend: Backend, data: Request) -> t.Any:
    session = backend.sessions[data["sessionId"]].session
    tx = session.begin_transaction(**tx_options(data))
    key = backend.next_key()
    backend.transactions[key] = tx
    return "Transaction", {"id": key}


@handles("SessionLastBookmarks")
def session_last_bookmarks(backend: Backend, data: Request) -> t.Any:
    session = backend.sessions[data["sessionId"]].session
    bookmarks = session.last_bookmarks()
    return "Bookmarks", {"bookmarks": sorted(bookmarks.raw_values)}


# ------------------------------------------------------ retried transactions


def _run_tx_function(backend: Backend, data: Request, read: bool) -> t.Any:
    """Run a transaction function whose body is played by testkit.

    Each attempt registers the managed transaction, sends
    ``RetryableTry`` and handles requests until testkit says
    ``RetryablePositive`` (return: the driver commits) or
    ``RetryableNegative`` (raise the stored driver error it names, or a
    client error).
    """
    state = backend.sessions[data["sessionId"]]
    options = tx_options(data)

    def work(tx: t.Any) -> None:
        key = backend.next_key()
        backend.transactions[key] = tx
        state.verdict = None
        state.error_id = None
        backend.send_response("RetryableTry", {"id": key})
        while state.verdict is None:
            if not backend.process_request():
                raise ConnectionAbortedError("testkit disconnected")
        if state.verdict == "-":
            if state.error_id:
                raise backend.errors[state.error_id]
            raise FrontendError("Client said no")

    func = neo4j.unit_of_work(**options)(work) if options else work
    if read:
        state.session.execute_read(func)
    else:
        state.session.execute_write(func)
    return "RetryableDone", {}


@handles("SessionReadTransaction")
def session_read_transaction(backend: Backend, data: Request) -> t.Any:
    return _run_tx_function(backend, data, read=True)


@handles("SessionWriteTransaction")
def session_write_transaction(backend: Backend, data: Request) -> t.Any:
    return _run_tx_function(backend, data, read=False)


@handles("RetryablePositive")
def retryable_positive(backend: Backend, data: Request) -> t.Any:
    backend.sessions[data["sessionId"]].verdict = "+"


@handles("RetryableNegative")
def retryable_negative(backend: Backend, data: Request) -> t.Any:
    state = backend.sessions[data["sessionId"]]
    state.verdict = "-"
    state.error_id = data.get("errorId") or None


# -------------------------------------------------------------- transactions


def _tx_method(backend: Backend, tx_id: int, name: str) -> t.Any:
    """``tx.<name>``; a managed transaction lacks commit/rollback/close,
    which the driver user would see as an AttributeError."""
    tx = backend.transactions[tx_id]
    try:
        return getattr(tx, name)
    except AttributeError as exc:
        raise MarkedDriverError(exc) from None


@handles("TransactionRun")
def transaction_run(backend: Backend, data: Request) -> t.Any:
    tx = backend.transactions[data["txId"]]
    params = params_to_native(data.get("params"))
    result = tx.run(data["cypher"], parameters=params)
    return _new_result(backend, result)


@handles("TransactionCommit")
def transaction_commit(backend: Backend, data: Request) -> t.Any:
    key = data["txId"]
    _tx_method(backend, key, "commit")()
    return "Transaction", {"id": key}


@handles("TransactionRollback")
def transaction_rollback(backend: Backend, data: Request) -> t.Any:
    key = data["txId"]
    _tx_method(backend, key, "rollback")()
    return "Transaction", {"id": key}


@handles("TransactionClose")
def transaction_close(backend: Backend, data: Request) -> t.Any:
    key = data["txId"]
    _tx_method(backend, key, "close")()
    return "Transaction", {"id": key}


# ------------------------------------------------------------------- results


def _new_result(backend: Backend, result: t.Any) -> t.Any:
    key = backend.next_key()
    backend.results[key] = result
    return "Result", {"id": key, "keys": list(result.keys())}


@handles("ResultNext")
def result_next(backend: Backend, data: Request) -> t.Any:
    result = backend.results[data["resultId"]]
    try:
        rec = result.__next__()
    except StopIteration:
        return "NullRecord", {}
    return "Record", record(rec.values())


@handles("ResultPeek")
def result_peek(backend: Backend, data: Request) -> t.Any:
    rec = backend.results[data["resultId"]].peek()
    if rec is None:
        return "NullRecord", {}
    return "Record", record(rec.values())


@handles("ResultSingle")
def result_single(backend: Backend, data: Request) -> t.Any:
    rec = backend.results[data["resultId"]].single(strict=True)
    return "Record", record(rec.values())


@handles("ResultSingleOptional")
def result_single_optional(backend: Backend, data: Request) -> t.Any:
    result = backend.results[data["resultId"]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rec = result.single(strict=False)
    return "RecordOptional", {
        "record": None if rec is None else record(rec.values()),
        "warnings": [str(w.message) for w in caught],
    }


@handles("ResultList")
def result_list(backend: Backend, data: Request) -> t.Any:
    result = backend.results[data["resultId"]]
    records = [rec for rec in result]
    return "RecordList", {"records": [record(r.values()) for r in records]}


@handles("ResultConsume")
def result_consume(backend: Backend, data: Request) -> t.Any:
    result = backend.results[data["resultId"]]
    return "Summary", summary(result.consume())
