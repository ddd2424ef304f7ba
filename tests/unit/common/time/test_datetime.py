from __future__ import annotations

import copy
import pickle
import typing as t
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import pytz

from neo4j.time import (
    Date,
    DateTime,
    Duration,
    Never,
    Time,
    UnixEpoch,
    ZeroDate,
)


LONDON_Z = ZoneInfo("Europe/London")
NEW_YORK_Z = ZoneInfo("America/New_York")
LONDON_P = pytz.timezone("Europe/London")
NEW_YORK_P = pytz.timezone("America/New_York")
UTC = timezone.utc


def make(*args: t.Any, **kwargs: t.Any) -> DateTime:
    factory: t.Any = DateTime
    result: DateTime = factory(*args, **kwargs)
    return result


def test_fields() -> None:
    dt = DateTime(2018, 4, 26, 23, 0, 17, 914390409)
    assert dt.year_month_day == (2018, 4, 26)
    assert dt.hour_minute_second_nanosecond == (23, 0, 17, 914390409)
    assert dt.date() == Date(2018, 4, 26)
    assert dt.time() == Time(23, 0, 17, 914390409)
    assert dt.tzinfo is None and dt.fold == 0
    assert dt.to_ordinal() == 736810
    assert dt.year_week_day == (2018, 17, 4)
    assert dt.weekday() == 3 and dt.iso_weekday() == 4


def test_constants_and_sentinels() -> None:
    assert Never.date() is ZeroDate and Never.time() == Time(0)
    assert DateTime(0, 0, 0).date() is ZeroDate
    assert str(Never) == "0000-00-00T00:00:00.000000000"
    assert UnixEpoch == DateTime(1970, 1, 1)
    assert DateTime.min == DateTime(1, 1, 1)
    assert DateTime.max == DateTime(9999, 12, 31, 23, 59, 59, 999999999)
    assert DateTime.resolution.nanoseconds == 1


@pytest.mark.parametrize(
    "args",
    [(0, 1, 1), (10000, 1, 1), (2000, 13, 1), (2000, 2, 30), (2000, 1, 1, 24)],
)
def test_invalid(args: t.Any) -> None:
    with pytest.raises(ValueError):
        DateTime(*args)


def test_invalid_fold() -> None:
    with pytest.raises(ValueError, match=r"^fold must be either 0 or 1$"):
        DateTime(2020, 1, 1, fold=2)


def test_repr_str() -> None:
    dt = DateTime(2018, 4, 26, 23, 0, 17, 914390409)
    assert repr(dt) == "neo4j.time.DateTime(2018, 4, 26, 23, 0, 17, 914390409)"
    assert str(dt) == "2018-04-26T23:00:17.914390409"
    aware = DateTime(2018, 4, 26, 23, tzinfo=UTC, fold=1)
    assert repr(aware) == (
        "neo4j.time.DateTime(2018, 4, 26, 23, 0, 0, 0, "
        "tzinfo=datetime.timezone.utc, fold=1)"
    )
    assert f"{dt:%Y %f}" == "2018 914390409"
    assert dt.iso_format(" ") == "2018-04-26 23:00:17.914390409"


@pytest.mark.parametrize(
    ("wall", "tz", "offset", "text"),
    [
        # Europe/London: clocks go forward 2024-03-31 01:00 -> 02:00
        ((2024, 3, 31, 0, 30), LONDON_Z, 0, "+00:00"),
        ((2024, 3, 31, 1, 30), LONDON_Z, 0, "+00:00"),  # gap, fold=0
        ((2024, 3, 31, 2, 30), LONDON_Z, 3600, "+01:00"),
        # and back 2024-10-27 02:00 -> 01:00 (01:xx twice)
        ((2024, 10, 27, 1, 30), LONDON_Z, 3600, "+01:00"),
        ((2024, 10, 27, 2, 30), LONDON_Z, 0, "+00:00"),
        ((2024, 3, 10, 2, 30), NEW_YORK_Z, -18000, "-05:00"),  # gap
        ((2024, 11, 3, 1, 30), NEW_YORK_Z, -14400, "-04:00"),  # fold 0
        ((2024, 6, 1, 12, 0), ZoneInfo("America/St_Johns"), -9000, "-02:30"),
        ((2024, 1, 1, 0, 0), ZoneInfo("America/St_Johns"), -12600, "-03:30"),
    ],
)
def test_zoneinfo_offsets(
    wall: t.Any, tz: ZoneInfo, offset: int, text: str
) -> None:
    dt = make(*wall, 0, 123456789, tzinfo=tz)
    assert dt.utc_offset() == timedelta(seconds=offset)
    assert dt.utcoffset() == timedelta(seconds=offset)
    assert dt.iso_format().endswith(f".123456789{text}")


def test_iso_format_rejects_sub_minute_offset() -> None:
    # as the official driver: ISO 8601 offsets have no seconds
    dt = DateTime(2024, 1, 1, 12, tzinfo=timezone(timedelta(seconds=-30)))
    for render in (dt.iso_format, dt.isoformat, dt.__str__):
        with pytest.raises(ValueError) as exc_info:
            render()
        message = "utcoffset must be a whole number of minutes"
        assert str(exc_info.value) == message
    # repr shows the tzinfo, not an offset text
    assert repr(dt).startswith("neo4j.time.DateTime(2024, 1, 1, 12, 0, 0, 0")


def test_zoneinfo_fold() -> None:
    first = DateTime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK_Z)
    second = DateTime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK_Z, fold=1)
    assert first.utc_offset() == timedelta(hours=-4)
    assert second.utc_offset() == timedelta(hours=-5)
    assert first.tzname() == "EDT" and second.tzname() == "EST"
    assert first.dst() == timedelta(hours=1) and second.dst() == timedelta(0)
    # aware values compare by instant, also within one zone (unlike
    # datetime's wall-clock rule): the two readings are an hour apart
    assert first != second
    assert first < second and second > first
    assert first <= second and not first >= second
    assert second == DateTime(2024, 11, 3, 6, 30, tzinfo=UTC)
    assert hash(second) == hash(DateTime(2024, 11, 3, 6, 30, tzinfo=UTC))
    assert second.as_timezone(UTC) == DateTime(2024, 11, 3, 6, 30, tzinfo=UTC)
    assert second.to_native().fold == 1
    native = datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NEW_YORK_Z)
    assert DateTime.from_native(native).fold == 1
    assert DateTime.from_native(native).utc_offset() == timedelta(hours=-5)
    assert second.replace(minute=0).fold == 1
    assert second.replace(fold=0).fold == 0


@pytest.mark.parametrize(
    ("utc", "tz", "text", "fold"),
    [
        (
            (2024, 10, 27, 0, 30),
            LONDON_Z,
            "2024-10-27T01:30:00.000000007+01:00",
            0,
        ),
        (
            (2024, 10, 27, 1, 30),
            LONDON_Z,
            "2024-10-27T01:30:00.000000007+00:00",
            1,
        ),
        (
            (2024, 11, 3, 5, 0),
            NEW_YORK_Z,
            "2024-11-03T01:00:00.000000007-04:00",
            0,
        ),
        (
            (2024, 11, 3, 6, 0),
            NEW_YORK_Z,
            "2024-11-03T01:00:00.000000007-05:00",
            1,
        ),
        (
            (2024, 3, 31, 1, 0),
            LONDON_Z,
            "2024-03-31T02:00:00.000000007+01:00",
            0,
        ),
        (
            (2024, 11, 3, 6, 0),
            NEW_YORK_P,
            "2024-11-03T01:00:00.000000007-05:00",
            0,
        ),
        (
            (2024, 3, 31, 0, 59),
            LONDON_P,
            "2024-03-31T00:59:00.000000007+00:00",
            0,
        ),
        (
            (2024, 3, 31, 1, 0),
            LONDON_P,
            "2024-03-31T02:00:00.000000007+01:00",
            0,
        ),
    ],
)
def test_as_timezone_across_transitions(
    utc: t.Any, tz: timezone, text: str, fold: int
) -> None:
    source = make(*utc, 0, 7, tzinfo=UTC)
    local = source.as_timezone(tz)
    assert local.iso_format() == text
    assert local.fold == fold
    assert local == source
    assert local.astimezone(UTC) == source
    seconds, nanos = source._to_epoch()
    assert DateTime._from_epoch(seconds, nanos, tz).iso_format() == text


def test_as_timezone_naive_is_unchanged() -> None:
    dt = DateTime(2020, 1, 1)
    assert dt.as_timezone(UTC) is dt


@pytest.mark.parametrize(
    ("wall", "is_dst", "text"),
    [
        ((2024, 10, 27, 1, 30), True, "+01:00"),
        ((2024, 10, 27, 1, 30), False, "+00:00"),
        ((2024, 3, 31, 1, 30), True, "+01:00"),
        ((2024, 3, 31, 1, 30), False, "+00:00"),
        ((2024, 7, 1, 12, 0), False, "+01:00"),
    ],
)
def test_pytz_localize(wall: t.Any, is_dst: bool, text: str) -> None:
    dt = LONDON_P.localize(make(*wall, 0, 5), is_dst=is_dst)
    assert isinstance(dt, DateTime)
    assert dt.nanosecond == 5
    assert dt.iso_format().endswith(text)


def test_pytz_localize_strict() -> None:
    with pytest.raises(pytz.NonExistentTimeError):
        LONDON_P.localize(DateTime(2024, 3, 31, 1, 30), is_dst=None)
    with pytest.raises(pytz.AmbiguousTimeError):
        NEW_YORK_P.localize(DateTime(2024, 11, 3, 1, 30), is_dst=None)


def test_pytz_normalize() -> None:
    dt = NEW_YORK_P.localize(DateTime(2024, 3, 10, 1, 30, 0, 9))
    moved = dt + timedelta(hours=1)
    assert moved.iso_format() == "2024-03-10T02:30:00.000000009-05:00"
    normal = NEW_YORK_P.normalize(moved)
    assert normal.iso_format() == "2024-03-10T03:30:00.000000009-04:00"


def test_epoch_helpers() -> None:
    dt = DateTime._from_epoch(1_700_000_000, 123, None)
    assert dt == DateTime(2023, 11, 14, 22, 13, 20, 123)
    assert dt._to_epoch() == (1_700_000_000, 123)
    local = DateTime._from_local_epoch(-1, 999999999, LONDON_P)
    assert local.year_month_day == (1969, 12, 31)
    assert local.hour_minute_second_nanosecond == (23, 59, 59, 999999999)
    assert local.tzinfo is LONDON_P
    assert local._to_local_epoch() == (-1, 999999999)
    fixed = DateTime._from_epoch(0, 1, timezone(timedelta(hours=-5)))
    assert fixed.iso_format() == "1969-12-31T19:00:00.000000001-05:00"
    assert fixed._to_epoch() == (0, 1)
    assert fixed._to_local_epoch() == (-18000, 1)
    pytz_fixed = DateTime._from_epoch(0, 1, pytz.FixedOffset(90))
    assert pytz_fixed.iso_format() == "1970-01-01T01:30:00.000000001+01:30"
    with pytest.raises(ValueError):
        DateTime._from_local_epoch(-62135596801, 0)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (
            DateTime(2024, 1, 31, 23, 59, 59, 999999999),
            Duration(nanoseconds=1),
            DateTime(2024, 2, 1),
        ),
        (
            DateTime(2024, 1, 31, 12),
            Duration(months=1),
            DateTime(2024, 2, 29, 12),
        ),
        (
            DateTime(2024, 3, 1, 0, 0, 0, 0),
            Duration(nanoseconds=-1),
            DateTime(2024, 2, 29, 23, 59, 59, 999999999),
        ),
        (
            DateTime(2024, 2, 29, 0, 0, 0, 1),
            Duration(months=-1, days=-1, seconds=-86401),
            DateTime(2024, 1, 26, 23, 59, 59, 1),
        ),
        (
            DateTime(2024, 1, 31, 23, 59, 59, 999999999),
            Duration(hours=25, nanoseconds=999999999),
            DateTime(2024, 2, 2, 1, 0, 0, 999999998),
        ),
    ],
)
def test_add_duration(
    start: DateTime, duration: Duration, expected: DateTime
) -> None:
    assert start + duration == expected
    assert expected - duration == start or duration.months


def test_add_keeps_tzinfo_and_wall_clock() -> None:
    dt = DateTime(2024, 3, 31, 0, 30, tzinfo=LONDON_Z)
    later = dt + Duration(hours=1)
    assert later.tzinfo is LONDON_Z
    assert later.hour_minute_second_nanosecond == (1, 30, 0, 0)
    assert dt + Duration() is dt


def test_add_timedelta() -> None:
    dt = DateTime(2024, 2, 28, 23, 0, 0, 1)
    assert dt + timedelta(hours=1) == DateTime(2024, 2, 29, 0, 0, 0, 1)
    assert dt - timedelta(microseconds=1) == DateTime(
        2024, 2, 28, 22, 59, 59, 999999001
    )
    assert dt + timedelta(days=400) == DateTime(2025, 4, 3, 23, 0, 0, 1)
    assert dt + timedelta(0) is dt
    with pytest.raises(ValueError):
        DateTime(1, 1, 1) - timedelta(microseconds=1)


def test_subtract_datetimes() -> None:
    a = DateTime(2024, 3, 1, 12, 0, 0, 5)
    b = DateTime(2023, 1, 31, 13, 0, 0, 10)
    assert a - b == Duration(
        months=14, days=-30, seconds=-3600, nanoseconds=-5
    )
    assert a - datetime(2024, 2, 29, 12, 0, 0, 1) == timedelta(
        days=1, microseconds=-1
    )
    assert a - datetime(2024, 3, 2) == timedelta(hours=-12)


def test_arithmetic_unsupported() -> None:
    with pytest.raises(TypeError):
        _ = DateTime(2020, 1, 1) + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = DateTime(2020, 1, 1) - 1  # type: ignore[operator]


CMP = [
    DateTime(2024, 1, 1, 12, tzinfo=UTC),
    DateTime(2024, 1, 1, 13, tzinfo=pytz.FixedOffset(60)),
    datetime(2024, 1, 1, 12, tzinfo=UTC),
    DateTime(2024, 1, 1, 7, tzinfo=NEW_YORK_Z),
    LONDON_P.localize(DateTime(2024, 1, 1, 12)),
]


@pytest.mark.parametrize("a", CMP)
@pytest.mark.parametrize("b", CMP)
def test_aware_equality(a: DateTime, b: DateTime) -> None:
    assert a == b
    assert not a != b  # noqa: SIM202
    assert a <= b and a >= b
    assert not a < b and not a > b
    assert hash(a) == hash(b)


def test_aware_ordering_uses_instants() -> None:
    a = DateTime(2024, 1, 1, 12, tzinfo=UTC)
    b = DateTime(2024, 1, 2, 11, tzinfo=pytz.FixedOffset(60))
    assert a < b and b > a and a <= b and b >= a
    assert not (a > b)


def test_naive_vs_aware() -> None:
    naive = DateTime(2024, 1, 1, 12)
    aware = DateTime(2024, 1, 1, 12, tzinfo=UTC)
    assert naive != aware
    assert naive == datetime(2024, 1, 1, 12)
    with pytest.raises(
        TypeError,
        match=r"^can't compare offset-naive and offset-aware datetimes$",
    ):
        _ = naive < aware
    assert DateTime(2020, 1, 1) != Date(2020, 1, 1)


def test_hash_with_nanoseconds() -> None:
    a = DateTime(2024, 1, 1, 12, 0, 0, 1, tzinfo=UTC)
    b = DateTime(2024, 1, 1, 13, 0, 0, 1, tzinfo=pytz.FixedOffset(60))
    assert hash(a) == hash(b)
    assert hash(DateTime(2024, 1, 1)) == hash(datetime(2024, 1, 1))
    assert isinstance(hash(Never), int)


def test_to_native_truncates() -> None:
    native = DateTime(2024, 1, 1, 1, 2, 3, 999999999, tzinfo=UTC).to_native()
    assert native == datetime(2024, 1, 1, 1, 2, 3, 999999, tzinfo=UTC)


def test_from_native() -> None:
    dt = DateTime.from_native(datetime(2020, 1, 1, 0, 0, 0, 999999))
    assert dt.nanosecond == 999999000
    assert dt.to_native() == datetime(2020, 1, 1, 0, 0, 0, 999999)


def test_iso_parsing() -> None:
    dt = DateTime.from_iso_format("2018-10-01T12:34:56.123456789+01:00")
    assert dt.hour_minute_second_nanosecond == (12, 34, 56, 123456789)
    assert dt.utc_offset() == timedelta(hours=1)
    assert DateTime.fromisoformat("2018-10-01 12:34") == DateTime(
        2018, 10, 1, 12, 34
    )
    z = DateTime.from_iso_format("2018-10-01T12:34:56Z")
    assert z.utc_offset() == timedelta(0)
    for bad in ("2018-10-01", "2018-10-01T25:00", "x"):
        with pytest.raises(
            ValueError, match=r"^DateTime string is not in ISO format$"
        ):
            DateTime.from_iso_format(bad)
    for dt in (DateTime(2024, 2, 29, 1, 2, 3, 4), z):
        assert DateTime.from_iso_format(dt.iso_format()) == dt


def test_timestamps() -> None:
    assert DateTime.utc_from_timestamp(0) == UnixEpoch
    assert DateTime.utc_from_timestamp(-86400.5) == DateTime(
        1969, 12, 30, 23, 59, 59, 500000000
    )
    dt = DateTime.from_timestamp(1e9, NEW_YORK_Z)
    assert dt.iso_format() == "2001-09-08T21:46:40.000000000-04:00"
    assert dt.timestamp() == 1e9
    assert DateTime.fromtimestamp(0, UTC) == DateTime(1970, 1, 1, tzinfo=UTC)
    assert DateTime.utcfromtimestamp(1.5).nanosecond == 500000000


def test_now_variants() -> None:
    assert DateTime.now().tzinfo is None
    assert DateTime.utc_now().tzinfo is None
    assert DateTime.now(LONDON_Z).tzinfo is LONDON_Z
    assert DateTime.now(LONDON_P).tzinfo.zone == "Europe/London"  # type: ignore[union-attr]
    assert isinstance(DateTime.today(), DateTime)


def test_replace_and_combine() -> None:
    dt = DateTime(2024, 1, 31, 1, 2, 3, 4, tzinfo=UTC)
    assert dt.replace(month=2) == DateTime(2024, 2, 29, 1, 2, 3, 4, tzinfo=UTC)
    assert dt.replace(tzinfo=None).tzinfo is None
    assert dt.replace(nanosecond=7).nanosecond == 7
    combined = DateTime.combine(Date(2024, 1, 1), Time(1, tzinfo=UTC))
    assert combined == DateTime(2024, 1, 1, 1, tzinfo=UTC)
    assert DateTime.from_ordinal(1) == DateTime(1, 1, 1)
    with pytest.raises(TypeError):
        DateTime.combine(datetime(2020, 1, 1), Time(1))  # type: ignore[arg-type]


def test_not_implemented_stubs() -> None:
    with pytest.raises(NotImplementedError):
        DateTime.parse("2020", "%Y")
    with pytest.raises(NotImplementedError):
        DateTime(2020, 1, 1).time_tuple()
    with pytest.raises(AttributeError, match="DateTime has no attribute"):
        _ = DateTime(2020, 1, 1).nope


def test_copy_and_pickle() -> None:
    values = [
        DateTime(2023, 12, 7, 12, 34, 56, 123456789),
        DateTime(2018, 10, 1, 12, 34, 56, 123456789, pytz.FixedOffset(754)),
        LONDON_P.localize(DateTime(2022, 3, 27, 3, 30)),
        DateTime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK_Z, fold=1),
        Never,
    ]
    for dt in values:
        dt.foo = [1, [2]]
        for clone in (
            copy.copy(dt),
            copy.deepcopy(dt),
            pickle.loads(pickle.dumps(dt)),
        ):
            assert clone == dt
            assert clone.tzinfo == dt.tzinfo
            assert clone.fold == dt.fold
            assert clone.foo == [1, [2]]


def test_zoneinfo_gap_fold() -> None:
    # 01:30 does not exist in London on 2024-03-31; fold picks the side
    before = DateTime(2024, 3, 31, 1, 30, tzinfo=LONDON_Z)
    after = DateTime(2024, 3, 31, 1, 30, tzinfo=LONDON_Z, fold=1)
    assert before.utc_offset() == timedelta(0)
    assert after.utc_offset() == timedelta(hours=1)
    assert before.as_timezone(UTC) == DateTime(2024, 3, 31, 1, 30, tzinfo=UTC)
    assert after.as_timezone(UTC) == DateTime(2024, 3, 31, 0, 30, tzinfo=UTC)
