"""
Records to a :class:`polars.DataFrame`, through Arrow.

The frame is made from the Arrow table with ``polars.from_arrow(...,
rechunk=False)``: Polars adopts the Arrow buffers of numbers, strings,
lists and structs without copying them.  Durations come as the struct
``{months, days, seconds, nanoseconds}`` (Polars cannot import Arrow's
interval type); UUIDs as binary.
"""

from __future__ import annotations

import typing as t

from ._table import POLARS_OPTIONS, async_to_arrow, to_arrow


if t.TYPE_CHECKING:
    import polars


__all__ = ["async_to_polars", "frame_of", "to_polars"]


def _polars() -> t.Any:
    try:
        import polars
    except ImportError as error:
        raise ImportError(
            "Polars results need polars: pip install 'neo4j[polars]'"
        ) from error
    return polars


def frame_of(table: t.Any) -> polars.DataFrame:
    """The Polars frame of an Arrow table (zero copy where possible).

    :raises ImportError: polars is not installed
    """
    frame = _polars().from_arrow(table, rechunk=False)
    return t.cast("polars.DataFrame", frame)


def to_polars(
    keys: t.Sequence[str],
    records: t.Iterable[t.Sequence[t.Any]],
    batch_size: int | None = None,
) -> polars.DataFrame:
    """All records as one :class:`polars.DataFrame`.

    :param keys: the column names
    :param records: the records
    :param batch_size: build from at most this many records at a time
    :raises ImportError: polars is not installed
    """
    _polars()  # before the work, not after it
    return frame_of(to_arrow(keys, records, batch_size, None, POLARS_OPTIONS))


async def async_to_polars(
    keys: t.Sequence[str],
    records: t.AsyncIterable[t.Sequence[t.Any]],
    batch_size: int | None = None,
) -> polars.DataFrame:
    """:func:`to_polars` over an asynchronous iterator."""
    _polars()
    table = await async_to_arrow(
        keys, records, batch_size, None, POLARS_OPTIONS
    )
    return frame_of(table)
