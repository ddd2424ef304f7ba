"""Validity bitmaps and offsets for arrays built from their parts.

Nested arrays are assembled with :meth:`pyarrow.Array.from_buffers`,
which every supported pyarrow version has: a validity bitmap is the
data buffer of a boolean array, offsets the data buffer of an integer
array.
"""

from __future__ import annotations

import itertools
import operator
import typing as t

import pyarrow as pa


__all__ = ["INT32_MAX", "assemble", "has_null", "offsets", "validity"]

INT32_MAX: t.Final = 2**31 - 1


def has_null(values: list[t.Any]) -> bool:
    """Whether ``values`` holds None.

    By identity, in C: ``None in values`` would call the ``__eq__`` of
    every value first (Python code for points, date-times, nodes...).
    """
    return any(map(operator.is_, values, itertools.repeat(None)))


def validity(values: list[t.Any]) -> t.Any:
    """The validity bitmap of ``values`` (None where no value is null)."""
    if not has_null(values):
        return None
    valid = list(map(operator.is_not, values, itertools.repeat(None)))
    return pa.array(valid, pa.bool_()).buffers()[1]


def offsets(lengths: list[int]) -> tuple[t.Any, bool]:
    """Offsets buffer for lists of ``lengths``.

    :returns: the buffer and whether it needs 64-bit offsets
        (``large_list``: more than 2**31 - 1 items in all)
    """
    ends = list(itertools.accumulate(lengths, initial=0))
    large = ends[-1] > INT32_MAX
    array = pa.array(ends, pa.int64() if large else pa.int32())
    return array.buffers()[1], large


def assemble(
    arrow_type: t.Any,
    length: int,
    buffers: list[t.Any],
    children: list[t.Any],
) -> t.Any:
    """An array of a nested type from its buffers and child arrays."""
    return pa.Array.from_buffers(
        arrow_type, length, buffers, children=children
    )
