from __future__ import annotations

import copy
import pickle
from datetime import timedelta

import pytest

from neo4j.time import MAX_INT64, MIN_INT64, Duration


def fields(d: Duration) -> tuple[int, int, int, int]:
    return d.months, d.days, d.seconds, d.nanoseconds


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, (0, 0, 0, 0)),
        (
            {
                "years": 1,
                "months": 2,
                "days": 3,
                "hours": 4,
                "minutes": 5,
                "seconds": 6.789,
            },
            (14, 3, 14706, 789000000),
        ),
        ({"seconds": -1, "nanoseconds": 500000000}, (0, 0, 0, -500000000)),
        ({"seconds": 1.5}, (0, 0, 1, 500000000)),
        ({"milliseconds": 1.5}, (0, 0, 0, 1500000)),
        ({"microseconds": -0.5}, (0, 0, 0, -500)),
        ({"nanoseconds": 1.9}, (0, 0, 0, 1)),
        ({"weeks": 1.5}, (0, 10, 0, 0)),
        ({"years": 0.5}, (6, 0, 0, 0)),
        ({"hours": -25}, (0, 0, -90000, 0)),
        ({"seconds": -1e-9}, (0, 0, 0, -1)),
        ({"days": -1, "seconds": 1}, (0, -1, 1, 0)),
        (
            {"minutes": -61, "seconds": -1, "nanoseconds": -5},
            (0, 0, -3661, -5),
        ),
        (
            {
                "months": 1,
                "days": 2,
                "seconds": 3,
                "nanoseconds": 2_000_000_004,
            },
            (1, 2, 5, 4),
        ),
    ],
)
def test_normalisation(
    kwargs: dict[str, float], expected: tuple[int, int, int, int]
) -> None:
    d = Duration(**kwargs)
    assert fields(d) == expected
    assert tuple(d) == expected


def test_bounds() -> None:
    assert fields(Duration.min) == (0, 0, MIN_INT64, 0)
    assert fields(Duration.max) == (0, 0, MAX_INT64, 999999999)
    assert fields(Duration(days=106751991167300)) == (0, 106751991167300, 0, 0)
    limit = MAX_INT64 // 2629746
    assert Duration(months=limit).months == limit


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"months": 2**63}, r"^Months value out of range$"),
        ({"months": -(2**63) - 1}, r"^Months value out of range$"),
        (
            {"seconds": 2**63},
            r"^Duration value out of range: \(0, 0, 9223372036854775808, 0\)$",
        ),
        (
            {"seconds": -(2**63), "nanoseconds": -1},
            (
                r"^Duration value out of range: "
                r"\(0, 0, -9223372036854775808, -1\)$"
            ),
        ),
        ({"days": 106751991167301}, r"^Duration value out of range"),
        (
            {"months": MAX_INT64 // 2629746 + 1},
            r"^Duration value out of range",
        ),
    ],
)
def test_overflow(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Duration(**kwargs)


def test_addition_and_subtraction() -> None:
    a = Duration(months=1, days=2, seconds=3, nanoseconds=900000000)
    b = Duration(months=-2, days=1, seconds=1, nanoseconds=200000000)
    assert fields(a + b) == (-1, 3, 5, 100000000)
    assert fields(a - b) == (3, 1, 2, 700000000)
    assert fields(b - a) == (-3, -1, -2, -700000000)
    td = timedelta(days=1, seconds=2, microseconds=3)
    assert fields(a + td) == (1, 3, 5, 900003000)
    assert fields(a - td) == (1, 1, 1, 899997000)
    assert fields(Duration(nanoseconds=1) - td) == (0, -1, -2, -2999)


def test_arithmetic_rejects_other_types() -> None:
    d = Duration(days=1)
    with pytest.raises(TypeError):
        _ = d + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = d // 0.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = d % 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = d * "x"  # type: ignore[operator]


BASE = Duration(months=14, days=3, seconds=14706, nanoseconds=789000000)


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (BASE * -3, (-42, -9, -44120, -367000000)),
        (BASE * 0.5, (7, 2, 7353, 394500000)),
        (BASE * 1.5, (21, 4, 22060, 183500000)),
        (BASE * 7, (98, 21, 102947, 523000000)),
        (BASE / -3, (-5, -1, -4902, -263000000)),
        (BASE / 0.5, (28, 6, 29413, 578000000)),
        (BASE / 1.5, (9, 2, 9804, 526000000)),
        (BASE / 7, (2, 0, 2100, 969857143)),
        (BASE // 7, (2, 0, 2100, 969857142)),
        (BASE // -3, (-5, -1, -4902, -263000000)),
        (BASE % 7, (0, 3, 0, 6)),
        (BASE % -3, (-1, 0, 0, 0)),
    ],
)
def test_scalar_arithmetic(
    result: Duration, expected: tuple[int, int, int, int]
) -> None:
    assert fields(result) == expected


def test_divmod() -> None:
    q, r = divmod(BASE, 7)
    assert fields(q) == (2, 0, 2100, 969857142)
    assert fields(r) == (0, 3, 0, 6)


@pytest.mark.parametrize(
    ("duration", "factor", "expected"),
    [
        # ties round to the even neighbour
        (Duration(months=1), 0.5, 0),
        (Duration(months=3), 0.5, 2),
        (Duration(months=5), 0.5, 2),
        (Duration(months=-3), 0.5, -2),
        (Duration(months=-5), 0.5, -2),
    ],
)
def test_round_half_to_even_on_months(
    duration: Duration, factor: float, expected: int
) -> None:
    assert (duration * factor).months == expected


def test_nanosecond_rounding_half_to_even() -> None:
    assert Duration(nanoseconds=1) * 0.5 == Duration()
    assert Duration(nanoseconds=3) * 0.5 == Duration(nanoseconds=2)
    assert Duration(nanoseconds=5) / 2 == Duration(nanoseconds=2)
    assert Duration(nanoseconds=7) / 2 == Duration(nanoseconds=4)
    assert Duration(nanoseconds=-5) / 2 == Duration(nanoseconds=-2)


@pytest.mark.parametrize("factor", [1.1, -0.3, 3, 2.5e-7, 1e-3])
def test_scaling_keeps_seconds_and_nanoseconds_apart(factor: float) -> None:
    # The seconds (as nanoseconds) and the nanoseconds are scaled one by
    # one and then added, so big values keep the float result of exactly
    # that sum.
    d = Duration(months=7, days=-11, seconds=2**40 + 3, nanoseconds=987654321)
    as_ns = d.seconds * 1_000_000_000
    product = d * factor
    assert (product.months, product.days) == (
        round(7 * factor),
        round(-11 * factor),
    )
    assert product.seconds * 1_000_000_000 + product.nanoseconds == round(
        as_ns * factor + d.nanoseconds * factor
    )
    quotient = d / factor
    assert (quotient.months, quotient.days) == (
        round(7 / factor),
        round(-11 / factor),
    )
    assert quotient.seconds * 1_000_000_000 + quotient.nanoseconds == round(
        as_ns / factor + d.nanoseconds / factor
    )


def test_scaling_rejects_other_types() -> None:
    d = Duration(days=1)
    with pytest.raises(TypeError):
        _ = d / "2"  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = divmod(d, 1.5)  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = d // Duration(days=1)  # type: ignore[operator]
    with pytest.raises(ZeroDivisionError):
        _ = d / 0
    with pytest.raises(ZeroDivisionError):
        _ = d // 0


def test_scaling_out_of_range() -> None:
    with pytest.raises(ValueError, match=r"^Months value out of range$"):
        _ = Duration(months=3) * 2**62
    with pytest.raises(ValueError, match=r"^Duration value out of range"):
        _ = Duration(seconds=2**62) / 0.25


def test_scaling_returns_plain_durations() -> None:
    class Sub(Duration):
        pass

    value = Sub(days=4)
    for result in (value * 2, value / 2, value // 2, value % 3):
        assert type(result) is Duration


def test_reflected_multiplication() -> None:
    assert 2 * Duration(days=1) == Duration(days=2)


def test_unary() -> None:
    d = Duration(months=1, days=-2, seconds=3, nanoseconds=4)
    assert fields(-d) == (-1, 2, -3, -4)
    assert +d is d
    assert fields(abs(d)) == (1, 2, 3, 4)
    assert fields(abs(Duration(seconds=-1, nanoseconds=-5))) == (0, 0, 1, 5)


def test_bool_eq_hash() -> None:
    assert not Duration()
    assert Duration(nanoseconds=1)
    assert Duration(days=1) != Duration(hours=24)
    assert Duration(hours=1) == Duration(minutes=60)
    assert hash(Duration(hours=1)) == hash(Duration(seconds=3600))
    assert Duration(1, 2, 3, 4) == (14, 25, 0, 0)


def test_component_views() -> None:
    d = Duration(months=-14, days=3, seconds=-3725, nanoseconds=-7)
    assert d.years_months_days == (-1, -2, 3)
    assert d.hours_minutes_seconds_nanoseconds == (-1, -2, -5, -7)
    d = Duration(months=27, seconds=7384)
    assert d.years_months_days == (2, 3, 0)
    assert d.hours_minutes_seconds_nanoseconds == (2, 3, 4, 0)


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (Duration(), "PT0S"),
        (BASE, "P1Y2M3DT4H5M6.789S"),
        (Duration(seconds=-1, nanoseconds=-500000000), "PT-1.5S"),
        (Duration(nanoseconds=-1), "PT-0.000000001S"),
        (Duration(days=-7), "P-7D"),
        (Duration(months=-13), "P-1Y-1M"),
        (Duration(hours=36), "PT36H"),
        (Duration(days=1, seconds=1), "P1DT1S"),
    ],
)
def test_iso_format(duration: Duration, text: str) -> None:
    assert duration.iso_format() == text
    assert str(duration) == text
    assert Duration.from_iso_format(text) == duration


def test_iso_format_separator() -> None:
    assert BASE.iso_format(sep=" ") == "P1Y2M3D 4H5M6.789S"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1W", (0, 7, 0, 0)),
        ("P-1W", (0, -7, 0, 0)),
        ("PT-0.5S", (0, 0, 0, -500000000)),
        ("PT1,5S", (0, 0, 1, 500000000)),
        ("PT1.1234567891S", (0, 0, 1, 123456789)),
        ("P1M-3D", (1, -3, 0, 0)),
        ("PT0.000000001S", (0, 0, 0, 1)),
    ],
)
def test_from_iso_format(
    text: str, expected: tuple[int, int, int, int]
) -> None:
    assert fields(Duration.from_iso_format(text)) == expected
    assert fields(Duration.fromisoformat(text)) == expected


@pytest.mark.parametrize(
    "text", ["P", "PT", "P1Y1W", "P1DT", "p1d", "PT1.S", "", "1D"]
)
def test_from_iso_format_invalid(text: str) -> None:
    with pytest.raises(
        ValueError, match=r"^Duration string must be in ISO format$"
    ):
        Duration.from_iso_format(text)


def test_repr() -> None:
    assert repr(Duration(months=1, days=2, seconds=3, nanoseconds=4)) == (
        "neo4j.time.Duration(months=1, days=2, seconds=3, nanoseconds=4)"
    )


def test_copy_and_pickle() -> None:
    d = Duration(months=1, days=2, seconds=3, nanoseconds=4)
    d.foo = [1]  # type: ignore[attr-defined]
    assert copy.copy(d) == d
    loaded = pickle.loads(pickle.dumps(d))
    assert loaded == d and type(loaded) is Duration
    assert loaded.foo == [1]  # type: ignore[attr-defined]
    assert copy.deepcopy(Duration(days=1)) == Duration(days=1)
