"""The OpenTelemetry observer's metric instruments.

Pool events are fed in the order the pool reports them; the SDK's
in-memory reader collects what the instruments recorded.
"""

from __future__ import annotations

import typing as t

import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader

from neo4j._otel import make_observer
from neo4j._shared.observe import Observer
from neo4j.exceptions import ServiceUnavailable


ADDRESS = ("localhost", 7687)
POOL = "localhost:7687"


class Metered(t.NamedTuple):
    observer: Observer
    reader: InMemoryMetricReader


def _metered(max_pool_size: int = -1) -> Metered:
    reader = InMemoryMetricReader()
    observer = make_observer(
        meter_provider=MeterProvider(metric_readers=[reader]),
        max_pool_size=max_pool_size,
    )
    return Metered(observer, reader)


@pytest.fixture
def metered() -> Metered:
    return _metered(max_pool_size=1)


def _points(reader: InMemoryMetricReader) -> dict[str, list[t.Any]]:
    data = reader.get_metrics_data()
    found: dict[str, list[t.Any]] = {}
    if data is None:
        return found
    for resource_metrics in data.resource_metrics:
        for scope_metrics in resource_metrics.scope_metrics:
            assert scope_metrics.scope.name == "neo4j"
            for metric in scope_metrics.metrics:
                found.setdefault(metric.name, []).extend(
                    metric.data.data_points
                )
    return found


def _counts(points: dict[str, list[t.Any]]) -> dict[str, int]:
    return {
        point.attributes["db.client.connection.state"]: point.value
        for point in points["db.client.connection.count"]
        if point.attributes["db.client.connection.pool.name"] == POOL
    }


def test_held_pool_of_one_and_a_waiter_timing_out(metered: Metered) -> None:
    observer = metered.observer
    # the pool appears, session 1 opens and holds its only connection
    observer.pool_event(ADDRESS, "max_size")
    observer.pool_event(ADDRESS, "create_started")
    observer.pool_event(ADDRESS, "created", 0.02)
    observer.pool_event(ADDRESS, "acquired", 0.03)
    # session 2 waits for the full pool and times out
    observer.pool_event(ADDRESS, "acquire_waiting")
    observer.pool_event(ADDRESS, "acquire_timed_out")
    points = _points(metered.reader)
    assert _counts(points) == {"idle": 0, "used": 1}
    (timeouts,) = points["db.client.connection.timeouts"]
    assert timeouts.value == 1
    assert dict(timeouts.attributes) == {
        "db.client.connection.pool.name": POOL
    }
    (maximum,) = points["db.client.connection.max"]
    assert maximum.value == 1
    (create_time,) = points["db.client.connection.create_time"]
    assert (create_time.count, create_time.sum) == (1, pytest.approx(0.02))
    (wait_time,) = points["db.client.connection.wait_time"]
    assert (wait_time.count, wait_time.sum) == (1, pytest.approx(0.03))
    assert "db.client.connection.use_time" not in points

    # session 1 gives its connection back; the driver closes the pool
    observer.pool_event(ADDRESS, "released", 0.5)
    points = _points(metered.reader)
    assert _counts(points) == {"idle": 1, "used": 0}
    (use_time,) = points["db.client.connection.use_time"]
    assert (use_time.count, use_time.sum) == (1, pytest.approx(0.5))
    observer.pool_event(ADDRESS, "closed")
    assert _counts(_points(metered.reader)) == {"idle": 0, "used": 0}


def test_reuse_and_failed_creation(metered: Metered) -> None:
    observer = metered.observer
    for _ in range(3):
        observer.pool_event(ADDRESS, "acquired", 0.001)
        observer.pool_event(ADDRESS, "released", 0.01)
    observer.pool_event(ADDRESS, "create_started")
    observer.pool_event(ADDRESS, "create_failed")
    points = _points(metered.reader)
    # starting from no connection, every acquisition moved one to used
    assert _counts(points) == {"idle": 0, "used": 0}
    (wait_time,) = points["db.client.connection.wait_time"]
    assert wait_time.count == 3
    assert "db.client.connection.create_time" not in points


def test_pools_are_named_by_address(metered: Metered) -> None:
    observer = metered.observer
    observer.pool_event(("a", 1), "created", 0.1)
    observer.pool_event(("b", 2), "created", 0.1)
    observer.pool_event(("b", 2), "acquired", 0.0)
    points = _points(metered.reader)
    counts = {
        (
            p.attributes["db.client.connection.pool.name"],
            p.attributes["db.client.connection.state"],
        ): p.value
        for p in points["db.client.connection.count"]
    }
    assert counts == {
        ("a:1", "idle"): 1,
        ("b:2", "idle"): 0,
        ("b:2", "used"): 1,
    }


def test_unlimited_pool_reports_no_max() -> None:
    metered = _metered(max_pool_size=-1)
    metered.observer.pool_event(ADDRESS, "max_size")
    assert "db.client.connection.max" not in _points(metered.reader)


def test_max_size_given_with_the_event() -> None:
    metered = _metered()
    metered.observer.pool_event(ADDRESS, "max_size", 100)
    (maximum,) = _points(metered.reader)["db.client.connection.max"]
    assert maximum.value == 100


def test_operation_duration(metered: Metered) -> None:
    observer = metered.observer
    eq = observer.start(
        "execute_query", database="neo4j", query="MATCH (n) RETURN n"
    )
    tx = observer.start("transaction", database="neo4j", parent=eq)
    query = observer.start(
        "query", database="neo4j", query="MATCH (n) RETURN n", parent=tx
    )
    query.set_server("localhost", 7687)
    query.finish()
    tx.finish(outcome="committed")
    eq.finish()
    failed = observer.start("query", query="RETURN 1")
    failed.finish(error=ServiceUnavailable("gone"))
    durations = _points(metered.reader)["db.client.operation.duration"]
    by_operation = {
        (
            p.attributes["db.operation.name"],
            p.attributes.get("error.type"),
        ): p
        for p in durations
    }
    assert set(by_operation) == {
        ("RUN", None),
        ("EXECUTE_QUERY", None),
        ("RUN", "neo4j.exceptions.ServiceUnavailable"),
    }
    run = by_operation["RUN", None]
    assert dict(run.attributes) == {
        "db.system.name": "neo4j",
        "db.namespace": "neo4j",
        "db.operation.name": "RUN",
        "db.query.summary": "MATCH RETURN",
        "server.address": "localhost",
        "server.port": 7687,
    }
    assert all(p.count == 1 and p.sum >= 0 for p in durations)
    # the advised buckets (seconds)
    assert run.explicit_bounds[:3] == (0.001, 0.005, 0.01)


def test_metrics_only_observer_starts_no_span_scope_for_tx() -> None:
    metered = _metered()
    # no tracer: transactions and acquisitions are not timed at all
    tx = metered.observer.start("transaction")
    tx.finish(outcome="committed")
    assert "db.client.operation.duration" not in _points(metered.reader)
