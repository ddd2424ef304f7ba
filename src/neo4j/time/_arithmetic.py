"""Small numeric helpers used by the temporal types."""

from __future__ import annotations

import math
import typing as t


__all__ = [
    "nano_add",
    "nano_div",
    "nano_divmod",
    "round_half_to_even",
    "symmetric_divmod",
]

_NS: t.Final[int] = 1_000_000_000

_N = t.TypeVar("_N", int, float)


def _as_ns(value: float) -> int:
    return int(value * _NS)


def nano_add(x: float, y: float) -> float:
    """
    Add two second values, rounding each to whole nanoseconds first.

    :param x: first summand (seconds)
    :param y: second summand (seconds)
    :returns: the sum in seconds, free of binary float noise below 1 ns
    """
    return (_as_ns(x) + _as_ns(y)) / _NS


def nano_div(x: float, y: float) -> float:
    """
    Divide two second values at nanosecond granularity.

    :param x: dividend (seconds)
    :param y: divisor (seconds)
    :returns: the quotient
    """
    return float(x * _NS) / _as_ns(y)


def nano_divmod(x: _N, y: float) -> tuple[int, _N]:
    """
    ``divmod`` of two second values at nanosecond granularity.

    :param x: dividend (seconds)
    :param y: divisor (seconds)
    :returns: integer quotient and a remainder of the dividend's type
    """
    kind = type(x)
    quotient, rest = divmod(_as_ns(x), _as_ns(y))
    return int(quotient), kind(rest / _NS)


def symmetric_divmod(dividend: _N, divisor: float) -> tuple[int, _N]:
    """
    ``divmod`` that truncates towards zero instead of towards -infinity.

    The remainder carries the sign of the dividend, so
    ``symmetric_divmod(-7, 2) == (-3, -1)``.

    :param dividend: value to split
    :param divisor: positive divisor
    :returns: quotient and remainder
    """
    kind = type(dividend)
    if dividend < 0:
        quotient, rest = divmod(-dividend, divisor)
        return -int(quotient), kind(-rest)
    quotient, rest = divmod(dividend, divisor)
    return int(quotient), kind(rest)


def round_half_to_even(n: float) -> int:
    """
    Round to the nearest integer, resolving exact ties to the even one.

    A float whose tenfold value is a whole number ending in 5 is treated
    as an exact tie (``2.5 -> 2``, ``3.5 -> 4``, ``-2.5 -> -2``).

    :param n: value to round
    :returns: the rounded integer
    """
    if isinstance(n, int):
        return n
    tenfold = 10 * n
    if tenfold.is_integer() and int(tenfold) % 10 == 5:
        low = math.floor(n)
        return low if low % 2 == 0 else low + 1
    return round(n)
