"""The fault matrix's thread storm (issue 12), on the stub server.

32 threads share one sync driver with a pool of 8 and run queries that
succeed, fail on the server, lose their connection or meet a server
that goes silent, in random order.  Each query must end in its own
typed error (or its records), no thread may hang, and afterwards no
connection is in use, the pool holds at most its size, a query runs and
closing the driver leaves no socket open.  Sync only: threads are how
sync applications share a driver (the async storm is
``tests/stub/asyncio_only``).
"""

from __future__ import annotations

import random
import threading
import typing as t

import pytest

from neo4j import GraphDatabase
from neo4j.exceptions import (
    ResponseTimeoutError,
    ServiceUnavailable,
    TransientError,
)
from tests.stub.server import StubServers
from tests.stub.sockets import open_sockets, settle_sockets


THREADS = 32
QUERIES = 25
POOL_SIZE = 8
#: a healthy storm ends in seconds; a deadlocked pool never does
STORM_BOUND = 120.0

SCRIPT = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
!: ALLOW CONCURRENT
!: ALLOW HANGUP
*{
  |{
    C: RUN "OK" {} {}
    C: PULL {"n": 1000}
    S: SUCCESS {"fields": ["n"]}
       RECORD [1]
       RECORD [2]
       SUCCESS {}
  }|{
    C: RUN "FAIL" {} {}
    C: PULL {"n": 1000}
    S: FAILURE {"code": "Neo.TransientError.General.Busy", "message": "b"}
       IGNORED
  }|{
    C: RUN "KILL" {} {}
    C: PULL {"n": 1000}
    S: SUCCESS {"fields": ["n"]}
       RECORD [1]
       <EXIT>
  }|{
    C: RUN "SLOW" {} {}
    C: PULL {"n": 1000}
    S: <SLEEP 2>
  }
}
"""

#: query -> the error it must end in (None: its records)
OUTCOMES: dict[str, type[Exception] | None] = {
    "OK": None,
    "FAIL": TransientError,
    "KILL": ServiceUnavailable,
    "SLOW": ResponseTimeoutError,
}


def _query(driver: t.Any, query: str) -> None:
    expected = OUTCOMES[query]
    with driver.session() as session:
        if expected is None:
            assert [r["n"] for r in session.run(query)] == [1, 2]
            return
        with pytest.raises(expected):
            list(session.run(query))


@pytest.mark.parametrize("seed", [1, 2])
def test_thread_storm_with_faults_leaves_a_healthy_pool(
    stub_server: StubServers, seed: int
) -> None:
    server = stub_server.start(SCRIPT)
    sockets_before = open_sockets()
    driver = GraphDatabase.driver(
        server.uri(),
        auth=("neo4j", "pass"),
        max_connection_pool_size=POOL_SIZE,
        connection_acquisition_timeout=STORM_BOUND,
        response_timeout=0.3,
    )
    pool = t.cast(t.Any, driver)._pool
    failures: list[BaseException] = []
    rnd = random.Random(seed)
    plans = [
        rnd.choices(list(OUTCOMES), weights=[7, 1, 1, 1], k=QUERIES)
        for _ in range(THREADS)
    ]

    def run(plan: list[str]) -> None:
        try:
            for query in plan:
                _query(driver, query)
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STORM_BOUND)
    assert not [th for th in threads if th.is_alive()], "threads hang"
    assert failures == []
    assert pool.in_use_count(pool.address) == 0
    assert len(pool._state.all_connections()) <= POOL_SIZE
    _query(driver, "OK")
    _query(driver, "FAIL")
    assert pool.in_use_count(pool.address) == 0
    driver.close()
    assert len(pool._state.all_connections()) == 0
    assert settle_sockets(sockets_before) == sockets_before
    server.done()
