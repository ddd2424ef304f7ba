"""Bolt 6 structures: ``V`` (vector) and ``?`` (unsupported type)."""

from __future__ import annotations

import typing as t

from ...exceptions import ConfigurationError
from ...types import UnsupportedType
from ...vector import (
    Vector,
    VectorDType,
)
from ..packstream import Structure


__all__ = [
    "dehydrate_vector",
    "hydrate_unsupported",
    "hydrate_vector",
    "reject_vector",
]


# The element type travels as the PackStream marker of that number type.
_DTYPE_BY_MARKER: t.Final = {
    b"\xc8": VectorDType.I8,
    b"\xc9": VectorDType.I16,
    b"\xca": VectorDType.I32,
    b"\xcb": VectorDType.I64,
    b"\xc6": VectorDType.F32,
    b"\xc1": VectorDType.F64,
}
_MARKER_BY_DTYPE: t.Final = {v: k for k, v in _DTYPE_BY_MARKER.items()}


def hydrate_vector(marker: bytes, data: bytes) -> Vector:
    """``V``: element-type marker and big-endian element bytes.

    :returns: the vector
    :raises ValueError: for an unknown element type
    """
    dtype = _DTYPE_BY_MARKER.get(bytes(marker))
    if dtype is None:
        raise ValueError(f"Unknown vector element type {marker!r}")
    return Vector(data, dtype)


def dehydrate_vector(value: Vector) -> Structure:
    """Encode a vector as ``V`` (Bolt 6.0+).

    :returns: the structure
    """
    return Structure(b"V", _MARKER_BY_DTYPE[value.dtype], value.raw())


def reject_vector(value: Vector) -> t.NoReturn:
    """Refuse vectors on connections older than Bolt 6.0.

    :raises ConfigurationError: always
    """
    # same wording as the official driver: applications match on it
    raise ConfigurationError(
        "Vector types require at least Bolt Protocol 6.0."
    )


def hydrate_unsupported(
    name: str,
    min_major: int,
    min_minor: int,
    extra: dict[str, t.Any],
) -> UnsupportedType:
    """``?``: a value the server cannot send on this protocol version.

    :param name: the server's type name
    :param min_major: major Bolt version that supports the type
    :param min_minor: minor Bolt version that supports the type
    :param extra: map with an optional ``"message"``
    :returns: the placeholder value
    """
    return UnsupportedType._new(
        name, (min_major, min_minor), extra.get("message")
    )
