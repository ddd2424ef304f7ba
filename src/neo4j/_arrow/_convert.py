"""
One column of decoded values to one Arrow array.

:func:`convert` looks at the classes present (one C-level pass:
``set(map(type, values))``), picks the handler of their *family* (the
registered class found first in the MRO: every relationship type is its
own subclass of :class:`~neo4j.graph.Relationship`, both point classes
are :class:`~neo4j.spatial.Point`...) and lets it build the array.
Columns of plain scalars go to :func:`pyarrow.array` with the target
type given, so the values are read in C; nested values recurse with a
path (``xs[]``, ``m.key``, ``n.properties.age``) that error messages
name.

Mixing families in one column raises :class:`.ArrowConversionError`
naming the first two, with one exception: integers and floats make a
``float64`` column when every integer is exact as a double (at most
2**53 in magnitude), as Cypher's arithmetic mixes them freely.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import typing as t
import uuid
from dataclasses import dataclass

import pyarrow as pa

from .._data import BrokenValue
from ..graph import Node, Path, Relationship
from ..spatial import Point
from ..time import Date, DateTime, Duration, Time
from ..vector import Vector
from . import _graph, _nested, _temporal, _vectors
from ._errors import ArrowConversionError, kind_name


__all__ = ["BrokenValueFound", "Options", "convert", "single_chunk"]


@dataclass(frozen=True)
class Options:
    """How some values are represented.

    :param intervals: durations as ``month_day_nano_interval`` (else a
        struct ``{months, days, seconds, nanoseconds}``, for libraries
        without the interval type, such as Polars)
    """

    intervals: bool = True


class BrokenValueFound(Exception):
    """A top-level value could not be decoded; ``index`` is its row."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


_Handler: t.TypeAlias = t.Callable[[list[t.Any], str, Options], t.Any]
_NoneType: t.Final = type(None)
#: integers a double holds exactly
_EXACT_IN_DOUBLE: t.Final = 2**53


def single_chunk(array: t.Any, large: t.Any) -> t.Any:
    """``array`` as one :class:`pyarrow.Array`.

    :func:`pyarrow.array` answers a :class:`pyarrow.ChunkedArray` when
    strings or bytes pass the 2 GiB a 32-bit offset reaches: such a
    column becomes the ``large_`` variant of its type instead.
    """
    if isinstance(array, pa.ChunkedArray):
        if large is not None:
            array = array.cast(large)
        return array.combine_chunks()
    return array


def _scalar(arrow_type: t.Any, large: t.Any = None) -> _Handler:
    def build(values: list[t.Any], path: str, options: Options) -> t.Any:
        try:
            array = pa.array(values, arrow_type, from_pandas=False)
        except (OverflowError, pa.ArrowInvalid) as error:
            raise ArrowConversionError(
                path, f"a value does not fit {arrow_type}: {error}"
            ) from error
        if large is not None:
            return single_chunk(array, large)
        return array

    return build


def _uuids(values: list[t.Any], path: str, options: Options) -> t.Any:
    storage = pa.array(
        [None if v is None else v.bytes for v in values], pa.binary(16)
    )
    # the canonical extension type (pyarrow 18 and newer)
    make = getattr(pa, "uuid", None)
    if make is None:
        return storage
    return pa.ExtensionArray.from_storage(make(), storage)


def _inferred(values: list[t.Any], path: str, options: Options) -> t.Any:
    """Values of no known family: pyarrow's own inference, if any."""
    try:
        return single_chunk(pa.array(values, from_pandas=False), None)
    except (pa.ArrowException, TypeError, ValueError) as error:
        first = next(v for v in values if v is not None)
        raise ArrowConversionError(
            path,
            f"Arrow cannot hold values of type {kind_name(type(first))}",
        ) from error


def _broken(values: list[t.Any], path: str, options: Options) -> t.Any:
    raise BrokenValueFound(
        next(i for i, v in enumerate(values) if type(v) is BrokenValue)
    )


_HANDLERS: t.Final[dict[type[t.Any], _Handler]] = {
    bool: _scalar(pa.bool_()),
    int: _scalar(pa.int64()),
    float: _scalar(pa.float64()),
    str: _scalar(pa.string(), pa.large_string()),
    bytes: _scalar(pa.binary(), pa.large_binary()),
    list: _nested.lists,
    dict: _nested.maps,
    Date: _temporal.dates,
    DateTime: _temporal.date_times,
    Time: _temporal.times,
    Duration: _temporal.durations,
    Point: _graph.points,
    Node: _graph.nodes,
    Relationship: _graph.relationships,
    Path: _graph.paths,
    Vector: _vectors.vectors,
    uuid.UUID: _uuids,
    BrokenValue: _broken,
    # Python's own values (not decoded by the driver, but welcome in
    # records built by hand): pyarrow's conversion
    _dt.datetime: _inferred,
    _dt.date: _inferred,
    _dt.time: _inferred,
    _dt.timedelta: _inferred,
    decimal.Decimal: _inferred,
}

#: class -> its family, for the classes of the table
_FAMILY: t.Final[dict[type[t.Any], type[t.Any]]] = {
    **{cls: cls for cls in _HANDLERS},
    tuple: list,
    bytearray: bytes,
}


def _family(cls: type[t.Any]) -> type[t.Any]:
    try:
        return _FAMILY[cls]
    except KeyError:
        pass
    found: type[t.Any] = object
    for base in cls.__mro__:
        if base in _FAMILY:
            found = _FAMILY[base]
            break
    else:
        if issubclass(cls, t.Mapping):
            found = dict
        elif issubclass(cls, t.Sequence) and not issubclass(cls, (str, bytes)):
            found = list
    # not cached: each graph makes its own relationship classes, and the
    # walk runs once per class and column, not per value
    return found


def convert(values: list[t.Any], path: str, options: Options) -> t.Any:
    """Build the Arrow array of one column (``None`` is null).

    :param values: the column's values, one per row
    :param path: the column name, with the path inside nested values
    :param options: representation choices
    :returns: a :class:`pyarrow.Array` as long as ``values``
    :raises ArrowConversionError: mixed or unsupported values
    :raises BrokenValueFound: a value the driver could not decode
    """
    classes = set(map(type, values))
    classes.discard(_NoneType)
    if not classes:
        return pa.nulls(len(values))
    if len(classes) == 1:
        family = _family(classes.pop())
    else:
        if BrokenValue in classes:
            _broken(values, path, options)
        families = {_family(cls) for cls in classes}
        if len(families) != 1:
            return _mixed(values, path, families)
        family = families.pop()
    return _HANDLERS.get(family, _inferred)(values, path, options)


def _mixed(
    values: list[t.Any], path: str, families: set[type[t.Any]]
) -> t.Any:
    if families == {int, float}:
        for value in values:
            if type(value) is int and abs(value) > _EXACT_IN_DOUBLE:
                raise ArrowConversionError(
                    path,
                    f"mixes int and float, and the int {value} is not "
                    "exact as a float64",
                )
        return pa.array(values, pa.float64(), from_pandas=False)
    seen: dict[type[t.Any], type[t.Any]] = {}
    for value in values:
        if value is None:
            continue
        family = _family(type(value))
        if family not in seen:
            # unknown classes are named themselves, not ``object``
            seen[family] = type(value) if family is object else family
            if len(seen) == 2:
                break
    first, second = (kind_name(cls) for cls in seen.values())
    raise ArrowConversionError(
        path,
        f"mixes {first} and {second}; an Arrow column holds one type "
        "(convert in the query, e.g. with toString())",
    )
