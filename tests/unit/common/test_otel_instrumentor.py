"""``neo4j.opentelemetry.Neo4jInstrumentor`` and the import guarantee."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import types
import typing as t
from pathlib import Path

import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)

from neo4j._otel import OtelObserver
from neo4j._shared.observe import GLOBAL_FACTORIES
from neo4j.opentelemetry import Neo4jInstrumentor
from tests.stub.server import StubServers, close_or_fail


REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def instrumentor() -> t.Iterator[Neo4jInstrumentor]:
    before = list(GLOBAL_FACTORIES)
    instrumentor = Neo4jInstrumentor()
    yield instrumentor
    instrumentor.uninstrument()
    assert before == GLOBAL_FACTORIES


def _config(**values: t.Any) -> types.SimpleNamespace:
    defaults: dict[str, t.Any] = {
        "tracer_provider": None,
        "meter_provider": None,
        "trace_query_text": False,
        "max_connection_pool_size": 100,
    }
    defaults.update(values)
    return types.SimpleNamespace(**defaults)


def test_singleton() -> None:
    assert Neo4jInstrumentor() is Neo4jInstrumentor()


def test_instrument_registers_a_factory(
    instrumentor: Neo4jInstrumentor,
) -> None:
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    assert not instrumentor.is_instrumented
    count = len(GLOBAL_FACTORIES)
    instrumentor.instrument(
        tracer_provider=tracer_provider,
        meter_provider=MeterProvider(metric_readers=[reader]),
        capture_query_text=True,
    )
    assert instrumentor.is_instrumented
    assert instrumentor.is_instrumented_by_opentelemetry
    assert len(GLOBAL_FACTORIES) == count + 1
    observer = GLOBAL_FACTORIES[-1](_config())
    assert isinstance(observer, OtelObserver)
    observer.start("query", query="RETURN 1").finish()
    observer.pool_event(("h", 1), "max_size")
    (span,) = exporter.get_finished_spans()
    assert (span.attributes or {})["db.query.text"] == "RETURN 1"
    data = reader.get_metrics_data()
    assert data is not None
    names = {
        metric.name
        for rm in data.resource_metrics
        for sm in rm.scope_metrics
        for metric in sm.metrics
    }
    assert {"db.client.operation.duration", "db.client.connection.max"} <= (
        names
    )

    instrumentor.uninstrument()
    assert not instrumentor.is_instrumented
    assert len(GLOBAL_FACTORIES) == count


def test_driver_with_own_providers_is_left_alone(
    instrumentor: Neo4jInstrumentor,
) -> None:
    instrumentor.instrument(tracer_provider=TracerProvider())
    factory = GLOBAL_FACTORIES[-1]
    assert factory(_config(tracer_provider=TracerProvider())) is None
    assert factory(_config(meter_provider=MeterProvider())) is None


def test_driver_trace_query_text_is_honoured(
    instrumentor: Neo4jInstrumentor,
) -> None:
    instrumentor.instrument(tracer_provider=TracerProvider())
    observer = GLOBAL_FACTORIES[-1](_config(trace_query_text=True))
    assert isinstance(observer, OtelObserver)
    assert observer.capture_query_text


def test_global_providers_by_default(
    instrumentor: Neo4jInstrumentor,
) -> None:
    instrumentor.instrument()
    observer = GLOBAL_FACTORIES[-1](_config())
    assert isinstance(observer, OtelObserver)
    assert observer.tracer is not None
    assert observer.instruments is not None


def test_instrument_twice_warns_and_keeps_one(
    instrumentor: Neo4jInstrumentor, caplog: pytest.LogCaptureFixture
) -> None:
    count = len(GLOBAL_FACTORIES)
    instrumentor.instrument()
    with caplog.at_level(logging.WARNING, logger="neo4j"):
        instrumentor.instrument()
    assert "already instrumented" in caplog.text
    assert len(GLOBAL_FACTORIES) == count + 1
    instrumentor.uninstrument()
    instrumentor.uninstrument()
    assert len(GLOBAL_FACTORIES) == count


_NO_IMPORT_SCRIPT = """\
import sys

import neo4j
import neo4j.opentelemetry  # the instrumentor alone imports nothing

driver = neo4j.GraphDatabase.driver(sys.argv[1], auth=("neo4j", "pass"))
with driver.session(database="neo4j") as session:
    assert session.run("RETURN 1 AS x").single(strict=True)["x"] == 1
records, _, _ = driver.execute_query("RETURN 1 AS x", database_="neo4j")
assert records[0]["x"] == 1
driver.close()
loaded = sorted(
    name for name in sys.modules
    if name.startswith(("opentelemetry", "neo4j._otel"))
)
assert not loaded, loaded
print("ok")
"""

_SCRIPT = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO RESET
!: AUTO GOODBYE
!: AUTO TELEMETRY
!: ALLOW RESTART
*{
  C: RUN "RETURN 1 AS x" {} {"db": "neo4j", ...}
  C: PULL {"n": 1000}
  S: SUCCESS {"fields": ["x"]}
     RECORD [1]
     SUCCESS {"type": "r"}
}
*{
  C: BEGIN {"db": "neo4j", ...}
  S: SUCCESS {}
  C: RUN "RETURN 1 AS x" {} {}
  C: PULL {"n": 1000}
  S: SUCCESS {"fields": ["x"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C: COMMIT
  S: SUCCESS {"bookmark": "bm"}
}
"""


def test_driver_without_otel_config_never_imports_opentelemetry() -> None:
    servers = StubServers()
    try:
        server = servers.start(_SCRIPT)
        run = subprocess.run(
            [
                sys.executable,
                "-c",
                textwrap.dedent(_NO_IMPORT_SCRIPT),
                server.uri(),
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=60,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == "ok"
        server.done()
    finally:
        close_or_fail(servers, pytest.fail)
