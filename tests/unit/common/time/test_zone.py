"""Zones built from server zone ids: ZoneInfo plus pytz's common API."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from neo4j.time import DateTime
from neo4j.time._zone import NamedZone, ZoneState


STOCKHOLM = NamedZone("Europe/Stockholm")


def test_is_a_cached_zoneinfo_with_a_pytz_style_name() -> None:
    assert isinstance(STOCKHOLM, zoneinfo.ZoneInfo)
    assert NamedZone("Europe/Stockholm") is STOCKHOLM
    assert STOCKHOLM.zone == STOCKHOLM.key == "Europe/Stockholm"
    assert str(STOCKHOLM) == "Europe/Stockholm"


def test_offsets_match_zoneinfo() -> None:
    plain = zoneinfo.ZoneInfo("Europe/Stockholm")
    for month in (1, 7):
        wall = dt.datetime(2024, month, 1, 12)
        assert (
            wall.replace(tzinfo=STOCKHOLM).utcoffset()
            == wall.replace(tzinfo=plain).utcoffset()
        )


def test_localize_plain_wall_time() -> None:
    value = STOCKHOLM.localize(dt.datetime(2024, 7, 1, 12))
    assert isinstance(value.tzinfo, ZoneState)
    assert value.tzinfo.zone == "Europe/Stockholm"
    assert value.utcoffset() == dt.timedelta(hours=2)
    assert value == dt.datetime(2024, 7, 1, 10, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    ("is_dst", "offset_h"),
    [(True, 2), (False, 1)],
)
def test_localize_ambiguous_wall_time(is_dst: bool, offset_h: int) -> None:
    # 2024-10-27 02:30 happens twice in Stockholm (CEST, then CET)
    value = STOCKHOLM.localize(dt.datetime(2024, 10, 27, 2, 30), is_dst)
    assert value.utcoffset() == dt.timedelta(hours=offset_h)


@pytest.mark.parametrize(
    ("is_dst", "offset_h"),
    [(True, 2), (False, 1)],
)
def test_localize_wall_time_in_a_gap(is_dst: bool, offset_h: int) -> None:
    # 2024-03-31 02:30 does not exist in Stockholm
    value = STOCKHOLM.localize(dt.datetime(2024, 3, 31, 2, 30), is_dst)
    assert value.utcoffset() == dt.timedelta(hours=offset_h)


def test_localize_refuses_to_guess_with_is_dst_none() -> None:
    with pytest.raises(ValueError, match="ambiguous or does not exist"):
        STOCKHOLM.localize(dt.datetime(2024, 10, 27, 2, 30), is_dst=None)
    fine = STOCKHOLM.localize(dt.datetime(2024, 1, 1), is_dst=None)
    assert fine.utcoffset() == dt.timedelta(hours=1)


def test_localize_rejects_aware_values() -> None:
    with pytest.raises(ValueError, match="Not naive"):
        STOCKHOLM.localize(dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))


def test_localize_neo4j_datetime() -> None:
    value = STOCKHOLM.localize(DateTime(2024, 7, 1, 12, 0, 0, 5))
    assert type(value) is DateTime
    assert value.tzinfo is STOCKHOLM.localize(dt.datetime(2024, 7, 1)).tzinfo
    assert value.nanosecond == 5
    assert value.utcoffset() == dt.timedelta(hours=2)


def test_normalize_converts_to_the_zone() -> None:
    utc = dt.datetime(2024, 7, 1, 10, tzinfo=dt.timezone.utc)
    value = STOCKHOLM.normalize(utc)
    assert value.hour == 12
    assert value.tzinfo is STOCKHOLM.localize(dt.datetime(2024, 7, 1)).tzinfo
    with pytest.raises(ValueError, match="Naive"):
        STOCKHOLM.normalize(dt.datetime(2024, 1, 1))
