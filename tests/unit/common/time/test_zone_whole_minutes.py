"""Sub-minute zone offsets are rounded to whole minutes, as pytz does.

The official driver returns pytz zones, whose offsets are whole minutes;
testkit's echo of every zone at 0001-01-02 (local mean time) relies on
it.  The zones used here have the same sub-minute offsets in every
recent IANA release (system files and the ``tzdata`` package alike).
"""

from __future__ import annotations

import datetime as dt

import pytest

from neo4j._codec.hydration._temporal import (
    dehydrate_datetime_utc,
    hydrate_datetime_utc,
    zone,
)
from neo4j.time import DateTime


def _epoch(value: dt.datetime) -> int:
    return int((value - dt.datetime(1970, 1, 1)).total_seconds())


@pytest.mark.parametrize(
    ("zone_id", "wall", "exact", "rounded"),
    [
        # -00:44:30 until 1972: a half minute goes east
        ("Africa/Monrovia", (1970, 1, 1, 12, 0, 0), -2670, -2640),
        # local mean time +07:06:30: a half minute goes east
        ("Asia/Ho_Chi_Minh", (1850, 1, 1, 0, 0, 0), 25590, 25620),
        # local mean time +11:09:20
        ("Pacific/Kwajalein", (1, 1, 2, 0, 0, 0), 40160, 40140),
    ],
)
def test_sub_minute_offsets_are_rounded(
    zone_id: str,
    wall: tuple[int, ...],
    exact: int,
    rounded: int,
) -> None:
    tz = zone(zone_id)
    naive = dt.datetime(*wall)
    # the database really has the sub-minute offset
    assert tz.utcoffset(naive) == dt.timedelta(seconds=exact)

    # from UTC: the wall time follows the rounded offset
    utc_seconds = _epoch(naive) - rounded
    value = hydrate_datetime_utc(utc_seconds, 0, zone_id)
    assert value.utcoffset() == dt.timedelta(seconds=rounded)
    assert (
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
    ) == wall
    assert value.tzinfo is not None
    assert value.tzinfo.zone == zone_id  # type: ignore[union-attr]

    # localize: same wall time, rounded offset, and it round-trips
    local = tz.localize(DateTime(*wall))
    assert local.utcoffset() == dt.timedelta(seconds=rounded)
    fields = dehydrate_datetime_utc(local).fields
    assert fields == [utc_seconds, 0, zone_id]
    assert hydrate_datetime_utc(*fields) == local
    assert hydrate_datetime_utc(*fields).second == wall[5]


def test_astimezone_uses_the_rounded_offset() -> None:
    utc = dt.datetime(1970, 1, 1, 12, 44, tzinfo=dt.timezone.utc)
    local = utc.astimezone(zone("Africa/Monrovia"))
    assert local.replace(tzinfo=None) == dt.datetime(1970, 1, 1, 12, 0)
    assert local.utcoffset() == dt.timedelta(seconds=-2640)


def test_whole_minute_offsets_are_unchanged() -> None:
    value = hydrate_datetime_utc(
        _epoch(dt.datetime(2022, 6, 17, 11, 24, 34)), 5, "Europe/Stockholm"
    )
    assert value.utcoffset() == dt.timedelta(hours=2)
    assert (value.hour, value.minute, value.second) == (13, 24, 34)
    assert value.nanosecond == 5
