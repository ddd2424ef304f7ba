"""Benchmark workloads, written against the public driver API only.

This file runs inside the interpreter of the driver being measured
(ours, the official one, the official one with its Rust extension), so
it imports nothing but the standard library and ``neo4j``, and it can be
run as a plain script::

    python benchmarks/workloads.py --uri bolt://127.0.0.1:7687 \\
        --workload ints_sync --size 1000 --repeat 3

It prints one JSON object: the workload, the size, the operations done
per repetition, the wall-clock seconds of each timed repetition, and
which driver ran.  Before timing, each workload opens its driver, checks
connectivity and runs once at a small size (warm-up); every repetition
checks the values it got, so a driver that returns wrong data fails
instead of looking fast.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import importlib.util
import json
import sys
import time
import typing as t


if t.TYPE_CHECKING:
    import neo4j


__all__ = ["WORKLOADS", "Workload", "main", "run_workload"]


AUTH = ("neo4j", "password")
UNWIND_QUERY = "UNWIND $rows AS row CREATE (n:Bench) SET n = row"
QUERIES_PER_TASK = 20


class WorkloadError(AssertionError):
    """A driver returned something other than the expected data."""


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise WorkloadError(what)


# ------------------------------------------------------------ sync bodies
def _ints_sync(driver: neo4j.Driver, size: int) -> int:
    total = count = 0
    with driver.session() as session:
        for record in session.run(f"BENCH ints {size}"):
            total += record[0]
            count += 1
    _check(count == size, f"got {count} rows, expected {size}")
    _check(total == size * (size - 1) // 2, f"wrong sum {total}")
    return count


def _wide_sync(driver: neo4j.Driver, size: int) -> int:
    count = total = 0
    with driver.session() as session:
        for record in session.run(f"BENCH wide {size}"):
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


def _graph_sync(driver: neo4j.Driver, size: int) -> int:
    count = 0
    with driver.session() as session:
        for record in session.run(f"BENCH graph {size}"):
            node, rel, other = record["n"], record["r"], record["m"]
            count += 1
            last = (node, rel, other)
    _check(count == size, f"got {count} rows, expected {size}")
    if size:
        node, rel, other = last
        _check(
            rel.type == "KNOWS"
            and rel.start_node is not None
            and rel.start_node.element_id == node.element_id
            and other.element_id == f"4:replay:{2 * size - 1}"
            and "Employee" in other.labels,
            f"wrong last row {last!r}",
        )
    return count


def unwind_rows(size: int) -> list[dict[str, t.Any]]:
    """The list parameter of the UNWIND workload: small maps.

    :param size: number of maps
    :returns: the rows
    """
    return [
        {"id": i, "name": f"node-{i}", "score": i * 0.5, "active": i % 2 == 0}
        for i in range(size)
    ]


def _unwind_sync(driver: neo4j.Driver, size: int) -> int:
    rows = _ROWS_CACHE.get(size)
    if rows is None:
        rows = _ROWS_CACHE[size] = unwind_rows(size)
    with driver.session() as session:
        summary = session.run(UNWIND_QUERY, rows=rows).consume()
    created = summary.counters.nodes_created
    _check(created == size, f"server saw {created} rows, expected {size}")
    return size


_ROWS_CACHE: dict[int, list[dict[str, t.Any]]] = {}


def _return1_sync(driver: neo4j.Driver, size: int) -> int:
    with driver.session() as session:
        for _ in range(size):
            session.run("RETURN 1").consume()
    return size


def _execute_query_sync(driver: neo4j.Driver, size: int) -> int:
    for _ in range(size):
        records = driver.execute_query("RETURN 1").records
        _check(records[0][0] == 1, f"wrong records {records!r}")
    return size


# ----------------------------------------------------------- async bodies
async def _ints_async(driver: neo4j.AsyncDriver, size: int) -> int:
    total = count = 0
    async with driver.session() as session:
        result = await session.run(f"BENCH ints {size}")
        async for record in result:
            total += record[0]
            count += 1
    _check(count == size, f"got {count} rows, expected {size}")
    _check(total == size * (size - 1) // 2, f"wrong sum {total}")
    return count


async def _return1_async(driver: neo4j.AsyncDriver, size: int) -> int:
    async with driver.session() as session:
        for _ in range(size):
            result = await session.run("RETURN 1")
            await result.consume()
    return size


async def _task(driver: neo4j.AsyncDriver) -> int:
    total = 0
    async with driver.session() as session:
        for _ in range(QUERIES_PER_TASK):
            result = await session.run("RETURN 1")
            record = await result.single(strict=True)
            total += record[0]
    return total


async def _tasks_async(driver: neo4j.AsyncDriver, size: int) -> int:
    totals = await asyncio.gather(*(_task(driver) for _ in range(size)))
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
    :param body: the measured function ``(driver, size) -> operations``
    :param is_async: ``body`` is a coroutine function on an AsyncDriver
    :param query: the BENCH query the server should pre-encode, or None
    """

    name: str
    description: str
    size: int
    quick_size: int
    unit: str
    body: t.Callable[[t.Any, int], t.Any]
    is_async: bool = False
    query: t.Callable[[int], str] | None = None

    def warmup_size(self, size: int) -> int:
        """The size of the untimed warm-up run."""
        return max(1, min(size, self.quick_size))

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
        ),
        Workload(
            "wide_sync",
            "100k rows of 20 mixed columns incl. temporal and spatial",
            100_000,
            1_000,
            "rows",
            _wide_sync,
            query=lambda n: f"BENCH wide {n}",
        ),
        Workload(
            "graph_sync",
            "10k rows of node, relationship, node (graph hydration)",
            10_000,
            500,
            "rows",
            _graph_sync,
            query=lambda n: f"BENCH graph {n}",
        ),
        Workload(
            "unwind_sync",
            "one UNWIND with a 50k-map list parameter (encoding)",
            50_000,
            1_000,
            "rows",
            _unwind_sync,
        ),
        Workload(
            "return1_sync",
            "2,000 session.run('RETURN 1').consume() round trips",
            2_000,
            100,
            "queries",
            _return1_sync,
        ),
        Workload(
            "return1_async",
            "2,000 await session.run('RETURN 1') + consume round trips",
            2_000,
            100,
            "queries",
            _return1_async,
            is_async=True,
        ),
        Workload(
            "execute_query_sync",
            "1,000 driver.execute_query('RETURN 1') (managed tx)",
            1_000,
            50,
            "queries",
            _execute_query_sync,
        ),
        Workload(
            "tasks_async",
            "200 concurrent tasks x 20 queries on one AsyncDriver",
            200,
            10,
            "queries",
            _tasks_async,
            is_async=True,
        ),
    )
}


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


def _run_sync(
    workload: Workload, uri: str, size: int, repeat: int
) -> list[float]:
    import neo4j

    times = []
    with neo4j.GraphDatabase.driver(uri, auth=AUTH) as driver:
        driver.verify_connectivity()
        workload.body(driver, workload.warmup_size(size))
        for _ in range(repeat):
            start = time.perf_counter()
            workload.body(driver, size)
            times.append(time.perf_counter() - start)
    return times


async def _run_async(
    workload: Workload, uri: str, size: int, repeat: int
) -> list[float]:
    import neo4j

    times = []
    async with neo4j.AsyncGraphDatabase.driver(uri, auth=AUTH) as driver:
        await driver.verify_connectivity()
        await workload.body(driver, workload.warmup_size(size))
        for _ in range(repeat):
            start = time.perf_counter()
            await workload.body(driver, size)
            times.append(time.perf_counter() - start)
    return times


def run_workload(
    name: str, uri: str, size: int | None = None, repeat: int = 3
) -> dict[str, t.Any]:
    """Run one workload in this interpreter and time it.

    :param name: the workload name (a key of :data:`WORKLOADS`)
    :param uri: the server URI, e.g. ``bolt://127.0.0.1:7687``
    :param size: the size (the workload's full size when omitted)
    :param repeat: number of timed repetitions
    :returns: a JSON-ready report
    :raises WorkloadError: if the driver returned wrong data
    """
    workload = WORKLOADS[name]
    if size is None:
        size = workload.size
    if workload.is_async:
        times = asyncio.run(_run_async(workload, uri, size, repeat))
    else:
        times = _run_sync(workload, uri, size, repeat)
    ops = size * QUERIES_PER_TASK if name == "tasks_async" else size
    return {
        "workload": name,
        "size": size,
        "ops": ops,
        "unit": workload.unit,
        "times": times,
        "driver": driver_info(),
    }


def main(argv: t.Sequence[str] | None = None) -> None:
    """Command line entry point (see ``--help``).

    :param argv: arguments, ``sys.argv[1:]`` when omitted
    """
    parser = argparse.ArgumentParser(description="run one workload")
    parser.add_argument("--uri", required=True)
    parser.add_argument("--workload", required=True, choices=WORKLOADS)
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    report = run_workload(args.workload, args.uri, args.size, args.repeat)
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
