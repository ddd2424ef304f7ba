"""Numeric limits and unit sizes shared by the temporal types."""

from __future__ import annotations

import typing as t


__all__ = [
    "AVERAGE_SECONDS_IN_DAY",
    "AVERAGE_SECONDS_IN_MONTH",
    "CLOCK_TIME_DEPRECATION",
    "EPOCH_ORDINAL",
    "MAX_INT64",
    "MAX_ORDINAL",
    "MAX_YEAR",
    "MIN_INT64",
    "MIN_YEAR",
    "NANO_SECONDS",
    "NS_PER_DAY",
    "NS_PER_HOUR",
    "NS_PER_MINUTE",
    "SECONDS_PER_DAY",
]

#: Smallest value of a signed 64 bit integer.
MIN_INT64: t.Final[int] = -(2**63)
#: Largest value of a signed 64 bit integer.
MAX_INT64: t.Final[int] = 2**63 - 1
#: Earliest year a :class:`neo4j.time.Date` can represent.
MIN_YEAR: t.Final[int] = 1
#: Latest year a :class:`neo4j.time.Date` can represent.
MAX_YEAR: t.Final[int] = 9999

NANO_SECONDS: t.Final[int] = 1_000_000_000
SECONDS_PER_DAY: t.Final[int] = 86_400
NS_PER_MINUTE: t.Final[int] = 60 * NANO_SECONDS
NS_PER_HOUR: t.Final[int] = 3_600 * NANO_SECONDS
NS_PER_DAY: t.Final[int] = SECONDS_PER_DAY * NANO_SECONDS

# Mean Gregorian month (365.2425 days / 12) and day, used for range checks.
AVERAGE_SECONDS_IN_MONTH: t.Final[int] = 2_629_746
AVERAGE_SECONDS_IN_DAY: t.Final[int] = 86_400

# Proleptic Gregorian ordinal (0001-01-01 == 1) of 1970-01-01.
EPOCH_ORDINAL: t.Final[int] = 719_163
# Ordinal of 9999-12-31.
MAX_ORDINAL: t.Final[int] = 3_652_059

CLOCK_TIME_DEPRECATION: t.Final[str] = (
    "ClockTime is an implementation detail. It and its related methods "
    "will be removed in a future version."
)
