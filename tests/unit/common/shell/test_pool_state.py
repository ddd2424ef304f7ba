"""Pool bookkeeping: limits, reservations, LIFO reuse, purging."""

from __future__ import annotations

import pytest

from neo4j._shared.pool_state import (
    RESERVED,
    PoolState,
    is_too_old,
    needs_liveness_check,
)


A = ("a", 7687)
B = ("b", 7687)


def test_checkout_reserves_until_full() -> None:
    state: PoolState[str] = PoolState(2)
    assert state.checkout(A) is RESERVED
    assert state.checkout(A) is RESERVED
    assert state.checkout(A) is None
    assert state.size(A) == 2
    assert state.busy(A) == 2
    # limits are per address
    assert state.checkout(B) is RESERVED


def test_reservation_fulfilled_then_reused_lifo() -> None:
    state: PoolState[str] = PoolState(3)
    for name in ("c1", "c2"):
        assert state.checkout(A) is RESERVED
        state.opened(A, name)
    assert state.checkin(A, "c1") is True
    assert state.checkin(A, "c2") is True
    assert state.busy(A) == 0
    assert state.size(A) == 2
    assert state.checkout(A) == "c2"
    assert state.checkout(A) == "c1"
    assert state.busy(A) == 2


def test_cancel_reservation_frees_the_slot() -> None:
    state: PoolState[str] = PoolState(1)
    assert state.checkout(A) is RESERVED
    assert state.checkout(A) is None
    state.cancel_reservation(A)
    assert state.size(A) == 0
    assert state.checkout(A) is RESERVED


def test_unbalanced_reservation_calls_raise() -> None:
    state: PoolState[str] = PoolState(1)
    with pytest.raises(RuntimeError, match="no reservation to cancel"):
        state.cancel_reservation(A)
    with pytest.raises(RuntimeError, match="no reservation to fulfil"):
        state.opened(A, "c")


def test_negative_max_size_is_unlimited() -> None:
    state: PoolState[str] = PoolState(-1)
    for _ in range(1000):
        assert state.checkout(A) is RESERVED
    assert state.size(A) == 1000


def test_remove_forgets_in_use_and_idle() -> None:
    state: PoolState[str] = PoolState(5)
    for name in ("c1", "c2"):
        state.checkout(A)
        state.opened(A, name)
    state.checkin(A, "c2")
    state.remove(A, "c1")
    state.remove(A, "c2")
    state.remove(B, "c3")  # unknown address: no error
    assert state.size(A) == 0


def test_checkin_of_unknown_connection_is_refused() -> None:
    state: PoolState[str] = PoolState(5)
    assert state.checkin(A, "ghost") is False
    state.checkout(A)
    state.opened(A, "c1")
    state.purge(A)
    assert state.checkin(A, "c1") is False


def test_purge_keeps_reservations_in_flight() -> None:
    state: PoolState[str] = PoolState(2)
    state.checkout(A)
    state.opened(A, "c1")
    state.checkout(A)  # being opened
    assert sorted(state.purge(A)) == ["c1"]
    assert state.size(A) == 1
    state.opened(A, "c2")
    assert state.busy(A) == 1


def test_take_idle_and_all_connections() -> None:
    state: PoolState[str] = PoolState(5)
    for address, name in ((A, "a1"), (A, "a2"), (B, "b1")):
        state.checkout(address)
        state.opened(address, name)
    state.checkin(A, "a1")
    state.checkin(B, "b1")
    assert sorted(state.all_connections()) == ["a1", "a2", "b1"]
    assert state.take_idle(A) == ["a1"]
    assert state.take_idle() == ["b1"]
    assert state.take_idle() == []
    assert state.all_connections() == ["a2"]


@pytest.mark.parametrize(
    ("created", "now", "lifetime", "expected"),
    [
        (0.0, 10.0, 3600, False),
        (0.0, 3600.0, 3600, True),
        (0.0, 1e9, -1, False),
        (0.0, 1e9, None, False),
        (5.0, 5.0, 0, True),
    ],
)
def test_is_too_old(
    created: float, now: float, lifetime: float | None, expected: bool
) -> None:
    assert is_too_old(created, now, lifetime) is expected


@pytest.mark.parametrize(
    ("idle_since", "now", "timeout", "expected"),
    [
        (0.0, 100.0, None, False),
        (0.0, 0.0, 0, True),
        (0.0, 4.9, 5, False),
        (0.0, 5.0, 5, True),
    ],
)
def test_needs_liveness_check(
    idle_since: float, now: float, timeout: float | None, expected: bool
) -> None:
    assert needs_liveness_check(idle_since, now, timeout) is expected


def test_clear_drops_connections_but_keeps_reservations() -> None:
    state: PoolState[str] = PoolState(3)
    state.checkout(A)
    state.opened(A, "c1")
    state.checkout(B)
    state.opened(B, "c2")
    state.checkout(A)  # being opened
    state.checkout(B)  # being opened
    assert sorted(state.clear()) == ["c1", "c2"]
    assert state.all_connections() == []
    state.cancel_reservation(A)  # its opening failed or was cancelled
    state.opened(B, "c3")
    assert state.size(A) == 0
    assert state.busy(B) == 1
    with pytest.raises(RuntimeError, match="no reservation to cancel"):
        state.cancel_reservation(A)
