"""Proleptic Gregorian calendar arithmetic on day ordinals.

Ordinal 1 is 0001-01-01 (a Monday), matching :meth:`datetime.date.toordinal`.
"""

from __future__ import annotations

import typing as t

from ._constants import MAX_YEAR, MIN_YEAR


__all__ = [
    "check_month",
    "check_year",
    "days_before_year",
    "days_in_month",
    "days_in_year",
    "is_leap",
    "iso_week_date",
    "ymd_to_ordinal",
]

# Day count of each month in a common year (index 0 unused).
_MONTH_LENGTHS: t.Final[tuple[int, ...]] = (
    0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
)  # fmt: skip
# Days of a common year that precede the first of each month.
_DAYS_BEFORE: t.Final[tuple[int, ...]] = tuple(
    sum(_MONTH_LENGTHS[1:m]) for m in range(13)
)


def is_leap(year: int) -> bool:
    """:returns: whether ``year`` has a 29th of February."""
    if year & 3:
        return False
    return year % 100 != 0 or year % 400 == 0


def days_in_year(year: int) -> int:
    """:returns: 366 for leap years, else 365."""
    return 366 if is_leap(year) else 365


def days_in_month(year: int, month: int) -> int:
    """:returns: the number of days of ``month`` in ``year``."""
    if month == 2 and is_leap(year):
        return 29
    return _MONTH_LENGTHS[month]


def days_before_year(year: int) -> int:
    """:returns: the number of days from 0001-01-01 to ``year``-01-01."""
    y = year - 1
    return 365 * y + y // 4 - y // 100 + y // 400


def ymd_to_ordinal(year: int, month: int, day: int) -> int:
    """
    Convert a (valid) calendar date into its day ordinal.

    No validation happens here; callers check the ranges.
    """
    leap_day = 1 if month > 2 and is_leap(year) else 0
    return days_before_year(year) + _DAYS_BEFORE[month] + leap_day + day


def iso_week_date(ordinal: int, year: int) -> tuple[int, int, int]:
    """
    ISO 8601 week date of the day with the given ordinal.

    :param ordinal: day ordinal
    :param year: calendar year containing that day
    :returns: ``(iso_year, iso_week, iso_weekday)``, weekday 1 = Monday
    """
    weekday = (ordinal - 1) % 7 + 1
    # A week belongs to the year that contains its Thursday.
    thursday = ordinal - weekday + 4
    iso_year = year
    if thursday < days_before_year(year) + 1:
        iso_year -= 1
    elif thursday > days_before_year(year + 1):
        iso_year += 1
    week = (thursday - days_before_year(iso_year) - 1) // 7 + 1
    return iso_year, week, weekday


def check_year(year: int) -> None:
    """:raises ValueError: if ``year`` is outside MIN_YEAR..MAX_YEAR."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Year out of range ({MIN_YEAR}..{MAX_YEAR})")


def check_month(month: int) -> None:
    """:raises ValueError: if ``month`` is outside 1..12."""
    if not 1 <= month <= 12:
        raise ValueError("Month out of range (1..12)")
