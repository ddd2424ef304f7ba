"""Arrow results against pandas ``to_df()``: time and peak memory.

Two parts, every measurement in a fresh process of its own:

* ``memory`` (default): 1,000,000 records of five columns (two ints, a
  float, two strings) built in memory as driver ``Record`` objects,
  then converted by ``to_arrow`` (whole, and in batches of 65,536),
  ``to_polars``, this driver's ``to_df`` and ``to_df`` followed by
  ``pyarrow.Table.from_pandas`` (the pandas detour).
* ``replay`` (``--replay``): end to end, a query of the replay server
  (``BENCH ints N`` or ``BENCH wide N``) read by this driver into Arrow,
  Polars and pandas, and by the official driver (``--official-python``:
  an interpreter with ``neo4j``, ``pandas`` and ``pyarrow``) into
  pandas, then Arrow.

Time is the best of ``--repeat`` runs (and the median is shown too).
Peak memory is the growth of the process's resident set over what it
held before the conversion (Linux ``VmHWM``, reset through
``/proc/self/clear_refs`` where the kernel allows it, else
``ru_maxrss``): it counts pandas, numpy, Arrow and Polars buffers
alike, which ``tracemalloc`` does not.  The records themselves are
already in memory before the ``memory`` part measures; in the
``replay`` part they are what is being read.

Run from the repository root::

    python benchmarks/arrow_bench.py                # 1M rows, in memory
    python benchmarks/arrow_bench.py --rows 100000 --repeat 5
    python benchmarks/arrow_bench.py --replay --official-python \\
        /path/to/venv-with-neo4j-pandas-pyarrow/bin/python

This file imports only the standard library at the top: the child
processes of the official driver run it too.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import typing as t
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
KEYS = ("id", "big", "score", "name", "city")
CITIES = ("Malmö", "Lund", "Oslo", "Turku", "Aarhus", "Reykjavík")
BATCH = 65_536
MEMORY_METHODS = (
    "to_arrow",
    "to_arrow_batched",
    "to_polars",
    "to_df",
    "to_df_then_arrow",
)
OURS_REPLAY = (
    "ours_to_arrow",
    "ours_to_arrow_batched",
    "ours_to_polars",
    "ours_to_df",
)
OFFICIAL_REPLAY = ("official_to_df", "official_to_df_then_arrow")


# -- memory measurement -----------------------------------------------------


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset the peak resident set to the current one (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


class Peak:
    """Peak resident memory growth around a piece of work, in MiB."""

    def __init__(self) -> None:
        gc.collect()
        self.exact = _reset_peak()
        current = _status_kib("VmRSS")
        self.before = (
            current
            if self.exact and current is not None
            else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        )

    def grown(self) -> float:
        peak = _status_kib("VmHWM") if self.exact else None
        if peak is None:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return max(0, peak - self.before) / 1024


# -- child processes --------------------------------------------------------


def _records(rows: int) -> list[t.Any]:
    from neo4j._data import record_factory

    make = record_factory(KEYS)
    cities = CITIES
    return [
        make(
            [
                i,
                1_099_511_627_776 + i * 1_000_003,
                i * 0.25,
                f"person-{i}",
                cities[i % 6],
            ]
        )
        for i in range(rows)
    ]


def _memory_method(name: str) -> t.Callable[[list[t.Any]], t.Any]:
    from neo4j import _arrow
    from neo4j._work.dataframe import records_to_df

    keys = list(KEYS)
    if name == "to_arrow":
        return lambda rows: _arrow.to_arrow(keys, rows)
    if name == "to_arrow_batched":
        return lambda rows: _arrow.to_arrow(keys, rows, batch_size=BATCH)
    if name == "to_polars":
        return lambda rows: _arrow.to_polars(keys, rows)
    if name == "to_df":
        return lambda rows: records_to_df(rows, keys, False, False)
    if name == "to_df_then_arrow":
        import pyarrow

        def detour(rows: list[t.Any]) -> t.Any:
            frame = records_to_df(rows, keys, False, False)
            return pyarrow.Table.from_pandas(frame, preserve_index=False)

        return detour
    raise SystemExit(f"unknown method {name!r}")


def _check(out: t.Any, rows: int) -> None:
    # a method that returned the wrong data must not look fast
    height = getattr(out, "num_rows", None)
    if height is None:
        height = len(out)
    if height != rows:
        raise SystemExit(f"got {height} rows, expected {rows}")


def child_memory(method: str, rows: int, repeat: int) -> dict[str, t.Any]:
    convert = _memory_method(method)
    records = _records(rows)
    convert(records[:1000])  # warm-up: imports, first-call costs
    times = []
    peaks = []
    for _ in range(repeat):
        peak = Peak()
        start = time.perf_counter()
        out = convert(records)
        times.append(time.perf_counter() - start)
        _check(out, rows)
        del out
        peaks.append(peak.grown())
    return {"method": method, "times": times, "peak_mib": max(peaks)}


def _replay_query(dataset: str, rows: int) -> str:
    return f"BENCH {dataset} {rows}"


def child_replay(
    method: str, uri: str, dataset: str, rows: int, repeat: int
) -> dict[str, t.Any]:
    import neo4j

    query = _replay_query(dataset, rows)
    official = method.startswith("official")
    # every library is loaded before measuring, as by any earlier use
    import pandas  # noqa: F401
    import pyarrow

    if official:

        def read(result: t.Any) -> t.Any:
            frame = result.to_df()
            if method == "official_to_df_then_arrow":
                return pyarrow.Table.from_pandas(frame, preserve_index=False)
            return frame

    else:
        import polars  # noqa: F401

        from neo4j import _arrow

        def read(result: t.Any) -> t.Any:
            keys = result.keys()
            if method == "ours_to_arrow":
                return _arrow.to_arrow(keys, result)
            if method == "ours_to_arrow_batched":
                return _arrow.to_arrow(keys, result, batch_size=BATCH)
            if method == "ours_to_polars":
                return _arrow.to_polars(keys, result)
            if method == "ours_to_df":
                return result.to_df()
            raise SystemExit(f"unknown method {method!r}")

    driver = neo4j.GraphDatabase.driver(uri, auth=("neo4j", "password"))
    times = []
    peaks = []
    try:
        with driver.session() as session:
            read(session.run(_replay_query(dataset, 100)))  # warm-up
        for _ in range(repeat):
            with driver.session() as session:
                peak = Peak()
                start = time.perf_counter()
                out = read(session.run(query))
                times.append(time.perf_counter() - start)
                _check(out, rows)
                del out
                peaks.append(peak.grown())
    finally:
        driver.close()
    return {"method": method, "times": times, "peak_mib": max(peaks)}


# -- the runner -------------------------------------------------------------


def _spawn(python: str, args: list[str], ours: bool) -> dict[str, t.Any]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if ours:
        env["PYTHONPATH"] = str(ROOT / "src")
    done = subprocess.run(
        [python, str(Path(__file__).resolve()), "--child", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} failed:\n{done.stderr}")
    return t.cast("dict[str, t.Any]", json.loads(done.stdout))


def _table(title: str, results: list[dict[str, t.Any]], base: str) -> None:
    by_name = {r["method"]: r for r in results if "error" not in r}
    base_time = min(by_name[base]["times"]) if base in by_name else None
    base_peak = by_name[base]["peak_mib"] if base in by_name else None
    print(f"\n### {title}\n")
    print(
        f"| method | best s | median s | peak MiB | time vs {base} "
        f"| peak vs {base} |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for result in results:
        if "error" in result:
            print(f"| {result['method']} | failed: {result['error']} |")
            continue
        best = min(result["times"])
        median = statistics.median(result["times"])
        peak = result["peak_mib"]
        time_ratio = f"{best / base_time:.2f}x" if base_time else "-"
        peak_ratio = f"{peak / base_peak:.2f}x" if base_peak else "-"
        print(
            f"| {result['method']} | {best:.3f} | {median:.3f} | "
            f"{peak:.1f} | {time_ratio} | {peak_ratio} |"
        )


def _run_memory(args: argparse.Namespace) -> list[dict[str, t.Any]]:
    results = []
    for method in args.methods or MEMORY_METHODS:
        print(f"memory: {method} ...", file=sys.stderr)
        results.append(
            _spawn(
                sys.executable,
                ["memory", method, str(args.rows), str(args.repeat)],
                ours=True,
            )
        )
    _table(f"{args.rows:,} records in memory (5 columns)", results, "to_df")
    return results


def _run_replay(args: argparse.Namespace) -> list[dict[str, t.Any]]:
    sys.path.insert(0, str(ROOT))
    from benchmarks.run import ReplayProcess

    rows = args.replay_rows
    results = []
    with ReplayProcess([_replay_query(args.dataset, rows)]) as server:
        plan = [(sys.executable, m, True) for m in OURS_REPLAY]
        if args.official_python:
            plan += [(args.official_python, m, False) for m in OFFICIAL_REPLAY]
        for python, method, ours in plan:
            print(f"replay: {method} ...", file=sys.stderr)
            results.append(
                _spawn(
                    python,
                    [
                        "replay",
                        method,
                        server.uri,
                        args.dataset,
                        str(rows),
                        str(args.repeat),
                    ],
                    ours=ours,
                )
            )
    base = "official_to_df" if args.official_python else "ours_to_df"
    _table(
        f"replay server, BENCH {args.dataset} {rows:,} (end to end)",
        results,
        base,
    )
    return results


def main(argv: t.Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--child":
        kind, *rest = argv[1:]
        try:
            if kind == "memory":
                method, rows, repeat = rest
                out = child_memory(method, int(rows), int(repeat))
            else:
                method, uri, dataset, rows, repeat = rest
                out = child_replay(
                    method, uri, dataset, int(rows), int(repeat)
                )
        except Exception as error:  # reported, not fatal: the pandas
            # detour cannot convert the driver's temporal values
            out = {
                "method": rest[0],
                "error": f"{type(error).__name__}: {error}"[:160],
            }
        print(json.dumps(out))
        return
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0] if __doc__ else None
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--methods", nargs="*", choices=MEMORY_METHODS, default=None
    )
    parser.add_argument(
        "--replay", action="store_true", help="also run end to end"
    )
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the in-memory part"
    )
    parser.add_argument("--dataset", choices=("ints", "wide"), default="ints")
    parser.add_argument("--replay-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--official-python",
        default=os.environ.get("OFFICIAL_DF_PYTHON"),
        help="interpreter with the official neo4j, pandas and pyarrow "
        "(default: $OFFICIAL_DF_PYTHON; none: official part skipped)",
    )
    parser.add_argument("--json", type=Path, help="also write results here")
    args = parser.parse_args(argv)
    results: dict[str, t.Any] = {}
    if not args.no_memory:
        results["memory"] = _run_memory(args)
    if args.replay:
        results["replay"] = _run_replay(args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
