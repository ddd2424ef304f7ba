"""
Per element type knowledge for vectors, and fast byte order helpers.

Vectors keep their data as big-endian bytes.  Conversions between that
and native values go through :mod:`array` (C loops) when possible, with
:mod:`struct` only where it gives better validation (float32 overflow).
"""

from __future__ import annotations

import struct
import sys
import typing as t
from array import array
from dataclasses import dataclass


__all__ = [
    "SPECS",
    "ElementSpec",
    "pack_native",
    "swap_bytes",
    "unpack_native",
]


_LITTLE_HOST: t.Final[bool] = sys.byteorder == "little"


def _array_code(size: int, candidates: str) -> str:
    """Find an :mod:`array` type code with the given item size."""
    for code in candidates:
        if array(code).itemsize == size:
            return code
    raise RuntimeError(f"no array type code for {size}-byte items")


@dataclass(frozen=True)
class ElementSpec:
    """Everything the vector code needs to know about one element type."""

    #: the dtype string ("f32", ...)
    name: str
    #: bytes per element
    size: int
    #: array module type code with that size
    array_code: str
    #: True for float types, False for integer types
    is_float: bool
    #: element type as Cypher prints it
    cypher_name: str
    #: numpy dtype name (native order)
    numpy_name: str
    #: smallest and largest value (integers only)
    low: int = 0
    high: int = 0


def _int_spec(name: str, bits: int, cypher_name: str) -> ElementSpec:
    size = bits // 8
    return ElementSpec(
        name=name,
        size=size,
        array_code=_array_code(size, "bhilq"),
        is_float=False,
        cypher_name=cypher_name,
        numpy_name=f"int{bits}",
        low=-(1 << (bits - 1)),
        high=(1 << (bits - 1)) - 1,
    )


#: dtype string -> element description
SPECS: t.Final[dict[str, ElementSpec]] = {
    "f32": ElementSpec(
        "f32", 4, _array_code(4, "f"), True, "FLOAT32 NOT NULL", "float32"
    ),
    "f64": ElementSpec(
        "f64", 8, _array_code(8, "d"), True, "FLOAT NOT NULL", "float64"
    ),
    "i8": _int_spec("i8", 8, "INTEGER8 NOT NULL"),
    "i16": _int_spec("i16", 16, "INTEGER16 NOT NULL"),
    "i32": _int_spec("i32", 32, "INTEGER32 NOT NULL"),
    # Cypher calls 64-bit integers plainly INTEGER
    "i64": _int_spec("i64", 64, "INTEGER NOT NULL"),
}

_SWAP_CODES: t.Final[dict[int, str]] = {
    2: _array_code(2, "hil"),
    4: _array_code(4, "hil"),
    8: _array_code(8, "ilq"),
}


def swap_bytes(size: int, data: bytes) -> bytes:
    """
    Reverse the byte order of every ``size``-byte element of ``data``.

    :param size: element size (1, 2, 4 or 8)
    :param data: the elements; its length must be a multiple of ``size``
    :returns: the converted bytes
    """
    if size == 1:
        return bytes(data)
    buffer = array(_SWAP_CODES[size])
    buffer.frombytes(data)
    buffer.byteswap()
    return buffer.tobytes()


def _diagnose(spec: ElementSpec, values: t.Sequence[t.Any]) -> None:
    """Raise the precise error for values that could not be packed."""
    if spec.is_float:
        for item in values:
            if not isinstance(item, float):
                raise TypeError(
                    f"Cannot build {spec.name} vector from "
                    f"{type(item).__name__}, expected float."
                )
        if spec.size != 4:
            return
        for item in values:
            try:
                struct.pack(">f", item)
            except OverflowError:
                raise OverflowError(
                    f"Value {item} is out of range for {spec.name}: "
                    "[-3.4028234e+38, 3.4028234e+38]"
                ) from None
        return
    for item in values:
        if not isinstance(item, int):
            raise TypeError(
                f"Cannot build {spec.name} vector from "
                f"{type(item).__name__}, expected int."
            )
        if not spec.low <= item <= spec.high:
            raise OverflowError(
                f"Value {item} is out of range for {spec.name}: "
                f"[{spec.low}, {spec.high}]"
            )


def pack_native(spec: ElementSpec, data: t.Iterable[t.Any]) -> bytes:
    """
    Encode Python numbers as big-endian elements.

    :param spec: the element type
    :param data: floats (float types) or ints (integer types)
    :returns: the big-endian bytes
    :raises TypeError: for an element of the wrong type
    :raises OverflowError: for an element out of range
    """
    values: t.Sequence[t.Any]
    if isinstance(data, (list, tuple)):
        values = data
    else:
        values = tuple(data)
    if spec.is_float:
        kinds = set(map(type, values))
        if kinds and kinds != {float}:
            _diagnose(spec, values)
        if spec.size == 4:
            try:
                return struct.pack(f">{len(values)}f", *values)
            except (OverflowError, struct.error):
                _diagnose(spec, values)
                raise
        buffer = array(spec.array_code, values)
    else:
        try:
            buffer = array(spec.array_code, values)
        except (TypeError, OverflowError, ValueError):
            _diagnose(spec, values)
            raise
    if _LITTLE_HOST and spec.size > 1:
        buffer.byteswap()
    return buffer.tobytes()


def unpack_native(spec: ElementSpec, data: bytes) -> list[t.Any]:
    """
    Decode big-endian elements into a list of Python numbers.

    :param spec: the element type
    :param data: big-endian bytes
    :returns: list of floats or ints
    """
    buffer = array(spec.array_code)
    buffer.frombytes(data)
    if _LITTLE_HOST and spec.size > 1:
        buffer.byteswap()
    return buffer.tolist()
