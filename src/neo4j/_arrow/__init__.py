"""
Query results as Apache Arrow tables and Polars data frames.

Built column-wise from the decoded driver values, without pandas.  The
type mapping (documented in ``docs/arrow.rst`` and in the modules that
implement it) in short:

=====================  ==============================================
driver value           Arrow type
=====================  ==============================================
``int``                ``int64``
``float``              ``double`` (with ints: ``double`` if exact)
``str`` / ``bytes``    ``string`` / ``binary`` (``large_`` past 2 GiB)
``bool``               ``bool``
``None``               null; a column of only nulls has type ``null``
``list``               ``list<item>``
``dict``               ``struct`` over the union of the keys
                       (``map<string, v>`` past 256 keys)
``Date``               ``date32``
``DateTime``           ``timestamp[ns, zone]``; mixed zones: ``UTC``
``LocalDateTime``      ``timestamp[ns]``
``Time``/``LocalTime`` ``time64[ns]`` (zoned: in UTC)
``Duration``           ``month_day_nano_interval``
``Point``              ``struct<srid, x, y, z>``
``Node``               ``struct<element_id, labels, properties>``
``Relationship``       ``struct<element_id, type, start_element_id,
                       end_element_id, properties>``
``Path``               ``struct<nodes: list, relationships: list>``
``Vector``             ``fixed_size_list<element, n>``
``UUID``               ``arrow.uuid`` (``fixed_size_binary(16)``)
=====================  ==============================================

Two kinds of value in one column raise :class:`ArrowConversionError`.

Nothing here imports pyarrow or polars until a function is called: the
functions below load the implementation (``_table``, ``_convert``...)
on first use, so ``import neo4j`` stays free of both.

The ``async_`` functions are the twins of the plain ones for
:class:`neo4j.AsyncResult` (``bin/make-unasync`` renames ``async_x`` to
``x``, so ``AsyncResult`` methods calling them become ``Result``
methods calling the plain ones).
"""

from __future__ import annotations

import types
import typing as t

from ._errors import ArrowConversionError


if t.TYPE_CHECKING:
    import polars
    import pyarrow


__all__ = [
    "ArrowConversionError",
    "arrow_transformer",
    "async_arrow_transformer",
    "async_iter_record_batches",
    "async_polars_transformer",
    "async_to_arrow",
    "async_to_polars",
    "iter_record_batches",
    "polars_transformer",
    "to_arrow",
    "to_polars",
]


class _Records(t.Protocol):
    """What the transformers need of a :class:`neo4j.Result`."""

    def keys(self) -> t.Sequence[str]: ...

    def __iter__(self) -> t.Iterator[t.Any]: ...


class _AsyncRecords(t.Protocol):
    """What the transformers need of a :class:`neo4j.AsyncResult`."""

    def keys(self) -> t.Sequence[str]: ...

    def __aiter__(self) -> t.AsyncIterator[t.Any]: ...


def _arrow() -> types.ModuleType:
    try:
        from . import _table
    except ImportError as error:
        if error.name != "pyarrow":
            raise
        raise ImportError(
            "Arrow results need pyarrow: pip install 'neo4j[pyarrow]'"
        ) from error
    return _table


def _frames() -> types.ModuleType:
    _arrow()
    from . import _polars

    return _polars


# -- records to Arrow -------------------------------------------------------


def to_arrow(
    keys: t.Sequence[str],
    records: t.Iterable[t.Sequence[t.Any]],
    batch_size: int | None = None,
    schema: pyarrow.Schema | None = None,
) -> pyarrow.Table:
    """All records as one :class:`pyarrow.Table`.

    :param keys: the column names (``result.keys()``)
    :param records: the records (a :class:`neo4j.Result`, a list...)
    :param batch_size: convert at most this many records at a time and
        release them before taking more (the table has one chunk per
        batch); None: all records in one go (one chunk)
    :param schema: cast the columns to this :class:`pyarrow.Schema`
        (one field per key) instead of the inferred types
    :raises ArrowConversionError: values that make no Arrow column
    :raises ImportError: pyarrow is not installed
    """
    if batch_size is not None:
        _arrow().check_size(batch_size)
    return _arrow().to_arrow(keys, records, batch_size, schema)


async def async_to_arrow(
    keys: t.Sequence[str],
    records: t.AsyncIterable[t.Sequence[t.Any]],
    batch_size: int | None = None,
    schema: pyarrow.Schema | None = None,
) -> pyarrow.Table:
    """:func:`to_arrow` over an asynchronous iterator of records."""
    if batch_size is not None:
        _arrow().check_size(batch_size)
    return await _arrow().async_to_arrow(keys, records, batch_size, schema)


def iter_record_batches(
    keys: t.Sequence[str],
    records: t.Iterable[t.Sequence[t.Any]],
    batch_size: int,
    schema: pyarrow.Schema | None = None,
) -> t.Iterator[pyarrow.RecordBatch]:
    """:class:`pyarrow.RecordBatch` es of at most ``batch_size`` rows,
    each built as soon as its records have arrived.

    At most ``batch_size`` records are held at a time: they are taken
    from ``records`` only when the next batch is asked for, and
    released once their batch is built.  The first batch fixes the
    types as far as its values tell; later batches keep them (a column
    of only nulls takes the earlier type) or widen them (a first
    non-null value, a property not seen before, a second time zone).
    Pass ``schema`` where every batch must have the same schema (an IPC
    stream, a Parquet writer).

    :param keys: the column names
    :param records: the records, read lazily
    :param batch_size: rows per batch (the last may have fewer)
    :param schema: cast every batch to this :class:`pyarrow.Schema`
    :returns: the batches; none for no records
    :raises ValueError: ``batch_size`` is not a positive int
    :raises ArrowConversionError: values that make no Arrow column
    :raises ImportError: pyarrow is not installed
    """
    return t.cast(
        "t.Iterator[pyarrow.RecordBatch]",
        _arrow().iter_record_batches(keys, records, batch_size, schema),
    )


def async_iter_record_batches(
    keys: t.Sequence[str],
    records: t.AsyncIterable[t.Sequence[t.Any]],
    batch_size: int,
    schema: pyarrow.Schema | None = None,
) -> t.AsyncIterator[pyarrow.RecordBatch]:
    """:func:`iter_record_batches` over an asynchronous iterator
    (``async for batch in async_iter_record_batches(...)``)."""
    table = _arrow()
    table.check_size(batch_size)
    return t.cast(
        "t.AsyncIterator[pyarrow.RecordBatch]",
        table.async_iter_record_batches(keys, records, batch_size, schema),
    )


# -- records to Polars ------------------------------------------------------


def to_polars(
    keys: t.Sequence[str],
    records: t.Iterable[t.Sequence[t.Any]],
    batch_size: int | None = None,
) -> polars.DataFrame:
    """All records as one :class:`polars.DataFrame`, made from the
    Arrow table without copying (durations as the struct ``{months,
    days, seconds, nanoseconds}``: Polars has no interval type).

    :param keys: the column names
    :param records: the records
    :param batch_size: as for :func:`to_arrow`
    :raises ArrowConversionError: values that make no Arrow column
    :raises ImportError: pyarrow or polars is not installed
    """
    if batch_size is not None:
        _arrow().check_size(batch_size)
    return t.cast(
        "polars.DataFrame", _frames().to_polars(keys, records, batch_size)
    )


async def async_to_polars(
    keys: t.Sequence[str],
    records: t.AsyncIterable[t.Sequence[t.Any]],
    batch_size: int | None = None,
) -> polars.DataFrame:
    """:func:`to_polars` over an asynchronous iterator of records."""
    if batch_size is not None:
        _arrow().check_size(batch_size)
    frame = await _frames().async_to_polars(keys, records, batch_size)
    return t.cast("polars.DataFrame", frame)


# -- execute_query transformers ---------------------------------------------


def arrow_transformer(
    batch_size: int | None = None, schema: pyarrow.Schema | None = None
) -> t.Callable[[_Records], pyarrow.Table]:
    """A ``result_transformer_`` for :meth:`neo4j.Driver.execute_query`
    answering a :class:`pyarrow.Table`.

    ``driver.execute_query(q, result_transformer_=arrow_transformer())``

    :param batch_size: as for :func:`to_arrow`
    :param schema: as for :func:`to_arrow`
    """
    if batch_size is not None:
        _arrow().check_size(batch_size)

    def transform(result: _Records) -> pyarrow.Table:
        return to_arrow(list(result.keys()), result, batch_size, schema)

    return transform


def async_arrow_transformer(
    batch_size: int | None = None, schema: pyarrow.Schema | None = None
) -> t.Callable[[_AsyncRecords], t.Awaitable[pyarrow.Table]]:
    """:func:`arrow_transformer` for
    :meth:`neo4j.AsyncDriver.execute_query`."""
    if batch_size is not None:
        _arrow().check_size(batch_size)

    async def transform(result: _AsyncRecords) -> pyarrow.Table:
        return await async_to_arrow(
            list(result.keys()), result, batch_size, schema
        )

    return transform


def polars_transformer(
    batch_size: int | None = None,
) -> t.Callable[[_Records], polars.DataFrame]:
    """A ``result_transformer_`` for :meth:`neo4j.Driver.execute_query`
    answering a :class:`polars.DataFrame`.

    :param batch_size: as for :func:`to_arrow`
    """
    if batch_size is not None:
        _arrow().check_size(batch_size)

    def transform(result: _Records) -> polars.DataFrame:
        return to_polars(list(result.keys()), result, batch_size)

    return transform


def async_polars_transformer(
    batch_size: int | None = None,
) -> t.Callable[[_AsyncRecords], t.Awaitable[polars.DataFrame]]:
    """:func:`polars_transformer` for
    :meth:`neo4j.AsyncDriver.execute_query`."""
    if batch_size is not None:
        _arrow().check_size(batch_size)

    async def transform(result: _AsyncRecords) -> polars.DataFrame:
        return await async_to_polars(list(result.keys()), result, batch_size)

    return transform
