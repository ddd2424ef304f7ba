"""Every PackStream value type through a real server (ArcadeDB, Neo4j).

Parameters are sent with ``RETURN $v AS v`` and the returned value is
compared with what was sent; values the server builds itself (temporal
functions, points, graph entities) are checked field by field.
"""

from __future__ import annotations

import datetime
import math
import typing as t

import pytest

from neo4j import AsyncDriver
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time


INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


async def echo(driver: AsyncDriver, db: str, value: t.Any) -> t.Any:
    async with driver.session(database=db) as session:
        result = await session.run("RETURN $v AS v", v=value)
        record = await result.single(strict=True)
        assert record.keys() == ["v"]
        return record["v"]


async def evaluate(driver: AsyncDriver, db: str, expression: str) -> t.Any:
    async with driver.session(database=db) as session:
        result = await session.run(f"RETURN {expression} AS v")
        record = await result.single(strict=True)
        return record["v"]


def zone_name(tz: t.Any) -> str | None:
    """The IANA name of a tzinfo (pytz or zoneinfo)."""
    return getattr(tz, "zone", None) or getattr(tz, "key", None)


def fixed_offset(minutes: int) -> datetime.tzinfo:
    import pytz

    tz: datetime.tzinfo = pytz.FixedOffset(minutes)
    return tz


def stockholm(naive: DateTime) -> DateTime:
    import pytz

    tz = pytz.timezone("Europe/Stockholm")
    return tz.localize(naive)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        0,
        1,
        -1,
        -16,
        -17,
        127,
        128,
        -128,
        -129,
        32767,
        32768,
        -32768,
        -32769,
        2**31 - 1,
        2**31,
        -(2**31),
        -(2**31) - 1,
        INT64_MAX,
        INT64_MIN,
    ],
    ids=repr,
)
async def test_null_bool_and_int_boundaries(
    driver: AsyncDriver, value: t.Any, db: str
) -> None:
    got = await echo(driver, db, value)
    assert got == value
    assert type(got) is type(value)


@pytest.mark.parametrize(
    "value",
    [0.0, -0.0, 1.5, -2.25, 1e308, 5e-324, math.inf, -math.inf],
    ids=repr,
)
async def test_floats(driver: AsyncDriver, db: str, value: float) -> None:
    got = await echo(driver, db, value)
    assert type(got) is float
    assert got == value
    assert math.copysign(1.0, got) == math.copysign(1.0, value)


async def test_float_nan(driver: AsyncDriver, db: str) -> None:
    got = await echo(driver, db, math.nan)
    assert type(got) is float
    assert math.isnan(got)


async def test_int_outside_int64_is_rejected_client_side(
    driver: AsyncDriver,
    db: str,
) -> None:
    async with driver.session(database=db) as session:
        with pytest.raises((OverflowError, ValueError, TypeError)):
            await session.run("RETURN $v AS v", v=INT64_MAX + 1)
        # the session is still usable afterwards
        result = await session.run("RETURN 7 AS v")
        assert await result.single(strict=True) == [7]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "a",
        "x" * 15,
        "x" * 16,
        "x" * 255,
        "x" * 256,
        "é",
        "日本語テキスト",
        "emoji 😀🎉 and \u0000 nul",
        "é" * 40_000,
        "😀" * 20_000,
        "abcdefgh" * 9_000,
    ],
    ids=lambda s: f"{s[:12]!r}x{len(s)}",
)
async def test_strings(driver: AsyncDriver, db: str, value: str) -> None:
    got = await echo(driver, db, value)
    assert type(got) is str
    assert len(got) == len(value)
    assert got == value


@pytest.mark.parametrize(
    "value",
    [b"", b"\x00", bytes(range(256)), b"\xff" * 70_000],
    ids=lambda b: f"bytes{len(b)}",
)
async def test_bytes(driver: AsyncDriver, db: str, value: bytes) -> None:
    got = await echo(driver, db, value)
    assert type(got) is bytes
    assert got == value


async def test_bytearray_comes_back_as_bytes(
    driver: AsyncDriver, db: str
) -> None:
    got = await echo(driver, db, bytearray(b"\x01\x02"))
    assert got == b"\x01\x02"
    assert type(got) is bytes


@pytest.mark.parametrize(
    "value",
    [
        [],
        [1, 2, 3],
        [None, True, 1.5, "s", b"b"],
        list(range(20)),
        list(range(70_000)),
        [[1, [2, [3, [4]]]], []],
    ],
    ids=lambda v: f"list{len(v)}",
)
async def test_lists(driver: AsyncDriver, db: str, value: list[t.Any]) -> None:
    got = await echo(driver, db, value)
    assert type(got) is list
    assert got == value


async def test_tuple_is_sent_as_list(driver: AsyncDriver, db: str) -> None:
    assert await echo(driver, db, (1, "a")) == [1, "a"]


@pytest.mark.parametrize(
    "value",
    [
        {},
        {"a": 1},
        {f"k{i}": i for i in range(20)},
        {"ключ": "значение", "": 0},
        {"a": {"b": {"c": [1, {"d": None}]}}},
    ],
    ids=lambda v: f"map{len(v)}",
)
async def test_maps(
    driver: AsyncDriver, value: dict[str, t.Any], db: str
) -> None:
    got = await echo(driver, db, value)
    assert type(got) is dict
    assert got == value


async def test_nested_mixture(driver: AsyncDriver, db: str) -> None:
    value = {
        "ints": [INT64_MIN, -1, 0, INT64_MAX],
        "floats": [0.1, -1e-10],
        "text": ["ü", "😀"],
        "raw": b"\x00\x01",
        "when": Date(2024, 2, 29),
        "where": CartesianPoint((1.0, 2.0)),
        "deep": [{"x": [[{"y": None}]]}],
    }
    assert await echo(driver, db, value) == value


async def test_big_map_over_5_mib(driver: AsyncDriver, db: str) -> None:
    # > 5 MiB each way: many 64 KiB chunks in both directions.
    value = {f"key{i}": "v" * 1_000 + str(i) for i in range(5_500)}
    got = await echo(driver, db, value)
    assert len(got) == len(value)
    assert got == value


async def test_big_string_over_5_mib(driver: AsyncDriver, db: str) -> None:
    value = "0123456789abcdef" * (6 * 1024 * 1024 // 16)
    assert len(value.encode()) > 5 * 1024 * 1024
    got = await echo(driver, db, value)
    assert got == value


async def test_server_built_big_list(driver: AsyncDriver, db: str) -> None:
    got = await evaluate(driver, db, "range(1, 300000)")
    assert got == list(range(1, 300_001))


# -- temporal -------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        Date(2024, 2, 29),
        Date(1970, 1, 1),
        Date(1, 1, 1),
        Date(9999, 12, 31),
        Date(1969, 12, 31),
    ],
    ids=str,
)
async def test_date(driver: AsyncDriver, db: str, value: Date) -> None:
    got = await echo(driver, db, value)
    assert isinstance(got, Date)
    assert got == value


async def test_python_date_comes_back_as_neo4j_date(
    driver: AsyncDriver,
    db: str,
) -> None:
    got = await echo(driver, db, datetime.date(2020, 5, 17))
    assert isinstance(got, Date)
    assert got == Date(2020, 5, 17)
    assert got.to_native() == datetime.date(2020, 5, 17)


async def test_local_time(driver: AsyncDriver, db: str) -> None:
    value = Time(23, 59, 59, 999_999_999)
    got = await echo(driver, db, value)
    assert isinstance(got, Time)
    assert got.tzinfo is None
    assert got == value
    assert got.nanosecond == 999_999_999


async def test_time_with_offset(driver: AsyncDriver, db: str) -> None:
    value = Time(12, 34, 56, 123_456_789, tzinfo=fixed_offset(120))
    got = await echo(driver, db, value)
    assert isinstance(got, Time)
    assert (got.hour, got.minute, got.second) == (12, 34, 56)
    assert got.nanosecond == 123_456_789
    assert got.utc_offset() == datetime.timedelta(hours=2)


async def test_python_time_comes_back_as_neo4j_time(
    driver: AsyncDriver,
    db: str,
) -> None:
    got = await echo(driver, db, datetime.time(1, 2, 3, 4))
    assert isinstance(got, Time)
    assert got == Time(1, 2, 3, 4_000)


async def test_local_date_time(driver: AsyncDriver, db: str) -> None:
    value = DateTime(2024, 1, 2, 3, 4, 5, 678_901_234)
    got = await echo(driver, db, value)
    assert isinstance(got, DateTime)
    assert got.tzinfo is None
    assert got == value
    assert got.nanosecond == 678_901_234


@pytest.mark.parametrize("minutes", [0, 90, -330, 14 * 60])
async def test_date_time_with_offset(
    driver: AsyncDriver, minutes: int, db: str
) -> None:
    value = DateTime(2024, 3, 31, 2, 30, 0, 5, tzinfo=fixed_offset(minutes))
    got = await echo(driver, db, value)
    assert isinstance(got, DateTime)
    assert got == value
    assert got.utcoffset() == datetime.timedelta(minutes=minutes)
    assert got.nanosecond == 5
    assert (got.year, got.month, got.day, got.hour, got.minute) == (
        2024,
        3,
        31,
        2,
        30,
    )


@pytest.mark.parametrize(
    ("naive", "offset_hours"),
    [
        # winter time (CET)
        (DateTime(2024, 1, 15, 12, 0, 0, 1), 1),
        # summer time (CEST), right after the spring-forward gap
        (DateTime(2024, 3, 31, 3, 30, 0, 5), 2),
        # the autumn fold, second occurrence is_dst=False under pytz
        (DateTime(2024, 10, 27, 2, 30, 0, 7), 1),
        (DateTime(2024, 7, 1, 0, 0, 0, 999_999_999), 2),
    ],
    ids=str,
)
async def test_date_time_with_zone_id(
    driver: AsyncDriver, naive: DateTime, offset_hours: int, db: str
) -> None:
    value = stockholm(naive)
    assert value.utcoffset() == datetime.timedelta(hours=offset_hours)
    got = await echo(driver, db, value)
    assert isinstance(got, DateTime)
    assert zone_name(got.tzinfo) == "Europe/Stockholm"
    assert got.utcoffset() == datetime.timedelta(hours=offset_hours)
    assert got == value
    assert got.nanosecond == naive.nanosecond
    assert (got.year, got.month, got.day, got.hour, got.minute) == (
        naive.year,
        naive.month,
        naive.day,
        naive.hour,
        naive.minute,
    )


async def test_server_built_zoned_date_time_in_dst(
    driver: AsyncDriver, db: str
) -> None:
    got = await evaluate(
        driver, db, "datetime('2024-06-01T12:00:00[America/New_York]')"
    )
    assert isinstance(got, DateTime)
    assert zone_name(got.tzinfo) == "America/New_York"
    # what code written for the official driver's pytz zones reads
    assert got.tzinfo.zone == "America/New_York"  # type: ignore[union-attr]
    naive = datetime.datetime(2024, 12, 1, 12)
    winter = got.tzinfo.localize(naive)  # type: ignore[union-attr]
    assert winter.utcoffset() == datetime.timedelta(hours=-5)
    assert got.utcoffset() == datetime.timedelta(hours=-4)
    assert (got.hour, got.minute) == (12, 0)
    utc = got.astimezone(datetime.timezone.utc)
    assert (utc.hour, utc.day) == (16, 1)


async def test_python_datetime_utc(driver: AsyncDriver, db: str) -> None:
    native = datetime.datetime(
        2020, 1, 1, 10, 0, 0, 123, tzinfo=datetime.timezone.utc
    )
    got = await echo(driver, db, native)
    assert isinstance(got, DateTime)
    assert got == native
    assert got.utcoffset() == datetime.timedelta(0)
    assert got.to_native() == native


async def test_server_built_temporals(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(
            "RETURN date('2024-02-29') AS d, "
            "localtime('12:00:01.5') AS lt, "
            "time('12:00+01:00') AS t, "
            "localdatetime('2024-01-01T00:00') AS ldt, "
            "datetime('2024-01-01T00:00+05:30') AS dt, "
            "duration('P1Y2M3DT4H5M6.000000007S') AS dur"
        )
        record = await result.single(strict=True)
    assert record["d"] == Date(2024, 2, 29)
    assert record["lt"] == Time(12, 0, 1, 500_000_000)
    assert record["lt"].tzinfo is None
    assert record["t"].utc_offset() == datetime.timedelta(hours=1)
    assert (record["t"].hour, record["t"].minute) == (12, 0)
    assert record["ldt"] == DateTime(2024, 1, 1, 0, 0, 0)
    assert record["ldt"].tzinfo is None
    assert record["dt"].utcoffset() == datetime.timedelta(hours=5, minutes=30)
    assert record["dt"] == DateTime(2023, 12, 31, 18, 30, 0, tzinfo=UTC)
    assert record["dur"] == Duration(
        months=14, days=3, seconds=4 * 3600 + 5 * 60 + 6, nanoseconds=7
    )


UTC = datetime.timezone.utc


@pytest.mark.parametrize(
    "value",
    [
        Duration(),
        Duration(months=14, days=3, seconds=5, nanoseconds=7),
        Duration(months=-1, days=-2, seconds=-3),
        Duration(seconds=86_400 * 400, nanoseconds=999_999_999),
    ],
    ids=str,
)
async def test_duration(driver: AsyncDriver, db: str, value: Duration) -> None:
    got = await echo(driver, db, value)
    assert isinstance(got, Duration)
    assert got == value
    assert (got.months, got.days, got.seconds, got.nanoseconds) == (
        value.months,
        value.days,
        value.seconds,
        value.nanoseconds,
    )


async def test_python_timedelta_comes_back_as_duration(
    driver: AsyncDriver,
    db: str,
) -> None:
    got = await echo(driver, db, datetime.timedelta(days=1, microseconds=3))
    assert isinstance(got, Duration)
    assert (got.months, got.days, got.seconds, got.nanoseconds) == (
        0,
        1,
        0,
        3_000,
    )


# -- spatial --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "srid"),
    [
        (CartesianPoint((1.5, -2.5)), 7203),
        (CartesianPoint((1.0, 2.0, 3.0)), 9157),
        (WGS84Point((12.99, 55.6)), 4326),
        (WGS84Point((12.99, 55.6, 120.0)), 4979),
    ],
    ids=repr,
)
async def test_points(
    driver: AsyncDriver, value: t.Any, srid: int, db: str
) -> None:
    got = await echo(driver, db, value)
    assert type(got) is type(value)
    assert got == value
    assert got.srid == srid
    assert tuple(got) == tuple(value)


async def test_point_accessors(driver: AsyncDriver, db: str) -> None:
    cart = await echo(driver, db, CartesianPoint((1.0, 2.0, 3.0)))
    assert (cart.x, cart.y, cart.z) == (1.0, 2.0, 3.0)
    geo = await echo(driver, db, WGS84Point((12.5, 55.5, 7.0)))
    assert (geo.longitude, geo.latitude, geo.height) == (12.5, 55.5, 7.0)


async def test_server_built_point(driver: AsyncDriver, db: str) -> None:
    got = await evaluate(driver, db, "point({x: 1, y: 2})")
    assert isinstance(got, CartesianPoint)
    assert tuple(got) == (1.0, 2.0)


# -- graph types ----------------------------------------------------------


async def test_node_relationship_and_path(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        result = await session.run(
            f"CREATE (a:{label} {{name: 'a', n: 1}})"
            "-[r:KNOWS {since: 2020}]->"
            f"(b:{label} {{name: 'b', tags: ['x', 'y']}}) "
            "RETURN a, r, b, [a, b] AS both"
        )
        created = await result.single(strict=True)
        a, r, b = created["a"], created["r"], created["b"]
        assert isinstance(a, Node)
        assert isinstance(r, Relationship)
        assert a.labels == frozenset({label})
        assert dict(a) == {"name": "a", "n": 1}
        assert b["tags"] == ["x", "y"]
        assert b.get("missing") is None
        assert isinstance(a.element_id, str)
        assert a.element_id != b.element_id
        assert r.type == "KNOWS"
        assert dict(r.items()) == {"since": 2020}
        assert r.start_node == a
        assert r.end_node == b
        assert r.nodes == (a, b)
        assert created["both"] == [a, b]

        result = await session.run(
            f"MATCH p = (x:{label} {{name: 'a'}})-[:KNOWS]->(y:{label}) "
            "RETURN p, x, y"
        )
        matched = await result.single(strict=True)
    path = matched["p"]
    assert isinstance(path, Path)
    assert len(path) == 1
    # entities of different results belong to different graphs: compare
    # by element id, not by equality
    assert path.start_node.element_id == a.element_id
    assert path.end_node.element_id == b.element_id
    assert [n.element_id for n in path.nodes] == [
        a.element_id,
        b.element_id,
    ]
    assert path.start_node != a
    (rel,) = path.relationships
    assert rel.element_id == r.element_id
    assert rel.type == "KNOWS"
    assert rel.start_node is not None
    assert rel.end_node is not None
    assert rel.start_node.element_id == a.element_id
    assert rel.end_node.element_id == b.element_id
    assert matched["x"].element_id == a.element_id
    assert dict(matched["y"]) == {"name": "b", "tags": ["x", "y"]}


async def test_longer_path_orientation(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        await (
            await session.run(
                f"CREATE (a:{label} {{i: 0}})-[:N]->(b:{label} {{i: 1}})"
                f"<-[:N]-(c:{label} {{i: 2}})"
            )
        ).consume()
        result = await session.run(
            f"MATCH p = (:{label} {{i: 0}})-[:N]->(:{label})"
            f"<-[:N]-(:{label} {{i: 2}}) RETURN p"
        )
        path = (await result.single(strict=True))["p"]
    assert [n["i"] for n in path.nodes] == [0, 1, 2]
    first, second = path.relationships
    assert first.start_node["i"] == 0
    assert first.end_node["i"] == 1
    # the second hop is traversed backwards: c -> b
    assert second.start_node["i"] == 2
    assert second.end_node["i"] == 1
    assert list(path) == [first, second]


async def test_unknown_struct_parameter_comes_back_as_string(
    driver: AsyncDriver,
    db: str,
) -> None:
    # A Node sent as a parameter is not a valid parameter type: the
    # driver refuses graph entities client-side.
    async with driver.session(database=db) as session:
        result = await session.run("CREATE (n:X) RETURN n")
        node = (await result.single(strict=True))["n"]
        with pytest.raises((TypeError, ValueError)):
            await session.run("RETURN $v AS v", v=node)


async def test_str_enum_parameters_are_sent_as_their_value(
    driver: AsyncDriver,
    db: str,
) -> None:
    import enum

    class Color(str, enum.Enum):
        RED = "red"

    assert await echo(driver, db, Color.RED) == "red"
    assert await echo(driver, db, {"c": [Color.RED]}) == {"c": ["red"]}
