"""The pool's async lock and condition under cancellation (issue 12).

Before Python 3.12, ``asyncio.wait_for`` ran a wait in a task of its
own: a waiter cancelled twice, or cancelled as its time-out expired,
could leave that task holding the lock for good (or release a free
lock).  These tests pin every such interleaving down step by step.
"""

from __future__ import annotations

import asyncio
import random

import pytest

from neo4j._async_compat import AsyncCondition, AsyncLock


async def _settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        await asyncio.sleep(0)


async def _waiter(cond: AsyncCondition, timeout: float | None) -> bool:
    await cond.lock.acquire()
    try:
        return await cond.wait(timeout)
    finally:
        cond.lock.release()


@pytest.mark.parametrize("timeout", [None, 10.0])
async def test_notified_waiter_cancelled_twice_leaves_lock_free(
    timeout: float | None,
) -> None:
    lock = AsyncLock()
    cond = AsyncCondition(lock)
    task = asyncio.ensure_future(_waiter(cond, timeout))
    await _settle()
    await lock.acquire()
    cond.notify_all()
    lock.release()
    # the waiter is woken but has not run yet: cancel it twice
    task.cancel()
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not lock.locked()
    assert await lock.acquire(0.1)
    lock.release()


async def test_waiter_cancelled_twice_while_reacquiring() -> None:
    lock = AsyncLock()
    cond = AsyncCondition(lock)
    task = asyncio.ensure_future(_waiter(cond, 10.0))
    await _settle()
    await lock.acquire()
    cond.notify_all()
    await _settle()  # the waiter now queues for the lock we hold
    task.cancel()
    await _settle()
    task.cancel()
    await _settle()
    assert not task.done()  # it must get the lock back before leaving
    lock.release()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not lock.locked()
    assert await lock.acquire(0.1)
    lock.release()


async def test_cancel_at_the_timeout_boundary() -> None:
    loop = asyncio.get_running_loop()
    for delay in (0.0, 0.001, 0.002):
        lock = AsyncLock()
        cond = AsyncCondition(lock)
        task = asyncio.ensure_future(_waiter(cond, 0.002))
        await _settle()
        # a cancellation timed to land with the time-out
        loop.call_later(delay, task.cancel)
        loop.call_later(delay, task.cancel)
        try:
            assert await task is False
        except asyncio.CancelledError:
            pass
        assert not lock.locked(), delay
        assert not cond._waiters


async def test_notification_of_a_cancelled_waiter_goes_to_the_next() -> None:
    lock = AsyncLock()
    cond = AsyncCondition(lock)
    first = asyncio.ensure_future(_waiter(cond, None))
    await _settle()
    second = asyncio.ensure_future(_waiter(cond, None))
    await _settle()
    await lock.acquire()
    cond.notify(1)  # reaches ``first`` only
    lock.release()
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    assert await asyncio.wait_for(second, 1) is True
    assert not lock.locked()


async def test_wait_times_out_with_lock_held() -> None:
    lock = AsyncLock()
    cond = AsyncCondition(lock)
    await lock.acquire()
    assert await cond.wait(0.01) is False
    assert lock.locked()
    lock.release()
    assert not cond._waiters


async def test_wait_needs_the_lock() -> None:
    cond = AsyncCondition(AsyncLock())
    with pytest.raises(RuntimeError):
        await cond.wait(0.1)


async def test_lock_grant_racing_the_timeout_is_never_lost() -> None:
    loop = asyncio.get_running_loop()
    for delay in (0.0, 0.001, 0.002, 0.003):
        lock = AsyncLock()
        await lock.acquire()
        task = asyncio.ensure_future(lock.acquire(0.002))
        await _settle()
        loop.call_later(delay, lock.release)
        got = await task
        await asyncio.sleep(0.005)
        # granted: the task owns it; not granted: the release freed it
        assert lock.locked() is got, delay
        if got:
            lock.release()
        assert not lock.locked()


async def test_lock_granted_then_cancelled_passes_it_on() -> None:
    lock = AsyncLock()
    await lock.acquire()
    first = asyncio.ensure_future(lock.acquire())
    second = asyncio.ensure_future(lock.acquire(5))
    await _settle()
    lock.release()  # granted to ``first``, which has not run yet
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    assert await second is True
    lock.release()
    assert not lock.locked()


async def test_release_of_a_free_lock_raises() -> None:
    with pytest.raises(RuntimeError, match="not acquired"):
        AsyncLock().release()


async def test_lock_is_fifo_and_refuses_zero_timeout_when_held() -> None:
    lock = AsyncLock()
    order: list[int] = []

    async def take(i: int) -> None:
        async with lock:
            order.append(i)
            await asyncio.sleep(0)

    await lock.acquire()
    assert await lock.acquire(0) is False
    tasks = [asyncio.ensure_future(take(i)) for i in range(5)]
    await _settle()
    lock.release()
    await asyncio.gather(*tasks)
    assert order == [0, 1, 2, 3, 4]


async def test_storm_of_random_cancellations() -> None:
    rnd = random.Random(12)
    lock = AsyncLock()
    cond = AsyncCondition(lock)
    holders = 0

    async def worker() -> None:
        nonlocal holders
        if not await lock.acquire(rnd.choice([None, 0.001, 0.01])):
            return
        try:
            holders += 1
            assert holders == 1
            if rnd.random() < 0.7:
                holders -= 1
                try:
                    await cond.wait(rnd.choice([None, 0.0, 0.001, 0.005]))
                finally:
                    holders += 1
            cond.notify(rnd.randrange(3))
        finally:
            holders -= 1
            lock.release()

    for _ in range(10):
        tasks = [asyncio.ensure_future(worker()) for _ in range(100)]
        for _ in range(300):
            await asyncio.sleep(rnd.choice([0, 0, 0.0005]))
            victim = rnd.choice(tasks)
            victim.cancel()
            if rnd.random() < 0.3:
                victim.cancel()
        # wake whoever still waits for a notification
        while not all(task.done() for task in tasks):
            async with lock:
                cond.notify_all()
            await asyncio.sleep(0.001)
        await asyncio.gather(*tasks, return_exceptions=True)
        assert not lock.locked()
        assert holders == 0
        assert not cond._waiters
        assert await lock.acquire(0.1)
        lock.release()
