"""
One schema for the batches of a stream.

Each batch's types are inferred from its own records, so two batches
may differ: a column of only nulls so far, a property first seen in a
later batch, another time zone.  :func:`merge` finds the type that
holds both (null gives way to anything, structs take the union of their
fields, lists merge their items, timestamps of two zones become UTC,
``int64`` and ``double`` become ``double``, a string column past 2 GiB
becomes ``large_string``); :func:`conform` casts an array to it.  Two
types with no common type raise :class:`.ArrowConversionError` naming
the column and both types.
"""

from __future__ import annotations

import typing as t

import pyarrow as pa

from ._errors import ArrowConversionError


__all__ = ["conform", "merge"]

_LARGE: t.Final = {
    pa.string(): pa.large_string(),
    pa.binary(): pa.large_binary(),
}


def _is_list(arrow_type: t.Any) -> bool:
    return bool(
        pa.types.is_list(arrow_type)
        or pa.types.is_large_list(arrow_type)
        or pa.types.is_fixed_size_list(arrow_type)
    )


def merge(first: t.Any, second: t.Any, path: str) -> t.Any:
    """The type holding values of both ``first`` and ``second``.

    :raises ArrowConversionError: there is none
    """
    if first == second:
        return first
    types = pa.types
    if types.is_null(first):
        return second
    if types.is_null(second):
        return first
    if _LARGE.get(first) == second:
        return second
    if _LARGE.get(second) == first:
        return first
    if {first, second} == {pa.int64(), pa.float64()}:
        return pa.float64()
    if types.is_struct(first) and types.is_struct(second):
        return _merge_structs(first, second, path)
    if _is_list(first) and _is_list(second):
        item = merge(first.value_type, second.value_type, f"{path}[]")
        if types.is_large_list(first) or types.is_large_list(second):
            return pa.large_list(item)
        return pa.list_(item)
    if types.is_map(first) and types.is_map(second):
        item = merge(first.item_type, second.item_type, f"{path}{{}}")
        return pa.map_(pa.string(), item)
    if (
        types.is_timestamp(first)
        and types.is_timestamp(second)
        and first.unit == second.unit
        and first.tz is not None
        and second.tz is not None
    ):
        return pa.timestamp(first.unit, "UTC")
    raise ArrowConversionError(
        path,
        f"is {first} in one batch and {second} in another; pass a schema "
        "to fix the column types",
    )


def _merge_structs(first: t.Any, second: t.Any, path: str) -> t.Any:
    fields: dict[str, t.Any] = {f.name: f.type for f in first}
    for field in second:
        known = fields.get(field.name)
        fields[field.name] = (
            field.type
            if known is None
            else merge(known, field.type, f"{path}.{field.name}")
        )
    return pa.struct(list(fields.items()))


def conform(array: t.Any, arrow_type: t.Any, path: str) -> t.Any:
    """``array`` cast to ``arrow_type`` (no copy if it is that already).

    :raises ArrowConversionError: the values do not fit
    """
    if array.type == arrow_type:
        return array
    try:
        return array.cast(arrow_type)
    except (pa.ArrowException, TypeError, ValueError) as error:
        raise ArrowConversionError(
            path, f"cannot cast {array.type} to {arrow_type}: {error}"
        ) from error
