"""Temporal round trips through pack/unpack around DST gaps and folds."""

from __future__ import annotations

import datetime as dt
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
)
from neo4j._codec.hydration._temporal import (
    fixed_offset,
    zone,
)
from neo4j._codec.packstream import (
    Structure,
    pack,
    unpack,
)
from neo4j.time import (
    Date,
    DateTime,
    Time,
    ZeroDate,
)
from neo4j.time._zone import NamedZone, ZoneState


BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
#: the zone hydration hands out for "Europe/Berlin" (a ZoneInfo subclass)
BERLIN_SERVER = NamedZone("Europe/Berlin")
UTC_HANDLERS = [HydrationHandlerV2, HydrationHandlerV3]


def _utc(*args: int) -> int:
    naive = dt.datetime(*args)  # type: ignore[arg-type]
    return int(naive.replace(tzinfo=dt.timezone.utc).timestamp())


def _enc(value: t.Any, handler: HydrationHandlerBase) -> bytes:
    buf = bytearray()
    pack(buf, value, handler.new_hydration_scope().dehydration_hooks)
    return bytes(buf)


def _dec(data: bytes, handler: HydrationHandlerBase) -> t.Any:
    return unpack(data, handler.new_hydration_scope().hydration_hooks)


def _struct(tag: bytes, *fields: t.Any) -> bytes:
    buf = bytearray()
    pack(buf, Structure(tag, *fields))
    return bytes(buf)


# --- folds (ambiguous wall times) ----------------------------------------


@pytest.mark.parametrize("handler_cls", UTC_HANDLERS)
@pytest.mark.parametrize(
    ("utc", "fold", "offset_h"),
    [
        # Berlin falls back at 2021-10-31 01:00 UTC: 02:30 twice
        ((2021, 10, 31, 0, 30), 0, 2),
        ((2021, 10, 31, 1, 30), 1, 1),
    ],
)
def test_fold_round_trip_utc_structs(
    handler_cls: type[HydrationHandlerBase],
    utc: tuple[int, ...],
    fold: int,
    offset_h: int,
) -> None:
    handler = handler_cls()
    data = _struct(b"i", _utc(*utc), 123_456_789, "Europe/Berlin")
    value = _dec(data, handler)
    assert type(value) is DateTime
    assert (value.hour, value.minute, value.nanosecond) == (2, 30, 123456789)
    # the zone's state at that instant tells both readings apart (as a
    # localized pytz zone does); fold is not needed
    assert value.fold == 0
    assert value.utcoffset() == dt.timedelta(hours=offset_h)
    assert isinstance(value.tzinfo, ZoneState)
    assert value.tzinfo.zone == "Europe/Berlin"
    assert _enc(value, handler) == data
    # the equivalent native datetime (microseconds) maps the same way
    native = dt.datetime(2021, 10, 31, 2, 30, 0, 123456, BERLIN, fold=fold)
    assert _enc(native, handler) == _struct(
        b"i", _utc(*utc), 123_456_000, "Europe/Berlin"
    )


def test_fold_legacy_structs_use_wall_clock() -> None:
    handler = HydrationHandlerV1()
    wall = _utc(2021, 10, 31, 2, 30)
    data = _struct(b"f", wall, 5, "Europe/Berlin")
    value = _dec(data, handler)
    # the legacy format cannot tell both occurrences apart: standard
    # time, as the official driver reads it (pytz's is_dst=False)
    assert (value.hour, value.minute, value.fold) == (2, 30, 0)
    assert value.utcoffset() == dt.timedelta(hours=1)
    assert value.tzname() == "CET"
    assert _enc(value, handler) == data
    assert _enc(value.replace(fold=1), handler) == data


def test_fold_with_pytz_parameter() -> None:
    tz = pytz.timezone("Europe/Berlin")
    local = DateTime(2021, 10, 31, 2, 30, 0, 9)
    first = tz.localize(local, is_dst=True)
    second = tz.localize(local, is_dst=False)
    handler = HydrationHandlerV2()
    assert _enc(first, handler) == _struct(
        b"i", _utc(2021, 10, 31, 0, 30), 9, "Europe/Berlin"
    )
    assert _enc(second, handler) == _struct(
        b"i", _utc(2021, 10, 31, 1, 30), 9, "Europe/Berlin"
    )
    back = _dec(_enc(second, handler), handler)
    assert back.tzinfo.zone == "Europe/Berlin" and back.fold == 0
    assert back.utcoffset() == dt.timedelta(hours=1)
    assert back == second
    assert back != _dec(_enc(first, handler), handler)


# --- gaps (non-existent wall times) --------------------------------------


@pytest.mark.parametrize("handler_cls", UTC_HANDLERS)
@pytest.mark.parametrize(
    ("fold", "utc", "back"),
    [
        # 02:30 does not exist on 2021-03-28 in Berlin; fold=0 reads it
        # with the offset before the jump (+1), fold=1 with the one after
        (0, (2021, 3, 28, 1, 30), (3, 30, 2)),
        (1, (2021, 3, 28, 0, 30), (1, 30, 1)),
    ],
)
def test_gap_round_trip_normalises(
    handler_cls: type[HydrationHandlerBase],
    fold: int,
    utc: tuple[int, ...],
    back: tuple[int, int, int],
) -> None:
    handler = handler_cls()
    value = DateTime(2021, 3, 28, 2, 30, 0, 1, tzinfo=BERLIN, fold=fold)
    data = _enc(value, handler)
    assert data == _struct(b"i", _utc(*utc), 1, "Europe/Berlin")
    result = _dec(data, handler)
    assert (result.hour, result.minute) == back[:2]
    assert result.utcoffset() == dt.timedelta(hours=back[2])
    assert result.fold == 0
    utc_tz = dt.timezone.utc
    assert result.as_timezone(utc_tz) == value.as_timezone(utc_tz)
    assert _enc(result, handler) == data


def test_gap_legacy_keeps_wall_time() -> None:
    handler = HydrationHandlerV1()
    wall = _utc(2021, 3, 28, 2, 30)
    data = _struct(b"f", wall, 0, "Europe/Berlin")
    value = _dec(data, handler)
    assert (value.hour, value.minute, value.fold) == (2, 30, 0)
    assert value.tzinfo.zone == "Europe/Berlin"
    # read as standard time (+1), as pytz's localize does by default
    assert value.utcoffset() == dt.timedelta(hours=1)
    assert _enc(value, handler) == data


def test_zoned_round_trip_many_instants() -> None:
    handler = HydrationHandlerV3()
    start = _utc(2021, 11, 7, 4, 0)  # New York falls back at 06:00 UTC
    for step in range(0, 4 * 3600, 900):
        data = _struct(b"i", start + step, step, "America/New_York")
        value = _dec(data, handler)
        expected = dt.datetime.fromtimestamp(start + step, NEW_YORK)
        assert (value.hour, value.minute) == (
            expected.hour,
            expected.minute,
        )
        assert value.utcoffset() == expected.utcoffset()
        assert _enc(value, handler) == data


# --- fixed offsets and edge input ----------------------------------------


@pytest.mark.parametrize("offset", [-12 * 3600, -3600, 0, 19800, 14 * 3600])
def test_offset_round_trip(offset: int) -> None:
    handler = HydrationHandlerV2()
    secs = _utc(2000, 2, 29, 23, 59, 59)
    data = _struct(b"I", secs, 999_999_999, offset)
    value = _dec(data, handler)
    assert value.utcoffset() == dt.timedelta(seconds=offset)
    assert value.tzinfo == dt.timezone(dt.timedelta(seconds=offset))
    assert _enc(value, handler) == data
    legacy = HydrationHandlerV1()
    old = _struct(b"F", secs + offset, 999_999_999, offset)
    assert _enc(_dec(old, legacy), legacy) == old
    assert _dec(old, legacy) == value


def test_tz_lookups_are_shared() -> None:
    assert fixed_offset(3600) is fixed_offset(3600)
    assert fixed_offset(-60) == dt.timezone(dt.timedelta(minutes=-1))
    assert zone("Europe/Berlin") is BERLIN_SERVER
    with pytest.raises(zoneinfo.ZoneInfoNotFoundError):
        zone("Nowhere/Land")
    with pytest.raises(ValueError):
        fixed_offset(86_400)


def test_out_of_range_nanoseconds_carry_like_before() -> None:
    handler = HydrationHandlerV2()
    value = _dec(_struct(b"d", 0, 1_000_000_000), handler)
    assert value == DateTime(1970, 1, 1, 0, 0, 1)
    utc = _dec(_struct(b"I", 0, 1_500_000_000, 3600), handler)
    assert (utc.hour, utc.second, utc.nanosecond) == (1, 1, 500_000_000)


def test_day_zero_and_out_of_range() -> None:
    handler = HydrationHandlerV2()
    zero_day = -719_163  # 0000-12-31 is ordinal 0
    assert _dec(_struct(b"D", zero_day), handler) is ZeroDate
    value = _dec(_struct(b"d", zero_day * 86_400 + 5, 7), handler)
    assert value.date() is ZeroDate
    assert value.time() == Time(0, 0, 5, 7)
    broken = _dec(_struct(b"i", zero_day * 86_400, 0, "UTC"), handler)
    assert isinstance(broken, BrokenValue)
    assert isinstance(broken.error, ValueError)
    too_late = _dec(_struct(b"I", 2**40, 0, 0), handler)
    assert isinstance(too_late, BrokenValue)


def test_dates_round_trip() -> None:
    handler = HydrationHandlerV3()
    for days in (-719_162, -1, 0, 1, 18_000, 2_932_896):
        data = _struct(b"D", days)
        value = _dec(data, handler)
        assert type(value) is Date
        assert value.to_ordinal() == 719_163 + days
        assert _enc(value, handler) == data
        assert _enc(dt.date.fromordinal(719_163 + days), handler) == data
