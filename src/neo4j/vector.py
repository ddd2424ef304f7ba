"""Vector values (Bolt 6.0+): homogeneous arrays of numbers."""

from __future__ import annotations

import inspect
import sys
import typing as t
from enum import Enum

from ._optional_deps import loaded as _loaded
from ._vector import (
    SPECS as _SPECS,
    ElementSpec as _ElementSpec,
    pack_native as _pack_native,
    swap_bytes as _swap_bytes,
    unpack_native as _unpack_native,
)


if t.TYPE_CHECKING:
    import numpy
    import pyarrow
    from typing_extensions import Self


__all__ = [
    "Vector",
    "VectorDType",
    "VectorEndian",
]


class VectorEndian(str, Enum):
    """
    Byte order of the raw data of a :class:`Vector`.

    A :class:`str` enum: wherever the driver takes a
    :class:`VectorEndian`, the plain strings ``"big"`` and ``"little"``
    work too (``VectorEndian.BIG == "big"``).

    .. versionadded:: 6.0
    """

    BIG = "big"
    LITTLE = "little"


class VectorDType(str, Enum):
    """
    Element type of a :class:`Vector`.

    ``f32``/``f64`` are 32/64-bit IEEE floats, ``i8`` to ``i64`` signed
    integers of that many bits.  A :class:`str` enum: the plain strings
    are accepted everywhere too (``VectorDType.F32 == "f32"``).

    .. versionadded:: 6.0
    """

    F32 = "f32"
    F64 = "f64"
    I8 = "i8"
    I16 = "i16"
    I32 = "i32"
    I64 = "i64"


_T_VectorEndian: t.TypeAlias = VectorEndian | t.Literal["big", "little"]
_T_VectorDType: t.TypeAlias = (
    VectorDType | t.Literal["f32", "f64", "i8", "i16", "i32", "i64"]
)
_T_VectorDTypeInt: t.TypeAlias = t.Literal[
    VectorDType.I8,
    VectorDType.I16,
    VectorDType.I32,
    VectorDType.I64,
    "i8",
    "i16",
    "i32",
    "i64",
]
_T_VectorDTypeFloat: t.TypeAlias = t.Literal[
    VectorDType.F32, VectorDType.F64, "f32", "f64"
]

_DTYPES: dict[str, VectorDType] = {d.value: d for d in VectorDType}
_NUMPY_DTYPES: dict[str, VectorDType] = {
    spec.numpy_name: _DTYPES[name] for name, spec in _SPECS.items()
}
_PYARROW_TYPE_NAMES: dict[str, VectorDType] = {
    "double": VectorDType.F64,
    "float": VectorDType.F32,
    "int64": VectorDType.I64,
    "int32": VectorDType.I32,
    "int16": VectorDType.I16,
    "int8": VectorDType.I8,
}


def _resolve_dtype(dtype: object) -> VectorDType:
    """Check a user supplied dtype and return the enum member."""
    if isinstance(dtype, str):
        member = _DTYPES.get(str.__str__(dtype))
        if member is None:
            raise ValueError(f"Unsupported vector type: {dtype!r}.")
        return member
    raise TypeError(f"Expected a VectorDType or str, got {type(dtype)}.")


def _check_byteorder(byteorder: object) -> bool:
    """Return True for little-endian, False for big; reject the rest."""
    if byteorder == "big":
        return False
    if byteorder == "little":
        return True
    raise ValueError(
        f"Invalid byteorder: {byteorder!r}. Must be 'big' or 'little'."
    )


def _in_both_orders(
    spec: _ElementSpec, data: object, little_endian: bool
) -> tuple[bytes, bytes | None]:
    """
    Accept raw element bytes given in one byte order.

    :returns: the big-endian bytes (the stored form) and, when the data
        came little-endian, the data itself (kept for :meth:`Vector.raw`)
    :raises TypeError: unless ``data`` is :class:`bytes`
    :raises ValueError: if the bytes do not hold whole elements
    """
    if not isinstance(data, bytes):
        raise TypeError("Data must be of type bytes")
    width = spec.size
    if len(data) % width:
        raise ValueError(
            f"Data length {len(data)} is not a multiple of {width}"
        )
    if not little_endian:
        return data, None
    return _swap_bytes(width, data), data


#: what a source parser yields: dtype, big-endian bytes, little-endian
#: bytes if already at hand
_Parsed: t.TypeAlias = tuple[VectorDType, bytes, bytes | None]


def _parse_bytes(
    data: bytes,
    dtype: _T_VectorDType,
    /,
    *,
    byteorder: _T_VectorEndian = "big",
) -> _Parsed:
    member = _resolve_dtype(dtype)
    little_endian = _check_byteorder(byteorder)
    return (
        member,
        *_in_both_orders(_SPECS[member.value], data, little_endian),
    )


def _parse_native(
    data: t.Iterable[t.Any], dtype: _T_VectorDType, /
) -> _Parsed:
    member = _resolve_dtype(dtype)
    return member, _pack_native(_SPECS[member.value], data), None


def _parse_numpy(data: numpy.ndarray, /) -> _Parsed:
    if data.ndim != 1:
        raise ValueError("Data must be one-dimensional")
    name = data.dtype.name
    member = _NUMPY_DTYPES.get(name)
    if member is None:
        raise ValueError(f"Unsupported numpy dtype: {name}")
    as_big = data.astype(data.dtype.newbyteorder(">"), copy=False)
    return member, as_big.tobytes(), None


def _parse_arrow(data: pyarrow.Array, /) -> _Parsed:
    member = _PYARROW_TYPE_NAMES.get(str(data.type))
    if member is None:
        raise ValueError(f"Unsupported pyarrow dtype: {data.type}")
    if data.null_count:
        raise ValueError("PyArrow array must not contain any null values.")
    width = _SPECS[member.value].size
    # the values buffer may be shared with a larger array: cut our part
    first = data.offset * width
    window = memoryview(data.buffers()[1])[first : first + len(data) * width]
    native_little = sys.byteorder == "little"
    return (
        member,
        *_in_both_orders(
            _SPECS[member.value], window.tobytes(), native_little
        ),
    )


def _parser_for(data: object) -> t.Callable[..., _Parsed]:
    """Pick the parser by the kind of data given to :class:`Vector`."""
    if isinstance(data, (bytes, bytearray)):
        return _parse_bytes
    # (not loaded: the data cannot be of that library)
    numpy = _loaded("numpy")
    if numpy is not None and isinstance(data, numpy.ndarray):
        return _parse_numpy
    pyarrow = _loaded("pyarrow")
    if pyarrow is not None and isinstance(data, pyarrow.Array):
        return _parse_arrow
    return _parse_native


def _misuse(
    parser: t.Callable[..., _Parsed],
    data: object,
    args: tuple[t.Any, ...],
    kwargs: dict[str, t.Any],
) -> str | None:
    """Explain arguments that do not fit the data's parser, if so."""
    try:
        inspect.signature(parser).bind(data, *args, **kwargs)
    except TypeError as exc:
        return (
            "Invalid arguments for Vector initialization with data of "
            f"type {_type_name(data)}: {exc}"
        )
    return None


def _type_name(value: object) -> str:
    cls = type(value)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def _format_float(value: t.Any) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == float("-inf"):
        return "-Infinity"
    return repr(value)


class Vector:
    r"""
    A vector: a fixed-size sequence of numbers of one element type.

    The data is held as one block of big-endian bytes.  Sending vectors
    requires a server speaking Bolt 6.0 or newer.

    Ways to build one::

        Vector([1.0, 2.5], "f32")                 # Python numbers
        Vector(b"\x00\x01\x00\x02", "i16")        # raw big-endian bytes
        Vector(b"\x01\x00", "i16", byteorder="little")
        Vector(numpy_array)                       # 1-d numpy array
        Vector(pyarrow_array)                     # pyarrow array

    :param data: an iterable of numbers (needs ``dtype``), :class:`bytes`
        or :class:`bytearray` (needs ``dtype``, accepts ``byteorder``),
        a :class:`numpy.ndarray` or a :class:`pyarrow.Array` (no further
        arguments).  See :meth:`from_native`, :meth:`from_bytes`,
        :meth:`from_numpy` and :meth:`from_pyarrow`.
    :param dtype: the element type (see :class:`VectorDType`)
    :param byteorder: byte order of raw ``data`` (default ``"big"``)

    :raises ValueError: for an unknown dtype or byte order, a byte
        length that is not a multiple of the element size, an
        unsupported or multi-dimensional array, or an array with nulls
    :raises TypeError: for wrong arguments or elements of the wrong type
    :raises OverflowError: for numbers out of the element type's range

    .. versionadded:: 6.0
    """

    __slots__ = ("__weakref__", "_data", "_data_le", "_dtype")

    _dtype: VectorDType
    _data: bytes
    _data_le: bytes | None

    @t.overload
    def __init__(
        self, data: t.Iterable[float], dtype: _T_VectorDTypeFloat, /
    ) -> None: ...

    @t.overload
    def __init__(
        self, data: t.Iterable[int], dtype: _T_VectorDTypeInt, /
    ) -> None: ...

    @t.overload
    def __init__(
        self,
        data: bytes | bytearray,
        dtype: _T_VectorDType,
        /,
        *,
        byteorder: _T_VectorEndian = "big",
    ) -> None: ...

    @t.overload
    def __init__(self, data: numpy.ndarray, /) -> None: ...

    @t.overload
    def __init__(self, data: pyarrow.Array, /) -> None: ...

    def __init__(self, data: t.Any, *args: t.Any, **kwargs: t.Any) -> None:
        given = data  # named in a misuse message (bytearray, not bytes)
        parser = _parser_for(data)
        if parser is _parse_bytes:
            data = bytes(data)  # a bytearray could change under us
        try:
            parsed = parser(data, *args, **kwargs)
        except TypeError:
            # a wrong call is reported as such; an error from inside
            # (such as an element of the wrong type) passes unchanged
            misuse = _misuse(parser, given, args, kwargs)
            if misuse is None:
                raise
            raise TypeError(misuse) from None
        self._dtype, self._data, self._data_le = parsed

    @classmethod
    def _of(cls, parsed: _Parsed) -> Self:
        made = cls.__new__(cls)
        made._dtype, made._data, made._data_le = parsed
        return made

    @classmethod
    def _from_raw(cls, data: bytes, dtype: VectorDType) -> Self:
        """
        Wrap trusted big-endian bytes (codec helper, minimal checks).

        :raises ValueError: if the length does not fit the element size
        """
        spec = _SPECS[dtype.value]
        return cls._of((dtype, *_in_both_orders(spec, bytes(data), False)))

    # -- raw access -------------------------------------------------------

    def raw(self, /, *, byteorder: _T_VectorEndian = "big") -> bytes:
        """
        Get the elements as raw bytes.

        :param byteorder: ``"big"`` (the stored form) or ``"little"``;
            pass :data:`sys.byteorder` for the machine's native order
        :returns: the bytes
        :raises ValueError: for any other byte order
        """
        if not _check_byteorder(byteorder):
            return self._data
        little = self._data_le
        if little is None:
            little = _swap_bytes(_SPECS[self._dtype.value].size, self._data)
            self._data_le = little
        return little

    def set_raw(
        self, data: bytes, /, *, byteorder: _T_VectorEndian = "big"
    ) -> None:
        """
        Replace the elements with raw bytes (the dtype is kept).

        :param data: the new bytes
        :param byteorder: byte order of ``data``
        :raises TypeError: if ``data`` is not :class:`bytes`
        :raises ValueError: for a length that is not a multiple of the
            element size, or an invalid byte order
        """
        spec = _SPECS[self._dtype.value]
        little_endian = _check_byteorder(byteorder)
        self._data, self._data_le = _in_both_orders(spec, data, little_endian)

    @property
    def dtype(self) -> VectorDType:
        """The element type."""
        return self._dtype

    def __len__(self) -> int:
        """Number of elements."""
        return len(self._data) // _SPECS[self._dtype.value].size

    def __str__(self) -> str:
        spec = _SPECS[self._dtype.value]
        values = self.to_native()
        if spec.is_float:
            shown = "[" + ", ".join(map(_format_float, values)) + "]"
        else:
            shown = str(values)
        return f"vector({shown}, {len(values)}, {spec.cypher_name})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r}, {self._dtype.value!r})"

    # -- conversions ------------------------------------------------------

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        dtype: _T_VectorDType,
        /,
        *,
        byteorder: _T_VectorEndian = "big",
    ) -> Self:
        """
        Build a vector from raw bytes.

        :param data: the elements, packed
        :param dtype: the element type
        :param byteorder: byte order of ``data`` (default ``"big"``)
        :raises TypeError: if ``data`` is not :class:`bytes`
        :raises ValueError: for a bad dtype, byte order or length
        """
        return cls._of(_parse_bytes(data, dtype, byteorder=byteorder))

    @t.overload
    @classmethod
    def from_native(
        cls, data: t.Iterable[float], dtype: _T_VectorDTypeFloat, /
    ) -> Self: ...

    @t.overload
    @classmethod
    def from_native(
        cls, data: t.Iterable[int], dtype: _T_VectorDTypeInt, /
    ) -> Self: ...

    @classmethod
    def from_native(
        cls,
        data: t.Iterable[float] | t.Iterable[int],
        dtype: _T_VectorDType,
        /,
    ) -> Self:
        """
        Build a vector from Python numbers.

        Float dtypes need :class:`float` elements, integer dtypes
        :class:`int` elements.

        :param data: the numbers
        :param dtype: the element type
        :raises ValueError: for an unknown dtype
        :raises TypeError: for an element of the wrong type
        :raises OverflowError: for an element out of range
        """
        return cls._of(_parse_native(data, dtype))

    def to_native(self) -> list[object]:
        """:returns: the elements as a list of floats or ints"""
        return _unpack_native(_SPECS[self._dtype.value], self._data)

    @classmethod
    def from_numpy(cls, data: numpy.ndarray, /) -> Self:
        """
        Build a vector from a one-dimensional numpy array.

        Supported dtypes: float64, float32, int64, int32, int16, int8
        (any byte order).

        :raises ValueError: for another dtype or dimensionality
        """
        return cls._of(_parse_numpy(data))

    def to_numpy(self) -> numpy.ndarray:
        """
        Get the elements as a (read-only, big-endian) numpy array.

        :raises ImportError: if numpy is not installed
        """
        import numpy

        spec = _SPECS[self._dtype.value]
        kind = "f" if spec.is_float else "i"
        return numpy.frombuffer(
            self._data, dtype=numpy.dtype(f">{kind}{spec.size}")
        )

    @classmethod
    def from_pyarrow(cls, data: pyarrow.Array, /) -> Self:
        """
        Build a vector from a pyarrow array.

        :raises ValueError: for an unsupported type or if the array
            contains nulls
        """
        return cls._of(_parse_arrow(data))

    def to_pyarrow(self) -> pyarrow.Array:
        """
        Get the elements as a pyarrow array.

        :raises ImportError: if pyarrow is not installed
        """
        import pyarrow

        spec = _SPECS[self._dtype.value]
        arrow_type = {
            "f32": pyarrow.float32,
            "f64": pyarrow.float64,
            "i8": pyarrow.int8,
            "i16": pyarrow.int16,
            "i32": pyarrow.int32,
            "i64": pyarrow.int64,
        }[spec.name]()
        native = self.raw(byteorder=t.cast(_T_VectorEndian, sys.byteorder))
        return pyarrow.Array.from_buffers(
            arrow_type, len(self), [None, pyarrow.py_buffer(native)], 0
        )
