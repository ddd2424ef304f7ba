# This file is generated from tests/integration/async_/test_execute_query.py by bin/make-unasync; do not edit.
# make-unasync digest: dc9dbd2c74a898887f0c514d6778666bd9df36c2ae3f97a6dc73a55f5bd264a4
"""``driver.execute_query`` and bookmarks against a real server.

Runs on ArcadeDB and Neo4j.  ArcadeDB returns a bookmark for every
committed explicit (or managed) transaction; it does not check incoming
bookmarks, so chaining is verified by what the driver sends being
accepted and by the data being visible.  Neo4j checks them (see
``test_neo4j_features.py``).
"""

from __future__ import annotations

import typing as t

import pytest

import neo4j
from neo4j import (
    Driver,
    GraphDatabase,
    Result,
    Bookmarks,
    EagerResult,
    RoutingControl,
)
from neo4j.api import BookmarkManager
from tests.integration.sync._util import count_nodes


if t.TYPE_CHECKING:
    from tests.integration.conftest import Target


# -- execute_query ---------------------------------------------------------


def test_default_returns_eager_result(driver: Driver, db: str) -> None:
    eager = driver.execute_query(
        "UNWIND range(1, 3) AS x RETURN x", database_=db
    )
    assert isinstance(eager, EagerResult)
    records, summary, keys = eager
    assert keys == ["x"]
    assert [r["x"] for r in records] == [1, 2, 3]
    assert summary.query == "UNWIND range(1, 3) AS x RETURN x"


@pytest.mark.parametrize(
    "routing",
    ["r", "w", RoutingControl.READ, RoutingControl.WRITE],
    ids=["r", "w", "READ", "WRITE"],
)
def test_routing(driver: Driver, routing: t.Any, db: str) -> None:
    records, _, _ = driver.execute_query(
        "RETURN $x AS x", {"x": 5}, routing_=routing, database_=db
    )
    assert records[0]["x"] == 5


def test_write_then_read(driver: Driver, label: str, db: str) -> None:
    _, summary, _ = driver.execute_query(
        f"CREATE (:{label} {{v: $v}})", v=3, routing_="w", database_=db
    )
    assert summary.counters.nodes_created == 1
    records, _, _ = driver.execute_query(
        f"MATCH (n:{label}) RETURN n.v AS v", routing_="r", database_=db
    )
    assert [r["v"] for r in records] == [3]


# Neo4j Community has a single user database.
@pytest.mark.servers("arcadedb")
def test_database_selection(driver: Driver, label: str, db: str) -> None:
    driver.execute_query(f"CREATE (:{label})", database_="other")
    assert count_nodes(driver, db, label) == 0
    records, _, _ = driver.execute_query(
        f"MATCH (n:{label}) RETURN count(n) AS c", database_="other"
    )
    assert records[0]["c"] == 1


def test_parameters_and_kwargs_merge(driver: Driver, db: str) -> None:
    records, summary, _ = driver.execute_query(
        "RETURN $a AS a, $b AS b, $c AS c",
        {"a": 1, "b": 2},
        database_=db,
        b=20,
        c=30,
    )
    assert records[0].data() == {"a": 1, "b": 20, "c": 30}
    assert summary.parameters == {"a": 1, "b": 20, "c": 30}

    records, _, _ = driver.execute_query(
        "RETURN $a AS a", parameters_={"a": "x"}, database_=db
    )
    assert records[0]["a"] == "x"


def test_query_object(driver: Driver, db: str) -> None:
    query = neo4j.Query("RETURN $v AS v", timeout=10.0)
    records, _, _ = driver.execute_query(query, v=9, database_=db)
    assert records[0]["v"] == 9


def test_async_result_transformer(driver: Driver, db: str) -> None:
    def transformer(result: Result) -> list[int]:
        return [record["x"] for record in result]

    got = driver.execute_query(
        "UNWIND range(1, 4) AS x RETURN x",
        database_=db,
        result_transformer_=transformer,
    )
    assert got == [1, 2, 3, 4]


def test_builtin_result_transformers(driver: Driver, db: str) -> None:
    single = driver.execute_query(
        "RETURN 1 AS x",
        database_=db,
        result_transformer_=Result.single,
    )
    assert single is not None
    assert single["x"] == 1
    data = driver.execute_query(
        "UNWIND [1, 2] AS x RETURN x",
        database_=db,
        result_transformer_=Result.data,
    )
    assert data == [{"x": 1}, {"x": 2}]
    summary = driver.execute_query(
        "RETURN 1 AS x",
        database_=db,
        result_transformer_=Result.consume,
    )
    assert summary.query == "RETURN 1 AS x"


def test_lambda_result_transformer(driver: Driver, db: str) -> None:
    got = driver.execute_query(
        "UNWIND range(1, 5) AS x RETURN x",
        database_=db,
        result_transformer_=lambda result: result.value("x"),
    )
    assert got == [1, 2, 3, 4, 5]


def test_execute_query_chains_causally(
    driver: Driver, label: str, db: str
) -> None:
    manager = driver.execute_query_bookmark_manager
    before = set(manager.get_bookmarks())
    driver.execute_query(f"CREATE (:{label})", database_=db)
    after = set(manager.get_bookmarks())
    assert after
    assert after != before
    records, _, _ = driver.execute_query(
        f"MATCH (n:{label}) RETURN count(n) AS c", database_=db
    )
    assert records[0]["c"] == 1


def test_execute_query_without_bookmark_manager(
    driver: Driver, label: str, db: str
) -> None:
    manager = driver.execute_query_bookmark_manager
    before = set(manager.get_bookmarks())
    driver.execute_query(
        f"CREATE (:{label})", database_=db, bookmark_manager_=None
    )
    assert set(manager.get_bookmarks()) == before
    assert count_nodes(driver, db, label) == 1


def test_reserved_kwargs_are_refused(driver: Driver, db: str) -> None:
    with pytest.raises(ValueError):
        driver.execute_query("RETURN 1", database_=db, bad_=1)


# -- bookmarks -------------------------------------------------------------


def test_last_bookmarks_after_explicit_commit(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db) as session:
        assert isinstance(session.last_bookmarks(), Bookmarks)
        assert not session.last_bookmarks()
        tx = session.begin_transaction()
        (tx.run(f"CREATE (:{label})")).consume()
        tx.commit()
        first = session.last_bookmarks()
        assert first
        assert len(first.raw_values) == 1
        assert all(isinstance(v, str) and v for v in first.raw_values)

        def work(tx: neo4j.ManagedTransaction) -> None:
            (tx.run(f"CREATE (:{label})")).consume()

        session.execute_write(work)
        second = session.last_bookmarks()
        # (not compared with the first: ArcadeDB's bookmarks are commit
        # timestamps in milliseconds, two fast commits may share one)
        assert second
        assert len(second.raw_values) == 1


def test_rollback_keeps_previous_bookmarks(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db) as session:
        tx = session.begin_transaction()
        (tx.run(f"CREATE (:{label})")).consume()
        tx.commit()
        committed = session.last_bookmarks()
        tx = session.begin_transaction()
        (tx.run(f"CREATE (:{label})")).consume()
        tx.rollback()
        assert (session.last_bookmarks()).raw_values == (committed.raw_values)


def test_cross_session_chaining_with_bookmarks(
    driver: Driver, label: str, db: str, server: Target
) -> None:
    collected = Bookmarks()
    each: list[frozenset[str]] = []
    for i in range(2):
        with driver.session(database=db) as session:
            with session.begin_transaction() as tx:
                (tx.run(f"CREATE (:{label} {{i: $i}})", i=i)).consume()
            last = session.last_bookmarks()
            each.append(last.raw_values)
            collected += last
    # ArcadeDB's bookmarks are commit timestamps: two commits in the same
    # millisecond share one, so assert the union rather than a count
    assert all(each)
    assert collected.raw_values == each[0] | each[1]
    with driver.session(database=db, bookmarks=collected) as session:
        result = session.run(f"MATCH (n:{label}) RETURN n.i AS i")
        assert sorted(result.value()) == [0, 1]
        after_read = (session.last_bookmarks()).raw_values
    if server.is_neo4j:
        # Neo4j answers even a read with a bookmark: the newest one
        assert after_read == each[1]
    else:
        # bookmarks given to the session are its last bookmarks until it
        # commits something itself
        assert after_read == collected.raw_values


def test_bookmarks_from_raw_values(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db) as session:
        with session.begin_transaction() as tx:
            (tx.run(f"CREATE (:{label})")).consume()
        raw = (session.last_bookmarks()).raw_values
    bookmarks = Bookmarks.from_raw_values(raw)
    with driver.session(database=db, bookmarks=bookmarks) as session:
        result = session.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        assert (result.single(strict=True))["c"] == 1


def test_bookmark_manager_chains_sessions(
    driver: Driver, label: str, db: str
) -> None:
    consumed: list[frozenset[str]] = []

    def consumer(bookmarks: Bookmarks) -> None:
        consumed.append(bookmarks.raw_values)

    manager = GraphDatabase.bookmark_manager(bookmarks_consumer=consumer)
    assert isinstance(manager, BookmarkManager)
    with driver.session(database=db, bookmark_manager=manager) as session:
        with session.begin_transaction() as tx:
            (tx.run(f"CREATE (:{label})")).consume()
        first = session.last_bookmarks()
    assert set(manager.get_bookmarks()) == set(first.raw_values)
    assert consumed[-1] == first.raw_values

    with driver.session(database=db, bookmark_manager=manager) as session:

        def work(tx: neo4j.ManagedTransaction) -> int:
            (tx.run(f"CREATE (:{label})")).consume()
            result = tx.run(f"MATCH (n:{label}) RETURN count(n) AS c")
            return t.cast(int, (result.single(strict=True))["c"])

        assert session.execute_write(work) == 2
        second = session.last_bookmarks()
    # the manager replaced the bookmarks it handed out with the new one
    assert set(manager.get_bookmarks()) == set(second.raw_values)
    assert len(consumed) == 2


def test_bookmark_manager_with_initial_bookmarks_and_supplier(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db) as session:
        with session.begin_transaction() as tx:
            (tx.run(f"CREATE (:{label})")).consume()
        initial = session.last_bookmarks()

    # a bookmark the server knows (Neo4j refuses unparsable ones)
    supplied = Bookmarks.from_raw_values(initial.raw_values)
    manager = GraphDatabase.bookmark_manager(
        initial_bookmarks=initial, bookmarks_supplier=lambda: supplied
    )
    assert set(manager.get_bookmarks()) == set(initial.raw_values)
    with driver.session(database=db, bookmark_manager=manager) as session:
        result = session.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        assert (result.single(strict=True))["c"] == 1


def test_sync_bookmark_manager_in_async_session(
    driver: Driver, label: str, db: str
) -> None:
    manager = neo4j.GraphDatabase.bookmark_manager()
    with driver.session(database=db, bookmark_manager=manager) as session:
        with session.begin_transaction() as tx:
            (tx.run(f"CREATE (:{label})")).consume()
        last = session.last_bookmarks()
    assert set(manager.get_bookmarks()) == set(last.raw_values)


def test_execute_query_with_custom_bookmark_manager(
    driver: Driver, label: str, db: str
) -> None:
    manager = GraphDatabase.bookmark_manager()
    driver.execute_query(
        f"CREATE (:{label})", database_=db, bookmark_manager_=manager
    )
    assert len(set(manager.get_bookmarks())) == 1


# -- neo4j:// (ROUTE lists only the server itself) ----------------------


def test_routing_driver(server: Target, label: str, db: str) -> None:
    with GraphDatabase.driver(server.routing_uri, auth=server.auth) as driver:
        assert isinstance(driver, neo4j.Neo4jDriver)
        _, summary, _ = driver.execute_query(
            f"CREATE (:{label})", routing_="w", database_=db
        )
        assert summary.counters.nodes_created == 1
        records, _, _ = driver.execute_query(
            f"MATCH (n:{label}) RETURN count(n) AS c",
            routing_="r",
            database_=db,
        )
        assert records[0]["c"] == 1
        with driver.session(
            database=db, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            result = session.run("RETURN 1 AS x")
            assert (result.single(strict=True))["x"] == 1
        driver.verify_connectivity()
