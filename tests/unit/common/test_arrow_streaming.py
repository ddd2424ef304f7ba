"""Record batches built while records arrive, with bounded memory."""

from __future__ import annotations

import gc
import typing as t
import weakref

import pyarrow as pa
import pytest

from neo4j._arrow import (
    ArrowConversionError,
    async_iter_record_batches,
    async_to_arrow,
    iter_record_batches,
    to_arrow,
)
from neo4j._codec.hydration._temporal import hydrate_datetime_utc


class Row(list):  # type: ignore[type-arg]
    """A record that can be watched with a weak reference."""


class Source:
    """Records ``(i, i * 0.5, str(i))`` that count how many were read."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.taken = 0
        self.refs: list[weakref.ref[Row]] = []

    def _make(self, i: int) -> Row:
        row = Row([i, i * 0.5, str(i)])
        self.refs.append(weakref.ref(row))
        self.taken += 1
        return row

    def __iter__(self) -> t.Iterator[Row]:
        # the generator keeps no reference to a row it handed out
        for i in range(self.count):
            yield self._make(i)

    def alive(self) -> int:
        gc.collect()
        return sum(ref() is not None for ref in self.refs)

    async def __aiter__(self) -> t.AsyncIterator[Row]:
        for i in range(self.count):
            yield self._make(i)


KEYS = ["i", "f", "s"]


def test_records_are_read_one_batch_at_a_time_and_released() -> None:
    source = Source(10)
    batches = iter_record_batches(KEYS, source, 4)
    assert source.taken == 0  # nothing read before the first batch
    first = next(batches)
    assert first.num_rows == 4
    assert source.taken == 4
    # the batch owns its data: the records it came from are gone
    assert source.alive() == 0
    second = next(batches)
    assert source.taken == 8
    assert source.alive() == 0
    last = next(batches)
    assert last.num_rows == 2
    with pytest.raises(StopIteration):
        next(batches)
    assert [b.num_rows for b in (first, second, last)] == [4, 4, 2]
    table = pa.Table.from_batches([first, second, last])
    assert table.column("i").to_pylist() == list(range(10))
    assert table.column("s").to_pylist() == [str(i) for i in range(10)]


async def test_async_batches_read_lazily() -> None:
    source = Source(7)
    batches = async_iter_record_batches(KEYS, source, 3)
    assert source.taken == 0
    first = await batches.__anext__()
    assert (first.num_rows, source.taken) == (3, 3)
    assert source.alive() == 0
    rest = [batch async for batch in batches]
    assert [b.num_rows for b in rest] == [3, 1]
    assert source.taken == 7


def test_no_records_no_batches() -> None:
    assert list(iter_record_batches(KEYS, [], 5)) == []


def test_null_columns_take_the_type_seen_before() -> None:
    rows = [(1, "a"), (2, None), (None, None), (None, None)]
    batches = list(iter_record_batches(["n", "s"], rows, 2))
    assert batches[0].schema == batches[1].schema
    assert batches[1].schema.types == [pa.int64(), pa.string()]
    assert batches[1].column(1).null_count == 2


def test_batches_widen_for_new_properties_and_to_arrow_unifies() -> None:
    rows = [({"a": 1},), ({"a": 2},), ({"b": "x"},), (None,)]
    batches = list(iter_record_batches(["m"], rows, 2))
    assert batches[0].schema.field("m").type == pa.struct([("a", pa.int64())])
    # the second batch keeps `a` (null here) and adds `b`
    wide = pa.struct([("a", pa.int64()), ("b", pa.string())])
    assert batches[1].schema.field("m").type == wide
    table = to_arrow(["m"], rows, batch_size=2)
    assert table.schema.field("m").type == wide
    assert table.column("m").num_chunks == 2
    assert table.column("m").to_pylist() == [
        {"a": 1, "b": None},
        {"a": 2, "b": None},
        {"a": None, "b": "x"},
        None,
    ]


def test_zones_differing_between_batches_become_utc() -> None:
    rows = [
        (hydrate_datetime_utc(10, 1, "Europe/Berlin"),),
        (hydrate_datetime_utc(20, 2, "Asia/Tokyo"),),
    ]
    table = to_arrow(["t"], rows, batch_size=1)
    assert table.schema.field("t").type == pa.timestamp("ns", "UTC")
    assert table.column("t").cast(pa.int64()).to_pylist() == [
        10 * 10**9 + 1,
        20 * 10**9 + 2,
    ]


def test_ints_then_floats_between_batches() -> None:
    table = to_arrow(["x"], [(1,), (2.5,)], batch_size=1)
    assert table.schema.field("x").type == pa.float64()
    assert table.column("x").to_pylist() == [1.0, 2.5]


def test_conflicting_batches_name_the_column() -> None:
    rows = [(1,), ("one",)]
    with pytest.raises(
        ArrowConversionError,
        match=r"'x': is int64 in one batch and string in another",
    ):
        list(iter_record_batches(["x"], rows, 1))


def test_a_schema_fixes_every_batch() -> None:
    schema = pa.schema([("n", pa.int32()), ("s", pa.large_string())])
    rows = [(None, None), (1, "a"), (2, None)]
    batches = list(iter_record_batches(["n", "s"], rows, 1, schema))
    assert all(batch.schema == schema for batch in batches)
    table = to_arrow(["n", "s"], rows, schema=schema)
    assert table.schema == schema
    assert table.column("n").to_pylist() == [None, 1, 2]


def test_a_schema_without_a_key() -> None:
    schema = pa.schema([("other", pa.int64())])
    with pytest.raises(ArrowConversionError, match="'n': the schema has no"):
        to_arrow(["n"], [(1,)], schema=schema)


def test_a_schema_the_values_do_not_fit() -> None:
    schema = pa.schema([("n", pa.int8())])
    with pytest.raises(ArrowConversionError, match="'n': cannot cast"):
        to_arrow(["n"], [(1000,)], schema=schema)


def test_empty_result_with_a_schema() -> None:
    schema = pa.schema([("n", pa.int8())])
    assert to_arrow(["n"], [], schema=schema).schema == schema
    assert to_arrow(["n"], [], batch_size=10, schema=schema).schema == schema
    empty = to_arrow(["n"], [], batch_size=10)
    assert (empty.num_rows, empty.schema.types) == (0, [pa.null()])


def test_batched_and_whole_tables_hold_the_same_values() -> None:
    rows = [(i, [i] * (i % 3), {"k": str(i)}) for i in range(50)]
    keys = ["i", "l", "m"]
    whole = to_arrow(keys, rows)
    batched = to_arrow(keys, iter(rows), batch_size=7)
    assert batched.column("i").num_chunks == 8
    assert batched.equals(whole)


async def test_async_to_arrow() -> None:
    whole = await async_to_arrow(KEYS, Source(5))
    batched = await async_to_arrow(KEYS, Source(5), batch_size=2)
    assert whole.column("i").to_pylist() == list(range(5))
    assert batched.equals(whole)
    assert batched.column("i").num_chunks == 3
