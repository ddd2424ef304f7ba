"""
Records to Arrow tables, record batches and Polars frames.

A batch is built column by column: the values of one column are pulled
out of the records with one C-level ``map`` (records are tuples), turned
into one Arrow array (:func:`._convert.convert`) and dropped before the
next column, so the Python objects alive at once are the records and
one column of references.  No pandas, no row dictionaries.

Streaming (:func:`iter_record_batches`) takes at most ``batch_size``
records from the iterator, builds their batch, releases them and only
then asks for more: memory is bounded by a batch, whatever the size of
the result.  Later batches are made to match earlier ones
(:mod:`._unify`); see :func:`iter_record_batches` for what that cannot
cover.
"""

from __future__ import annotations

import itertools
import typing as t

import pyarrow as pa

from ._convert import BrokenValueFound, Options, convert
from ._errors import ArrowConversionError
from ._unify import conform, merge


__all__ = [
    "POLARS_OPTIONS",
    "async_iter_record_batches",
    "async_to_arrow",
    "build_batch",
    "check_size",
    "iter_record_batches",
    "table_of",
    "to_arrow",
]

#: what Polars can import (it has no interval type)
POLARS_OPTIONS: t.Final = Options(intervals=False)
_DEFAULT: t.Final = Options()
_tuple_getitem: t.Final = tuple.__getitem__


def _column(rows: list[t.Any], index: int) -> list[t.Any]:
    try:
        # the raw tuple slot: no per-value Python code in Record
        return list(map(_tuple_getitem, rows, itertools.repeat(index)))
    except TypeError:  # rows that are not tuples
        return [row[index] for row in rows]


def _check_widths(keys: t.Sequence[str], rows: list[t.Any]) -> None:
    try:
        widths = set(map(len, rows))
    except TypeError as error:
        raise ArrowConversionError(
            "*", "records must be sequences of values"
        ) from error
    widths.discard(len(keys))
    if widths:
        raise ArrowConversionError(
            "*",
            f"a record has {widths.pop()} values for {len(keys)} keys",
        )


def _broken(
    rows: list[t.Any], found: BrokenValueFound, index: int, key: str
) -> t.NoReturn:
    # reading the field through the record raises the driver's own
    # BrokenRecordError (with the decoding error as its cause)
    rows[found.index][index]
    raise ArrowConversionError(key, "a value could not be decoded")


def build_batch(
    keys: t.Sequence[str],
    rows: list[t.Any],
    options: Options = _DEFAULT,
    previous: t.Any = None,
    schema: t.Any = None,
) -> t.Any:
    """One :class:`pyarrow.RecordBatch` from ``rows``.

    :param keys: the column names, one per value of a record
    :param rows: the records (tuples or sequences of values)
    :param options: representation choices
    :param previous: the schema of the batch before (columns are made
        to hold what it held, see :mod:`._unify`)
    :param schema: a :class:`pyarrow.Schema` every column is cast to
    :raises ArrowConversionError: values that make no Arrow column
    :raises BrokenRecordError: a value the driver could not decode
    """
    _check_widths(keys, rows)
    arrays = []
    for index, key in enumerate(keys):
        column = _column(rows, index)
        try:
            array = convert(column, key, options)
        except BrokenValueFound as found:
            _broken(rows, found, index, key)
        del column
        if schema is not None:
            array = conform(array, _field_type(schema, key), key)
        elif previous is not None:
            wanted = merge(previous.field(index).type, array.type, key)
            array = conform(array, wanted, key)
        arrays.append(array)
    if schema is not None:
        return pa.RecordBatch.from_arrays(arrays, schema=schema)
    return pa.RecordBatch.from_arrays(arrays, names=list(keys))


def _field_type(schema: t.Any, key: str) -> t.Any:
    index = schema.get_field_index(key)
    if index < 0:
        raise ArrowConversionError(key, "the schema has no such field")
    return schema.field(index).type


def check_size(batch_size: int) -> None:
    if type(batch_size) is not int or batch_size < 1:
        raise ValueError(
            f"batch_size must be a positive int, not {batch_size!r}"
        )


def iter_record_batches(
    keys: t.Sequence[str],
    records: t.Iterable[t.Sequence[t.Any]],
    batch_size: int,
    schema: t.Any = None,
    options: Options = _DEFAULT,
) -> t.Iterator[t.Any]:
    """Record batches of at most ``batch_size`` rows, built as the
    records arrive.

    A batch's types are those of its own values, widened to hold what
    earlier batches held (a column of only nulls takes the type seen
    before, a struct keeps fields seen before).  A batch may still
    widen the schema (a first non-null value, a new property, a second
    time zone); pass ``schema`` where every batch must have the same
    types (an IPC stream, a Parquet file).

    :param keys: the column names
    :param records: the records, consumed lazily
    :param batch_size: rows per batch (the last one may have fewer)
    :param schema: a :class:`pyarrow.Schema` to cast every batch to
    :param options: representation choices
    :returns: an iterator of :class:`pyarrow.RecordBatch`; nothing for
        no records
    :raises ValueError: ``batch_size`` is not a positive int
    """
    check_size(batch_size)
    return _batches(keys, iter(records), batch_size, schema, options)


def _batches(
    keys: t.Sequence[str],
    records: t.Iterator[t.Sequence[t.Any]],
    batch_size: int,
    schema: t.Any,
    options: Options,
) -> t.Iterator[t.Any]:
    previous = None
    while True:
        rows = list(itertools.islice(records, batch_size))
        if not rows:
            return
        batch = build_batch(keys, rows, options, previous, schema)
        del rows  # released before the consumer sees the batch
        previous = batch.schema
        yield batch


async def async_iter_record_batches(
    keys: t.Sequence[str],
    records: t.AsyncIterable[t.Sequence[t.Any]],
    batch_size: int,
    schema: t.Any = None,
    options: Options = _DEFAULT,
) -> t.AsyncIterator[t.Any]:
    """:func:`iter_record_batches` over an asynchronous iterator."""
    check_size(batch_size)
    previous = None
    iterator = records.__aiter__()
    while True:
        rows = await _take(iterator, batch_size)
        if not rows:
            return
        full = len(rows) == batch_size
        batch = build_batch(keys, rows, options, previous, schema)
        del rows  # released before the consumer sees the batch
        previous = batch.schema
        yield batch
        if not full:
            return


async def _take(
    iterator: t.AsyncIterator[t.Sequence[t.Any]], count: int
) -> list[t.Any]:
    # a coroutine of its own: no variable of the batch loop keeps the
    # last record alive while the batch is out
    rows: list[t.Any] = []
    append = rows.append
    try:
        while len(rows) < count:
            append(await iterator.__anext__())
    except StopAsyncIteration:
        pass
    return rows


def table_of(
    keys: t.Sequence[str], batches: list[t.Any], schema: t.Any = None
) -> t.Any:
    """One :class:`pyarrow.Table` from the batches of a stream.

    Earlier batches are cast to the last one's schema (which holds all
    of them, see :func:`iter_record_batches`).
    """
    if not batches:
        if schema is not None:
            return schema.empty_table()
        return pa.table({key: pa.nulls(0) for key in keys})
    final = batches[-1].schema
    for number, batch in enumerate(batches):
        if batch.schema != final:
            batches[number] = pa.RecordBatch.from_arrays(
                [
                    conform(column, field.type, field.name)
                    for column, field in zip(batch.columns, final, strict=True)
                ],
                schema=final,
            )
    return pa.Table.from_batches(batches, schema=final)


def to_arrow(
    keys: t.Sequence[str],
    records: t.Iterable[t.Sequence[t.Any]],
    batch_size: int | None = None,
    schema: t.Any = None,
    options: Options = _DEFAULT,
) -> t.Any:
    """All records as one :class:`pyarrow.Table`.

    :param keys: the column names
    :param records: the records
    :param batch_size: build from at most this many records at a time
        (a table of several chunks; the records of a stream need not
        all be in memory at once); None: all in one go
    :param schema: a :class:`pyarrow.Schema` to cast the columns to
    :param options: representation choices
    """
    if batch_size is None:
        rows = records if type(records) is list else list(records)
        batch = build_batch(keys, rows, options, None, schema)
        return pa.Table.from_batches([batch])
    batches = list(
        iter_record_batches(keys, records, batch_size, schema, options)
    )
    return table_of(keys, batches, schema)


async def async_to_arrow(
    keys: t.Sequence[str],
    records: t.AsyncIterable[t.Sequence[t.Any]],
    batch_size: int | None = None,
    schema: t.Any = None,
    options: Options = _DEFAULT,
) -> t.Any:
    """:func:`to_arrow` over an asynchronous iterator."""
    if batch_size is None:
        rows = [record async for record in records]
        batch = build_batch(keys, rows, options, None, schema)
        return pa.Table.from_batches([batch])
    batches = [
        batch
        async for batch in async_iter_record_batches(
            keys, records, batch_size, schema, options
        )
    ]
    return table_of(keys, batches, schema)
