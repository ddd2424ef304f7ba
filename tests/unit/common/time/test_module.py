from __future__ import annotations

import importlib
import time
import typing as t
import warnings
from datetime import timedelta

import pytest

import neo4j.time
from neo4j.time import Date, DateTime, Duration, Time
from neo4j.time._arithmetic import split_toward_zero
from neo4j.time._clock import _preferred_clock
from neo4j.time._clock_implementations import (
    LibCClock,
    PEP564Clock,
    SafeClock,
)


EXPECTED_ALL = [
    "MAX_INT64",
    "MAX_YEAR",
    "MIN_INT64",
    "MIN_YEAR",
    "Date",
    "DateTime",
    "Duration",
    "Midday",
    "Midnight",
    "Never",
    "Time",
    "UnixEpoch",
    "ZeroDate",
]


def test_all() -> None:
    assert sorted(neo4j.time.__all__) == sorted(EXPECTED_ALL)
    for name in EXPECTED_ALL:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            getattr(neo4j.time, name)
    assert neo4j.time.MIN_INT64 == -(2**63)
    assert neo4j.time.MAX_INT64 == 2**63 - 1


def test_star_import() -> None:
    namespace: dict[str, object] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec("from neo4j.time import *", namespace)
    assert "ClockTime" not in namespace
    assert "Date" in namespace


def test_module_names() -> None:
    for cls in (Date, Time, DateTime, Duration):
        assert cls.__module__ == "neo4j.time"


def test_clock_time_is_deprecated() -> None:
    with pytest.warns(DeprecationWarning, match="ClockTime is an implementa"):
        clock_time = neo4j.time.ClockTime  # type: ignore[attr-defined]
    assert clock_time is neo4j.time._ClockTime
    with pytest.warns(DeprecationWarning):
        importlib.__import__("neo4j.time", fromlist=("ClockTime",))
    with pytest.raises(AttributeError):
        _ = neo4j.time.Nope


def test_clock_time() -> None:
    ct = neo4j.time._ClockTime
    assert tuple(ct(123456.789)) == (123456, 789000000)
    assert tuple(ct(1, -1)) == (0, 999999999)
    assert tuple(ct(0, 2123456789)) == (2, 123456789)
    assert tuple(ct(1) + 0.5) == (1, 500000000)
    assert tuple(ct(1) - Duration(seconds=2)) == (-1, 0)
    assert tuple(ct(1) + ct(0, 1)) == (1, 1)
    assert repr(ct(1, 2)) == ("neo4j.time.ClockTime(seconds=1, nanoseconds=2)")
    with pytest.raises(ValueError, match=r"^Cannot add Duration with months"):
        ct(1) + Duration(months=1)
    with pytest.raises(
        ValueError, match=r"^Cannot subtract Duration with months"
    ):
        ct(1) - Duration(days=1)
    with pytest.raises(TypeError):
        ct(1) + "x"  # type: ignore[operator]


def test_clock_time_methods_warn() -> None:
    epoch = DateTime(1970, 1, 1)
    with pytest.warns(DeprecationWarning):
        assert tuple(Date(1970, 1, 3).to_clock_time(epoch)) == (172800, 0)
    with pytest.warns(DeprecationWarning):
        assert Date.from_clock_time((172800, 5), epoch) == Date(1970, 1, 3)
    with pytest.warns(DeprecationWarning):
        assert tuple(Time(0, 0, 1, 5).to_clock_time()) == (1, 5)
    with pytest.warns(DeprecationWarning):
        assert Time.from_clock_time((86401, 5), epoch) == Time(0, 0, 1, 5)
    with pytest.warns(DeprecationWarning):
        assert tuple(DateTime(1, 1, 2, 0, 0, 1, 5).to_clock_time()) == (
            86401,
            5,
        )
    with pytest.warns(DeprecationWarning):
        assert DateTime.from_clock_time((86401, 5), epoch) == DateTime(
            1970, 1, 2, 0, 0, 1, 5
        )
    with pytest.raises(ValueError, match=r"^Clock time must be a 2-tuple"):
        DateTime._from_sec_ns((1, 2, 3), epoch)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^Epoch has no ordinal value$"):
        Date(2000, 1, 1)._to_sec_ns(object())  # type: ignore[arg-type]


def test_clocks() -> None:
    clock = neo4j.time._Clock()
    assert isinstance(clock, neo4j.time._Clock)
    assert clock.precision() == 9
    for impl in (SafeClock, PEP564Clock, LibCClock):
        assert impl.available() in (True, False)
        if impl.available():
            value = object.__new__(impl).utc_time()
            assert value.seconds > 1_600_000_000
            assert 0 <= value.nanoseconds < 10**9
    assert SafeClock.precision() == 6
    offset = neo4j.time._Clock.local_offset()
    assert isinstance(offset, neo4j.time._ClockTime)
    base = object.__new__(neo4j.time._Clock)
    with pytest.raises(NotImplementedError):
        base.utc_time()
    with pytest.raises(NotImplementedError):
        base.precision()
    with pytest.raises(NotImplementedError):
        base.available()


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs tzset")
@pytest.mark.parametrize(
    ("zone", "seconds"), [("UTC-2", 7200), ("XXX5", -18000)]
)
def test_local_offset_follows_tz(
    monkeypatch: pytest.MonkeyPatch, zone: str, seconds: int
) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert tuple(neo4j.time._Clock.local_offset()) == (seconds, 0)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_local_time_adds_the_offset() -> None:
    clock = object.__new__(_FixedClock)
    assert tuple(clock.local_time()) == (45296 + 3600, 789000001)


def test_no_clock_available(monkeypatch: pytest.MonkeyPatch) -> None:
    for impl in (SafeClock, PEP564Clock, LibCClock):
        monkeypatch.setattr(impl, "available", classmethod(lambda _: False))
    _preferred_clock.cache_clear()
    try:
        with pytest.raises(RuntimeError, match=r"^No clock implementations"):
            neo4j.time._Clock()
    finally:
        monkeypatch.undo()
        _preferred_clock.cache_clear()
    assert isinstance(neo4j.time._Clock(), PEP564Clock)


def test_most_precise_clock_wins() -> None:
    _preferred_clock.cache_clear()
    # PEP564Clock and LibCClock tie on precision: the first defined wins
    assert type(neo4j.time._Clock()) is PEP564Clock
    assert _preferred_clock() is PEP564Clock


_FIXED_CLOCK_ACTIVE = [False]


class _FixedClock(neo4j.time._Clock):
    # Highest precision wins, so this replaces the real clock while the
    # fixture below has it switched on.
    @classmethod
    def available(cls) -> bool:
        return _FIXED_CLOCK_ACTIVE[0]

    @classmethod
    def precision(cls) -> int:
        return 12

    @classmethod
    def local_offset(cls) -> neo4j.time._ClockTime:
        return neo4j.time._ClockTime(3600)

    def utc_time(self) -> neo4j.time._ClockTime:
        return neo4j.time._ClockTime(45296, 789000001)


@pytest.fixture
def fixed_clock() -> t.Iterator[None]:
    _FIXED_CLOCK_ACTIVE[0] = True
    _preferred_clock.cache_clear()
    yield
    _FIXED_CLOCK_ACTIVE[0] = False
    _preferred_clock.cache_clear()


@pytest.mark.usefixtures("fixed_clock")
def test_now_with_fixed_clock() -> None:
    from datetime import timezone

    assert DateTime.utc_now() == DateTime(1970, 1, 1, 12, 34, 56, 789000001)
    assert DateTime.now() == DateTime(1970, 1, 1, 13, 34, 56, 789000001)
    assert DateTime.now(timezone(timedelta(hours=-13))) == DateTime(
        1969, 12, 31, 23, 34, 56, 789000001, timezone(timedelta(hours=-13))
    )
    assert Date.today() == Date(1970, 1, 1)
    assert Date.utc_today() == Date(1970, 1, 1)
    assert Time.utc_now() == Time(12, 34, 56, 789000001)
    assert Time.now() == Time(13, 34, 56, 789000001)
    assert DateTime.from_timestamp(0) == DateTime(1970, 1, 1, 1)


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (7, 2, (3, 1)),
        (-7, 2, (-3, -1)),
        (-75, 60, (-1, -15)),
        (120, 60, (2, 0)),
        (-120, 60, (-2, 0)),
        (0, 12, (0, 0)),
        (7.5, 2, (3, 1.5)),
        (-7.5, 2, (-3, -1.5)),
    ],
)
def test_split_toward_zero(
    amount: float, unit: int, expected: tuple[int, float]
) -> None:
    result = split_toward_zero(amount, unit)
    assert result == expected
    assert type(result[0]) is int
    assert type(result[1]) is type(amount)


@pytest.mark.parametrize(
    ("nanosecond", "microsecond"),
    [
        (500, 0),
        (1500, 2),
        (2500, 2),
        (3499, 3),
        (3501, 4),
        (999_999_499, 999_999),
    ],
)
def test_to_native_rounds_half_to_even(
    nanosecond: int, microsecond: int
) -> None:
    assert Time(0, 0, 0, nanosecond).to_native().microsecond == microsecond
