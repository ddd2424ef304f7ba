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
from neo4j import AsyncDriver, EagerResult, Record
from neo4j.exceptions import ResultConsumedError, ResultNotSingleError
from neo4j.graph import Graph, Node


if t.TYPE_CHECKING:
    from tests.integration.conftest import Target


TEN = "UNWIND range(1, 10) AS x RETURN x, x * x AS sq"


async def test_iteration_and_keys(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(TEN)
        assert list(result.keys()) == ["x", "sq"]
        records = [record async for record in result]
    assert [tuple(r) for r in records] == [(i, i * i) for i in range(1, 11)]
    assert all(isinstance(r, Record) for r in records)
    assert records[2]["sq"] == 9
    assert records[2][1] == 9
    assert records[2].data() == {"x": 3, "sq": 9}


@pytest.mark.parametrize("fetch_size", [1, 2, 3, 9, 10, 11, -1])
async def test_fetch_size_batching(
    driver: AsyncDriver, fetch_size: int, db: str
) -> None:
    async with driver.session(database=db, fetch_size=fetch_size) as session:
        result = await session.run(TEN)
        got = [record["x"] async for record in result]
        assert got == list(range(1, 11))
        summary = await result.consume()
        assert summary.query == TEN


async def test_fetch_size_at_driver_level(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    async with (
        neo4j.AsyncGraphDatabase.driver(
            bolt_uri, auth=auth, fetch_size=2
        ) as driver,
        driver.session(database=db) as session,
    ):
        result = await session.run(TEN)
        assert [r["x"] for r in await result.fetch(3)] == [1, 2, 3]
        assert await result.value() == list(range(4, 11))


async def test_single(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run("RETURN 1 AS one")
        record = await result.single(strict=True)
        assert record == Record({"one": 1})

        result = await session.run("UNWIND [] AS x RETURN x")
        assert await result.single() is None

        result = await session.run("UNWIND [] AS x RETURN x")
        with pytest.raises(ResultNotSingleError):
            await result.single(strict=True)

        result = await session.run(TEN)
        with pytest.raises(ResultNotSingleError):
            await result.single(strict=True)

        result = await session.run(TEN)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            first = await result.single()
        assert first is not None
        assert first["x"] == 1
        assert len(caught) == 1
        # single() exhausts the result
        assert await result.fetch(5) == []


async def test_peek_and_fetch(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db, fetch_size=2) as session:
        result = await session.run(TEN)
        first = await result.peek()
        assert first is not None
        assert first["x"] == 1
        again = await result.peek()
        assert again is not None
        assert again["x"] == 1
        got = await result.fetch(4)
        assert [r["x"] for r in got] == [1, 2, 3, 4]
        fifth = await result.peek()
        assert fifth is not None
        assert fifth["x"] == 5
        got = await result.fetch(100)
        assert [r["x"] for r in got] == [5, 6, 7, 8, 9, 10]
        assert await result.peek() is None
        assert await result.fetch(1) == []


async def test_value_values_data(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(TEN)
        assert await result.value() == list(range(1, 11))

        result = await session.run(TEN)
        assert await result.value("sq") == [i * i for i in range(1, 11)]

        result = await session.run("UNWIND [1, 2] AS x RETURN x")
        assert await result.value("nope", "dflt") == ["dflt", "dflt"]

        result = await session.run(TEN)
        values = await result.values("sq", "x")
        assert values[:2] == [[1, 1], [4, 2]]

        result = await session.run(TEN)
        assert (await result.values())[9] == [10, 100]

        result = await session.run(TEN)
        data = await result.data()
        assert data[0] == {"x": 1, "sq": 1}
        assert len(data) == 10

        result = await session.run(TEN)
        assert (await result.data("sq"))[-1] == {"sq": 100}


async def test_data_converts_graph_entities(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(
            f"CREATE (a:{label} {{n: 1}})-[r:R {{w: 2}}]->(b:{label}) "
            "RETURN a, r"
        )
        data = await result.data()
    assert data[0]["a"] == {"n": 1}
    assert data[0]["r"] == ({"n": 1}, "R", {})


async def test_graph(driver: AsyncDriver, label: str, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(
            f"CREATE (a:{label} {{i: 1}})-[r:R]->(b:{label} {{i: 2}}), "
            f"(b)-[s:S]->(c:{label} {{i: 3}}) RETURN a, r, b, s, c"
        )
        graph = await result.graph()
    assert isinstance(graph, Graph)
    assert len(graph.nodes) == 3
    assert len(graph.relationships) == 2
    assert sorted(n["i"] for n in graph.nodes) == [1, 2, 3]
    assert {r.type for r in graph.relationships} == {"R", "S"}
    for node in graph.nodes:
        assert isinstance(node, Node)
        assert graph.nodes[node.element_id] is node


async def test_consume_summary_and_counters(
    driver: AsyncDriver, label: str, db: str, server: Target
) -> None:
    query = f"CREATE (a:{label} {{p: 1, q: 2}})-[:R]->(b:{label}) RETURN a"
    async with driver.session(database=db) as session:
        result = await session.run(query, {"unused": 5})
        summary = await result.consume()
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
        again = await result.consume()
        assert again.counters.nodes_created == 2
        with pytest.raises(ResultConsumedError):
            await result.fetch(1)
        with pytest.raises(ResultConsumedError):
            await result.single()
        with pytest.raises(ResultConsumedError):
            await result.graph()

        result = await session.run(f"MATCH (n:{label}) DETACH DELETE n")
        summary = await result.consume()
        assert summary.counters.nodes_deleted == 2
        assert summary.counters.contains_updates is True

        result = await session.run("RETURN 1 AS x")
        summary = await result.consume()
        assert summary.query_type == "r"
        assert summary.counters.contains_updates is False
        assert summary.counters.nodes_created == 0


async def test_consume_discards_remaining(
    driver: AsyncDriver, db: str
) -> None:
    async with driver.session(database=db, fetch_size=2) as session:
        result = await session.run("UNWIND range(1, 10000) AS x RETURN x")
        assert [r["x"] for r in await result.fetch(3)] == [1, 2, 3]
        summary = await result.consume()
        assert summary.query == "UNWIND range(1, 10000) AS x RETURN x"
        with pytest.raises(ResultConsumedError):
            await result.fetch(1)
        result = await session.run("RETURN 'next' AS x")
        assert (await result.single(strict=True))["x"] == "next"


async def test_to_eager_result(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(TEN)
        eager = await result.to_eager_result()
    assert isinstance(eager, EagerResult)
    records, summary, keys = eager
    assert keys == ["x", "sq"]
    assert [r["x"] for r in records] == list(range(1, 11))
    assert summary.query == TEN
    assert eager.records is records


async def test_to_df(driver: AsyncDriver, db: str) -> None:
    import pandas as pd

    async with driver.session(database=db) as session:
        result = await session.run(
            "UNWIND range(1, 3) AS x RETURN x, toString(x) AS s, {a: x} AS m"
        )
        df = await result.to_df()
        assert isinstance(df, pd.DataFrame)
        assert list(df.columns) == ["x", "s", "m"]
        assert df["x"].tolist() == [1, 2, 3]
        assert df["s"].tolist() == ["1", "2", "3"]
        assert df["m"].tolist() == [{"a": 1}, {"a": 2}, {"a": 3}]

        result = await session.run(
            "UNWIND range(1, 2) AS x RETURN {a: x, b: [x, 0]} AS m"
        )
        df = await result.to_df(expand=True)
        assert list(df.columns) == ["m{}.a", "m{}.b[].0", "m{}.b[].1"]
        assert df["m{}.a"].tolist() == [1, 2]
        assert df["m{}.b[].0"].tolist() == [1, 2]
        assert df["m{}.b[].1"].tolist() == [0, 0]


async def test_to_df_with_dates(driver: AsyncDriver, db: str) -> None:
    import pandas as pd

    async with driver.session(database=db) as session:
        result = await session.run(
            "RETURN datetime('2024-01-02T03:04:05Z') AS dt, "
            "date('2024-05-06') AS d"
        )
        df = await result.to_df(parse_dates=True)
    assert df["dt"][0] == pd.Timestamp("2024-01-02T03:04:05Z")
    assert df["d"][0] == neo4j.time.Date(2024, 5, 6)


async def test_empty_result(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run("UNWIND [] AS x RETURN x")
        assert [r async for r in result] == []
        summary = await result.consume()
        assert summary.counters.contains_updates is False


async def test_server_info_and_capabilities(
    driver: AsyncDriver, server: Target
) -> None:
    info = await driver.get_server_info()
    assert isinstance(info.agent, str)
    assert info.agent.startswith("Neo4j/")
    if server.is_neo4j:
        assert info.protocol_version >= (6, 0)
        assert "ArcadeDB" not in info.agent
    else:
        assert info.protocol_version == (5, 4)
        assert "ArcadeDB" in info.agent
    assert info.address.port > 0
    assert await driver.supports_multi_db() is True
    assert await driver.supports_session_auth() is True


# Neo4j Community has a single user database.
@pytest.mark.servers("arcadedb")
async def test_other_database(driver: AsyncDriver, label: str) -> None:
    async with driver.session(database="other") as session:
        await (
            await session.run(f"CREATE (:{label} {{db: 'other'}})")
        ).consume()
    async with driver.session(database="test") as session:
        result = await session.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        assert (await result.single(strict=True))["c"] == 0
    async with driver.session(database="other") as session:
        result = await session.run(f"MATCH (n:{label}) RETURN n.db AS db")
        assert await result.value() == ["other"]
