"""Retry delays, retry budget and deadlines (with fake clocks)."""

from __future__ import annotations

import itertools

import pytest

from neo4j._shared.deadline import Deadline
from neo4j._shared.retry import RetryBudget, retry_delays


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_retry_delays_without_jitter_are_exponential() -> None:
    delays = retry_delays(1.0, 2.0, 0.0)
    assert list(itertools.islice(delays, 5)) == [1.0, 2.0, 4.0, 8.0, 16.0]


@pytest.mark.parametrize(("rand", "factor"), [(0.0, 0.8), (0.5, 1.0)])
def test_retry_delays_jitter_bounds(rand: float, factor: float) -> None:
    delays = retry_delays(1.0, 2.0, 0.2, rand=lambda: rand)
    got = list(itertools.islice(delays, 3))
    assert got == pytest.approx([1.0 * factor, 2.0 * factor, 4.0 * factor])


def test_retry_delays_jitter_upper_bound() -> None:
    delays = retry_delays(0.5, 3.0, 0.5, rand=lambda: 0.999999)
    first, second = itertools.islice(delays, 2)
    assert first == pytest.approx(0.75, rel=1e-5)
    assert second == pytest.approx(2.25, rel=1e-5)


def test_retry_budget_starts_at_first_failure() -> None:
    clock = FakeClock()
    budget = RetryBudget(10.0, clock=clock)
    clock.now += 1000  # a slow first attempt does not count
    assert budget.failed() is True
    clock.now += 10
    assert budget.failed() is True
    clock.now += 0.5
    assert budget.failed() is False


def test_retry_budget_zero_allows_only_immediate_retry() -> None:
    clock = FakeClock()
    budget = RetryBudget(0.0, clock=clock)
    assert budget.failed() is True
    clock.now += 0.001
    assert budget.failed() is False


def test_deadline_remaining_and_cap() -> None:
    clock = FakeClock()
    deadline = Deadline(5.0, clock=clock)
    assert deadline.original_timeout == 5.0
    assert deadline.remaining() == 5.0
    assert deadline.cap(2.0) == 2.0
    assert deadline.cap(None) == 5.0
    clock.now += 4.0
    assert deadline.cap(2.0) == 1.0
    assert not deadline.expired()
    clock.now += 2.0
    assert deadline.remaining() == 0.0
    assert deadline.expired()


@pytest.mark.parametrize("timeout", [None, float("inf")])
def test_deadline_without_limit(timeout: float | None) -> None:
    clock = FakeClock()
    deadline = Deadline(timeout, clock=clock)
    clock.now += 1e9
    assert deadline.remaining() is None
    assert deadline.cap(3.0) == 3.0
    assert deadline.cap(None) is None
    assert not deadline.expired()
    assert repr(deadline) == f"<Deadline timeout={timeout!r}>"
