from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, strategies as st

from neo4j.time import Date, DateTime, Duration, Time


ordinals = st.integers(min_value=1, max_value=3652059)
naive_datetimes = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)
)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)


@given(ordinals)
def test_date_ordinal_round_trip(ordinal: int) -> None:
    d = Date.from_ordinal(ordinal)
    native = date.fromordinal(ordinal)
    assert d.year_month_day == (native.year, native.month, native.day)
    assert Date(d.year, d.month, d.day).to_ordinal() == ordinal
    assert d.to_native() == native
    assert d.year_week_day == tuple(native.isocalendar())
    assert d.weekday() == native.weekday()
    assert d.year_day[1] == native.timetuple().tm_yday
    assert Date.from_iso_format(d.iso_format()) == d


@given(ordinals, st.integers(min_value=-20000, max_value=20000))
def test_date_day_arithmetic_matches_stdlib(ordinal: int, days: int) -> None:
    target = ordinal + days
    if not 1 <= target <= 3652059:
        return
    d = Date.from_ordinal(ordinal) + Duration(days=days)
    assert d.to_ordinal() == target
    assert d - Date.from_ordinal(ordinal) == Duration(days=days)


@given(naive_datetimes, st.integers(min_value=0, max_value=999))
def test_datetime_native_round_trip(native: datetime, extra: int) -> None:
    dt = DateTime.from_native(native)
    assert dt.to_native() == native
    with_nanos = dt.replace(nanosecond=dt.nanosecond + extra)
    # to_native keeps microsecond precision (truncating the nanoseconds)
    assert with_nanos.to_native() == native
    assert with_nanos - dt == Duration(nanoseconds=extra)


@given(naive_datetimes, offsets)
def test_datetime_epoch_round_trip(native: datetime, tz: timezone) -> None:
    aware = native.replace(tzinfo=tz)
    dt = DateTime.from_native(aware)
    seconds, nanos = dt._to_epoch()
    # exact integer arithmetic (a float timestamp rounds far from 1970)
    since_epoch = aware - datetime(1970, 1, 1, tzinfo=timezone.utc)
    micros = (
        since_epoch.days * 86_400 + since_epoch.seconds
    ) * 1_000_000 + since_epoch.microseconds
    assert (seconds, nanos) == (
        micros // 1_000_000,
        micros % 1_000_000 * 1000,
    )
    assert DateTime._from_epoch(seconds, nanos, tz) == dt
    assert DateTime._from_epoch(seconds, nanos, timezone.utc) == dt
    local_s, local_ns = dt._to_local_epoch()
    assert DateTime._from_local_epoch(local_s, local_ns, tz) == dt
    assert hash(dt) == hash(aware)
    assert dt == aware


@given(st.integers(min_value=0, max_value=86_399_999_999_999))
def test_time_ticks_round_trip(ticks: int) -> None:
    t = Time.from_ticks(ticks)
    assert Time(*t.hour_minute_second_nanosecond).ticks == ticks
    assert Time.from_iso_format(t.iso_format()) == t


@given(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.integers(min_value=-(10**18), max_value=10**18),
)
def test_duration_invariants(
    months: int, days: int, seconds: int, nanoseconds: int
) -> None:
    d = Duration(
        months=months, days=days, seconds=seconds, nanoseconds=nanoseconds
    )
    assert abs(d.nanoseconds) < 10**9
    assert d.seconds * d.nanoseconds >= 0
    assert d.seconds * 10**9 + d.nanoseconds == (seconds * 10**9 + nanoseconds)
    assert Duration.from_iso_format(d.iso_format()) == d
    negated = -d
    assert -negated == d
    assert d + (-d) == Duration()
    assert d - d == Duration()
