"""Locks and conditions with timeouts, as async/sync pairs.

The asyncio primitives bind to the running loop lazily (on first contended
use), so a driver may be created before the loop that uses it exists.
"""

from __future__ import annotations

import asyncio
import threading
import types
import typing as t


class AsyncLock:
    """An :class:`asyncio.Lock` whose ``acquire`` accepts a timeout."""

    __slots__ = ("_lock",)

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    async def acquire(self, timeout: float | None = None) -> bool:
        """Acquire the lock.

        :param timeout: seconds to wait at most; ``None`` waits forever.
        :returns: whether the lock was acquired.
        """
        if timeout is None:
            return await self._lock.acquire()
        if timeout <= 0:
            if self._lock.locked():
                return False
            return await self._lock.acquire()
        try:
            return await asyncio.wait_for(self._lock.acquire(), timeout)
        except asyncio.TimeoutError:
            return False

    def release(self) -> None:
        """Release the lock."""
        self._lock.release()

    def locked(self) -> bool:
        """Whether the lock is held."""
        return self._lock.locked()

    async def __aenter__(self) -> None:
        await self._lock.acquire()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        self._lock.release()


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
    """A condition variable over an :class:`AsyncLock`, with timed waits."""

    __slots__ = ("_cond", "lock")

    def __init__(self, lock: AsyncLock) -> None:
        self.lock = lock
        self._cond = asyncio.Condition(lock._lock)

    async def wait(self, timeout: float | None = None) -> bool:
        """Release the lock, wait for a notification, then reacquire it.

        :returns: ``False`` if the timeout expired first.
        """
        if timeout is None:
            await self._cond.wait()
            return True
        try:
            await asyncio.wait_for(self._cond.wait(), max(timeout, 0))
        except asyncio.TimeoutError:
            return False
        return True

    def notify(self, n: int = 1) -> None:
        """Wake up to ``n`` waiters (the lock must be held)."""
        self._cond.notify(n)

    def notify_all(self) -> None:
        """Wake all waiters (the lock must be held)."""
        self._cond.notify_all()


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
