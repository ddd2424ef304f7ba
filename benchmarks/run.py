"""Run the workloads on each driver against the replay or a real server.

Usage (from the repository root)::

    python -m benchmarks.run                      # everything, full size
    python -m benchmarks.run --quick              # small sizes, smoke test
    python -m benchmarks.run --only ints_sync,tasks_async --repeat 5
    python -m benchmarks.run --drivers official,official-rust
    python -m benchmarks.run --drivers ours,ours-metrics,ours-otel
    python -m benchmarks.run --server neo4j       # embedded Neo4j
    python -m benchmarks.run --server arcadedb    # ArcadeDB

The runner starts one replay server (pre-encoding the results the chosen
workloads need), then runs every workload for every driver, each in its
own process (``benchmarks/workloads.py`` under that driver's
interpreter, see :mod:`benchmarks._venvs`).  It prints a table of
operations per second (median of the repetitions) and the ratio of ours
to the official driver (above 1: ours is faster), and writes the raw
timings to ``benchmarks/results.json`` (``results-quick.json`` with
``--quick``).

Workloads that need Bolt 6.1 (the UUID workloads) get a second replay
server that also speaks Bolt 6 (manifest handshake), so the other
workloads keep the Bolt 5 version of ``--max-minor``; they do not run
against real servers.  The version each driver negotiated per workload
is recorded in ``bolt_by_workload``.

With ``--server neo4j`` or ``--server arcadedb`` the runner starts that
server instead (the test launchers of ``tests/servers``, one server for
the whole run), the workloads send real Cypher producing the same rows,
and results go to ``benchmarks/results-<server>.json``.  Since the
server's time now counts, each workload process also reports its own
CPU time, printed as driver CPU per operation and as the driver's share
of the wall time.  Against a real server every repetition runs in its
own process and the drivers take turns (the order rotates each round),
after one untimed run that warms the server up, so that a JVM getting
faster during the run favours no driver.

The labels ``ours-metrics`` and ``ours-otel`` run this driver with its
metrics (``metrics_enabled=True``) or OpenTelemetry on; the tables then
add their speed and CPU relative to plain ``ours`` of the same run (the
cost of observability).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import platform
import statistics
import subprocess
import sys
import typing as t
from pathlib import Path


if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._venvs import DRIVERS, LABELS, OBSERVED, Interpreter, resolve
from benchmarks.workloads import SERVERS, WORKLOADS


__all__ = [
    "RealServer",
    "ReplayProcess",
    "cpu_per_op",
    "driver_share",
    "main",
    "merge_reports",
    "output_path",
    "peak_rss_mib",
    "ratio",
    "render_cpu_table",
    "render_memory_table",
    "render_table",
    "rotation",
]


T = t.TypeVar("T")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKLOAD_SCRIPT = HERE / "workloads.py"
COLUMNS = {
    "ours": "ours",
    "official": "official",
    "official-rust": "official+rust",
    "ours-metrics": "ours+metrics",
    "ours-otel": "ours+otel",
}


class ReplayProcess:
    """The replay server in a subprocess; a context manager.

    :param preload: queries whose results are encoded at start-up
    :param max_minor: highest Bolt 5.x minor version to agree on
    :param bolt6_minor: also agree on Bolt 6.0 to 6.<this> (``None``:
        Bolt 5 only)
    """

    def __init__(
        self,
        preload: t.Sequence[str],
        max_minor: int = 4,
        bolt6_minor: int | None = None,
    ) -> None:
        command = [
            sys.executable,
            "-m",
            "benchmarks.replay_server",
            "--until-stdin-closes",
            "--max-minor",
            str(max_minor),
        ]
        if bolt6_minor is not None:
            command += ["--bolt6-minor", str(bolt6_minor)]
        for query in preload:
            command += ["--preload", query]
        self._command = command
        self._process: subprocess.Popen[str] | None = None
        self.port = 0
        self.auth = ("neo4j", "password")
        self.database: str | None = None

    def __enter__(self) -> ReplayProcess:
        self._process = subprocess.Popen(
            self._command,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line.strip().isdigit():
            self._process.kill()
            raise RuntimeError(f"replay server did not start: {line!r}")
        self.port = int(line)
        return self

    def __exit__(self, *exc_info: object) -> None:
        process = self._process
        if process is None:
            return
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._process = None

    @property
    def uri(self) -> str:
        """The ``bolt://`` URI of the server."""
        return f"bolt://127.0.0.1:{self.port}"


class RealServer:
    """A real server started by the test launchers; a context manager.

    Neo4j: the embedded Community server of :mod:`tests.servers.neo4j`
    (database ``neo4j``).  ArcadeDB: :mod:`tests.servers.arcadedb` with
    one database, ``bench``.  Both listen on a free port of 127.0.0.1
    and are stopped (and their files removed) on exit.

    :param kind: ``neo4j`` or ``arcadedb``
    """

    def __init__(self, kind: str) -> None:
        if kind not in ("neo4j", "arcadedb"):
            raise ValueError(f"not a real server: {kind!r}")
        self.kind = kind
        self._server: t.Any = None
        self.database = "neo4j" if kind == "neo4j" else "bench"
        self.auth = ("", "")
        self.uri = ""

    def __enter__(self) -> RealServer:
        server: t.Any
        if self.kind == "neo4j":
            from tests.servers.neo4j import Neo4jServer

            server = Neo4jServer()
        else:
            from tests.servers.arcadedb import ArcadeDBServer

            server = ArcadeDBServer(
                databases=(self.database,), default_database=self.database
            )
        server.start()
        self._server = server
        self.auth = server.auth
        self.uri = server.uri
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


def run_one(
    interpreter: Interpreter,
    workload: str,
    uri: str,
    size: int,
    repeat: int,
    timeout: float,
    *,
    server: str = "replay",
    auth: tuple[str, str] | None = None,
    database: str | None = None,
) -> dict[str, t.Any]:
    """Run one workload for one driver in a fresh process.

    :param server: the server kind (decides the query dialect)
    :param auth: user and password (default: the replay server's)
    :param database: the database every session names
    :returns: the workload's report, or ``{"error": ...}`` on failure
    """
    command = [
        interpreter.python,
        str(WORKLOAD_SCRIPT),
        "--uri",
        uri,
        "--workload",
        workload,
        "--size",
        str(size),
        "--repeat",
        str(repeat),
        "--server",
        server,
    ]
    if auth is not None:
        command += ["--user", auth[0], "--password", auth[1]]
    if database is not None:
        command += ["--database", database]
    command += interpreter.args
    try:
        done = subprocess.run(
            command,
            env=interpreter.env,
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["(no output)"]
        return {"error": lines[-1], "stderr": done.stderr[-4000:]}
    report: dict[str, t.Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def speed(report: dict[str, t.Any] | None) -> float | None:
    """Operations per second from the median repetition.

    :param report: a workload report (``None`` or an error: no speed)
    :returns: ops/s or ``None``
    """
    if not report or "times" not in report or not report["times"]:
        return None
    median = statistics.median(report["times"])
    return float(report["ops"]) / median if median > 0 else None


def ratio(ours: float | None, other: float | None) -> float | None:
    """Speed of ours relative to ``other`` (above 1: ours is faster).

    :param ours: our ops/s
    :param other: the other driver's ops/s
    :returns: the ratio or ``None`` if either is missing
    """
    if ours is None or other is None or other == 0:
        return None
    return ours / other


def cpu_per_op(report: dict[str, t.Any] | None) -> float | None:
    """The driver process's CPU seconds per operation (median run).

    :param report: a workload report with a ``cpu`` list
    :returns: seconds per operation, or ``None`` without CPU times
    """
    if not report or not report.get("cpu") or not report.get("ops"):
        return None
    cpu: list[float] = report["cpu"]
    return statistics.median(cpu) / float(report["ops"])


def driver_share(report: dict[str, t.Any] | None) -> float | None:
    """The share of the wall time the driver process spent on the CPU.

    The median CPU time over the median wall time: near 1 when the
    driver is the bottleneck, low when it mostly waits for the server.

    :param report: a workload report with ``times`` and ``cpu``
    :returns: a fraction (may exceed 1 by measurement noise) or ``None``
    """
    if not report or not report.get("cpu") or not report.get("times"):
        return None
    times: list[float] = report["times"]
    cpu: list[float] = report["cpu"]
    wall = statistics.median(times)
    if wall <= 0:
        return None
    return statistics.median(cpu) / wall


def merge_reports(reports: t.Sequence[dict[str, t.Any]]) -> dict[str, t.Any]:
    """One report from the reports of several one-repetition processes.

    :param reports: reports of the same workload, driver and size
    :returns: the first report with every ``times`` and ``cpu`` entry,
        or the first error (with the repetitions that did succeed)
    """
    if not reports:
        return {"error": "no repetition ran"}
    good = [r for r in reports if "error" not in r]
    bad = [r for r in reports if "error" in r]
    if bad:
        merged = dict(bad[0])
        merged["times"] = [x for r in good for x in r["times"]]
        return merged
    merged = dict(good[0])
    merged["times"] = [x for r in good for x in r["times"]]
    merged["cpu"] = [x for r in good for x in r.get("cpu", [])]
    peaks = [r["peak_rss_kib"] for r in good if r.get("peak_rss_kib")]
    merged["peak_rss_kib"] = max(peaks) if peaks else None
    return merged


def rotation(items: t.Sequence[T], turn: int) -> list[T]:
    """``items`` rotated left by ``turn`` (who goes first each round).

    :param items: the drivers, in their normal order
    :param turn: the round number
    :returns: the order for that round
    """
    if not items:
        return []
    k = turn % len(items)
    return [*items[k:], *items[:k]]


def output_path(server: str, quick: bool) -> Path:
    """The default results file for a run.

    :param server: one of :data:`~benchmarks.workloads.SERVERS`
    :param quick: small sizes
    :returns: ``results[-<server>][-quick].json`` in ``benchmarks/``
    """
    stem = "results" if server == "replay" else f"results-{server}"
    return HERE / (stem + ("-quick" if quick else "") + ".json")


def _fmt_speed(value: float | None, error: bool) -> str:
    if value is None:
        return "error" if error else "-"
    if value >= 100_000:
        return f"{value / 1000:,.0f}k"
    return f"{value:,.0f}"


def _fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _fmt_cpu(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    micros = seconds * 1e6
    return f"{micros:.2f}" if micros < 10 else f"{micros:,.0f}"


def _fmt_share(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _markdown(rows: list[list[str]]) -> str:
    """Rows as a Markdown table: two text columns, the rest numbers."""
    head = rows[0]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for i, row in enumerate(rows):
        cells = [
            c.ljust(w) if j < 2 else c.rjust(w)
            for j, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append(
                "|"
                + "|".join(
                    "-" * (w + 2) if j < 2 else "-" * (w + 1) + ":"
                    for j, w in enumerate(widths)
                )
                + "|"
            )
    return "\n".join(lines)


def render_table(
    results: dict[str, dict[str, dict[str, t.Any]]],
    drivers: t.Sequence[str],
) -> str:
    """Format results as a Markdown table.

    The ratios: ours over each official driver (above 1: ours is
    faster), and each observed variant of ours (``ours-metrics``,
    ``ours-otel``) over plain ours (below 1: observing costs speed).

    :param results: ``{workload: {driver: report}}``
    :param drivers: the driver labels, in column order
    :returns: the table text
    """
    head = ["workload", "unit"] + [COLUMNS[d] + " ops/s" for d in drivers]
    if "ours" in drivers and "official" in drivers:
        head.append("ours/official")
    if "ours" in drivers and "official-rust" in drivers:
        head.append("ours/official+rust")
    observed = _observed(drivers)
    head += [f"{COLUMNS[d]}/ours" for d in observed]
    rows = [head]
    for name, per_driver in results.items():
        speeds = {d: speed(per_driver.get(d)) for d in drivers}
        row = [name, WORKLOADS[name].unit]
        for d in drivers:
            row.append(_fmt_speed(speeds[d], "error" in per_driver.get(d, {})))
        if "ours" in drivers and "official" in drivers:
            row.append(_fmt_ratio(ratio(speeds["ours"], speeds["official"])))
        if "ours" in drivers and "official-rust" in drivers:
            row.append(
                _fmt_ratio(ratio(speeds["ours"], speeds["official-rust"]))
            )
        for d in observed:
            row.append(_fmt_ratio(ratio(speeds[d], speeds["ours"])))
        rows.append(row)
    return _markdown(rows)


def _observed(drivers: t.Sequence[str]) -> list[str]:
    """The observed variants of ours in ``drivers`` (with ``ours``)."""
    if "ours" not in drivers:
        return []
    return [d for d in drivers if d in OBSERVED]


def render_cpu_table(
    results: dict[str, dict[str, dict[str, t.Any]]],
    drivers: t.Sequence[str],
) -> str:
    """Format the driver's own CPU cost as a Markdown table.

    Per driver: CPU microseconds of the workload process per operation
    and that CPU time as a share of the wall time; then, per official
    driver, its CPU per operation over ours (above 1: ours uses less),
    and per observed variant of ours its CPU per operation over plain
    ours (above 1: observing costs CPU).

    :param results: ``{workload: {driver: report}}``
    :param drivers: the driver labels, in column order
    :returns: the table text
    """
    head = ["workload", "unit"]
    for d in drivers:
        head += [COLUMNS[d] + " cpu us/op", COLUMNS[d] + " share"]
    others = [d for d in ("official", "official-rust") if d in drivers]
    if "ours" not in drivers:
        others = []
    head += [f"cpu {COLUMNS[d]}/ours" for d in others]
    observed = _observed(drivers)
    head += [f"cpu {COLUMNS[d]}/ours" for d in observed]
    rows = [head]
    for name, per_driver in results.items():
        row = [name, WORKLOADS[name].unit]
        costs = {d: cpu_per_op(per_driver.get(d)) for d in drivers}
        for d in drivers:
            row.append(_fmt_cpu(costs[d]))
            row.append(_fmt_share(driver_share(per_driver.get(d))))
        for d in [*others, *observed]:
            row.append(_fmt_ratio(ratio(costs[d], costs["ours"])))
        rows.append(row)
    return _markdown(rows)


def peak_rss_mib(report: dict[str, t.Any] | None) -> float | None:
    """The workload process's peak resident memory in MiB.

    :param report: a workload report with ``peak_rss_kib``
    :returns: MiB, or ``None`` if not measured
    """
    if not report or not report.get("peak_rss_kib"):
        return None
    return float(report["peak_rss_kib"]) / 1024.0


def render_memory_table(
    results: dict[str, dict[str, dict[str, t.Any]]],
    drivers: t.Sequence[str],
) -> str:
    """Format each driver's peak memory per workload as Markdown.

    :param results: ``{workload: {driver: report}}``
    :param drivers: the driver labels, in column order
    :returns: the table text (peak RSS in MiB; the highest of the
        repetitions' processes)
    """
    rows = [["workload"] + [COLUMNS[d] + " peak MiB" for d in drivers]]
    for name, per_driver in results.items():
        row = [name]
        for d in drivers:
            peak = peak_rss_mib(per_driver.get(d))
            row.append("-" if peak is None else f"{peak:.0f}")
        rows.append(row)
    return _markdown(rows)


def _parse(argv: t.Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="compare this driver with the official one"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated workloads (default: all): "
        + ", ".join(WORKLOADS),
    )
    parser.add_argument(
        "--drivers",
        default=",".join(DRIVERS),
        help="comma-separated drivers (default: %(default)s; also "
        + ", ".join(d for d in LABELS if d not in DRIVERS)
        + ": ours with metrics or OpenTelemetry on)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--quick", action="store_true", help="small sizes (smoke test)"
    )
    parser.add_argument(
        "--server",
        choices=SERVERS,
        default="replay",
        help="replay (default): the replay server, the driver's cost "
        "alone; neo4j, arcadedb: a real server started for the run",
    )
    parser.add_argument(
        "--no-server-warmup",
        dest="server_warmup",
        action="store_false",
        help="real servers: skip the untimed run warming the server",
    )
    parser.add_argument(
        "--max-minor",
        type=int,
        default=4,
        help="replay server: highest Bolt 5.x minor it agrees on (default 4)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=900.0,
        help="seconds allowed per workload process",
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="JSON results file"
    )
    return parser.parse_args(argv)


def _progress(name: str, driver: str, report: dict[str, t.Any]) -> None:
    shown = _fmt_speed(speed(report), "error" in report)
    cost = cpu_per_op(report)
    share = driver_share(report)
    extra = (
        f"  cpu {_fmt_cpu(cost)} us/op, {_fmt_share(share)}"
        if cost is not None
        else ""
    )
    print(
        f"{name:<20} {driver:<14} {shown:>10} {WORKLOADS[name].unit}/s"
        + extra
        + (f"  ({report['error']})" if "error" in report else ""),
        file=sys.stderr,
        flush=True,
    )


def _measure_real(
    name: str,
    interpreters: t.Sequence[Interpreter],
    server: RealServer,
    size: int,
    args: argparse.Namespace,
) -> dict[str, dict[str, t.Any]]:
    """One workload on a real server: warm-up, then rounds of turns."""

    def once(interpreter: Interpreter) -> dict[str, t.Any]:
        return run_one(
            interpreter,
            name,
            server.uri,
            size,
            1,
            args.timeout,
            server=server.kind,
            auth=server.auth,
            database=server.database,
        )

    if args.server_warmup and interpreters:
        warm = once(interpreters[0])
        if "error" in warm:
            print(
                f"{name:<20} server warm-up failed: {warm['error']}",
                file=sys.stderr,
            )
    runs: dict[str, list[dict[str, t.Any]]] = {
        i.driver: [] for i in interpreters
    }
    for turn in range(args.repeat):
        for interpreter in rotation(interpreters, turn):
            runs[interpreter.driver].append(once(interpreter))
    return {d: merge_reports(reports) for d, reports in runs.items()}


def _start_replays(
    stack: contextlib.ExitStack,
    names: t.Sequence[str],
    sizes: dict[str, int],
    max_minor: int,
) -> dict[int | None, ReplayProcess]:
    """One replay server per Bolt 6 setting the workloads need.

    :returns: the servers by ``bolt6_minor`` (``None``: Bolt 5 only)
    """
    groups: dict[int | None, set[str]] = {}
    for name in names:
        workload = WORKLOADS[name]
        queries = groups.setdefault(workload.bolt6_minor, set())
        queries.update(workload.preload(sizes[name]))
    return {
        bolt6: stack.enter_context(
            ReplayProcess(sorted(queries), max_minor, bolt6)
        )
        for bolt6, queries in groups.items()
    }


def main(argv: t.Sequence[str] | None = None) -> int:
    """Run the comparison (see ``--help``).

    :param argv: arguments, ``sys.argv[1:]`` when omitted
    :returns: exit status: 0, or 1 if any workload failed
    """
    args = _parse(argv)
    chosen = [n for n in args.only.split(",") if n]
    for name in chosen:
        if name not in WORKLOADS:
            raise SystemExit(f"unknown workload {name!r}")
        if args.server not in WORKLOADS[name].servers:
            raise SystemExit(f"{name} does not run on {args.server}")
    names = chosen or [
        n for n, w in WORKLOADS.items() if args.server in w.servers
    ]
    wanted = [d for d in args.drivers.split(",") if d]
    interpreters: list[Interpreter] = []
    for driver in wanted:
        try:
            interpreters.append(resolve(driver))
        except (RuntimeError, ValueError, OSError) as exc:
            print(f"skipping {driver}: {exc}", file=sys.stderr)
        except subprocess.CalledProcessError as exc:
            print(f"skipping {driver}: {exc}", file=sys.stderr)
    drivers = [i.driver for i in interpreters]
    sizes = {
        n: WORKLOADS[n].quick_size
        if args.quick
        else WORKLOADS[n].full_size(args.server)
        for n in names
    }
    results: dict[str, dict[str, dict[str, t.Any]]] = {}
    failed = False
    if args.server == "replay":
        with contextlib.ExitStack() as stack:
            replays = _start_replays(stack, names, sizes, args.max_minor)
            for name in names:
                results[name] = {}
                replay = replays[WORKLOADS[name].bolt6_minor]
                for interpreter in interpreters:
                    report = run_one(
                        interpreter,
                        name,
                        replay.uri,
                        sizes[name],
                        args.repeat,
                        args.timeout,
                    )
                    results[name][interpreter.driver] = report
                    _progress(name, interpreter.driver, report)
                    failed = failed or "error" in report
    else:
        with RealServer(args.server) as server:
            for name in names:
                results[name] = _measure_real(
                    name, interpreters, server, sizes[name], args
                )
                for driver, report in results[name].items():
                    _progress(name, driver, report)
                    failed = failed or "error" in report
    table = render_table(results, drivers)
    cpu_table = render_cpu_table(results, drivers)
    memory_table = render_memory_table(results, drivers)
    print(table)
    print()
    print(cpu_table)
    print()
    print(memory_table)
    output = args.output or output_path(args.server, args.quick)
    if args.server == "replay":
        bolt: t.Any = f"5.{args.max_minor}"
    else:
        bolt = {
            d: r["server"]["protocol"]
            for per_driver in results.values()
            for d, r in per_driver.items()
            if "server" in r
        }
    by_workload = {
        n: {
            d: r["server"]["protocol"] for d, r in per.items() if "server" in r
        }
        for n, per in results.items()
    }
    agents = sorted(
        {
            r["server"]["agent"]
            for per_driver in results.values()
            for r in per_driver.values()
            if "server" in r
        }
    )
    document = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "python": sys.version.split()[0],
        },
        "server": args.server,
        "server_agent": agents,
        "quick": args.quick,
        "repeat": args.repeat,
        "bolt": bolt,
        "bolt_by_workload": by_workload,
        "drivers": {i.driver: i.python for i in interpreters},
        "sizes": sizes,
        "results": results,
        "table": table,
        "cpu_table": cpu_table,
        "memory_table": memory_table,
    }
    output.write_text(json.dumps(document, indent=2) + "\n")
    print(f"results written to {output}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
