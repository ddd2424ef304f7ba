# This file is generated from tests/stub/async_/test_no_cyclic_garbage.py by bin/make-unasync; do not edit.
# make-unasync digest: faaa38acaf1ca6529dc7e098aee3433583a425348cab6704e38378379d90feb6
"""Finished work is freed by reference counting (async twin).

``tests/stub/sync/test_no_cyclic_garbage.py`` is generated from this
file.  A result, its responses, its hydration scope and its summary must
not form reference cycles with the session or transaction that made
them: each cycle per query is left to Python's cyclic garbage collector,
whose passes then cost about a fifth of a small query's time under
load.  The test runs every kind of work once to warm up, then again with
the collector switched off and asks it what it would have had to free.

Graph entities are the exception by design: a node knows its graph
(``node.graph``) and the graph holds its nodes, so a result that returned
nodes leaves that one cycle (``neo4j.graph`` objects only).
"""

from __future__ import annotations

import gc
import typing as t

import neo4j
from neo4j._sync.driver import Driver
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., Driver]

SCRIPT = """\
!: BOLT 5.4
!: AUTO RESET
!: AUTO GOODBYE
C: HELLO {"user_agent": *, "bolt_agent": {"product": *, ...}, ...}
S: SUCCESS {"server": "Neo4j/5.4.0", "connection_id": "b-1"}
C: LOGON {"scheme": "basic", "principal": "neo4j", "credentials": "pass"}
S: SUCCESS {}
*{
  |{
    C: RUN "RETURN $x AS x" {"x": 1} {"db": "neo4j", ...}
    C: PULL {"n": 1000}
    S: SUCCESS {"fields": ["x"]}
       RECORD [1]
       RECORD [Node(7, ["Person"], {"name": "Ada"}, "4:db:7")]
       SUCCESS {"type": "r", "db": "neo4j", "bookmark": "bm-auto"}
  }|{
    C: BEGIN {"db": "neo4j", ...}
    S: SUCCESS {}
    C: RUN "RETURN $x AS x" {"x": 1} {}
    C: PULL {"n": 1000}
    S: SUCCESS {"fields": ["x"], "qid": 0}
       RECORD [1]
       SUCCESS {"type": "r"}
    |{
      C: COMMIT
      S: SUCCESS {"bookmark": "bm-tx"}
    }|{
      C: ROLLBACK
      S: SUCCESS {}
    }
  }
}
"""


def _every_kind_of_work(driver: Driver) -> None:
    with driver.session(database="neo4j") as session:
        result = session.run("RETURN $x AS x", x=1)
        assert len([record for record in result]) == 2
        result = session.run("RETURN $x AS x", x=1)
        result.consume()
        result = session.run("RETURN $x AS x", x=1)
        graph = result.graph()
        assert len(graph.nodes) == 1

        with session.begin_transaction() as tx:
            result = tx.run("RETURN $x AS x", x=1)
            assert (result.single(strict=True))["x"] == 1
            tx.commit()

        tx = session.begin_transaction()
        result = tx.run("RETURN $x AS x", x=1)
        result.consume()
        tx.rollback()
        tx.close()

        def work(tx: neo4j.ManagedTransaction) -> int:
            result = tx.run("RETURN $x AS x", x=1)
            record = result.single(strict=True)
            return t.cast(int, record["x"])

        assert session.execute_read(work) == 1
    records, summary, keys = driver.execute_query(
        "RETURN $x AS x", x=1, database_="neo4j"
    )
    assert (len(records), keys) == (1, ["x"])
    assert summary.query_type == "r"


def test_finished_work_leaves_no_cyclic_garbage(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(SCRIPT)
    driver = make_driver(server, max_connection_pool_size=1)
    _every_kind_of_work(driver)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(3):
            _every_kind_of_work(driver)
        gc.collect()
        left = sorted(
            {
                f"{type(obj).__module__}.{type(obj).__qualname__}"
                for obj in gc.garbage
                if type(obj).__module__.startswith("neo4j")
                and type(obj).__module__ != "neo4j.graph"
            }
        )
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []
    driver.close()
    server.done()
