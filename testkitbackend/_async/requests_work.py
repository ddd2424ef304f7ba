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
    from .backend import AsyncBackend


HANDLERS, handles = make_registry()

_ACCESS_MODES = {"r": neo4j.READ_ACCESS, "w": neo4j.WRITE_ACCESS}


# ------------------------------------------------------------------ sessions


@handles("NewSession")
async def new_session(backend: AsyncBackend, data: Request) -> t.Any:
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
async def session_close(backend: AsyncBackend, data: Request) -> t.Any:
    key = data["sessionId"]
    await backend.sessions[key].session.close()
    del backend.sessions[key]
    return "Session", {"id": key}


@handles("SessionRun")
async def session_run(backend: AsyncBackend, data: Request) -> t.Any:
    session = backend.sessions[data["sessionId"]].session
    query = neo4j.Query(data["cypher"], **tx_options(data))
    params = params_to_native(data.get("params"))
    result = await session.run(query, parameters=params)
    return _new_result(backend, result)


@handles("SessionBeginTransaction")
async def session_begin_transaction(
    backend: AsyncBackend, data: Request
) -> t.Any:
    session = backend.sessions[data["sessionId"]].session
    tx = await session.begin_transaction(**tx_options(data))
    key = backend.next_key()
    backend.transactions[key] = tx
    return "Transaction", {"id": key}


@handles("SessionLastBookmarks")
async def session_last_bookmarks(
    backend: AsyncBackend, data: Request
) -> t.Any:
    session = backend.sessions[data["sessionId"]].session
    bookmarks = await session.last_bookmarks()
    return "Bookmarks", {"bookmarks": sorted(bookmarks.raw_values)}


# ------------------------------------------------------ retried transactions


async def _run_tx_function(
    backend: AsyncBackend, data: Request, read: bool
) -> t.Any:
    """Run a transaction function whose body is played by testkit.

    Each attempt registers the managed transaction, sends
    ``RetryableTry`` and handles requests until testkit says
    ``RetryablePositive`` (return: the driver commits) or
    ``RetryableNegative`` (raise the stored driver error it names, or a
    client error).
    """
    state = backend.sessions[data["sessionId"]]
    options = tx_options(data)

    async def work(tx: t.Any) -> None:
        key = backend.next_key()
        backend.transactions[key] = tx
        state.verdict = None
        state.error_id = None
        await backend.send_response("RetryableTry", {"id": key})
        while state.verdict is None:
            if not await backend.process_request():
                raise ConnectionAbortedError("testkit disconnected")
        if state.verdict == "-":
            if state.error_id:
                raise backend.errors[state.error_id]
            raise FrontendError("Client said no")

    func = neo4j.unit_of_work(**options)(work) if options else work
    if read:
        await state.session.execute_read(func)
    else:
        await state.session.execute_write(func)
    return "RetryableDone", {}


@handles("SessionReadTransaction")
async def session_read_transaction(
    backend: AsyncBackend, data: Request
) -> t.Any:
    return await _run_tx_function(backend, data, read=True)


@handles("SessionWriteTransaction")
async def session_write_transaction(
    backend: AsyncBackend, data: Request
) -> t.Any:
    return await _run_tx_function(backend, data, read=False)


@handles("RetryablePositive")
async def retryable_positive(backend: AsyncBackend, data: Request) -> t.Any:
    backend.sessions[data["sessionId"]].verdict = "+"


@handles("RetryableNegative")
async def retryable_negative(backend: AsyncBackend, data: Request) -> t.Any:
    state = backend.sessions[data["sessionId"]]
    state.verdict = "-"
    state.error_id = data.get("errorId") or None


# -------------------------------------------------------------- transactions


def _tx_method(backend: AsyncBackend, tx_id: int, name: str) -> t.Any:
    """``tx.<name>``; a managed transaction lacks commit/rollback/close,
    which the driver user would see as an AttributeError."""
    tx = backend.transactions[tx_id]
    try:
        return getattr(tx, name)
    except AttributeError as exc:
        raise MarkedDriverError(exc) from None


@handles("TransactionRun")
async def transaction_run(backend: AsyncBackend, data: Request) -> t.Any:
    tx = backend.transactions[data["txId"]]
    params = params_to_native(data.get("params"))
    result = await tx.run(data["cypher"], parameters=params)
    return _new_result(backend, result)


@handles("TransactionCommit")
async def transaction_commit(backend: AsyncBackend, data: Request) -> t.Any:
    key = data["txId"]
    await _tx_method(backend, key, "commit")()
    return "Transaction", {"id": key}


@handles("TransactionRollback")
async def transaction_rollback(backend: AsyncBackend, data: Request) -> t.Any:
    key = data["txId"]
    await _tx_method(backend, key, "rollback")()
    return "Transaction", {"id": key}


@handles("TransactionClose")
async def transaction_close(backend: AsyncBackend, data: Request) -> t.Any:
    key = data["txId"]
    await _tx_method(backend, key, "close")()
    return "Transaction", {"id": key}


# ------------------------------------------------------------------- results


def _new_result(backend: AsyncBackend, result: t.Any) -> t.Any:
    key = backend.next_key()
    backend.results[key] = result
    return "Result", {"id": key, "keys": list(result.keys())}


@handles("ResultNext")
async def result_next(backend: AsyncBackend, data: Request) -> t.Any:
    result = backend.results[data["resultId"]]
    try:
        rec = await result.__anext__()
    except StopAsyncIteration:
        return "NullRecord", {}
    return "Record", record(rec.values())


@handles("ResultPeek")
async def result_peek(backend: AsyncBackend, data: Request) -> t.Any:
    rec = await backend.results[data["resultId"]].peek()
    if rec is None:
        return "NullRecord", {}
    return "Record", record(rec.values())


@handles("ResultSingle")
async def result_single(backend: AsyncBackend, data: Request) -> t.Any:
    rec = await backend.results[data["resultId"]].single(strict=True)
    return "Record", record(rec.values())


@handles("ResultSingleOptional")
async def result_single_optional(
    backend: AsyncBackend, data: Request
) -> t.Any:
    result = backend.results[data["resultId"]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rec = await result.single(strict=False)
    return "RecordOptional", {
        "record": None if rec is None else record(rec.values()),
        "warnings": [str(w.message) for w in caught],
    }


@handles("ResultList")
async def result_list(backend: AsyncBackend, data: Request) -> t.Any:
    result = backend.results[data["resultId"]]
    records = [rec async for rec in result]
    return "RecordList", {"records": [record(r.values()) for r in records]}


@handles("ResultConsume")
async def result_consume(backend: AsyncBackend, data: Request) -> t.Any:
    result = backend.results[data["resultId"]]
    return "Summary", summary(await result.consume())
