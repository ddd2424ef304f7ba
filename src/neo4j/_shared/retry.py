"""Retry policy of managed transactions (pure, no I/O).

The session runs a transaction function, and when it fails with a
retryable error, sleeps for the next delay of :func:`retry_delays` and
tries again, until :class:`RetryBudget` says the time is up.
"""

from __future__ import annotations

import random
import time
import typing as t


__all__ = ["RetryBudget", "retry_delays"]


def retry_delays(
    initial_delay: float = 1.0,
    multiplier: float = 2.0,
    jitter_factor: float = 0.2,
    rand: t.Callable[[], float] = random.random,
) -> t.Iterator[float]:
    """Yield the waits between attempts: exponential with jitter.

    The n-th nominal delay is ``initial_delay * multiplier ** n``; each
    yielded value deviates from it by at most ``jitter_factor`` of it
    (uniformly, in both directions).

    :param initial_delay: first nominal delay in seconds
    :param multiplier: growth factor between nominal delays
    :param jitter_factor: relative jitter (0.2 means +-20%)
    :param rand: source of uniform numbers in ``[0, 1)`` (for tests)
    """
    delay = initial_delay
    while True:
        jitter = jitter_factor * delay
        yield delay - jitter + 2 * jitter * rand()
        delay *= multiplier


class RetryBudget:
    """Tracks the time spent retrying a transaction function.

    The clock starts after the first failed attempt (as in the official
    driver), so a slow first attempt still gets retried once.

    :param max_retry_time: seconds after the first failure during which
        new attempts may start
    :param clock: monotonic clock (tests inject a fake one)
    """

    __slots__ = ("_clock", "_start", "max_retry_time")

    def __init__(
        self,
        max_retry_time: float,
        clock: t.Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_retry_time = max_retry_time
        self._clock = clock
        self._start: float | None = None

    def failed(self) -> bool:
        """Record a failed attempt.

        :returns: True if another attempt may be made
        """
        now = self._clock()
        if self._start is None:
            self._start = now
        return now - self._start <= self.max_retry_time
