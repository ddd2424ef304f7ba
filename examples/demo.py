"""A tour of the driver: the same small graph, written sync and async.

Run it with ``python3 bin/demo`` (which installs the driver into ``.venv``
first) or directly with ``python examples/demo.py``.  Without
``NEO4J_URI`` it starts an embedded ArcadeDB of its own; with it, it talks
to that server (``NEO4J_AUTH=user/password``, ``NEO4J_DATABASE`` to pick a
database; the server's default database otherwise).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import DEFAULT_DATABASE, ensure_server

import neo4j
from neo4j import AsyncGraphDatabase, GraphDatabase


PEOPLE = [("Alice", 33), ("Bob", 41), ("Carol", 27), ("Dave", 52)]
FRIENDSHIPS = [("Alice", "Bob"), ("Bob", "Carol"), ("Carol", "Dave")]


def create_graph(tx: neo4j.ManagedTransaction, tag: str) -> int:
    """Create the people and their friendships; return the node count."""
    tx.run(
        "UNWIND $people AS p CREATE (:Person {name: p.name, age: p.age, "
        "tag: $tag})",
        people=[{"name": n, "age": a} for n, a in PEOPLE],
        tag=tag,
    ).consume()
    for a, b in FRIENDSHIPS:
        tx.run(
            "MATCH (a:Person {name: $a, tag: $tag}), "
            "(b:Person {name: $b, tag: $tag}) "
            "CREATE (a)-[:KNOWS {since: 2020}]->(b)",
            a=a,
            b=b,
            tag=tag,
        ).consume()
    record = tx.run(
        "MATCH (p:Person {tag: $tag}) RETURN count(p) AS n", tag=tag
    ).single(strict=True)
    return int(record["n"])


def sync_demo(uri: str, auth: tuple[str, str] | None, db: str | None) -> None:
    """The synchronous API: driver, transaction function, streamed rows."""
    print("== sync ==")
    with GraphDatabase.driver(uri, auth=auth) as driver:
        driver.verify_connectivity()
        info = driver.get_server_info()
        print(
            f"server {info.agent} at {info.address}, "
            f"Bolt {info.protocol_version}"
        )
        with driver.session(database=db) as session:
            created = session.execute_write(create_graph, "sync")
            print(f"created {created} people")
            result = session.run(
                "MATCH (a:Person {tag: 'sync'})-[k:KNOWS]->(b:Person) "
                "RETURN a.name AS a, b.name AS b, k.since AS since "
                "ORDER BY a"
            )
            for record in result:  # rows stream in fetch_size batches
                print(
                    f"  {record['a']} knows {record['b']} "
                    f"since {record['since']}"
                )
            # an explicit transaction that is rolled back leaves no trace
            with session.begin_transaction() as tx:
                tx.run("CREATE (:Person {name: 'Ghost', tag: 'sync'})")
                tx.rollback()
        records, summary, keys = driver.execute_query(
            "MATCH (p:Person {tag: 'sync'}) RETURN p.name AS name, "
            "p.age AS age ORDER BY age",
            database_=db,
            routing_=neo4j.RoutingControl.READ,
        )
        print(
            f"execute_query: {keys} -> "
            f"{[r.values() for r in records]} "
            f"(in {summary.result_available_after} ms)"
        )
        driver.execute_query(
            "MATCH (p:Person {tag: 'sync'}) DETACH DELETE p", database_=db
        )


async def async_demo(
    uri: str, auth: tuple[str, str] | None, db: str | None
) -> None:
    """The same with asyncio: concurrent sessions on one driver."""
    print("== async ==")
    async with AsyncGraphDatabase.driver(uri, auth=auth) as driver:

        async def add(name: str, age: int) -> None:
            async with driver.session(database=db) as session:
                await session.execute_write(
                    lambda tx: _run_async(tx, name, age)
                )

        await asyncio.gather(*(add(n, a) for n, a in PEOPLE))
        async with driver.session(database=db) as session:
            result = await session.run(
                "MATCH (p:Person {tag: 'async'}) RETURN p.name AS name "
                "ORDER BY name"
            )
            names = [record["name"] async for record in result]
            print(f"created concurrently: {names}")
            start = time.perf_counter()
            result = await session.run("UNWIND range(1, 10000) AS i RETURN i")
            total = sum([record["i"] async for record in result])
            elapsed = (time.perf_counter() - start) * 1000
            print(f"streamed 10000 rows (sum {total}) in {elapsed:.1f} ms")
            await session.run(
                "MATCH (p:Person {tag: 'async'}) DETACH DELETE p"
            )


async def _run_async(
    tx: neo4j.AsyncManagedTransaction, name: str, age: int
) -> None:
    result = await tx.run(
        "CREATE (:Person {name: $name, age: $age, tag: 'async'})",
        name=name,
        age=age,
    )
    await result.consume()


def main() -> None:
    """Start (or find) a server and run both halves of the demo."""
    uri, auth, stop = ensure_server()
    database = os.environ.get("NEO4J_DATABASE") or (
        None if os.environ.get("NEO4J_URI") else DEFAULT_DATABASE
    )
    try:
        sync_demo(uri, auth, database)
        asyncio.run(async_demo(uri, auth, database))
    finally:
        stop()
    print("demo finished")


if __name__ == "__main__":
    main()
