"""Deadlines for operations that span several awaits (pure, no I/O).

A :class:`Deadline` is started once (e.g. when a connection acquisition
begins) and asked for the time left before each blocking step, so that
the whole operation, not each step, is bounded by the configured timeout.
"""

from __future__ import annotations

import math
import time
import typing as t


__all__ = ["Deadline"]


class Deadline:
    """A point in time by which an operation must be done.

    :param timeout: seconds from now; ``None`` or ``inf`` means never
    :param clock: monotonic clock (tests inject a fake one)
    """

    __slots__ = ("_clock", "_end", "original_timeout")

    def __init__(
        self,
        timeout: float | None,
        clock: t.Callable[[], float] = time.monotonic,
    ) -> None:
        self.original_timeout = timeout
        self._clock = clock
        if timeout is None or math.isinf(timeout):
            self._end: float | None = None
        else:
            self._end = clock() + timeout

    def remaining(self) -> float | None:
        """Seconds left (never negative); ``None`` for no deadline."""
        if self._end is None:
            return None
        return max(0.0, self._end - self._clock())

    def expired(self) -> bool:
        """True once the deadline has passed."""
        return self._end is not None and self._clock() >= self._end

    def cap(self, timeout: float | None) -> float | None:
        """The smaller of ``timeout`` and the time left.

        :param timeout: a step's own timeout (``None``: unbounded)
        :returns: the timeout to use for that step
        """
        left = self.remaining()
        if left is None:
            return timeout
        if timeout is None:
            return left
        return min(left, timeout)

    def __repr__(self) -> str:
        return f"<Deadline timeout={self.original_timeout!r}>"
