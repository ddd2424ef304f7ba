"""The debug-mode guard against concurrent use, asyncio flavour."""

from __future__ import annotations

import asyncio

import pytest

from neo4j._async._debug._concurrency_check import (
    NonConcurrentMethodError,
    guard,
)


class _Work:
    def __init__(self) -> None:
        self.inside = asyncio.Event()
        self.release = asyncio.Event()

    @guard
    async def slow(self) -> str:
        self.inside.set()
        await self.release.wait()
        return "slow"

    @guard
    async def quick(self) -> str:
        return "quick"

    @guard
    async def nested(self) -> str:
        return await self.quick()

    @guard
    def plain(self) -> str:
        return "plain"


async def test_second_task_is_refused_while_the_first_is_inside() -> None:
    work = _Work()
    first = asyncio.create_task(work.slow())
    await work.inside.wait()
    with pytest.raises(NonConcurrentMethodError) as info:
        await work.quick()
    message = str(info.value)
    assert message.startswith(
        f"Methods of {_Work} are not concurrency safe, but were invoked "
        "concurrently.\n\nOther invocation site:\n\n"
    )
    with pytest.raises(NonConcurrentMethodError):
        work.plain()
    work.release.set()
    assert await first == "slow"
    # free again once the first call has returned
    assert await work.quick() == "quick"
    assert work.plain() == "plain"


async def test_the_same_task_may_reenter() -> None:
    assert await _Work().nested() == "quick"


async def test_objects_are_guarded_separately() -> None:
    busy, other = _Work(), _Work()
    first = asyncio.create_task(busy.slow())
    await busy.inside.wait()
    assert await other.quick() == "quick"
    busy.release.set()
    await first


async def test_a_cancelled_call_frees_the_object() -> None:
    work = _Work()
    first = asyncio.create_task(work.slow())
    await work.inside.wait()
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    assert await work.quick() == "quick"
