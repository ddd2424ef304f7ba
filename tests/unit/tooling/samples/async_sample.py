"""A tiny async module: the input of the make-unasync sample test."""

from __future__ import annotations

import typing as t

from neo4j._async.work import AsyncWorkspace
from neo4j._async_compat import AsyncLock, AsyncUtil


class AsyncCounter(AsyncWorkspace):
    """Counts records of an :class:`AsyncResult`.

    Example::

        async with AsyncCounter() as counter:
            total = await counter.count(result)
    """

    def __init__(self) -> None:
        self._lock = AsyncLock()
        self._done = False

    async def __aenter__(self) -> AsyncCounter:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def count(self, records: t.AsyncIterable[int]) -> int:
        total = 0
        async with self._lock:
            async for _ in records:
                total += 1
        return total

    def count_later(self, records: t.AsyncIterable[int]) -> t.Awaitable[int]:
        return self.count(records)

    async def aclose(self) -> None:
        if AsyncUtil.is_async_code:
            await AsyncUtil.sleep(0)
        self._done = True
