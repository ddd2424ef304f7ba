"""Arrow and Polars results of real queries (ArcadeDB).

The conversion functions of :mod:`neo4j._arrow` are fed a live result
(``result.keys()`` and the records as they arrive), as the ``Result``
methods and the ``execute_query`` transformers do.
"""

from __future__ import annotations

import datetime

import polars as pl
import pyarrow as pa
import pytest

from neo4j import AsyncDriver
from neo4j._arrow import (
    ArrowConversionError,
    async_arrow_transformer,
    async_iter_record_batches,
    async_polars_transformer,
    async_to_arrow,
    async_to_polars,
)
from neo4j.time import Date, DateTime, Duration


pytestmark = pytest.mark.servers("arcadedb")

ROWS = (
    "UNWIND range(1, $n) AS i "
    "RETURN i, i * 0.5 AS half, 'p' + toString(i) AS name, "
    "[i, i + 1] AS pair, {k: i, s: toString(i)} AS m"
)


async def test_a_result_as_an_arrow_table(
    driver: AsyncDriver, db: str
) -> None:
    async with driver.session(database=db, fetch_size=100) as session:
        result = await session.run(ROWS, n=1500)
        table = await async_to_arrow(result.keys(), result)
    assert table.column_names == ["i", "half", "name", "pair", "m"]
    assert table.schema.types == [
        pa.int64(),
        pa.float64(),
        pa.string(),
        pa.list_(pa.int64()),
        pa.struct([("k", pa.int64()), ("s", pa.string())]),
    ]
    assert table.num_rows == 1500
    assert table.column("i").to_pylist() == list(range(1, 1501))
    assert table.column("name")[-1].as_py() == "p1500"
    assert table.column("pair")[0].as_py() == [1, 2]
    assert table.column("m")[9].as_py() == {"k": 10, "s": "10"}


async def test_batches_while_records_arrive(
    driver: AsyncDriver, db: str
) -> None:
    async with driver.session(database=db, fetch_size=100) as session:
        result = await session.run(ROWS, n=1000)
        sizes = []
        total = 0
        async for batch in async_iter_record_batches(
            result.keys(), result, 300
        ):
            sizes.append(batch.num_rows)
            total += sum(batch.column(0).to_pylist())
        summary = await result.consume()
    assert sizes == [300, 300, 300, 100]
    assert total == sum(range(1, 1001))
    assert summary.database in (None, db)


async def test_graph_values(driver: AsyncDriver, db: str, label: str) -> None:
    async with driver.session(database=db) as session:
        await (
            await session.run(
                f"CREATE (:{label} {{name: 'a', age: 1}})"
                f"-[:LINK {{w: 0.5}}]->(:{label} {{name: 'b'}})"
            )
        ).consume()
        result = await session.run(
            f"MATCH p = (a:{label})-[r:LINK]->(b:{label}) RETURN a, r, b, p"
        )
        table = await async_to_arrow(result.keys(), result)
    a, r, b, p = (table.column(k)[0].as_py() for k in "arbp")
    assert a["labels"] == [label]
    assert a["properties"] == {"name": "a", "age": 1}
    assert b["properties"] == {"name": "b"}
    assert r["type"] == "LINK"
    assert r["properties"] == {"w": 0.5}
    assert (r["start_element_id"], r["end_element_id"]) == (
        a["element_id"],
        b["element_id"],
    )
    assert [n["element_id"] for n in p["nodes"]] == [
        a["element_id"],
        b["element_id"],
    ]
    assert [x["element_id"] for x in p["relationships"]] == [r["element_id"]]


async def test_temporal_values(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(
            "RETURN $d AS d, $ldt AS ldt, $dt AS dt, $dur AS dur",
            d=Date(2024, 2, 29),
            ldt=DateTime(2024, 2, 29, 12, 30, 1, 123456789),
            dt=DateTime(2024, 2, 29, 12, 30, 1, tzinfo=datetime.timezone.utc),
            dur=Duration(days=3, seconds=4),
        )
        table = await async_to_arrow(result.keys(), result)
    assert table.schema.field("d").type == pa.date32()
    assert table.column("d")[0].as_py() == datetime.date(2024, 2, 29)
    assert table.schema.field("ldt").type == pa.timestamp("ns")
    assert table.column("ldt").cast(pa.int64())[0].as_py() % 10**9 == (
        123456789
    )
    assert pa.types.is_timestamp(table.schema.field("dt").type)
    assert table.schema.field("dt").type.tz is not None
    assert table.column("dur")[0].as_py().days == 3


async def test_a_result_as_a_polars_frame(
    driver: AsyncDriver, db: str
) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(ROWS, n=10)
        frame = await async_to_polars(result.keys(), result)
    assert isinstance(frame, pl.DataFrame)
    assert frame["i"].sum() == 55
    assert frame["m"].struct.field("s").to_list()[:2] == ["1", "2"]


async def test_execute_query_transformers(
    driver: AsyncDriver, db: str
) -> None:
    table = await driver.execute_query(
        ROWS,
        n=250,
        database_=db,
        result_transformer_=async_arrow_transformer(batch_size=100),
    )
    assert isinstance(table, pa.Table)
    assert table.num_rows == 250
    assert table.column("i").num_chunks == 3
    frame = await driver.execute_query(
        ROWS,
        n=5,
        database_=db,
        result_transformer_=async_polars_transformer(),
    )
    assert frame["name"].to_list() == ["p1", "p2", "p3", "p4", "p5"]


async def test_a_mixed_column_fails_and_the_driver_stays_usable(
    driver: AsyncDriver, db: str
) -> None:
    with pytest.raises(ArrowConversionError, match="'x': mixes int and str"):
        await driver.execute_query(
            "UNWIND [1, 'a'] AS x RETURN x",
            database_=db,
            result_transformer_=async_arrow_transformer(),
        )
    table = await driver.execute_query(
        "RETURN 1 AS one",
        database_=db,
        result_transformer_=async_arrow_transformer(),
    )
    assert table.to_pydict() == {"one": [1]}
