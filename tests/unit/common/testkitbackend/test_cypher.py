from __future__ import annotations

import datetime
import math
import typing as t

import pytest

from neo4j.spatial import (
    CartesianPoint,
    WGS84Point,
)
from neo4j.time import (
    Date,
    DateTime,
    Duration,
    Time,
)
from neo4j.vector import Vector
from testkitbackend._cypher import (
    from_native,
    params_to_native,
    to_native,
)
from testkitbackend._framing import parse_request


def _cy(name: str, **data: t.Any) -> dict[str, t.Any]:
    return {"name": name, "data": data}


@pytest.mark.parametrize(
    ("wire", "value"),
    [
        (_cy("CypherNull", value=None), None),
        (_cy("CypherBool", value=True), True),
        (_cy("CypherInt", value=-(2**63)), -(2**63)),
        (_cy("CypherFloat", value=1.5), 1.5),
        (_cy("CypherFloat", value="+Infinity"), math.inf),
        (_cy("CypherFloat", value="-Infinity"), -math.inf),
        (_cy("CypherString", value="x"), "x"),
        (_cy("CypherBytes", value="00 ff 10"), bytearray(b"\x00\xff\x10")),
        (
            _cy("CypherList", value=[_cy("CypherInt", value=1)]),
            [1],
        ),
        (
            _cy("CypherMap", value={"k": _cy("CypherString", value="v")}),
            {"k": "v"},
        ),
        (_cy("CypherDate", year=2024, month=2, day=29), Date(2024, 2, 29)),
        (
            _cy(
                "CypherDuration",
                months=1,
                days=2,
                seconds=3,
                nanoseconds=4,
            ),
            Duration(months=1, days=2, seconds=3, nanoseconds=4),
        ),
    ],
)
def test_to_native(wire: dict[str, t.Any], value: t.Any) -> None:
    got = to_native(wire)
    assert got == value
    assert type(got) is type(value)


def test_to_native_nan() -> None:
    assert math.isnan(to_native(_cy("CypherFloat", value="NaN")))


def test_to_native_rejects_unknown_type() -> None:
    with pytest.raises(ValueError, match="unknown Cypher value type 'Nope'"):
        to_native(_cy("Nope", value=1))


def test_to_native_points() -> None:
    p2 = to_native(_cy("CypherPoint", system="cartesian", x=1.0, y=2.0))
    assert isinstance(p2, CartesianPoint) and tuple(p2) == (1.0, 2.0)
    p3 = to_native(_cy("CypherPoint", system="wgs84", x=1.0, y=2.0, z=3.0))
    assert isinstance(p3, WGS84Point) and tuple(p3) == (1.0, 2.0, 3.0)
    with pytest.raises(ValueError, match="unknown point system 'x'"):
        to_native(_cy("CypherPoint", system="x", x=1, y=2))


def test_to_native_time_with_offset() -> None:
    value = to_native(
        _cy(
            "CypherTime",
            hour=1,
            minute=2,
            second=3,
            nanosecond=4,
            utc_offset_s=3600,
        )
    )
    assert isinstance(value, Time)
    assert (value.hour, value.minute, value.second, value.nanosecond) == (
        1,
        2,
        3,
        4,
    )
    assert value.utcoffset() == datetime.timedelta(hours=1)


def test_to_native_datetime_with_zone_picks_fold_by_offset() -> None:
    common = {
        "year": 2022,
        "month": 10,
        "day": 30,
        "hour": 2,
        "minute": 30,
        "second": 0,
        "nanosecond": 5,
        "timezone_id": "Europe/Berlin",
    }
    summer = to_native(_cy("CypherDateTime", utc_offset_s=7200, **common))
    winter = to_native(_cy("CypherDateTime", utc_offset_s=3600, **common))
    assert isinstance(summer, DateTime)
    assert summer.utcoffset() == datetime.timedelta(hours=2)
    assert winter.utcoffset() == datetime.timedelta(hours=1)
    assert summer.nanosecond == 5


def test_to_native_vector_big_endian() -> None:
    value = to_native(_cy("CypherVector", dtype="i16", data="00 01 ff fe"))
    assert isinstance(value, Vector)
    assert value.to_native() == [1, -2]


def test_params_to_native_marks_request_read() -> None:
    _, data = parse_request(
        '{"name": "R", "data": {"params": {"a": '
        '{"name": "CypherInt", "data": {"value": 7}}}}}'
    )
    assert params_to_native(data["params"]) == {"a": 7}
    assert data.unread_keys() == []
    assert params_to_native(None) is None


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (None, {"name": "CypherNull", "data": {}}),
        (False, _cy("CypherBool", value=False)),
        (3, _cy("CypherInt", value=3)),
        (math.inf, _cy("CypherFloat", value="+Infinity")),
        (-math.inf, _cy("CypherFloat", value="-Infinity")),
        (math.nan, _cy("CypherFloat", value="NaN")),
        (b"\x01\xab", _cy("CypherBytes", value="01 ab")),
        (
            (1, "a"),
            _cy(
                "CypherList",
                value=[
                    _cy("CypherInt", value=1),
                    _cy("CypherString", value="a"),
                ],
            ),
        ),
        (
            {"k": 1.5},
            _cy(
                "CypherMap",
                value={
                    "k": _cy("CypherFloat", value=1.5),
                },
            ),
        ),
        (
            CartesianPoint((1.0, 2.0)),
            _cy("CypherPoint", system="cartesian", x=1.0, y=2.0, z=None),
        ),
        (
            WGS84Point((1.0, 2.0, 3.0)),
            _cy("CypherPoint", system="wgs84", x=1.0, y=2.0, z=3.0),
        ),
        (Date(1, 2, 3), _cy("CypherDate", year=1, month=2, day=3)),
        (
            Duration(months=1, days=2, seconds=3, nanoseconds=4),
            _cy("CypherDuration", months=1, days=2, seconds=3, nanoseconds=4),
        ),
        (
            Time(1, 2, 3, 4),
            _cy("CypherTime", hour=1, minute=2, second=3, nanosecond=4),
        ),
        (
            DateTime(2020, 1, 2, 3, 4, 5, 6),
            _cy(
                "CypherDateTime",
                year=2020,
                month=1,
                day=2,
                hour=3,
                minute=4,
                second=5,
                nanosecond=6,
            ),
        ),
    ],
)
def test_from_native(value: t.Any, wire: dict[str, t.Any]) -> None:
    assert from_native(value) == wire


def test_from_native_datetime_with_zone() -> None:
    import zoneinfo

    value = DateTime(2022, 6, 1, 12, 0, 0, 7).replace(
        tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")
    )
    assert from_native(value)["data"] == {
        "year": 2022,
        "month": 6,
        "day": 1,
        "hour": 12,
        "minute": 0,
        "second": 0,
        "nanosecond": 7,
        "utc_offset_s": 7200,
        "timezone_id": "Europe/Berlin",
    }


def test_from_native_vector() -> None:
    value = Vector.from_bytes(b"\x00\x01\xff\xfe", "i16", byteorder="big")
    assert from_native(value) == _cy(
        "CypherVector", dtype="i16", data="00 01 ff fe"
    )


def test_from_native_rejects_unknown_type() -> None:
    with pytest.raises(TypeError, match="no testkit form for object"):
        from_native(object())
