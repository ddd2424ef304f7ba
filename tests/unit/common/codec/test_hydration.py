from __future__ import annotations

import datetime as dt
import struct
import typing as t
import zoneinfo

import pytest
import pytz

from neo4j._codec.hydration import (
    BrokenValue,
    HydrationHandlerBase,
    HydrationHandlerV1,
    HydrationHandlerV2,
    HydrationHandlerV3,
    HydrationScope,
)
from neo4j._codec.packstream import (
    Structure,
    pack,
    unpack,
)
from neo4j._data import record_factory
from neo4j.exceptions import (
    BrokenRecordError,
    ConfigurationError,
)
from neo4j.graph import (
    Node,
    Path,
    Relationship,
)
from neo4j.spatial import (
    CartesianPoint,
    Point,
    WGS84Point,
)
from neo4j.time import (
    Date,
    DateTime,
    Duration,
    Time,
)
from neo4j.types import UnsupportedType
from neo4j.vector import Vector


pytestmark = pytest.mark.filterwarnings(
    "ignore:.id. is deprecated:DeprecationWarning"
)

V44 = HydrationHandlerV1
ALL = [HydrationHandlerV1, HydrationHandlerV2, HydrationHandlerV3]


def scope(
    handler: type[HydrationHandlerBase] = HydrationHandlerV3, **kwargs: t.Any
) -> HydrationScope:
    return handler(**kwargs).new_hydration_scope()


def hyd(data: bytes, s: HydrationScope | None = None) -> t.Any:
    s = s or scope()
    return unpack(data, s.hydration_hooks)


def deh(value: t.Any, s: HydrationScope | None = None) -> bytes:
    s = s or scope()
    buf = bytearray()
    pack(buf, value, s.dehydration_hooks)
    return bytes(buf)


def f64(x: float) -> bytes:
    return b"\xc1" + struct.pack(">d", x)


# --- graph ---------------------------------------------------------------


def test_node_bolt4() -> None:
    s = scope(V44)
    node = hyd(b"\xb3N\x01\x91\x81L\xa1\x81k\x02", s)
    assert isinstance(node, Node)
    assert node.id == 1
    assert node.element_id == "1"
    assert node.labels == frozenset({"L"})
    assert dict(node) == {"k": 2}
    assert s.get_graph().nodes["1"] is node


def test_node_bolt5_element_id() -> None:
    node = hyd(b"\xb4N\x01\x91\x81L\xa0\x84e:01", scope(HydrationHandlerV2))
    assert node.element_id == "e:01"
    assert node.id == 1


def test_relationship_bolt4_and_5() -> None:
    rel = hyd(b"\xb5R\x07\x01\x02\x84KNOW\xa1\x81w\x03", scope(V44))
    assert isinstance(rel, Relationship)
    assert (rel.id, rel.element_id, rel.type) == (7, "7", "KNOW")
    assert rel.start_node is not None and rel.end_node is not None
    assert rel.start_node.element_id == "1"
    assert rel.end_node.element_id == "2"
    assert dict(rel) == {"w": 3}
    rel5 = hyd(
        b"\xb8R\x07\x01\x02\x84KNOW\xa0\x82r7\x82n1\x82n2",
        scope(HydrationHandlerV2),
    )
    assert rel5.element_id == "r7"
    assert rel5.start_node.element_id == "n1"
    assert rel5.end_node.element_id == "n2"


def test_path_compact_form() -> None:
    # (a)-[:X]->(b)<-[:Y]-(c)
    nodes = b"\x93" + b"".join(
        b"\xb3N" + bytes([i]) + b"\x90\xa0" for i in (1, 2, 3)
    )
    rels = b"\x92\xb3r\x0a\x81X\xa0\xb3r\x0b\x81Y\xa0"
    seq = b"\x94\x01\x01\xfe\x02"  # +1 -> node 1, -2 -> node 2
    path: t.Any = hyd(b"\xb3P" + nodes + rels + seq, scope(V44))
    assert isinstance(path, Path)
    assert [n.id for n in path.nodes] == [1, 2, 3]
    assert [r.id for r in path.relationships] == [10, 11]
    x, y = t.cast(t.Any, path.relationships)
    assert x.start_node.id == 1 and x.end_node.id == 2
    assert y.start_node.id == 3 and y.end_node.id == 2
    assert len(path) == 2


def test_malformed_path_is_broken() -> None:
    value = hyd(b"\xb3P\x90\x90\x90", scope(V44))
    assert isinstance(value, BrokenValue)
    assert value.raw_data == Structure(b"P", [], [], [])


def test_scopes_have_separate_graphs() -> None:
    handler = HydrationHandlerV2()
    a, b = handler.new_hydration_scope(), handler.new_hydration_scope()
    assert a.get_graph() is not b.get_graph()
    node = b"\xb4N\x01\x90\xa0\x81x"
    assert hyd(node, a) is hyd(node, a)
    assert hyd(node, a) is not hyd(node, b)


@pytest.mark.parametrize("handler", ALL)
def test_graph_types_rejected_as_parameters(
    handler: type[HydrationHandlerBase],
) -> None:
    s = handler().new_hydration_scope()
    node = hyd(b"\xb3N\x01\x90\xa0", s)
    with pytest.raises(TypeError, match=r"Node .*\(at value\['n'\]\)"):
        deh({"n": node}, s)


# --- temporal: hydration -------------------------------------------------


@pytest.mark.parametrize("handler", ALL)
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xb1D\x00", Date(1970, 1, 1)),
        (b"\xb1D\xff", Date(1969, 12, 31)),
        (b"\xb1D\xc9\x4a\x38", Date(2022, 1, 8)),
        (
            b"\xb1D\xcb" + (-719162).to_bytes(8, "big", signed=True),
            Date(1, 1, 1),
        ),
    ],
)
def test_date(
    handler: type[HydrationHandlerBase], data: bytes, expected: Date
) -> None:
    assert hyd(data, handler().new_hydration_scope()) == expected


def test_local_time_and_time() -> None:
    nanos = ((13 * 60 + 14) * 60 + 15) * 10**9 + 123_456_789
    enc = b"\xcb" + nanos.to_bytes(8, "big")
    value = hyd(b"\xb1t" + enc)
    assert value == Time(13, 14, 15, 123_456_789)
    assert value.tzinfo is None
    aware = hyd(b"\xb2T" + enc + b"\xc9\x0e\x10")
    assert (aware.hour, aware.minute, aware.nanosecond) == (13, 14, 123456789)
    assert aware.utcoffset() == dt.timedelta(hours=1)


def test_local_datetime_negative_epoch_and_nanos() -> None:
    value = hyd(b"\xb2d\xff\xca\x3b\x9a\xc9\xff")  # -1 s, 999999999 ns
    assert value == DateTime(1969, 12, 31, 23, 59, 59, 999_999_999)
    assert value.tzinfo is None


def test_utc_datetime_offset() -> None:
    # 2021-06-01T12:00:00Z shown at +02:00
    secs = int(dt.datetime(2021, 6, 1, 12, tzinfo=dt.timezone.utc).timestamp())
    data = b"\xb3I\xca" + secs.to_bytes(4, "big") + b"\x05\xc9\x1c\x20"
    value = hyd(data, scope(HydrationHandlerV2))
    assert (value.hour, value.nanosecond) == (14, 5)
    assert value.utcoffset() == dt.timedelta(hours=2)


@pytest.mark.parametrize(
    ("utc", "local", "offset_h"),
    [
        # spring forward in Berlin: 2021-03-28 01:00 UTC
        (dt.datetime(2021, 3, 28, 0, 59, 59), (1, 59, 59), 1),
        (dt.datetime(2021, 3, 28, 1, 0, 0), (3, 0, 0), 2),
        # fall back: 02:30 local happens twice
        (dt.datetime(2021, 10, 31, 0, 30), (2, 30, 0), 2),
        (dt.datetime(2021, 10, 31, 1, 30), (2, 30, 0), 1),
    ],
)
def test_utc_zoned_datetime_dst_edges(
    utc: dt.datetime, local: tuple[int, int, int], offset_h: int
) -> None:
    secs = int(utc.replace(tzinfo=dt.timezone.utc).timestamp())
    buf = bytearray()
    pack(buf, Structure(b"i", secs, 7, "Europe/Berlin"))
    value = hyd(bytes(buf), scope(HydrationHandlerV2))
    assert (value.hour, value.minute, value.second) == local
    assert value.nanosecond == 7
    assert value.utcoffset() == dt.timedelta(hours=offset_h)
    assert value.tzinfo.key == "Europe/Berlin"
    # and back to the very same struct
    assert deh(value, scope(HydrationHandlerV2)) == bytes(buf)


def test_legacy_datetimes_use_wall_clock_seconds() -> None:
    local = dt.datetime(2021, 6, 1, 14, 0)
    secs = int(local.replace(tzinfo=dt.timezone.utc).timestamp())
    buf = bytearray()
    pack(
        buf,
        [
            Structure(b"F", secs, 1, 7200),
            Structure(b"f", secs, 1, "Europe/Berlin"),
        ],
    )
    s = scope(V44)
    fixed, zoned = hyd(bytes(buf), s)
    for value in (fixed, zoned):
        assert (value.hour, value.nanosecond) == (14, 1)
        assert value.utcoffset() == dt.timedelta(hours=2)
    assert zoned.tzinfo.key == "Europe/Berlin"
    # the utc-patched 4.4 handler reads I/i instead
    patched = hyd(bytes(buf), scope(V44, utc_patch=True))
    assert isinstance(patched, BrokenValue)
    assert "unknown structure tag b'F'" in str(patched.error)


def test_unknown_zone_id_is_broken_field() -> None:
    buf = bytearray()
    pack(buf, Structure(b"i", 0, 0, "Mars/Olympus_Mons"))
    s = scope(HydrationHandlerV2)
    value = hyd(bytes(buf), s)
    assert isinstance(value, BrokenValue)
    assert isinstance(value.error, zoneinfo.ZoneInfoNotFoundError)
    assert value.raw_data == Structure(b"i", 0, 0, "Mars/Olympus_Mons")
    record = record_factory(("good", "bad"))([1, value])
    assert record["good"] == 1
    with pytest.raises(BrokenRecordError):
        record["bad"]


def test_broken_value_inside_list_breaks_the_list() -> None:
    buf = bytearray()
    pack(buf, [1, Structure(b"i", 0, 0, "Nowhere/Land")])
    value = hyd(bytes(buf), scope(HydrationHandlerV2))
    assert isinstance(value, BrokenValue)
    assert value.raw_data[0] == 1


def test_duration() -> None:
    value = hyd(b"\xb4E\x0e\xfd\xc9\x0e\x10\x05")
    assert value == Duration(months=14, days=-3, seconds=3600, nanoseconds=5)


# --- spatial, vector, unsupported ---------------------------------------


def test_points() -> None:
    p2 = hyd(b"\xb3X\xc9\x1c\x23" + f64(1.0) + f64(2.0))
    assert isinstance(p2, CartesianPoint) and tuple(p2) == (1.0, 2.0)
    p3 = hyd(b"\xb4Y\xc9\x13\x73" + f64(1.0) + f64(2.0) + f64(3.0))
    assert isinstance(p3, WGS84Point) and p3.srid == 4979
    other = hyd(b"\xb3X\x05" + f64(1.0) + f64(2.0))
    assert type(other) is Point and other.srid == 5


def test_vector_v3() -> None:
    raw = struct.pack(">2f", 1.0, 2.5)
    value = hyd(b"\xb2V\xcc\x01\xc6\xcc\x08" + raw)
    assert isinstance(value, Vector)
    assert value.raw() == raw
    assert value.to_native() == [1.0, 2.5]


@pytest.mark.parametrize("handler", [HydrationHandlerV1, HydrationHandlerV2])
def test_vector_struct_unknown_before_v3(
    handler: type[HydrationHandlerBase],
) -> None:
    value = hyd(b"\xb2V\xcc\x01\xc6\xcc\x00", handler().new_hydration_scope())
    assert isinstance(value, BrokenValue)


def test_unsupported_type() -> None:
    value = hyd(b"\xb4?\x86FUTURE\x07\x02\xa1\x87message\x82hi")
    assert isinstance(value, UnsupportedType)
    assert value.name == "FUTURE"
    assert value.minimum_protocol_version == (7, 2)
    assert value.message == "hi"
    bare = hyd(b"\xb4?\x81X\x07\x00\xa0")
    assert bare.message is None


def test_unknown_tag_is_broken() -> None:
    value = hyd(b"\xb1Z\x01")
    assert isinstance(value, BrokenValue)
    assert "unknown structure tag" in str(value.error)


# --- dehydration ---------------------------------------------------------


@pytest.mark.parametrize("handler", ALL)
def test_dehydrate_dates_and_durations(
    handler: type[HydrationHandlerBase],
) -> None:
    s = handler().new_hydration_scope()
    assert deh(dt.date(1970, 1, 2), s) == b"\xb1D\x01"
    assert deh(Date(1969, 12, 31), s) == b"\xb1D\xff"
    assert deh(dt.timedelta(days=1, seconds=2, microseconds=3), s) == (
        b"\xb4E\x00\x01\x02\xc9\x0b\xb8"
    )
    assert deh(Duration(months=1, days=2, seconds=3, nanoseconds=4), s) == (
        b"\xb4E\x01\x02\x03\x04"
    )


def test_dehydrate_times() -> None:
    nanos = (1 * 3600 + 2 * 60 + 3) * 10**9
    enc = b"\xcb" + nanos.to_bytes(8, "big")
    assert deh(dt.time(1, 2, 3)) == b"\xb1t" + enc
    assert deh(Time(1, 2, 3, 5)) == b"\xb1t\xcb" + (nanos + 5).to_bytes(
        8, "big"
    )
    tz = dt.timezone(dt.timedelta(hours=-1))
    assert deh(dt.time(1, 2, 3, tzinfo=tz)) == b"\xb2T" + enc + b"\xc9\xf1\xf0"


def _dt_bytes(tag: bytes, secs: int, nanos: int, tz: t.Any = None) -> bytes:
    buf = bytearray()
    fields = [secs, nanos] if tz is None else [secs, nanos, tz]
    pack(buf, Structure(tag, *fields))
    return bytes(buf)


def test_dehydrate_naive_datetime() -> None:
    value = dt.datetime(1969, 12, 31, 23, 59, 59, 500_000)
    for handler in ALL:
        assert deh(value, handler().new_hydration_scope()) == _dt_bytes(
            b"d", -1, 500_000_000
        )
    native = DateTime(1969, 12, 31, 23, 59, 59, 123_456_789)
    assert deh(native) == _dt_bytes(b"d", -1, 123_456_789)


@pytest.mark.parametrize(
    "tz",
    [
        zoneinfo.ZoneInfo("America/New_York"),
        pytz.timezone("America/New_York"),
    ],
)
def test_dehydrate_zoned_datetime(tz: t.Any) -> None:
    local = dt.datetime(2021, 7, 4, 12, 0, 0, 1)
    if isinstance(tz, zoneinfo.ZoneInfo):
        value = local.replace(tzinfo=tz)
    else:
        value = tz.localize(local)
    wall = int(local.replace(tzinfo=dt.timezone.utc).timestamp())
    utc = wall + 4 * 3600  # EDT is UTC-4
    assert deh(value, scope(HydrationHandlerV2)) == _dt_bytes(
        b"i", utc, 1000, "America/New_York"
    )
    assert deh(value, scope(V44)) == _dt_bytes(
        b"f", wall, 1000, "America/New_York"
    )
    assert deh(value, scope(V44, utc_patch=True)) == _dt_bytes(
        b"i", utc, 1000, "America/New_York"
    )


def test_dehydrate_offset_datetime() -> None:
    tz = dt.timezone(dt.timedelta(hours=5, minutes=30))
    value = dt.datetime(2000, 1, 1, 5, 30, tzinfo=tz)
    assert deh(value, scope(HydrationHandlerV2)) == _dt_bytes(
        b"I", 946684800, 0, 19800
    )
    assert deh(value, scope(V44)) == _dt_bytes(
        b"F", 946684800 + 19800, 0, 19800
    )


def test_dehydrate_sub_second_offset_rejected() -> None:
    tz = dt.timezone(dt.timedelta(seconds=1, microseconds=5))
    with pytest.raises(ValueError, match="sub-second"):
        deh(dt.datetime(2000, 1, 1, tzinfo=tz))


def test_neo4j_datetime_round_trip_nanos() -> None:
    s = scope(HydrationHandlerV2)
    tz = pytz.timezone("Europe/Stockholm")
    for value in (
        DateTime(1901, 2, 3, 4, 5, 6, 789_012_345),
        tz.localize(DateTime(1950, 6, 1, 0, 0, 0, 1)),
        DateTime(2222, 1, 1, 0, 0, 0, 999_999_999, tzinfo=pytz.utc),
    ):
        back = hyd(deh(value, s), s)
        assert back == value
        assert back.nanosecond == value.nanosecond


def test_dehydrate_points() -> None:
    assert deh(CartesianPoint((1, 2))) == (
        b"\xb3X\xc9\x1c\x23" + f64(1.0) + f64(2.0)
    )
    assert deh(WGS84Point((1, 2, 3))) == (
        b"\xb4Y\xc9\x13\x73" + f64(1.0) + f64(2.0) + f64(3.0)
    )


def test_dehydrate_vector() -> None:
    vec = Vector([1, 2], "i16")
    assert deh(vec) == b"\xb2V\xcc\x01\xc9\xcc\x04\x00\x01\x00\x02"
    for old in (scope(V44), scope(HydrationHandlerV2)):
        buf = bytearray(b"x")
        with pytest.raises(
            ConfigurationError, match=r"require at least Bolt Protocol 6\.0"
        ):
            pack(buf, {"v": vec}, old.dehydration_hooks)
        assert buf == b"x"
