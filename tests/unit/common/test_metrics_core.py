"""The metrics recorder and its snapshots (pure: no pool, no server)."""

from __future__ import annotations

import dataclasses
import threading

import pytest

from neo4j import Address
from neo4j._shared.metrics import (
    ConnectionPoolMetrics,
    DriverMetrics,
    MetricsRecorder,
    _Tally,
)
from neo4j._shared.observe import Observer
from neo4j._shared.pool_observation import PoolObservation
from neo4j._shared.pool_state import RESERVED, PoolState


A = Address(("a", 7687))
B = Address(("b", 7688))


def _snapshot(
    recorder: MetricsRecorder,
    state: PoolState[str] | None = None,
    max_size: int = 100,
) -> DriverMetrics:
    return recorder.snapshot(state, max_size)


def test_recorder_is_an_observer() -> None:
    assert isinstance(MetricsRecorder(), Observer)


def test_fresh_recorder_counts_nothing() -> None:
    metrics = _snapshot(MetricsRecorder())
    assert dict(metrics.pools) == {}
    assert (
        metrics.queries,
        metrics.transactions_committed,
        metrics.transactions_rolled_back,
        metrics.retries,
        metrics.routing_table_refreshes,
    ) == (0, 0, 0, 0, 0)
    assert metrics.max_connection_pool_size == 100


def test_work_counters() -> None:
    recorder = MetricsRecorder()
    for _ in range(3):
        recorder.start("query", query="RETURN 1")
    recorder.start("execute_query", query="RETURN 1")
    recorder.start("acquire")
    committed = recorder.start("transaction", access_mode="WRITE")
    committed.finish(outcome="committed")
    recorder.start("transaction").finish(
        ValueError("user"), outcome="rolled_back"
    )
    recorder.start("transaction").finish(outcome="rolled_back")
    # a transaction that failed without rolling back counts as neither
    recorder.start("transaction").finish(RuntimeError("lost"))
    recorder.retry("transaction", RuntimeError("transient"))
    recorder.routing_refresh(None)
    recorder.routing_refresh("neo4j")
    metrics = _snapshot(recorder)
    assert metrics.queries == 3
    assert metrics.transactions_committed == 1
    assert metrics.transactions_rolled_back == 2
    assert metrics.retries == 1
    assert metrics.routing_table_refreshes == 2


def test_pool_counters_and_times() -> None:
    recorder = MetricsRecorder()
    events = [
        ("max_size", None),
        ("create_started", None),
        ("created", 0.5),
        ("create_started", None),
        ("create_failed", None),
        ("acquired", 0.75),
        ("released", 2.0),
        ("acquire_waiting", None),
        ("acquire_timed_out", 1.25),
        ("acquired", 0.25),
        ("released", 1.0),
        ("closed", None),
    ]
    for event, seconds in events:
        recorder.pool_event(A, event, seconds)
    pool = _snapshot(recorder).pools[A]
    assert pool.created == 1
    assert pool.failed_to_create == 1
    assert pool.closed == 1
    assert pool.acquired == 2
    assert pool.timed_out_to_acquire == 1
    # timed-out acquisitions count in the acquisition totals too
    assert pool.acquisition_count == 3
    assert pool.acquisition_time_total == pytest.approx(2.25)
    assert pool.connection_count == 1
    assert pool.connection_time_total == pytest.approx(0.5)
    assert pool.in_use_count == 2
    assert pool.in_use_time_total == pytest.approx(3.0)


def test_gauges_come_from_the_pool_state() -> None:
    recorder = MetricsRecorder()
    state: PoolState[str] = PoolState(3)
    for name in ("c1", "c2"):
        assert state.checkout(A) is RESERVED
        state.opened(A, name)
    assert state.checkout(A) is RESERVED  # a third being opened
    assert state.checkout(A) is None  # full
    state.start_waiting(A)
    assert state.checkin(A, "c1")
    pool = _snapshot(recorder, state, 3).pools[A]
    assert (pool.in_use, pool.idle, pool.creating, pool.acquiring) == (
        1,
        1,
        1,
        1,
    )
    assert pool.max_size == 3
    assert pool.address == A
    state.stop_waiting(A)
    assert _snapshot(recorder, state, 3).pools[A].acquiring == 0


def test_addresses_with_only_history_stay_in_the_snapshot() -> None:
    recorder = MetricsRecorder()
    state: PoolState[str] = PoolState(5)
    assert state.checkout(A) is RESERVED
    state.opened(A, "c1")
    recorder.pool_event(B, "created", 0.1)
    recorder.pool_event(B, "closed")
    pools = _snapshot(recorder, state, 5).pools
    assert set(pools) == {A, B}
    assert (pools[B].in_use, pools[B].idle, pools[B].created) == (0, 0, 1)
    assert pools[A].in_use == 1


def test_snapshot_is_immutable_and_detached() -> None:
    recorder = MetricsRecorder()
    recorder.pool_event(A, "acquired", 0.5)
    recorder.start("query")
    metrics = _snapshot(recorder)
    with pytest.raises(dataclasses.FrozenInstanceError):
        metrics.queries = 5  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        metrics.pools[A].acquired = 9  # type: ignore[misc]
    with pytest.raises(TypeError):
        metrics.pools[B] = metrics.pools[A]  # type: ignore[index]
    # slots: no stray attributes either
    with pytest.raises((AttributeError, TypeError)):
        object.__setattr__(metrics, "extra", 1)
    # later events do not change an earlier snapshot
    recorder.pool_event(A, "acquired", 0.5)
    recorder.start("query")
    assert metrics.pools[A].acquired == 1
    assert metrics.queries == 1
    again = _snapshot(recorder)
    assert again.pools[A].acquired == 2
    assert again.queries == 2


def test_snapshots_compare_by_value() -> None:
    recorder = MetricsRecorder()
    recorder.pool_event(A, "created", 0.5)
    first, second = _snapshot(recorder), _snapshot(recorder)
    assert first == second
    assert first is not second
    assert hash(first.pools[A]) == hash(second.pools[A])
    # the pools mapping is left out of the hash, not out of equality
    assert hash(first) == hash(second)


@pytest.mark.parametrize(
    "key",
    [A, ("a", 7687), "a:7687", ("a", "7687"), Address(("a", 7687))],
)
def test_pool_lookup_by_any_address_form(key: object) -> None:
    recorder = MetricsRecorder()
    recorder.pool_event(A, "created", 0.5)
    assert _snapshot(recorder).pool(key).created == 1  # type: ignore[arg-type]


def test_pool_lookup_of_an_unknown_address_is_all_zero() -> None:
    pool = _snapshot(MetricsRecorder(), max_size=7).pool("nowhere:1")
    assert isinstance(pool, ConnectionPoolMetrics)
    assert pool.address == Address(("nowhere", 1))
    assert pool.max_size == 7
    numbers = [
        getattr(pool, f.name)
        for f in dataclasses.fields(pool)
        if f.name not in {"address", "max_size"}
    ]
    assert numbers and all(n == 0 for n in numbers)


def test_pool_lookup_rejects_other_types() -> None:
    with pytest.raises(TypeError, match="host:port"):
        _snapshot(MetricsRecorder()).pool(7687)  # type: ignore[arg-type]


def test_ipv6_pool_found_by_text() -> None:
    recorder = MetricsRecorder()
    address = Address(("::1", 7687, 0, 0))
    recorder.pool_event(address, "created", 0.1)
    metrics = _snapshot(recorder)
    assert metrics.pool("[::1]:7687").created == 1
    assert metrics.pool(("::1", "7687")).created == 1


def test_tally_reads_without_changing() -> None:
    tally = _Tally()
    assert tally.value == 0
    assert tally.value == 0
    for _ in range(5):
        tally.bump()
    assert tally.value == 5
    assert tally.value == 5


def test_tally_loses_no_increment_across_threads() -> None:
    tally = _Tally()
    per_thread = 20_000
    start = threading.Barrier(4)

    def work() -> None:
        start.wait()
        for _ in range(per_thread):
            tally.bump()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert tally.value == 4 * per_thread


def test_pool_state_waiting_survives_purge() -> None:
    state: PoolState[str] = PoolState(1)
    assert state.checkout(A) is RESERVED
    state.opened(A, "c1")
    assert state.checkout(A) is None
    state.start_waiting(A)
    assert state.purge(A) == ["c1"]
    # the waiter still has to stop waiting on the fresh entry
    assert state.pools[A].waiting == 1
    state.stop_waiting(A)
    assert state.pools[A].waiting == 0
    with pytest.raises(RuntimeError):
        state.stop_waiting(A)


def test_pool_state_remove_says_whether_it_counted() -> None:
    state: PoolState[str] = PoolState(2)
    assert state.checkout(A) is RESERVED
    state.opened(A, "c1")
    assert state.checkout(A) is RESERVED
    state.opened(A, "c2")
    assert state.checkin(A, "c2")
    assert state.remove(A, "c1") is True  # in use
    assert state.remove(A, "c2") is True  # idle
    assert state.remove(A, "c2") is False  # gone already
    assert state.remove(B, "c1") is False  # unknown address


# -- what the pool reports (PoolObservation) ---------------------------


class _Conn:
    def __init__(self, address: Address) -> None:
        self.unresolved_address = address


class _Events(Observer):
    def __init__(self) -> None:
        self.events: list[tuple[object, str, float | None]] = []

    def pool_event(
        self,
        address: tuple[str, int],
        event: str,
        seconds: float | None = None,
    ) -> None:
        self.events.append((address, event, seconds))


def _observation() -> tuple[PoolObservation[_Conn], _Events, list[float]]:
    events = _Events()
    clock = [10.0]
    return PoolObservation(events, lambda: clock[0]), events, clock


def test_observation_times_acquisition_and_lending() -> None:
    obs, events, clock = _observation()
    conn = _Conn(A)
    started = obs.now()
    obs.checkout(A, RESERVED)
    clock[0] = 10.5
    obs.created(A, started)
    clock[0] = 11.0
    obs.acquired(A, conn, started)
    clock[0] = 13.0
    obs.returned(conn, removed=False)
    obs.returned(conn, removed=False)  # reported once only
    obs.checkout(A, conn)
    assert events.events == [
        (A, "max_size", None),
        (A, "create_started", None),
        (A, "created", 0.5),
        (A, "acquired", 1.0),
        (A, "released", 2.0),
    ]


def test_observation_of_a_full_pool() -> None:
    obs, events, clock = _observation()
    started = obs.now()
    obs.checkout(A, None)
    clock[0] = 10.25
    obs.timed_out(A, started)
    obs.create_failed(B)
    assert events.events == [
        (A, "max_size", None),
        (A, "acquire_waiting", None),
        (A, "acquire_timed_out", 0.25),
        (B, "create_failed", None),
    ]


def test_observation_of_dropped_and_killed_connections() -> None:
    obs, events, clock = _observation()
    idle, busy, other = _Conn(A), _Conn(A), _Conn(B)
    obs.acquired(A, busy, 10.0)
    obs.acquired(B, other, 10.0)
    events.events.clear()
    obs.dropped([idle], [busy])
    assert events.events == [(A, "closed", None)]  # the idle one
    clock[0] = 12.0
    obs.returned(busy, removed=False)  # given back after the drop
    assert events.events[1:] == [(A, "released", 2.0), (A, "closed", None)]
    events.events.clear()
    obs.killed([other])  # the pool closes under a borrower
    obs.returned(other, removed=False)  # nothing twice
    assert events.events == [(B, "released", 2.0), (B, "closed", None)]
