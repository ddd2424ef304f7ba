from __future__ import annotations

import copy
import pickle
from datetime import date, timedelta, timezone

import pytest

from neo4j.time import MAX_YEAR, MIN_YEAR, Date, Duration, ZeroDate


@pytest.mark.parametrize(
    ("year", "leap", "days", "feb"),
    [
        (1900, False, 365, 28),
        (2000, True, 366, 29),
        (2023, False, 365, 28),
        (2024, True, 366, 29),
        (2100, False, 365, 28),
        (1, False, 365, 28),
        (9999, False, 365, 28),
    ],
)
def test_leap_years(year: int, leap: bool, days: int, feb: int) -> None:
    assert Date.is_leap_year(year) is leap
    assert Date.days_in_year(year) == days
    assert Date.days_in_month(year, 2) == feb


@pytest.mark.parametrize("year", [0, 10000, -1])
def test_year_helpers_reject_out_of_range(year: int) -> None:
    message = r"^Year out of range \(1..9999\)$"
    with pytest.raises(ValueError, match=message):
        Date.is_leap_year(year)
    with pytest.raises(ValueError, match=message):
        Date.days_in_year(year)
    with pytest.raises(ValueError, match=message):
        Date.days_in_month(year, 1)


@pytest.mark.parametrize("month", [0, 13])
def test_days_in_month_rejects_bad_month(month: int) -> None:
    with pytest.raises(ValueError, match=r"^Month out of range \(1..12\)$"):
        Date.days_in_month(2020, month)


@pytest.mark.parametrize(
    ("month", "days"),
    [(1, 31), (3, 31), (4, 30), (6, 30), (9, 30), (11, 30), (12, 31)],
)
def test_month_lengths(month: int, days: int) -> None:
    assert Date.days_in_month(2021, month) == days


def test_constants() -> None:
    assert (MIN_YEAR, MAX_YEAR) == (1, 9999)
    assert Date.min == Date(1, 1, 1)
    assert Date.max == Date(9999, 12, 31)
    assert Date.resolution == Duration(days=1)


def test_attributes() -> None:
    d = Date(2024, 2, 29)
    assert (d.year, d.month, d.day) == (2024, 2, 29)
    assert d.year_month_day == (2024, 2, 29)
    assert d.year_day == (2024, 60)
    assert d.to_ordinal() == 738945
    assert d.weekday() == 3
    assert d.iso_weekday() == 4


@pytest.mark.parametrize(
    ("args", "day"),
    [((2024, 2, -1), 29), ((2023, 2, -1), 28), ((2024, 2, -3), 27)],
)
def test_negative_days_count_from_month_end(
    args: tuple[int, int, int], day: int
) -> None:
    assert Date(*args).day == day


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 1, 1), r"^Year out of range \(1..9999\)$"),
        ((10000, 1, 1), r"^Year out of range \(1..9999\)$"),
        ((2020, 0, 1), r"^Month out of range \(1..12\)$"),
        ((2020, 13, 1), r"^Month out of range \(1..12\)$"),
        ((2021, 2, 29), r"^Day 29 out of range \(1..28, -1, -2 ,-3\)$"),
        ((2020, 2, 0), r"^Day 0 out of range \(1..29, -1, -2 ,-3\)$"),
        ((2020, 2, -4), r"^Day -4 out of range \(1..29, -1, -2 ,-3\)$"),
        ((2020, 4, 31), r"^Day 31 out of range \(1..30, -1, -2 ,-3\)$"),
    ],
)
def test_invalid_dates(args: tuple[int, int, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Date(*args)


def test_zero_date() -> None:
    assert Date(0, 0, 0) is ZeroDate
    assert Date.from_ordinal(0) is ZeroDate
    assert ZeroDate.year_month_day == (0, 0, 0)
    assert ZeroDate.to_ordinal() == 0
    assert repr(ZeroDate) == "neo4j.time.ZeroDate"
    assert str(ZeroDate) == "0000-00-00"
    assert ZeroDate < Date(1, 1, 1)
    assert ZeroDate.replace() is ZeroDate


@pytest.mark.parametrize(
    ("ordinal", "ymd"),
    [
        (1, (1, 1, 1)),
        (719163, (1970, 1, 1)),
        (730120, (2000, 1, 1)),
        (738945, (2024, 2, 29)),
        (3652059, (9999, 12, 31)),
    ],
)
def test_from_ordinal(ordinal: int, ymd: tuple[int, int, int]) -> None:
    d = Date.from_ordinal(ordinal)
    assert d.year_month_day == ymd
    assert d.to_ordinal() == ordinal
    assert Date(*ymd).to_ordinal() == ordinal


@pytest.mark.parametrize("ordinal", [-1, 3652060])
def test_from_ordinal_out_of_range(ordinal: int) -> None:
    with pytest.raises(
        ValueError, match=r"^Ordinal out of range \(0..3652059\)$"
    ):
        Date.from_ordinal(ordinal)


def test_epoch_days_helpers() -> None:
    assert Date._from_epoch_days(0) == Date(1970, 1, 1)
    assert Date._from_epoch_days(-1) == Date(1969, 12, 31)
    assert Date._from_epoch_days(19782) == Date(2024, 2, 29)
    assert Date(2024, 2, 29)._to_epoch_days() == 19782
    assert Date._from_epoch_days(-719162) == Date(1, 1, 1)
    with pytest.raises(ValueError):
        Date._from_epoch_days(-719163 - 1)


@pytest.mark.parametrize(
    ("ymd", "iso"),
    [
        ((2021, 1, 3), (2020, 53, 7)),
        ((2021, 1, 4), (2021, 1, 1)),
        ((2015, 12, 28), (2015, 53, 1)),
        ((2008, 12, 29), (2009, 1, 1)),
        ((2010, 1, 3), (2009, 53, 7)),
        ((2024, 12, 30), (2025, 1, 1)),
        ((2026, 1, 1), (2026, 1, 4)),
        ((2020, 12, 31), (2020, 53, 4)),
        ((2024, 2, 29), (2024, 9, 4)),
        ((1, 1, 1), (1, 1, 1)),
        ((9999, 12, 31), (9999, 52, 5)),
    ],
)
def test_iso_week_boundaries(
    ymd: tuple[int, int, int], iso: tuple[int, int, int]
) -> None:
    d = Date(*ymd)
    assert d.year_week_day == iso
    assert d.iso_calendar() == iso
    assert d.iso_weekday() == iso[2]
    assert d.weekday() == iso[2] - 1


def test_iso_weeks_match_stdlib_for_many_years() -> None:
    for year in range(1995, 2035):
        for month, day in ((1, 1), (1, 4), (12, 28), (12, 31)):
            expected = tuple(date(year, month, day).isocalendar())
            assert Date(year, month, day).year_week_day == expected


def test_time_tuple() -> None:
    tt = Date(2024, 12, 31).time_tuple()
    assert tuple(tt) == (2024, 12, 31, 0, 0, 0, 1, 366, -1)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        ((2024, 1, 31), Duration(months=1), (2024, 2, 29)),
        ((2023, 1, 31), Duration(months=1), (2023, 2, 28)),
        ((2024, 1, 29), Duration(months=1), (2024, 2, 27)),
        ((2024, 1, 28), Duration(months=1), (2024, 2, 28)),
        ((2024, 2, 29), Duration(months=12), (2025, 2, 28)),
        ((2023, 2, 28), Duration(years=1), (2024, 2, 29)),
        ((2024, 1, 31), Duration(months=1, days=1), (2024, 3, 1)),
        ((2024, 3, 1), Duration(days=-1), (2024, 2, 29)),
        ((2024, 12, 31), Duration(days=1), (2025, 1, 1)),
        ((2024, 1, 15), Duration(months=-13), (2022, 12, 15)),
        ((2024, 5, 10), Duration(days=400), (2025, 6, 14)),
        ((2020, 12, 31), Duration(months=13, days=-40), (2021, 12, 21)),
    ],
)
def test_add_duration(
    start: tuple[int, int, int],
    duration: Duration,
    expected: tuple[int, int, int],
) -> None:
    assert (Date(*start) + duration).year_month_day == expected
    assert (Date(*start) - (-duration)).year_month_day == expected


def test_add_zero_duration_returns_same_object() -> None:
    d = Date(2024, 1, 1)
    assert d + Duration() is d


def test_add_timedelta() -> None:
    assert Date(2024, 2, 28) + timedelta(days=2) == Date(2024, 3, 1)
    assert Date(2024, 3, 1) - timedelta(days=1) == Date(2024, 2, 29)


def test_add_duration_with_time_part_fails() -> None:
    message = "^Cannot add a Duration with seconds or nanoseconds to a Date$"
    with pytest.raises(ValueError, match=message):
        Date(2024, 1, 1) + Duration(seconds=1)
    with pytest.raises(ValueError, match=message):
        Date(2024, 1, 1) + Duration(nanoseconds=1)
    with pytest.raises(ValueError, match=message):
        Date(2024, 1, 1) + timedelta(hours=1)


def test_add_out_of_range() -> None:
    with pytest.raises(ValueError, match=r"Year out of range"):
        Date(9999, 12, 1) + Duration(months=1)
    with pytest.raises(ValueError, match="Ordinal out of range"):
        Date(1, 1, 1) - Duration(days=1)


def test_add_unsupported_type() -> None:
    with pytest.raises(TypeError):
        Date(2024, 1, 1) + 1  # type: ignore[operator]


def test_subtract_dates() -> None:
    assert Date(2024, 3, 1) - Date(2024, 2, 1) == Duration(days=29)
    assert Date(2024, 2, 1) - Date(2024, 3, 1) == Duration(days=-29)
    assert Date(2024, 3, 1) - date(2023, 3, 1) == Duration(days=366)


@pytest.mark.parametrize(
    ("start", "changes", "expected"),
    [
        ((2024, 1, 31), {"month": 2}, (2024, 2, 29)),
        ((2024, 1, 30), {"month": 2}, (2024, 2, 28)),
        ((2024, 1, 15), {"month": 2}, (2024, 2, 15)),
        ((2023, 2, 28), {"year": 2024}, (2024, 2, 29)),
        ((2024, 2, 29), {"year": 2023}, (2023, 2, 28)),
        ((2024, 2, 29), {"day": 1}, (2024, 2, 1)),
        ((2024, 2, 29), {}, (2024, 2, 29)),
    ],
)
def test_replace(
    start: tuple[int, int, int],
    changes: dict[str, int],
    expected: tuple[int, int, int],
) -> None:
    assert Date(*start).replace(**changes).year_month_day == expected


def test_replace_invalid() -> None:
    with pytest.raises(ValueError, match="Day 31 out of range"):
        Date(2024, 4, 1).replace(day=31)


def test_comparisons_with_native() -> None:
    d = Date(2024, 2, 29)
    assert d == date(2024, 2, 29)
    assert date(2024, 2, 29) == d
    assert d != date(2024, 3, 1)
    assert d < date(2024, 3, 1)
    assert d <= Date(2024, 2, 29)
    assert d > Date(2024, 2, 28)
    assert d >= date(2024, 2, 29)
    assert date(2024, 3, 1) > d
    assert d != "2024-02-29"
    with pytest.raises(TypeError):
        _ = d < 5  # type: ignore[operator]


def test_hash_matches_native() -> None:
    assert hash(Date(2024, 2, 29)) == hash(date(2024, 2, 29))
    assert len({Date(2024, 2, 29), date(2024, 2, 29)}) == 1


def test_parse_and_iso_format() -> None:
    assert Date.parse("2018-10-01") == Date(2018, 10, 1)
    assert Date.parse("2018-1-2") == Date(2018, 1, 2)
    assert Date.from_iso_format("2018-10-01") == Date(2018, 10, 1)
    assert Date.fromisoformat("2018-10-01") == Date(2018, 10, 1)
    assert Date(2018, 1, 2).iso_format() == "2018-01-02"
    assert Date(5, 1, 2).isoformat() == "0005-01-02"
    for bad in ("2018-1-2", "18-10-01", "2018-10-01T", "x", ""):
        with pytest.raises(ValueError, match=r"^Date string must be in"):
            Date.from_iso_format(bad)
    for bad in ("x", "2018-10", "2018-10-01-01", ""):
        with pytest.raises(ValueError, match=r"^Date string must be in"):
            Date.parse(bad)
    with pytest.raises(ValueError, match="Month out of range"):
        Date.from_iso_format("2018-13-01")


def test_repr_str_format() -> None:
    d = Date(2024, 2, 9)
    assert repr(d) == "neo4j.time.Date(2024, 2, 9)"
    assert str(d) == "2024-02-09"
    assert f"{d}" == "2024-02-09"
    assert f"{d:%Y/%m/%d %f}" == "2024/02/09 000000000"
    assert d.strftime("%A %%f") == "Friday %f"


def test_native_round_trip() -> None:
    d = Date(2024, 2, 29)
    native = d.to_native()
    assert type(native) is date
    assert native == date(2024, 2, 29)
    assert Date.from_native(native) == d


def test_timestamps() -> None:
    assert Date.utc_from_timestamp(0) == Date(1970, 1, 1)
    assert Date.utc_from_timestamp(-86400.5) == Date(1969, 12, 30)
    assert Date.utcfromtimestamp(1e9) == Date(2001, 9, 9)
    assert Date.from_timestamp(0, timezone(timedelta(hours=-13))) == Date(
        1969, 12, 31
    )
    assert Date.fromtimestamp(0, timezone.utc) == Date(1970, 1, 1)


def test_today_is_a_date() -> None:
    assert isinstance(Date.today(), Date)
    assert isinstance(Date.utc_today(), Date)
    assert isinstance(Date.today(timezone.utc), Date)


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="Date has no attribute 'nope'"):
        _ = Date(2020, 1, 1).nope
    with pytest.raises(AttributeError, match="Date has no attribute 'nope'"):
        _ = Date.nope


def test_copy_and_pickle() -> None:
    d = Date(2010, 10, 1)
    d.foo = [1, [2]]  # type: ignore[attr-defined]
    shallow = copy.copy(d)
    assert shallow == d and shallow is not d
    assert shallow.foo is d.foo
    deep = copy.deepcopy(d)
    assert deep.foo == d.foo and deep.foo is not d.foo
    loaded = pickle.loads(pickle.dumps(d))
    assert loaded == d and loaded.foo == [1, [2]]
    assert pickle.loads(pickle.dumps(ZeroDate)) is ZeroDate
    assert copy.deepcopy(ZeroDate) is ZeroDate
