# This file is generated from src/neo4j/_async/_debug/_concurrency_check.py by bin/make-unasync; do not edit.
# make-unasync digest: 1d5bba34971910a93300f711221196d110dddc93bb5c2589f1aff68feba4f89b
"""Sessions, transactions and results are not safe for concurrent use.

In debug mode (``python -X dev``, or the environment variable
``PYTHONNEO4JDEBUG`` set to anything non-empty) their public methods are
guarded: a call made while another task (or thread, in the sync driver)
is still inside a guarded method of the same object raises
:class:`NonConcurrentMethodError` at once, naming where the other call
came from, instead of mixing two conversations on one connection.  The
same task may re-enter (a transaction function reading
``last_bookmarks()``, a method calling another).  Outside debug mode the
decorator returns the method unchanged: no cost at all.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
import traceback
import typing as t

from ..._async_compat.util import Util


__all__ = ["ENABLED", "NonConcurrentMethodError", "guard", "non_concurrent"]

_F = t.TypeVar("_F", bound=t.Callable[..., t.Any])

#: Whether the debug checks are on (decided once, at import).
ENABLED: bool = sys.flags.dev_mode or bool(os.getenv("PYTHONNEO4JDEBUG"))

_STATE = "_neo4j_calls_in_flight"
_state_lock = threading.Lock()


class NonConcurrentMethodError(RuntimeError):
    """An object that is not concurrency safe was used by two tasks or
    threads at the same time (raised in debug mode only)."""


class _Flight:
    """Who is inside a guarded method of one object, and how deep."""

    __slots__ = ("depth", "site", "worker")

    def __init__(self) -> None:
        self.worker: object = None
        self.depth = 0
        self.site: list[str] = []


def _enter(owner: object) -> _Flight:
    worker = Util.worker()
    with _state_lock:
        flight = owner.__dict__.get(_STATE)
        if flight is None:
            flight = owner.__dict__[_STATE] = _Flight()
        if flight.depth and flight.worker != worker:
            other = "".join(flight.site)
            raise NonConcurrentMethodError(
                f"Methods of {type(owner)} are not concurrency safe, but "
                f"were invoked concurrently.\n\nOther invocation site:\n\n"
                f"{other}"
            )
        if not flight.depth:
            flight.worker = worker
            # the caller's frames, without the guard's own two
            flight.site = traceback.format_stack()[:-2]
        flight.depth += 1
    return flight


def _leave(flight: _Flight) -> None:
    with _state_lock:
        flight.depth -= 1
        if not flight.depth:
            flight.worker = None
            flight.site = []


def guard(method: _F) -> _F:
    """Wrap ``method`` so that concurrent use of its object raises
    :class:`NonConcurrentMethodError` (always, whatever the mode)."""
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        def guarded_coroutine(
            self: object, *args: t.Any, **kwargs: t.Any
        ) -> t.Any:
            flight = _enter(self)
            try:
                return method(self, *args, **kwargs)
            finally:
                _leave(flight)

        return t.cast(_F, guarded_coroutine)

    @functools.wraps(method)
    def guarded(self: object, *args: t.Any, **kwargs: t.Any) -> t.Any:
        flight = _enter(self)
        try:
            return method(self, *args, **kwargs)
        finally:
            _leave(flight)

    return t.cast(_F, guarded)


def _unchanged(method: _F) -> _F:
    return method


#: The decorator the driver's classes use: :func:`guard` in debug mode,
#: else the method itself.
non_concurrent: t.Callable[[_F], _F] = guard if ENABLED else _unchanged
