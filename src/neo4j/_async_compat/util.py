"""Small helpers whose async and sync versions differ only in awaiting."""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
import typing as t


_T = t.TypeVar("_T")


class AsyncUtil:
    """Helpers for the asyncio twin (canonical source)."""

    #: ``True`` in the async twin; code can branch on it where renaming
    #: alone cannot express the difference.
    is_async_code: t.ClassVar[bool] = True

    @staticmethod
    async def callback(
        cb: t.Callable[..., t.Any], *args: t.Any, **kwargs: t.Any
    ) -> t.Any:
        """Call a user callback that may be plain or a coroutine function.

        :returns: the callback's result, awaited if it was awaitable.
        """
        result = cb(*args, **kwargs)
        if inspect.isawaitable(result):
            return await result
        return result

    @staticmethod
    async def sleep(seconds: float) -> None:
        """Suspend the current task for ``seconds``."""
        await asyncio.sleep(seconds)

    @staticmethod
    async def list(iterable: t.AsyncIterable[_T]) -> list[_T]:
        """Collect an async iterable into a list."""
        return [item async for item in iterable]

    @staticmethod
    async def next(iterator: t.AsyncIterator[_T]) -> _T:
        """Advance an async iterator."""
        return await iterator.__anext__()

    @staticmethod
    def worker() -> object:
        """What runs the calling code: the current asyncio task."""
        return asyncio.current_task()


class Util:
    """Helpers for the synchronous twin."""

    is_async_code: t.ClassVar[bool] = False

    @staticmethod
    def callback(
        cb: t.Callable[..., t.Any], *args: t.Any, **kwargs: t.Any
    ) -> t.Any:
        """Call a user callback and return its result."""
        return cb(*args, **kwargs)

    @staticmethod
    def sleep(seconds: float) -> None:
        """Block the current thread for ``seconds``."""
        time.sleep(seconds)

    @staticmethod
    def list(iterable: t.Iterable[_T]) -> list[_T]:
        """Collect an iterable into a list."""
        return list(iterable)

    @staticmethod
    def next(iterator: t.Iterator[_T]) -> _T:
        """Advance an iterator."""
        return next(iterator)

    @staticmethod
    def worker() -> object:
        """What runs the calling code: the current thread's id."""
        return threading.get_ident()
