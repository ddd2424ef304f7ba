"""Run the workloads on each driver against the replay server.

Usage (from the repository root)::

    python -m benchmarks.run                      # everything, full size
    python -m benchmarks.run --quick              # small sizes, smoke test
    python -m benchmarks.run --only ints_sync,tasks_async --repeat 5
    python -m benchmarks.run --drivers official,official-rust

The runner starts one replay server (pre-encoding the results the chosen
workloads need), then runs every workload for every driver, each in its
own process (``benchmarks/workloads.py`` under that driver's
interpreter, see :mod:`benchmarks._venvs`).  It prints a table of
operations per second (median of the repetitions) and the ratio of ours
to the official driver (above 1: ours is faster), and writes the raw
timings to ``benchmarks/results.json`` (``results-quick.json`` with
``--quick``).
"""

from __future__ import annotations

import argparse
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

from benchmarks._venvs import DRIVERS, Interpreter, resolve
from benchmarks.workloads import WORKLOADS


__all__ = ["ReplayProcess", "main", "ratio", "render_table"]


HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKLOAD_SCRIPT = HERE / "workloads.py"
COLUMNS = {
    "ours": "ours",
    "official": "official",
    "official-rust": "official+rust",
}


class ReplayProcess:
    """The replay server in a subprocess; a context manager.

    :param preload: queries whose results are encoded at start-up
    :param max_minor: highest Bolt 5.x minor version to agree on
    """

    def __init__(self, preload: t.Sequence[str], max_minor: int = 4) -> None:
        command = [
            sys.executable,
            "-m",
            "benchmarks.replay_server",
            "--until-stdin-closes",
            "--max-minor",
            str(max_minor),
        ]
        for query in preload:
            command += ["--preload", query]
        self._command = command
        self._process: subprocess.Popen[str] | None = None
        self.port = 0

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


def run_one(
    interpreter: Interpreter,
    workload: str,
    uri: str,
    size: int,
    repeat: int,
    timeout: float,
) -> dict[str, t.Any]:
    """Run one workload for one driver in a fresh process.

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
    ]
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


def _fmt_speed(value: float | None, error: bool) -> str:
    if value is None:
        return "error" if error else "-"
    if value >= 100_000:
        return f"{value / 1000:,.0f}k"
    return f"{value:,.0f}"


def _fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def render_table(
    results: dict[str, dict[str, dict[str, t.Any]]],
    drivers: t.Sequence[str],
) -> str:
    """Format results as a Markdown table.

    :param results: ``{workload: {driver: report}}``
    :param drivers: the driver labels, in column order
    :returns: the table text
    """
    head = ["workload", "unit"] + [COLUMNS[d] + " ops/s" for d in drivers]
    if "ours" in drivers and "official" in drivers:
        head.append("ours/official")
    if "ours" in drivers and "official-rust" in drivers:
        head.append("ours/official+rust")
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
        rows.append(row)
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
        help="comma-separated drivers (default: %(default)s)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--quick", action="store_true", help="small sizes (smoke test)"
    )
    parser.add_argument(
        "--max-minor",
        type=int,
        default=4,
        help="highest Bolt 5.x minor the server agrees on (default 4)",
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


def main(argv: t.Sequence[str] | None = None) -> int:
    """Run the comparison (see ``--help``).

    :param argv: arguments, ``sys.argv[1:]`` when omitted
    :returns: exit status: 0, or 1 if any workload failed
    """
    args = _parse(argv)
    names = [n for n in args.only.split(",") if n] or list(WORKLOADS)
    for name in names:
        if name not in WORKLOADS:
            raise SystemExit(f"unknown workload {name!r}")
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
        n: WORKLOADS[n].quick_size if args.quick else WORKLOADS[n].size
        for n in names
    }
    preload = sorted(
        {q for n in names for q in WORKLOADS[n].preload(sizes[n])}
    )
    results: dict[str, dict[str, dict[str, t.Any]]] = {}
    failed = False
    with ReplayProcess(preload, args.max_minor) as server:
        for name in names:
            results[name] = {}
            for interpreter in interpreters:
                report = run_one(
                    interpreter,
                    name,
                    server.uri,
                    sizes[name],
                    args.repeat,
                    args.timeout,
                )
                results[name][interpreter.driver] = report
                shown = _fmt_speed(speed(report), "error" in report)
                print(
                    f"{name:<20} {interpreter.driver:<14} {shown:>10} "
                    f"{WORKLOADS[name].unit}/s"
                    + (f"  ({report['error']})" if "error" in report else ""),
                    file=sys.stderr,
                    flush=True,
                )
                failed = failed or "error" in report
    table = render_table(results, drivers)
    print(table)
    output = args.output or HERE / (
        "results-quick.json" if args.quick else "results.json"
    )
    document = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "python": sys.version.split()[0],
        },
        "quick": args.quick,
        "repeat": args.repeat,
        "bolt": f"5.{args.max_minor}",
        "drivers": {i.driver: i.python for i in interpreters},
        "sizes": sizes,
        "results": results,
        "table": table,
    }
    output.write_text(json.dumps(document, indent=2) + "\n")
    print(f"results written to {output}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
