from __future__ import annotations

import struct
import typing as t

import numpy as np
import pandas as pd
import pytest

from neo4j._codec.hydration import (
    HydrationHandlerV1,
    HydrationHandlerV2,
    HydrationHandlerV3,
)
from neo4j._codec.packstream import (
    Structure,
    pack,
)


def deh(value: t.Any, handler: t.Any = HydrationHandlerV3) -> bytes:
    buf = bytearray()
    pack(buf, value, handler().new_hydration_scope().dehydration_hooks)
    return bytes(buf)


def plain(value: t.Any) -> bytes:
    buf = bytearray()
    pack(buf, value)
    return bytes(buf)


def f64(x: float) -> bytes:
    return b"\xc1" + struct.pack(">d", x)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.int8(-17), b"\xc8\xef"),
        (np.int64(2**40), b"\xcb\x00\x00\x01\x00\x00\x00\x00\x00"),
        (np.uint16(300), b"\xc9\x01\x2c"),
        (np.float32(1.5), f64(1.5)),
        (np.float64(0.25), f64(0.25)),
        (np.bool_(True), b"\xc3"),
        (np.bool_(False), b"\xc2"),
        (np.str_("ab"), b"\x82ab"),
        (np.datetime64("NaT"), b"\xc0"),
        (np.timedelta64("NaT"), b"\xc0"),
    ],
)
def test_numpy_scalars(value: t.Any, expected: bytes) -> None:
    assert deh(value) == expected


def test_numpy_uint64_overflow() -> None:
    with pytest.raises(OverflowError, match=r"\(at value\[1\]\)"):
        deh([1, np.uint64(2**64 - 1)])


def test_numpy_arrays() -> None:
    assert deh(np.array([1, 2, 3])) == b"\x93\x01\x02\x03"
    assert deh(np.array([[1, 2], [3, 4]])) == b"\x92\x92\x01\x02\x92\x03\x04"
    assert deh(np.array([0.5])) == b"\x91" + f64(0.5)
    assert deh(np.array(["a", "bc"])) == b"\x92\x81a\x82bc"
    assert deh(np.array([True, False])) == b"\x92\xc3\xc2"
    assert deh({"a": np.arange(2)}) == b"\xa1\x81a\x92\x00\x01"


@pytest.mark.parametrize(
    "value",
    [np.array([1 + 2j]), np.zeros(2, dtype="V4"), np.complex128(1j)],
)
def test_numpy_rejected(value: t.Any) -> None:
    buf = bytearray(b"k")
    with pytest.raises(TypeError) as exc_info:
        pack(
            buf,
            {"x": value},
            HydrationHandlerV3().new_hydration_scope().dehydration_hooks,
        )
    assert isinstance(exc_info.value, ValueError)  # like the official one
    assert buf == b"k"


def test_numpy_datetime64() -> None:
    value = np.datetime64("1969-12-31T23:59:59.123456789", "ns")
    expected = plain(Structure(b"d", -1, 123_456_789))
    assert deh(value) == expected
    assert deh(np.datetime64("2000-01-01", "D")) == plain(
        Structure(b"d", 946_684_800, 0)
    )
    # far outside the datetime64[ns] range, still exact
    assert deh(np.datetime64("3000-01-01T00:00:00.5", "ms")) == plain(
        Structure(b"d", 32_503_680_000, 500_000_000)
    )
    assert deh(np.array(["2000-01-01"], dtype="datetime64[D]")) == (
        b"\x91" + plain(Structure(b"d", 946_684_800, 0))
    )
    with pytest.raises(ValueError, match="Year out of range"):
        deh(np.datetime64("10000-01-01", "D"))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (np.datetime64("10000-01-01"), "10000-01-01"),
        (np.datetime64("0000-01-01"), "0000-01-01"),
        (np.datetime64("-0001-01-01"), "-001-01-01"),
    ],
)
def test_numpy_datetime64_out_of_range_message(
    value: t.Any, shown: str
) -> None:
    # the official driver's wording, with numpy's own rendering of the value
    message = f"Year out of range (1..9999) found {shown}"
    with pytest.raises(ValueError) as exc_info:
        deh(value)
    assert str(exc_info.value) == message


@pytest.mark.parametrize(
    ("value", "fields"),
    [
        (np.timedelta64(3, "Y"), (36, 0, 0, 0)),
        (np.timedelta64(2, "M"), (2, 0, 0, 0)),
        (np.timedelta64(2, "W"), (0, 14, 0, 0)),
        (np.timedelta64(5, "D"), (0, 5, 0, 0)),
        (np.timedelta64(90, "m"), (0, 0, 5400, 0)),
        (np.timedelta64(1500, "ms"), (0, 0, 1, 500_000_000)),
        (np.timedelta64(7, "ns"), (0, 0, 0, 7)),
    ],
)
def test_numpy_timedelta64(value: t.Any, fields: tuple[int, ...]) -> None:
    assert deh(value) == plain(Structure(b"E", *fields))


def test_pandas_values() -> None:
    assert deh(pd.NA) == b"\xc0"
    assert deh(pd.NaT) == b"\xc0"
    assert deh(pd.Series([1, 2])) == b"\x92\x01\x02"
    assert deh(pd.array([1, None], dtype="Int64")) == b"\x92\x01\xc0"
    assert deh(pd.Categorical(["a", "b", "a"])) == b"\x93\x81a\x81b\x81a"
    frame = pd.DataFrame({"x": [1, 2], "y": ["a", "b"]})
    assert deh(frame) == b"\xa2\x81x\x92\x01\x02\x81y\x92\x81a\x81b"
    assert deh(pd.Timedelta(seconds=1, nanoseconds=5)) == plain(
        Structure(b"E", 0, 0, 1, 5)
    )


def test_pandas_timestamps() -> None:
    naive = pd.Timestamp("1970-01-01T00:00:01.000000002")
    assert deh(naive) == plain(Structure(b"d", 1, 2))
    zoned = pd.Timestamp("2021-07-04T12:00:00", tz="America/New_York")
    utc = 1_625_414_400  # 2021-07-04T16:00:00Z
    assert deh(zoned, HydrationHandlerV2) == plain(
        Structure(b"i", utc, 0, "America/New_York")
    )
    assert deh(zoned, HydrationHandlerV1) == plain(
        Structure(b"f", utc - 4 * 3600, 0, "America/New_York")
    )
    offset = pd.Timestamp("2021-07-04T12:00:00+02:00")
    assert deh(offset, HydrationHandlerV2) == plain(
        Structure(b"I", utc - 6 * 3600, 0, 7200)
    )


def test_pandas_rejected_dtypes() -> None:
    periods = pd.Series(pd.period_range("2000-01", periods=2, freq="M"))
    with pytest.raises(TypeError, match=r"period.*\(at value\['p'\]\)"):
        deh({"p": periods})
    intervals = pd.Series(pd.interval_range(0, 2))
    with pytest.raises(TypeError, match="interval"):
        deh(intervals)
    arrow = pd.Series([1, 2], dtype="int64[pyarrow]")
    with pytest.raises(TypeError, match="pyarrow"):
        deh(arrow)


def test_frame_with_non_str_column() -> None:
    with pytest.raises(TypeError, match="Map keys must be strings"):
        deh(pd.DataFrame({1: [1]}))
