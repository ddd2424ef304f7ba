"""Benchmark workloads, written against the public driver API only.

This file runs inside the interpreter of the driver being measured
(ours, the official one, the official one with its Rust extension), so
it imports nothing but the standard library and ``neo4j`` (and the
OpenTelemetry SDK with ``--observe otel``), and it can be run as a plain
script::

    python benchmarks/workloads.py --uri bolt://127.0.0.1:7687 \\
        --workload ints_sync --size 1000 --repeat 3

It prints one JSON object: the workload, the size, the operations done
per repetition, the wall-clock seconds and the CPU seconds of this
process (:func:`time.process_time`: the driver's own work, as the server
runs elsewhere) of each timed repetition, and which driver ran.  Before
timing, each workload opens its driver, checks connectivity and runs
once at a small size (warm-up); every repetition checks the values it
got, so a driver that returns wrong data fails instead of looking fast.

``--server replay`` (the default) sends the replay server's ``BENCH``
queries; ``--server neo4j`` or ``--server arcadedb`` sends real Cypher
producing the same rows (see :class:`Target`), with ``--user``,
``--password`` and ``--database``.  Data a workload writes carries a
label of its own (:func:`own_label`) and is deleted again, outside the
timed part.

The UUID workloads (``uuids_sync``, ``uuid_param_sync``) need Bolt 6.1
(PackStream 2 sends UUIDs natively), so they run on the replay server
only, started with Bolt 6.1 enabled (``--bolt6-minor 1``); they fail if
the driver negotiated anything older.

``--observe metrics`` or ``--observe otel`` (this driver only; the
runner's ``ours-metrics`` and ``ours-otel``) creates the driver with
observability on, the workload bodies unchanged (see
:func:`observation`); the report then says what was observed.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import importlib.util
import json
import os
import secrets
import sys
import time
import typing as t
import uuid


if t.TYPE_CHECKING:
    import neo4j


__all__ = [
    "OBSERVE_MODES",
    "SERVERS",
    "WORKLOADS",
    "Observation",
    "Target",
    "Workload",
    "main",
    "observation",
    "own_label",
    "run_workload",
    "uuid_value",
]


AUTH = ("neo4j", "password")
SERVERS = ("replay", "neo4j", "arcadedb")
#: how the driver is observed: not at all, its own metrics
#: (``metrics_enabled=True``), OpenTelemetry (SDK providers)
OBSERVE_MODES = ("none", "metrics", "otel")
UNWIND_QUERY = "UNWIND $rows AS row CREATE (n:Bench) SET n = row"
UUID_UNWIND_QUERY = "UNWIND $ids AS id CREATE (n:Bench {id: id})"
QUERIES_PER_TASK = 20
SETUP_BATCH = 5_000

# Real Cypher giving the rows of the replay server's BENCH queries.
INTS_CYPHER = "UNWIND range(0, $n - 1) AS n RETURN n"
WIDE_CYPHER = """\
UNWIND range(0, $n - 1) AS i
RETURN i AS id, 1099511627776 + i * 1000003 AS big, -i AS neg,
  i % 100 AS small, i * 0.25 AS quarter, i / 3.0 AS third,
  -1.5e10 + i AS large_float, 'name-' + toString(i) AS name,
  'lorem ipsum dolor sit amet, row ' + toString(i) AS text, 'x' AS tag,
  i % 2 = 0 AS even, i % 2 = 1 AS odd, null AS nothing,
  [i, i + 1, i + 2] AS ints, ['a', 'bc', toString(i)] AS strs,
  {k: i, v: 'value'} AS props,
  date('1970-01-01') + duration({days: 19000 + i % 1000}) AS date,
  datetime({epochSeconds: 1700000000 + i, nanosecond: 123456789,
            timezone: '+01:00'}) AS datetime,
  duration({months: 1, days: 2, seconds: i, nanoseconds: 500})
    AS duration,
  point({longitude: 12.5 + i % 10, latitude: 55.75}) AS point"""
GRAPH_SETUP_CYPHER = """\
UNWIND range($start, $end - 1) AS i
CREATE (a:{label}:Person {{i: i, name: 'p' + toString(2 * i),
                          age: i % 90}})
       -[:KNOWS {{since: 2000 + i % 25}}]->
       (b:{label}:Person:Employee {{name: 'p' + toString(2 * i + 1),
                                   age: i % 70, score: i * 0.5}})"""
GRAPH_CYPHER = "MATCH (n:{label})-[r:KNOWS]->(m) RETURN n, r, m LIMIT $n"
UNWIND_CYPHER = "UNWIND $rows AS row CREATE (n:{label}) SET n = row"
DELETE_CYPHER = "MATCH (n:{label}) DETACH DELETE n"


# i -> i * _SPREAD mod 2**128: distinct UUIDs whose bytes all vary
# (the same as benchmarks._datasets.uuid_value, which this process
# cannot import)
_SPREAD = 0x9E3779B97F4A7C15F39CC0605CEDC835
_MASK128 = (1 << 128) - 1


def uuid_value(i: int) -> uuid.UUID:
    """The ``i``-th UUID of the UUID workloads (what the replay server
    streams for ``BENCH uuids``, and the list parameter sent).

    :param i: the index
    :returns: the UUID
    """
    return uuid.UUID(int=(i * _SPREAD) & _MASK128)


def own_label() -> str:
    """A node label no other process uses: the data of this run.

    :returns: e.g. ``Bench_1234_9f2c41d0``
    """
    return f"Bench_{os.getpid()}_{secrets.token_hex(4)}"


@dataclasses.dataclass(frozen=True)
class Target:
    """The server a workload talks to and how its queries are written.

    :param server: one of :data:`SERVERS`; ``replay`` gets the replay
        server's ``BENCH`` queries, the others real Cypher
    :param database: the database every session names (``None``: the
        server's default)
    :param label: the node label of the data this process writes
    """

    server: str = "replay"
    database: str | None = None
    label: str = "Bench"

    @property
    def real(self) -> bool:
        """Whether the server is a real database (not the replay)."""
        return self.server != "replay"

    def ints(self, size: int) -> tuple[str, dict[str, t.Any]]:
        """The query streaming ``size`` rows ``n`` = 0 .. size - 1."""
        if self.real:
            return INTS_CYPHER, {"n": size}
        return f"BENCH ints {size}", {}

    def wide(self, size: int) -> tuple[str, dict[str, t.Any]]:
        """The query streaming ``size`` rows of 20 mixed columns."""
        if self.real:
            return WIDE_CYPHER, {"n": size}
        return f"BENCH wide {size}", {}

    def graph(self, size: int) -> tuple[str, dict[str, t.Any]]:
        """The query streaming ``size`` node, relationship, node rows."""
        if self.real:
            return GRAPH_CYPHER.format(label=self.label), {"n": size}
        return f"BENCH graph {size}", {}

    def uuids(self, size: int) -> tuple[str, dict[str, t.Any]]:
        """The query streaming ``size`` rows of one UUID (replay only)."""
        if self.real:
            raise WorkloadError("the UUID workloads need the replay server")
        return f"BENCH uuids {size}", {}

    def unwind(self) -> str:
        """The write creating one node per map of ``$rows``."""
        if self.real:
            return UNWIND_CYPHER.format(label=self.label)
        return UNWIND_QUERY

    def delete(self) -> str:
        """The query deleting everything this process wrote."""
        return DELETE_CYPHER.format(label=self.label)


class WorkloadError(AssertionError):
    """A driver returned something other than the expected data."""


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise WorkloadError(what)


# ------------------------------------------------------------ sync bodies
def _ints_sync(driver: neo4j.Driver, size: int, target: Target) -> int:
    total = count = 0
    query, params = target.ints(size)
    with driver.session(database=target.database) as session:
        for record in session.run(query, params):
            total += record[0]
            count += 1
    _check(count == size, f"got {count} rows, expected {size}")
    _check(total == size * (size - 1) // 2, f"wrong sum {total}")
    return count


def _wide_sync(driver: neo4j.Driver, size: int, target: Target) -> int:
    count = total = 0
    query, params = target.wide(size)
    with driver.session(database=target.database) as session:
        for record in session.run(query, params):
            total += record[0]
            count += 1
            last = record
    _check(count == size, f"got {count} rows, expected {size}")
    _check(total == size * (size - 1) // 2, f"wrong id sum {total}")
    if size:
        _check(
            last["name"] == f"name-{size - 1}"
            and last["ints"] == [size - 1, size, size + 1]
            and last["date"].day is not None,
            f"wrong last row {last!r}",
        )
    return count


def _graph_sync(driver: neo4j.Driver, size: int, target: Target) -> int:
    count = 0
    query, params = target.graph(size)
    with driver.session(database=target.database) as session:
        for record in session.run(query, params):
            node, rel, other = record["n"], record["r"], record["m"]
            count += 1
            last = (node, rel, other)
    _check(count == size, f"got {count} rows, expected {size}")
    if size:
        node, rel, other = last
        if target.real:
            same = other["name"] == f"p{2 * node['i'] + 1}"
        else:
            same = other.element_id == f"4:replay:{2 * size - 1}"
        _check(
            same
            and rel.type == "KNOWS"
            and rel.start_node is not None
            and rel.start_node.element_id == node.element_id
            and rel.end_node is not None
            and rel.end_node.element_id == other.element_id
            and "Employee" in other.labels,
            f"wrong last row {last!r}",
        )
    return count


def _graph_setup(driver: neo4j.Driver, size: int, target: Target) -> None:
    """Create ``size`` node-relationship-node patterns (real servers)."""
    if not target.real:
        return
    query = GRAPH_SETUP_CYPHER.format(label=target.label)
    with driver.session(database=target.database) as session:
        for start in range(0, size, SETUP_BATCH):
            end = min(size, start + SETUP_BATCH)
            session.run(query, start=start, end=end).consume()


def unwind_rows(size: int) -> list[dict[str, t.Any]]:
    """The list parameter of the UNWIND workload: small maps.

    :param size: number of maps
    :returns: the rows
    """
    return [
        {"id": i, "name": f"node-{i}", "score": i * 0.5, "active": i % 2 == 0}
        for i in range(size)
    ]


def _unwind_sync(driver: neo4j.Driver, size: int, target: Target) -> int:
    rows = _ROWS_CACHE.get(size)
    if rows is None:
        rows = _ROWS_CACHE[size] = unwind_rows(size)
    query = target.unwind()
    with driver.session(database=target.database) as session:
        summary = session.run(query, rows=rows).consume()
    created = summary.counters.nodes_created
    _check(created == size, f"server saw {created} rows, expected {size}")
    return size


_ROWS_CACHE: dict[int, list[dict[str, t.Any]]] = {}


def _uuid_setup(driver: neo4j.Driver, size: int, target: Target) -> None:
    """Prepare the data of the UUID workloads outside the timed part."""
    _uuid_list(size)
    _uuid_fold(size)


def _uuid_list(size: int) -> list[uuid.UUID]:
    values = _UUIDS_CACHE.get(size)
    if values is None:
        values = _UUIDS_CACHE[size] = [uuid_value(i) for i in range(size)]
    return values


def _uuid_fold(size: int) -> int:
    """XOR of the 128-bit values of the first ``size`` UUIDs."""
    folded = _FOLD_CACHE.get(size)
    if folded is None:
        folded = 0
        for value in _uuid_list(size):
            folded ^= value.int
        _FOLD_CACHE[size] = folded
    return folded


_UUIDS_CACHE: dict[int, list[uuid.UUID]] = {}
_FOLD_CACHE: dict[int, int] = {}


def _uuids_sync(driver: neo4j.Driver, size: int, target: Target) -> int:
    count = folded = 0
    last: t.Any = None
    query, params = target.uuids(size)
    with driver.session(database=target.database) as session:
        for record in session.run(query, params):
            last = record[0]
            folded ^= last.int
            count += 1
    _check(count == size, f"got {count} rows, expected {size}")
    _check(folded == _uuid_fold(size), "wrong UUIDs (XOR differs)")
    if size:
        _check(
            type(last) is uuid.UUID and last == uuid_value(size - 1),
            f"wrong last row {last!r}",
        )
    return count


def _uuid_param_sync(driver: neo4j.Driver, size: int, target: Target) -> int:
    values = _uuid_list(size)
    with driver.session(database=target.database) as session:
        summary = session.run(UUID_UNWIND_QUERY, ids=values).consume()
    created = summary.counters.nodes_created
    _check(created == size, f"server saw {created} ids, expected {size}")
    return size


def _delete_own(driver: neo4j.Driver, target: Target) -> None:
    """Delete the nodes this process created (real servers)."""
    if target.real:
        driver.execute_query(target.delete(), database_=target.database)


def _return1_sync(driver: neo4j.Driver, size: int, target: Target) -> int:
    with driver.session(database=target.database) as session:
        for _ in range(size):
            session.run("RETURN 1").consume()
    return size


def _execute_query_sync(
    driver: neo4j.Driver, size: int, target: Target
) -> int:
    database = target.database
    for _ in range(size):
        records = driver.execute_query("RETURN 1", database_=database).records
        _check(records[0][0] == 1, f"wrong records {records!r}")
    return size


# ----------------------------------------------------------- async bodies
async def _ints_async(
    driver: neo4j.AsyncDriver, size: int, target: Target
) -> int:
    total = count = 0
    query, params = target.ints(size)
    async with driver.session(database=target.database) as session:
        result = await session.run(query, params)
        async for record in result:
            total += record[0]
            count += 1
    _check(count == size, f"got {count} rows, expected {size}")
    _check(total == size * (size - 1) // 2, f"wrong sum {total}")
    return count


async def _return1_async(
    driver: neo4j.AsyncDriver, size: int, target: Target
) -> int:
    async with driver.session(database=target.database) as session:
        for _ in range(size):
            result = await session.run("RETURN 1")
            await result.consume()
    return size


async def _task(driver: neo4j.AsyncDriver, target: Target) -> int:
    total = 0
    async with driver.session(database=target.database) as session:
        for _ in range(QUERIES_PER_TASK):
            result = await session.run("RETURN 1")
            record = await result.single(strict=True)
            total += record[0]
    return total


async def _tasks_async(
    driver: neo4j.AsyncDriver, size: int, target: Target
) -> int:
    totals = await asyncio.gather(
        *(_task(driver, target) for _ in range(size))
    )
    _check(sum(totals) == size * QUERIES_PER_TASK, f"wrong sums {totals}")
    return size * QUERIES_PER_TASK


# -------------------------------------------------------------- registry
@dataclasses.dataclass(frozen=True)
class Workload:
    """One benchmark.

    :param name: identifier used on the command line
    :param description: what it measures
    :param size: the full-size parameter
    :param quick_size: the smoke-test size
    :param unit: what one operation is (for the ops/s column)
    :param body: the measured function
        ``(driver, size, target) -> operations``
    :param is_async: ``body`` is a coroutine function on an AsyncDriver
    :param query: the BENCH query the server should pre-encode, or None
    :param real_size: the full size against a real server, where the
        server's own work makes the replay size too slow (None: ``size``)
    :param setup: untimed, before the warm-up: creates the data the
        body reads ``(driver, size, target)`` (sync workloads only)
    :param cleanup: untimed, after each run of the body: deletes what it
        wrote ``(driver, target)`` (sync workloads only)
    :param bolt6_minor: the replay server must agree on Bolt 6.0 up to
        this minor version (1: Bolt 6.1, for UUIDs); ``None``: Bolt 5
        as configured
    :param servers: the servers it can run on (see :data:`SERVERS`)
    """

    name: str
    description: str
    size: int
    quick_size: int
    unit: str
    body: t.Callable[[t.Any, int, Target], t.Any]
    is_async: bool = False
    query: t.Callable[[int], str] | None = None
    real_size: int | None = None
    setup: t.Callable[[t.Any, int, Target], None] | None = None
    cleanup: t.Callable[[t.Any, Target], None] | None = None
    bolt6_minor: int | None = None
    servers: tuple[str, ...] = SERVERS

    def warmup_size(self, size: int) -> int:
        """The size of the untimed warm-up run."""
        return max(1, min(size, self.quick_size))

    def full_size(self, server: str = "replay") -> int:
        """The full size for ``server`` (one of :data:`SERVERS`)."""
        if server != "replay" and self.real_size is not None:
            return self.real_size
        return self.size

    def preload(self, size: int) -> list[str]:
        """Queries whose results the server should encode up front.

        :param size: the size that will be measured
        :returns: the query texts (measured size and warm-up size)
        """
        if self.query is None:
            return []
        return [self.query(size), self.query(self.warmup_size(size))]


WORKLOADS: dict[str, Workload] = {
    w.name: w
    for w in (
        Workload(
            "ints_sync",
            "stream 1M single-int rows (decoding, record building)",
            1_000_000,
            10_000,
            "rows",
            _ints_sync,
            query=lambda n: f"BENCH ints {n}",
            real_size=200_000,
        ),
        Workload(
            "ints_async",
            "the same 1M int rows with the async API",
            1_000_000,
            10_000,
            "rows",
            _ints_async,
            is_async=True,
            query=lambda n: f"BENCH ints {n}",
            real_size=200_000,
        ),
        Workload(
            "wide_sync",
            "100k rows of 20 mixed columns incl. temporal and spatial",
            100_000,
            1_000,
            "rows",
            _wide_sync,
            query=lambda n: f"BENCH wide {n}",
            real_size=20_000,
        ),
        Workload(
            "graph_sync",
            "10k rows of node, relationship, node (graph hydration)",
            10_000,
            500,
            "rows",
            _graph_sync,
            query=lambda n: f"BENCH graph {n}",
            setup=_graph_setup,
        ),
        Workload(
            "unwind_sync",
            "one UNWIND with a 50k-map list parameter (encoding)",
            50_000,
            1_000,
            "rows",
            _unwind_sync,
            cleanup=_delete_own,
            real_size=10_000,
        ),
        Workload(
            "return1_sync",
            "2,000 session.run('RETURN 1').consume() round trips",
            2_000,
            100,
            "queries",
            _return1_sync,
            real_size=1_000,
        ),
        Workload(
            "return1_async",
            "2,000 await session.run('RETURN 1') + consume round trips",
            2_000,
            100,
            "queries",
            _return1_async,
            is_async=True,
            real_size=1_000,
        ),
        Workload(
            "execute_query_sync",
            "1,000 driver.execute_query('RETURN 1') (managed tx)",
            1_000,
            50,
            "queries",
            _execute_query_sync,
            real_size=500,
        ),
        Workload(
            "tasks_async",
            "200 concurrent tasks x 20 queries on one AsyncDriver",
            200,
            10,
            "queries",
            _tasks_async,
            is_async=True,
            real_size=50,
        ),
        Workload(
            "uuids_sync",
            "stream 200k rows of one UUID (Bolt 6.1 decoding)",
            200_000,
            10_000,
            "rows",
            _uuids_sync,
            query=lambda n: f"BENCH uuids {n}",
            setup=_uuid_setup,
            bolt6_minor=1,
            servers=("replay",),
        ),
        Workload(
            "uuid_param_sync",
            "one UNWIND with a 200k-UUID list parameter (Bolt 6.1)",
            200_000,
            1_000,
            "uuids",
            _uuid_param_sync,
            setup=_uuid_setup,
            bolt6_minor=1,
            servers=("replay",),
        ),
    )
}


# ---------------------------------------------------------- observability
@dataclasses.dataclass
class Observation:
    """How the measured driver is observed (``--observe``).

    :param mode: one of :data:`OBSERVE_MODES`
    :param config: extra driver configuration keys
    :param summary: untimed, after the repetitions, before the driver
        closes: what was observed ``(driver) -> report`` (fails if
        nothing was)
    :param close: untimed, after the driver closed: shut the
        providers down
    """

    mode: str
    config: dict[str, t.Any]
    summary: t.Callable[[t.Any], dict[str, t.Any]]
    close: t.Callable[[], None]


def _nothing(driver: t.Any) -> dict[str, t.Any]:
    return {"mode": "none"}


def _metrics_summary(driver: t.Any) -> dict[str, t.Any]:
    metrics = driver.metrics()
    acquired = sum(p.acquired for p in metrics.pools.values())
    _check(metrics.queries > 0, f"metrics saw no query: {metrics!r}")
    return {
        "mode": "metrics",
        "queries": metrics.queries,
        "acquired": acquired,
        "committed": metrics.transactions_committed,
    }


def _otel_observation() -> Observation:
    """OpenTelemetry SDK providers as an application would set them up.

    Spans: the SDK's ``BatchSpanProcessor`` (default settings: a
    queue and a background export thread, what production setups use)
    on an exporter that counts the spans and drops them, so no I/O is
    measured; the export thread's CPU counts (``process_time`` covers
    every thread).  Metrics: a ``MeterProvider`` with an
    ``InMemoryMetricReader``, collected once after the repetitions
    (instruments record into the SDK's aggregations as usual).
    """
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import (
        BatchSpanProcessor,
        SpanExporter,
        SpanExportResult,
    )

    class DropSpans(SpanExporter):
        """Counts the spans it is given and drops them."""

        def __init__(self) -> None:
            self.spans = 0

        def export(self, spans: t.Sequence[t.Any]) -> SpanExportResult:
            self.spans += len(spans)
            return SpanExportResult.SUCCESS

        def shutdown(self) -> None:
            pass

    exporter = DropSpans()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(BatchSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])

    def summary(driver: t.Any) -> dict[str, t.Any]:
        tracer_provider.force_flush()
        names: set[str] = set()
        data = reader.get_metrics_data()
        for resource in data.resource_metrics if data else ():
            for scope in resource.scope_metrics:
                names.update(m.name for m in scope.metrics)
        _check(exporter.spans > 0, "OpenTelemetry got no span")
        _check(
            "db.client.operation.duration" in names,
            f"OpenTelemetry got no operation duration: {sorted(names)}",
        )
        return {
            "mode": "otel",
            "spans": exporter.spans,
            "instruments": sorted(names),
        }

    def close() -> None:
        tracer_provider.shutdown()
        meter_provider.shutdown()

    return Observation(
        "otel",
        {"tracer_provider": tracer_provider, "meter_provider": meter_provider},
        summary,
        close,
    )


def observation(mode: str = "none") -> Observation:
    """The driver configuration and checks of an ``--observe`` mode.

    :param mode: one of :data:`OBSERVE_MODES`
    :returns: the :class:`Observation`
    :raises ValueError: for an unknown mode
    """
    if mode == "none":
        return Observation("none", {}, _nothing, lambda: None)
    if mode == "metrics":
        return Observation(
            "metrics", {"metrics_enabled": True}, _metrics_summary, _noop
        )
    if mode == "otel":
        return _otel_observation()
    raise ValueError(f"unknown observe mode {mode!r}; known: {OBSERVE_MODES}")


def _noop() -> None:
    pass


# ---------------------------------------------------------------- running
def driver_info() -> dict[str, t.Any]:
    """Which ``neo4j`` package this interpreter imports.

    :returns: version, file and whether the Rust extension is present
    """
    import neo4j

    return {
        "version": getattr(neo4j, "__version__", "?"),
        "file": getattr(neo4j, "__file__", "?"),
        "rust_ext": importlib.util.find_spec("neo4j._rust") is not None,
        "python": sys.version.split()[0],
    }


def _measure(
    times: list[float], cpu: list[float], began: tuple[float, float]
) -> None:
    times.append(time.perf_counter() - began[0])
    cpu.append(time.process_time() - began[1])


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _server_info(info: t.Any) -> dict[str, t.Any]:
    return {
        "agent": info.agent,
        "protocol": ".".join(map(str, info.protocol_version)),
    }


def _check_protocol(workload: Workload, info: dict[str, t.Any]) -> None:
    """Fail a workload needing Bolt 6.x on an older connection."""
    if workload.bolt6_minor is None:
        return
    major, minor = map(int, info["protocol"].split("."))
    _check(
        (major, minor) >= (6, workload.bolt6_minor),
        f"{workload.name} needs Bolt 6.{workload.bolt6_minor}, "
        f"negotiated {info['protocol']}",
    )


def _run_sync(
    workload: Workload,
    uri: str,
    auth: tuple[str, str],
    size: int,
    repeat: int,
    target: Target,
    observe: Observation,
) -> dict[str, t.Any]:
    import neo4j

    times: list[float] = []
    cpu: list[float] = []
    with neo4j.GraphDatabase.driver(
        uri, auth=auth, **observe.config
    ) as driver:
        driver.verify_connectivity()
        info = _server_info(driver.get_server_info())
        _check_protocol(workload, info)
        try:
            if workload.setup is not None:
                workload.setup(driver, size, target)
            workload.body(driver, workload.warmup_size(size), target)
            if workload.cleanup is not None:
                workload.cleanup(driver, target)
            for _ in range(repeat):
                began = _now()
                workload.body(driver, size, target)
                _measure(times, cpu, began)
                if workload.cleanup is not None:
                    workload.cleanup(driver, target)
            observed = observe.summary(driver)
        finally:
            if target.real:
                _delete_own(driver, target)
    observe.close()
    return {"times": times, "cpu": cpu, "server": info, "observed": observed}


async def _run_async(
    workload: Workload,
    uri: str,
    auth: tuple[str, str],
    size: int,
    repeat: int,
    target: Target,
    observe: Observation,
) -> dict[str, t.Any]:
    import neo4j

    times: list[float] = []
    cpu: list[float] = []
    async with neo4j.AsyncGraphDatabase.driver(
        uri, auth=auth, **observe.config
    ) as driver:
        await driver.verify_connectivity()
        info = _server_info(await driver.get_server_info())
        _check_protocol(workload, info)
        await workload.body(driver, workload.warmup_size(size), target)
        for _ in range(repeat):
            began = _now()
            await workload.body(driver, size, target)
            _measure(times, cpu, began)
        observed = observe.summary(driver)
    observe.close()
    return {"times": times, "cpu": cpu, "server": info, "observed": observed}


def run_workload(
    name: str,
    uri: str,
    size: int | None = None,
    repeat: int = 3,
    *,
    target: Target | None = None,
    auth: tuple[str, str] = AUTH,
    observe: str = "none",
) -> dict[str, t.Any]:
    """Run one workload in this interpreter and time it.

    :param name: the workload name (a key of :data:`WORKLOADS`)
    :param uri: the server URI, e.g. ``bolt://127.0.0.1:7687``
    :param size: the size (the workload's full size for the target's
        server when omitted)
    :param repeat: number of timed repetitions
    :param target: the server kind, database and label (default: the
        replay server)
    :param auth: user and password
    :param observe: one of :data:`OBSERVE_MODES` (not ``none``: this
        driver with observability on, see :func:`observation`)
    :returns: a JSON-ready report: ``times`` (wall seconds) and ``cpu``
        (this process's CPU seconds) per repetition, ``server`` (agent
        and negotiated Bolt version), ``driver`` and ``observed`` (the
        mode and what was observed)
    :raises WorkloadError: if the driver returned wrong data
    """
    workload = WORKLOADS[name]
    if target is None:
        target = Target()
    if size is None:
        size = workload.full_size(target.server)
    observed = observation(observe)
    if workload.is_async:
        measured = asyncio.run(
            _run_async(workload, uri, auth, size, repeat, target, observed)
        )
    else:
        measured = _run_sync(
            workload, uri, auth, size, repeat, target, observed
        )
    ops = size * QUERIES_PER_TASK if name == "tasks_async" else size
    return {
        "workload": name,
        "size": size,
        "ops": ops,
        "unit": workload.unit,
        "times": measured["times"],
        "cpu": measured["cpu"],
        "peak_rss_kib": peak_rss_kib(),
        "server": measured["server"],
        "driver": driver_info(),
        "observed": measured["observed"],
    }


def peak_rss_kib() -> int | None:
    """This process's peak resident memory in KiB (None off Unix).

    Each (workload, driver) pair runs in its own process, so this is
    the workload's peak, interpreter and driver import included.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # bytes on macOS, KiB elsewhere
    return peak // 1024 if sys.platform == "darwin" else peak


def main(argv: t.Sequence[str] | None = None) -> None:
    """Command line entry point (see ``--help``).

    :param argv: arguments, ``sys.argv[1:]`` when omitted
    """
    parser = argparse.ArgumentParser(description="run one workload")
    parser.add_argument("--uri", required=True)
    parser.add_argument("--workload", required=True, choices=WORKLOADS)
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--server",
        choices=SERVERS,
        default="replay",
        help="replay: BENCH queries; neo4j, arcadedb: real Cypher",
    )
    parser.add_argument("--user", default=AUTH[0])
    parser.add_argument("--password", default=AUTH[1])
    parser.add_argument(
        "--database", default=None, help="database for every session"
    )
    parser.add_argument(
        "--observe",
        choices=OBSERVE_MODES,
        default="none",
        help="this driver only: metrics (metrics_enabled=True) or otel "
        "(OpenTelemetry SDK providers); default: none",
    )
    args = parser.parse_args(argv)
    target = Target(args.server, args.database, own_label())
    report = run_workload(
        args.workload,
        args.uri,
        args.size,
        args.repeat,
        target=target,
        auth=(args.user, args.password),
        observe=args.observe,
    )
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
