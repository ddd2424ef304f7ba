"""A driver created before ``os.fork()``, used by the parent and child.

Hand-written for each twin (forking is not an async/sync pair): the sync
driver must serve both processes, each on its own connections; the
asyncio driver must refuse the child with a clear error, never hang.
"""

from __future__ import annotations

import asyncio
import functools
import os
import sys
import typing as t
import warnings

import pytest

from neo4j import AsyncGraphDatabase, GraphDatabase
from neo4j.exceptions import DriverError


pytestmark = [
    pytest.mark.servers("arcadedb"),
    pytest.mark.skipif(
        not hasattr(os, "fork"), reason="os.fork() exists on POSIX only"
    ),
]

FORKS = 100
QUERIES_EACH = 5


def _fork() -> int:
    with warnings.catch_warnings():
        # "use of fork() may lead to deadlocks" (3.12+, threads exist):
        # exactly what the driver's fork hook guards against
        warnings.simplefilter("ignore", DeprecationWarning)
        return os.fork()


def _in_child(body: t.Callable[[], int]) -> t.NoReturn:
    """Run ``body`` in the child and leave with its status, never
    returning into pytest."""
    status = 70
    try:
        status = body()
    except BaseException as exc:  # reported through the exit status
        print(f"child failed: {exc!r}", file=sys.stderr, flush=True)
    finally:
        os._exit(status)


def _status(check: t.Callable[[int], bool], tag: int) -> int:
    return 0 if check(tag) else 1


def _wait(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_sync_driver_serves_parent_and_forked_children(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    with GraphDatabase.driver(bolt_uri, auth=auth) as driver:

        def sums(tag: int) -> bool:
            for n in range(QUERIES_EACH):
                records, _, _ = driver.execute_query(
                    "RETURN $a + $b AS s", a=tag, b=n, database_=db
                )
                if records[0]["s"] != tag + n:
                    return False
            return True

        assert sums(0)  # the parent holds a pooled connection now
        for round_ in range(1, FORKS + 1):
            pid = _fork()
            if pid == 0:
                _in_child(functools.partial(_status, sums, 10_000 + round_))
            # the parent works while the child does, on its own sockets
            parent_ok = sums(round_)
            assert _wait(pid) == 0, f"child of round {round_} failed"
            assert parent_ok, f"parent got wrong sums in round {round_}"
        # nothing the children did reached the parent's connections
        assert sums(-1)


def test_sync_child_refreshes_the_routing_table(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    uri = bolt_uri.replace("bolt://", "neo4j://")
    with GraphDatabase.driver(uri, auth=auth) as driver:
        driver.execute_query("RETURN 1", database_=db)
        pid = _fork()
        if pid == 0:

            def child() -> int:
                # the parent's tables were forgotten at the fork
                if getattr(driver._pool, "routing_tables", None):
                    return 2
                records, _, _ = driver.execute_query("RETURN 2", database_=db)
                return 0 if records[0][0] == 2 else 1

            _in_child(child)
        assert _wait(pid) == 0
        records, _, _ = driver.execute_query("RETURN 3", database_=db)
        assert records[0][0] == 3


def test_async_driver_refuses_the_child_clearly(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    driver = AsyncGraphDatabase.driver(bolt_uri, auth=auth)

    async def one(value: int) -> int:
        records, _, _ = await driver.execute_query(
            "RETURN $v", v=value, database_=db
        )
        return int(records[0][0])

    assert asyncio.run(one(1)) == 1
    read_end, write_end = os.pipe()
    pid = _fork()
    if pid == 0:

        def child() -> int:
            os.close(read_end)
            try:
                asyncio.run(asyncio.wait_for(one(2), 20))
            except DriverError as exc:
                os.write(write_end, str(exc).encode())
                return 0
            return 1

        _in_child(child)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    assert _wait(pid) == 0
    assert "os.fork()" in message
    assert "create a new driver in the child" in message
    # the parent goes on with the same driver
    assert asyncio.run(one(3)) == 3
    asyncio.run(driver.close())
