from __future__ import annotations

import copy
import pickle
from datetime import datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import pytz

from neo4j.time import Midday, Midnight, Time


MINUS_3_30 = timezone(timedelta(hours=-3, minutes=-30))


def test_fields_and_ticks() -> None:
    t = Time(12, 34, 56, 789123456)
    assert t.hour_minute_second_nanosecond == (12, 34, 56, 789123456)
    assert (t.hour, t.minute, t.second, t.nanosecond) == (
        12,
        34,
        56,
        789123456,
    )
    assert t.ticks == 45296789123456
    assert t.tzinfo is None


def test_constants() -> None:
    assert Midnight == Time(0) and Midnight is Time.min
    assert Midday == Time(12)
    assert Time.max == Time(23, 59, 59, 999999999)
    assert Time.resolution.nanoseconds == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((24, 0, 0, 0), r"^Hour out of range \(0..23\)$"),
        ((-1, 0, 0, 0), r"^Hour out of range \(0..23\)$"),
        ((0, 60, 0, 0), r"^Minute out of range \(0..59\)$"),
        ((0, 0, 60, 0), r"^Second out of range \(0..59\)$"),
        ((0, 0, 0, 10**9), r"^Nanosecond out of range \(0..999999999\)$"),
        ((0, 0, 0, -1), r"^Nanosecond out of range \(0..999999999\)$"),
    ],
)
def test_invalid(args: tuple[int, int, int, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Time(*args)


@pytest.mark.parametrize(
    ("ticks", "fields"),
    [
        (0, (0, 0, 0, 0)),
        (1, (0, 0, 0, 1)),
        (45296789000001, (12, 34, 56, 789000001)),
        (86399999999999, (23, 59, 59, 999999999)),
    ],
)
def test_from_ticks(ticks: int, fields: tuple[int, int, int, int]) -> None:
    t = Time.from_ticks(ticks)
    assert t.hour_minute_second_nanosecond == fields
    assert t.ticks == ticks
    tz = Time.from_ticks(ticks, timezone.utc)
    assert tz.tzinfo is timezone.utc


def test_from_ticks_invalid() -> None:
    message = r"^Ticks out of range \(0..86400000000000\)$"
    with pytest.raises(ValueError, match=message):
        Time.from_ticks(86400000000000)
    with pytest.raises(ValueError, match=message):
        Time.from_ticks(-1)
    with pytest.raises(TypeError, match=r"^Ticks must be int$"):
        Time.from_ticks(1.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ns", "micro"),
    [
        (0, 0),
        (500, 0),  # tie -> even
        (1500, 2),  # tie -> even
        (2500, 2),  # tie -> even
        (2501, 3),
        (789123456, 789123),
        (789123500, 789124),
    ],
)
def test_to_native_rounds_half_to_even(ns: int, micro: int) -> None:
    native = Time(1, 2, 3, ns).to_native()
    assert native == time(1, 2, 3, micro)


def test_to_native_rounding_overflow_raises() -> None:
    with pytest.raises(ValueError):
        Time(0, 0, 0, 999999500).to_native()


def test_native_round_trip() -> None:
    native = time(12, 34, 56, 789123, tzinfo=timezone.utc)
    t = Time.from_native(native)
    assert t.hour_minute_second_nanosecond == (12, 34, 56, 789123000)
    assert t.tzinfo is timezone.utc
    assert t.to_native() == native


@pytest.mark.parametrize(
    ("tz", "offset", "text"),
    [
        (None, None, "12:34:56.789123456"),
        (timezone.utc, timedelta(0), "12:34:56.789123456+00:00"),
        (
            MINUS_3_30,
            timedelta(hours=-3, minutes=-30),
            "12:34:56.789123456-03:30",
        ),
        (
            pytz.FixedOffset(90),
            timedelta(minutes=90),
            "12:34:56.789123456+01:30",
        ),
        (pytz.utc, timedelta(0), "12:34:56.789123456+00:00"),
        # zone based tzinfos have no offset without a date
        (pytz.timezone("Europe/London"), None, "12:34:56.789123456"),
        (ZoneInfo("Europe/London"), None, "12:34:56.789123456"),
    ],
)
def test_offsets_and_iso_format(
    tz: timezone | None, offset: timedelta | None, text: str
) -> None:
    t = Time(12, 34, 56, 789123456, tzinfo=tz)
    assert t.utc_offset() == offset
    assert t.utcoffset() == offset
    assert t.iso_format() == text
    assert t.isoformat() == text
    assert str(t) == text


@pytest.mark.parametrize(
    "offset",
    [
        timedelta(seconds=-30),
        timedelta(hours=5, minutes=45, seconds=30),
        timedelta(minutes=1, microseconds=5),
    ],
)
def test_iso_format_rejects_sub_minute_offset(offset: timedelta) -> None:
    # ISO 8601 (and Neo4j) offsets have no seconds; the official driver
    # refuses to render them
    t = Time(12, 0, 0, tzinfo=timezone(offset))
    assert t.utc_offset() == offset
    for render in (t.iso_format, t.isoformat, t.__str__):
        with pytest.raises(ValueError) as exc_info:
            render()
        message = "utcoffset must be a whole number of minutes"
        assert str(exc_info.value) == message


def test_dst_and_tzname() -> None:
    t = Time(1, tzinfo=timezone.utc)
    assert t.dst() is None
    assert t.tzname() == "UTC"
    assert Time(1).tzname() is None
    assert Time(1).dst() is None
    assert Time(1, tzinfo=pytz.FixedOffset(60)).dst() == timedelta(0)


def test_repr() -> None:
    assert repr(Time(1, 2, 3, 4)) == "neo4j.time.Time(1, 2, 3, 4)"
    assert repr(Time(1, 2, 3, 4, timezone.utc)) == (
        "neo4j.time.Time(1, 2, 3, 4, tzinfo=datetime.timezone.utc)"
    )


def test_format() -> None:
    t = Time(1, 2, 3, 4005006)
    assert f"{t}" == "01:02:03.004005006"
    assert f"{t:%H-%M-%S.%f %%f}" == "01-02-03.004005006 %f"


@pytest.mark.parametrize(
    ("text", "fields", "offset"),
    [
        ("12", (12, 0, 0, 0), None),
        ("12:34", (12, 34, 0, 0), None),
        ("12:34:56", (12, 34, 56, 0), None),
        ("12:34:56.123456789123", (12, 34, 56, 123456789), None),
        ("12:34:56.1Z", (12, 34, 56, 100000000), timedelta(0)),
        ("12:34:56+01:30", (12, 34, 56, 0), timedelta(minutes=90)),
        ("12:34:56-01:30", (12, 34, 56, 0), timedelta(minutes=-90)),
        (
            "12:34:56.5+01:30:15",
            (12, 34, 56, 500000000),
            timedelta(minutes=90),
        ),
    ],
)
def test_from_iso_format(
    text: str, fields: tuple[int, int, int, int], offset: timedelta | None
) -> None:
    t = Time.from_iso_format(text)
    assert t.hour_minute_second_nanosecond == fields
    assert t.utc_offset() == offset
    assert Time.fromisoformat(text) == t


@pytest.mark.parametrize("text", ["1:2", "12:34:56 ", "x", "", "12:34:56+1"])
def test_from_iso_format_invalid(text: str) -> None:
    with pytest.raises(
        ValueError, match=r"^Time string is not in ISO format$"
    ):
        Time.from_iso_format(text)


def test_from_iso_format_range() -> None:
    with pytest.raises(ValueError, match="Hour out of range"):
        Time.from_iso_format("25:00")


def test_iso_round_trip() -> None:
    for t in (Time(0), Time(23, 59, 59, 999999999, MINUS_3_30)):
        assert Time.from_iso_format(t.iso_format()) == t


NAIVE = Time(12, 0, 0, 0)
AWARE_UTC = Time(12, 0, 0, 0, timezone.utc)
AWARE_PLUS1 = Time(13, 0, 0, 0, pytz.FixedOffset(60))
AWARE_MINUS1 = Time(11, 0, 0, 1, timezone(timedelta(hours=-1)))


def test_equality_and_ordering() -> None:
    assert Time(12) == NAIVE
    assert time(12) == NAIVE
    assert time(12) == NAIVE
    assert AWARE_UTC == AWARE_PLUS1
    assert time(12, tzinfo=timezone.utc) == AWARE_UTC
    assert AWARE_UTC < AWARE_MINUS1
    assert AWARE_MINUS1 > AWARE_PLUS1
    assert AWARE_UTC <= AWARE_PLUS1 <= AWARE_UTC
    assert Time(12, 0, 0, 1) > NAIVE


def test_naive_vs_aware() -> None:
    assert NAIVE != AWARE_UTC
    assert not NAIVE == AWARE_UTC  # noqa: SIM201
    with pytest.raises(
        TypeError, match=r"^can't compare offset-naive and offset-aware times$"
    ):
        _ = NAIVE < AWARE_UTC
    with pytest.raises(TypeError):
        _ = time(12) <= AWARE_UTC


def test_hash_consistent_with_eq() -> None:
    assert hash(NAIVE) == hash(time(12))
    assert hash(AWARE_UTC) == hash(AWARE_PLUS1)
    a = Time(12, 0, 0, 1, timezone.utc)
    b = Time(13, 0, 0, 1, pytz.FixedOffset(60))
    assert a == b and hash(a) == hash(b)


def test_replace() -> None:
    t = Time(1, 2, 3, 4, timezone.utc)
    assert t.replace(hour=5) == Time(5, 2, 3, 4, timezone.utc)
    assert t.replace(tzinfo=None).tzinfo is None
    assert t.replace(nanosecond=9).nanosecond == 9
    with pytest.raises(ValueError):
        t.replace(minute=61)


def test_replace_converts_and_keeps_the_rest() -> None:
    t = Time(1, 2, 3, 4, MINUS_3_30)
    changed = t.replace(second=5.9, nanosecond="7")
    assert changed.hour_minute_second_nanosecond == (1, 2, 5, 7)
    assert changed.tzinfo is MINUS_3_30
    assert t.replace() == t
    assert t.replace(hour=0, minute=0).hour_minute_second_nanosecond == (
        0,
        0,
        3,
        4,
    )


def test_hash_below_microseconds() -> None:
    a = Time(1, 2, 3, 4)
    assert hash(a) == hash(Time.from_ticks(a.ticks))
    east = Time(12, 30, 0, 5, timezone(timedelta(hours=2)))
    west = Time(7, 0, 0, 5, MINUS_3_30)
    assert east == west
    assert hash(east) == hash(west)
    assert Time(0, 0, 0, 1000) == time(0, 0, 0, 1)
    assert hash(Time(0, 0, 0, 1000)) == hash(time(0, 0, 0, 1))


class _OddZone(tzinfo):
    def __init__(self, answer: object) -> None:
        self.answer = answer

    def utcoffset(self, dt: datetime | None) -> Any:
        return self.answer

    def dst(self, dt: datetime | None) -> Any:
        return self.answer

    def tzname(self, dt: datetime | None) -> str:
        return "odd"


@pytest.mark.parametrize("answer", ["1h", 3600])
def test_tzinfo_answer_of_wrong_type(answer: object) -> None:
    value = Time(1, tzinfo=_OddZone(answer))
    with pytest.raises(TypeError):
        value.utc_offset()
    with pytest.raises(TypeError):
        value.dst()


@pytest.mark.parametrize(
    "answer", [timedelta(days=1), timedelta(days=-1), timedelta(hours=30)]
)
def test_tzinfo_answer_out_of_range(answer: timedelta) -> None:
    value = Time(1, tzinfo=_OddZone(answer))
    with pytest.raises(ValueError):
        value.utc_offset()
    with pytest.raises(ValueError):
        value.dst()


def test_tzinfo_answer_none_or_in_range() -> None:
    assert Time(1, tzinfo=_OddZone(None)).utc_offset() is None
    assert Time(1, tzinfo=_OddZone(None)).dst() is None
    almost = timedelta(hours=23, minutes=59)
    assert Time(1, tzinfo=_OddZone(almost)).utc_offset() == almost
    assert Time(1, tzinfo=_OddZone(-almost)).dst() == -almost
    assert Time(1).dst() is None


def test_now_functions_return_times() -> None:
    assert isinstance(Time.now(), Time)
    assert Time.utc_now().tzinfo is None
    assert Time.now(timezone.utc).tzinfo is timezone.utc
    assert isinstance(Time.utcnow(), Time)


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="Time has no attribute 'nope'"):
        _ = Time(1).nope


def test_copy_and_pickle() -> None:
    t = Time(1, 2, 3, 4, pytz.FixedOffset(60))
    t.foo = [1]  # type: ignore[attr-defined]
    loaded = pickle.loads(pickle.dumps(t))
    assert loaded == t and loaded.foo == [1]
    assert loaded.utc_offset() == timedelta(hours=1)
    assert copy.deepcopy(t) == t
    assert copy.copy(t) is not t
