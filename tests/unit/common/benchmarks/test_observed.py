"""The ``ours-metrics`` and ``ours-otel`` benchmark labels.

Each runs this driver with observability on (``--observe`` of the
workload script); the report says what was observed, so a label that
silently measured the plain driver would fail here.
"""

from __future__ import annotations

import types
import typing as t
from collections.abc import Iterator

import pytest

from benchmarks._venvs import DRIVERS, LABELS, OBSERVED, resolve
from benchmarks.replay_server import ReplayServer
from benchmarks.run import render_cpu_table, render_table, run_one
from benchmarks.workloads import (
    WorkloadError,
    observation,
    run_workload,
)


@pytest.fixture(scope="module")
def uri() -> Iterator[str]:
    server = ReplayServer()
    port = server.start_in_thread()
    try:
        yield f"bolt://127.0.0.1:{port}"
    finally:
        server.stop_thread()


def test_labels_resolve_to_ours_with_an_observe_mode() -> None:
    ours = resolve("ours")
    assert ours.args == ()
    assert DRIVERS == ("ours", "official", "official-rust")
    assert set(LABELS) == {*DRIVERS, "ours-metrics", "ours-otel"}
    for label, mode in OBSERVED.items():
        observed = resolve(label)
        assert observed.driver == label
        assert (observed.python, observed.env) == (ours.python, ours.env)
        assert observed.args == ("--observe", mode)
    with pytest.raises(ValueError, match="ours-tracing"):
        resolve("ours-tracing")


def test_run_one_with_metrics_configures_the_driver(uri: str) -> None:
    report = run_one(resolve("ours-metrics"), "return1_sync", uri, 5, 2, 120)
    assert "error" not in report, report
    assert len(report["times"]) == 2
    observed = report["observed"]
    assert observed["mode"] == "metrics"
    # warm-up (5 queries) and two repetitions of 5, read from
    # driver.metrics() in the workload process
    assert observed["queries"] == 15
    assert observed["acquired"] >= 3


def test_run_one_with_otel_records_spans_and_metrics(uri: str) -> None:
    report = run_one(
        resolve("ours-otel"), "execute_query_sync", uri, 3, 1, 120
    )
    assert "error" not in report, report
    observed = report["observed"]
    assert observed["mode"] == "otel"
    # execute_query: at least one span per call (warm-up 3, timed 3)
    assert observed["spans"] >= 6
    assert "db.client.operation.duration" in observed["instruments"]
    assert any(
        n.startswith("db.client.connection.") for n in observed["instruments"]
    )


def test_run_one_plain_ours_observes_nothing(uri: str) -> None:
    report = run_one(resolve("ours"), "return1_sync", uri, 2, 1, 120)
    assert "error" not in report, report
    assert report["observed"] == {"mode": "none"}


def test_async_workload_with_metrics_in_process(uri: str) -> None:
    report = run_workload("tasks_async", uri, 2, 1, observe="metrics")
    # warm-up and one repetition: 2 tasks x 20 queries each
    assert report["observed"]["queries"] == 80
    assert report["ops"] == 40


def test_async_workload_with_otel_in_process(uri: str) -> None:
    report = run_workload("return1_async", uri, 4, 1, observe="otel")
    assert report["observed"]["spans"] >= 8


def test_metrics_that_saw_nothing_fail_the_workload() -> None:
    metrics = types.SimpleNamespace(
        queries=0, pools={}, transactions_committed=0
    )
    driver = types.SimpleNamespace(metrics=lambda: metrics)
    with pytest.raises(WorkloadError, match="no query"):
        observation("metrics").summary(driver)


def test_otel_that_saw_nothing_fails_the_workload() -> None:
    observed = observation("otel")
    try:
        assert set(observed.config) == {"tracer_provider", "meter_provider"}
        with pytest.raises(WorkloadError, match="no span"):
            observed.summary(None)
    finally:
        observed.close()


def test_unknown_observe_mode() -> None:
    assert observation().config == {}
    with pytest.raises(ValueError, match="tracing"):
        observation("tracing")


def _report(ops: int, seconds: float, cpu: float) -> dict[str, t.Any]:
    return {"ops": ops, "times": [seconds], "cpu": [cpu]}


def test_tables_show_the_observed_labels_against_ours() -> None:
    results = {
        "return1_sync": {
            "ours": _report(1000, 0.100, 0.050),
            "official": _report(1000, 0.400, 0.200),
            "ours-metrics": _report(1000, 0.125, 0.055),
            "ours-otel": _report(1000, 0.200, 0.100),
        }
    }
    drivers = ["ours", "official", "ours-metrics", "ours-otel"]
    lines = render_table(results, drivers).splitlines()
    assert [c.strip() for c in lines[0].strip("|").split("|")] == [
        "workload",
        "unit",
        "ours ops/s",
        "official ops/s",
        "ours+metrics ops/s",
        "ours+otel ops/s",
        "ours/official",
        "ours+metrics/ours",
        "ours+otel/ours",
    ]
    assert [c.strip() for c in lines[2].strip("|").split("|")] == [
        "return1_sync",
        "queries",
        "10,000",
        "2,500",
        "8,000",
        "5,000",
        "4.00x",
        "0.80x",
        "0.50x",
    ]
    cpu = render_cpu_table(results, drivers).splitlines()
    head = [c.strip() for c in cpu[0].strip("|").split("|")]
    row = [c.strip() for c in cpu[2].strip("|").split("|")]
    assert head[-3:] == [
        "cpu official/ours",
        "cpu ours+metrics/ours",
        "cpu ours+otel/ours",
    ]
    assert row[-3:] == ["4.00x", "1.10x", "2.00x"]
    assert row[head.index("ours+otel cpu us/op")] == "100"


def test_default_tables_keep_their_columns() -> None:
    results = {"return1_sync": {"ours-metrics": _report(10, 1.0, 1.0)}}
    # without plain ours there is nothing to compare with
    head = render_table(results, ["ours-metrics"]).splitlines()[0]
    assert "/ours" not in head
    head = render_table(results, ["ours", "official"]).splitlines()[0]
    assert "ours+" not in head
