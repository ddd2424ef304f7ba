"""Polars frames, execute_query transformers, and lazy imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import typing as t

import polars as pl
import pyarrow as pa
import pytest

from neo4j._arrow import (
    arrow_transformer,
    async_arrow_transformer,
    async_polars_transformer,
    async_to_polars,
    polars_transformer,
    to_arrow,
    to_polars,
)
from neo4j._arrow._polars import frame_of
from neo4j._codec.hydration._temporal import hydrate_datetime_utc
from neo4j._data import Record, record_factory
from neo4j.time import Date, Duration
from neo4j.vector import Vector


KEYS = ("n", "x", "name", "when", "day", "took", "v")


def records(count: int) -> list[Record]:
    make = record_factory(KEYS)
    return [
        make(
            [
                i,
                i / 4,
                f"p{i}",
                hydrate_datetime_utc(1_700_000_000 + i, i, "Europe/Rome"),
                Date(2024, 1, 1 + i % 28),
                Duration(months=i, days=1, seconds=2, nanoseconds=3),
                Vector([float(i), 1.0], "f64"),
            ]
        )
        for i in range(count)
    ]


class FakeResult:
    """What a transformer sees of a ``Result``: keys and records."""

    def __init__(self, rows: list[Record]) -> None:
        self._rows = rows
        self.read = 0

    def keys(self) -> list[str]:
        return list(KEYS)

    def __iter__(self) -> t.Iterator[Record]:
        for row in self._rows:
            self.read += 1
            yield row


class FakeAsyncResult(FakeResult):
    def __iter__(self) -> t.Iterator[Record]:
        raise AssertionError("an async result is read with async for")

    async def __aiter__(self) -> t.AsyncIterator[Record]:
        for row in self._rows:
            self.read += 1
            yield row


def test_polars_frame_types() -> None:
    frame = to_polars(list(KEYS), records(3))
    expected: dict[str, t.Any] = {
        "n": pl.Int64,
        "x": pl.Float64,
        "name": pl.String,
        "when": pl.Datetime("ns", "Europe/Rome"),
        "day": pl.Date,
        "took": pl.Struct(
            {
                "months": pl.Int64,
                "days": pl.Int64,
                "seconds": pl.Int64,
                "nanoseconds": pl.Int32,
            }
        ),
        "v": pl.Array(pl.Float64, 2),
    }
    assert frame.schema == pl.Schema(expected)
    assert frame["n"].to_list() == [0, 1, 2]
    assert frame["took"][2] == {
        "months": 2,
        "days": 1,
        "seconds": 2,
        "nanoseconds": 3,
    }
    # nanoseconds survive
    assert frame["when"].dt.nanosecond().to_list() == [0, 1, 2]


def test_polars_adopts_the_arrow_buffers() -> None:
    table = to_arrow(["n", "x"], [(i, i / 2) for i in range(1000)])
    frame = frame_of(table)
    for key in ("n", "x"):
        # Polars exports the very buffer it imported: no copy was made
        exported = frame[key].to_arrow().buffers()[1]
        original = table.column(key).chunk(0).buffers()[1]
        assert exported.address == original.address


def test_polars_in_batches_has_the_same_values() -> None:
    rows = records(10)
    whole = to_polars(list(KEYS), rows)
    batched = to_polars(list(KEYS), iter(rows), batch_size=3)
    assert batched.equals(whole)


async def test_async_polars() -> None:
    frame = await async_to_polars(list(KEYS), FakeAsyncResult(records(4)))
    assert frame["name"].to_list() == ["p0", "p1", "p2", "p3"]


def test_arrow_transformer() -> None:
    result = FakeResult(records(5))
    table = arrow_transformer()(result)
    assert isinstance(table, pa.Table)
    assert table.column_names == list(KEYS)
    assert table.num_rows == 5
    assert result.read == 5
    chunked = arrow_transformer(batch_size=2)(FakeResult(records(5)))
    assert chunked.column("n").num_chunks == 3
    assert chunked.equals(table)


def test_arrow_transformer_with_a_schema() -> None:
    schema = pa.schema([("n", pa.int16())])
    result = FakeResult([record_factory(("n",))([1])])
    result.keys = lambda: ["n"]  # type: ignore[method-assign]
    assert arrow_transformer(schema=schema)(result).schema == schema


def test_polars_transformer() -> None:
    frame = polars_transformer()(FakeResult(records(2)))
    assert isinstance(frame, pl.DataFrame)
    assert frame.columns == list(KEYS)


async def test_async_transformers() -> None:
    result = FakeAsyncResult(records(3))
    table = await async_arrow_transformer(batch_size=2)(result)
    assert table.num_rows == 3
    assert result.read == 3
    frame = await async_polars_transformer()(FakeAsyncResult(records(3)))
    assert frame.height == 3


def test_transformer_batch_size_checked_when_made() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        arrow_transformer(batch_size=0)
    with pytest.raises(ValueError, match="batch_size"):
        async_polars_transformer(batch_size=-3)


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_the_driver_loads_neither_pyarrow_nor_polars() -> None:
    out = _run(
        """
        import sys
        import neo4j
        import neo4j._arrow
        print(sorted({"pyarrow", "polars"} & set(sys.modules)))
        neo4j._arrow.to_arrow(["a"], [(1,)])
        print(sorted({"pyarrow", "polars"} & set(sys.modules)))
        """
    )
    assert out.splitlines() == ["[]", "['pyarrow']"]


def test_missing_pyarrow_or_polars_is_a_clear_import_error() -> None:
    out = _run(
        """
        import sys
        sys.modules["pyarrow"] = None  # as if not installed
        sys.modules["polars"] = None
        import neo4j._arrow as arrow
        for call in (
            lambda: arrow.to_arrow(["a"], [(1,)]),
            lambda: arrow.to_polars(["a"], [(1,)]),
        ):
            try:
                call()
            except ImportError as error:
                print(error)
        del sys.modules["pyarrow"]
        try:
            arrow.to_polars(["a"], [(1,)])
        except ImportError as error:
            print(error)
        """
    )
    assert out.splitlines() == [
        "Arrow results need pyarrow: pip install 'neo4j[pyarrow]'",
        "Arrow results need pyarrow: pip install 'neo4j[pyarrow]'",
        "Polars results need polars: pip install 'neo4j[polars]'",
    ]
