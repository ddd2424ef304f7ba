"""Zoned date-times from the server do exact arithmetic, as pytz's do.

The official driver hands out :mod:`pytz` zones; ours are built on
:mod:`zoneinfo` but must compute the same: comparison, ordering and
hashing by UTC instant, exact native subtraction, offsets kept by
addition until ``normalize``.  pytz (a test dependency) gives the
expected values for random instants around the DST transitions of
zones with 1-hour, 30-minute and whole-day jumps.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import pickle
import typing as t
import zoneinfo

import pytest
import pytz
from hypothesis import given, settings, strategies as st

from neo4j._codec.hydration import HydrationHandlerV1, HydrationHandlerV3
from neo4j._codec.packstream import Structure, pack, unpack
from neo4j.time import DateTime, Duration
from neo4j.time._zone import NamedZone, ZoneState


UTC = dt.timezone.utc
ZONES = [
    "Europe/Stockholm",
    "America/New_York",
    "Australia/Lord_Howe",  # 30-minute DST
    "Asia/Kolkata",
    "Pacific/Apia",  # skipped 2011-12-30 entirely
    "UTC",
]
_EPOCH = dt.datetime(1970, 1, 1)


@functools.cache
def _transitions(zone: str) -> tuple[int, ...]:
    """UTC seconds of the offset changes of ``zone`` in 2005..2030."""
    tz = zoneinfo.ZoneInfo(zone)

    def offset(s: int) -> dt.timedelta | None:
        return dt.datetime.fromtimestamp(s, tz).utcoffset()

    found = []
    day = 86_400
    start = int(dt.datetime(2005, 1, 1, tzinfo=UTC).timestamp())
    end = int(dt.datetime(2030, 1, 1, tzinfo=UTC).timestamp())
    for lo in range(start, end, day):
        if offset(lo) != offset(lo + day):
            hi = lo + day
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if offset(mid) == offset(lo) else (lo, mid)
            found.append(hi)
    return tuple(found) or (start + 12_345_678,)


@st.composite
def _instants(draw: st.DrawFn, zone: str) -> int:
    base = draw(st.sampled_from(_transitions(zone)))
    step = draw(st.sampled_from([1, 900, 1800]))
    return base + step * draw(st.integers(-100, 100))


@st.composite
def _zone_and_instants(draw: st.DrawFn) -> tuple[str, list[int]]:
    zone = draw(st.sampled_from(ZONES))
    return zone, draw(st.lists(_instants(zone), min_size=2, max_size=6))


def _decode(tag: bytes, *fields: t.Any) -> t.Any:
    handler = HydrationHandlerV1() if tag == b"f" else HydrationHandlerV3()
    buf = bytearray()
    pack(buf, Structure(tag, *fields))
    return unpack(bytes(buf), handler.new_hydration_scope().hydration_hooks)


def _from_server(zone: str, seconds: int) -> DateTime:
    value = _decode(b"i", seconds, 0, zone)
    assert isinstance(value, DateTime)
    return value


def _pytz(zone: str, seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, pytz.timezone(zone))


def _same_as_pytz(ours: DateTime | dt.datetime, theirs: dt.datetime) -> None:
    native = ours.to_native() if isinstance(ours, DateTime) else ours
    assert native.isoformat() == theirs.isoformat()
    assert native.tzname() == theirs.tzname()
    assert native.dst() == theirs.dst()
    if theirs.tzinfo is not pytz.utc:  # pytz's UTC is a class of its own
        assert repr(native.tzinfo) == repr(theirs.tzinfo)


@settings(max_examples=300, deadline=None)
@given(_zone_and_instants())
def test_values_from_the_server_behave_as_pytz_ones(
    case: tuple[str, list[int]],
) -> None:
    zone, instants = case
    values = [_from_server(zone, s) for s in instants]
    expected = [_pytz(zone, s) for s in instants]
    hour = dt.timedelta(hours=1)
    for value, seconds, theirs in zip(values, instants, expected, strict=True):
        _same_as_pytz(value, theirs)
        utc = value.astimezone(UTC)
        assert utc.to_native() == dt.datetime.fromtimestamp(seconds, UTC)
        assert utc.tzinfo is UTC and utc == value
        assert hash(utc) == hash(value)
        # adding keeps the offset (pytz); normalize moves it
        _same_as_pytz(value + hour, theirs + hour)
        _same_as_pytz(value + Duration(hours=1), theirs + hour)
        _same_as_pytz(value.to_native() + hour, theirs + hour)
        tz = t.cast(ZoneState, value.tzinfo)
        _same_as_pytz(
            tz.normalize(value + hour), theirs.tzinfo.normalize(theirs + hour)
        )
        _same_as_pytz(
            value.astimezone(values[0].tzinfo),  # type: ignore[arg-type]
            theirs.astimezone(expected[0].tzinfo),
        )
    for a, sa, pa in zip(values, instants, expected, strict=True):
        for b, sb, pb in zip(values, instants, expected, strict=True):
            assert (a == b) is (sa == sb)
            assert (a != b) is (sa != sb)
            assert (a < b) is (sa < sb)
            assert (a <= b) is (sa <= sb)
            assert (a > b) is (sa > sb)
            assert (a >= b) is (sa >= sb)
            if sa == sb:
                assert hash(a) == hash(b)
            # DateTime - DateTime: calendar and wall-clock difference
            # (as the official driver computes it)
            naive = b.replace(tzinfo=None) - a.replace(tzinfo=None)
            assert b - a == naive
            # native values: exact elapsed time and order by instant
            na, nb = a.to_native(), b.to_native()
            assert nb - na == dt.timedelta(seconds=sb - sa) == pb - pa
            assert (na < nb) is (sa < sb)
            assert (na == nb) is (sa == sb)
            assert (a == nb) is (sa == sb)
            if sa == sb:
                assert hash(na) == hash(nb) == hash(a)


@settings(max_examples=200, deadline=None)
@given(_zone_and_instants())
def test_legacy_wall_times_read_as_pytz_localize(
    case: tuple[str, list[int]],
) -> None:
    zone, instants = case
    for seconds in instants:
        wall = _pytz(zone, seconds).replace(tzinfo=None)
        local = int((wall - _EPOCH).total_seconds())
        value = _decode(b"f", local, 5000, zone)
        theirs = pytz.timezone(zone).localize(wall.replace(microsecond=5))
        _same_as_pytz(value, theirs)


def test_a_25_hour_span_is_25_hours() -> None:
    # Stockholm leaves summer time on 2024-10-27 03:00 CEST
    noon = int(dt.datetime(2024, 10, 26, 10, tzinfo=UTC).timestamp())
    a = _from_server("Europe/Stockholm", noon)
    b = _from_server("Europe/Stockholm", noon + 25 * 3600)
    assert (a.hour, b.hour) == (12, 12)
    assert b.to_native() - a.to_native() == dt.timedelta(hours=25)
    assert b - a == Duration(days=1)  # calendar difference


def test_both_readings_of_an_ambiguous_wall_time_differ() -> None:
    first_s = int(dt.datetime(2024, 10, 27, 0, 30, tzinfo=UTC).timestamp())
    first = _from_server("Europe/Stockholm", first_s)
    second = _from_server("Europe/Stockholm", first_s + 3600)
    assert (first.hour, first.minute) == (second.hour, second.minute)
    assert first != second and first < second and second > first
    assert first.to_native() < second.to_native()
    assert second.to_native() - first.to_native() == dt.timedelta(hours=1)
    assert len({first, second}) == 2


def test_zone_states_are_shared_and_pickle_to_themselves() -> None:
    a = _from_server("America/New_York", 1_700_000_000)
    b = _from_server("America/New_York", 1_700_003_600)
    state = t.cast(ZoneState, a.tzinfo)
    assert b.tzinfo is state
    assert pickle.loads(pickle.dumps(state)) is state
    assert copy.deepcopy(state) is state
    assert pickle.loads(pickle.dumps(a)) == a
    assert state.zone == state.key == str(state) == "America/New_York"
    assert state.utcoffset(None) is None
    assert (
        repr(state) == "<DstTzInfo 'America/New_York' EST-1 day, 19:00:00 STD>"
    )
    # another wall time: the zone's offset for it (standard if in doubt)
    summer = dt.datetime(2024, 7, 1, 12)
    assert state.utcoffset(summer) == dt.timedelta(hours=-4)
    assert state.localize(summer).utcoffset() == dt.timedelta(hours=-4)


@pytest.mark.parametrize("zone", ZONES)
def test_named_zone_astimezone_gives_a_zone_state(zone: str) -> None:
    value = DateTime(2024, 3, 31, 1, 30, tzinfo=UTC)
    moved = value.astimezone(NamedZone(zone))
    assert isinstance(moved.tzinfo, ZoneState)
    assert moved == value
    native = value.to_native().astimezone(NamedZone(zone))
    assert isinstance(native.tzinfo, ZoneState)
    assert native == value.to_native()


# --- zoneinfo zones given by the user ------------------------------------


_ZONE_INFO = [zoneinfo.ZoneInfo(z) for z in ZONES]


@settings(max_examples=200, deadline=None)
@given(_zone_and_instants(), st.sampled_from(_ZONE_INFO))
def test_user_zoneinfo_values_compare_by_instant(
    case: tuple[str, list[int]], other: zoneinfo.ZoneInfo
) -> None:
    # built by the user (``fold`` picks the reading), not from the server
    zone, instants = case
    tz = zoneinfo.ZoneInfo(zone)
    values = [
        DateTime.from_native(dt.datetime.fromtimestamp(s, tz))
        for s in instants
    ]
    elsewhere = [v.astimezone(other) for v in values]
    for a, sa in zip(values, instants, strict=True):
        assert a.utcoffset() == dt.datetime.fromtimestamp(sa, tz).utcoffset()
        for b, sb in zip(values + elsewhere, instants + instants, strict=True):
            assert (a == b) is (sa == sb)
            assert (a < b) is (sa < sb)
            assert (a >= b) is (sa >= sb)
            if sa == sb:
                assert hash(a) == hash(b)
