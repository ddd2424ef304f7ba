"""The conversion methods of a result: objects, Arrow and Polars.

Each method is a thin door onto :mod:`neo4j.mapping` or the Arrow
builders; these tests go through the doors, on live results.
"""

from __future__ import annotations

import dataclasses

import pyarrow as pa
import pytest

from neo4j import AsyncDriver, AsyncResult
from neo4j.mapping import MappingError


pytestmark = pytest.mark.servers("arcadedb")

ROWS = "UNWIND range(1, $n) AS i RETURN i, 'p' + toString(i) AS name"


@dataclasses.dataclass
class Row:
    i: int
    name: str


@dataclasses.dataclass
class Wrong:
    i: int
    missing: str


async def test_as_objects(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(ROWS, n=3)
        rows = await result.as_objects(Row)
    assert rows == [Row(1, "p1"), Row(2, "p2"), Row(3, "p3")]


async def test_as_objects_names_the_missing_key(
    driver: AsyncDriver, db: str
) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(ROWS, n=1)
        with pytest.raises(MappingError, match="missing"):
            await result.as_objects(Wrong)


async def test_to_arrow(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db, fetch_size=50) as session:
        result = await session.run(ROWS, n=120)
        table = await result.to_arrow(batch_size=40)
    assert table.column_names == ["i", "name"]
    assert table.schema.types == [pa.int64(), pa.string()]
    assert table.column("i").to_pylist() == list(range(1, 121))


async def test_iter_arrow_batches(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db, fetch_size=50) as session:
        result = await session.run(ROWS, n=250)
        sizes = [
            batch.num_rows async for batch in result.iter_arrow_batches(100)
        ]
        summary = await result.consume()
    assert sizes == [100, 100, 50]
    assert summary.counters.contains_updates is False


async def test_to_polars(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(ROWS, n=4)
        frame = await result.to_polars()
    assert frame.columns == ["i", "name"]
    assert frame["name"].to_list() == ["p1", "p2", "p3", "p4"]


async def test_to_arrow_as_execute_query_transformer(
    driver: AsyncDriver, db: str
) -> None:
    table = await driver.execute_query(
        ROWS, n=5, database_=db, result_transformer_=AsyncResult.to_arrow
    )
    assert isinstance(table, pa.Table)
    assert table.column("i").to_pylist() == [1, 2, 3, 4, 5]
