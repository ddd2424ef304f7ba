# This file is generated from tests/integration/async_/test_results.py by bin/make-unasync; do not edit.
# make-unasync digest: 38511e50ebb6a4face4bac40a29cde2a463315db97e010b22cd40163e03c9502
"""The Result API against a real server (ArcadeDB and Neo4j).

ArcadeDB sends summary counters (``stats``) for writes, but no ``db``,
notifications or GQL statuses: the assertions below check what the
server really sends.
"""

from __future__ import annotations

import typing as t
import warnings

import pytest

import neo4j
from neo4j import Driver, EagerResult, Record
from neo4j.exceptions import ResultConsumedError, ResultNotSingleError
from neo4j.graph import Graph, Node


if t.TYPE_CHECKING:
    from tests.integration.conftest import Target


TEN = "UNWIND range(1, 10) AS x RETURN x, x * x AS sq"


def test_iteration_and_keys(driver: Driver, db: str) -> None:
    with driver.session(database=db) as session:
        result = session.run(TEN)
        assert list(result.keys()) == ["x", "sq"]
        records = [record for record in result]
    assert [tuple(r) for r in records] == [(i, i * i) for i in range(1, 11)]
    assert all(isinstance(r, Record) for r in records)
    assert records[2]["sq"] == 9
    assert records[2][1] == 9
    assert records[2].data() == {"x": 3, "sq": 9}


@pytest.mark.parametrize("fetch_size", [1, 2, 3, 9, 10, 11, -1])
def test_fetch_size_batching(driver: Driver, fetch_size: int, db: str) -> None:
    with driver.session(database=db, fetch_size=fetch_size) as session:
        result = session.run(TEN)
        got = [record["x"] for record in result]
        assert got == list(range(1, 11))
        summary = result.consume()
        assert summary.query == TEN


def test_fetch_size_at_driver_level(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    with (
        neo4j.GraphDatabase.driver(
            bolt_uri, auth=auth, fetch_size=2
        ) as driver,
        driver.session(database=db) as session,
    ):
        result = session.run(TEN)
        assert [r["x"] for r in result.fetch(3)] == [1, 2, 3]
        assert result.value() == list(range(4, 11))


def test_single(driver: Driver, db: str) -> None:
    with driver.session(database=db) as session:
        result = session.run("RETURN 1 AS one")
        record = result.single(strict=True)
        assert record == Record({"one": 1})

        result = session.run("UNWIND [] AS x RETURN x")
        assert result.single() is None

        result = session.run("UNWIND [] AS x RETURN x")
        with pytest.raises(ResultNotSingleError):
            result.single(strict=True)

        result = session.run(TEN)
        with pytest.raises(ResultNotSingleError):
            result.single(strict=True)

        result = session.run(TEN)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            first = result.single()
        assert first is not None
        assert first["x"] == 1
        assert len(caught) == 1
        # single() exhausts the result
        assert result.fetch(5) == []


def test_peek_and_fetch(driver: Driver, db: str) -> None:
    with driver.session(database=db, fetch_size=2) as session:
        result = session.run(TEN)
        first = result.peek()
        assert first is not None
        assert first["x"] == 1
        again = result.peek()
        assert again is not None
        assert again["x"] == 1
        got = result.fetch(4)
        assert [r["x"] for r in got] == [1, 2, 3, 4]
        fifth = result.peek()
        assert fifth is not None
        assert fifth["x"] == 5
        got = result.fetch(100)
        assert [r["x"] for r in got] == [5, 6, 7, 8, 9, 10]
        assert result.peek() is None
        assert result.fetch(1) == []


def test_value_values_data(driver: Driver, db: str) -> None:
    with driver.session(database=db) as session:
        result = session.run(TEN)
        assert result.value() == list(range(1, 11))

        result = session.run(TEN)
        assert result.value("sq") == [i * i for i in range(1, 11)]

        result = session.run("UNWIND [1, 2] AS x RETURN x")
        assert result.value("nope", "dflt") == ["dflt", "dflt"]

        result = session.run(TEN)
        values = result.values("sq", "x")
        assert values[:2] == [[1, 1], [4, 2]]

        result = session.run(TEN)
        assert (result.values())[9] == [10, 100]

        result = session.run(TEN)
        data = result.data()
        assert data[0] == {"x": 1, "sq": 1}
        assert len(data) == 10

        result = session.run(TEN)
        assert (result.data("sq"))[-1] == {"sq": 100}


def test_data_converts_graph_entities(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db) as session:
        result = session.run(
            f"CREATE (a:{label} {{n: 1}})-[r:R {{w: 2}}]->(b:{label}) "
            "RETURN a, r"
        )
        data = result.data()
    assert data[0]["a"] == {"n": 1}
    assert data[0]["r"] == ({"n": 1}, "R", {})


def test_graph(driver: Driver, label: str, db: str) -> None:
    with driver.session(database=db) as session:
        result = session.run(
            f"CREATE (a:{label} {{i: 1}})-[r:R]->(b:{label} {{i: 2}}), "
            f"(b)-[s:S]->(c:{label} {{i: 3}}) RETURN a, r, b, s, c"
        )
        graph = result.graph()
    assert isinstance(graph, Graph)
    assert len(graph.nodes) == 3
    assert len(graph.relationships) == 2
    assert sorted(n["i"] for n in graph.nodes) == [1, 2, 3]
    assert {r.type for r in graph.relationships} == {"R", "S"}
    for node in graph.nodes:
        assert isinstance(node, Node)
        assert graph.nodes[node.element_id] is node


def test_consume_summary_and_counters(
    driver: Driver, label: str, db: str, server: Target
) -> None:
    query = f"CREATE (a:{label} {{p: 1, q: 2}})-[:R]->(b:{label}) RETURN a"
    with driver.session(database=db) as session:
        result = session.run(query, {"unused": 5})
        summary = result.consume()
        assert summary.query == query
        assert summary.parameters == {"unused": 5}
        # Neo4j counts the RETURN as reading
        assert summary.query_type == ("rw" if server.is_neo4j else "w")
        counters = summary.counters
        assert counters.nodes_created == 2
        assert counters.relationships_created == 1
        assert counters.properties_set == 2
        assert counters.labels_added == 2
        assert counters.nodes_deleted == 0
        assert counters.contains_updates is True
        assert counters.contains_system_updates is False
        if server.is_neo4j:
            assert summary.server.protocol_version >= (6, 0)
            assert summary.server.agent.startswith("Neo4j/")
        else:
            assert summary.server.protocol_version == (5, 4)
            assert "ArcadeDB" in summary.server.agent
        # the session's database, as the official driver records it
        assert summary.metadata["database"] == db
        assert summary.result_available_after is not None
        assert summary.result_consumed_after is not None
        # consuming again returns the same summary; records are gone
        again = result.consume()
        assert again.counters.nodes_created == 2
        with pytest.raises(ResultConsumedError):
            result.fetch(1)
        with pytest.raises(ResultConsumedError):
            result.single()
        with pytest.raises(ResultConsumedError):
            result.graph()

        result = session.run(f"MATCH (n:{label}) DETACH DELETE n")
        summary = result.consume()
        assert summary.counters.nodes_deleted == 2
        assert summary.counters.contains_updates is True

        result = session.run("RETURN 1 AS x")
        summary = result.consume()
        assert summary.query_type == "r"
        assert summary.counters.contains_updates is False
        assert summary.counters.nodes_created == 0


def test_consume_discards_remaining(driver: Driver, db: str) -> None:
    with driver.session(database=db, fetch_size=2) as session:
        result = session.run("UNWIND range(1, 10000) AS x RETURN x")
        assert [r["x"] for r in result.fetch(3)] == [1, 2, 3]
        summary = result.consume()
        assert summary.query == "UNWIND range(1, 10000) AS x RETURN x"
        with pytest.raises(ResultConsumedError):
            result.fetch(1)
        result = session.run("RETURN 'next' AS x")
        assert (result.single(strict=True))["x"] == "next"


def test_to_eager_result(driver: Driver, db: str) -> None:
    with driver.session(database=db) as session:
        result = session.run(TEN)
        eager = result.to_eager_result()
    assert isinstance(eager, EagerResult)
    records, summary, keys = eager
    assert keys == ["x", "sq"]
    assert [r["x"] for r in records] == list(range(1, 11))
    assert summary.query == TEN
    assert eager.records is records


def test_to_df(driver: Driver, db: str) -> None:
    import pandas as pd

    with driver.session(database=db) as session:
        result = session.run(
            "UNWIND range(1, 3) AS x RETURN x, toString(x) AS s, {a: x} AS m"
        )
        df = result.to_df()
        assert isinstance(df, pd.DataFrame)
        assert list(df.columns) == ["x", "s", "m"]
        assert df["x"].tolist() == [1, 2, 3]
        assert df["s"].tolist() == ["1", "2", "3"]
        assert df["m"].tolist() == [{"a": 1}, {"a": 2}, {"a": 3}]

        result = session.run(
            "UNWIND range(1, 2) AS x RETURN {a: x, b: [x, 0]} AS m"
        )
        df = result.to_df(expand=True)
        assert list(df.columns) == ["m{}.a", "m{}.b[].0", "m{}.b[].1"]
        assert df["m{}.a"].tolist() == [1, 2]
        assert df["m{}.b[].0"].tolist() == [1, 2]
        assert df["m{}.b[].1"].tolist() == [0, 0]


def test_to_df_with_dates(driver: Driver, db: str) -> None:
    import pandas as pd

    with driver.session(database=db) as session:
        result = session.run(
            "RETURN datetime('2024-01-02T03:04:05Z') AS dt, "
            "date('2024-05-06') AS d"
        )
        df = result.to_df(parse_dates=True)
    assert df["dt"][0] == pd.Timestamp("2024-01-02T03:04:05Z")
    assert df["d"][0] == neo4j.time.Date(2024, 5, 6)


def test_empty_result(driver: Driver, db: str) -> None:
    with driver.session(database=db) as session:
        result = session.run("UNWIND [] AS x RETURN x")
        assert [r for r in result] == []
        summary = result.consume()
        assert summary.counters.contains_updates is False


def test_server_info_and_capabilities(driver: Driver, server: Target) -> None:
    info = driver.get_server_info()
    assert isinstance(info.agent, str)
    assert info.agent.startswith("Neo4j/")
    if server.is_neo4j:
        assert info.protocol_version >= (6, 0)
        assert "ArcadeDB" not in info.agent
    else:
        assert info.protocol_version == (5, 4)
        assert "ArcadeDB" in info.agent
    assert info.address.port > 0
    assert driver.supports_multi_db() is True
    assert driver.supports_session_auth() is True


# Neo4j Community has a single user database.
@pytest.mark.servers("arcadedb")
def test_other_database(driver: Driver, label: str) -> None:
    with driver.session(database="other") as session:
        (session.run(f"CREATE (:{label} {{db: 'other'}})")).consume()
    with driver.session(database="test") as session:
        result = session.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        assert (result.single(strict=True))["c"] == 0
    with driver.session(database="other") as session:
        result = session.run(f"MATCH (n:{label}) RETURN n.db AS db")
        assert result.value() == ["other"]
