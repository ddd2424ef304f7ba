"""Exceptions as testkit error responses.

* ``DriverError``: the driver raised it (a :class:`neo4j.exceptions`
  error, or any exception whose innermost relevant frame is in the
  driver package).  The backend keeps the exception under an id so
  testkit can hand it back (``RetryableNegative`` with ``errorId``).
* ``FrontendError``: the test ("client code") made a callback fail.
* ``BackendError``: a bug or missing feature of this backend.
"""

from __future__ import annotations

import traceback
import typing as t
import warnings
from pathlib import Path

import neo4j
from neo4j.exceptions import (
    DriverError,
    Neo4jError,
)

from ._cypher import from_native


try:
    from neo4j.exceptions import GqlError
except ImportError:  # pragma: no cover - drivers before GQL errors
    GqlError = Neo4jError  # type: ignore[assignment,misc]

_BACKEND_DIR = Path(__file__).resolve().parent
_DRIVER_DIR = Path(neo4j.__file__).resolve().parent
_MAX_CAUSES = 10


class FrontendError(Exception):
    """Client code (a testkit callback) failed on purpose."""


class MarkedDriverError(Exception):
    """Report the wrapped exception as a driver error (e.g. the driver
    object lacks a method testkit expects it to have)."""

    def __init__(self, wrapped: BaseException) -> None:
        super().__init__(str(wrapped))
        self.wrapped = wrapped


def _inside(path: str, folder: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(folder)
    except (OSError, ValueError):
        return False


def stems_from_driver(exc: BaseException) -> bool:
    """True if the driver raised ``exc`` (as opposed to this backend)."""
    if isinstance(exc, (Neo4jError, DriverError, MarkedDriverError)):
        return True
    if type(exc).__module__.startswith("neo4j"):
        return True
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if _inside(frame.filename, _DRIVER_DIR):
            return True
        if _inside(frame.filename, _BACKEND_DIR):
            return False
    return False


def _quiet(read: t.Callable[[], t.Any]) -> t.Any:
    """Read a GQL property; some drivers flag them as preview."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read()


def message(exc: BaseException) -> str:
    """The message testkit sees, with the chain of non-GQL causes."""
    if isinstance(exc, Neo4jError) and exc.message is not None:
        return str(exc.message)
    text = str(exc)
    if isinstance(exc, GqlError) and not isinstance(exc, Neo4jError):
        gql_message = _quiet(lambda: exc.message)
        text = f"{gql_message} - {text}" if exc.args else str(gql_message)
    cause = exc.__cause__
    depth = 0
    result_failed = type(exc).__name__ == "ResultFailedError"
    while cause is not None and depth < _MAX_CAUSES:
        if isinstance(cause, GqlError) and not result_failed:
            break  # GQL causes travel in the `cause` field
        text += f"\nCaused by: {cause!r}"
        cause = cause.__cause__
        depth += 1
    return text


def _gql_fields(exc: t.Any) -> dict[str, t.Any]:
    return {
        "gqlStatus": _quiet(lambda: exc.gql_status),
        "statusDescription": _quiet(lambda: exc.gql_status_description),
        "rawClassification": _quiet(lambda: exc.gql_raw_classification),
        "classification": str(
            getattr(
                _quiet(lambda: exc.gql_classification),
                "value",
                _quiet(lambda: exc.gql_classification),
            )
        ),
        "diagnosticRecord": {
            k: from_native(v)
            for k, v in _quiet(lambda: exc.diagnostic_record).items()
        },
    }


def _cause_err(exc: BaseException | None, depth: int = 0) -> t.Any:
    while exc is not None and not isinstance(exc, GqlError):
        exc = exc.__cause__
        depth += 1
    if exc is None or depth >= _MAX_CAUSES:
        return None
    data: dict[str, t.Any] = {"msg": message(exc), **_gql_fields(exc)}
    cause = _cause_err(exc.__cause__, depth + 1)
    if cause is not None:
        data["cause"] = cause
    return {"name": "GqlError", "data": data}


def driver_error(exc: BaseException, key: int | None) -> dict[str, t.Any]:
    """The data of a ``DriverError`` response for ``exc``."""
    data: dict[str, t.Any] = {}
    if key is not None:
        data["id"] = key
    retryable = getattr(exc, "is_retryable", None)
    data["retryable"] = bool(retryable()) if callable(retryable) else False
    if isinstance(exc, MarkedDriverError):
        data["errorType"] = str(type(exc.wrapped))
        data["msg"] = str(exc.wrapped)
        return data
    data["errorType"] = str(type(exc))
    data["msg"] = message(exc)
    if isinstance(exc, Neo4jError):
        data["code"] = exc.code
    if isinstance(exc, GqlError):
        data.update(_gql_fields(exc))
        cause = _cause_err(exc.__cause__)
        if cause is not None:
            data["cause"] = cause
    return data


def backend_error(exc: BaseException) -> dict[str, t.Any]:
    """The data of a ``BackendError`` response (with the traceback)."""
    return {
        "msg": "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__)
        )
    }
