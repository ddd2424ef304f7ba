"""Records to objects: mapping against a hand-written loop and ``data()``.

Records are built in memory the way the decoder builds them (one
record class per key set, nodes of a graph), so only the conversion is
timed, no I/O.  Three workloads of ``--rows`` records (100,000 by
default):

* ``columns``: five scalar columns (``RETURN p.name AS name, ...``)
  onto a dataclass of five fields;
* ``node``: one node column (``RETURN p``) whose five properties fill
  the dataclass;
* ``node+temporal``: one node with a name, a ``DateTime`` and a list of
  strings onto a dataclass asking for ``datetime`` and ``list[str]``
  (the conversion a hand-written loop does with ``.to_native()``).

Each is converted by ``[r.data() for r in records]`` (the baseline of
the 1.5x target), by the loop people write by hand, and by
:func:`neo4j.mapping.as_objects`; the ``columns`` and ``node``
workloads also by a pydantic model, if pydantic is installed.  Times
are the best of ``--repeat`` runs, with the garbage collector off while
timing; the ratio is to ``data()``.

Run from the repository root::

    python benchmarks/mapping_bench.py
    python benchmarks/mapping_bench.py --rows 1000000 --repeat 3 --json
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import gc
import json
import sys
import time
import typing as t
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from neo4j._data import record_factory  # noqa: E402
from neo4j.graph import Graph  # noqa: E402
from neo4j.mapping import as_objects  # noqa: E402
from neo4j.time import DateTime  # noqa: E402


@dataclasses.dataclass
class Person:
    name: str
    age: int
    email: str
    score: float
    active: bool


@dataclasses.dataclass
class Visit:
    name: str
    at: datetime.datetime
    tags: list[str]


def columns(rows: int) -> list[t.Any]:
    make = record_factory(("name", "age", "email", "score", "active"))
    return [
        make([f"n{i}", i, f"u{i}@example.com", i * 0.5, i % 2 == 0])
        for i in range(rows)
    ]


def nodes(rows: int) -> list[t.Any]:
    make = record_factory(("p",))
    graph = Graph()
    return [
        make(
            [
                graph._make_node(
                    i,
                    ("Person",),
                    {
                        "name": f"n{i}",
                        "age": i,
                        "email": f"u{i}@example.com",
                        "score": i * 0.5,
                        "active": i % 2 == 0,
                    },
                    f"4:db:{i}",
                )
            ]
        )
        for i in range(rows)
    ]


def temporal_nodes(rows: int) -> list[t.Any]:
    make = record_factory(("v",))
    graph = Graph()
    utc = datetime.timezone.utc
    return [
        make(
            [
                graph._make_node(
                    i,
                    ("Visit",),
                    {
                        "name": f"n{i}",
                        "at": DateTime(2024, 1, 1 + i % 28, 12, tzinfo=utc),
                        "tags": ["a", "b"],
                    },
                    f"4:db:{i}",
                )
            ]
        )
        for i in range(rows)
    ]


def hand_columns(records: list[t.Any]) -> list[Person]:
    return [
        Person(
            name=r["name"],
            age=r["age"],
            email=r["email"],
            score=r["score"],
            active=r["active"],
        )
        for r in records
    ]


def hand_node(records: list[t.Any]) -> list[Person]:
    return [Person(**r["p"]) for r in records]


def hand_temporal(records: list[t.Any]) -> list[Visit]:
    out = []
    for record in records:
        value = record["v"]
        out.append(
            Visit(
                name=value["name"],
                at=value["at"].to_native(),
                tags=list(value["tags"]),
            )
        )
    return out


def data(records: list[t.Any]) -> list[dict[str, t.Any]]:
    return [record.data() for record in records]


def best_of(fn: t.Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def workloads(rows: int) -> dict[str, dict[str, t.Callable[[], object]]]:
    by_columns = columns(rows)
    by_node = nodes(rows)
    by_temporal = temporal_nodes(rows)
    found: dict[str, dict[str, t.Callable[[], object]]] = {
        "columns": {
            "data()": lambda: data(by_columns),
            "hand-written": lambda: hand_columns(by_columns),
            "as_objects": lambda: as_objects(by_columns, Person),
        },
        "node": {
            "data()": lambda: data(by_node),
            "hand-written": lambda: hand_node(by_node),
            "as_objects": lambda: as_objects(by_node, Person),
        },
        "node+temporal": {
            "data()": lambda: data(by_temporal),
            "hand-written": lambda: hand_temporal(by_temporal),
            "as_objects": lambda: as_objects(by_temporal, Visit),
        },
    }
    try:
        import pydantic
    except ImportError:
        return found

    class Model(pydantic.BaseModel):
        name: str
        age: int
        email: str
        score: float
        active: bool

    found["columns"]["as_objects (pydantic)"] = lambda: as_objects(
        by_columns, Model
    )
    found["node"]["as_objects (pydantic)"] = lambda: as_objects(by_node, Model)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)

    results: dict[str, dict[str, float]] = {}
    for name, methods in workloads(args.rows).items():
        results[name] = {
            method: best_of(fn, args.repeat) for method, fn in methods.items()
        }
    if args.json:
        print(json.dumps({"rows": args.rows, "seconds": results}, indent=2))
        return 0
    print(f"{args.rows:,} records, best of {args.repeat}")
    for name, timings in results.items():
        baseline = timings["data()"]
        print(f"\n{name}")
        for method, seconds in timings.items():
            print(
                f"  {method:24} {seconds * 1000:9.1f} ms"
                f"  {seconds / baseline:5.2f}x data()"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
