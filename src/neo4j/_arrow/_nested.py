"""
Lists and maps.

A list column becomes ``list<item>``, the item type inferred from all
items of all lists together (``large_list`` past 2**31 - 1 items).

A map column becomes a ``struct`` whose fields are the union of the
keys of all maps, in order of first appearance; a key missing from a
map reads as null there (Cypher itself treats a missing key and a null
value alike).  Only when that union grows past :data:`MAX_STRUCT_FIELDS`
keys, the sign of maps used as dictionaries (keys that are data, such
as ids), does the column become ``map<string, value>``, whose values
must then all be of one type.
"""

from __future__ import annotations

import itertools
import typing as t

import pyarrow as pa

from ._buffers import assemble, has_null, offsets, validity
from ._errors import ArrowConversionError


if t.TYPE_CHECKING:
    from ._convert import Options


def _convert_column(values: list[t.Any], path: str, options: Options) -> t.Any:
    # imported here: the dispatcher imports this module for its table
    from ._convert import convert

    return convert(values, path, options)


__all__ = ["MAX_STRUCT_FIELDS", "lists", "maps", "struct_of"]

#: above this many distinct keys, maps become ``map<string, value>``
MAX_STRUCT_FIELDS: t.Final = 256


def lists(values: list[t.Any], path: str, options: Options) -> t.Any:
    """``list<item>`` from Python lists (and other sequences)."""
    if has_null(values):
        lengths = [0 if v is None else len(v) for v in values]
        present = (v for v in values if v is not None)
        items = list(itertools.chain.from_iterable(present))
    else:
        lengths = list(map(len, values))
        items = list(itertools.chain.from_iterable(values))
    child = _convert_column(items, f"{path}[]", options)
    del items
    ends, large = offsets(lengths)
    make = pa.large_list if large else pa.list_
    return assemble(
        make(child.type), len(values), [validity(values), ends], [child]
    )


def maps(values: list[t.Any], path: str, options: Options) -> t.Any:
    """``struct`` (or ``map<string, value>``) from Python mappings."""
    present = [v for v in values if v is not None]
    keys = list(dict.fromkeys(itertools.chain.from_iterable(present)))
    for key in keys:
        if type(key) is not str:
            raise ArrowConversionError(
                path, f"map keys must be strings, found {key!r:.40}"
            )
    if len(keys) > MAX_STRUCT_FIELDS:
        return _map_array(values, present, path, options)
    return struct_of(
        values, [(key, _field(values, key)) for key in keys], path, options
    )


def _field(values: list[t.Any], key: str) -> list[t.Any]:
    """The values of ``key`` in ``values`` (None where missing)."""
    try:
        # plain dicts (the decoder's maps, entities' properties): C speed
        return list(map(dict.get, values, itertools.repeat(key)))
    except TypeError:  # a null, or another Mapping class
        return [None if v is None else v.get(key) for v in values]


def struct_of(
    values: list[t.Any],
    fields: list[tuple[str, t.Any]],
    path: str,
    options: Options,
) -> t.Any:
    """A struct array: one row per entry of ``values`` (null where it
    is None), the fields given column-wise, as lists of values or as
    ready Arrow arrays."""
    children = [
        _convert_column(column, f"{path}.{name}", options)
        if type(column) is list
        else column
        for name, column in fields
    ]
    arrow_type = pa.struct(
        [
            pa.field(name, child.type)
            for (name, _), child in zip(fields, children, strict=True)
        ]
    )
    return assemble(arrow_type, len(values), [validity(values)], children)


def _map_array(
    values: list[t.Any],
    present: list[t.Any],
    path: str,
    options: Options,
) -> t.Any:
    lengths = [0 if v is None else len(v) for v in values]
    keys = pa.array(list(itertools.chain.from_iterable(present)), pa.string())
    items = _convert_column(
        list(itertools.chain.from_iterable(v.values() for v in present)),
        f"{path}{{}}",
        options,
    )
    ends, large = offsets(lengths)
    if large:
        raise ArrowConversionError(
            path, "more than 2**31 - 1 map entries in one batch"
        )
    entries = pa.StructArray.from_arrays(
        [keys, items],
        fields=[
            pa.field("key", pa.string(), nullable=False),
            pa.field("value", items.type),
        ],
    )
    return assemble(
        pa.map_(pa.string(), items.type),
        len(values),
        [validity(values), ends],
        [entries],
    )
