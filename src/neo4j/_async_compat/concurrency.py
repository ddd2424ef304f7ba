"""Locks and conditions with timeouts, as async/sync pairs.

The async primitives are built on plain futures and timers, never on
:func:`asyncio.wait_for` (see :class:`AsyncLock`), and bind to the
running loop lazily (on first contended use), so a driver may be
created before the loop that uses it exists.
"""

from __future__ import annotations

import asyncio
import collections
import threading
import types
import typing as t


def _expire(waiter: asyncio.Future[bool]) -> None:
    # the timer of a timed wait: "not granted", unless already decided
    if not waiter.done():
        waiter.set_result(False)


def _discard(
    waiters: collections.deque[asyncio.Future[bool]],
    waiter: asyncio.Future[bool],
) -> None:
    # forget a waiter that timed out or was cancelled (a granted one was
    # already taken off the queue)
    try:
        waiters.remove(waiter)
    except ValueError:
        pass


def _granted(waiter: asyncio.Future[bool]) -> bool:
    # whether a wait that ends in cancellation had already been granted
    return waiter.done() and not waiter.cancelled() and waiter.result()


class AsyncLock:
    """A FIFO lock for tasks whose ``acquire`` accepts a timeout.

    Built on plain futures rather than :class:`asyncio.Lock` and
    :func:`asyncio.wait_for`: before Python 3.12, ``wait_for`` runs the
    wait in a task of its own, and a cancellation or time-out landing
    just as the lock is granted could leave that orphaned task holding
    the lock for good.  Here the waiting task itself is handed the lock
    by :meth:`release` (the lock never looks free while somebody waits),
    a time-out is a timer that resolves the waiter to "not granted", and
    a task cancelled after being granted passes the lock on.  Whatever
    the timing, each successful :meth:`acquire` matches exactly one
    :meth:`release`.

    Futures are created on first contended use, on the running loop, so
    a lock may be created before its loop exists.
    """

    __slots__ = ("_locked", "_waiters")

    def __init__(self) -> None:
        self._locked = False
        self._waiters: collections.deque[asyncio.Future[bool]] = (
            collections.deque()
        )

    async def acquire(self, timeout: float | None = None) -> bool:
        """Acquire the lock.

        :param timeout: seconds to wait at most; ``None`` waits forever.
        :returns: whether the lock was acquired.
        """
        if not self._locked:
            self._locked = True
            return True
        if timeout is not None and timeout <= 0:
            return False
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[bool] = loop.create_future()
        self._waiters.append(waiter)
        timer = (
            None
            if timeout is None
            else loop.call_later(timeout, _expire, waiter)
        )
        try:
            granted = await waiter
        except asyncio.CancelledError:
            if _granted(waiter):
                # handed the lock, but cancelled before running again
                self.release()
            else:
                _discard(self._waiters, waiter)
            raise
        finally:
            if timer is not None:
                timer.cancel()
        if not granted:
            _discard(self._waiters, waiter)
        return granted

    def release(self) -> None:
        """Release the lock, handing it to the longest waiting task.

        :raises RuntimeError: the lock is not held
        """
        if not self._locked:
            raise RuntimeError("Lock is not acquired")
        waiters = self._waiters
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(True)  # stays locked: it is the owner
                return
        self._locked = False

    def locked(self) -> bool:
        """Whether the lock is held."""
        return self._locked

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        self.release()


class Lock:
    """A :class:`threading.Lock` whose ``acquire`` accepts a timeout."""

    __slots__ = ("_lock",)

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def acquire(self, timeout: float | None = None) -> bool:
        """Acquire the lock.

        :param timeout: seconds to wait at most; ``None`` waits forever.
        :returns: whether the lock was acquired.
        """
        if timeout is None:
            return self._lock.acquire()
        if timeout <= 0:
            return self._lock.acquire(blocking=False)
        return self._lock.acquire(timeout=timeout)

    def release(self) -> None:
        """Release the lock."""
        self._lock.release()

    def locked(self) -> bool:
        """Whether the lock is held."""
        return self._lock.locked()

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        self._lock.release()


class AsyncCondition:
    """A condition variable over an :class:`AsyncLock`, with timed waits.

    :meth:`wait` always returns or raises with the lock held again, also
    when it is cancelled (once or repeatedly, before or after being
    notified, or as its time-out expires): the caller's ``finally:
    release()`` is always right.  A notification that reaches a task
    cancelled before it could act on it goes to the next waiter.
    """

    __slots__ = ("_waiters", "lock")

    def __init__(self, lock: AsyncLock) -> None:
        self.lock = lock
        self._waiters: collections.deque[asyncio.Future[bool]] = (
            collections.deque()
        )

    async def wait(self, timeout: float | None = None) -> bool:
        """Release the lock, wait for a notification, then reacquire it.

        :param timeout: seconds to wait at most; ``None`` waits forever.
        :returns: ``False`` if the timeout expired first.
        :raises RuntimeError: the lock is not held
        """
        lock = self.lock
        if not lock.locked():
            raise RuntimeError("cannot wait on un-acquired lock")
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[bool] = loop.create_future()
        self._waiters.append(waiter)
        timer = (
            None
            if timeout is None
            else loop.call_later(max(timeout, 0), _expire, waiter)
        )
        lock.release()
        try:
            notified = await waiter
        except asyncio.CancelledError:
            pass_on = _granted(waiter)
            if not pass_on:
                _discard(self._waiters, waiter)
            await self._reacquire()
            if pass_on:
                self.notify()
            raise
        finally:
            if timer is not None:
                timer.cancel()
        if not notified:
            _discard(self._waiters, waiter)
        await self._reacquire()
        return notified

    async def _reacquire(self) -> None:
        # take the lock back whatever happens; a cancellation meanwhile
        # is raised once the lock is held
        cancelled: asyncio.CancelledError | None = None
        while True:
            try:
                await self.lock.acquire()
            except asyncio.CancelledError as exc:
                cancelled = exc
            else:
                break
        if cancelled is not None:
            raise cancelled

    def notify(self, n: int = 1) -> None:
        """Wake up to ``n`` waiters (the lock must be held)."""
        waiters = self._waiters
        while n > 0 and waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(True)
                n -= 1

    def notify_all(self) -> None:
        """Wake all waiters (the lock must be held)."""
        self.notify(len(self._waiters))


class Condition:
    """A condition variable over a :class:`Lock`, with timed waits."""

    __slots__ = ("_cond", "lock")

    def __init__(self, lock: Lock) -> None:
        self.lock = lock
        self._cond = threading.Condition(lock._lock)

    def wait(self, timeout: float | None = None) -> bool:
        """Release the lock, wait for a notification, then reacquire it.

        :returns: ``False`` if the timeout expired first.
        """
        if timeout is not None:
            timeout = max(timeout, 0)
        return self._cond.wait(timeout)

    def notify(self, n: int = 1) -> None:
        """Wake up to ``n`` waiters (the lock must be held)."""
        self._cond.notify(n)

    def notify_all(self) -> None:
        """Wake all waiters (the lock must be held)."""
        self._cond.notify_all()


class AsyncCooperativeLock:
    """Guards a critical section that never awaits (async twin).

    On one event loop, code between two awaits cannot be interleaved, so no
    real lock is needed; entering twice means the section did await, which
    is a bug and raises :class:`RuntimeError`.
    """

    __slots__ = ("_held",)

    def __init__(self) -> None:
        self._held = False

    def __enter__(self) -> None:
        if self._held:
            raise RuntimeError("cooperative lock re-entered")
        self._held = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        self._held = False


class CooperativeLock:
    """Guards a critical section that never blocks (sync twin).

    Threads can interleave anywhere, so this is a real mutex.
    """

    __slots__ = ("_lock",)

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        self._lock.release()


__all__: t.Final = [
    "AsyncCondition",
    "AsyncCooperativeLock",
    "AsyncLock",
    "Condition",
    "CooperativeLock",
    "Lock",
]
