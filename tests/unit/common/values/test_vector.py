from __future__ import annotations

import copy
import math
import pickle
import struct
import sys
import typing as t

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, strategies as st

from neo4j.vector import Vector, VectorDType, VectorEndian


_PREFIX = "Invalid arguments for Vector initialization with data of type "

_INT_RANGES = {
    "i8": (-(2**7), 2**7 - 1, "b"),
    "i16": (-(2**15), 2**15 - 1, "h"),
    "i32": (-(2**31), 2**31 - 1, "i"),
    "i64": (-(2**63), 2**63 - 1, "q"),
}


def test_enums() -> None:
    assert [d.value for d in VectorDType] == [
        "f32",
        "f64",
        "i8",
        "i16",
        "i32",
        "i64",
    ]
    f32: object = VectorDType.F32
    assert f32 == "f32"
    assert VectorDType("i8") is VectorDType.I8
    assert repr(VectorDType.I8) == "<VectorDType.I8: 'i8'>"
    big: object = VectorEndian.BIG
    little: object = VectorEndian.LITTLE
    assert big == "big"
    assert little == "little"


def test_from_native_and_repr() -> None:
    v = Vector([1.0, 2.0], "f32")
    assert v.dtype is VectorDType.F32
    assert len(v) == 2
    assert v.raw() == b"?\x80\x00\x00@\x00\x00\x00"
    assert repr(v) == "Vector(b'?\\x80\\x00\\x00@\\x00\\x00\\x00', 'f32')"
    assert str(v) == "vector([1.0, 2.0], 2, FLOAT32 NOT NULL)"
    assert v.to_native() == [1.0, 2.0]


def test_str_forms() -> None:
    inf = float("inf")
    assert str(Vector([1.0, float("nan"), inf, -inf], "f64")) == (
        "vector([1.0, NaN, Infinity, -Infinity], 4, FLOAT NOT NULL)"
    )
    assert str(Vector([1, 2], "i8")) == "vector([1, 2], 2, INTEGER8 NOT NULL)"
    assert str(Vector([], "i16")) == "vector([], 0, INTEGER16 NOT NULL)"
    assert str(Vector([3], "i32")) == "vector([3], 1, INTEGER32 NOT NULL)"
    assert str(Vector([3], "i64")) == "vector([3], 1, INTEGER NOT NULL)"


def test_raw_byteorder() -> None:
    v = Vector([1, 2], "i16")
    assert v.raw() == b"\x00\x01\x00\x02"
    assert v.raw(byteorder="little") == b"\x01\x00\x02\x00"
    assert v.raw(byteorder=VectorEndian.LITTLE) == b"\x01\x00\x02\x00"
    with pytest.raises(ValueError) as exc:
        v.raw(byteorder="x")  # type: ignore[arg-type]
    assert (
        str(exc.value) == "Invalid byteorder: 'x'. Must be 'big' or 'little'."
    )


def test_from_bytes() -> None:
    assert repr(Vector(b"\x00\x01", "i16")) == "Vector(b'\\x00\\x01', 'i16')"
    v = Vector(b"\x00\x01", "i16", byteorder="little")
    assert v.raw() == b"\x01\x00"
    assert Vector(bytearray(b"\x00\x01"), VectorDType.I8).raw() == b"\x00\x01"
    assert Vector.from_bytes(b"\x00\x01", "i16").to_native() == [1]
    with pytest.raises(TypeError, match=r"^Data must be of type bytes$"):
        Vector.from_bytes(bytearray(b"\x00\x01"), "i16")  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match=r"^Data length 2 is not a multiple of 4$"
    ):
        Vector(b"\x00\x01", "i32")
    assert Vector(b"", "f64").to_native() == []


@pytest.mark.parametrize(
    ("dtype", "exc_type", "message"),
    [
        ("u8", ValueError, "Unsupported vector type: 'u8'."),
        ("I8", ValueError, "Unsupported vector type: 'I8'."),
        (5, TypeError, "Expected a VectorDType or str, got <class 'int'>."),
        (
            None,
            TypeError,
            "Expected a VectorDType or str, got <class 'NoneType'>.",
        ),
    ],
)
def test_bad_dtype(dtype: t.Any, exc_type: type, message: str) -> None:
    with pytest.raises(exc_type) as exc:
        Vector(b"\x00", dtype)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: Vector(b"\x00\x01"),
            (_PREFIX + "bytes: missing a required argument: 'dtype'"),
        ),
        (
            lambda: Vector(bytearray(8), foo="f64"),  # type: ignore[call-overload]
            (_PREFIX + "bytearray: missing a required argument: 'dtype'"),
        ),
        (
            lambda: Vector(bytearray(8), "f64", "big", 1),  # type: ignore[call-overload]
            (_PREFIX + "bytearray: too many positional arguments"),
        ),
        (
            lambda: Vector([1, 2]),
            (_PREFIX + "list: missing a required argument: 'dtype'"),
        ),
        (
            lambda: Vector([1], "i8", byteorder="big"),  # type: ignore[call-overload]
            (_PREFIX + "list: got an unexpected keyword argument 'byteorder'"),
        ),
        (
            lambda: Vector(b"\x00", "i8", "big"),  # type: ignore[call-overload]
            (_PREFIX + "bytes: too many positional arguments"),
        ),
        (
            lambda: Vector(np.array([1], dtype=np.int16), "i16"),
            (_PREFIX + "numpy.ndarray: too many positional arguments"),
        ),
    ],
)
def test_bad_arguments(call: t.Callable[[], t.Any], message: str) -> None:
    with pytest.raises(TypeError) as exc:
        call()
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("data", "dtype", "exc_type", "message"),
    [
        (
            [1, 2.0],
            "i8",
            TypeError,
            "Cannot build i8 vector from float, expected int.",
        ),
        (
            [1, 2],
            "f32",
            TypeError,
            "Cannot build f32 vector from int, expected float.",
        ),
        (
            [1.5, 2],
            "f64",
            TypeError,
            "Cannot build f64 vector from int, expected float.",
        ),
        (
            [1, "a"],
            "i64",
            TypeError,
            "Cannot build i64 vector from str, expected int.",
        ),
        (
            [1, 200],
            "i8",
            OverflowError,
            "Value 200 is out of range for i8: [-128, 127]",
        ),
        (
            [-32769],
            "i16",
            OverflowError,
            "Value -32769 is out of range for i16: [-32768, 32767]",
        ),
        (
            [2**31],
            "i32",
            OverflowError,
            (
                "Value 2147483648 is out of range for i32: "
                "[-2147483648, 2147483647]"
            ),
        ),
        (
            [1, 2**63],
            "i64",
            OverflowError,
            (
                "Value 9223372036854775808 is out of range for i64: "
                "[-9223372036854775808, 9223372036854775807]"
            ),
        ),
        (
            [1.0, 1e300],
            "f32",
            OverflowError,
            (
                "Value 1e+300 is out of range for f32: "
                "[-3.4028234e+38, 3.4028234e+38]"
            ),
        ),
    ],
)
def test_native_errors(
    data: list[t.Any], dtype: t.Any, exc_type: type, message: str
) -> None:
    with pytest.raises(exc_type) as exc:
        Vector(data, dtype)
    assert str(exc.value) == message


def test_native_misc() -> None:
    assert Vector([1, True], "i8").raw() == b"\x01\x01"
    assert Vector((x for x in [1, 2]), "i8").raw() == b"\x01\x02"
    assert Vector.from_native(iter([1, 2]), "i16").raw() == (
        b"\x00\x01\x00\x02"
    )
    assert Vector([1e300], "f64").to_native() == [1e300]
    assert Vector([1.1], "f32").to_native() == [1.100000023841858]
    assert math.isnan(
        t.cast(float, Vector([float("nan")], "f32").to_native()[0])
    )
    with pytest.raises(TypeError, match="not iterable"):
        Vector(5, "i8")  # type: ignore[call-overload]


def test_set_raw() -> None:
    v = Vector([1], "i16")
    v.set_raw(b"\x00\x02\x00\x03")
    assert v.to_native() == [2, 3]
    v.set_raw(b"\x02\x00", byteorder="little")
    assert v.raw() == b"\x00\x02"
    assert v.raw(byteorder="little") == b"\x02\x00"
    with pytest.raises(
        ValueError, match=r"^Data length 3 is not a multiple of 2$"
    ):
        v.set_raw(b"\x02\x00\x01")
    with pytest.raises(TypeError, match=r"^Data must be of type bytes$"):
        v.set_raw(bytearray(b"\x02\x00"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Invalid byteorder: 'mid'"):
        v.set_raw(b"\x02\x00", byteorder="mid")  # type: ignore[arg-type]
    assert v.raw() == b"\x00\x02"


def test_identity_semantics() -> None:
    a = Vector([1], "i8")
    assert a != Vector([1], "i8")
    assert a == a
    assert isinstance(hash(a), int)


def test_pickle_and_copy() -> None:
    v = Vector([1, 2], "i16")
    for clone in (pickle.loads(pickle.dumps(v)), copy.deepcopy(v)):
        assert repr(clone) == repr(v)
        assert clone.dtype is VectorDType.I16


@pytest.mark.parametrize(
    ("np_dtype", "dtype"),
    [
        ("<f4", "f32"),
        (">f4", "f32"),
        ("<f8", "f64"),
        ("i1", "i8"),
        ("<i2", "i16"),
        (">i2", "i16"),
        ("<i4", "i32"),
        ("<i8", "i64"),
    ],
)
def test_numpy_round_trip(np_dtype: str, dtype: str) -> None:
    arr = np.array([1, 2, 3, 4], dtype=np_dtype)
    v = Vector(arr)
    assert v.dtype == dtype
    assert v.to_native() == [1, 2, 3, 4]
    out = v.to_numpy()
    assert out.dtype.byteorder in (">", "|")
    assert out.tolist() == [1, 2, 3, 4]
    assert Vector.from_numpy(arr[::2]).to_native() == [1, 3]


def test_numpy_errors() -> None:
    with pytest.raises(ValueError, match=r"^Data must be one-dimensional$"):
        Vector(np.array([[1, 2]], dtype=np.int16))
    with pytest.raises(ValueError, match=r"^Unsupported numpy dtype: uint16$"):
        Vector(np.array([1, 2], dtype=np.uint16))


@pytest.mark.parametrize(
    ("pa_type", "dtype"),
    [
        (pa.float32(), "f32"),
        (pa.float64(), "f64"),
        (pa.int8(), "i8"),
        (pa.int16(), "i16"),
        (pa.int32(), "i32"),
        (pa.int64(), "i64"),
    ],
)
def test_pyarrow_round_trip(pa_type: t.Any, dtype: str) -> None:
    arr = pa.array([1, 2, 3], type=pa_type)
    v = Vector(arr)
    assert v.dtype == dtype
    assert v.to_native() == [1, 2, 3]
    back = v.to_pyarrow()
    assert back.type == pa_type
    assert back.to_pylist() == [1, 2, 3]
    assert Vector.from_pyarrow(arr.slice(1)).to_native() == [2, 3]


def test_pyarrow_errors() -> None:
    with pytest.raises(
        ValueError, match=r"^PyArrow array must not contain any null values.$"
    ):
        Vector(pa.array([1, None], type=pa.int32()))
    with pytest.raises(
        ValueError, match=r"^Unsupported pyarrow dtype: uint32$"
    ):
        Vector(pa.array([1, 2], type=pa.uint32()))


def test_from_raw_codec_helper() -> None:
    v = Vector._from_raw(b"\x00\x01", VectorDType.I16)
    assert v.to_native() == [1]
    with pytest.raises(ValueError):
        Vector._from_raw(b"\x00", VectorDType.I16)


@pytest.mark.parametrize("dtype", ["i8", "i16", "i32", "i64"])
@given(data=st.data())
def test_int_round_trip(dtype: str, data: st.DataObject) -> None:
    low, high, code = _INT_RANGES[dtype]
    values = data.draw(st.lists(st.integers(low, high), max_size=40))
    v = Vector(values, dtype)  # type: ignore[call-overload]
    assert v.to_native() == values
    assert v.raw() == struct.pack(f">{len(values)}{code}", *values)
    assert v.raw(byteorder="little") == struct.pack(
        f"<{len(values)}{code}", *values
    )
    little = v.raw(byteorder="little")
    again = Vector(little, dtype, byteorder="little")  # type: ignore[call-overload]
    assert again.raw() == v.raw()
    assert v.to_numpy().tolist() == values


@given(st.lists(st.floats(allow_nan=False), max_size=40))
def test_f64_round_trip(values: list[float]) -> None:
    v = Vector(values, "f64")
    assert v.to_native() == values
    assert v.raw() == struct.pack(f">{len(values)}d", *values)
    assert v.to_pyarrow().to_pylist() == values


@given(st.lists(st.floats(width=32, allow_nan=False), max_size=40))
def test_f32_round_trip(values: list[float]) -> None:
    v = Vector(values, "f32")
    assert v.to_native() == values
    assert v.raw() == struct.pack(f">{len(values)}f", *values)
    native = sys.byteorder
    again = Vector(v.raw(byteorder=native), "f32", byteorder=native)
    assert again.to_native() == values
