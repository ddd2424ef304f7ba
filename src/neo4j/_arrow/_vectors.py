"""
Vectors as ``fixed_size_list<element, n>``.

The element type follows the vector's: ``f32`` -> ``float``, ``f64``
-> ``double``, ``i8`` ... ``i64`` -> ``int8`` ... ``int64``.  The child
array is made from the vectors' raw bytes joined in the machine's byte
order, without a Python object per element.  Vectors of different
lengths in one column make a ``list<element>`` instead; vectors of
different element types raise :class:`.ArrowConversionError`.
"""

from __future__ import annotations

import sys
import typing as t

import pyarrow as pa

from ._buffers import assemble, offsets, validity
from ._errors import ArrowConversionError


if t.TYPE_CHECKING:
    from ._convert import Options


__all__ = ["vectors"]

_ELEMENT_TYPES: t.Final = {
    "f32": pa.float32(),
    "f64": pa.float64(),
    "i8": pa.int8(),
    "i16": pa.int16(),
    "i32": pa.int32(),
    "i64": pa.int64(),
}


def vectors(values: list[t.Any], path: str, options: Options) -> t.Any:
    """``fixed_size_list`` (or ``list``) from
    :class:`neo4j.vector.Vector`."""
    present = [v for v in values if v is not None]
    dtypes = {v.dtype.value for v in present}
    if len(dtypes) > 1:
        first, second = sorted(dtypes)
        raise ArrowConversionError(
            path,
            f"mixes vectors of {first} and {second} elements; an Arrow "
            "column holds one type",
        )
    element = _ELEMENT_TYPES[dtypes.pop()]
    width = element.bit_width // 8
    order = sys.byteorder
    sizes = {len(v) for v in present}
    if len(sizes) == 1:
        size = sizes.pop()
        blank = bytes(size * width)
        data = b"".join(
            [blank if v is None else v.raw(byteorder=order) for v in values]
        )
        child = pa.Array.from_buffers(
            element, size * len(values), [None, pa.py_buffer(data)]
        )
        return assemble(
            pa.list_(element, size),
            len(values),
            [validity(values)],
            [child],
        )
    data = b"".join([v.raw(byteorder=order) for v in present])
    lengths = [0 if v is None else len(v) for v in values]
    ends, large = offsets(lengths)
    child = pa.Array.from_buffers(
        element, len(data) // width, [None, pa.py_buffer(data)]
    )
    make = pa.large_list if large else pa.list_
    return assemble(
        make(element), len(values), [validity(values), ends], [child]
    )
